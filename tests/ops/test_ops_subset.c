/*
 * tests/ops/test_ops_subset.c: on PostgreSQL, apply and drift send only
 * what differs from the live database through the scratch database
 * (ops/normalize.c, ops/live_canon.c), against the real server of
 * tests/harness/with-pg.sh. The statements run there are counted from
 * the OPS_EVENT_STATS event the normalization sends (its count), and
 * every result is checked on the database itself: the change is made,
 * and a second apply finds nothing left to do.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "schemadiff.h"
#include "tests/lib/ops_testlib.h"
#include "tests/lib/pg_testdb.h"
#include "util/strbuf.h"

#include "util/banned.h"

TestSuite(ops_subset, .fini = testdb_drop_all, .timeout = 600);

/* What the normalization told: statements run in the scratch database
 * (-1: no scratch database was made). */
struct scratch_count {
	long statements;
};

static void on_event(void *ctx, const struct ops_event *ev)
{
	struct scratch_count *c = ctx;

	if (ev->kind == OPS_EVENT_STATS &&
	    !strncmp(ev->message, "normalize: scratch database:", 28))
		c->statements = (long)ev->count;
}

/* n tables as people write them: serial keys, defaults of several kinds,
 * CHECKs, a foreign key to an earlier table (chains of them), unique
 * constraints, plain and partial indexes, an enum, a view now and then;
 * table `changed` gets the column `extra`. */
static void schema(struct strbuf *sql, int n, int changed)
{
	strbuf_addstr(sql, "CREATE SCHEMA app;\n"
		      "CREATE TYPE app.state AS ENUM ('new', 'active', 'closed');\n");
	for (int t = 0; t < n; t++) {
		strbuf_addf(sql, "CREATE TABLE app.t%d (\n"
			    "    id bigserial PRIMARY KEY,\n"
			    "    name varchar(64) NOT NULL DEFAULT 'n/a',\n"
			    "    born date DEFAULT CURRENT_DATE,\n"
			    "    at timestamptz NOT NULL DEFAULT now(),\n"
			    "    qty integer DEFAULT 0 CHECK (qty >= 0),\n"
			    "    state app.state NOT NULL DEFAULT 'new',\n"
			    "    doc jsonb DEFAULT '{}'::jsonb,\n", t);
		if (t > 0)
			strbuf_addf(sql, "    parent_id bigint REFERENCES app.t%d (id) ON DELETE CASCADE,\n",
				    t - 1 - (t * 7) % (t < 20 ? t : 20));
		if (t == changed)
			strbuf_addstr(sql, "    extra text,\n");
		strbuf_addf(sql, "    code varchar(32) UNIQUE,\n"
			    "    CONSTRAINT t%d_id_positive CHECK (id > 0)\n"
			    ");\n"
			    "CREATE INDEX t%d_name ON app.t%d (name, id DESC);\n",
			    t, t, t);
		if (t % 10 == 0)
			strbuf_addf(sql, "CREATE VIEW app.v%d AS SELECT id, name FROM app.t%d;\n"
				    "COMMENT ON TABLE app.t%d IS 'table %d';\n",
				    t, t, t, t);
	}
}

static void apply_counted(const char *url, const char *desired,
			  struct scratch_count *c,
			  struct ops_apply_result *res)
{
	const char *paths[1] = { desired };
	struct ops_apply_opts o = { 0 };
	struct sd_error err = { 0 };

	o.url = url;
	o.desired = paths;
	o.ndesired = 1;
	o.lock_timeout_ms = 5000;
	o.events.on_event = on_event;
	o.events.ctx = c;
	o.events.stats = true;
	c->statements = -1;
	cr_assert_eq(ops_apply(&o, res, &err), 0, "%s", err.msg);
}

Test(ops_subset, one_column_on_1000_tables)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, sql = STRBUF_INIT;
	struct strbuf desired = STRBUF_INIT, check = STRBUF_INIT;
	struct scratch_count c;
	struct ops_apply_result res;

	ops_pg_db("subset", &url);
	schema(&sql, 1000, -1);
	ops_exec(url.buf, sql.buf);
	strbuf_reset(&sql);
	schema(&sql, 1000, 500);
	ops_tmp_dir(&dir);
	ops_write(dir.buf, "desired.sql", sql.buf);
	strbuf_addf(&desired, "%s/desired.sql", dir.buf);

	apply_counted(url.buf, desired.buf, &c, &res);
	cr_expect(res.applied, "the change was applied");
	cr_expect_eq(res.nchanges, 1, "one change, not %zu:\n%s", res.nchanges,
		     res.sql.buf);
	cr_expect(strstr(res.sql.buf, "ADD COLUMN extra text"), "%s", res.sql.buf);
	/* the changed table with its index, sequence and view, the table
	 * its foreign key references (without its own), the schema and the
	 * enum: a handful (13 here), not the 1,000 tables */
	cr_expect_geq(c.statements, 1, "the changed table goes through the scratch database");
	cr_expect_leq(c.statements, 16, "%ld statements in the scratch database",
		      c.statements);
	ops_apply_result_release(&res);
	/* the database has it */
	strbuf_addstr(&check, "DO $$ BEGIN PERFORM extra FROM app.t500; END $$");
	ops_exec(url.buf, check.buf);

	/* applied: nothing left, and no scratch database at all */
	apply_counted(url.buf, desired.buf, &c, &res);
	cr_expect(res.no_changes, "nothing left to do:\n%s", res.sql.buf);
	cr_expect_eq(c.statements, -1, "no scratch database for a database that is as desired");
	ops_apply_result_release(&res);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&sql);
	strbuf_release(&desired);
	strbuf_release(&check);
}

/* What is read back in the server's own words depends on what it is
 * over: a view over a column whose type changes, an index over it, a
 * foreign key to a table that changes. Taken as they are live they would
 * not match what the server makes of them after the change (the
 * verification before COMMIT would fail); they go through the scratch
 * database with the changed table. */
Test(ops_subset, dependents_of_a_change)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, desired = STRBUF_INIT;
	struct scratch_count c;
	struct ops_apply_result res;
	const char *before =
		"CREATE TABLE a (id int PRIMARY KEY, v int NOT NULL);\n"
		"CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n"
		"CREATE TABLE other (id int PRIMARY KEY);\n"
		"CREATE VIEW va AS SELECT id, v + 1 AS w FROM a WHERE v > 0;\n"
		"CREATE VIEW vva AS SELECT w FROM va;\n"
		"CREATE INDEX a_v ON a ((v % 10)) WHERE v <> 3;\n";
	const char *after =
		"CREATE TABLE a (id int PRIMARY KEY, v bigint NOT NULL);\n"
		"CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n"
		"CREATE TABLE other (id int PRIMARY KEY);\n"
		"CREATE VIEW va AS SELECT id, v + 1 AS w FROM a WHERE v > 0;\n"
		"CREATE VIEW vva AS SELECT w FROM va;\n"
		"CREATE INDEX a_v ON a ((v % 10)) WHERE v <> 3;\n";

	ops_pg_db("subsetdeps", &url);
	ops_exec(url.buf, before);
	ops_tmp_dir(&dir);
	ops_write(dir.buf, "desired.sql", after);
	strbuf_addf(&desired, "%s/desired.sql", dir.buf);
	apply_counted(url.buf, desired.buf, &c, &res);
	cr_expect(res.applied, "applied, verification included");
	cr_expect(strstr(res.sql.buf, "TYPE bigint"), "%s", res.sql.buf);
	cr_expect_geq(c.statements, 1);
	ops_apply_result_release(&res);
	apply_counted(url.buf, desired.buf, &c, &res);
	cr_expect(res.no_changes, "nothing left to do:\n%s", res.sql.buf);
	ops_apply_result_release(&res);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&desired);
}

/* Defaults the server prints otherwise than people write them (a bit
 * string as '0101'::"bit", a function's text argument with its cast):
 * a database that is as desired needs no scratch database, and a
 * changed bit default is applied with its length and converges. */
Test(ops_subset, defaults_in_the_servers_words)
{
	struct strbuf url = STRBUF_INIT, dir = STRBUF_INIT, desired = STRBUF_INIT;
	struct scratch_count c;
	struct ops_apply_result res;
	const char *before =
		"CREATE TABLE d (id int PRIMARY KEY, b bit(8) DEFAULT B'00000000',\n"
		"  v varbit DEFAULT X'1F', l text DEFAULT lower('ABC'),\n"
		"  n int DEFAULT length('abc'));\n";
	const char *after =
		"CREATE TABLE d (id int PRIMARY KEY, b bit(8) DEFAULT B'00001111',\n"
		"  v varbit DEFAULT X'1F', l text DEFAULT lower('ABC'),\n"
		"  n int DEFAULT length('abc'));\n";

	ops_pg_db("subsetdefaults", &url);
	ops_exec(url.buf, before);
	ops_tmp_dir(&dir);
	ops_write(dir.buf, "desired.sql", before);
	strbuf_addf(&desired, "%s/desired.sql", dir.buf);
	apply_counted(url.buf, desired.buf, &c, &res);
	cr_expect(res.no_changes, "nothing to do:\n%s", res.sql.buf);
	cr_expect_eq(c.statements, -1, "no scratch database (%ld statements)",
		     c.statements);
	ops_apply_result_release(&res);

	ops_write(dir.buf, "desired.sql", after);
	apply_counted(url.buf, desired.buf, &c, &res);
	cr_expect(res.applied, "applied, verification included");
	/* (the server's text of the scratch database: all 8 bits) */
	cr_expect(strstr(res.sql.buf, "SET DEFAULT '00001111'::\"bit\""),
		  "%s", res.sql.buf);
	ops_apply_result_release(&res);
	apply_counted(url.buf, desired.buf, &c, &res);
	cr_expect(res.no_changes, "nothing left to do:\n%s", res.sql.buf);
	cr_expect_eq(c.statements, -1, "no scratch database");
	ops_apply_result_release(&res);

	ops_tmp_remove(dir.buf);
	strbuf_release(&url);
	strbuf_release(&dir);
	strbuf_release(&desired);
}
