/*
 * tests/emit/test_report.c: the drift report formats on a hand-made
 * report (no server): the JSON layout (keys, order, values), JUnit
 * escaping and counts, Markdown table cells, text with and without colour,
 * ignore rules, sorting, and that the same report gives the same bytes.
 * Each test owns its report and releases it.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "emit/report.h"
#include "util/banned.h"

static const char *const kinds[] = { "schema", "table", "index", NULL };

/* Two targets: one drifted (a hostile table name, a changed version file),
 * one that could not be reached. */
static void build(struct drift_report *r, struct drift_target t[2])
{
	struct drift_object *o;
	static const char *details[] = { "column c: default is 1, expected 2" };
	static const char *pending[] = { "3" };
	static const char *files[] = { "root/1/revisions.sql" };

	memset(r, 0, sizeof(*r));
	drift_target_init(&t[0]);
	drift_target_init(&t[1]);
	t[0].url = "postgres://u@h/db1";
	t[0].server = "PostgreSQL 15.8";
	t[0].version = "2";
	t[0].objects = arena_alloc(&t[0].arena, 2 * sizeof(*o));
	o = &t[0].objects[t[0].nobjects++];
	o->status = DRIFT_DIFFERENT;
	o->kind = "table";
	o->schema = "public";
	o->name = "a<b>&\"c|d";
	o->display = "public.\"a<b>&\"\"c|d\"";
	o->details = details;
	o->ndetails = 1;
	o->sql = "ALTER TABLE x;\n";
	o = &t[0].objects[t[0].nobjects++];
	o->status = DRIFT_MISSING;
	o->kind = "index";
	o->schema = "public";
	o->name = "i";
	o->display = "public.i";
	o->sql = "CREATE INDEX i ON public.t USING btree (a);\n";
	t[0].checksums = arena_alloc(&t[0].arena, sizeof(*t[0].checksums));
	t[0].checksums[0].version = "1";
	t[0].checksums[0].recorded = "aaaa";
	t[0].checksums[0].current = "bbbb";
	t[0].checksums[0].files = files;
	t[0].checksums[0].nfiles = 1;
	t[0].nchecksums = 1;
	t[0].pending = pending;
	t[0].npending = 1;
	t[1].url = "postgres://u:***@h/db2";
	t[1].error = "could not connect\x01 <here>";
	r->generated_at = "2024-01-01T00:00:00Z";
	r->schema_name = "app";
	r->schema_root = "root";
	r->latest = "3";
	r->targets = t;
	r->ntargets = 2;
}

static void release(struct drift_target t[2])
{
	drift_target_release(&t[0]);
	drift_target_release(&t[1]);
}

Test(report, json_layout)
{
	struct drift_report r;
	struct drift_target t[2];
	struct strbuf sb = STRBUF_INIT;
	json_t *doc, *db, *obj;
	json_error_t jerr;
	const char *key;
	json_t *val;
	static const char *const top[] = { "format", "version", "generated_at",
		"schema", "ignore", "summary", "databases" };
	static const char *const dbk[] = { "url", "status", "error", "server",
		"history", "untracked_object", "version", "objects_compared",
		"objects_skipped_reason", "objects", "checksum_mismatches",
		"unknown_versions", "out_of_order_versions", "pending_versions",
		"remade", "sql" };
	size_t i = 0;

	build(&r, t);
	drift_target_sort(&t[0], kinds);
	cr_assert_eq(drift_report_json(&r, &sb), 0);
	doc = json_loads(sb.buf, JSON_PRESERVE_ORDER, &jerr);
	cr_assert_not_null(doc, "%s", jerr.text);
	json_object_foreach(doc, key, val) {
		cr_assert_lt(i, 7);
		cr_expect_str_eq(key, top[i]);
		i++;
	}
	cr_expect_str_eq(json_string_value(json_object_get(doc, "format")),
			 "schemadiff-drift");
	cr_expect_eq(json_integer_value(json_object_get(doc, "version")), 1);
	cr_expect_eq(json_integer_value(json_object_get(
		json_object_get(doc, "summary"), "drift")), 1);
	cr_expect_eq(json_integer_value(json_object_get(
		json_object_get(doc, "summary"), "errors")), 1);
	for (size_t d = 0; d < 2; d++) {
		db = json_array_get(json_object_get(doc, "databases"), d);
		i = 0;
		json_object_foreach(db, key, val) {
			cr_assert_lt(i, 16);
			cr_expect_str_eq(key, dbk[i]);
			i++;
		}
		cr_expect_eq(i, 16);
	}
	db = json_array_get(json_object_get(doc, "databases"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(db, "status")), "drift");
	/* sorted by kind order: the table before the index */
	obj = json_array_get(json_object_get(db, "objects"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(obj, "kind")), "table");
	cr_expect_str_eq(json_string_value(json_object_get(obj, "name")), "a<b>&\"c|d");
	cr_expect_str_eq(json_string_value(json_object_get(obj, "status")), "different");
	db = json_array_get(json_object_get(doc, "databases"), 1);
	cr_expect_str_eq(json_string_value(json_object_get(db, "status")), "error");
	cr_expect(json_is_false(json_object_get(db, "objects_compared")));
	json_decref(doc);
	strbuf_release(&sb);
	release(t);
}

Test(report, same_bytes)
{
	struct drift_report r;
	struct drift_target t[2];
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	build(&r, t);
	drift_report_json(&r, &a);
	drift_report_junit(&r, &a);
	drift_report_markdown(&r, &a);
	drift_report_text(&r, false, &a);
	drift_report_json(&r, &b);
	drift_report_junit(&r, &b);
	drift_report_markdown(&r, &b);
	drift_report_text(&r, false, &b);
	cr_expect_str_eq(a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	release(t);
}

Test(report, junit_escaped)
{
	struct drift_report r;
	struct drift_target t[2];
	struct strbuf sb = STRBUF_INIT;

	build(&r, t);
	drift_report_junit(&r, &sb);
	cr_expect(strstr(sb.buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") == sb.buf);
	cr_expect_not_null(strstr(sb.buf, "name=\"table public.&quot;a&lt;b&gt;&amp;&quot;&quot;c|d&quot;\""));
	cr_expect_not_null(strstr(sb.buf, "tests=\"4\" failures=\"3\" errors=\"1\""));
	cr_expect_not_null(strstr(sb.buf, "could not connect? &lt;here&gt;"));
	cr_expect_null(strstr(sb.buf, "\x01"));
	cr_expect_null(strstr(sb.buf, "<b>"));
	strbuf_release(&sb);
	release(t);
}

Test(report, markdown_cells)
{
	struct drift_report r;
	struct drift_target t[2];
	struct strbuf sb = STRBUF_INIT;

	build(&r, t);
	drift_report_markdown(&r, &sb);
	cr_expect(strncmp(sb.buf, "# schemadiff drift report\n", 26) == 0);
	cr_expect_not_null(strstr(sb.buf, "| different | table | `public.\"a<b>&\"\"c\\|d\"` |"));
	cr_expect_not_null(strstr(sb.buf, "```sql\nALTER TABLE x;\n"));
	cr_expect_not_null(strstr(sb.buf, "pending (not drift): `3`"));
	strbuf_release(&sb);
	release(t);
}

Test(report, text_colour_only_when_asked)
{
	struct drift_report r;
	struct drift_target t[2];
	struct strbuf plain = STRBUF_INIT, color = STRBUF_INIT;

	build(&r, t);
	drift_report_text(&r, false, &plain);
	drift_report_text(&r, true, &color);
	cr_expect_null(strchr(plain.buf, '\033'));
	cr_expect_not_null(strchr(color.buf, '\033'));
	cr_expect_not_null(strstr(plain.buf, "postgres://u@h/db1 (PostgreSQL 15.8): drift\n"));
	cr_expect_not_null(strstr(plain.buf, "changed since applied: version 1"));
	cr_expect_not_null(strstr(plain.buf, "      - column c: default is 1, expected 2\n"));
	cr_expect_not_null(strstr(plain.buf, "2 databases: 0 without drift, 1 with drift, 1 not checked (error)\n"));
	strbuf_release(&plain);
	strbuf_release(&color);
	release(t);
}

Test(report, drifted)
{
	struct drift_target t;

	drift_target_init(&t);
	t.url = "x";
	cr_expect_not(drift_target_drifted(&t));
	t.npending = 1;
	cr_expect_not(drift_target_drifted(&t));
	t.pending_is_drift = true;
	cr_expect(drift_target_drifted(&t));
	t.npending = 0;
	t.no_history = true;
	cr_expect(drift_target_drifted(&t));
	t.error = "e";
	cr_expect_not(drift_target_drifted(&t));
	drift_target_release(&t);
}

Test(report, ignore_rules)
{
	static const char *const p[] = { "audit.*", "index:public.tmp_*",
					 "exten*:pg_stat_statements" };

	cr_expect(drift_ignored(p, 3, "table", "audit", "log"));
	cr_expect(drift_ignored(p, 3, "view", "audit", "v"));
	cr_expect_not(drift_ignored(p, 3, "table", "public", "log"));
	cr_expect(drift_ignored(p, 3, "index", "public", "tmp_x"));
	cr_expect_not(drift_ignored(p, 3, "table", "public", "tmp_x"));
	cr_expect(drift_ignored(p, 3, "extension", NULL, "pg_stat_statements"));
	cr_expect_not(drift_ignored(p, 0, "table", "audit", "log"));
}

/* Issue #20: control characters in names (ESC, BEL, DEL, a C1 CSI) are
 * escaped in the human-readable formats; the text report's own colours
 * stay the only escape sequences. */
Test(report, control_characters_escaped)
{
	struct drift_report r;
	struct drift_target t[2];
	struct strbuf plain = STRBUF_INIT, color = STRBUF_INIT, md = STRBUF_INIT;
	static const char *details[] = { "column \x1b]0;pwned\x07: default" };

	build(&r, t);
	t[0].objects[0].display = "public.\"\x1b[2J\x07x\x7f\xc2\x9b\"";
	t[0].objects[0].details = details;
	t[0].objects[1].sql = "CREATE INDEX \"\x1b[31m\" ON t (a);\n";
	t[0].server = "evil\x1b[5m";
	t[0].version = "2\x08";
	drift_report_text(&r, false, &plain);
	drift_report_text(&r, true, &color);
	drift_report_markdown(&r, &md);
	for (int pass = 0; pass < 3; pass++) {
		const struct strbuf *sb = pass == 0 ? &plain : pass == 1 ? &md : &color;
		for (const unsigned char *p = (const unsigned char *)sb->buf; *p; p++) {
			if (pass == 2 && *p == 0x1b) {
				/* only the report's own SGR codes: ESC [ digits m */
				const unsigned char *q = p + 1;
				cr_assert_eq(*q, '[');
				for (q++; *q >= '0' && *q <= '9'; q++)
					;
				cr_assert_eq(*q, 'm', "stray escape at %s", (const char *)p);
				cr_assert(q - p <= 4);
				continue;
			}
			cr_assert(*p >= 0x20 || *p == '\n' || *p == '\t',
				  "format %d: raw control byte 0x%02x", pass, *p);
			cr_assert_neq(*p, 0x7f);
			cr_assert(!(*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f));
		}
		cr_expect_not_null(strstr(sb->buf, "\\x1b[2J\\x07x\\x7f\\u009b"), "format %d", pass);
		cr_expect_not_null(strstr(sb->buf, "\\x1b]0;pwned\\x07"), "format %d", pass);
	}
	cr_expect_not_null(strstr(plain.buf, "(evil\\x1b[5m)"));
	cr_expect_not_null(strstr(plain.buf, "version: 2\\x08"));
	cr_expect_not_null(strstr(plain.buf, "CREATE INDEX \"\\x1b[31m\""));
	strbuf_release(&plain);
	strbuf_release(&color);
	strbuf_release(&md);
	release(t);
}
