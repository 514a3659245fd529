/*
 * emit/mysql_view.c: views (CREATE [OR REPLACE] [ALGORITHM=..] [SQL
 * SECURITY ..] VIEW ... [WITH .. CHECK OPTION], DROP VIEW), triggers and
 * routines (their whole definition as the catalog holds it; a changed
 * routine is DROP ... IF EXISTS then its definition). Writes into the
 * caller's strbuf.
 */
#include "emit/mysql_internal.h"

#include <string.h>

#include "util/banned.h"

/* "algorithm=MERGE" -> ALGORITHM=MERGE, "sql_security=INVOKER" -> SQL
 * SECURITY INVOKER (docs/mysql.md); other options are not MySQL's. */
static void add_view_option(struct strbuf *out, const char *opt)
{
	const char *eq = strchr(opt, '=');

	if (!eq || !eq[1])
		return;
	if (!strncmp(opt, "algorithm=", 10)) {
		strbuf_addstr(out, " ALGORITHM=");
		mysql_add_word(out, eq + 1);
	} else if (!strncmp(opt, "sql_security=", 13)) {
		strbuf_addstr(out, " SQL SECURITY ");
		mysql_add_word(out, eq + 1);
	}
}

void mysql_create_view(const struct change *ch, struct strbuf *out)
{
	const struct sd_view *v = (const struct sd_view *)ch->new_obj;

	strbuf_addstr(out, ch->type == CH_REPLACE_VIEW ? "CREATE OR REPLACE"
						       : "CREATE");
	for (size_t i = 0; i < v->noptions; i++)
		add_view_option(out, v->options[i]);
	strbuf_addstr(out, " VIEW ");
	mysql_add_name(out, ch->new_obj);
	if (v->ncolumns) {
		strbuf_addstr(out, " (");
		for (size_t i = 0; i < v->ncolumns; i++) {
			if (i)
				strbuf_addstr(out, ", ");
			sql_quote_ident(out, SQL_MYSQL, v->columns[i]);
		}
		strbuf_addch(out, ')');
	}
	strbuf_addstr(out, " AS ");
	strbuf_addstr(out, v->written ? v->written : v->query);
	if (v->check_option == SD_CHECK_CASCADED)
		strbuf_addstr(out, " WITH CASCADED CHECK OPTION");
	else if (v->check_option == SD_CHECK_LOCAL)
		strbuf_addstr(out, " WITH LOCAL CHECK OPTION");
	strbuf_addstr(out, ";\n");
}

void mysql_drop_view(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP VIEW ");
	mysql_add_name(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}

void mysql_session_begin(struct strbuf *out, const char *mode,
			 const char *cs_client, const char *coll_connection)
{
	if (cs_client) {
		strbuf_addstr(out, "SET @schemadiff_cs_client = "
				   "@@SESSION.character_set_client;\n"
				   "SET SESSION character_set_client = ");
		mysql_add_word(out, cs_client);
		strbuf_addstr(out, ";\n");
	}
	if (coll_connection) {
		strbuf_addstr(out, "SET @schemadiff_coll_connection = "
				   "@@SESSION.collation_connection;\n"
				   "SET SESSION collation_connection = ");
		mysql_add_word(out, coll_connection);
		strbuf_addstr(out, ";\n");
	}
	if (mode) {
		strbuf_addstr(out, "SET @schemadiff_sql_mode = "
				   "@@SESSION.sql_mode;\n"
				   "SET SESSION sql_mode = ");
		sql_quote_literal(out, SQL_MYSQL, mode);
		strbuf_addstr(out, ";\n");
	}
}

void mysql_session_end(struct strbuf *out, const char *mode,
		       const char *cs_client, const char *coll_connection)
{
	if (mode)
		strbuf_addstr(out, "SET SESSION sql_mode = "
				   "@schemadiff_sql_mode;\n");
	if (coll_connection)
		strbuf_addstr(out, "SET SESSION collation_connection = "
				   "@schemadiff_coll_connection;\n");
	if (cs_client)
		strbuf_addstr(out, "SET SESSION character_set_client = "
				   "@schemadiff_cs_client;\n");
}

void mysql_create_trigger(const struct change *ch, struct strbuf *out)
{
	const struct sd_trigger *tg = (const struct sd_trigger *)ch->new_obj;

	mysql_session_begin(out, tg->sql_mode,
			sd_mysql_client_charset(tg->cs_client, tg->definition),
			tg->coll_connection);
	strbuf_addstr(out, tg->definition);
	strbuf_addstr(out, ";\n");
	mysql_session_end(out, tg->sql_mode,
			sd_mysql_client_charset(tg->cs_client, tg->definition),
			tg->coll_connection);
}

void mysql_drop_trigger(const struct change *ch, struct strbuf *out)
{
	const struct sd_trigger *tg = (const struct sd_trigger *)ch->old_obj;

	strbuf_addstr(out, "DROP TRIGGER ");
	sql_quote_qualified(out, SQL_MYSQL, tg->base.schema, tg->tgname);
	strbuf_addstr(out, ";\n");
}

static void add_drop_routine(struct strbuf *out, const struct sd_function *f,
			     bool if_exists)
{
	strbuf_addstr(out, f->is_procedure ? "DROP PROCEDURE "
					   : "DROP FUNCTION ");
	if (if_exists)
		strbuf_addstr(out, "IF EXISTS ");
	sql_quote_qualified(out, SQL_MYSQL, f->base.schema,
			    f->fname ? f->fname : f->base.name);
	strbuf_addstr(out, ";\n");
}

void mysql_create_routine(const struct change *ch, struct strbuf *out)
{
	const struct sd_function *f = (const struct sd_function *)ch->new_obj;

	/* MySQL has no CREATE OR REPLACE for routines everywhere */
	if (ch->type == CH_REPLACE_FUNCTION)
		add_drop_routine(out, f, true);
	mysql_session_begin(out, f->sql_mode,
			sd_mysql_client_charset(f->cs_client, f->definition),
			f->coll_connection);
	strbuf_addstr(out, f->definition);
	strbuf_addstr(out, ";\n");
	mysql_session_end(out, f->sql_mode,
			sd_mysql_client_charset(f->cs_client, f->definition),
			f->coll_connection);
}

void mysql_drop_routine(const struct change *ch, struct strbuf *out)
{
	add_drop_routine(out, (const struct sd_function *)ch->old_obj, false);
}
