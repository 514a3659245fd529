/*
 * tests/lib/ops_testlib.c: see ops_testlib.h.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/lib/ops_testlib.h"
#include "tests/lib/mysql_testdb.h"
#include "tests/lib/pg_testdb.h"
#include "drivers/driver.h"
#include "util/fileio.h"

#include "util/banned.h"

void ops_pg_db(const char *tag, struct strbuf *url)
{
	const char *base = testdb_url();
	const char *slash = strrchr(base, '/');

	testdb_create("ops", tag);
	cr_assert(slash, "SD_TEST_PG_URL has no database part: %s", base);
	strbuf_add(url, base, (size_t)(slash + 1 - base));
	strbuf_addf(url, "ops_%ld_%s", (long)getpid(), tag);
}

void ops_mysql_db(const char *tag, struct strbuf *url)
{
	const char *name = NULL;

	mysql_testdb_create("ops", tag, "", &name);
	mysql_testdb_db_url(name, url);
}

void ops_exec(const char *url, const char *sql)
{
	struct sd_conn *c = NULL;
	struct sd_error err = { 0 };

	cr_assert_eq(sd_driver_connect(url, &c, &err), 0, "%s", err.msg);
	if (c->drv->exec(c, sql, NULL, &err)) {
		c->drv->close(c);
		cr_assert_fail("%s\nin: %s", err.msg, sql);
	}
	c->drv->close(c);
}

void ops_tmp_dir(struct strbuf *dir)
{
	char tmpl[] = "/tmp/sd-ops-XXXXXX";

	cr_assert(mkdtemp(tmpl), "mkdtemp: %s", strerror(errno));
	strbuf_addstr(dir, tmpl);
}

void ops_write(const char *dir, const char *name, const char *text)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&path, "%s/%s", dir, name);
	for (char *p = path.buf + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path.buf, 0777);
		*p = '/';
	}
	f = fopen(path.buf, "w");
	cr_assert(f, "%s: %s", path.buf, strerror(errno));
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
	strbuf_release(&path);
}

int ops_exists(const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT;
	int ok;

	strbuf_addf(&path, "%s/%s", dir, name);
	ok = access(path.buf, F_OK) == 0;
	strbuf_release(&path);
	return ok;
}

void ops_tmp_remove(const char *dir)
{
	struct strbuf cmd = STRBUF_INIT;

	if (strncmp(dir, "/tmp/sd-ops-", 12))
		return;
	strbuf_addf(&cmd, "rm -rf '%s'", dir);
	if (system(cmd.buf))
		cr_log_warn("could not remove %s", dir);
	strbuf_release(&cmd);
}

void ops_make_root(const char *dir, const char *system_type,
		   const char *const *versions, size_t n, struct strbuf *root)
{
	struct sd_error err = { 0 };
	struct strbuf desired = STRBUF_INIT;

	strbuf_addf(root, "%s/root", dir);
	cr_assert_eq(spec_init(root->buf, "app", system_type, &err), 0, "%s",
		     err.msg);
	strbuf_addf(&desired, "%s/desired.sql", dir);
	for (size_t i = 0; i < n; i++) {
		struct ops_plan_opts o = { 0 };
		struct ops_plan_result res;
		const char *paths[1] = { desired.buf };

		ops_write(dir, "desired.sql", versions[i]);
		o.schema_root = root->buf;
		o.desired = paths;
		o.ndesired = 1;
		cr_assert_eq(ops_plan(&o, &res, &err), 0, "%s", err.msg);
		cr_assert(res.written, "version %zu not written", i + 1);
		ops_plan_result_release(&res);
	}
	strbuf_release(&desired);
}

static void rec_event(void *ctx, const struct ops_event *ev)
{
	struct ops_rec *r = ctx;

	pthread_mutex_lock(&r->lock);
	if (r->n < sizeof(r->kinds) / sizeof(r->kinds[0])) {
		r->kinds[r->n] = ev->kind;
		r->messages[r->n] = strdup(ev->message ? ev->message : "");
		r->versions[r->n] = ev->version ? strdup(ev->version) : NULL;
		r->n++;
	}
	pthread_mutex_unlock(&r->lock);
}

void ops_rec_init(struct ops_rec *r)
{
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
}

struct ops_events ops_rec_events(struct ops_rec *r)
{
	struct ops_events ev = { rec_event, r, false };
	return ev;
}

int ops_rec_find(const struct ops_rec *r, enum ops_event_kind kind,
		 const char *text)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->kinds[i] == kind &&
		    (!text || strstr(r->messages[i], text)))
			return (int)i;
	return -1;
}

void ops_rec_release(struct ops_rec *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->messages[i]);
		free(r->versions[i]);
	}
	pthread_mutex_destroy(&r->lock);
	r->n = 0;
}
