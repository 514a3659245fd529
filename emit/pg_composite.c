/*
 * emit/pg_composite.c: CREATE TYPE ... AS (attributes) and ALTER TYPE ...
 * ADD / DROP / ALTER ATTRIBUTE. Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

static void attr_def(struct strbuf *out, const struct sd_column *a)
{
	sql_quote_ident(out, SQL_POSTGRES, a->name);
	strbuf_addch(out, ' ');
	strbuf_addstr(out, a->type);
	if (a->collation) {
		strbuf_addstr(out, " COLLATE ");
		strbuf_addstr(out, a->collation);
	}
}

void emit_create_composite(const struct change *ch, struct strbuf *out)
{
	const struct sd_type *t = (const struct sd_type *)ch->new_obj;

	strbuf_addstr(out, "CREATE TYPE ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, " AS (");
	for (size_t i = 0; i < t->nattrs; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		attr_def(out, &t->attrs[i]);
	}
	strbuf_addstr(out, ");\n");
}

void emit_alter_composite(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "ALTER TYPE ");
	pg_add_name(out, ch->new_obj ? ch->new_obj : ch->old_obj);
	switch (ch->type) {
	case CH_ADD_ATTRIBUTE:
		strbuf_addstr(out, " ADD ATTRIBUTE ");
		attr_def(out, ch->new_col);
		break;
	case CH_DROP_ATTRIBUTE:
		strbuf_addstr(out, " DROP ATTRIBUTE ");
		sql_quote_ident(out, SQL_POSTGRES, ch->old_col->name);
		break;
	case CH_ALTER_ATTRIBUTE_TYPE:
		strbuf_addstr(out, " ALTER ATTRIBUTE ");
		sql_quote_ident(out, SQL_POSTGRES, ch->new_col->name);
		strbuf_addstr(out, " TYPE ");
		strbuf_addstr(out, ch->new_col->type);
		if (ch->new_col->collation) {
			strbuf_addstr(out, " COLLATE ");
			strbuf_addstr(out, ch->new_col->collation);
		}
		break;
	default:
		break;
	}
	strbuf_addstr(out, ";\n");
}
