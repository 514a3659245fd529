/*
 * tests/diff/test_hazards.c: the hazards of changes (diff/hazards.c):
 * every change kind has a rule in both dialects, docs/hazards.md holds the
 * table hazards_doc_table() writes (SCHEMADIFF_UPDATE_GOLDEN=1 rewrites
 * it), the catalogs refine a rule (a new table blocks nothing, NOT VALID
 * does not scan, a volatile default rewrites), and --allow-hazards lists
 * parse. The per-case hazards of the golden plans are in test_golden.c.
 *
 * Memory: each test frees its catalogs, change set and buffers.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "diff/hazards.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"

#include "util/banned.h"

#define DOC "docs/hazards.md"
#define BEGIN_MARK "<!-- hazards-table: begin (generated; see tests/diff/test_hazards.c) -->\n"
#define END_MARK "<!-- hazards-table: end -->\n"

Test(hazards, every_kind_has_a_rule_in_both_dialects)
{
	for (unsigned t = 0; t < CH__COUNT; t++) {
		cr_expect(change_kind_name((enum change_type)t),
			  "change kind %u has no name in diff/hazards.c", t);
		cr_expect(hazards_kind_covered((enum change_type)t, SQL_POSTGRES),
			  "change kind %u has no PostgreSQL hazard rule", t);
		cr_expect(hazards_kind_covered((enum change_type)t, SQL_MYSQL),
			  "change kind %u has no MySQL hazard rule", t);
	}
}

Test(hazards, docs_table_matches_the_rules)
{
	struct strbuf doc = STRBUF_INIT, table = STRBUF_INIT;
	const char *up = getenv("SCHEMADIFF_UPDATE_GOLDEN");
	char *b, *e;

	hazards_doc_table(&table);
	cr_assert(strbuf_read_file(&doc, DOC) >= 0, "cannot read " DOC);
	b = strstr(doc.buf, BEGIN_MARK);
	e = b ? strstr(b, END_MARK) : NULL;
	cr_assert(b && e, DOC " lacks the hazards-table markers");
	b += strlen(BEGIN_MARK);
	if (up && !strcmp(up, "1")) {
		struct strbuf out = STRBUF_INIT;
		FILE *f;

		strbuf_add(&out, doc.buf, (size_t)(b - doc.buf));
		strbuf_add(&out, table.buf, table.len);
		strbuf_addstr(&out, e);
		f = fopen(DOC, "w");
		cr_assert(f && fwrite(out.buf, 1, out.len, f) == out.len);
		fclose(f);
		strbuf_release(&out);
	} else {
		cr_expect((size_t)(e - b) == table.len &&
			  !memcmp(b, table.buf, table.len),
			  DOC " is out of date with diff/hazards.c; the table should be:\n%s"
			  "(SCHEMADIFF_UPDATE_GOLDEN=1 rewrites it)", table.buf);
	}
	strbuf_release(&doc);
	strbuf_release(&table);
}

static struct catalog *load_text(const char *sql)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err = { 0 };

	cr_assert(pg_load_desired_text(cat, "t.sql", sql, &err) >= 0, "%s",
		  err.msg);
	return cat;
}

/* The hazards of the changes from a to b, one line each. */
static void report(const char *a, const char *b, struct strbuf *out)
{
	struct catalog *from = load_text(a), *to = load_text(b);
	struct changeset *cs = NULL;
	struct sd_error err = { 0 };

	cr_assert(!diff_catalogs(from, to, &cs, &err), "%s", err.msg);
	changeset_hazards_report(cs, out);
	changeset_free(cs);
	catalog_free(to);
	catalog_free(from);
}

Test(hazards, a_table_the_plan_creates_blocks_nothing)
{
	struct strbuf r = STRBUF_INIT;

	report("", "CREATE TABLE t (a int NOT NULL); CREATE INDEX t_a ON t (a);", &r);
	cr_expect_str_eq(r.buf, "[create-table] create table public.t: none\n"
				"[create-index] create index public.t_a: none\n");
	strbuf_release(&r);
}

Test(hazards, an_existing_table_is_sized_by_its_rule)
{
	struct strbuf r = STRBUF_INIT;

	report("CREATE TABLE t (a int, b int);"
	       "CREATE TABLE p (id int PRIMARY KEY);",
	       "CREATE TABLE t (a int NOT NULL, b int REFERENCES p (id), c int DEFAULT 1, d float DEFAULT random());"
	       "CREATE TABLE p (id int PRIMARY KEY);"
	       "CREATE INDEX t_a ON t (a);", &r);
	cr_expect(strstr(r.buf, "[alter-column-not-null] alter column public.t.a not null: blocks-writes, blocks-reads, validates (ACCESS EXCLUSIVE lock, held for a time proportional to the table)\n"), "%s", r.buf);
	cr_expect(strstr(r.buf, "[add-column] add column public.t.c: blocks-writes, blocks-reads (ACCESS EXCLUSIVE lock, held briefly)\n"), "%s", r.buf);
	cr_expect(strstr(r.buf, "[add-column] add column public.t.d: rewrites-table, blocks-writes, blocks-reads (ACCESS EXCLUSIVE lock, held for a time proportional to the table)\n"), "%s", r.buf);
	cr_expect(strstr(r.buf, "[add-constraint] add constraint public.t.t_b_fkey: blocks-writes, validates (SHARE ROW EXCLUSIVE lock, held for a time proportional to the table)\n"), "%s", r.buf);
	cr_expect(strstr(r.buf, "[create-index] create index public.t_a: blocks-writes, builds-index (SHARE lock, held for a time proportional to the table)\n"), "%s", r.buf);
	strbuf_release(&r);
}

Test(hazards, not_valid_does_not_scan_and_drops_delete_data)
{
	struct strbuf r = STRBUF_INIT;

	report("CREATE TABLE t (a int, b int);",
	       "CREATE TABLE t (a int);"
	       "ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0) NOT VALID;", &r);
	cr_expect(strstr(r.buf, "[drop-column] drop column public.t.b (destructive): deletes-data, blocks-writes, blocks-reads, breaks-dependents, irreversible (ACCESS EXCLUSIVE lock, held briefly)\n"), "%s", r.buf);
	cr_expect(strstr(r.buf, "[add-constraint] add constraint public.t.pos: blocks-writes, blocks-reads (ACCESS EXCLUSIVE lock, held briefly)\n"), "%s", r.buf);
	strbuf_release(&r);
}

Test(hazards, lists_parse_and_unknown_names_are_errors)
{
	unsigned m;
	struct sd_error err = { 0 };

	cr_assert(!hazard_parse_list("deletes-data,blocks-writes", &m, &err));
	cr_expect_eq(m, HZ_DELETES_DATA | HZ_BLOCKS_WRITES);
	cr_assert(!hazard_parse_list("all", &m, &err));
	cr_expect_eq(m, HZ_ALL);
	cr_assert(!hazard_parse_list("none", &m, &err));
	cr_expect_eq(m, 0);
	cr_expect(hazard_parse_list("deletes-data,eats-cake", &m, &err) < 0);
	cr_expect(strstr(err.msg, "unknown hazard \"eats-cake\""), "%s", err.msg);
}
