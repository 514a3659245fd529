/*
 * tests/lib/ops_testlib.h: scaffolding for the tests of the engine
 * (tests/ops/): URLs of per-test databases on the harness's servers,
 * temporary folders with files and schema roots, and an event recorder
 * that keeps what an operation reported.
 *
 * Memory: paths and URLs are written into the caller's strbuf; a recorder
 * owns copies of the events' messages until ops_rec_release(). Temporary
 * folders are removed by ops_tmp_remove().
 */
#ifndef SD_TESTS_OPS_TESTLIB_H
#define SD_TESTS_OPS_TESTLIB_H

#include <pthread.h>

#include "schemadiff.h"
#include "util/strbuf.h"

/* A new empty PostgreSQL database for this test (dropped in the suite's
 * fini by testdb_drop_all()); its URL into url. */
void ops_pg_db(const char *tag, struct strbuf *url);
/* The same on MariaDB (mysql_testdb_drop_all()). */
void ops_mysql_db(const char *tag, struct strbuf *url);
/* Run sql on the database url names; fails the test on an error. */
void ops_exec(const char *url, const char *sql);

/* A new temporary folder; its path into dir. */
void ops_tmp_dir(struct strbuf *dir);
/* Write dir/name (folders made as needed); fails the test on an error. */
void ops_write(const char *dir, const char *name, const char *text);
/* 1 if dir/name exists. */
int ops_exists(const char *dir, const char *name);
/* rm -r dir. */
void ops_tmp_remove(const char *dir);
/* A schema root at dir/root (spec_init) with versions "1", "2", ... of
 * the given SQL texts, written by plan from desired files, so that the
 * root is exactly what `schemadiff plan` makes; its path into root. */
void ops_make_root(const char *dir, const char *system_type,
		   const char *const *versions, size_t n, struct strbuf *root);

/* An event recorder: pass ops_rec_events(&rec) as an operation's events. */
struct ops_rec {
	pthread_mutex_t lock;
	size_t n;
	enum ops_event_kind kinds[256];
	char *messages[256];
	char *versions[256];
};
void ops_rec_init(struct ops_rec *r);
struct ops_events ops_rec_events(struct ops_rec *r);
/* The index of the first event of kind whose message contains text
 * (NULL: any), or -1. */
int ops_rec_find(const struct ops_rec *r, enum ops_event_kind kind,
		 const char *text);
void ops_rec_release(struct ops_rec *r);

#endif
