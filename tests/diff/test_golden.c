/*
 * tests/diff/test_golden.c: the golden cases in fixtures/golden/<case>/:
 * current.sql and desired.sql are loaded with pg_load_desired(), diffed and
 * emitted, and the SQL must equal expected.sql byte for byte. A mismatch
 * prints a line diff (expected -> actual) and the failure names every
 * failing case.
 *
 * SCHEMADIFF_UPDATE_GOLDEN=1 rewrites expected.sql instead of comparing;
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
#include "emit/emit.h"
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
static void print_diff(const char *name, const char *expected,
		       const char *actual)
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
	fprintf(stderr, "--- %s/expected.sql\n+++ %s (actual)\n", name, name);
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
static struct catalog *load(const char *path, struct strbuf *why)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	const char *paths[1] = { path };

	memset(&err, 0, sizeof(err));
	if (pg_load_desired(cat, paths, 1, &err) < 0) {
		sd_error_format(&err, why);
		catalog_free(cat);
		return NULL;
	}
	return cat;
}

/* Run one case: 0 when it passes (or was rewritten), -1 otherwise. */
static int run_case(const char *root, const char *name, bool update)
{
	struct strbuf cur = STRBUF_INIT, des = STRBUF_INIT, exp = STRBUF_INIT;
	struct strbuf sql = STRBUF_INIT, expected = STRBUF_INIT;
	struct strbuf why = STRBUF_INIT;
	struct catalog *from = NULL, *to = NULL;
	struct changeset *cs = NULL;
	struct sd_error err;
	int ret = -1;

	strbuf_addf(&cur, "%s/%s/current.sql", root, name);
	strbuf_addf(&des, "%s/%s/desired.sql", root, name);
	strbuf_addf(&exp, "%s/%s/expected.sql", root, name);
	memset(&err, 0, sizeof(err));

	if (!(from = load(cur.buf, &why)) || !(to = load(des.buf, &why))) {
		fprintf(stderr, "golden %s: load failed: %s\n", name, why.buf);
		goto out;
	}
	if (diff_catalogs(from, to, &cs, &err) < 0) {
		fprintf(stderr, "golden %s: diff failed: %s\n", name, err.msg);
		goto out;
	}
	emit_pg_changeset(cs, &sql);
	if (update) {
		FILE *f = fopen(exp.buf, "w");
		if (!f || fwrite(sql.buf, 1, sql.len, f) != sql.len) {
			fprintf(stderr, "golden %s: cannot write %s\n", name,
				exp.buf);
			if (f)
				fclose(f);
			goto out;
		}
		ret = fclose(f) ? -1 : 0;
		goto out;
	}
	if (strbuf_read_file(&expected, exp.buf) < 0) {
		fprintf(stderr, "golden %s: cannot read %s\n", name, exp.buf);
		goto out;
	}
	if (strcmp(expected.buf, sql.buf)) {
		print_diff(name, expected.buf, sql.buf);
		goto out;
	}
	ret = 0;
out:
	changeset_free(cs);
	catalog_free(to);
	catalog_free(from);
	strbuf_release(&why);
	strbuf_release(&expected);
	strbuf_release(&sql);
	strbuf_release(&exp);
	strbuf_release(&des);
	strbuf_release(&cur);
	return ret;
}

Test(golden, every_case)
{
	const char *root = getenv("SCHEMADIFF_GOLDEN_DIR");
	const char *up = getenv("SCHEMADIFF_UPDATE_GOLDEN");
	bool update = up && !strcmp(up, "1");
	struct vec cases = VEC_INIT;
	struct strbuf failed = STRBUF_INIT;
	size_t nfailed = 0;

	if (!root)
		root = "fixtures/golden";
	list_cases(root, &cases);
	cr_assert_gt(cases.len, 0, "no golden cases in %s", root);
	for (size_t i = 0; i < cases.len; i++) {
		if (run_case(root, cases.items[i], update) < 0) {
			strbuf_addf(&failed, " %s", (char *)cases.items[i]);
			nfailed++;
		}
		free(cases.items[i]);
	}
	vec_release(&cases);
	pg_parser_cleanup();
	cr_expect_eq(nfailed, 0, "%zu golden case(s) failed:%s", nfailed,
		     failed.buf);
	strbuf_release(&failed);
}
