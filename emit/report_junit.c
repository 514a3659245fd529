/*
 * emit/report_junit.c: the drift report as JUnit XML, so that CI systems
 * show it: one <testsuite> per database; in it one <testcase> "versions"
 * (history, checksums, versions missing from the root) and one per object
 * compared ("table public.orders"), a <failure> for each that drifted; a
 * database that could not be checked is one <testcase> "connection" with an
 * <error>. Every text goes through xml_escape().
 *
 * Memory: appends to the caller's strbuf.
 */
#include <string.h>

#include "emit/report.h"
#include "util/banned.h"

/* Text or attribute value: markup characters as entities; control
 * characters XML 1.0 forbids become '?'; ANSI never reaches here. */
static void xml_escape(struct strbuf *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&':
			strbuf_addstr(out, "&amp;");
			break;
		case '<':
			strbuf_addstr(out, "&lt;");
			break;
		case '>':
			strbuf_addstr(out, "&gt;");
			break;
		case '"':
			strbuf_addstr(out, "&quot;");
			break;
		case '\'':
			strbuf_addstr(out, "&apos;");
			break;
		default:
			if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
				strbuf_addch(out, '?');
			else
				strbuf_addch(out, c);
		}
	}
}

static void testcase_open(struct strbuf *out, const struct drift_target *t,
			  const char *name)
{
	strbuf_addstr(out, "    <testcase classname=\"");
	xml_escape(out, t->url);
	strbuf_addstr(out, "\" name=\"");
	xml_escape(out, name);
	strbuf_addstr(out, "\"");
}

static void element(struct strbuf *out, const char *tag, const char *message,
		    const char *type, const char *body)
{
	strbuf_addf(out, "      <%s message=\"", tag);
	xml_escape(out, message);
	strbuf_addf(out, "\" type=\"%s\">", type);
	xml_escape(out, body);
	strbuf_addf(out, "</%s>\n", tag);
}

static void list_line(struct strbuf *sb, const char *title,
		      const char *const *items, size_t n)
{
	if (!n)
		return;
	strbuf_addf(sb, "%s:", title);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : " ", items[i]);
	strbuf_addch(sb, '\n');
}

/* The "versions" test case: its failure text, or empty when none. */
static void versions_failure(const struct drift_target *t, struct strbuf *sb)
{
	if (t->no_history) {
		strbuf_addstr(sb, "no history: no version of the schema was ever recorded in this database\n");
		if (t->untracked)
			strbuf_addf(sb, "it holds objects nonetheless (%s)\n",
				    t->untracked);
	}
	for (size_t i = 0; i < t->nchecksums; i++) {
		const struct drift_checksum *c = &t->checksums[i];
		strbuf_addf(sb, "changed since applied: version %s (recorded checksum %s, files now %s)\n",
			    c->version, c->recorded, c->current);
		for (size_t j = 0; j < c->nfiles; j++)
			strbuf_addf(sb, "  %s\n", c->files[j]);
	}
	list_line(sb, "recorded, not in the schema root", t->unknown, t->nunknown);
	list_line(sb, "never applied, below the recorded version",
		  t->out_of_order, t->nout_of_order);
	if (t->pending_is_drift)
		list_line(sb, "pending", t->pending, t->npending);
}

static size_t suite_failures(const struct drift_target *t)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = t->nobjects;

	versions_failure(t, &sb);
	n += sb.len ? 1 : 0;
	strbuf_release(&sb);
	return n;
}

static void junit_target(const struct drift_target *t, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
	size_t tests = t->error ? 1 : 1 + t->nobjects + t->nmatching;

	strbuf_addstr(out, "  <testsuite name=\"");
	xml_escape(out, t->url);
	strbuf_addf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%d\">\n",
		    tests, t->error ? 0 : suite_failures(t), t->error ? 1 : 0);
	if (t->error) {
		testcase_open(out, t, "connection");
		strbuf_addstr(out, ">\n");
		element(out, "error", "the database could not be checked",
			"error", t->error);
		strbuf_addstr(out, "    </testcase>\n  </testsuite>\n");
		return;
	}

	testcase_open(out, t, "versions");
	versions_failure(t, &sb);
	if (sb.len || (t->npending && !t->pending_is_drift) ||
	    t->objects_skipped) {
		strbuf_addstr(out, ">\n");
		if (sb.len)
			element(out, "failure", "the recorded versions do not match the schema root",
				"drift", sb.buf);
		if ((t->npending && !t->pending_is_drift) || t->objects_skipped) {
			strbuf_reset(&sb);
			if (!t->pending_is_drift)
				list_line(&sb, "pending (not drift)", t->pending,
					  t->npending);
			if (t->objects_skipped)
				strbuf_addf(&sb, "objects not compared: %s\n",
					    t->objects_skipped);
			strbuf_addstr(out, "      <system-out>");
			xml_escape(out, sb.buf);
			strbuf_addstr(out, "</system-out>\n");
		}
		strbuf_addstr(out, "    </testcase>\n");
	} else {
		strbuf_addstr(out, "/>\n");
	}

	for (size_t i = 0; i < t->nobjects; i++) {
		const struct drift_object *o = &t->objects[i];
		strbuf_reset(&name);
		strbuf_addf(&name, "%s %s", o->kind, o->display);
		testcase_open(out, t, name.buf);
		strbuf_addstr(out, ">\n");
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %s %s", o->kind, o->display,
			    drift_status_name(o->status));
		strbuf_reset(&name);
		for (size_t j = 0; j < o->ndetails; j++)
			strbuf_addf(&name, "%s\n", o->details[j]);
		if (o->sql && *o->sql)
			strbuf_addf(&name, "SQL that brings the database back to its version:\n%s",
				    o->sql);
		element(out, "failure", sb.buf, drift_status_name(o->status),
			name.buf);
		strbuf_addstr(out, "    </testcase>\n");
	}
	for (size_t i = 0; i < t->nmatching; i++) {
		testcase_open(out, t, t->matching[i]);
		strbuf_addstr(out, "/>\n");
	}
	strbuf_addstr(out, "  </testsuite>\n");
	strbuf_release(&sb);
	strbuf_release(&name);
}

void drift_report_junit(const struct drift_report *r, struct strbuf *out)
{
	size_t tests = 0, failures = 0, errors = 0;

	for (size_t i = 0; i < r->ntargets; i++) {
		const struct drift_target *t = &r->targets[i];
		if (t->error) {
			tests++;
			errors++;
			continue;
		}
		tests += 1 + t->nobjects + t->nmatching;
		failures += suite_failures(t);
	}
	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	strbuf_addf(out, "<testsuites name=\"schemadiff drift\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" timestamp=\"",
		    tests, failures, errors);
	xml_escape(out, r->generated_at);
	strbuf_addstr(out, "\">\n");
	for (size_t i = 0; i < r->ntargets; i++)
		junit_target(&r->targets[i], out);
	strbuf_addstr(out, "</testsuites>\n");
}
