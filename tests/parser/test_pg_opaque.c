/*
 * tests/parser/test_pg_opaque.c: the kinds carried as SQL text
 * (parser/pg/pg_opaque.c, model/opaque.c): each kind's identity, the
 * definition kept as written and the canonical text compared, the ALTER
 * and COMMENT statements appended, DROP, the errors of a script, and the
 * dependencies read from a definition.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/strbuf.h"
#include "util/vec.h"

#include "util/banned.h"

static void fini(void)
{
	pg_parser_cleanup();
}

TestSuite(pg_opaque, .fini = fini);

static struct catalog *load(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	int ret = pg_load_desired_text(cat, "d.sql", sql, &err);

	cr_assert_eq(ret, 0, "load failed: %s:%d:%d: %s", err.file, err.line,
		     err.col, err.msg);
	return cat;
}

/* Every opaque object as "description | identity | key\n", sorted. */
static char *list(struct catalog *cat)
{
	struct vec v = VEC_INIT;
	struct strbuf sb = STRBUF_INIT;

	catalog_list(cat, SD_OPAQUE, &v);
	for (size_t i = 0; i < v.len; i++) {
		struct sd_opaque *op = v.items[i];
		sd_object_describe(&sb, &op->base);
		strbuf_addf(&sb, " | %s\n", op->identity);
	}
	vec_release(&v);
	return strbuf_detach(&sb, NULL);
}

static struct sd_opaque *find(struct catalog *cat, const char *objtype,
			      const char *schema, const char *bare)
{
	int kind = sd_opaque_kind_find(objtype);
	struct sd_opaque *op;

	cr_assert(kind >= 0, "no kind %s", objtype);
	op = catalog_find_opaque(cat, kind, schema, bare);
	cr_assert(op, "no %s %s", objtype, bare);
	return op;
}

Test(pg_opaque, identities_of_each_kind)
{
	struct catalog *cat = load(
		"CREATE SCHEMA app;\n"
		"CREATE TABLE app.t (a int, b int);\n"
		"CREATE FUNCTION app.f(int, int) RETURNS int LANGUAGE sql "
		"AS 'select $1';\n"
		"CREATE AGGREGATE app.agg(int) (SFUNC = app.f, STYPE = int);\n"
		"CREATE AGGREGATE app.cnt(*) (SFUNC = int8inc, STYPE = int8);\n"
		"CREATE AGGREGATE app.old (BASETYPE = bigint, SFUNC = int8pl, "
		"STYPE = bigint);\n"
		"CREATE OPERATOR app.=== (LEFTARG = int, RIGHTARG = int, "
		"FUNCTION = app.f);\n"
		"CREATE OPERATOR app.!!! (RIGHTARG = bigint, FUNCTION = "
		"numeric_fac);\n"
		"CREATE OPERATOR FAMILY app.fam USING btree;\n"
		"CREATE OPERATOR CLASS app.cls FOR TYPE int USING btree AS "
		"OPERATOR 1 <;\n"
		"CREATE CAST (app.t AS text) WITH INOUT;\n"
		"CREATE CONVERSION app.conv FOR 'LATIN1' TO 'UTF8' FROM "
		"iso8859_1_to_utf8;\n"
		"CREATE TRANSFORM FOR int LANGUAGE sql (FROM SQL WITH FUNCTION "
		"f1(internal), TO SQL WITH FUNCTION f2(internal));\n"
		"CREATE ACCESS METHOD am2 TYPE TABLE HANDLER "
		"heap_tableam_handler;\n"
		"CREATE LANGUAGE pl2 HANDLER h;\n"
		"CREATE TEXT SEARCH PARSER app.prs (START = prsd_start, "
		"GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = "
		"prsd_lextype);\n"
		"CREATE TEXT SEARCH TEMPLATE app.tmpl (LEXIZE = dsimple_lexize);\n"
		"CREATE TEXT SEARCH DICTIONARY app.dict (TEMPLATE = simple);\n"
		"CREATE TEXT SEARCH CONFIGURATION app.\"Cfg\" (PARSER = "
		"app.prs);\n"
		"CREATE FOREIGN DATA WRAPPER w;\n"
		"CREATE SERVER s FOREIGN DATA WRAPPER w;\n"
		"CREATE USER MAPPING FOR PUBLIC SERVER s;\n"
		"CREATE USER MAPPING FOR bob SERVER s;\n"
		"CREATE FOREIGN TABLE app.ft (a int) SERVER s;\n"
		"CREATE RULE r AS ON INSERT TO app.t DO NOTHING;\n"
		"CREATE STATISTICS app.st ON a, b FROM app.t;\n"
		"CREATE PUBLICATION p FOR TABLE app.t;\n"
		"CREATE EVENT TRIGGER e ON ddl_command_start EXECUTE FUNCTION "
		"app.f();\n");
	char *got = list(cat);

	cr_assert_str_eq(got,
		"access method am2 | am2\n"
		"cast (app.t AS text) | (app.t AS text)\n"
		"event trigger e | e\n"
		"foreign data wrapper w | w\n"
		"language pl2 | pl2\n"
		"publication p | p\n"
		"server s | s\n"
		"transform FOR integer LANGUAGE sql | FOR integer LANGUAGE sql\n"
		"user mapping FOR PUBLIC SERVER s | FOR PUBLIC SERVER s\n"
		"user mapping FOR bob SERVER s | FOR bob SERVER s\n"
		"aggregate app.agg(integer) | app.agg(integer)\n"
		"aggregate app.cnt(*) | app.cnt(*)\n"
		"aggregate app.old(bigint) | app.old(bigint)\n"
		"conversion app.conv | app.conv\n"
		"foreign table app.ft | app.ft\n"
		"operator app.!!!(NONE, bigint) | app.!!!(NONE, bigint)\n"
		"operator app.===(integer, integer) | app.===(integer, integer)\n"
		"operator class app.cls USING btree | app.cls USING btree\n"
		"operator family app.fam USING btree | app.fam USING btree\n"
		"rule r ON app.t | r ON app.t\n"
		"statistics app.st | app.st\n"
		"text search configuration app.\"Cfg\" | app.\"Cfg\"\n"
		"text search dictionary app.dict | app.dict\n"
		"text search parser app.prs | app.prs\n"
		"text search template app.tmpl | app.tmpl\n",
		"got:\n%s", got);
	free(got);
	catalog_free(cat);
}

Test(pg_opaque, definition_as_written_and_appended)
{
	struct catalog *cat = load(
		"COMMENT ON TEXT SEARCH CONFIGURATION cfg IS 'words';\n"
		"ALTER TEXT SEARCH CONFIGURATION cfg ADD MAPPING FOR word "
		"WITH simple;\n"
		"CREATE TEXT SEARCH CONFIGURATION cfg (COPY = english);\n"
		"ALTER TEXT SEARCH CONFIGURATION public.cfg ALTER MAPPING FOR "
		"asciiword WITH simple;\n");
	struct sd_opaque *op = find(cat, "TEXT SEARCH CONFIGURATION",
				    "public", "cfg");

	/* a desired set: the CREATE first, whatever the file order */
	const char *create = "CREATE TEXT SEARCH CONFIGURATION cfg (COPY = "
			     "english);\n";

	cr_assert(!strncmp(op->definition, create, strlen(create)), "%s",
		  op->definition);
	cr_assert(strstr(op->definition, "COMMENT ON TEXT SEARCH "
			 "CONFIGURATION cfg IS 'words'"), "%s",
		  op->definition);
	cr_assert(strstr(op->definition, "ADD MAPPING FOR word WITH simple"));
	cr_assert(strstr(op->definition, "ALTER MAPPING FOR asciiword"));
	catalog_free(cat);
}

/* The canonical text ignores the layout and the order of what is
 * appended; a real change shows. */
Test(pg_opaque, canonical_text)
{
	struct catalog *a = load(
		"CREATE TEXT SEARCH CONFIGURATION cfg (COPY = english);\n"
		"ALTER TEXT SEARCH CONFIGURATION cfg ALTER MAPPING FOR word "
		"WITH simple;\n"
		"COMMENT ON TEXT SEARCH CONFIGURATION cfg IS 'x';\n");
	struct catalog *b = load(
		"comment on text search configuration cfg is 'x';\n"
		"create text search configuration cfg\n  (copy = english);\n"
		"alter text search configuration cfg\n  alter mapping for word "
		"with simple;\n");
	struct catalog *c = load(
		"CREATE TEXT SEARCH CONFIGURATION cfg (COPY = english);\n"
		"ALTER TEXT SEARCH CONFIGURATION cfg ALTER MAPPING FOR word "
		"WITH english_stem;\n"
		"COMMENT ON TEXT SEARCH CONFIGURATION cfg IS 'x';\n");
	struct sd_opaque *oa = find(a, "TEXT SEARCH CONFIGURATION", "public",
				    "cfg");
	struct sd_opaque *ob = find(b, "TEXT SEARCH CONFIGURATION", "public",
				    "cfg");
	struct sd_opaque *oc = find(c, "TEXT SEARCH CONFIGURATION", "public",
				    "cfg");

	cr_assert_str_eq(oa->canon, ob->canon);
	cr_assert_str_neq(oa->canon, oc->canon);
	catalog_free(a);
	catalog_free(b);
	catalog_free(c);
}

Test(pg_opaque, drop_and_replace)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	int ret = pg_replay_script(cat, "v.sql",
		"CREATE TABLE t (a int, b int);\n"
		"CREATE STATISTICS st ON a, b FROM t;\n"
		"CREATE RULE r AS ON INSERT TO t DO NOTHING;\n"
		"CREATE OR REPLACE RULE r AS ON INSERT TO t DO INSTEAD NOTHING;\n"
		"CREATE AGGREGATE agg(int) (SFUNC = int4pl, STYPE = int);\n"
		"DROP AGGREGATE agg(integer);\n"
		"DROP STATISTICS IF EXISTS st, nope;\n"
		"CREATE SERVER s FOREIGN DATA WRAPPER w;\n"
		"CREATE USER MAPPING FOR CURRENT_USER SERVER s;\n"
		"DROP USER MAPPING FOR CURRENT_USER SERVER s;\n", &err);
	char *got;

	cr_assert_eq(ret, 0, "%s", err.msg);
	got = list(cat);
	cr_assert_str_eq(got, "server s | s\nrule r ON public.t | r ON public.t\n",
			 "got:\n%s", got);
	cr_assert(strstr(find(cat, "RULE", "public", "r ON t")->definition,
			 "INSTEAD"));
	free(got);
	catalog_free(cat);
}

static void expect_error(const char *sql, const char *where, const char *msg)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;
	int ret = pg_replay_script(cat, "v.sql", sql, &err);

	cr_assert_neq(ret, 0, "no error for %s", sql);
	strbuf_addf(&sb, "%s:%d:%d", err.file, err.line, err.col);
	cr_assert_str_eq(sb.buf, where);
	cr_assert_str_eq(err.msg, msg);
	strbuf_release(&sb);
	catalog_free(cat);
}

Test(pg_opaque, script_errors)
{
	expect_error("CREATE PUBLICATION p;\n\nCREATE PUBLICATION p;\n",
		     "v.sql:3:1", "publication p already exists");
	expect_error("DROP OPERATOR ===(int, int);\n", "v.sql:1:1",
		     "operator ===(integer, integer) does not exist");
	expect_error("ALTER PUBLICATION p ADD TABLE t;\n", "v.sql:1:1",
		     "publication p does not exist");
	expect_error("COMMENT ON RULE r ON t IS 'x';\n", "v.sql:1:1",
		     "rule r ON public.t does not exist");
}

static bool has_dep(const struct sd_object *o, const char *key)
{
	for (size_t i = 0; i < o->ndeps; i++)
		if (!strcmp(o->deps[i], key))
			return true;
	return false;
}

Test(pg_opaque, dependencies_from_the_definition)
{
	struct catalog *cat = load(
		"CREATE SCHEMA app;\n"
		"CREATE FOREIGN TABLE app.ft (a int) SERVER srv;\n"
		"CREATE SERVER srv FOREIGN DATA WRAPPER w;\n"
		"CREATE FOREIGN DATA WRAPPER w;\n"
		"CREATE FUNCTION app.f(int, int) RETURNS int LANGUAGE sql "
		"AS 'select $1';\n"
		"CREATE AGGREGATE app.agg(int) (SFUNC = app.f, STYPE = int);\n"
		"CREATE TABLE app.t (a int);\n"
		"CREATE TABLE app.tt (a int);\n"
		"CREATE RULE r AS ON INSERT TO app.t DO ALSO INSERT INTO "
		"app.tt VALUES (NEW.a);\n"
		"CREATE OPERATOR FAMILY app.fam USING btree;\n"
		"CREATE OPERATOR CLASS app.cls FOR TYPE int USING btree "
		"FAMILY app.fam AS OPERATOR 1 <;\n");
	struct sd_opaque *ft = find(cat, "FOREIGN TABLE", "app", "ft");
	struct sd_opaque *srv = find(cat, "SERVER", NULL, "srv");
	struct sd_opaque *agg = find(cat, "AGGREGATE", "app", "agg(integer)");
	struct sd_opaque *r = find(cat, "RULE", "app", "r ON t");
	struct sd_opaque *cls = find(cat, "OPERATOR CLASS", "app",
				     "cls USING btree");

	cr_assert(has_dep(&ft->base, srv->base.key));
	cr_assert(has_dep(&ft->base, "schema:app"));
	cr_assert(has_dep(&srv->base,
			  find(cat, "FOREIGN DATA WRAPPER", NULL, "w")->base.key));
	cr_assert(has_dep(&agg->base, "function:app.\"f(integer, integer)\""),
		  "agg deps: %s", agg->base.ndeps ? agg->base.deps[0] : "");
	cr_assert(has_dep(&r->base, "rel:app.t"));
	cr_assert(has_dep(&r->base, "rel:app.tt"));
	cr_assert(has_dep(&cls->base,
			  find(cat, "OPERATOR FAMILY", "app",
			       "fam USING btree")->base.key));
	cr_assert(!has_dep(&srv->base, ft->base.key));
	catalog_free(cat);
}

/* pg_dump writes a foreign table's grants and column comments as for a
 * table: they go with the foreign table. */
Test(pg_opaque, foreign_table_grant_and_column_comment)
{
	struct catalog *cat = load(
		"GRANT SELECT ON TABLE ft TO PUBLIC;\n"
		"COMMENT ON COLUMN public.ft.a IS 'x';\n"
		"CREATE SERVER s FOREIGN DATA WRAPPER w;\n"
		"CREATE FOREIGN TABLE ft (a int) SERVER s;\n"
		"ALTER FOREIGN TABLE ft OWNER TO bob;\n"
		"ALTER FOREIGN TABLE ft ALTER COLUMN a OPTIONS (ADD c 'd');\n");
	struct sd_opaque *ft = find(cat, "FOREIGN TABLE", "public", "ft");

	cr_assert(strstr(ft->definition, "GRANT SELECT ON TABLE ft TO PUBLIC"));
	cr_assert(strstr(ft->definition, "COMMENT ON COLUMN public.ft.a IS 'x'"));
	cr_assert(strstr(ft->definition, "OPTIONS (ADD c 'd')"));
	cr_assert(!strstr(ft->definition, "OWNER"));
	catalog_free(cat);
}

/* Each opaque change is a line of its own in the change descriptions (the
 * opaque branch of describe_one() once ran into the next change). */
Test(pg_opaque, described_one_line_each)
{
	struct catalog *from = load("CREATE AGGREGATE agg(int) (SFUNC = int4pl, STYPE = int);\n"
				    "CREATE TABLE t (a int, b int);\n"
				    "CREATE STATISTICS st ON a, b FROM t;\n");
	struct catalog *to = load("CREATE TABLE t (a int, b int);\n");
	struct changeset *cs = NULL;
	struct sd_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;

	cr_assert_eq(diff_catalogs(from, to, &cs, &err), 0, "%s", err.msg);
	changeset_describe(cs, &sb);
	cr_assert(strstr(sb.buf, "drop aggregate public.agg(integer)\n"),
		  "got:\n%s", sb.buf);
	cr_assert(strstr(sb.buf, "drop statistics public.st\n"), "got:\n%s",
		  sb.buf);
	changeset_free(cs);
	strbuf_release(&sb);
	catalog_free(from);
	catalog_free(to);
}
