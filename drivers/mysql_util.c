/*
 * drivers/mysql_util.c: running statements on a libmariadb handle with
 * their rows copied into an arena, and the server's errors as sd_errors
 * (see mysql_internal.h).
 *
 * Memory: every MYSQL_RES and MYSQL_STMT is freed before the function that
 * made it returns; rows live in struct mysd_rows' arena.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "drivers/driver.h"
#include "drivers/mysql_internal.h"
#include "util/strbuf.h"
#include "util/banned.h"

void mysd_rows_release(struct mysd_rows *r)
{
	arena_release(&r->arena);
	r->nrows = 0;
	r->ncols = 0;
	r->cells = NULL;
}

void mysd_client_text(const char *sql, struct strbuf *out)
{
	char in_string = 0;
	bool ml_comment = false, need_space = false;
	const char *p = sql;

	while (*p && isspace((unsigned char)*p))
		p++;
	while (*p) {
		char c = *p;

		if (ml_comment) {
			if (c == '*' && p[1] == '/') {
				ml_comment = false;
				need_space = true;
				p += 2;
			} else {
				p++;	/* its line ends go too */
			}
			continue;
		}
		if (in_string) {
			strbuf_addch(out, c);
			if (c == '\\' && in_string != '`' && p[1]) {
				strbuf_addch(out, p[1]);
				p += 2;
				continue;
			}
			if (c == in_string)
				in_string = 0;
			p++;
			continue;
		}
		if (c == '#' || (c == '-' && p[1] == '-' &&
				 (!p[2] || isspace((unsigned char)p[2])))) {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (c == '/' && p[1] == '*' && p[2] != '!' &&
		    !(p[2] == 'M' && p[3] == '!')) {
			ml_comment = true;
			p += 2;
			continue;
		}
		if (c == '\'' || c == '"' || c == '`')
			in_string = c;
		if (need_space && !isspace((unsigned char)c))
			strbuf_addch(out, ' ');
		need_space = false;
		if (!out->len && isspace((unsigned char)c)) {
			p++;
			continue;
		}
		strbuf_addch(out, c);
		p++;
	}
}

static int set_error(unsigned code, const char *state, const char *msg,
		     const char *what, const char *secret,
		     struct sd_error *err)
{
	struct strbuf raw = STRBUF_INIT, red = STRBUF_INIT;

	if (what)
		strbuf_addf(&raw, "%s: ", what);
	if (code)
		strbuf_addf(&raw, "ERROR %u (%s): %s", code,
			    state && *state ? state : "HY000",
			    msg && *msg ? msg : "unknown error");
	else
		strbuf_addstr(&raw, msg && *msg ? msg : "unknown error");
	sd_redact_text(raw.buf, secret, &red);
	sd_error_set(err, SD_ERR_DB, NULL, 0, 0, "%s", red.buf);
	strbuf_release(&raw);
	strbuf_release(&red);
	return SD_ERR_DB;
}

int mysd_set_error(MYSQL *h, const char *what, const char *secret,
		 struct sd_error *err)
{
	return set_error(mysql_errno(h), mysql_sqlstate(h), mysql_error(h),
			 what, secret, err);
}

static int stmt_error(MYSQL_STMT *st, const char *what, const char *secret,
		      struct sd_error *err)
{
	return set_error(mysql_stmt_errno(st), mysql_stmt_sqlstate(st),
			 mysql_stmt_error(st), what, secret, err);
}

/* Append one row of n cells to out, growing its array. */
static const char **add_row(struct mysd_rows *out, size_t *alloc)
{
	if (out->nrows == *alloc) {
		size_t n = *alloc ? *alloc * 2 : 16;
		out->cells = arena_grow(&out->arena, out->cells,
					out->nrows * out->ncols,
					n * out->ncols + 1,
					sizeof(*out->cells));
		*alloc = n;
	}
	return &out->cells[out->nrows++ * out->ncols];
}

/* A value of len bytes into the rows' arena; NULL stays NULL. */
static const char *copy(struct mysd_rows *out, const char *v, size_t len)
{
	return v ? arena_strndup(&out->arena, v, len) : NULL;
}

static int query_text(MYSQL *h, const char *what, const char *secret,
		      const char *sql, struct mysd_rows *out,
		      struct sd_error *err)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	size_t alloc = 0;
	int more;

	if (mysql_real_query(h, sql, strlen(sql)))
		return mysd_set_error(h, what, secret, err);
	do {
		res = mysql_store_result(h);
		if (!res && mysql_field_count(h))
			return mysd_set_error(h, what, secret, err);
		if (res && out && !out->cells) {
			out->ncols = mysql_num_fields(res);
			while ((row = mysql_fetch_row(res))) {
				unsigned long *len = mysql_fetch_lengths(res);
				const char **cells = add_row(out, &alloc);

				for (size_t i = 0; i < out->ncols; i++)
					cells[i] = copy(out, row[i], len[i]);
			}
			if (!out->cells)	/* no rows: still a result */
				out->cells = arena_alloc(&out->arena,
							 sizeof(*out->cells));
		}
		if (res)
			mysql_free_result(res);
		more = mysql_next_result(h);
		if (more > 0)
			return mysd_set_error(h, what, secret, err);
	} while (more == 0);
	return 0;
}

static int query_stmt(MYSQL *h, const char *what, const char *secret,
		      const char *sql, size_t nparams,
		      const char *const *params, struct mysd_rows *out,
		      struct sd_error *err)
{
	MYSQL_STMT *st = mysql_stmt_init(h);
	MYSQL_BIND *pb = NULL, *rb = NULL;
	MYSQL_RES *meta = NULL;
	unsigned long *lens = NULL;
	my_bool *nulls = NULL;
	size_t alloc = 0, ncols;
	int ret = 0, rc;

	if (!st)
		return mysd_set_error(h, what, secret, err);
	if (mysql_stmt_prepare(st, sql, strlen(sql))) {
		ret = stmt_error(st, what, secret, err);
		goto out_close;
	}
	pb = calloc(nparams + 1, sizeof(*pb));
	if (!pb)
		abort();
	for (size_t i = 0; i < nparams; i++) {
		if (!params[i]) {
			pb[i].buffer_type = MYSQL_TYPE_NULL;
			continue;
		}
		pb[i].buffer_type = MYSQL_TYPE_STRING;
		pb[i].buffer = (void *)params[i];
		pb[i].buffer_length = strlen(params[i]);
	}
	if (mysql_stmt_bind_param(st, pb) || mysql_stmt_execute(st)) {
		ret = stmt_error(st, what, secret, err);
		goto out_free;
	}
	meta = mysql_stmt_result_metadata(st);
	if (!meta)
		goto out_free;	/* no result set */
	ncols = mysql_num_fields(meta);
	if (mysql_stmt_store_result(st)) {
		ret = stmt_error(st, what, secret, err);
		goto out_free;
	}
	rb = calloc(ncols + 1, sizeof(*rb));
	lens = calloc(ncols + 1, sizeof(*lens));
	nulls = calloc(ncols + 1, sizeof(*nulls));
	if (!rb || !lens || !nulls)
		abort();
	for (size_t i = 0; i < ncols; i++) {
		/* no buffer: the lengths first, each value then fetched
		 * alone at its size */
		rb[i].buffer_type = MYSQL_TYPE_STRING;
		rb[i].length = &lens[i];
		rb[i].is_null = &nulls[i];
	}
	if (mysql_stmt_bind_result(st, rb)) {
		ret = stmt_error(st, what, secret, err);
		goto out_free;
	}
	if (out) {
		out->ncols = ncols;
		out->cells = arena_alloc(&out->arena, sizeof(*out->cells));
	}
	while ((rc = mysql_stmt_fetch(st)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		const char **cells;

		if (!out)
			continue;
		cells = add_row(out, &alloc);
		for (size_t i = 0; i < ncols; i++) {
			MYSQL_BIND one = { 0 };
			char *buf;

			if (nulls[i]) {
				cells[i] = NULL;
				continue;
			}
			buf = arena_alloc(&out->arena, lens[i] + 1);
			one.buffer_type = MYSQL_TYPE_STRING;
			one.buffer = buf;
			one.buffer_length = lens[i] + 1;
			if (lens[i] &&
			    mysql_stmt_fetch_column(st, &one, (unsigned)i, 0)) {
				ret = stmt_error(st, what, secret, err);
				goto out_free;
			}
			buf[lens[i]] = '\0';
			cells[i] = buf;
		}
	}
	if (rc == 1)
		ret = stmt_error(st, what, secret, err);
out_free:
	if (meta)
		mysql_free_result(meta);
	free(pb);
	free(rb);
	free(lens);
	free(nulls);
out_close:
	mysql_stmt_close(st);
	return ret;
}

int mysd_query(MYSQL *h, const char *what, const char *secret, const char *sql,
	     size_t nparams, const char *const *params, struct mysd_rows *out,
	     struct sd_error *err)
{
	int ret;

	if (out) {
		arena_init(&out->arena);
		out->nrows = 0;
		out->ncols = 0;
		out->cells = NULL;
	}
	if (nparams)
		ret = query_stmt(h, what, secret, sql, nparams, params, out,
				 err);
	else
		ret = query_text(h, what, secret, sql, out, err);
	if (ret && out)
		mysd_rows_release(out);
	return ret;
}

void mysd_server_target(const char *version_text, struct sd_mysql_target *out)
{
	const char *p = version_text ? version_text : "";
	long part[3] = { 0, 0, 0 };
	int n = 0;

	out->flavor = SD_FLAVOR_MYSQL;
	for (const char *q = p; *q; q++)
		if (!strncasecmp(q, "mariadb", 7))
			out->flavor = SD_FLAVOR_MARIADB;
	if (out->flavor == SD_FLAVOR_MARIADB && !strncmp(p, "5.5.5-", 6))
		p += 6;
	while (n < 3 && isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p) && part[n] < 100)
			part[n] = part[n] * 10 + (*p++ - '0');
		n++;
		if (*p != '.')
			break;
		p++;
	}
	out->version = n ? part[0] * 10000 + part[1] * 100 + part[2] : 0;
}
