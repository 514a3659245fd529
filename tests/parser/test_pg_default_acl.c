/*
 * tests/parser/test_pg_default_acl.c: ALTER DEFAULT PRIVILEGES through
 * the parser (struct sd_default_acl objects as pg_default_acl rows: global
 * rows hold the whole ACL, per-schema rows what they add, rows equal to
 * no row are gone, the owner's own entries left out), the privileges new
 * objects get from them (desired files: every object but schemas; version
 * scripts: the objects created after the statement), the errors, and on
 * through diff and emit (the ALTER DEFAULT PRIVILEGES a change gives, and
 * no GRANT for what a new object gets by default).
 *
 * Memory: each test frees its catalogs, change sets and buffers.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/strbuf.h"

#include "util/banned.h"

static struct catalog *load(bool script, const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	int ret = script ? pg_replay_script(cat, "v.sql", sql, &err)
			 : pg_load_desired_text(cat, "d.sql", sql, &err);

	cr_assert_eq(ret, 0, "load failed: %s:%d:%d: %s", err.file, err.line,
		     err.col, err.msg);
	return cat;
}

/* Every default ACL of a catalog, one line per object: "schema|role|
 * objtype: grantee privilege[*], ..." ("-" for NULL). */
static char *defacls(const struct catalog *cat)
{
	struct strbuf sb = STRBUF_INIT;
	struct vec objs = VEC_INIT;

	catalog_list(cat, SD_DEFAULT_ACL, &objs);
	for (size_t i = 0; i < objs.len; i++) {
		const struct sd_default_acl *d = objs.items[i];
		strbuf_addf(&sb, "%s|%s|%c:",
			    d->base.schema ? d->base.schema : "-",
			    d->role ? d->role : "-", d->objtype);
		for (size_t k = 0; k < d->base.ngrants; k++) {
			const struct sd_grant *g = &d->base.grants[k];
			cr_assert_null(g->column);
			strbuf_addf(&sb, " %s %s%s",
				    g->grantee ? g->grantee : "PUBLIC",
				    g->privilege, g->grant_option ? "*" : "");
		}
		strbuf_addch(&sb, '\n');
	}
	vec_release(&objs);
	return strbuf_detach(&sb, NULL);
}

static void expect_defacls(const char *sql, const char *expected)
{
	struct catalog *cat = load(false, sql);
	char *got = defacls(cat);

	cr_assert_str_eq(got, expected, "\n--- got:\n%s--- expected:\n%s",
			 got, expected);
	free(got);
	catalog_free(cat);
}

/* The grants of an object: "set|default: grantee privilege, ...". */
static char *grants(const struct catalog *cat, enum sd_kind kind,
		    const char *schema, const char *name)
{
	const struct sd_object *obj = catalog_find(cat, kind, schema, name);
	struct strbuf sb = STRBUF_INIT;

	cr_assert(obj, "%s not found", name);
	strbuf_addstr(&sb, obj->acl_set ? "set:" : "default:");
	for (size_t i = 0; i < obj->ngrants; i++)
		strbuf_addf(&sb, " %s %s%s",
			    obj->grants[i].grantee ? obj->grants[i].grantee
						   : "PUBLIC",
			    obj->grants[i].privilege,
			    obj->grants[i].grant_option ? "*" : "");
	return strbuf_detach(&sb, NULL);
}

static void expect_grants(const struct catalog *cat, enum sd_kind kind,
			  const char *schema, const char *name,
			  const char *expected)
{
	char *got = grants(cat, kind, schema, name);

	cr_expect_str_eq(got, expected, "%s: got \"%s\", expected \"%s\"",
			 name, got, expected);
	free(got);
}

/* The SQL that turns a into b (both desired files). */
static void expect_plan(const char *a, const char *b, const char *expected)
{
	struct catalog *ca = load(false, a), *cb = load(false, b);
	struct changeset *cs;
	struct sd_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;

	cr_assert_eq(diff_catalogs(ca, cb, &cs, &err), 0, "%s", err.msg);
	emit_pg_changeset(cs, &sb);
	cr_assert_str_eq(sb.buf, expected, "\n--- got:\n%s--- expected:\n%s",
			 sb.buf, expected);
	strbuf_release(&sb);
	changeset_free(cs);
	catalog_free(ca);
	catalog_free(cb);
}

static void expect_error(const char *sql, int code, const char *where,
			 const char *msg)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;
	int ret = pg_load_desired_text(cat, "d.sql", sql, &err);

	cr_assert_eq(ret, code, "code %d, want %d (%s)", ret, code, err.msg);
	strbuf_addf(&sb, "%s:%d:%d", err.file, err.line, err.col);
	cr_expect_str_eq(sb.buf, where);
	cr_expect_str_eq(err.msg, msg);
	strbuf_release(&sb);
	catalog_free(cat);
}

static void fini(void)
{
	pg_parser_cleanup();
}

TestSuite(pg_default_acl, .fini = fini);

Test(pg_default_acl, global_rows_hold_the_whole_acl)
{
	/* functions and types start from PUBLIC's EXECUTE / USAGE; a row
	 * that comes back to that is no row */
	expect_defacls("ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS "
		       "FROM PUBLIC;\n"
		       "ALTER DEFAULT PRIVILEGES GRANT USAGE ON TYPES TO r;\n"
		       "ALTER DEFAULT PRIVILEGES GRANT select, INSERT ON "
		       "TABLES TO r, \"Odd \"\"R\"\"\";\n"
		       "ALTER DEFAULT PRIVILEGES REVOKE USAGE ON SCHEMAS "
		       "FROM PUBLIC;\n",
		       "-|-|f:\n"
		       "-|-|r: Odd \"R\" INSERT Odd \"R\" SELECT r INSERT "
		       "r SELECT\n"
		       "-|-|T: PUBLIC USAGE r USAGE\n");
	expect_defacls("ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON ROUTINES "
		       "FROM PUBLIC;\n"
		       "ALTER DEFAULT PRIVILEGES GRANT ALL ON FUNCTIONS TO "
		       "PUBLIC;\n"
		       "ALTER DEFAULT PRIVILEGES GRANT SELECT ON SEQUENCES "
		       "TO r;\n"
		       "ALTER DEFAULT PRIVILEGES REVOKE ALL ON SEQUENCES "
		       "FROM r;\n", "");
}

Test(pg_default_acl, schema_rows_add_to_the_global_one)
{
	/* a per-schema row starts empty: revoking what the global row
	 * grants changes nothing there */
	expect_defacls("CREATE SCHEMA s;\n"
		       "ALTER DEFAULT PRIVILEGES IN SCHEMA s REVOKE EXECUTE "
		       "ON FUNCTIONS FROM PUBLIC;\n"
		       "ALTER DEFAULT PRIVILEGES IN SCHEMA s, public GRANT "
		       "USAGE, SELECT ON SEQUENCES TO r WITH GRANT OPTION;\n"
		       "ALTER DEFAULT PRIVILEGES IN SCHEMA s REVOKE GRANT "
		       "OPTION FOR SELECT ON SEQUENCES FROM r;\n",
		       "public|-|S: r SELECT* r USAGE*\n"
		       "s|-|S: r SELECT r USAGE*\n");
}

Test(pg_default_acl, for_roles_and_the_owner)
{
	/* one row per role and schema; the owner's own entries are not
	 * kept */
	expect_defacls("CREATE SCHEMA a; CREATE SCHEMA b;\n"
		       "ALTER DEFAULT PRIVILEGES FOR ROLE o1, o2 IN SCHEMA "
		       "a, b GRANT SELECT ON TABLES TO o1, g;\n"
		       "ALTER DEFAULT PRIVILEGES FOR USER o1 REVOKE ALL ON "
		       "TABLES FROM o1;\n",
		       "a|o1|r: g SELECT\n"
		       "a|o2|r: g SELECT o1 SELECT\n"
		       "b|o1|r: g SELECT\n"
		       "b|o2|r: g SELECT o1 SELECT\n");
}

Test(pg_default_acl, desired_objects_get_them)
{
	/* in desired files the statement holds for every object but
	 * schemas, wherever it stands; FOR ROLE another role does not */
	struct catalog *cat = load(false,
		"CREATE SCHEMA s;\n"
		"CREATE TABLE s.t (id serial);\n"
		"CREATE VIEW s.v AS SELECT 1 AS x;\n"
		"CREATE TABLE public.p (id int);\n"
		"CREATE FUNCTION s.f() RETURNS int LANGUAGE sql AS "
		"'SELECT 1';\n"
		"CREATE TYPE s.e AS ENUM ('a');\n"
		"ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES "
		"TO r;\n"
		"ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO r;\n"
		"ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM "
		"PUBLIC;\n"
		"ALTER DEFAULT PRIVILEGES FOR ROLE other GRANT ALL ON TYPES "
		"TO r;\n"
		"ALTER DEFAULT PRIVILEGES GRANT CREATE ON SCHEMAS TO r;\n"
		"GRANT INSERT ON s.t TO w;\n");

	expect_grants(cat, SD_TABLE, "s", "t", "set: r SELECT w INSERT");
	expect_grants(cat, SD_VIEW, "s", "v", "set: r SELECT");
	expect_grants(cat, SD_TABLE, "public", "p", "default:");
	expect_grants(cat, SD_SEQUENCE, "s", "t_id_seq", "set: r USAGE");
	expect_grants(cat, SD_FUNCTION, "s", "f()", "set:");
	expect_grants(cat, SD_TYPE, "s", "e", "default:");
	expect_grants(cat, SD_SCHEMA, NULL, "s", "default:");
	catalog_free(cat);
}

Test(pg_default_acl, scripts_in_statement_order)
{
	/* a version script runs as the server would: only later objects */
	struct catalog *cat = load(true,
		"CREATE SCHEMA s;\n"
		"CREATE TABLE s.before (id int);\n"
		"ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES "
		"TO r;\n"
		"CREATE TABLE s.after (id int);\n"
		"ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO r;\n"
		"CREATE SCHEMA s2;\n"
		"ALTER DEFAULT PRIVILEGES IN SCHEMA s2 GRANT SELECT ON "
		"TABLES TO r;\n"
		"DROP SCHEMA s2;\n"
		"CREATE SCHEMA s3;\n");
	char *got;

	expect_grants(cat, SD_SCHEMA, NULL, "s3", "set: r USAGE");
	/* s2's row went with it (no error: it is no dependent) */
	got = defacls(cat);
	cr_expect_str_eq(got, "-|-|n: r USAGE\ns|-|r: r SELECT\n");
	free(got);
	catalog_free(cat);
	cat = load(true,
		   "CREATE SCHEMA s;\n"
		   "CREATE TABLE s.before (id int);\n"
		   "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON "
		   "TABLES TO r;\n"
		   "CREATE TABLE s.after (id int);\n");
	expect_grants(cat, SD_TABLE, "s", "before", "default:");
	expect_grants(cat, SD_TABLE, "s", "after", "set: r SELECT");
	catalog_free(cat);
}

Test(pg_default_acl, errors)
{
	expect_error("\nALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE "
		     "ON SCHEMAS TO r;", SD_ERR, "d.sql:2:1",
		     "cannot use IN SCHEMA clause when using GRANT ON "
		     "SCHEMAS");
	expect_error("ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON TABLES TO r;",
		     SD_ERR, "d.sql:1:1",
		     "invalid privilege type EXECUTE for TABLES");
	expect_error("ALTER DEFAULT PRIVILEGES GRANT SELECT (a) ON TABLES "
		     "TO r;", SD_ERR, "d.sql:1:1",
		     "default privileges cannot be set for columns");
	expect_error("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO "
		     "CURRENT_USER;", SD_ERR_UNSUPPORTED, "d.sql:1:52",
		     "unsupported grantee CURRENT_ROLE, CURRENT_USER or "
		     "SESSION_USER (name the role)");
	expect_error("ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER GRANT "
		     "SELECT ON TABLES TO r;", SD_ERR_UNSUPPORTED,
		     "d.sql:1:35",
		     "unsupported FOR ROLE CURRENT_ROLE, CURRENT_USER or "
		     "SESSION_USER (leave FOR ROLE out)");
}

Test(pg_default_acl, plan_changes)
{
	expect_plan("CREATE SCHEMA s;\n"
		    "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON "
		    "TABLES TO r WITH GRANT OPTION;\n"
		    "ALTER DEFAULT PRIVILEGES FOR ROLE o GRANT USAGE ON TYPES "
		    "TO r;\n",
		    "CREATE SCHEMA s;\n"
		    "CREATE SCHEMA \"N s\";\n"
		    "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT, "
		    "INSERT ON TABLES TO r;\n"
		    "ALTER DEFAULT PRIVILEGES FOR ROLE \"O \"\"q\"\"\" IN "
		    "SCHEMA \"N s\" GRANT ALL ON FUNCTIONS TO \"g-1\";\n"
		    "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS "
		    "FROM PUBLIC;\n",
		    "CREATE SCHEMA \"N s\";\n"
		    "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS "
		    "FROM PUBLIC;\n"
		    "ALTER DEFAULT PRIVILEGES FOR ROLE o REVOKE USAGE ON TYPES "
		    "FROM r;\n"
		    "ALTER DEFAULT PRIVILEGES FOR ROLE \"O \"\"q\"\"\" IN "
		    "SCHEMA \"N s\" GRANT EXECUTE ON FUNCTIONS TO \"g-1\";\n"
		    "ALTER DEFAULT PRIVILEGES IN SCHEMA s REVOKE GRANT OPTION "
		    "FOR SELECT ON TABLES FROM r;\n"
		    "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT INSERT ON "
		    "TABLES TO r;\n");
}

Test(pg_default_acl, plan_with_new_objects_and_dropped_schema)
{
	/* new objects get the new defaults (they run first): no GRANT;
	 * a dropped schema takes its row along: no statement */
	expect_plan("CREATE SCHEMA s;\n"
		    "CREATE SCHEMA gone;\n"
		    "ALTER DEFAULT PRIVILEGES IN SCHEMA gone GRANT SELECT ON "
		    "TABLES TO r;\n",
		    "CREATE SCHEMA s;\n"
		    "CREATE TABLE s.t (id int);\n"
		    "CREATE FUNCTION s.f() RETURNS int LANGUAGE sql AS "
		    "'SELECT 1';\n"
		    "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON "
		    "TABLES TO r;\n"
		    "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS "
		    "FROM PUBLIC;\n",
		    "DROP SCHEMA gone;\n"
		    "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS "
		    "FROM PUBLIC;\n"
		    "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON "
		    "TABLES TO r;\n"
		    "CREATE OR REPLACE FUNCTION s.f() RETURNS int LANGUAGE sql "
		    "AS $$SELECT 1$$;\n"
		    "CREATE TABLE s.t (\n    id integer\n);\n");
	/* a new table whose grants differ from the defaults: what differs */
	expect_plan("CREATE SCHEMA s;\n"
		    "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT, "
		    "INSERT ON TABLES TO r;\n",
		    "CREATE SCHEMA s;\n"
		    "ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT, "
		    "INSERT ON TABLES TO r;\n"
		    "CREATE TABLE s.t (id int);\n"
		    "REVOKE INSERT ON s.t FROM r;\n",
		    "CREATE TABLE s.t (\n    id integer\n);\n"
		    "REVOKE INSERT ON TABLE s.t FROM r;\n");
}

Test(pg_default_acl, plan_of_one_global_change)
{
	/* a change that needs no key at all orders alone */
	expect_plan("",
		    "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r;\n",
		    "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO r;\n");
}
