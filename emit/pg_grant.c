/*
 * emit/pg_grant.c: GRANT and REVOKE for one grantee on one object
 * (CH_GRANT, see struct grant_change): REVOKE, REVOKE GRANT OPTION FOR,
 * GRANT, GRANT ... WITH GRANT OPTION, each one statement that names every
 * privilege it moves (`GRANT SELECT (a, b), INSERT ON TABLE s.t TO r`).
 * Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include <string.h>

#include "util/banned.h"

/* ON TABLE s.t / SEQUENCE / SCHEMA / TYPE / DOMAIN / FUNCTION f(args). */
static void add_target(struct strbuf *out, const struct sd_object *obj)
{
	switch (obj->kind) {
	case SD_SEQUENCE:
		strbuf_addstr(out, "SEQUENCE ");
		break;
	case SD_SCHEMA:
		strbuf_addstr(out, "SCHEMA ");
		break;
	case SD_TYPE:
		strbuf_addstr(out, ((const struct sd_type *)obj)->typtype ==
					   SD_TYPTYPE_DOMAIN
					   ? "DOMAIN " : "TYPE ");
		break;
	case SD_FUNCTION: {
		const struct sd_function *f = (const struct sd_function *)obj;
		strbuf_addstr(out, f->is_procedure ? "PROCEDURE "
						   : "FUNCTION ");
		sql_quote_qualified(out, SQL_POSTGRES, obj->schema, f->fname);
		strbuf_addf(out, "(%s)",
			    f->identity_args ? f->identity_args : "");
		return;
	}
	default:
		strbuf_addstr(out, "TABLE ");
		break;
	}
	pg_add_name(out, obj);
}

/* SELECT (a, b), INSERT: object privileges, then each column privilege
 * with all its columns. */
static void add_privs(struct strbuf *out, const struct sd_grant **g,
		      size_t n)
{
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		if (g[i]->column)
			continue;
		strbuf_addstr(out, first ? "" : ", ");
		strbuf_addstr(out, g[i]->privilege);
		first = false;
	}
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		if (!g[i]->column)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = g[k]->column &&
			       !strcmp(g[k]->privilege, g[i]->privilege);
		if (seen)
			continue;
		strbuf_addstr(out, first ? "" : ", ");
		strbuf_addstr(out, g[i]->privilege);
		strbuf_addstr(out, " (");
		for (size_t k = i, m = 0; k < n; k++) {
			if (!g[k]->column ||
			    strcmp(g[k]->privilege, g[i]->privilege))
				continue;
			if (m++)
				strbuf_addstr(out, ", ");
			sql_quote_ident(out, SQL_POSTGRES, g[k]->column);
		}
		strbuf_addch(out, ')');
		first = false;
	}
}

static bool is_owner(const char *grantee)
{
	return grantee && !strcmp(grantee, SD_GRANTEE_OWNER);
}

static void add_grantee(struct strbuf *out, const char *grantee)
{
	if (is_owner(grantee))
		strbuf_addstr(out, "CURRENT_USER");
	else if (grantee)
		sql_quote_ident(out, SQL_POSTGRES, grantee);
	else
		strbuf_addstr(out, "PUBLIC");
}

static void statement(struct strbuf *out, const struct sd_object *obj,
		      const char *grantee, const char *verb,
		      const struct sd_grant **g, size_t n, bool option)
{
	bool grant = !strcmp(verb, "GRANT");

	if (!n)
		return;
	strbuf_addstr(out, verb);
	strbuf_addch(out, ' ');
	if (!grant && option)
		strbuf_addstr(out, "GRANT OPTION FOR ");
	add_privs(out, g, n);
	strbuf_addstr(out, " ON ");
	add_target(out, obj);
	strbuf_addstr(out, grant ? " TO " : " FROM ");
	add_grantee(out, grantee);
	if (grant && option)
		strbuf_addstr(out, " WITH GRANT OPTION");
	strbuf_addstr(out, ";\n");
}

void emit_grant(const struct change *ch, struct strbuf *out)
{
	const struct grant_change *gc = ch->grant;
	const struct sd_object *obj = ch->new_obj ? ch->new_obj : ch->old_obj;

	if (!gc)
		return;
	if (is_owner(gc->grantee)) {
		/* its list holds what the owner lost (model/catalog.h): the
		 * role that runs the SQL owns what it made */
		statement(out, obj, gc->grantee, "GRANT", gc->revoke,
			  gc->nrevoke, false);
		statement(out, obj, gc->grantee, "REVOKE", gc->grant,
			  gc->ngrant, false);
		return;
	}
	statement(out, obj, gc->grantee, "REVOKE", gc->revoke, gc->nrevoke,
		  false);
	statement(out, obj, gc->grantee, "REVOKE", gc->revoke_option,
		  gc->nrevoke_option, true);
	statement(out, obj, gc->grantee, "GRANT", gc->grant, gc->ngrant,
		  false);
	statement(out, obj, gc->grantee, "GRANT", gc->grant_option,
		  gc->ngrant_option, true);
}
