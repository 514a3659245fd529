/*
 * drivers/tempserver.c: a throwaway PostgreSQL or MariaDB server started
 * from the installed binaries in a temporary folder (see tempserver.h).
 *
 * Processes: the caller forks a guardian; the guardian runs the install
 * step (initdb, mariadb-install-db) and then the server as its children,
 * tells the caller over a pipe how far it got ('S' started, 'I' install
 * failed, 'X' server exited), and on SIGTERM (sent by
 * sd_tempserver_stop(), or by the kernel when the caller's thread dies:
 * PR_SET_PDEATHSIG) stops the server, removes the folder and exits. The
 * server in turn dies with the guardian. The caller only polls for a
 * connection and reads the pipe.
 *
 * Memory: struct sd_tempserver and its strings are malloc'd here and freed
 * by sd_tempserver_stop().
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "drivers/driver.h"
#include "drivers/tempserver.h"
#include "util/banned.h"

struct sd_tempserver {
	enum sql_dialect dialect;
	pid_t guardian;
	int pipe_rd;		/* guardian -> us: 'S', 'I', 'X' */
	char *dir;		/* the temporary folder */
	char *url;
};

/* --- finding the binaries ------------------------------------------------- */

static int is_exec(const char *path)
{
	return path && *path && access(path, X_OK) == 0;
}

/* "15" < "16" < "100": compare two version folder names as numbers. */
static int numcmp(const char *a, const char *b)
{
	long x = strtol(a, NULL, 10), y = strtol(b, NULL, 10);

	return x < y ? -1 : x > y;
}

/* The PostgreSQL bin folder into out (empty when none). */
static void pg_bindir(struct strbuf *out)
{
	const char *env = getenv("SCHEMADIFF_PG_BIN");
	DIR *d;
	struct dirent *e;
	char best[256] = "";

	if (env && *env) {
		strbuf_addstr(out, env);
		return;
	}
	d = opendir("/usr/lib/postgresql");
	if (!d)
		return;
	while ((e = readdir(d))) {
		struct strbuf p = STRBUF_INIT;
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		strbuf_addf(&p, "/usr/lib/postgresql/%s/bin/postgres", e->d_name);
		if (is_exec(p.buf) && (!*best || numcmp(e->d_name, best) > 0) &&
		    strlen(e->d_name) < sizeof(best))
			snprintf(best, sizeof(best), "%s", e->d_name);
		strbuf_release(&p);
	}
	closedir(d);
	if (*best)
		strbuf_addf(out, "/usr/lib/postgresql/%s/bin", best);
}

/* A program by name: $env, else in $PATH, /usr/sbin, /usr/bin. */
static void find_prog(const char *env, const char *name, struct strbuf *out)
{
	const char *v = getenv(env), *path = getenv("PATH");
	struct strbuf dirs = STRBUF_INIT;
	char *p, *save = NULL;

	if (v && *v) {
		strbuf_addstr(out, v);
		return;
	}
	strbuf_addf(&dirs, "%s:/usr/sbin:/usr/bin", path ? path : "");
	for (p = strtok_r(dirs.buf, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
		size_t len = out->len;
		strbuf_addf(out, "%s/%s", p, name);
		if (is_exec(out->buf + len))
			break;
		strbuf_setlen(out, len);
	}
	strbuf_release(&dirs);
}

struct progs {
	struct strbuf install, server;
};

static int find_progs(enum sql_dialect d, struct progs *p, struct strbuf *why)
{
	strbuf_init(&p->install, 0);
	strbuf_init(&p->server, 0);
	if (d == SQL_MYSQL) {
		find_prog("SCHEMADIFF_MARIADBD", "mariadbd", &p->server);
		find_prog("SCHEMADIFF_MARIADB_INSTALL_DB", "mariadb-install-db",
			  &p->install);
		if (is_exec(p->server.buf) && is_exec(p->install.buf))
			return 1;
		if (why)
			strbuf_addstr(why, "no MariaDB server installed (mariadbd and mariadb-install-db)");
		return 0;
	}
	pg_bindir(&p->server);
	if (p->server.len) {
		strbuf_addf(&p->install, "%s/initdb", p->server.buf);
		strbuf_addstr(&p->server, "/postgres");
	}
	if (is_exec(p->server.buf) && is_exec(p->install.buf))
		return 1;
	if (why)
		strbuf_addstr(why, "no PostgreSQL server installed (initdb and postgres under /usr/lib/postgresql/N/bin, or $SCHEMADIFF_PG_BIN)");
	return 0;
}

static void progs_release(struct progs *p)
{
	strbuf_release(&p->install);
	strbuf_release(&p->server);
}

int sd_tempserver_available(enum sql_dialect d, struct strbuf *why)
{
	struct progs p;
	int ok = find_progs(d, &p, why);

	progs_release(&p);
	return ok;
}

/* --- the guardian ----------------------------------------------------------- */

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void rm_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* In a child of the guardian: become the server's user (root cannot run
 * PostgreSQL), send output to log, exec argv. Never returns. */
static void child_exec(char *const argv[], const char *log, uid_t uid,
		       gid_t gid, int deathsig)
{
	sigset_t none;
	int fd;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (getuid() == 0 && uid != 0) {
		if (setgid(gid) || setuid(uid))
			_exit(126);
	}
	/* after setuid: a change of credentials clears it */
	prctl(PR_SET_PDEATHSIG, deathsig);
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0)
		dup2(fd, 0);
	execv(argv[0], argv);
	_exit(127);
}

struct gspec {
	enum sql_dialect d;
	const char *dir;
	char **install_argv, **server_argv;
	const char *install_log, *server_log;
	uid_t uid;
	gid_t gid;
	pid_t parent;
	int pipe_wr;
};

static void tell(int fd, char c)
{
	ssize_t n;

	do {
		n = write(fd, &c, 1);
	} while (n < 0 && errno == EINTR);
}

/* Wait for SIGTERM or the exit of one of our children; returns the
 * signal (SIGTERM or SIGCHLD). */
static int guardian_wait(const sigset_t *set)
{
	for (;;) {
		int sig = sigwaitinfo(set, NULL);
		if (sig == SIGTERM || sig == SIGCHLD)
			return sig;
	}
}

static void guardian_finish(const struct gspec *g, pid_t server)
{
	int st;

	if (server > 0) {
		/* immediate stop: the data is thrown away */
		kill(server, g->d == SQL_MYSQL ? SIGKILL : SIGQUIT);
		for (int i = 0; i < 200; i++) {
			if (waitpid(server, &st, WNOHANG) != 0)
				break;
			usleep(25000);
		}
		kill(server, SIGKILL);
		waitpid(server, &st, 0);
	}
	rm_tree(g->dir);
	_exit(0);
}

static void guardian_main(struct gspec *g)
{
	sigset_t set;
	pid_t inst, server = -1;
	int st;

	setpgid(0, 0);		/* a terminal's ^C is for the caller */
	/* keep none of the caller's connections and files open */
	if (dup2(g->pipe_wr, 3) < 0)
		_exit(1);
	closefrom(4);
	fcntl(3, F_SETFD, FD_CLOEXEC);
	g->pipe_wr = 3;
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != g->parent)
		guardian_finish(g, -1);

	inst = fork();
	if (inst == 0)
		child_exec(g->install_argv, g->install_log, g->uid, g->gid,
			   SIGKILL);
	if (inst < 0) {
		tell(g->pipe_wr, 'I');
		while (guardian_wait(&set) != SIGTERM)
			;
		guardian_finish(g, -1);
	}
	for (;;) {
		int sig = guardian_wait(&set);
		if (sig == SIGTERM) {
			kill(inst, SIGKILL);
			waitpid(inst, &st, 0);
			guardian_finish(g, -1);
		}
		if (waitpid(inst, &st, WNOHANG) == inst)
			break;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		tell(g->pipe_wr, 'I');
		while (guardian_wait(&set) != SIGTERM)
			;
		guardian_finish(g, -1);
	}
	server = fork();
	if (server == 0)
		child_exec(g->server_argv, g->server_log, g->uid, g->gid,
			   SIGKILL);
	tell(g->pipe_wr, server > 0 ? 'S' : 'X');
	for (;;) {
		int sig = guardian_wait(&set);
		if (sig == SIGTERM)
			guardian_finish(g, server);
		if (server > 0 && waitpid(server, &st, WNOHANG) == server) {
			server = -1;
			tell(g->pipe_wr, 'X');
		}
	}
}

/* --- starting and stopping -------------------------------------------------- */

/* The last lines of a log file into out. */
static void log_tail(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "r");
	char buf[2048];
	long size;
	size_t n;

	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, size > (long)sizeof(buf) - 1 ? size - (long)sizeof(buf) + 1 : 0,
	      SEEK_SET);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	strbuf_addstr(out, buf);
	strbuf_rtrim(out);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int sd_tempserver_start(enum sql_dialect d, long timeout_ms,
			struct sd_tempserver **out, struct sd_error *err)
{
	struct progs p;
	struct strbuf why = STRBUF_INIT, dir = STRBUF_INIT, ilog = STRBUF_INIT;
	struct strbuf slog = STRBUF_INIT, data = STRBUF_INIT, a1 = STRBUF_INIT;
	struct strbuf a2 = STRBUF_INIT, a3 = STRBUF_INIT, a4 = STRBUF_INIT;
	struct strbuf a5 = STRBUF_INIT;
	struct strbuf url = STRBUF_INIT, user = STRBUF_INIT;
	const char *tmp = getenv("TMPDIR");
	struct sd_tempserver *s = NULL;
	struct gspec g = { 0 };
	char *iargv[24], *sargv[40];
	int pfd[2] = { -1, -1 }, rc = 0, n = 0, started = 0;
	double deadline;
	struct strbuf last = STRBUF_INIT;

	*out = NULL;
	if (!find_progs(d, &p, &why)) {
		rc = sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
				  "cannot start a throwaway server: %s", why.buf);
		goto out;
	}
	g.uid = getuid();
	g.gid = getgid();
	if (d != SQL_MYSQL && geteuid() == 0) {
		struct passwd *pw = getpwnam("postgres");
		if (!pw) {
			rc = sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
					  "cannot start a throwaway PostgreSQL as root: there is no \"postgres\" user to run it as");
			goto out;
		}
		g.uid = pw->pw_uid;
		g.gid = pw->pw_gid;
	}
	if (d == SQL_MYSQL) {
		struct passwd *pw = getpwuid(geteuid());
		strbuf_addstr(&user, pw ? pw->pw_name : "root");
	}
	strbuf_addf(&dir, "%s/schemadiff-server.XXXXXX",
		    tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir.buf)) {
		rc = sd_error_set(err, SD_ERR_IO, NULL, 0, 0,
				  "cannot create a temporary folder for a throwaway server: %s",
				  strerror(errno));
		goto out;
	}
	if (g.uid != geteuid() && chown(dir.buf, g.uid, g.gid)) {
		rc = sd_error_set(err, SD_ERR_IO, NULL, 0, 0,
				  "cannot give %s to the server's user: %s",
				  dir.buf, strerror(errno));
		rm_tree(dir.buf);
		goto out;
	}
	strbuf_addf(&ilog, "%s/install.log", dir.buf);
	strbuf_addf(&slog, "%s/server.log", dir.buf);
	strbuf_addf(&data, "%s/data", dir.buf);

	if (d == SQL_MYSQL) {
		strbuf_addf(&a1, "--user=%s", user.buf);
		strbuf_addf(&a2, "--datadir=%s", data.buf);
		strbuf_addf(&a3, "--socket=%s/mysqld.sock", dir.buf);
		strbuf_addf(&a4, "--pid-file=%s/mysqld.pid", dir.buf);
		/* temporary tables in the private folder, not a /tmp that
		 * other servers share */
		strbuf_addf(&a5, "--tmpdir=%s", dir.buf);
		iargv[n++] = p.install.buf;
		iargv[n++] = "--no-defaults";
		iargv[n++] = a1.buf;
		iargv[n++] = a2.buf;
		iargv[n++] = "--auth-root-authentication-method=normal";
		iargv[n++] = "--skip-test-db";
		iargv[n++] = "--skip-name-resolve";
		iargv[n++] = "--innodb-flush-log-at-trx-commit=0";
		iargv[n++] = "--innodb-doublewrite=0";
		iargv[n++] = "--innodb-buffer-pool-size=32M";
		iargv[n++] = "--innodb-log-file-size=16M";
		iargv[n++] = "--skip-log-bin";
		iargv[n] = NULL;
		n = 0;
		sargv[n++] = p.server.buf;
		sargv[n++] = "--no-defaults";
		sargv[n++] = a1.buf;
		sargv[n++] = a2.buf;
		sargv[n++] = a3.buf;
		sargv[n++] = a4.buf;
		sargv[n++] = a5.buf;
		sargv[n++] = "--skip-networking";
		sargv[n++] = "--skip-name-resolve";
		sargv[n++] = "--innodb-flush-log-at-trx-commit=0";
		sargv[n++] = "--innodb-flush-method=nosync";
		sargv[n++] = "--innodb-doublewrite=0";
		sargv[n++] = "--innodb-buffer-pool-size=32M";
		sargv[n++] = "--innodb-log-file-size=16M";
		sargv[n++] = "--skip-log-bin";
		sargv[n++] = "--sync-frm=0";
		sargv[n++] = "--character-set-server=utf8mb4";
		sargv[n++] = "--collation-server=utf8mb4_general_ci";
		sargv[n] = NULL;
		strbuf_addf(&url, "mysql://root@localhost/mysql?socket=%s/mysqld.sock",
			    dir.buf);
	} else {
		strbuf_addf(&a1, "%s", data.buf);
		strbuf_addf(&a2, "unix_socket_directories=%s", dir.buf);
		iargv[n++] = p.install.buf;
		iargv[n++] = "-D";
		iargv[n++] = a1.buf;
		iargv[n++] = "-A";
		iargv[n++] = "trust";
		iargv[n++] = "-U";
		iargv[n++] = "postgres";
		iargv[n++] = "-E";
		iargv[n++] = "UTF8";
		iargv[n++] = "--locale=C.UTF-8";
		iargv[n++] = "--no-sync";
		iargv[n] = NULL;
		n = 0;
		sargv[n++] = p.server.buf;
		sargv[n++] = "-D";
		sargv[n++] = a1.buf;
		sargv[n++] = "-c";
		sargv[n++] = a2.buf;
		sargv[n++] = "-c";
		sargv[n++] = "listen_addresses=";
		sargv[n++] = "-c";
		sargv[n++] = "fsync=off";
		sargv[n++] = "-c";
		sargv[n++] = "synchronous_commit=off";
		sargv[n++] = "-c";
		sargv[n++] = "full_page_writes=off";
		sargv[n++] = "-c";
		sargv[n++] = "max_locks_per_transaction=1024";
		sargv[n] = NULL;
		strbuf_addstr(&url, "host='");
		for (const char *c = dir.buf; *c; c++) {
			if (*c == '\'' || *c == '\\')
				strbuf_addch(&url, '\\');
			strbuf_addch(&url, *c);
		}
		strbuf_addstr(&url, "' user=postgres dbname=postgres");
	}

	if (pipe2(pfd, O_CLOEXEC)) {
		rc = sd_error_set(err, SD_ERR_IO, NULL, 0, 0, "pipe: %s",
				  strerror(errno));
		rm_tree(dir.buf);
		goto out;
	}
	g.d = d;
	g.dir = dir.buf;
	g.install_argv = iargv;
	g.server_argv = sargv;
	g.install_log = ilog.buf;
	g.server_log = slog.buf;
	g.parent = getpid();
	g.pipe_wr = pfd[1];

	s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	s->dialect = d;
	s->pipe_rd = pfd[0];
	s->guardian = fork();
	if (s->guardian == 0) {
		close(pfd[0]);
		guardian_main(&g);
		_exit(0);
	}
	close(pfd[1]);
	if (s->guardian < 0) {
		rc = sd_error_set(err, SD_ERR_IO, NULL, 0, 0, "fork: %s",
				  strerror(errno));
		close(pfd[0]);
		rm_tree(dir.buf);
		free(s);
		s = NULL;
		goto out;
	}
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	s->dir = strbuf_detach(&dir, NULL);
	s->url = strbuf_detach(&url, NULL);

	deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : SD_TEMPSERVER_TIMEOUT_MS);
	for (;;) {
		char c = 0;
		ssize_t r = read(s->pipe_rd, &c, 1);
		struct sd_error cerr = { 0 };
		struct sd_conn *conn = NULL;

		if (r == 1 && c == 'S')
			started = 1;
		if ((r == 1 && (c == 'I' || c == 'X')) || r == 0) {
			struct strbuf tail = STRBUF_INIT;
			log_tail(c == 'I' || !started ? ilog.buf : slog.buf, &tail);
			rc = sd_error_set(err, SD_ERR, NULL, 0, 0,
					  "the throwaway %s server did not start%s%s",
					  d == SQL_MYSQL ? "MariaDB" : "PostgreSQL",
					  tail.len ? ":\n" : "", tail.buf);
			strbuf_release(&tail);
			break;
		}
		if (started) {
			if (!sd_driver_connect(s->url, &conn, &cerr)) {
				conn->drv->close(conn);
				break;
			}
			strbuf_reset(&last);
			strbuf_addstr(&last, cerr.msg);
		}
		if (now_ms() > deadline) {
			struct strbuf tail = STRBUF_INIT;
			log_tail(started ? slog.buf : ilog.buf, &tail);
			rc = sd_error_set(err, SD_ERR, NULL, 0, 0,
					  "the throwaway %s server did not accept connections within %ld ms%s%s%s%s",
					  d == SQL_MYSQL ? "MariaDB" : "PostgreSQL",
					  timeout_ms > 0 ? timeout_ms : SD_TEMPSERVER_TIMEOUT_MS,
					  last.len ? " (" : "", last.buf,
					  last.len ? ")" : "",
					  tail.len ? ":\n" : "");
			sd_error_hint(err, "%s", tail.buf);
			strbuf_release(&tail);
			break;
		}
		usleep(started ? 20000 : 10000);
	}
	if (rc) {
		sd_tempserver_stop(s);
		s = NULL;
	}
	*out = s;
out:
	progs_release(&p);
	strbuf_release(&why);
	strbuf_release(&dir);
	strbuf_release(&ilog);
	strbuf_release(&slog);
	strbuf_release(&data);
	strbuf_release(&a1);
	strbuf_release(&a2);
	strbuf_release(&a3);
	strbuf_release(&a4);
	strbuf_release(&a5);
	strbuf_release(&url);
	strbuf_release(&user);
	strbuf_release(&last);
	return rc;
}

const char *sd_tempserver_url(const struct sd_tempserver *s)
{
	return s->url;
}

const char *sd_tempserver_dir(const struct sd_tempserver *s)
{
	return s->dir;
}

void sd_tempserver_stop(struct sd_tempserver *s)
{
	int st;

	if (!s)
		return;
	if (s->guardian > 0) {
		kill(s->guardian, SIGTERM);
		while (waitpid(s->guardian, &st, 0) < 0 && errno == EINTR)
			;
	}
	if (s->pipe_rd >= 0)
		close(s->pipe_rd);
	free(s->dir);
	free(s->url);
	free(s);
}
