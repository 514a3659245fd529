/*
 * emit/report.c: what the drift report formats share (status names,
 * sorting, counting, ignore rules) and the text format.
 *
 * Memory: see emit/report.h; the text is appended to the caller's strbuf.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "emit/report.h"
#include "util/text.h"
#include "util/banned.h"

void drift_target_init(struct drift_target *t)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->arena);
}

void drift_target_release(struct drift_target *t)
{
	arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}

bool drift_target_drifted(const struct drift_target *t)
{
	if (t->error)
		return false;
	return t->nobjects || t->nchecksums || t->nunknown ||
	       t->nout_of_order || t->no_history ||
	       (t->pending_is_drift && t->npending);
}

const char *drift_status_name(enum drift_status s)
{
	switch (s) {
	case DRIFT_MISSING:
		return "missing";
	case DRIFT_UNEXPECTED:
		return "unexpected";
	case DRIFT_DIFFERENT:
		return "different";
	}
	return "different";
}

static const char *const *sort_kinds;

static size_t kind_rank(const char *kind)
{
	size_t i = 0;

	if (!sort_kinds)
		return 0;
	for (; sort_kinds[i]; i++)
		if (!strcmp(sort_kinds[i], kind))
			return i;
	return i;
}

static int cmp_str(const char *a, const char *b)
{
	if (a == b)
		return 0;
	if (!a)
		return -1;
	if (!b)
		return 1;
	return strcmp(a, b);
}

static int cmp_object(const void *pa, const void *pb)
{
	const struct drift_object *a = pa, *b = pb;
	size_t ra = kind_rank(a->kind), rb = kind_rank(b->kind);
	int c;

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if ((c = strcmp(a->kind, b->kind)))
		return c;
	if ((c = cmp_str(a->schema, b->schema)))
		return c;
	if ((c = strcmp(a->name, b->name)))
		return c;
	return (int)a->status - (int)b->status;
}

/* Not reentrant through sort_kinds: callers sort from one thread at a
 * time (ops/drift.c sorts after the workers are done). */
void drift_target_sort(struct drift_target *t, const char *const *kinds)
{
	sort_kinds = kinds;
	if (t->nobjects > 1)
		qsort(t->objects, t->nobjects, sizeof(*t->objects), cmp_object);
	sort_kinds = NULL;
}

void drift_report_count(const struct drift_report *r, struct drift_counts *c)
{
	memset(c, 0, sizeof(*c));
	c->targets = r->ntargets;
	for (size_t i = 0; i < r->ntargets; i++) {
		const struct drift_target *t = &r->targets[i];
		if (t->error)
			c->errors++;
		else if (drift_target_drifted(t))
			c->drifted++;
		else
			c->clean++;
	}
}

bool drift_ignored(const char *const *patterns, size_t n, const char *kind,
		   const char *schema, const char *name)
{
	struct strbuf q = STRBUF_INIT;
	bool hit = false;

	if (schema)
		strbuf_addf(&q, "%s.%s", schema, name);
	else
		strbuf_addstr(&q, name);
	for (size_t i = 0; i < n && !hit; i++) {
		const char *p = patterns[i], *colon = strchr(p, ':');

		if (colon) {
			char *k = strndup(p, (size_t)(colon - p));
			if (!k)
				abort();
			hit = !fnmatch(k, kind, 0) && !fnmatch(colon + 1, q.buf, 0);
			free(k);
		} else {
			hit = !fnmatch(p, q.buf, 0);
		}
	}
	strbuf_release(&q);
	return hit;
}

/* --- text ---------------------------------------------------------------- */

#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

/* Names and server text come from users: control characters in them (ESC,
 * BEL ...) are escaped, so that only the report's own colours reach the
 * terminal (util/text.h). */
static void add(struct strbuf *out, const char *text)
{
	sd_escape_controls(out, text);
}

static void paint(struct strbuf *out, bool color, const char *code,
		  const char *text)
{
	if (color)
		strbuf_addstr(out, code);
	add(out, text);
	if (color)
		strbuf_addstr(out, C_OFF);
}

static void text_list(struct strbuf *out, const char *title,
		      const char *const *items, size_t n)
{
	if (!n)
		return;
	strbuf_addf(out, "  %s:", title);
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(out, i ? ", " : " ");
		add(out, items[i]);
	}
	strbuf_addch(out, '\n');
}

/* Each line of text, indented. */
static void text_indent(struct strbuf *out, const char *text,
			const char *indent)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char *line = strndup(text, len);

		if (!line)
			abort();
		strbuf_addstr(out, indent);
		add(out, line);
		strbuf_addch(out, '\n');
		free(line);
		text += len + (nl ? 1 : 0);
	}
}

static void text_target(const struct drift_target *t, bool color,
			struct strbuf *out)
{
	static const enum drift_status order[] = {
		DRIFT_MISSING, DRIFT_UNEXPECTED, DRIFT_DIFFERENT,
	};
	static const char *const titles[] = {
		"missing (in the version, not in the database)",
		"unexpected (in the database, not in the version)",
		"different",
	};

	paint(out, color, C_BOLD, t->url);
	if (t->server) {
		strbuf_addstr(out, " (");
		add(out, t->server);
		strbuf_addch(out, ')');
	}
	strbuf_addstr(out, ": ");
	if (t->error) {
		paint(out, color, C_RED, "error");
		strbuf_addch(out, '\n');
		text_indent(out, t->error, "  ");
		return;
	}
	if (drift_target_drifted(t))
		paint(out, color, C_RED, "drift");
	else
		paint(out, color, C_GREEN, "no drift");
	strbuf_addch(out, '\n');
	if (t->no_history) {
		strbuf_addstr(out, "  no history: no version of the schema was ever recorded in this database\n");
		if (t->untracked) {
			strbuf_addstr(out, "  it holds objects nonetheless (");
			add(out, t->untracked);
			strbuf_addstr(out, ")\n");
		}
	} else {
		strbuf_addstr(out, "  version: ");
		add(out, t->version ? t->version : "none");
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < t->nchecksums; i++) {
		const struct drift_checksum *c = &t->checksums[i];
		strbuf_addstr(out, "  changed since applied: version ");
		add(out, c->version);
		strbuf_addf(out, " (recorded checksum %.12s, files now %.12s)\n",
			    c->recorded, c->current);
		for (size_t j = 0; j < c->nfiles; j++)
			text_indent(out, c->files[j], "    ");
	}
	text_list(out, "recorded, not in the schema root", t->unknown,
		  t->nunknown);
	text_list(out, "never applied, below the recorded version",
		  t->out_of_order, t->nout_of_order);
	text_list(out, t->pending_is_drift ? "pending" : "pending (not drift)",
		  t->pending, t->npending);
	if (t->objects_skipped)
		text_indent(out, t->objects_skipped,
			    "  objects not compared: ");
	text_list(out, "unchanged, made again around the changes", t->remade,
		  t->nremade);
	for (size_t s = 0; s < 3; s++) {
		size_t n = 0;
		for (size_t i = 0; i < t->nobjects; i++)
			n += t->objects[i].status == order[s];
		if (!n)
			continue;
		strbuf_addf(out, "  %s:\n", titles[s]);
		for (size_t i = 0; i < t->nobjects; i++) {
			const struct drift_object *o = &t->objects[i];
			if (o->status != order[s])
				continue;
			strbuf_addstr(out, "    ");
			add(out, o->kind);
			strbuf_addch(out, ' ');
			paint(out, color, s == 0 ? C_RED : s == 1 ? C_YELLOW
								: C_BOLD,
			      o->display);
			strbuf_addch(out, '\n');
			for (size_t j = 0; j < o->ndetails; j++)
				text_indent(out, o->details[j], "      - ");
			if (o->sql && *o->sql) {
				if (color)
					strbuf_addstr(out, C_DIM);
				text_indent(out, o->sql, "      ");
				if (color) {
					strbuf_rtrim(out);
					strbuf_addstr(out, C_OFF "\n");
				}
			}
		}
	}
}

void drift_report_text(const struct drift_report *r, bool color,
		       struct strbuf *out)
{
	struct drift_counts c;

	for (size_t i = 0; i < r->ntargets; i++) {
		if (i)
			strbuf_addch(out, '\n');
		text_target(&r->targets[i], color, out);
	}
	drift_report_count(r, &c);
	strbuf_addf(out, "\n%zu database%s: %zu without drift, %zu with drift, %zu not checked (error)\n",
		    c.targets, c.targets == 1 ? "" : "s", c.clean, c.drifted,
		    c.errors);
}
