/*
 * emit/pg_comment.c: COMMENT ON an object, a column or a constraint; IS
 * NULL removes it. Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

static const char *const kind_sql[SD_KIND__COUNT] = {
	[SD_SCHEMA] = "SCHEMA",
	[SD_EXTENSION] = "EXTENSION",
	[SD_COLLATION] = "COLLATION",
	[SD_TYPE] = "TYPE",
	[SD_SEQUENCE] = "SEQUENCE",
	[SD_TABLE] = "TABLE",
	[SD_INDEX] = "INDEX",
	[SD_VIEW] = "VIEW",
	[SD_MATVIEW] = "MATERIALIZED VIEW",
};

void emit_comment(const struct change *ch, struct strbuf *out)
{
	const struct sd_object *obj = ch->new_obj;
	const char *text;

	strbuf_addstr(out, "COMMENT ON ");
	if (ch->new_col) {
		strbuf_addstr(out, "COLUMN ");
		pg_add_name(out, obj);
		strbuf_addch(out, '.');
		sql_quote_ident(out, SQL_POSTGRES, ch->new_col->name);
		text = ch->new_col->comment;
	} else if (ch->new_con) {
		strbuf_addstr(out, "CONSTRAINT ");
		sql_quote_ident(out, SQL_POSTGRES, ch->new_con->name);
		strbuf_addstr(out, " ON ");
		pg_add_name(out, obj);
		text = ch->new_con->comment;
	} else if (obj->kind == SD_POLICY) {
		pg_add_policy_ref(out, obj);
		text = obj->comment;
	} else if (obj->kind == SD_FUNCTION || obj->kind == SD_TRIGGER) {
		pg_add_object_ref(out, obj);
		text = obj->comment;
	} else {
		strbuf_addstr(out, kind_sql[obj->kind]);
		strbuf_addch(out, ' ');
		pg_add_name(out, obj);
		text = obj->comment;
	}
	strbuf_addstr(out, " IS ");
	if (text)
		sql_quote_literal(out, SQL_POSTGRES, text);
	else
		strbuf_addstr(out, "NULL");
	strbuf_addstr(out, ";\n");
}
