/*
 * tests/diff/test_golden.c: the golden cases in fixtures/golden/<case>/:
 * current.sql and desired.sql are loaded with pg_load_desired(), diffed and
 * emitted, and the SQL must equal expected.sql byte for byte; the hazards
 * of each change (diff/hazards.h) must equal hazards.txt. The cases in
 * fixtures/golden-mysql/ are the same for MySQL (mysql_load_desired(),
 * emit_changeset()), and there current.sql then expected.sql, replayed
 * as version scripts by our own parser, must give desired.sql. A mismatch
 * prints a line diff (expected -> actual) and the failure names every
 * failing case.
 *
 * A PostgreSQL case whose SQL depends on the target server's version
 * (model/catalog.h pg_version) holds expected-pg<N>.sql and
 * hazards-pg<N>.txt for each version N it pins: both catalogs are then
 * loaded for N and diffed again (expected.sql: no version, the SQL every
 * version runs).
 *
 * SCHEMADIFF_UPDATE_GOLDEN=1 rewrites expected.sql and hazards.txt (and
 * the per-version files that exist)
 * instead of comparing;
 * SCHEMADIFF_GOLDEN_DIR points at another folder of cases (default:
 * fixtures/golden, relative to the repository root the tests run from).
 *
 * Memory: each case's catalogs, change set and buffers are freed before
 * the next case.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diff/diff.h"
#include "diff/hazards.h"
#include "emit/emit.h"
#include "parser/mysql/mysql_parser.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/vec.h"

#include "util/banned.h"

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Case folder names, sorted, malloc'd (released by the caller). */
static void list_cases(const char *root, struct vec *out)
{
	DIR *d = opendir(root);
	struct dirent *e;

	cr_assert(d, "cannot open %s: %s", root, strerror(errno));
	while ((e = readdir(d))) {
		struct strbuf p = STRBUF_INIT;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		strbuf_addf(&p, "%s/%s", root, e->d_name);
		if (!stat(p.buf, &st) && S_ISDIR(st.st_mode))
			vec_push(out, strdup(e->d_name));
		strbuf_release(&p);
	}
	closedir(d);
	vec_sort(out, cmp_names);
}

/* Split text into lines (pointers into a copy the caller frees). */
static char **split_lines(char *text, size_t *n)
{
	size_t alloc = 16, len = 0;
	char **v = malloc(alloc * sizeof(*v));
	char *p = text;

	while (*p) {
		char *nl = strchr(p, '\n');
		if (len == alloc) {
			alloc *= 2;
			v = realloc(v, alloc * sizeof(*v));
		}
		v[len++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	*n = len;
	return v;
}

/* A line diff by longest common subsequence, unified style (no hunks:
 * the files are short). */
static void print_diff(const char *name, const char *file,
		       const char *expected, const char *actual)
{
	char *ea = strdup(expected), *aa = strdup(actual);
	size_t ne, na;
	char **e = split_lines(ea, &ne), **a = split_lines(aa, &na);
	size_t *lcs = calloc((ne + 1) * (na + 1), sizeof(*lcs));
	size_t i = 0, j = 0;

#define L(x, y) lcs[(x) * (na + 1) + (y)]
	for (size_t x = ne; x-- > 0;)
		for (size_t y = na; y-- > 0;)
			L(x, y) = !strcmp(e[x], a[y]) ? L(x + 1, y + 1) + 1
			: L(x + 1, y) > L(x, y + 1) ? L(x + 1, y)
						    : L(x, y + 1);
	fprintf(stderr, "--- %s/%s\n+++ %s (actual)\n", name, file, name);
	while (i < ne || j < na) {
		if (i < ne && j < na && !strcmp(e[i], a[j])) {
			fprintf(stderr, " %s\n", e[i]);
			i++;
			j++;
		} else if (i < ne && (j == na || L(i + 1, j) >= L(i, j + 1))) {
			fprintf(stderr, "-%s\n", e[i++]);
		} else {
			fprintf(stderr, "+%s\n", a[j++]);
		}
	}
#undef L
	free(lcs);
	free(e);
	free(a);
	free(ea);
	free(aa);
}

/* Load one file into a new catalog; NULL (and a message) on error. */
static struct catalog *load(const char *path, enum sql_dialect d,
			    int pg_version, struct strbuf *why)
{
	struct catalog *cat = catalog_new(d);
	struct sd_error err;
	const char *paths[1] = { path };
	int rc;

	memset(&err, 0, sizeof(err));
	cat->pg_version = pg_version;
	rc = d == SQL_MYSQL ? mysql_load_desired(cat, paths, 1, &err)
			    : pg_load_desired(cat, paths, 1, &err);
	if (rc < 0) {
		sd_error_format(&err, why);
		catalog_free(cat);
		return NULL;
	}
	return cat;
}

/* Write text to path (update mode): 0, or -1 with a message. */
static int write_text(const char *name, const char *path, const struct strbuf *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(text->buf, 1, text->len, f) != text->len) {
		fprintf(stderr, "golden %s: cannot write %s\n", name, path);
		if (f)
			fclose(f);
		return -1;
	}
	return fclose(f) ? -1 : 0;
}

/* Compare text with the file at path: 0 when equal, else -1 with a diff. */
static int compare_text(const char *name, const char *path, const char *file,
			const struct strbuf *text)
{
	struct strbuf expected = STRBUF_INIT;
	int ret = -1;

	if (strbuf_read_file(&expected, path) < 0)
		fprintf(stderr, "golden %s: cannot read %s\n", name, path);
	else if (strcmp(expected.buf, text->buf))
		print_diff(name, file, expected.buf, text->buf);
	else
		ret = 0;
	strbuf_release(&expected);
	return ret;
}

/*
 * MySQL: every statement of the emitted SQL parses in our own parser, and
 * replaying current.sql then that SQL as a version script gives the
 * desired schema (issue 12: a plan must replay). 0, else -1 with a
 * message.
 */
static int replay_check(const char *name, const char *cur,
			const struct strbuf *sql, const struct catalog *to)
{
	struct catalog *cat = catalog_new(SQL_MYSQL);
	struct strbuf text = STRBUF_INIT, left = STRBUF_INIT;
	struct changeset *cs = NULL;
	struct sd_error err;
	int ret = -1;

	memset(&err, 0, sizeof(err));
	if (strbuf_read_file(&text, cur) < 0) {
		fprintf(stderr, "golden %s: cannot read %s\n", name, cur);
		goto out;
	}
	if (mysql_replay_script(cat, cur, text.buf, &err) ||
	    mysql_replay_script(cat, "expected.sql", sql->buf, &err)) {
		fprintf(stderr, "golden %s: replay: %s:%d:%d: %s\n", name,
			err.file, err.line, err.col, err.msg);
		goto out;
	}
	if (diff_catalogs(cat, to, &cs, &err) < 0) {
		fprintf(stderr, "golden %s: diff after replay: %s\n", name,
			err.msg);
		goto out;
	}
	changeset_describe(cs, &left);
	if (left.len)
		fprintf(stderr, "golden %s: current.sql + expected.sql replayed "
			"still differs from desired.sql:\n%s", name, left.buf);
	else
		ret = 0;
out:
	changeset_free(cs);
	strbuf_release(&left);
	strbuf_release(&text);
	catalog_free(cat);
	return ret;
}

/* Run one case for one target version (0: none; else the suffix of
 * expected-pg<N>.sql): 0 when it passes (or was rewritten), -1
 * otherwise. */
static int run_case_for(const char *root, const char *name,
			enum sql_dialect d, int major, bool update)
{
	struct strbuf cur = STRBUF_INIT, des = STRBUF_INIT, exp = STRBUF_INIT;
	struct strbuf sql = STRBUF_INIT, hz = STRBUF_INIT, hzpath = STRBUF_INIT;
	struct strbuf why = STRBUF_INIT;
	struct catalog *from = NULL, *to = NULL;
	struct changeset *cs = NULL;
	struct sd_error err;
	int ret = -1;

	strbuf_addf(&cur, "%s/%s/current.sql", root, name);
	strbuf_addf(&des, "%s/%s/desired.sql", root, name);
	if (major) {
		strbuf_addf(&exp, "%s/%s/expected-pg%d.sql", root, name, major);
		strbuf_addf(&hzpath, "%s/%s/hazards-pg%d.txt", root, name,
			    major);
	} else {
		strbuf_addf(&exp, "%s/%s/expected.sql", root, name);
		strbuf_addf(&hzpath, "%s/%s/hazards.txt", root, name);
	}
	memset(&err, 0, sizeof(err));

	if (!(from = load(cur.buf, d, major * 10000, &why)) ||
	    !(to = load(des.buf, d, major * 10000, &why))) {
		fprintf(stderr, "golden %s: load failed: %s\n", name, why.buf);
		goto out;
	}
	if (diff_catalogs(from, to, &cs, &err) < 0) {
		fprintf(stderr, "golden %s: diff failed: %s\n", name, err.msg);
		goto out;
	}
	emit_changeset(cs, &sql);
	changeset_hazards_report(cs, &hz);
	if (update) {
		ret = write_text(name, exp.buf, &sql) |
		      write_text(name, hzpath.buf, &hz);
		goto out;
	}
	ret = compare_text(name, exp.buf, strrchr(exp.buf, '/') + 1, &sql) |
	      compare_text(name, hzpath.buf, strrchr(hzpath.buf, '/') + 1,
			   &hz);
	if (d == SQL_MYSQL)
		ret |= replay_check(name, cur.buf, &sql, to);
out:
	changeset_free(cs);
	catalog_free(to);
	catalog_free(from);
	strbuf_release(&why);
	strbuf_release(&hz);
	strbuf_release(&hzpath);
	strbuf_release(&sql);
	strbuf_release(&exp);
	strbuf_release(&des);
	strbuf_release(&cur);
	return ret;
}

/* Run one case: without a version, then for each expected-pg<N>.sql. */
static int run_case(const char *root, const char *name, enum sql_dialect d,
		    bool update)
{
	int ret = run_case_for(root, name, d, 0, update);

	for (int major = 13; d == SQL_POSTGRES && major <= 99; major++) {
		struct strbuf p = STRBUF_INIT;
		struct stat st;

		strbuf_addf(&p, "%s/%s/expected-pg%d.sql", root, name, major);
		if (!stat(p.buf, &st))
			ret |= run_case_for(root, name, d, major, update);
		strbuf_release(&p);
	}
	return ret;
}

/* Every change kind that occurs in the dialect must be in some case's
 * hazards.txt (as "[kind] "), so that each kind's hazards are pinned. */
static void expect_every_kind(const char *root, const struct vec *cases,
			      enum sql_dialect d)
{
	struct strbuf all = STRBUF_INIT, missing = STRBUF_INIT;

	for (size_t i = 0; i < cases->len; i++) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/%s/hazards.txt", root, (char *)cases->items[i]);
		strbuf_read_file(&all, p.buf);
		strbuf_release(&p);
	}
	for (unsigned t = 0; t < CH__COUNT; t++) {
		struct strbuf tag = STRBUF_INIT;
		if (!hazards_kind_occurs((enum change_type)t, d))
			continue;
		strbuf_addf(&tag, "[%s] ", change_kind_name((enum change_type)t));
		if (!strstr(all.buf, tag.buf))
			strbuf_addf(&missing, " %s", tag.buf);
		strbuf_release(&tag);
	}
	cr_expect_eq(missing.len, 0, "change kinds with no golden case in %s:%s",
		     root, missing.buf);
	strbuf_release(&missing);
	strbuf_release(&all);
}

static void run_all(const char *root, enum sql_dialect d)
{
	const char *up = getenv("SCHEMADIFF_UPDATE_GOLDEN");
	bool update = up && !strcmp(up, "1");
	struct vec cases = VEC_INIT;
	struct strbuf failed = STRBUF_INIT;
	size_t nfailed = 0;

	list_cases(root, &cases);
	cr_assert_gt(cases.len, 0, "no golden cases in %s", root);
	for (size_t i = 0; i < cases.len; i++) {
		if (run_case(root, cases.items[i], d, update) < 0) {
			strbuf_addf(&failed, " %s", (char *)cases.items[i]);
			nfailed++;
		}
	}
	if (!update)
		expect_every_kind(root, &cases, d);
	for (size_t i = 0; i < cases.len; i++)
		free(cases.items[i]);
	vec_release(&cases);
	pg_parser_cleanup();
	cr_expect_eq(nfailed, 0, "%zu golden case(s) in %s failed:%s", nfailed,
		     root, failed.buf);
	strbuf_release(&failed);
}

Test(golden, every_case)
{
	const char *root = getenv("SCHEMADIFF_GOLDEN_DIR");

	run_all(root ? root : "fixtures/golden", SQL_POSTGRES);
}

Test(golden, every_mysql_case)
{
	const char *root = getenv("SCHEMADIFF_GOLDEN_MYSQL_DIR");

	run_all(root ? root : "fixtures/golden-mysql", SQL_MYSQL);
}
