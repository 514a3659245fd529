/*
 * drivers/driver.c: choosing a driver from a connection string, password
 * redaction, the deploy lock key, comparing a schema root with a
 * database's history, and the runtime limits and cancel request every
 * driver follows (engine-neutral: no client library here).
 *
 * Memory: see driver.h; plans are malloc'd arrays released by
 * sd_history_plan_release(), histories own an arena.
 */
#include "drivers/driver.h"

#include <ctype.h>
#include <stdbool.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <sys/random.h>

#include "parser/spec/spec.h"
#include "util/banned.h"

static int has_prefix_ci(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

int sd_driver_for_url(const char *url, const struct sd_driver **out,
		      struct sd_error *err)
{
	const char *colon;
	struct strbuf red = STRBUF_INIT;
	int ret;

	*out = NULL;
	if (!url || !*url || has_prefix_ci(url, "postgres://") ||
	    has_prefix_ci(url, "postgresql://")) {
		*out = &sd_driver_pg;
		return 0;
	}
	if (has_prefix_ci(url, "mysql://") || has_prefix_ci(url, "mariadb://")) {
		*out = &sd_driver_mysql;
		return 0;
	}
	colon = strstr(url, "://");
	/* a URL when "://" comes before any space, '=' or quote: in
	 * conninfo it can only be inside a value (a password) */
	if (colon && strcspn(url, " ='") > (size_t)(colon - url)) {
		size_t n = (size_t)(colon - url);
		/* the scheme is quoted only when it is one (letters, digits,
		 * + - .): anything else may hold a secret */
		bool scheme = n && strspn(url, "abcdefghijklmnopqrstuvwxyz"
					       "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					       "0123456789+-.") == n;

		sd_redact_url(url, &red);
		ret = sd_error_set(err, SD_ERR, NULL, 0, 0,
				   "%s: unknown kind of database \"%.*s\"", red.buf,
				   scheme ? (int)n : 0, url);
		sd_error_hint(err, "use postgres://, postgresql://, mysql://, mariadb:// or a libpq connection string such as \"host=db dbname=app\"");
		strbuf_release(&red);
		return ret;
	}
	/* Anything else is a libpq conninfo string ("host=x dbname=y"). */
	*out = &sd_driver_pg;
	return 0;
}

int sd_driver_connect(const char *url, struct sd_conn **out,
		      struct sd_error *err)
{
	const struct sd_driver *drv;
	int ret;

	*out = NULL;
	ret = sd_driver_for_url(url, &drv, err);
	if (ret)
		return ret;
	return drv->connect(url ? url : "", out, err);
}

/* A key whose value is a secret, in a URL query or a conninfo string:
 * libpq's password and sslpassword, and the passwd and pwd spellings,
 * compared after percent-decoding (?pass%77ord=), without case. */
static int secret_key(const char *key, size_t n, int percent)
{
	struct strbuf k = STRBUF_INIT;
	int secret;

	for (size_t i = 0; i < n; i++) {
		if (percent && key[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)key[i + 1]) &&
		    isxdigit((unsigned char)key[i + 2])) {
			char hex[3] = { key[i + 1], key[i + 2], 0 };
			strbuf_addch(&k, (char)tolower((int)strtol(hex, NULL, 16)));
			i += 2;
		} else if (percent && key[i] == '+') {
			strbuf_addch(&k, ' ');
		} else {
			strbuf_addch(&k, (char)tolower((unsigned char)key[i]));
		}
	}
	secret = !strcmp(k.buf, "password") || !strcmp(k.buf, "sslpassword") ||
		 !strcmp(k.buf, "passwd") || !strcmp(k.buf, "pwd");
	strbuf_release(&k);
	return secret;
}

/*
 * URL form: scheme://[user[:password]@]host[:port][/db][?k=v&...]. The
 * password runs from the first ':' of the userinfo to the last '@' of the
 * URL: a raw '@', '/', '?' or '#' in it stays hidden (an '@' further on, in
 * the query, hides more than needed, never less). Query values run to the
 * next '&' ('#' is no fragment to libpq).
 */
static void redact_uri(const char *url, const char *auth, struct strbuf *out)
{
	const char *at = strrchr(auth, '@'), *colon = NULL, *p, *q;

	if (at)
		colon = memchr(auth, ':', (size_t)(at - auth));
	if (colon) {
		strbuf_add(out, url, (size_t)(colon + 1 - url));
		strbuf_addstr(out, "***");
		p = at;
	} else {
		p = url;
	}
	q = strchr(colon ? at : auth, '?');
	if (!q) {
		strbuf_addstr(out, p);
		return;
	}
	strbuf_add(out, p, (size_t)(q + 1 - p));
	p = q + 1;
	while (*p) {
		size_t n = strcspn(p, "&");
		size_t k = strcspn(p, "=&");

		if (k < n && secret_key(p, k, 1)) {
			strbuf_add(out, p, k);
			strbuf_addstr(out, "=***");
		} else {
			strbuf_add(out, p, n);
		}
		p += n;
		if (*p == '&') {
			strbuf_addch(out, '&');
			p++;
		}
	}
}

/* conninfo form: key = value pairs, values bare or '...' with \ escapes. */
static void redact_conninfo(const char *s, struct strbuf *out)
{
	const char *p = s;

	while (*p) {
		const char *key, *key_end, *val;
		int secret;

		while (isspace((unsigned char)*p))
			strbuf_addch(out, *p++);
		if (!*p)
			break;
		key = p;
		while (*p && *p != '=' && !isspace((unsigned char)*p))
			p++;
		key_end = p;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '=') {	/* not key=value: copy and go on */
			strbuf_add(out, key, (size_t)(p - key));
			continue;
		}
		p++;
		while (isspace((unsigned char)*p))
			p++;
		secret = secret_key(key, (size_t)(key_end - key), 0);
		val = p;
		if (*p == '\'') {
			p++;
			while (*p && *p != '\'') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p)
				p++;
		} else {
			while (*p && !isspace((unsigned char)*p)) {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
		}
		if (secret) {
			strbuf_add(out, key, (size_t)(key_end - key));
			strbuf_addstr(out, "=***");
		} else {
			strbuf_add(out, key, (size_t)(key_end - key));
			strbuf_addch(out, '=');
			strbuf_add(out, val, (size_t)(p - val));
		}
	}
}

void sd_redact_url(const char *url, struct strbuf *out)
{
	const char *sep;

	if (!url || !*url) {
		strbuf_addstr(out, "(environment)");
		return;
	}
	sep = strstr(url, "://");
	if (sep && strcspn(url, " ='") > (size_t)(sep - url)) {
		size_t n = (size_t)(sep - url);
		/* what stands before "://" is shown only when it is a scheme
		 * (letters, digits, + - .): "u:secret@x://" is not one */
		if (!n || strspn(url, "abcdefghijklmnopqrstuvwxyz"
				      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				      "0123456789+-.") != n) {
			strbuf_addstr(out, "***");
			url = sep;
		}
		redact_uri(url, sep + 3, out);
	} else {
		redact_conninfo(url, out);
	}
}

void sd_redact_text(const char *text, const char *secret, struct strbuf *out)
{
	size_t n = secret ? strlen(secret) : 0;
	const char *p = text, *hit;

	if (!n) {
		strbuf_addstr(out, text);
		return;
	}
	while ((hit = strstr(p, secret))) {
		strbuf_add(out, p, (size_t)(hit - p));
		strbuf_addstr(out, "***");
		p = hit + n;
	}
	strbuf_addstr(out, p);
}

int64_t sd_lock_key(const char *name)
{
	static const char prefix[] = "schemadiff:";
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a 64 offset basis */
	const unsigned char *p;

	for (p = (const unsigned char *)prefix; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;	/* FNV prime */
	for (p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (int64_t)h;
}

void sd_history_release(struct sd_history *h)
{
	arena_release(&h->arena);
	h->rows = NULL;
	h->nrows = 0;
	h->exists = 0;
}

const struct sd_history_row *sd_history_find(const struct sd_history *h,
					     const char *version)
{
	for (size_t i = 0; i < h->nrows; i++)
		if (spec_version_valid(h->rows[i].version) &&
		    !spec_version_cmp(h->rows[i].version, version))
			return &h->rows[i];
	return NULL;
}

int sd_history_row_incomplete(const struct sd_history_row *r)
{
	return r->outcome && (!strcmp(r->outcome, "failed") ||
			      !strcmp(r->outcome, "running"));
}

void sd_history_plan_build(const struct schema_root *root,
			   const struct sd_history *h,
			   struct sd_history_plan *plan)
{
	size_t nv = root->nversions;

	memset(plan, 0, sizeof(*plan));
	for (size_t i = 0; i < h->nrows; i++) {
		const struct sd_history_row *r = &h->rows[i];
		if (!spec_version_valid(r->version))
			continue;
		if (sd_history_row_incomplete(r))
			continue;
		if (!plan->current || spec_version_cmp(r->version, plan->current) > 0)
			plan->current = r->version;
		if (!strcmp(r->outcome, "baseline") &&
		    (!plan->baseline || spec_version_cmp(r->version, plan->baseline) > 0))
			plan->baseline = r->version;
	}
	plan->applied = calloc(nv + 1, sizeof(size_t));
	plan->pending = calloc(nv + 1, sizeof(size_t));
	plan->mismatch = calloc(nv + 1, sizeof(size_t));
	plan->skipped = calloc(nv + 1, sizeof(size_t));
	plan->unknown = calloc(h->nrows + 1, sizeof(*plan->unknown));
	if (!plan->applied || !plan->pending || !plan->mismatch ||
	    !plan->skipped || !plan->unknown)
		abort();
	for (size_t i = 0; i < nv; i++) {
		const struct spec_version *v = &root->versions[i];
		const struct sd_history_row *r = sd_history_find(h, v->version);

		if (r && sd_history_row_incomplete(r)) {
			/* a version that stopped part way (engines without
			 * transactional DDL): run it again, from where it
			 * stopped */
			plan->incomplete = r;
			plan->pending[plan->npending++] = i;
		} else if (r) {
			const struct spec_squashed *sq = NULL;

			plan->applied[plan->napplied++] = i;
			/* a baseline (schemadiff squash) also takes the
			 * checksum the version had before */
			for (size_t k = 0; k < v->nsquashed; k++)
				if (!spec_version_cmp(v->squashed[k].version,
						      v->version))
					sq = &v->squashed[k];
			if (strcmp(r->checksum, v->checksum) &&
			    (!sq || strcmp(r->checksum, sq->checksum)))
				plan->mismatch[plan->nmismatch++] = i;
		} else if (!plan->current ||
			   spec_version_cmp(v->version, plan->current) > 0) {
			plan->pending[plan->npending++] = i;
		} else if (!plan->baseline ||
			   spec_version_cmp(v->version, plan->baseline) > 0) {
			plan->skipped[plan->nskipped++] = i;
		}
		/* else: below the baseline, covered by it */
	}
	for (size_t i = 0; i < h->nrows; i++) {
		const struct sd_history_row *r = &h->rows[i];
		/* a version a baseline replaced (schemadiff squash) is
		 * known, with the checksum it had */
		const struct spec_squashed *sq = spec_version_valid(r->version) ?
			spec_find_squashed(root, r->version, NULL) : NULL;

		if (sq && !strcmp(sq->checksum, r->checksum))
			continue;
		if (!spec_version_valid(r->version) ||
		    !spec_find_version(root, r->version))
			plan->unknown[plan->nunknown++] = r;
	}
}

void sd_history_plan_release(struct sd_history_plan *plan)
{
	free(plan->applied);
	free(plan->pending);
	free(plan->mismatch);
	free(plan->skipped);
	free((void *)plan->unknown);
	memset(plan, 0, sizeof(*plan));
}

/* --- runtime limits and cancellation -------------------------------------- */

static long connect_timeout_ms;
static __thread double thread_deadline;
static volatile sig_atomic_t cancel_signal;
static void (*cancel_fn)(void);

void sd_set_connect_timeout(long ms)
{
	connect_timeout_ms = ms;
}

long sd_connect_timeout_ms(void)
{
	return connect_timeout_ms > 0 ? connect_timeout_ms
				      : SD_CONNECT_TIMEOUT_DEFAULT_MS;
}

static double monotonic_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void sd_deadline_set(double at)
{
	thread_deadline = at;
}

double sd_deadline_left(void)
{
	double left;

	if (thread_deadline <= 0)
		return 1e9;
	left = thread_deadline - monotonic_now();
	return left > 0 ? left : 0;
}

long sd_next_connect_timeout_ms(void)
{
	long ms = sd_connect_timeout_ms();
	double left = sd_deadline_left();

	if (left * 1000 < (double)ms)
		ms = (long)(left * 1000);
	return ms < 1 ? 1 : ms;
}

void sd_cancel_hook(void (*fn)(void))
{
	cancel_fn = fn;
}

void sd_cancel_request(int signo)
{
	/* once: a second request must not cancel the clean-up itself */
	if (cancel_signal)
		return;
	cancel_signal = signo ? signo : SIGTERM;
	if (cancel_fn)
		cancel_fn();
}

int sd_cancel_signal(void)
{
	return cancel_signal;
}

int sd_cancel_check(struct sd_error *err)
{
	int sig = cancel_signal;

	if (!sig)
		return 0;
	return sd_error_set(err, SD_ERR_CANCELLED, NULL, 0, 0,
			    "interrupted by %s",
			    sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM"
								: "a signal");
}

/* --- scrubbing a password in place ---------------------------------------- */

static int scrub_span(char *p, size_t n)
{
	memset(p, 'x', n);
	return n > 0;
}

/* The value of a conninfo or query parameter at p (after "password="):
 * its length, quotes included. */
static size_t param_value_len(const char *p, int conninfo)
{
	size_t n = 0;

	if (conninfo && *p == '\'') {
		for (n = 1; p[n] && p[n] != '\''; n++)
			if (p[n] == '\\' && p[n + 1])
				n++;
		return p[n] ? n + 1 : n;
	}
	while (p[n] && (conninfo ? !isspace((unsigned char)p[n])
				 : (p[n] != '&' && p[n] != '#')))
		n++;
	return n;
}

int sd_scrub_password(char *url)
{
	char *sep, *p;
	int found = 0;

	if (!url || !*url)
		return 0;
	sep = strstr(url, "://");
	if (sep && strcspn(url, " ='") > (size_t)(sep - url)) {
		char *auth = sep + 3, *end = auth + strcspn(auth, "/?#");
		char *at = NULL, *colon, *q;

		for (p = auth; p < end; p++)
			if (*p == '@')
				at = p;
		if (at && (colon = memchr(auth, ':', (size_t)(at - auth))))
			found += scrub_span(colon + 1, (size_t)(at - colon - 1));
		q = strchr(end, '?');
		for (p = q ? q + 1 : NULL; p && *p && *p != '#';) {
			size_t n = strcspn(p, "&#");

			if (n >= 9 && !strncasecmp(p, "password=", 9))
				found += scrub_span(p + 9, n - 9);
			p += n;
			if (*p == '&')
				p++;
		}
		return found;
	}
	/* conninfo: keyword = value pairs */
	for (p = url; *p;) {
		char *k = p, *v;
		size_t klen;

		while (*p && !isspace((unsigned char)*p) && *p != '=')
			p++;
		klen = (size_t)(p - k);
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '=') {
			while (*p && !isspace((unsigned char)*p))
				p++;
			while (isspace((unsigned char)*p))
				p++;
			continue;
		}
		p++;
		while (isspace((unsigned char)*p))
			p++;
		v = p;
		p += param_value_len(v, 1);
		if (klen == 8 && !strncmp(k, "password", 8)) {
			if (*v == '\'' && p - v >= 2)
				found += scrub_span(v + 1, (size_t)(p - v - 2));
			else
				found += scrub_span(v, (size_t)(p - v));
		}
		while (isspace((unsigned char)*p))
			p++;
	}
	return found;
}

/* --- scratch database names and owners ------------------------------------ */

#define SCRATCH_MAX_AGE_S 86400

static void random_hex(char *out, size_t nbytes)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char buf[16];
	size_t got = 0;

	if (nbytes > sizeof(buf))
		nbytes = sizeof(buf);
	while (got < nbytes) {
		ssize_t n = getrandom(buf + got, nbytes - got, 0);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < nbytes) {	/* no entropy source: time and address */
		struct timespec ts;
		uint64_t x;

		clock_gettime(CLOCK_REALTIME, &ts);
		x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^
		    (uint64_t)(uintptr_t)out;
		for (size_t i = got; i < nbytes; i++, x >>= 5)
			buf[i] = (unsigned char)(x * 2654435761u >> 7);
	}
	for (size_t i = 0; i < nbytes; i++) {
		out[2 * i] = hex[buf[i] >> 4];
		out[2 * i + 1] = hex[buf[i] & 15];
	}
	out[2 * nbytes] = '\0';
}

void sd_scratch_name(struct strbuf *out)
{
	char rnd[17];

	random_hex(rnd, 8);
	strbuf_addf(out, SD_SCRATCH_PREFIX "%ld_%s", (long)getpid(), rnd);
}

/* A process's start time (clock ticks after boot, /proc/PID/stat field
 * 22), or -1 when there is no such process. */
static long long process_start(long pid)
{
	char path[64], buf[1024];
	const char *p;
	FILE *f;
	size_t n;
	int field = 2;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* the command may hold spaces */
	if (!p)
		return -1;
	for (p++; *p && field < 22; p++)
		if (*p == ' ')
			field++;
	return field == 22 ? strtoll(p, NULL, 10) : -1;
}

static void host_name(char *host, size_t size)
{
	if (gethostname(host, size - 1))
		host[0] = '\0';
	host[size - 1] = '\0';
	/* the owner record is space separated */
	for (char *p = host; *p; p++)
		if (isspace((unsigned char)*p) || *p == '\'')
			*p = '_';
}

void sd_scratch_owner(struct strbuf *out)
{
	char host[256];

	host_name(host, sizeof(host));
	strbuf_addf(out, "schemadiff scratch host=%s pid=%ld pstart=%lld created=%lld",
		    host, (long)getpid(), process_start((long)getpid()),
		    (long long)time(NULL));
}

int sd_scratch_owner_gone(const char *comment)
{
	char host[256], theirs[256];
	long pid;
	long long pstart, created;

	if (!comment || sscanf(comment, "schemadiff scratch host=%255s pid=%ld pstart=%lld created=%lld",
			       theirs, &pid, &pstart, &created) != 4)
		return 0;
	if (created > 0 && (long long)time(NULL) - created > SCRATCH_MAX_AGE_S)
		return 1;
	host_name(host, sizeof(host));
	if (strcmp(host, theirs))
		return 0;	/* another machine: only by age */
	return process_start(pid) != pstart;
}

void sd_history_text(const struct sd_history_row *row,
		     struct sd_history_text *t)
{
	if (gethostname(t->host, sizeof(t->host) - 1))
		t->host[0] = '\0';
	t->host[sizeof(t->host) - 1] = '\0';
	snprintf(t->duration, sizeof(t->duration), "%lld", row->duration_ms);
	snprintf(t->done, sizeof(t->done), "%lld", row->statements_done);
}
