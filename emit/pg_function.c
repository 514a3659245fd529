/*
 * emit/pg_function.c: CREATE [OR REPLACE] FUNCTION/PROCEDURE, DROP
 * FUNCTION/PROCEDURE, CREATE/DROP TRIGGER, and how COMMENT ON names a
 * function or a trigger. Definitions are stored whole (model/catalog.h);
 * every other name goes through util/sqlquote.h. Writes into the caller's
 * strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

/* A stored definition, trailing white space cut, ending in ";\n". */
static void add_definition(struct strbuf *out, const char *def)
{
	struct strbuf tmp = STRBUF_INIT;

	strbuf_addstr(&tmp, def ? def : "");
	strbuf_rtrim(&tmp);
	strbuf_add(out, tmp.buf, tmp.len);
	strbuf_addstr(out, ";\n");
	strbuf_release(&tmp);
}

void emit_create_function(const struct change *ch, struct strbuf *out)
{
	add_definition(out, ((const struct sd_function *)ch->new_obj)
				    ->definition);
}

void pg_add_object_ref(struct strbuf *out, const struct sd_object *obj)
{
	if (obj->kind == SD_FUNCTION) {
		const struct sd_function *f = (const struct sd_function *)obj;

		strbuf_addstr(out, f->is_procedure ? "PROCEDURE " : "FUNCTION ");
		sql_quote_qualified(out, SQL_POSTGRES, obj->schema, f->fname);
		/* identity types are format_type() text, quoted already */
		strbuf_addf(out, "(%s)", f->identity_args ? f->identity_args
							  : "");
	} else if (obj->kind == SD_TRIGGER) {
		const struct sd_trigger *t = (const struct sd_trigger *)obj;

		strbuf_addstr(out, "TRIGGER ");
		sql_quote_ident(out, SQL_POSTGRES, t->tgname);
		strbuf_addstr(out, " ON ");
		sql_quote_qualified(out, SQL_POSTGRES, obj->schema, t->table);
	}
}

void emit_drop_function(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP ");
	pg_add_object_ref(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}

void emit_create_trigger(const struct change *ch, struct strbuf *out)
{
	add_definition(out, ((const struct sd_trigger *)ch->new_obj)
				    ->definition);
}

void emit_drop_trigger(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP ");
	pg_add_object_ref(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}
