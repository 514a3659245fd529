/*
 * emit/pg_domain.c: CREATE DOMAIN and ALTER DOMAIN (SET / DROP DEFAULT,
 * SET / DROP NOT NULL, ADD / DROP / VALIDATE CONSTRAINT). Writes into the
 * caller's strbuf.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

static void check_def(struct strbuf *out, const struct sd_constraint *c)
{
	strbuf_addstr(out, "CONSTRAINT ");
	sql_quote_ident(out, SQL_POSTGRES, c->name);
	strbuf_addstr(out, " CHECK (");
	strbuf_addstr(out, c->expr ? c->expr : "");
	strbuf_addch(out, ')');
}

void emit_create_domain(const struct change *ch, struct strbuf *out)
{
	const struct sd_type *t = (const struct sd_type *)ch->new_obj;

	strbuf_addstr(out, "CREATE DOMAIN ");
	pg_add_name(out, ch->new_obj);
	strbuf_addstr(out, " AS ");
	strbuf_addstr(out, t->base_type);
	if (t->collation) {
		strbuf_addstr(out, " COLLATE ");
		strbuf_addstr(out, t->collation);
	}
	if (t->default_expr) {
		strbuf_addstr(out, " DEFAULT ");
		strbuf_addstr(out, t->default_expr);
	}
	if (t->not_null && t->not_null_name) {
		strbuf_addstr(out, " CONSTRAINT ");
		sql_quote_ident(out, SQL_POSTGRES, t->not_null_name);
	}
	if (t->not_null)
		strbuf_addstr(out, " NOT NULL");
	/* the same rule as diff/diff_domain.c: NOT VALID checks are added
	 * on their own (CREATE DOMAIN has no NOT VALID) */
	for (size_t i = 0; i < t->nchecks; i++) {
		if (t->checks[i].not_valid)
			continue;
		strbuf_addch(out, ' ');
		check_def(out, &t->checks[i]);
	}
	strbuf_addstr(out, ";\n");
}

void emit_alter_domain(const struct change *ch, struct strbuf *out)
{
	const struct sd_type *t = (const struct sd_type *)ch->new_obj;

	strbuf_addstr(out, "ALTER DOMAIN ");
	pg_add_name(out, ch->new_obj ? ch->new_obj : ch->old_obj);
	switch (ch->type) {
	case CH_ALTER_DOMAIN:
		if (ch->detail == CHANGE_DOMAIN_DEFAULT && t->default_expr) {
			strbuf_addstr(out, " SET DEFAULT ");
			strbuf_addstr(out, t->default_expr);
		} else if (ch->detail == CHANGE_DOMAIN_DEFAULT) {
			strbuf_addstr(out, " DROP DEFAULT");
		} else if (t->not_null && ch->old_obj &&
			   ((const struct sd_type *)ch->old_obj)->not_null) {
			/* only the name of the NOT NULL differs (17+) */
			const struct sd_type *o =
				(const struct sd_type *)ch->old_obj;
			struct strbuf def = STRBUF_INIT;

			pg_default_name(&def, t->base.name, NULL, "not_null",
					0);
			strbuf_addstr(out, " RENAME CONSTRAINT ");
			sql_quote_ident(out, SQL_POSTGRES,
					o->not_null_name ? o->not_null_name
							 : def.buf);
			strbuf_addstr(out, " TO ");
			sql_quote_ident(out, SQL_POSTGRES,
					t->not_null_name ? t->not_null_name
							 : def.buf);
			strbuf_release(&def);
		} else if (t->not_null && t->not_null_name) {
			strbuf_addstr(out, " ADD CONSTRAINT ");
			sql_quote_ident(out, SQL_POSTGRES, t->not_null_name);
			strbuf_addstr(out, " NOT NULL");
		} else {
			strbuf_addstr(out, t->not_null ? " SET NOT NULL"
						       : " DROP NOT NULL");
		}
		break;
	case CH_ADD_DOMAIN_CONSTRAINT:
		strbuf_addstr(out, " ADD ");
		check_def(out, ch->new_con);
		if (ch->new_con->not_valid)
			strbuf_addstr(out, " NOT VALID");
		break;
	case CH_DROP_DOMAIN_CONSTRAINT:
		strbuf_addstr(out, " DROP CONSTRAINT ");
		sql_quote_ident(out, SQL_POSTGRES, ch->old_con->name);
		break;
	case CH_VALIDATE_DOMAIN_CONSTRAINT:
		strbuf_addstr(out, " VALIDATE CONSTRAINT ");
		sql_quote_ident(out, SQL_POSTGRES, ch->new_con->name);
		break;
	default:
		break;
	}
	strbuf_addstr(out, ";\n");
}
