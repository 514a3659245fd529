/*
 * emit/report_markdown.c: the drift report as Markdown, for a chat or a
 * ticket: a summary table of the databases, then per database with drift
 * its version problems and a table of objects, and the SQL that brings it
 * back in a fenced block. Table cells escape '|' and newlines; names are
 * written in code spans.
 *
 * Memory: appends to the caller's strbuf.
 */
#include <string.h>

#include "emit/report.h"
#include "util/text.h"
#include "util/banned.h"

/* Text inside a table cell: '|' escaped, newlines as <br>. */
static void md_cell(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			strbuf_addstr(out, "\\|");
		else if (*s == '\n')
			strbuf_addstr(out, s[1] ? "<br>" : "");
		else
			strbuf_addch(out, *s);
	}
}

/* A code span that survives backticks in the text. */
static void md_code(struct strbuf *out, const char *s)
{
	const char *fence = strchr(s, '`') ? "`` " : "`";
	const char *close = strchr(s, '`') ? " ``" : "`";

	strbuf_addstr(out, fence);
	md_cell(out, s);
	strbuf_addstr(out, close);
}

static const char *status_of(const struct drift_target *t)
{
	if (t->error)
		return "error";
	return drift_target_drifted(t) ? "**drift**" : "no drift";
}

static void md_list(struct strbuf *out, const char *title,
		    const char *const *items, size_t n)
{
	if (!n)
		return;
	strbuf_addf(out, "- %s:", title);
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(out, i ? ", " : " ");
		md_code(out, items[i]);
	}
	strbuf_addch(out, '\n');
}

static void md_target(const struct drift_target *t, struct strbuf *out)
{
	struct strbuf sql = STRBUF_INIT;
	size_t start;

	strbuf_addstr(out, "\n## ");
	md_code(out, t->url);
	strbuf_addf(out, ": %s\n\n", status_of(t));
	start = out->len;
	if (t->error) {
		strbuf_addstr(out, "```\n");
		strbuf_addstr(out, t->error);
		strbuf_addstr(out, "\n```\n");
		return;
	}
	if (t->no_history) {
		strbuf_addstr(out, "- no history: no version of the schema was ever recorded in this database\n");
		if (t->untracked) {
			strbuf_addstr(out, "- it holds objects nonetheless: ");
			md_code(out, t->untracked);
			strbuf_addch(out, '\n');
		}
	}
	for (size_t i = 0; i < t->nchecksums; i++) {
		const struct drift_checksum *c = &t->checksums[i];
		strbuf_addf(out, "- changed since applied: version `%s` (recorded checksum `%.12s`, files now `%.12s`):",
			    c->version, c->recorded, c->current);
		for (size_t j = 0; j < c->nfiles; j++) {
			strbuf_addstr(out, j ? ", " : " ");
			md_code(out, c->files[j]);
		}
		strbuf_addch(out, '\n');
	}
	md_list(out, "recorded, not in the schema root", t->unknown, t->nunknown);
	md_list(out, "never applied, below the recorded version",
		t->out_of_order, t->nout_of_order);
	md_list(out, t->pending_is_drift ? "pending" : "pending (not drift)",
		t->pending, t->npending);
	if (t->objects_skipped)
		strbuf_addf(out, "- objects not compared: %s\n", t->objects_skipped);
	md_list(out, "unchanged, made again around the changes", t->remade,
		t->nremade);
	if (t->nobjects) {
		if (out->len != start)
			strbuf_addch(out, '\n');
		strbuf_addstr(out, "| status | kind | name | what differs |\n"
				   "|---|---|---|---|\n");
		for (size_t i = 0; i < t->nobjects; i++) {
			const struct drift_object *o = &t->objects[i];
			strbuf_addf(out, "| %s | %s | ",
				    drift_status_name(o->status), o->kind);
			md_code(out, o->display);
			strbuf_addstr(out, " | ");
			for (size_t j = 0; j < o->ndetails; j++) {
				if (j)
					strbuf_addstr(out, "<br>");
				md_cell(out, o->details[j]);
			}
			strbuf_addstr(out, " |\n");
			if (o->sql && !t->sql)
				strbuf_addstr(&sql, o->sql);
		}
		if (t->sql)
			strbuf_addstr(&sql, t->sql);
		if (sql.len)
			strbuf_addf(out, "\nSQL that brings the database back to its version:\n\n```sql\n%s```\n",
				    sql.buf);
	}
	strbuf_release(&sql);
}

static void markdown(const struct drift_report *r, struct strbuf *out);

/* Markdown has no control characters of its own: the whole report is
 * escaped (util/text.h), so that a name holding ESC or BEL cannot drive
 * the reader's terminal or viewer. */
void drift_report_markdown(const struct drift_report *r, struct strbuf *out)
{
	struct strbuf raw = STRBUF_INIT;

	markdown(r, &raw);
	sd_escape_controls(out, raw.buf);
	strbuf_release(&raw);
}

static void markdown(const struct drift_report *r, struct strbuf *out)
{
	struct drift_counts c;

	drift_report_count(r, &c);
	strbuf_addstr(out, "# schemadiff drift report\n\n");
	strbuf_addstr(out, "Schema ");
	md_code(out, r->schema_name ? r->schema_name : "");
	if (r->latest)
		strbuf_addf(out, ", latest version `%s`", r->latest);
	strbuf_addf(out, ", generated %s: %zu database%s, %zu without drift, %zu with drift, %zu not checked.\n\n",
		    r->generated_at ? r->generated_at : "", c.targets,
		    c.targets == 1 ? "" : "s", c.clean, c.drifted, c.errors);
	strbuf_addstr(out, "| database | version | status | objects | versions |\n"
			   "|---|---|---|---|---|\n");
	for (size_t i = 0; i < r->ntargets; i++) {
		const struct drift_target *t = &r->targets[i];
		size_t nver = t->nchecksums + t->nunknown + t->nout_of_order +
			      (t->no_history ? 1 : 0);
		strbuf_addstr(out, "| ");
		md_code(out, t->url);
		strbuf_addf(out, " | %s | %s | %zu | %zu |\n",
			    t->version ? t->version : "-", status_of(t),
			    t->nobjects, nver);
	}
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].error || drift_target_drifted(&r->targets[i]) ||
		    r->targets[i].npending)
			md_target(&r->targets[i], out);
}
