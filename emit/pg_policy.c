/*
 * emit/pg_policy.c: CREATE / ALTER / DROP POLICY, ALTER TABLE ... ENABLE /
 * DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY, ALTER TABLE ... RESET
 * (...), SET (...) (storage parameters), and the identity options of a
 * column (ALTER COLUMN ... SET INCREMENT BY ... RESTART). Writes into the
 * caller's strbuf.
 */
#include "emit/pg_internal.h"

#include <string.h>

#include "util/banned.h"

void pg_add_policy_ref(struct strbuf *out, const struct sd_object *obj)
{
	const struct sd_policy *p = (const struct sd_policy *)obj;

	strbuf_addstr(out, "POLICY ");
	sql_quote_ident(out, SQL_POSTGRES, p->polname);
	strbuf_addstr(out, " ON ");
	sql_quote_qualified(out, SQL_POSTGRES, p->base.schema, p->table);
}

static const char *command_sql(char cmd)
{
	switch (cmd) {
	case SD_POLCMD_SELECT:
		return "SELECT";
	case SD_POLCMD_INSERT:
		return "INSERT";
	case SD_POLCMD_UPDATE:
		return "UPDATE";
	case SD_POLCMD_DELETE:
		return "DELETE";
	default:
		return "ALL";
	}
}

static void add_roles(struct strbuf *out, const struct sd_policy *p)
{
	strbuf_addstr(out, " TO ");
	for (size_t i = 0; i < p->nroles; i++) {
		const char *r = p->roles[i];
		if (i)
			strbuf_addstr(out, ", ");
		if (!strcmp(r, "public"))
			strbuf_addstr(out, "PUBLIC");
		else if (!strcmp(r, "CURRENT_USER") ||
			 !strcmp(r, "CURRENT_ROLE") ||
			 !strcmp(r, "SESSION_USER"))
			strbuf_addstr(out, r);
		else
			sql_quote_ident(out, SQL_POSTGRES, r);
	}
	if (!p->nroles)
		strbuf_addstr(out, "PUBLIC");
}

static void add_exprs(struct strbuf *out, const struct sd_policy *p)
{
	if (p->using_expr) {
		strbuf_addstr(out, " USING (");
		strbuf_addstr(out, p->using_expr);
		strbuf_addch(out, ')');
	}
	if (p->check_expr) {
		strbuf_addstr(out, " WITH CHECK (");
		strbuf_addstr(out, p->check_expr);
		strbuf_addch(out, ')');
	}
}

void emit_create_policy(const struct change *ch, struct strbuf *out)
{
	const struct sd_policy *p = (const struct sd_policy *)ch->new_obj;

	strbuf_addstr(out, "CREATE ");
	pg_add_policy_ref(out, ch->new_obj);
	strbuf_addstr(out, p->restrictive ? " AS RESTRICTIVE" : " AS PERMISSIVE");
	strbuf_addf(out, " FOR %s", command_sql(p->command));
	add_roles(out, p);
	add_exprs(out, p);
	strbuf_addstr(out, ";\n");
}

void emit_alter_policy(const struct change *ch, struct strbuf *out)
{
	const struct sd_policy *p = (const struct sd_policy *)ch->new_obj;

	strbuf_addstr(out, "ALTER ");
	pg_add_policy_ref(out, ch->new_obj);
	add_roles(out, p);
	add_exprs(out, p);
	strbuf_addstr(out, ";\n");
}

void emit_drop_policy(const struct change *ch, struct strbuf *out)
{
	strbuf_addstr(out, "DROP ");
	pg_add_policy_ref(out, ch->old_obj);
	strbuf_addstr(out, ";\n");
}

void emit_alter_table_rls(const struct change *ch, struct strbuf *out)
{
	const struct sd_table *o = (const struct sd_table *)ch->old_obj;
	const struct sd_table *n = (const struct sd_table *)ch->new_obj;
	bool was_enabled = o && o->rls_enabled, was_forced = o && o->rls_forced;
	bool first = true;

	strbuf_addstr(out, "ALTER TABLE ");
	pg_add_name(out, ch->new_obj);
	if (was_enabled != n->rls_enabled) {
		strbuf_addstr(out, n->rls_enabled
					   ? " ENABLE ROW LEVEL SECURITY"
					   : " DISABLE ROW LEVEL SECURITY");
		first = false;
	}
	if (was_forced != n->rls_forced) {
		if (!first)
			strbuf_addch(out, ',');
		strbuf_addstr(out, n->rls_forced ? " FORCE ROW LEVEL SECURITY"
						 : " NO FORCE ROW LEVEL "
						   "SECURITY");
	}
	strbuf_addstr(out, ";\n");
}

void emit_alter_table_options(const struct change *ch, struct strbuf *out)
{
	const struct sd_table *o = (const struct sd_table *)ch->old_obj;
	const struct sd_table *n = (const struct sd_table *)ch->new_obj;
	bool same, sep = false;

	if (ch->new_obj->kind == SD_MATVIEW) {
		emit_alter_matview_options(ch, out);
		return;
	}
	same = o->nreloptions == n->nreloptions;
	for (size_t i = 0; same && i < n->nreloptions; i++)
		same = !strcmp(o->reloptions[i], n->reloptions[i]);
	strbuf_addstr(out, "ALTER TABLE ");
	pg_add_name(out, ch->new_obj);
	if (o->unlogged != n->unlogged) {
		strbuf_addstr(out, n->unlogged ? " SET UNLOGGED" : " SET LOGGED");
		sep = true;
	}
	/* all of them again, so that the server keeps the new order */
	if (!same && o->nreloptions) {
		if (sep)
			strbuf_addch(out, ',');
		sep = true;
		strbuf_addstr(out, " RESET (");
		for (size_t i = 0; i < o->nreloptions; i++) {
			const char *eq = strchr(o->reloptions[i], '=');
			if (i)
				strbuf_addstr(out, ", ");
			strbuf_add(out, o->reloptions[i],
				   eq ? (size_t)(eq - o->reloptions[i])
				      : strlen(o->reloptions[i]));
		}
		strbuf_addch(out, ')');
	}
	if (!same && n->nreloptions) {
		strbuf_addstr(out, sep ? ", SET (" : " SET (");
		sd_reloptions_format(out, n->reloptions, n->nreloptions);
		strbuf_addch(out, ')');
	}
	strbuf_addstr(out, ";\n");
}

void emit_alter_identity_options(const struct change *ch, struct strbuf *out)
{
	const struct sd_column *o = ch->old_col, *n = ch->new_col;
	const struct sd_object *t = ch->new_obj;

	if (o->id_seqname && n->id_seqname &&
	    strcmp(o->id_seqname, n->id_seqname)) {
		strbuf_addstr(out, "ALTER SEQUENCE ");
		sql_quote_qualified(out, SQL_POSTGRES, t->schema,
				    o->id_seqname);
		strbuf_addstr(out, " RENAME TO ");
		sql_quote_ident(out, SQL_POSTGRES, n->id_seqname);
		strbuf_addstr(out, ";\n");
	}
	if (o->id_start == n->id_start && o->id_increment == n->id_increment &&
	    o->id_minvalue == n->id_minvalue &&
	    o->id_maxvalue == n->id_maxvalue && o->id_cache == n->id_cache &&
	    o->id_cycle == n->id_cycle)
		return;
	strbuf_addstr(out, "ALTER TABLE ");
	pg_add_name(out, t);
	strbuf_addstr(out, " ALTER COLUMN ");
	sql_quote_ident(out, SQL_POSTGRES, n->name);
	strbuf_addf(out, " SET INCREMENT BY %lld SET MINVALUE %lld"
			 " SET MAXVALUE %lld SET START WITH %lld"
			 " SET CACHE %lld SET %sCYCLE",
		    (long long)n->id_increment, (long long)n->id_minvalue,
		    (long long)n->id_maxvalue, (long long)n->id_start,
		    (long long)n->id_cache, n->id_cycle ? "" : "NO ");
	/* the counter must lie within the new bounds */
	if (o->id_start != n->id_start || o->id_minvalue != n->id_minvalue ||
	    o->id_maxvalue != n->id_maxvalue)
		strbuf_addstr(out, " RESTART");
	strbuf_addstr(out, ";\n");
}
