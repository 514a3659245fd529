/*
 * tests/drivers/test_pg_versions.c: PostgreSQL 13 to 18.
 *
 * pg_catalog_queries (no server): the catalog query of each version
 * (drivers/pg_catalog_queries.c): which column text each server version
 * gets, that every marker of the shipped queries is known on every
 * version, and the refusals (servers before 13, unknown markers).
 *
 * pg_versions (a real server, SD_TEST_PG_URL; make check-versions runs it
 * on each version of the matrix): objects that use what this server's
 * version adds are created and read back, and the model fields that hold
 * them are checked: on 18 virtual generated columns, named, NO INHERIT
 * and NOT VALID NOT NULL constraints, NOT ENFORCED, WITHOUT OVERLAPS and
 * PERIOD; on 17 domain NOT NULL names, the builtin collation provider and
 * MAINTAIN; on 16 ICU rules; on 14 column compression; on every version
 * the plain objects, the defaults left NULL.
 *
 * Memory: each test frees its catalog and buffers.
 */
#include <criterion/criterion.h>
#include <libpq-fe.h>
#include <string.h>

#include "drivers/pg_catalog_queries.h"
#include "drivers/pg_introspect_collation.h"
#include "drivers/pg_introspect_type.h"
#include "model/catalog.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "tests/lib/pg_testdb.h"

#include "util/banned.h"

static const int versions[] = { 130000, 140000, 150000, 160000, 170000,
				180000 };
#define NVERSIONS (sizeof(versions) / sizeof(*versions))

static char *query(const char *sql, int version)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(pg_catalog_query(&sb, sql, version, &err), 0,
		     "version %d: %s", version, err.msg);
	return strbuf_detach(&sb, NULL);
}

Test(pg_catalog_queries, columns_by_version)
{
	static const struct {
		const char *marker;
		int since;
		const char *now, *before;
	} cases[] = {
		{ "attcompression", 140000, "a.attcompression",
		  "NULL::\"char\"" },
		{ "rngmultitypid", 140000, "r.rngmultitypid", "0::oid" },
		{ "indnullsnotdistinct", 150000, "i.indnullsnotdistinct",
		  "false" },
		{ "collicurules", 160000, "c.collicurules", "NULL::text" },
		{ "conperiod", 180000, "k.conperiod", "false" },
		{ "conenforced", 180000, "k.conenforced", "true" },
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++)
		for (size_t v = 0; v < NVERSIONS; v++) {
			const char *want = versions[v] >= cases[c].since ?
						   cases[c].now :
						   cases[c].before;
			struct strbuf sql = STRBUF_INIT;
			char *got;

			strbuf_addf(&sql, "SELECT {{%s}} FROM x",
				    cases[c].marker);
			got = query(sql.buf, versions[v]);
			cr_expect(strstr(got, want) && !strstr(got, "{{"),
				  "%s on %d: %s (want %s)", cases[c].marker,
				  versions[v], got, want);
			cr_expect_str_eq(pg_catalog_column(cases[c].marker,
							   versions[v]),
					 want);
			free(got);
			strbuf_release(&sql);
		}
	/* a minor release counts as its major */
	cr_expect_str_eq(pg_catalog_column("attcompression", 130023),
			 "NULL::\"char\"");
	cr_expect_str_eq(pg_catalog_column("conperiod", 180004),
			 "k.conperiod");
	cr_expect_null(pg_catalog_column("no_such_column", 180000));
}

Test(pg_catalog_queries, shipped_queries_have_known_markers)
{
	const char *const shipped[] = { pg_sql_collations, pg_sql_ranges,
					pg_sql_domains };

	for (size_t q = 0; q < sizeof(shipped) / sizeof(*shipped); q++)
		for (size_t v = 0; v < NVERSIONS; v++) {
			char *got = query(shipped[q], versions[v]);
			cr_expect_null(strstr(got, "{{"), "%d: %s",
				       versions[v], got);
			free(got);
		}
}

Test(pg_catalog_queries, refusals)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_error err;

	sd_error_clear(&err);
	cr_expect_neq(pg_catalog_query(&sb, "SELECT 1", 120000, &err), 0);
	cr_expect_eq(err.code, SD_ERR_UNSUPPORTED);
	cr_expect(strstr(err.msg, "PostgreSQL 13 or later"), "%s", err.msg);
	sd_error_clear(&err);
	cr_expect_neq(pg_catalog_query(&sb, "SELECT {{attnothere}}", 180000,
				       &err), 0);
	cr_expect(strstr(err.msg, "unknown catalog marker"), "%s", err.msg);
	sd_error_clear(&err);
	cr_expect_neq(pg_catalog_query(&sb, "SELECT {{open", 180000, &err),
		      0);
	/* text without markers is kept as it is */
	cr_expect_eq(pg_catalog_query(&sb, "SELECT '{' FROM t", 130000, &err),
		     0);
	cr_expect_str_eq(sb.buf, "SELECT '{' FROM t");
	strbuf_release(&sb);
}

/* --- on a live server: whatever its version is --- */

TestSuite(pg_versions, .fini = testdb_drop_all, .timeout = 300);

static struct sd_column *column(struct catalog *cat, const char *table,
				const char *name)
{
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", table);

	cr_assert_not_null(t, "table %s not read", table);
	struct sd_column *c = table_find_column(t, name);
	cr_assert_not_null(c, "column %s.%s not read", table, name);
	return c;
}

static struct sd_constraint *constraint(struct catalog *cat,
					const char *table, const char *name)
{
	struct sd_table *t = catalog_find(cat, SD_TABLE, "public", table);

	cr_assert_not_null(t, "table %s not read", table);
	for (size_t i = 0; i < t->nconstraints; i++)
		if (!strcmp(t->constraints[i].name, name))
			return &t->constraints[i];
	cr_assert_fail("constraint %s on %s not read", name, table);
	return NULL;
}

static bool has_grant(struct sd_object *obj, const char *priv)
{
	return object_find_grant(obj, "sd_pgver_role", NULL, priv) != NULL;
}

Test(pg_versions, every_version_reads_its_features)
{
	PGconn *conn = testdb_create("sd_pgver", "features");
	int v = PQserverVersion(conn);
	struct catalog *cat;
	struct sd_column *c;
	struct sd_constraint *k;

	testdb_exec_sql(conn, "CREATE ROLE sd_pgver_role", NULL, 0);
	testdb_exec(conn,
		    "CREATE TABLE plain (a int NOT NULL, b text,"
		    " g int GENERATED ALWAYS AS (a * 2) STORED,"
		    " CONSTRAINT plain_pk PRIMARY KEY (a));"
		    "ALTER TABLE plain ADD CONSTRAINT ck CHECK (a > 0)"
		    " NOT VALID;"
		    "CREATE TYPE fr AS RANGE (subtype = float8);"
		    "CREATE DOMAIN dn AS int NOT NULL;"
		    "GRANT ALL ON plain TO sd_pgver_role");
	if (v >= 140000)
		testdb_exec(conn, "ALTER TABLE plain ALTER b SET COMPRESSION"
				  " pglz");
	if (v >= 150000)
		testdb_exec(conn, "CREATE TABLE nnd (a int,"
				  " CONSTRAINT nnd_u UNIQUE NULLS NOT DISTINCT (a))");
	if (v >= 160000)
		testdb_exec(conn, "CREATE COLLATION ru (provider = icu,"
				  " locale = 'und', rules = '&a < g')");
	if (v >= 170000)
		testdb_exec(conn, "CREATE COLLATION bi (provider = builtin,"
				  " locale = 'C.UTF-8');"
				  "CREATE DOMAIN dnn AS int CONSTRAINT dnn_named"
				  " NOT NULL");
	if (v >= 180000)
		testdb_exec(conn,
			    "CREATE EXTENSION btree_gist;"
			    "CREATE TABLE n18 (a int NOT NULL,"
			    " b int CONSTRAINT b_named NOT NULL,"
			    " c int NOT NULL NO INHERIT, d int,"
			    " v int GENERATED ALWAYS AS (a + 1) VIRTUAL,"
			    " r int4range,"
			    " CONSTRAINT ne CHECK (a > 0) NOT ENFORCED,"
			    " CONSTRAINT n18_pk PRIMARY KEY (a, r WITHOUT OVERLAPS));"
			    "ALTER TABLE n18 ADD CONSTRAINT d_nv NOT NULL d"
			    " NOT VALID;"
			    "CREATE TABLE f18 (a int, r int4range,"
			    " CONSTRAINT per FOREIGN KEY (a, PERIOD r)"
			    " REFERENCES n18 (a, PERIOD r),"
			    " CONSTRAINT fne FOREIGN KEY (a) REFERENCES plain"
			    " NOT ENFORCED)");
	cat = testdb_introspect(conn);

	/* every version: the plain objects, the new fields at their zero */
	c = column(cat, "plain", "g");
	cr_expect_not_null(c->generated);
	cr_expect_not(c->gen_virtual, "a STORED column read as virtual");
	c = column(cat, "plain", "a");
	cr_expect(c->not_null);
	cr_expect_null(c->not_null_name, "default name kept: %s",
		       c->not_null_name);
	cr_expect_not(c->not_null_no_inherit || c->not_null_not_valid);
	k = constraint(cat, "plain", "ck");
	cr_expect(k->not_valid);
	cr_expect_not(k->not_enforced);
	k = constraint(cat, "plain", "plain_pk");
	cr_expect_not(k->without_overlaps);
	struct sd_type *dn = catalog_find(cat, SD_TYPE, "public", "dn");
	cr_assert_not_null(dn);
	cr_expect(dn->not_null);
	cr_expect_null(dn->not_null_name, "%s", dn->not_null_name);
	struct sd_type *fr = catalog_find(cat, SD_TYPE, "public", "fr");
	cr_expect_not_null(fr, "range type not read");
	struct sd_object *plain = catalog_find(cat, SD_TABLE, "public",
					       "plain");
	cr_expect(has_grant(plain, "TRUNCATE"));
	cr_expect_eq(has_grant(plain, "MAINTAIN"), v >= 170000,
		     "MAINTAIN on %d", v);

	if (v >= 140000)
		cr_expect_str_eq(column(cat, "plain", "b")->compression,
				 "pglz");
	else
		cr_expect_null(column(cat, "plain", "b")->compression);
	if (v >= 150000)
		cr_expect(constraint(cat, "nnd", "nnd_u")->nulls_not_distinct);
	if (v >= 160000) {
		struct sd_collation *co = catalog_find(cat, SD_COLLATION,
						       "public", "ru");
		cr_assert_not_null(co);
		cr_expect_eq(co->provider, 'i');
		cr_expect_str_eq(co->rules, "&a < g");
	}
	if (v >= 170000) {
		struct sd_collation *co = catalog_find(cat, SD_COLLATION,
						       "public", "bi");
		cr_assert_not_null(co);
		cr_expect_eq(co->provider, 'b');
		cr_expect_str_eq(co->locale, "C.UTF-8");
		struct sd_type *d = catalog_find(cat, SD_TYPE, "public", "dnn");
		cr_assert_not_null(d);
		cr_expect(d->not_null);
		cr_expect_str_eq(d->not_null_name, "dnn_named");
	}
	if (v >= 180000) {
		c = column(cat, "n18", "v");
		cr_expect(c->gen_virtual);
		cr_expect_not_null(c->generated);
		cr_expect_null(column(cat, "n18", "a")->not_null_name);
		cr_expect_str_eq(column(cat, "n18", "b")->not_null_name,
				 "b_named");
		c = column(cat, "n18", "c");
		cr_expect(c->not_null && c->not_null_no_inherit);
		c = column(cat, "n18", "d");
		cr_expect(c->not_null && c->not_null_not_valid);
		cr_expect_str_eq(c->not_null_name, "d_nv");
		k = constraint(cat, "n18", "ne");
		cr_expect(k->not_enforced);
		cr_expect_not(k->not_valid, "NOT ENFORCED read as NOT VALID");
		k = constraint(cat, "n18", "n18_pk");
		cr_expect(k->without_overlaps);
		cr_expect_eq(k->ncolumns, 2);
		k = constraint(cat, "f18", "per");
		cr_expect(k->period);
		cr_expect_not(k->not_enforced);
		k = constraint(cat, "f18", "fne");
		cr_expect(k->not_enforced);
		cr_expect_not(k->period);
	}
	catalog_free(cat);
}
