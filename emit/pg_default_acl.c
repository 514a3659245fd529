/*
 * emit/pg_default_acl.c: ALTER DEFAULT PRIVILEGES for one grantee on one
 * row of default privileges (CH_DEFAULT_PRIVILEGES, see struct
 * grant_change): REVOKE, REVOKE GRANT OPTION FOR, GRANT, GRANT ... WITH
 * GRANT OPTION, each one statement naming every privilege it moves:
 * `ALTER DEFAULT PRIVILEGES FOR ROLE r IN SCHEMA s GRANT SELECT ON TABLES
 * TO g;`. No FOR ROLE for the current user's rows (role NULL). Writes
 * into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include <string.h>

#include "util/banned.h"

static void statement(struct strbuf *out, const struct sd_default_acl *d,
		      const char *grantee, bool grant,
		      const struct sd_grant **g, size_t n, bool option)
{
	if (!n)
		return;
	strbuf_addstr(out, "ALTER DEFAULT PRIVILEGES ");
	if (d->role) {
		strbuf_addstr(out, "FOR ROLE ");
		sql_quote_ident(out, SQL_POSTGRES, d->role);
		strbuf_addch(out, ' ');
	}
	if (d->base.schema) {
		strbuf_addstr(out, "IN SCHEMA ");
		sql_quote_ident(out, SQL_POSTGRES, d->base.schema);
		strbuf_addch(out, ' ');
	}
	strbuf_addstr(out, grant ? "GRANT " : "REVOKE ");
	if (!grant && option)
		strbuf_addstr(out, "GRANT OPTION FOR ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(out, ", ");
		strbuf_addstr(out, g[i]->privilege);
	}
	strbuf_addf(out, " ON %s %s ", sd_default_acl_keyword(d->objtype),
		    grant ? "TO" : "FROM");
	if (grantee)
		sql_quote_ident(out, SQL_POSTGRES, grantee);
	else
		strbuf_addstr(out, "PUBLIC");
	if (grant && option)
		strbuf_addstr(out, " WITH GRANT OPTION");
	strbuf_addstr(out, ";\n");
}

void emit_alter_default_acl(const struct change *ch, struct strbuf *out)
{
	const struct grant_change *gc = ch->grant;
	const struct sd_default_acl *d = (const struct sd_default_acl *)
		(ch->new_obj ? ch->new_obj : ch->old_obj);

	if (!gc || !d)
		return;
	statement(out, d, gc->grantee, false, gc->revoke, gc->nrevoke, false);
	statement(out, d, gc->grantee, false, gc->revoke_option,
		  gc->nrevoke_option, true);
	statement(out, d, gc->grantee, true, gc->grant, gc->ngrant, false);
	statement(out, d, gc->grantee, true, gc->grant_option,
		  gc->ngrant_option, true);
}
