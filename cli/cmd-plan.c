/*
 * cli/cmd-plan.c: `schemadiff plan` writes a new version that brings the
 * schema root's latest version to the desired SQL files.
 *
 * plan = diff(root @ latest, desired) -> SQL -> proof -> version directory.
 * The proof replays the new SQL on top of the history and requires the
 * result to equal the desired catalog; if it does not, nothing is written.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "diff/diff.h"
#include "emit/emit.h"
#include "emit/versiondir.h"
#include "parser/front/front.h"
#include "parser/pg/pg_parser.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/banned.h"

static const char plan_usage[] =
	"usage: schemadiff plan --schema-root DIR --desired PATH... [--version V] [--dry-run]\n"
	"\n"
	"Write a new version to the schema root that turns its latest version into\n"
	"the schema described by the desired SQL files (files or folders of *.sql).\n"
	"\n"
	"  --schema-root DIR   the schema root (a folder with schema.json)\n"
	"  --desired PATH      desired SQL file or folder; may repeat\n"
	"  --version V         the new version (default: the last version's integer\n"
	"                      part plus one, or 1)\n"
	"  --dry-run           print the SQL, write nothing\n"
	"  -h, --help          show this help\n"
	"\n"
	"The SQL goes to standard output; messages to standard error.\n"
	"Exit: 0 written or nothing to do, 2 error, 129 usage.\n";

/* Report the changes flagged destructive, for the reviewer. */
#define MAX_DESTRUCTIVE_WARNINGS 10

static void warn_destructive(const struct changeset *cs)
{
	size_t shown = 0, total = 0;

	for (size_t i = 0; i < cs->nchanges; i++)
		if (cs->changes[i].flags & CHANGE_DESTRUCTIVE)
			total++;
	for (size_t i = 0; i < cs->nchanges && shown < MAX_DESTRUCTIVE_WARNINGS; i++) {
		struct changeset one = *cs;
		struct strbuf sb = STRBUF_INIT;

		if (!(cs->changes[i].flags & CHANGE_DESTRUCTIVE))
			continue;
		one.changes = &cs->changes[i];
		one.nchanges = 1;
		changeset_describe(&one, &sb);
		strbuf_rtrim(&sb);
		fprintf(stderr, "schemadiff: warning: destructive change: %s\n",
			sb.buf);
		strbuf_release(&sb);
		shown++;
	}
	if (total > shown)
		fprintf(stderr, "schemadiff: warning: ... and %zu more destructive changes (see the SQL)\n",
			total - shown);
}

/*
 * PostgreSQL cannot use an enum value in the transaction that adds it, and
 * migrate runs each version in one transaction: new enum values go into a
 * version of their own, before the version with everything else. Appends
 * the SQL of the enum value additions to enums and the rest to rest;
 * returns the number of enum value additions.
 */
static size_t split_enum_values(const struct changeset *cs,
				struct strbuf *enums, struct strbuf *rest)
{
	size_t n = 0;

	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct change *ch = &cs->changes[i];
		if (ch->type == CH_ADD_ENUM_VALUE) {
			emit_change(cs, ch, enums);
			n++;
		} else {
			emit_change(cs, ch, rest);
		}
	}
	return n;
}

/* The version after v: its integer part plus one ("4" -> "5",
 * "3.5" -> "4"), in decimal string arithmetic. */
static void version_after(const char *v, struct strbuf *out)
{
	size_t n = strcspn(v, ".");
	size_t start = out->len;
	int carry = 1;

	strbuf_add(out, v, n);
	for (size_t i = n; i-- > 0 && carry;) {
		char *d = &out->buf[start + i];
		if (*d == '9') {
			*d = '0';
		} else {
			(*d)++;
			carry = 0;
		}
	}
	if (carry) {
		strbuf_addch(out, '0');
		memmove(out->buf + start + 1, out->buf + start, n);
		out->buf[start] = '1';
	}
}

int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "schema-root", required_argument, NULL, 'r' },
		{ "desired", required_argument, NULL, 'd' },
		{ "version", required_argument, NULL, 'v' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root_dir = NULL, *version_opt = NULL;
	struct vec desired = VEC_INIT;
	int dry_run = 0, c, rc = EXIT_ERROR;
	struct sd_error err = { 0 };
	struct schema_root *root = NULL;
	struct catalog *current = NULL, *want = NULL;
	struct changeset *cs = NULL, *left = NULL;
	struct strbuf sql = STRBUF_INIT, version = STRBUF_INIT;
	struct strbuf file = STRBUF_INIT, label = STRBUF_INIT;
	struct strbuf enum_sql = STRBUF_INIT;
	size_t nchanges, nenum;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root_dir = optarg;
			break;
		case 'd':
			vec_push(&desired, optarg);
			break;
		case 'v':
			version_opt = optarg;
			break;
		case 'n':
			dry_run = 1;
			break;
		case 'h':
			rc = cli_usage(plan_usage, 0);
			goto out;
		default:
			rc = cli_usage(plan_usage, 1);
			goto out;
		}
	}
	for (; optind < argc; optind++)
		vec_push(&desired, argv[optind]);
	if (!root_dir || !desired.len) {
		fputs("schemadiff: error: plan needs --schema-root and --desired\n",
		      stderr);
		rc = cli_usage(plan_usage, 1);
		goto out;
	}

	if (spec_read(root_dir, &root, &err))
		goto out_report;
	if (cli_load_root(root, NULL, &current, &err))
		goto out_report;
	if (cli_load_desired((const char *const *)desired.items, desired.len,
			     cli_root_dialect(root), &want, &err))
		goto out_report;
	if (diff_catalogs(current, want, &cs, &err))
		goto out_report;
	if (changeset_empty(cs)) {
		fprintf(stderr, "schemadiff: no changes: version %s already matches the desired schema\n",
			root->current_version && *root->current_version ?
				root->current_version : "(none)");
		rc = EXIT_OK;
		goto out;
	}

	if (version_opt) {
		if (!spec_version_valid(version_opt)) {
			rc = cli_error("invalid version \"%s\": a version is a number such as 4 or 1.2",
				       version_opt);
			goto out;
		}
		strbuf_addstr(&version, version_opt);
	} else {
		spec_next_version(root, &version);
	}
	for (size_t i = 0; i < root->nversions; i++) {
		if (!spec_version_cmp(root->versions[i].version, version.buf)) {
			rc = cli_error("version \"%s\" already exists in %s (as \"%s\")",
				       version.buf, root_dir,
				       root->versions[i].version);
			goto out;
		}
	}
	if (root->nversions &&
	    spec_version_cmp(version.buf,
			     root->versions[root->nversions - 1].version) < 0) {
		rc = cli_error("version \"%s\" is lower than the latest version \"%s\"",
			       version.buf,
			       root->versions[root->nversions - 1].version);
		goto out;
	}

	nchanges = cs->nchanges;
	nenum = split_enum_values(cs, &enum_sql, &sql);
	if (!nenum || nenum == nchanges) {
		/* one version holds it all */
		strbuf_reset(&sql);
		strbuf_reset(&enum_sql);
		emit_changeset(cs, &sql);
		nenum = 0;
	} else {
		version_after(version.buf, &label);
	}
	warn_destructive(cs);
	/* The change set points into `current`; done with it before the
	 * proof replays the new SQL onto `current`. */
	changeset_free(cs);
	cs = NULL;

	/* Proof: history + new version(s) must give exactly the desired
	 * state. */
	if (nenum) {
		strbuf_addf(&file, "%s/%s/revisions.sql", root_dir, version.buf);
		if (front_replay_script(current, file.buf, enum_sql.buf, &err)) {
			fprintf(stderr, "schemadiff: error: the planned SQL does not replay: nothing was written\n");
			goto out_report;
		}
		strbuf_reset(&file);
	}
	strbuf_addf(&file, "%s/%s/revisions.sql", root_dir,
		    nenum ? label.buf : version.buf);
	if (front_replay_script(current, file.buf, sql.buf, &err)) {
		fprintf(stderr, "schemadiff: error: the planned SQL does not replay: nothing was written\n");
		goto out_report;
	}
	if (diff_catalogs(current, want, &left, &err))
		goto out_report;
	if (!changeset_empty(left)) {
		struct strbuf what = STRBUF_INIT;
		changeset_describe(left, &what);
		fprintf(stderr, "schemadiff: error: the planned version does not reach the desired schema; nothing was written\n"
			"still different after replaying it:\n%s", what.buf);
		strbuf_release(&what);
		rc = EXIT_ERROR;
		goto out;
	}

	if (nenum) {
		printf("-- version %s\n%s\n-- version %s\n", version.buf,
		       enum_sql.buf, label.buf);
		fprintf(stderr, "schemadiff: new enum values go into version %s of their own, committed before version %s uses them (PostgreSQL cannot use an enum value in the transaction that adds it)\n",
			version.buf, label.buf);
	}
	fputs(sql.buf, stdout);
	if (dry_run) {
		fprintf(stderr, "schemadiff: dry run: version %s (%zu changes) not written\n",
			nenum ? label.buf : version.buf, nchanges - nenum);
		rc = EXIT_OK;
		goto out;
	}
	if (nenum) {
		if (emit_version_dir(root, version.buf, enum_sql.buf, &err))
			goto out_report;
		fprintf(stderr, "schemadiff: wrote version %s (%zu changes) to %s/%s\n",
			version.buf, nenum, root_dir, version.buf);
		/* the root changed on disk: read it again before the next */
		spec_free(root);
		root = NULL;
		if (spec_read(root_dir, &root, &err) ||
		    emit_version_dir(root, label.buf, sql.buf, &err)) {
			fprintf(stderr, "schemadiff: error: version %s was written, version %s was not; plan again to write it\n",
				version.buf, label.buf);
			goto out_report;
		}
	} else if (emit_version_dir(root, version.buf, sql.buf, &err)) {
		goto out_report;
	}
	fprintf(stderr, "schemadiff: wrote version %s (%zu changes) to %s/%s\n",
		nenum ? label.buf : version.buf, nchanges - nenum, root_dir,
		nenum ? label.buf : version.buf);
	rc = EXIT_OK;
	goto out;

out_report:
	rc = cli_report(&err);
out:
	changeset_free(left);
	changeset_free(cs);
	catalog_free(want);
	catalog_free(current);
	spec_free(root);
	strbuf_release(&sql);
	strbuf_release(&version);
	strbuf_release(&file);
	strbuf_release(&label);
	strbuf_release(&enum_sql);
	vec_release(&desired);
	return rc;
}
