/*
 * emit/pg_type.c: CREATE TYPE ... AS ENUM, CREATE TYPE ... AS RANGE, DROP
 * TYPE / DROP DOMAIN and ALTER TYPE ... ADD VALUE; domains and composite
 * types are written by emit/pg_domain.c and emit/pg_composite.c. Writes
 * into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

static void range_option(struct strbuf *out, const char *name,
			 const char *value)
{
	if (!value)
		return;
	strbuf_addstr(out, ", ");
	strbuf_addstr(out, name);
	strbuf_addstr(out, " = ");
	strbuf_addstr(out, value);
}

static void create_range(const struct change *ch, struct strbuf *out)
{
	const struct sd_type *t = (const struct sd_type *)ch->new_obj;

	strbuf_addstr(out, "CREATE TYPE ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, " AS RANGE (SUBTYPE = ");
	strbuf_addstr(out, t->base_type);
	range_option(out, "SUBTYPE_OPCLASS", t->subtype_opclass);
	range_option(out, "COLLATION", t->collation);
	range_option(out, "CANONICAL", t->canonical);
	range_option(out, "SUBTYPE_DIFF", t->subtype_diff);
	if (t->multirange) {
		strbuf_addstr(out, ", MULTIRANGE_TYPE_NAME = ");
		sql_quote_qualified(out, SQL_POSTGRES, t->base.schema,
				    t->multirange);
	}
	strbuf_addstr(out, ");\n");
}

void emit_create_type(const struct change *ch, struct strbuf *out)
{
	const struct sd_type *t = (const struct sd_type *)ch->new_obj;

	switch (t->typtype) {
	case SD_TYPTYPE_DOMAIN:
		emit_create_domain(ch, out);
		return;
	case SD_TYPTYPE_COMPOSITE:
		emit_create_composite(ch, out);
		return;
	case SD_TYPTYPE_RANGE:
		create_range(ch, out);
		return;
	default:
		break;
	}
	strbuf_addstr(out, "CREATE TYPE ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, " AS ENUM (");
	for (size_t i = 0; i < t->nlabels; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		sql_quote_literal(out, SQL_POSTGRES, t->labels[i]);
	}
	strbuf_addstr(out, ");\n");
}

void emit_drop_type(const struct change *ch, struct strbuf *out)
{
	const struct sd_type *t = (const struct sd_type *)ch->old_obj;

	strbuf_addstr(out, t->typtype == SD_TYPTYPE_DOMAIN ? "DROP DOMAIN "
							   : "DROP TYPE ");
	pg_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}

void emit_alter_type(const struct change *ch, struct strbuf *out)
{
	const struct sd_type *t = (const struct sd_type *)ch->new_obj;

	strbuf_addstr(out, "ALTER TYPE ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, " ADD VALUE ");
	sql_quote_literal(out, SQL_POSTGRES, t->labels[ch->index]);
	if (ch->ref_label) {
		strbuf_addstr(out, ch->label_before ? " BEFORE " : " AFTER ");
		sql_quote_literal(out, SQL_POSTGRES, ch->ref_label);
	}
	strbuf_addstr(out, ";\n");
}
