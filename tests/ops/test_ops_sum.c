/*
 * tests/ops/test_ops_sum.c: schemadiff.sum, plan --rebase, provision and
 * squash through the engine (ops_sum_check, ops_plan, ops_provision,
 * ops_squash, ops_migrate), on the harness's PostgreSQL server where a
 * database is needed. Two copies of one root each plan a version 3 (two
 * branches); the merged root (one's folder, both sum lines) is refused
 * naming version 3, and a rebase plans the other's change as version 4.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemadiff.h"
#include "tests/lib/ops_testlib.h"
#include "tests/lib/pg_testdb.h"
#include "util/fileio.h"

#include "util/banned.h"

TestSuite(ops_sum, .fini = testdb_drop_all, .timeout = 180);

static int plan_desired(const char *dir, const char *root, const char *sql,
			bool rebase, struct ops_plan_result *res,
			struct sd_error *err)
{
	struct strbuf file = STRBUF_INIT;
	const char *paths[1];
	struct ops_plan_opts o = { 0 };
	int rc;

	ops_write(dir, "desired.sql", sql);
	strbuf_addf(&file, "%s/desired.sql", dir);
	paths[0] = file.buf;
	o.schema_root = root;
	o.desired = paths;
	o.ndesired = 1;
	o.rebase = rebase;
	rc = ops_plan(&o, res, err);
	strbuf_release(&file);
	return rc;
}

static void read_text(const char *path, struct strbuf *out)
{
	struct sd_error err = { 0 };

	strbuf_reset(out);
	cr_assert_eq(sd_read_file(out, path, &err), 0, "%s", err.msg);
}

Test(ops_sum, two_branches_then_rebase)
{
	static const char *const v[] = {
		"CREATE TABLE t (id int PRIMARY KEY);",
		"CREATE TABLE t (id int PRIMARY KEY, name text);",
	};
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, other = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct strbuf cmd = STRBUF_INIT;
	struct ops_plan_result res = { 0 };
	struct sd_error err = { 0 };
	struct schema_root *sr = NULL;
	struct ops_sum_check sc;
	struct ops_rec rec;
	struct ops_events ev;

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", v, 2, &root);
	strbuf_addf(&other, "%s/other", dir.buf);
	strbuf_addf(&cmd, "cp -R '%s' '%s'", root.buf, other.buf);
	cr_assert_eq(system(cmd.buf), 0);
	/* branch a (root) and branch b (other) each plan version 3 */
	cr_assert_eq(plan_desired(dir.buf, root.buf,
				  "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
				  "CREATE TABLE a (id int);", false, &res, &err), 0, "%s", err.msg);
	cr_expect_str_eq(res.version, "3");
	cr_expect(res.sum_written);
	ops_plan_result_release(&res);
	cr_assert_eq(plan_desired(dir.buf, other.buf,
				  "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
				  "CREATE TABLE b (id int);", false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	/* the merge: a's folder 3, both branches' sum lines (merge=union) */
	strbuf_addf(&path, "%s/schemadiff.sum", root.buf);
	read_text(path.buf, &a);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/schemadiff.sum", other.buf);
	read_text(path.buf, &b);
	strbuf_addstr(&a, strstr(b.buf, "\n3 ") + 1);
	ops_write(root.buf, "schemadiff.sum", a.buf);

	cr_assert_eq(spec_read(root.buf, &sr, &err), 0, "%s", err.msg);
	ops_rec_init(&rec);
	ev = ops_rec_events(&rec);
	cr_expect_eq(ops_sum_check(sr, &ev, &sc, &err), SD_ERR_CONFLICT);
	cr_expect(strstr(err.msg, "version 3 was added on two branches"), "%s", err.msg);
	cr_expect(strstr(err.file, "schemadiff.sum"), "%s", err.file);
	cr_expect_gt(err.line, 0);
	spec_free(sr);
	ops_rec_release(&rec);

	/* plan refuses the root, and writes nothing */
	cr_expect_eq(plan_desired(dir.buf, root.buf,
				  "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
				  "CREATE TABLE a (id int);\nCREATE TABLE b (id int);",
				  false, &res, &err), SD_ERR_CONFLICT);
	cr_expect(!ops_exists(root.buf, "4"));
	ops_plan_result_release(&res);
	/* the rebase plans b's change as version 4; the sum matches again */
	cr_assert_eq(plan_desired(dir.buf, root.buf,
				  "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
				  "CREATE TABLE a (id int);\nCREATE TABLE b (id int);",
				  true, &res, &err), 0, "%s", err.msg);
	cr_expect_str_eq(res.version, "4");
	cr_expect(strstr(res.sql.buf, "CREATE TABLE public.b"), "%s", res.sql.buf);
	cr_expect(!strstr(res.sql.buf, "public.a"), "%s", res.sql.buf);
	ops_plan_result_release(&res);
	cr_assert_eq(spec_read(root.buf, &sr, &err), 0, "%s", err.msg);
	cr_expect_eq(ops_sum_check(sr, NULL, &sc, &err), 0, "%s", err.msg);
	cr_expect(sc.present);
	spec_free(sr);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&other);
	strbuf_release(&path);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&cmd);
}

/* An extension created in version 1 and dropped in version 2, which the
 * server does not have: migrate fails on it, provision does not. Then a
 * squash to 3: a database provisioned at 2 migrates on (data kept), one
 * at 3 continues unchanged. */
Test(ops_sum, provision_then_squash)
{
	static const char *const v[] = {
		"CREATE TABLE t (id int PRIMARY KEY);",
		"CREATE TABLE t (id int PRIMARY KEY, name text);",
		("CREATE TABLE t (id int PRIMARY KEY, name text);\n"
		 "CREATE TABLE u (id int PRIMARY KEY);"),
	};
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, url = STRBUF_INIT;
	struct strbuf old = STRBUF_INIT, fresh = STRBUF_INIT;
	struct ops_provision_opts po = { 0 };
	struct ops_provision_result pr = { 0 };
	struct ops_migrate_opts mo = { 0 };
	struct ops_migrate_result mr = { 0 };
	struct ops_squash_opts so = { 0 };
	struct ops_squash_result sr = { 0 };
	struct sd_error err = { 0 };

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", v, 3, &root);
	/* version 1 also creates, version 2 drops, an extension that no
	 * server has */
	{
		struct strbuf f = STRBUF_INIT, t = STRBUF_INIT;
		struct schema_root *r = NULL;

		strbuf_addf(&f, "%s/1/revisions.sql", root.buf);
		read_text(f.buf, &t);
		strbuf_reset(&f);
		strbuf_addf(&f, "CREATE EXTENSION sd_never_installed;\n%s", t.buf);
		ops_write(root.buf, "1/revisions.sql", f.buf);
		strbuf_reset(&f);
		strbuf_addf(&f, "%s/2/revisions.sql", root.buf);
		read_text(f.buf, &t);
		strbuf_reset(&f);
		strbuf_addf(&f, "DROP EXTENSION sd_never_installed;\n%s", t.buf);
		ops_write(root.buf, "2/revisions.sql", f.buf);
		cr_assert_eq(spec_read(root.buf, &r, &err), 0, "%s", err.msg);
		cr_assert_eq(ops_sum_write(r, &err), 0, "%s", err.msg);
		spec_free(r);
		strbuf_release(&f);
		strbuf_release(&t);
	}

	ops_pg_db("prov", &url);
	mo.url = url.buf;
	mo.schema_root = root.buf;
	mo.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	cr_expect_neq(ops_migrate(&mo, &mr, &err), 0, "replaying version 1 fails");
	ops_migrate_result_release(&mr);

	ops_pg_db("prov2", &fresh);
	po.url = fresh.buf;
	po.schema_root = root.buf;
	po.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	cr_assert_eq(ops_provision(&po, &pr, &err), 0, "%s", err.msg);
	cr_expect(pr.provisioned);
	cr_expect_str_eq(pr.version, "3");
	cr_expect_eq(pr.nrecorded, 3);
	ops_provision_result_release(&pr);
	/* provision again: refused, it is not empty */
	cr_expect_eq(ops_provision(&po, &pr, &err), SD_ERR_CONFLICT);
	ops_provision_result_release(&pr);

	/* a database at version 2 (version 1 cannot run on this server) */
	ops_pg_db("old", &old);
	po.url = old.buf;
	po.version = "2";
	cr_assert_eq(ops_provision(&po, &pr, &err), 0, "%s", err.msg);
	ops_provision_result_release(&pr);
	ops_exec(old.buf, "INSERT INTO t VALUES (1, 'kept')");
	so.schema_root = root.buf;
	so.to = "3";
	cr_assert_eq(ops_squash(&so, &sr, &err), 0, "%s", err.msg);
	cr_expect(sr.written);
	cr_expect_eq(sr.nsquashed, 3);
	cr_expect(!strstr(sr.sql.buf, "sd_never_installed"), "%s", sr.sql.buf);
	ops_squash_result_release(&sr);
	cr_expect(!ops_exists(root.buf, "1") && !ops_exists(root.buf, "2"));
	mo.url = old.buf;
	cr_assert_eq(ops_migrate(&mo, &mr, &err), 0, "%s", err.msg);
	cr_expect_eq(mr.napplied, 1);
	cr_expect_str_eq(mr.at, "3");
	ops_migrate_result_release(&mr);
	{
		/* the database equals the squashed root at 3, and t kept
		 * its row (the UPDATE finds it) */
		struct strbuf at = STRBUF_INIT;
		struct ops_diff_opts d = { 0 };
		struct ops_diff_result dr;

		strbuf_addf(&at, "%s@3", root.buf);
		d.from = old.buf;
		d.to = at.buf;
		d.dialect = OPS_DIALECT_AUTO;
		cr_assert_eq(ops_diff(&d, &dr, &err), 0, "%s", err.msg);
		cr_expect(!dr.differs, "not version 3:\n%s", dr.sql.buf);
		ops_diff_result_release(&dr);
		strbuf_release(&at);
		ops_exec(old.buf, "DO $$ BEGIN IF (SELECT name FROM t WHERE id = 1) IS DISTINCT FROM 'kept' THEN RAISE 'row lost'; END IF; END $$");
	}
	/* the one at 3 continues unchanged */
	mo.url = fresh.buf;
	cr_assert_eq(ops_migrate(&mo, &mr, &err), 0, "%s", err.msg);
	cr_expect_eq(mr.napplied, 0);
	cr_expect_eq(mr.nmismatches, 0);
	ops_migrate_result_release(&mr);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&url);
	strbuf_release(&old);
	strbuf_release(&fresh);
}

/* ops_plan on root with the desired SQL sql, as version (NULL: the next),
 * --rebase when rebase. */
static int plan_as(const char *dir, const char *root, const char *sql,
		   const char *version, bool rebase,
		   struct ops_plan_result *res, struct sd_error *err)
{
	struct strbuf file = STRBUF_INIT;
	const char *paths[1];
	struct ops_plan_opts o = { 0 };
	int rc;

	ops_write(dir, "desired.sql", sql);
	strbuf_addf(&file, "%s/desired.sql", dir);
	paths[0] = file.buf;
	o.schema_root = root;
	o.desired = paths;
	o.ndesired = 1;
	o.version = version;
	o.rebase = rebase;
	memset(res, 0, sizeof(*res));
	rc = ops_plan(&o, res, err);
	strbuf_release(&file);
	return rc;
}

/* The merge of other's versions vs (folders, history entries and sum
 * lines) into root, as git does it with schemadiff.sum merge=union. */
static void merge_versions(const char *root, const char *other,
			   const char *const *vs, size_t n)
{
	struct strbuf cmd = STRBUF_INIT, path = STRBUF_INIT, sum = STRBUF_INIT;
	struct strbuf theirs = STRBUF_INIT, sj = STRBUF_INIT;

	strbuf_addf(&path, "%s/schemadiff.sum", root);
	read_text(path.buf, &sum);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/schemadiff.sum", other);
	read_text(path.buf, &theirs);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/schema.json", root);
	read_text(path.buf, &sj);
	for (size_t i = 0; i < n; i++) {
		struct strbuf entry = STRBUF_INIT, line = STRBUF_INIT;
		char *at, *hist;

		strbuf_reset(&cmd);
		strbuf_addf(&cmd, "cp -R '%s/%s' '%s/%s'", other, vs[i], root, vs[i]);
		cr_assert_eq(system(cmd.buf), 0);
		strbuf_addf(&line, "\n%s ", vs[i]);
		at = strstr(theirs.buf, line.buf);
		cr_assert(at, "no sum line for %s", vs[i]);
		strbuf_add(&sum, at + 1, strcspn(at + 1, "\n") + 1);
		hist = strstr(sj.buf, "\"version-history\": {");
		cr_assert(hist);
		hist += strlen("\"version-history\": {");
		strbuf_add(&entry, sj.buf, (size_t)(hist - sj.buf));
		strbuf_addf(&entry, "\n    \"%s\": \"%s\",%s", vs[i], vs[i], hist);
		strbuf_reset(&sj);
		strbuf_addstr(&sj, entry.buf);
		strbuf_release(&entry);
		strbuf_release(&line);
	}
	ops_write(root, "schemadiff.sum", sum.buf);
	ops_write(root, "schema.json", sj.buf);
	strbuf_release(&cmd);
	strbuf_release(&path);
	strbuf_release(&sum);
	strbuf_release(&theirs);
	strbuf_release(&sj);
}

/* Two versions of one branch (10, 11: a table, then a column of it
 * renamed) are planned again one by one on top of the other branch's
 * 3 and 4, as 5 and 6: the rename stays a rename, the history replays to
 * the desired files. Then both branches add t.y with two types: the
 * rebase names our version and the column and leaves the root as it was. */
Test(ops_sum, rebase_versions_one_by_one)
{
	static const char *const v[] = {
		"CREATE TABLE t (id int PRIMARY KEY);",
		"CREATE TABLE t (id int PRIMARY KEY, name text);",
	};
	static const char *const ours[] = { "10", "11" };
	static const char *const ours2[] = { "20" };
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, other = STRBUF_INIT;
	struct strbuf cmd = STRBUF_INIT, text = STRBUF_INIT, path = STRBUF_INIT;
	struct ops_plan_result res = { 0 };
	struct sd_error err = { 0 };
	struct schema_root *sr = NULL;
	struct ops_sum_check sc;

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", v, 2, &root);
	strbuf_addf(&other, "%s/other", dir.buf);
	strbuf_addf(&cmd, "cp -R '%s' '%s'", root.buf, other.buf);
	cr_assert_eq(system(cmd.buf), 0);
	/* theirs: 3 and 4 */
	cr_assert_eq(plan_as(dir.buf, root.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
			     "CREATE TABLE a (id int);", NULL, false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	cr_assert_eq(plan_as(dir.buf, root.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text, x int);\n"
			     "CREATE TABLE a (id int);", NULL, false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	/* ours: 10 and 11 */
	cr_assert_eq(plan_as(dir.buf, other.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
			     "CREATE TABLE b (id int, note text);", "10", false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	cr_assert_eq(plan_as(dir.buf, other.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
			     "CREATE TABLE b (id int,\n"
			     "  -- schemadiff:renamed-from note\n"
			     "  memo text);", "11", false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	merge_versions(root.buf, other.buf, ours, 2);

	cr_assert_eq(plan_as(dir.buf, root.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text, x int);\n"
			     "CREATE TABLE a (id int);\n"
			     "CREATE TABLE b (id int, memo text);", NULL, true, &res, &err), 0, "%s", err.msg);
	cr_expect_str_eq(res.rebased, "10, 11");
	cr_expect_str_eq(res.rebased_as, "5, 6");
	cr_expect(res.written && res.sum_written);
	ops_plan_result_release(&res);
	cr_expect(!ops_exists(root.buf, "10") && !ops_exists(root.buf, "11"));
	strbuf_addf(&path, "%s/5/revisions.sql", root.buf);
	read_text(path.buf, &text);
	cr_expect(strstr(text.buf, "CREATE TABLE public.b") &&
		  strstr(text.buf, "note text") && !strstr(text.buf, "public.a") &&
		  !strstr(text.buf, " x "), "%s", text.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/6/revisions.sql", root.buf);
	read_text(path.buf, &text);
	cr_expect(strstr(text.buf, "ALTER TABLE public.b RENAME COLUMN note TO memo;") &&
		  !strstr(text.buf, "DROP"), "%s", text.buf);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/6/version.json", root.buf);
	read_text(path.buf, &text);
	cr_expect(strstr(text.buf, "\"renames\"") && strstr(text.buf, "public.b.note"),
		  "%s", text.buf);
	cr_assert_eq(spec_read(root.buf, &sr, &err), 0, "%s", err.msg);
	cr_expect_eq(sr->nversions, 6);
	cr_expect_eq(ops_sum_check(sr, NULL, &sc, &err), 0, "%s", err.msg);
	spec_free(sr);
	/* the history reaches the desired files: nothing more to plan */
	cr_assert_eq(plan_as(dir.buf, root.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text, x int);\n"
			     "CREATE TABLE a (id int);\n"
			     "CREATE TABLE b (id int, memo text);", NULL, false, &res, &err), 0, "%s", err.msg);
	cr_expect(res.no_changes);
	ops_plan_result_release(&res);

	/* t.y on both branches: theirs int (7), ours text (20) */
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "rm -rf '%s' && cp -R '%s' '%s'", other.buf, root.buf, other.buf);
	cr_assert_eq(system(cmd.buf), 0);
	cr_assert_eq(plan_as(dir.buf, root.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text, x int, y int);\n"
			     "CREATE TABLE a (id int);\n"
			     "CREATE TABLE b (id int, memo text);", NULL, false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	cr_assert_eq(plan_as(dir.buf, other.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text, x int, y text);\n"
			     "CREATE TABLE a (id int);\n"
			     "CREATE TABLE b (id int, memo text);", "20", false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	merge_versions(root.buf, other.buf, ours2, 1);
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "cp -R '%s' '%s/before'", root.buf, dir.buf);
	cr_assert_eq(system(cmd.buf), 0);
	cr_expect_neq(plan_as(dir.buf, root.buf,
			      "CREATE TABLE t (id int PRIMARY KEY, name text, x int, y text);\n"
			      "CREATE TABLE a (id int);\n"
			      "CREATE TABLE b (id int, memo text);", NULL, true, &res, &err), 0);
	ops_plan_result_release(&res);
	cr_expect(strstr(err.msg, "rebase: version 20 does not apply on top of version 7") &&
		  strstr(err.msg, "column \"y\""), "%s", err.msg);
	cr_expect(strstr(err.file, "/20/revisions.sql") && err.line > 0, "%s:%d", err.file, err.line);
	strbuf_reset(&cmd);
	strbuf_addf(&cmd, "diff -r '%s' '%s/before' >/dev/null && [ -z \"$(ls -d '%s'.rebase* 2>/dev/null)\" ]",
		    root.buf, dir.buf, root.buf);
	cr_expect_eq(system(cmd.buf), 0, "the root changed, or a copy stayed");

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&other);
	strbuf_release(&cmd);
	strbuf_release(&text);
	strbuf_release(&path);
}

/* A rename on a table whose name holds a dot ("b.x"): version.json
 * records it with the part quoted, and the rebase reads it back as the
 * same rename (it was split at the wrong dot: planned as drop + add). */
Test(ops_sum, rebase_keeps_a_rename_in_a_dotted_name)
{
	static const char *const v[] = { "CREATE TABLE t (id int PRIMARY KEY);" };
	static const char *const ours[] = { "10", "11" };
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, other = STRBUF_INIT;
	struct strbuf cmd = STRBUF_INIT, text = STRBUF_INIT, path = STRBUF_INIT;
	struct ops_plan_result res = { 0 };
	struct sd_error err = { 0 };

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", v, 1, &root);
	strbuf_addf(&other, "%s/other", dir.buf);
	strbuf_addf(&cmd, "cp -R '%s' '%s'", root.buf, other.buf);
	cr_assert_eq(system(cmd.buf), 0);
	cr_assert_eq(plan_as(dir.buf, root.buf,
			     "CREATE TABLE t (id int PRIMARY KEY);\n"
			     "CREATE TABLE a (id int);", NULL, false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	cr_assert_eq(plan_as(dir.buf, other.buf,
			     "CREATE TABLE t (id int PRIMARY KEY);\n"
			     "CREATE TABLE \"b.x\" (id int, \"n.o\" text);", "10", false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	cr_assert_eq(plan_as(dir.buf, other.buf,
			     "CREATE TABLE t (id int PRIMARY KEY);\n"
			     "CREATE TABLE \"b.x\" (id int,\n"
			     "  -- schemadiff:renamed-from \"n.o\"\n"
			     "  memo text);", "11", false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	strbuf_addf(&path, "%s/11/version.json", other.buf);
	read_text(path.buf, &text);
	cr_expect(strstr(text.buf, "\"public.\\\"b.x\\\".\\\"n.o\\\"\""), "%s", text.buf);
	merge_versions(root.buf, other.buf, ours, 2);

	cr_assert_eq(plan_as(dir.buf, root.buf,
			     "CREATE TABLE t (id int PRIMARY KEY);\n"
			     "CREATE TABLE a (id int);\n"
			     "CREATE TABLE \"b.x\" (id int, memo text);", NULL, true, &res, &err), 0, "%s", err.msg);
	cr_expect_str_eq(res.rebased, "10, 11");
	ops_plan_result_release(&res);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/4/revisions.sql", root.buf);
	read_text(path.buf, &text);
	cr_expect(strstr(text.buf, "RENAME COLUMN \"n.o\" TO memo") &&
		  !strstr(text.buf, "DROP"), "%s", text.buf);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&other);
	strbuf_release(&cmd);
	strbuf_release(&text);
	strbuf_release(&path);
}

/* Sequential numbers written on both branches: theirs 3 (kept in the
 * merge), ours 3 (lost: its folder is theirs) and 4. Our 4 was planned on
 * our 3 and cannot be replayed without it: the rebase takes 4 out and
 * plans the desired files as one version in their place (4 again: after
 * theirs). */
Test(ops_sum, rebase_after_a_lost_folder)
{
	static const char *const v[] = {
		"CREATE TABLE t (id int PRIMARY KEY);",
		"CREATE TABLE t (id int PRIMARY KEY, name text);",
	};
	static const char *const four[] = { "4" };
	struct strbuf dir = STRBUF_INIT, root = STRBUF_INIT, other = STRBUF_INIT;
	struct strbuf cmd = STRBUF_INIT, text = STRBUF_INIT, path = STRBUF_INIT;
	struct strbuf sum = STRBUF_INIT, theirs = STRBUF_INIT;
	struct ops_plan_result res = { 0 };
	struct sd_error err = { 0 };
	struct schema_root *sr = NULL;
	struct ops_sum_check sc;
	struct ops_rec rec;
	struct ops_events ev;
	struct ops_plan_opts o = { 0 };
	const char *paths[1];
	char *at;

	ops_tmp_dir(&dir);
	ops_make_root(dir.buf, "postgresql", v, 2, &root);
	strbuf_addf(&other, "%s/other", dir.buf);
	strbuf_addf(&cmd, "cp -R '%s' '%s'", root.buf, other.buf);
	cr_assert_eq(system(cmd.buf), 0);
	cr_assert_eq(plan_as(dir.buf, root.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
			     "CREATE TABLE a (id int);", NULL, false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	cr_assert_eq(plan_as(dir.buf, other.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
			     "CREATE TABLE b (id int);", NULL, false, &res, &err), 0, "%s", err.msg);
	ops_plan_result_release(&res);
	cr_assert_eq(plan_as(dir.buf, other.buf,
			     "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
			     "CREATE TABLE b (id int, note text);", NULL, false, &res, &err), 0, "%s", err.msg);
	cr_assert_str_eq(res.version, "4");
	ops_plan_result_release(&res);
	/* the merge: theirs 3, ours 4, and our line for 3 too */
	merge_versions(root.buf, other.buf, four, 1);
	strbuf_addf(&path, "%s/schemadiff.sum", root.buf);
	read_text(path.buf, &sum);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/schemadiff.sum", other.buf);
	read_text(path.buf, &theirs);
	at = strstr(theirs.buf, "\n3 ");
	cr_assert(at);
	strbuf_add(&sum, at + 1, strcspn(at + 1, "\n") + 1);
	ops_write(root.buf, "schemadiff.sum", sum.buf);

	ops_write(dir.buf, "desired.sql",
		  "CREATE TABLE t (id int PRIMARY KEY, name text);\n"
		  "CREATE TABLE a (id int);\nCREATE TABLE b (id int, note text);");
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/desired.sql", dir.buf);
	paths[0] = path.buf;
	o.schema_root = root.buf;
	o.desired = paths;
	o.ndesired = 1;
	o.rebase = true;
	ops_rec_init(&rec);
	o.events = ev = ops_rec_events(&rec);
	cr_assert_eq(ops_plan(&o, &res, &err), 0, "%s", err.msg);
	cr_expect_str_eq(res.rebased, "4");
	cr_expect_str_eq(res.rebased_as, "4");
	cr_expect(ops_rec_find(&rec, OPS_EVENT_NOTE, "whose folder the merge gave to the other branch") >= 0);
	ops_rec_release(&rec);
	ops_plan_result_release(&res);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/4/revisions.sql", root.buf);
	read_text(path.buf, &text);
	cr_expect(strstr(text.buf, "CREATE TABLE public.b") && strstr(text.buf, "note text") &&
		  !strstr(text.buf, "public.a") && !strstr(text.buf, "ADD COLUMN"),
		  "%s", text.buf);
	cr_assert_eq(spec_read(root.buf, &sr, &err), 0, "%s", err.msg);
	cr_expect_eq(ops_sum_check(sr, NULL, &sc, &err), 0, "%s", err.msg);
	spec_free(sr);

	ops_tmp_remove(dir.buf);
	strbuf_release(&dir);
	strbuf_release(&root);
	strbuf_release(&other);
	strbuf_release(&cmd);
	strbuf_release(&text);
	strbuf_release(&path);
	strbuf_release(&sum);
	strbuf_release(&theirs);
}
