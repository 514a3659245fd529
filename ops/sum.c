/*
 * ops/sum.c: schemadiff.sum, the integrity file of a schema root, which
 * makes two branches that each add a version visible after their merge.
 *
 * One line per version, in order: the version, the checksum of its files
 * (SPEC_CHECKSUM, as the history table records it) and a chain hash over
 * every version up to it:
 *
 *   chain(1) = SHA-256("" "\n" version "\n" checksum)
 *   chain(i) = SHA-256(hex chain(i-1) "\n" version "\n" checksum)
 *
 * A version with demo-data files (version.json's `demo`) has in place of
 * the checksum its spec_version.sum_checksum, which covers them too.
 *
 * A version planned on top of other versions than the root now has before
 * it (one arrived from another branch) keeps its old chain, which no
 * longer matches; two lines for one version mean two branches each added
 * it. `plan` writes the file; `validate --fix-sum` writes it for the root
 * as it is. A root without the file (older roots) is accepted, with a note.
 *
 * Memory: everything is released before a function returns; nothing
 * prints (events only).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops/ops_internal.h"
#include "util/fileio.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/banned.h"

struct sum_entry {
	char *version;
	char checksum[SHA256_HEX_SIZE];
	char chain[SHA256_HEX_SIZE];
	int line;
	bool used;
};

static void chain_next(const char *prev, const char *version,
		       const char *checksum, char out[SHA256_HEX_SIZE])
{
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, prev, strlen(prev));
	sha256_update(&ctx, "\n", 1);
	sha256_update(&ctx, version, strlen(version));
	sha256_update(&ctx, "\n", 1);
	sha256_update(&ctx, checksum, strlen(checksum));
	sha256_final(&ctx, d);
	sha256_hex(d, out);
}

/* What the file records for v: its checksum, or with demo files one that
 * covers them too (parser/spec/spec.h). */
static const char *sum_of(const struct spec_version *v)
{
	return v->sum_checksum ? v->sum_checksum : v->checksum;
}

static void sum_path(const char *dir, struct strbuf *out)
{
	strbuf_addf(out, "%s/%s", dir, OPS_SUM_FILE);
}

void ops_sum_text(const struct schema_root *root, struct strbuf *out)
{
	char chain[SHA256_HEX_SIZE] = "";

	strbuf_addstr(out, "# " OPS_SUM_FILE ": written by schemadiff plan; do not edit\n"
		      "# (schemadiff validate --fix-sum writes it again for the root as it is)\n"
		      "# version, checksum of its files, chain over the versions up to it\n");
	for (size_t i = 0; i < root->nversions; i++) {
		const struct spec_version *v = &root->versions[i];

		chain_next(chain, v->version, sum_of(v), chain);
		strbuf_addf(out, "%s %s %s\n", v->version, sum_of(v), chain);
	}
}

int ops_sum_write(const struct schema_root *root, struct sd_error *err)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT, text = STRBUF_INIT;
	int rc = 0;

	sum_path(root->dir, &path);
	strbuf_addf(&tmp, "%s.tmp-%ld", path.buf, (long)getpid());
	ops_sum_text(root, &text);
	unlink(tmp.buf);
	if (file_write_new(tmp.buf, text.buf, text.len)) {
		rc = sd_error_set(err, SD_ERR_IO, tmp.buf, 0, 0,
				  "cannot write \"%s\": %s", tmp.buf,
				  strerror(errno));
		unlink(tmp.buf);
	} else if (rename(tmp.buf, path.buf)) {
		rc = sd_error_set(err, SD_ERR_IO, path.buf, 0, 0,
				  "cannot replace \"%s\": %s", path.buf,
				  strerror(errno));
		unlink(tmp.buf);
	}
	strbuf_release(&path);
	strbuf_release(&tmp);
	strbuf_release(&text);
	return rc;
}

static int is_hex64(const char *s, size_t n)
{
	if (n != SHA256_HEX_SIZE - 1)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void entries_free(struct sum_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].version);
	free(e);
}

/* Parse the text of schemadiff.sum into entries (in file order). */
static int sum_parse(const char *file, const char *text,
		     struct sum_entry **out, size_t *nout,
		     struct sd_error *err)
{
	struct sum_entry *e = NULL;
	size_t n = 0, cap = 0;
	int line = 0;

	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		const char *f[3];
		size_t fl[3], nf = 0, i = 0;

		line++;
		while (i < len && nf < 3) {
			while (i < len && (p[i] == ' ' || p[i] == '\t'))
				i++;
			if (i == len)
				break;
			f[nf] = p + i;
			while (i < len && p[i] != ' ' && p[i] != '\t')
				i++;
			fl[nf] = (size_t)(p + i - f[nf]);
			nf++;
		}
		while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
			i++;
		if (nf && f[0][0] != '#') {
			char *v = NULL;
			int bad = nf != 3 || i != len;

			if (!bad) {
				v = strndup(f[0], fl[0]);
				bad = !v || !spec_version_valid(v) ||
				      !is_hex64(f[1], fl[1]) ||
				      !is_hex64(f[2], fl[2]);
			}
			if (bad) {
				free(v);
				entries_free(e, n);
				return sd_error_set(err, SD_ERR_SYNTAX, file, line, 1,
						    "expected \"VERSION CHECKSUM CHAIN\" (a version and two SHA-256 in hex): write the file again with schemadiff validate --fix-sum");
			}
			if (n == cap) {
				cap = cap ? 2 * cap : 16;
				e = realloc(e, cap * sizeof(*e));
				if (!e)
					abort();
			}
			memset(&e[n], 0, sizeof(e[n]));
			e[n].version = v;
			memcpy(e[n].checksum, f[1], fl[1]);
			memcpy(e[n].chain, f[2], fl[2]);
			e[n].line = line;
			n++;
		}
		p += len;
		if (*p)
			p++;
	}
	*out = e;
	*nout = n;
	return 0;
}

/* Add one problem to msg; the first one's line goes to *first_line. */
static void problem(struct strbuf *msg, size_t *nproblems, int *first_line,
		    int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void problem(struct strbuf *msg, size_t *nproblems, int *first_line,
		    int line, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (*nproblems)
		strbuf_addch(msg, '\n');
	strbuf_addstr(msg, buf);
	if (!*nproblems)
		*first_line = line;
	(*nproblems)++;
}

int ops_sum_check(const struct schema_root *root, const struct ops_events *ev,
		  struct ops_sum_check *out, struct sd_error *err)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, msg = STRBUF_INIT;
	struct sum_entry *e = NULL;
	size_t n = 0, nproblems = 0;
	char chain[SHA256_HEX_SIZE] = "";
	int first_line = 0, rc;
	struct sd_error rerr = { 0 };

	memset(out, 0, sizeof(*out));
	out->first_stale = root->nversions;
	sum_path(root->dir, &path);
	if (access(path.buf, F_OK) && errno == ENOENT) {
		ops_emit(ev, OPS_EVENT_NOTE, "%s has no " OPS_SUM_FILE " (a root written before it): two branches that each add a version go unnoticed; schemadiff plan or validate --fix-sum writes one",
			 root->dir);
		rc = 0;
		goto out;
	}
	out->present = true;
	rc = sd_read_file(&text, path.buf, &rerr);
	if (rc) {
		*err = rerr;
		goto out;
	}
	rc = sum_parse(path.buf, text.buf, &e, &n, err);
	if (rc)
		goto out;

	/* one version, two lines: added on two branches */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (!spec_version_cmp(e[i].version, e[j].version) &&
			    strcmp(e[i].checksum, e[j].checksum))
				problem(&msg, &nproblems, &first_line, e[j].line,
					"version %s was added on two branches (lines %d and %d): plan it again on top of the other (schemadiff plan --rebase)",
					e[j].version, e[i].line, e[j].line);
	for (size_t i = 0; i < root->nversions; i++) {
		const struct spec_version *v = &root->versions[i];
		struct sum_entry *line = NULL;
		size_t nlines = 0;

		for (size_t j = 0; j < n; j++) {
			if (spec_version_cmp(e[j].version, v->version))
				continue;
			e[j].used = true;
			nlines++;
			if (!line || !strcmp(e[j].checksum, sum_of(v)))
				line = &e[j];
		}
		if (!line) {
			if (out->first_stale == root->nversions)
				out->first_stale = i;
			problem(&msg, &nproblems, &first_line, 0,
				"version %s is not in " OPS_SUM_FILE " (added on another branch whose line the merge lost, or written without plan): plan it again (schemadiff plan --rebase), or accept the root as it is (schemadiff validate --fix-sum)",
				v->version);
			chain_next(chain, v->version, sum_of(v), chain);
			continue;
		}
		/* the chain over the checksums recorded: an edited file shows
		 * in its own version only */
		chain_next(chain, v->version, line->checksum, chain);
		if (strcmp(line->chain, chain)) {
			if (out->first_stale == root->nversions)
				out->first_stale = i;
			problem(&msg, &nproblems, &first_line, line->line,
				"version %s was planned on top of other versions than the ones before it now (one came from another branch): plan it again on top of the other (schemadiff plan --rebase)",
				v->version);
		} else if (strcmp(line->checksum, sum_of(v)) && nlines == 1) {
			out->nedited++;
			ops_emit(ev, OPS_EVENT_WARNING, "%s:%d: the files of version %s changed after plan wrote " OPS_SUM_FILE " (migrate refuses them where it was applied; schemadiff validate --fix-sum accepts the change)",
				 path.buf, line->line, v->version);
		}
	}
	for (size_t j = 0; j < n; j++)
		if (!e[j].used)
			problem(&msg, &nproblems, &first_line, e[j].line,
				"version %s is in " OPS_SUM_FILE " but not in the schema root (removed, or lost in a merge)",
				e[j].version);
	out->nproblems = nproblems;
	if (nproblems)
		rc = sd_error_set(err, SD_ERR_CONFLICT, path.buf, first_line,
				  first_line ? 1 : 0, "%s does not match %s:\n%s",
				  root->dir, OPS_SUM_FILE, msg.buf);
out:
	entries_free(e, n);
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&msg);
	return rc;
}

void ops_sum_branch(const struct schema_root *root, size_t from, bool *take,
		    struct strbuf *lost)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct sum_entry *e = NULL, *at = NULL;
	struct sd_error err = { 0 };
	size_t n = 0;

	for (size_t i = from; i < root->nversions; i++)
		take[i] = true;
	sum_path(root->dir, &path);
	if (sd_read_file(&text, path.buf, &err) ||
	    sum_parse(path.buf, text.buf, &e, &n, &err))
		goto out;
	/* versions[from]'s line: the one with its checksum, else any */
	for (size_t j = 0; j < n; j++) {
		if (spec_version_cmp(e[j].version, root->versions[from].version))
			continue;
		if (!at || !strcmp(e[j].checksum, sum_of(&root->versions[from])))
			at = &e[j];
	}
	if (!at)
		goto out;	/* no line: every version from it on */
	/* the line it was planned on: a version whose folder now holds
	 * another (the merge gave it to the other branch) is lost */
	for (size_t j = 0; j < n; j++) {
		char chain[SHA256_HEX_SIZE];
		const struct spec_version *pv;

		chain_next(e[j].chain, at->version, at->checksum, chain);
		if (strcmp(chain, at->chain))
			continue;
		pv = spec_find_version(root, e[j].version);
		if (pv && strcmp(sum_of(pv), e[j].checksum))
			strbuf_addstr(lost, e[j].version);
		break;
	}
	for (size_t i = from + 1; i < root->nversions; i++) {
		const struct spec_version *v = &root->versions[i];
		struct sum_entry *next = NULL;
		bool lines = false;

		for (size_t j = 0; j < n && !next; j++) {
			char chain[SHA256_HEX_SIZE];

			if (spec_version_cmp(e[j].version, v->version))
				continue;
			lines = true;
			chain_next(at->chain, e[j].version, e[j].checksum, chain);
			if (!strcmp(chain, e[j].chain))
				next = &e[j];
		}
		if (next)
			at = next;	/* planned on top of the one before */
		else if (lines)
			take[i] = false;	/* another branch's */
		/* no line at all: written without plan, taken too */
	}
out:
	entries_free(e, n);
	strbuf_release(&path);
	strbuf_release(&text);
}
