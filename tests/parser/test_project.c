/*
 * tests/parser/test_project.c: the project file reader (parser/spec/
 * project.c): the position scanner over JSON text, a good project (roots,
 * desired lists, environments with ${VAR} URLs, defaults), each kind of bad
 * input with its FILE:LINE:COL, and version.json's requires and
 * cluster-once keys. Files are written to a temporary folder removed by
 * each test.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parser/spec/project.h"
#include "util/strbuf.h"
#include "util/banned.h"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/sd-test-project.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	struct strbuf cmd = STRBUF_INIT;

	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd.buf), 0);
	strbuf_release(&cmd);
}

/* dir/name holding text; the path in out (static buffer per call) */
static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

TestSuite(project, .init = setup, .fini = teardown);

Test(project, position_of_keys_and_values)
{
	const char *text = "{\"a\": {\"s\": \"x}{\\\"\", \"b\": [1, {\"c\": true}]},\n"
			   "  \"d\": 2}";
	const char *p1[] = { "a", "b", "1", "c" };
	const char *p2[] = { "d" };
	const char *p3[] = { "a", "zz" };
	int line, col;

	cr_assert_eq(json_text_position(text, p1, 4, true, &line, &col), 0);
	cr_expect_eq(line, 1);
	cr_expect_eq(col, 32, "key at col %d", col);
	cr_assert_eq(json_text_position(text, p1, 4, false, &line, &col), 0);
	cr_expect_eq(col, 37, "value at col %d", col);
	cr_assert_eq(json_text_position(text, p2, 1, true, &line, &col), 0);
	cr_expect_eq(line, 2);
	cr_expect_eq(col, 3);
	cr_expect_eq(json_text_position(text, p3, 2, true, &line, &col), -1);
}

Test(project, good_project)
{
	struct sd_project *p = NULL;
	struct sd_error err = { 0 };
	const struct project_env *e;
	const char *file;

	setenv("SD_TEST_SHARD", "db2", 1);
	file = write_file("schemadiff.json",
			  "{ \"schemadiff-project\": 1,\n"
			  "  \"roots\": { \"app\": { \"path\": \"db/app\", \"desired\": [\"s/a\", \"s/b.sql\"] },\n"
			  "             \"billing\": { \"path\": \"db/billing\", \"ignore\": [\"x*\"] } },\n"
			  "  \"environments\": { \"test\": { \"billing\": [\"postgresql:///db1\", \"postgresql:///${SD_TEST_SHARD}\"],\n"
			  "                                \"app\": \"service=app\" } },\n"
			  "  \"defaults\": { \"environment\": \"test\", \"jobs\": 3, \"continue\": true, \"deploy-lock-timeout\": \"2s\" } }\n");
	cr_assert_eq(project_read(file, &p, &err), 0, "%s", err.msg);
	cr_assert_eq(p->nroots, 2);
	cr_expect_str_eq(p->roots[0].name, "app");
	cr_expect_eq(p->roots[0].ndesired, 2);
	cr_expect(strstr(p->roots[0].desired[1], "/s/b.sql") != NULL);
	cr_expect_eq(p->roots[1].nignore, 1);
	e = project_env(p, "test");
	cr_assert_not_null(e);
	cr_assert_eq(e->ntargets, 2);
	cr_expect_eq(e->targets[0].root, 1);
	cr_expect_str_eq(e->targets[0].urls[1], "postgresql:///db2");
	cr_expect_str_eq(e->targets[1].urls[0], "service=app");
	cr_expect_str_eq(p->defaults.environment, "test");
	cr_expect_eq(p->defaults.jobs, 3);
	cr_expect_eq(p->defaults.keep_going, 1);
	cr_expect_eq(p->defaults.deploy_lock_timeout_ms, 2000);
	cr_expect_eq(p->defaults.canary, -1);
	project_free(p);
}

static void expect_error(const char *text, int line, int col, const char *msg)
{
	struct sd_project *p = NULL;
	struct sd_error err = { 0 };
	const char *file = write_file("bad.json", text);

	cr_assert_neq(project_read(file, &p, &err), 0, "accepted: %s", text);
	cr_expect_null(p);
	cr_expect_str_eq(err.file, file);
	cr_expect_eq(err.line, line, "line %d, expected %d: %s", err.line, line, err.msg);
	if (col >= 0)
		cr_expect_eq(err.col, col, "col %d, expected %d: %s", err.col, col, err.msg);
	cr_expect(strstr(err.msg, msg) != NULL, "message \"%s\" lacks \"%s\"", err.msg, msg);
}

Test(project, located_errors)
{
	expect_error("{ \"schemadiff-project\": 1,\n  \"roots\": [] }", 2, 12,
		     "$.roots: must be an object");
	expect_error("{ \"schemadiff-project\": 2, \"roots\": {} }", 1, 25,
		     "format 1");
	expect_error("{ \"roots\": {} }", 1, 1, "\"schemadiff-project\"");
	expect_error("{ \"schemadiff-project\": 1,\n  \"roots\": { \"a\": { \"path\": 7 } } }",
		     2, 29, "$.roots.a.path: must be a folder name");
	expect_error("{ \"schemadiff-project\": 1,\n  \"roots\": { \"a\": { \"path\": \"x\" } },\n"
		     "  \"defaults\": { \"jobs\": 0 } }", 3, 25, "$.defaults.jobs");
	expect_error("{ \"schemadiff-project\": 1,\n  \"roots\": { \"a\": { \"path\": \"x\" } },\n"
		     "  \"environments\": { \"e\": { \"a\": \"${SD_TEST_UNSET_VAR}\" } } }",
		     3, 33, "\"SD_TEST_UNSET_VAR\"");
	expect_error("{ \"schemadiff-project\": 1,\n  \"roots\": { \"a\": { \"path\": \"x\" } }\n",
		     3, -1, "");	/* jansson's position: end of input */
}

Test(project, find_walks_up)
{
	struct strbuf found = STRBUF_INIT, sub = STRBUF_INIT;

	write_file("schemadiff.json", "{}");
	strbuf_addf(&sub, "%s/a/b", dir);
	cr_assert_eq(system("true"), 0);
	{
		struct strbuf cmd = STRBUF_INIT;

		strbuf_addf(&cmd, "mkdir -p '%s'", sub.buf);
		cr_assert_eq(system(cmd.buf), 0);
		strbuf_release(&cmd);
	}
	cr_assert_eq(project_find(sub.buf, &found), 0);
	cr_expect(strstr(found.buf, "/schemadiff.json") != NULL);
	strbuf_release(&found);
	strbuf_release(&sub);
}

Test(project, version_links)
{
	struct version_links l;
	struct sd_error err = { 0 };
	struct arena a;

	arena_init(&a);
	write_file("version.json",
		   "{ \"db-schema-spec\": \"1.1\", \"schema\": \"app\", \"version\": \"3\",\n"
		   "  \"source\": [\"revisions.sql\", \"seed.sql\"],\n"
		   "  \"requires\": { \"billing\": \"12\", \"core\": \"1.5\" },\n"
		   "  \"cluster-once\": [\"seed.sql\"] }\n");
	cr_assert_eq(version_links_read(&a, dir, &l, &err), 0, "%s", err.msg);
	cr_assert_eq(l.nrequires, 2);
	cr_expect_str_eq(l.req_roots[1], "core");
	cr_expect_str_eq(l.req_versions[0], "12");
	cr_expect_eq(l.req_line[1], 3);
	cr_expect_eq(l.req_col[1], 34, "col %d", l.req_col[1]);
	cr_assert_eq(l.ncluster_once, 1);
	cr_expect_str_eq(l.cluster_once[0], "seed.sql");

	write_file("version.json",
		   "{ \"source\": [\"revisions.sql\"], \"cluster-once\": [\"seed.sql\"] }\n");
	cr_expect_neq(version_links_read(&a, dir, &l, &err), 0);
	cr_expect(strstr(err.msg, "not a file of \"source\"") != NULL, "%s", err.msg);
	write_file("version.json",
		   "{ \"source\": [], \"requires\": { \"billing\": 12 } }\n");
	cr_expect_neq(version_links_read(&a, dir, &l, &err), 0);
	cr_expect(strstr(err.msg, "$.requires.billing: must be a version") != NULL, "%s", err.msg);
	arena_release(&a);
}
