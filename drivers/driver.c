/*
 * drivers/driver.c: choosing a driver from a connection string, password
 * redaction, the deploy lock key, and comparing a schema root with a
 * database's history (engine-neutral: no client library here).
 *
 * Memory: see driver.h; plans are malloc'd arrays released by
 * sd_history_plan_release(), histories own an arena.
 */
#include "drivers/driver.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
