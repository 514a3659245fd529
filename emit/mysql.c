/*
 * emit/mysql.c: changes -> MySQL / MariaDB DDL. One row per change type in
 * mysql_emitters[] names the writer (emit/mysql_<kind>.c); change types
 * that MySQL catalogs never produce (schemas, types, grants ...) have none
 * and write nothing. Writes into the caller's strbuf; allocates nothing
 * that outlives a call.
 */
#include "emit/mysql_internal.h"

#include "util/banned.h"

/* The database's default (ALTER DATABASE without a name: the database
 * the connection uses). Existing tables keep theirs. */
static void mysql_alter_database(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "ALTER DATABASE CHARACTER SET ");
	mysql_add_word(out, ch->db_charset);
	if (ch->db_collation) {
		strbuf_addstr(out, " COLLATE ");
		mysql_add_word(out, ch->db_collation);
	}
	strbuf_addstr(out, ";\n");
}

static const mysql_emit_fn mysql_emitters[CH__COUNT] = {
	[CH_ALTER_DATABASE] = mysql_alter_database,
	[CH_CREATE_TABLE] = mysql_create_table,
	[CH_DROP_TABLE] = mysql_drop_table,
	[CH_ADD_COLUMN] = mysql_alter_table,
	[CH_DROP_COLUMN] = mysql_alter_table,
	[CH_MODIFY_COLUMN] = mysql_alter_table,
	[CH_ADD_CONSTRAINT] = mysql_alter_table,
	[CH_DROP_CONSTRAINT] = mysql_alter_table,
	[CH_REPLACE_CONSTRAINT] = mysql_alter_table,
	[CH_ALTER_TABLE_OPTIONS] = mysql_alter_table_options,
	[CH_CREATE_INDEX] = mysql_alter_index,
	[CH_DROP_INDEX] = mysql_alter_index,
	[CH_REPLACE_INDEX] = mysql_alter_index,
	[CH_CREATE_VIEW] = mysql_create_view,
	[CH_REPLACE_VIEW] = mysql_create_view,
	[CH_DROP_VIEW] = mysql_drop_view,
	[CH_CREATE_FUNCTION] = mysql_create_routine,
	[CH_REPLACE_FUNCTION] = mysql_create_routine,
	[CH_DROP_FUNCTION] = mysql_drop_routine,
	[CH_CREATE_TRIGGER] = mysql_create_trigger,
	[CH_DROP_TRIGGER] = mysql_drop_trigger,
	[CH_CREATE_EVENT] = mysql_create_event,
	[CH_DROP_EVENT] = mysql_drop_event,
	[CH_ALTER_EVENT] = mysql_alter_event,
};

void mysql_add_name(struct strbuf *out, const struct sd_object *obj)
{
	sql_quote_qualified(out, SQL_MYSQL, obj->schema, obj->name);
}

void mysql_add_word(struct strbuf *out, const char *word)
{
	const char *p = word;

	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			break;
	if (*p || !*word)
		sql_quote_ident(out, SQL_MYSQL, word);
	else
		strbuf_addstr(out, word);
}

void emit_mysql_change(const struct change *ch, struct strbuf *out)
{
	if ((unsigned)ch->type < CH__COUNT && mysql_emitters[ch->type])
		mysql_emitters[ch->type](ch, out);
}
