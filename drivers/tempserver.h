/*
 * drivers/tempserver.h: a throwaway database server of our own, started
 * from the server binaries installed on the machine, for work that needs
 * a real engine (proving a plan before it is published, histories that
 * hold DO or CALL).
 *
 * PostgreSQL: initdb into a temporary folder (as the `postgres` user when
 * running as root: the server refuses root), fsync off, listening only on
 * a Unix socket in that folder. MariaDB: mariadb-install-db into a
 * temporary folder, mariadbd without networking, durability off.
 *
 * The server is watched by a small guardian process of ours: it stops the
 * server and removes the folder when sd_tempserver_stop() asks, and also
 * when the thread that started it dies without asking (a crash, SIGKILL,
 * a signal: the guardian has PR_SET_PDEATHSIG). So the server never
 * outlives the program on any exit path. Start it from a thread that
 * lives until it is stopped (the main thread).
 *
 * Memory: a struct sd_tempserver is malloc'd by sd_tempserver_start() and
 * freed by sd_tempserver_stop().
 */
#ifndef SD_TEMPSERVER_H
#define SD_TEMPSERVER_H

#include "util/error.h"
#include "util/sqlquote.h"
#include "util/strbuf.h"

struct sd_tempserver;

/* Startup timeout when 0 is given (initdb and the first connection). */
#define SD_TEMPSERVER_TIMEOUT_MS 60000L

/* 1 when the binaries to start a server of dialect d are installed, else
 * 0 with why (when not NULL) saying what is missing. Where they are
 * looked for: $SCHEMADIFF_PG_BIN, else the newest
 * /usr/lib/postgresql/N/bin (initdb, postgres); $SCHEMADIFF_MARIADBD and
 * $SCHEMADIFF_MARIADB_INSTALL_DB, else mariadbd and mariadb-install-db in
 * $PATH, /usr/sbin and /usr/bin. */
int sd_tempserver_available(enum sql_dialect d, struct strbuf *why);

/* Start a fresh server of dialect d and wait until it accepts a
 * connection, at most timeout_ms (0: SD_TEMPSERVER_TIMEOUT_MS). SD_ERR
 * with the tail of the server's log when it does not start in time or
 * exits; SD_ERR_UNSUPPORTED when the binaries are missing. Nothing is
 * left behind on failure. */
int sd_tempserver_start(enum sql_dialect d, long timeout_ms,
			struct sd_tempserver **out, struct sd_error *err);
/* A connection string for the server (a libpq conninfo string, or a
 * mysql:// URL over its socket), valid until it is stopped. */
const char *sd_tempserver_url(const struct sd_tempserver *s);
/* The server's temporary folder (removed when it stops). */
const char *sd_tempserver_dir(const struct sd_tempserver *s);
/* Stop the server, wait for it, remove its folder, free s. NULL is
 * fine. */
void sd_tempserver_stop(struct sd_tempserver *s);

#endif
