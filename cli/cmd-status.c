/*
 * cli/cmd-status.c: `schemadiff status` reports where a live database stands
 * against a schema root (ops_status(), see ops/status.c), as text or JSON.
 * Exit 0 up to date, 1 pending versions, checksum mismatches or a root that
 * does not match its schemadiff.sum (for CI).
 *
 * Memory: the JSON document is owned here; the rest is the result's.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/strbuf.h"
#include "util/banned.h"

static const char status_usage[] =
	"usage: schemadiff status --url URL --schema-root DIR [--format text|json]\n"
	"                         [--no-sum-check]\n"
	"\n"
	"Report the database's current version, the versions of the schema root it\n"
	"has not had yet, checksum mismatches (versions whose files changed after\n"
	"they were applied), versions recorded in the database but absent from\n"
	"the schema root, versions undone by migrate --to (when, by whom), and\n"
	"whether the root matches its schemadiff.sum (two branches that each\n"
	"added a version). Changes nothing.\n"
	"\n"
	"  --url URL           postgres://user@host/db or a libpq connection string;\n"
	"                      empty or absent: the PG* environment variables\n"
	"  --schema-root DIR   the schema root (a folder with schema.json)\n"
	"  --format FORMAT     text (default) or json\n"
	"  --no-sum-check      do not compare the root with its schemadiff.sum\n"
	"  -W, --password      prompt for the password on the terminal (no echo)\n"
	"  --env NAME, --config FILE\n"
	"                      act on every root and database of a project\n"
	"                      (schemadiff.json, the default without --schema-root\n"
	"                      and --url); with --jobs N, --canary N, --continue:\n"
	"                      see schemadiff status --env NAME -h\n"
	"  -h, --help          show this help\n"
	"\n"
	"The report goes to standard output. Exit: 0 up to date, 1 pending versions,\n"
	"checksum mismatches or a schemadiff.sum mismatch, 2 error, 129 usage.\n";

static void add_files(json_t *arr, const struct spec_version *v)
{
	for (size_t i = 0; i < v->nsources; i++) {
		struct strbuf f = STRBUF_INIT;
		strbuf_addf(&f, "%s/%s", v->dir, v->sources[i]);
		json_array_append_new(arr, json_string(f.buf));
		strbuf_release(&f);
	}
}

static json_t *status_json(const char *db_text, const char *server,
			   const struct schema_root *root,
			   const struct sd_history *h,
			   const struct sd_history_plan *plan, int untracked,
			   const char *example, const struct strbuf *sum_error,
			   const struct sd_history *reverts)
{
	json_t *o = json_object(), *arr;

	json_object_set_new(o, "schema", json_string(root->name));
	json_object_set_new(o, "database", json_string(db_text));
	json_object_set_new(o, "server", json_string(server));
	json_object_set_new(o, "history_table", json_boolean(h->exists));
	json_object_set_new(o, "current_version",
			    plan->current ? json_string(plan->current) : json_null());
	json_object_set_new(o, "latest_version",
			    root->nversions ?
			    json_string(root->versions[root->nversions - 1].version) :
			    json_null());
	json_object_set_new(o, "up_to_date",
			    json_boolean(!plan->npending && !plan->nmismatch &&
					 !plan->nskipped && !sum_error->len));
	json_object_set_new(o, "sum_mismatch", sum_error->len ?
			    json_string(sum_error->buf) : json_null());
	arr = json_array();
	for (size_t i = 0; i < h->nrows; i++) {
		const struct sd_history_row *r = &h->rows[i];
		json_t *e = json_object();
		json_object_set_new(e, "version", json_string(r->version));
		json_object_set_new(e, "checksum", json_string(r->checksum));
		json_object_set_new(e, "applied_at", json_string(r->applied_at));
		json_object_set_new(e, "duration_ms", json_integer(r->duration_ms));
		json_object_set_new(e, "applied_by", json_string(r->applied_by));
		json_object_set_new(e, "tool_version", json_string(r->tool_version));
		json_object_set_new(e, "outcome", json_string(r->outcome));
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "applied", arr);
	arr = json_array();
	for (size_t i = 0; i < reverts->nrows; i++) {
		const struct sd_history_row *r = &reverts->rows[i];
		json_t *e = json_object();
		json_object_set_new(e, "version", json_string(r->version));
		json_object_set_new(e, "checksum", json_string(r->checksum));
		json_object_set_new(e, "reverted_at", json_string(r->applied_at));
		json_object_set_new(e, "duration_ms", json_integer(r->duration_ms));
		json_object_set_new(e, "reverted_by", json_string(r->applied_by));
		json_object_set_new(e, "tool_version", json_string(r->tool_version));
		json_object_set_new(e, "statements", json_integer(r->statements_done));
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "reverted", arr);
	arr = json_array();
	for (size_t i = 0; i < plan->npending; i++) {
		const struct spec_version *v = &root->versions[plan->pending[i]];
		json_t *e = json_object(), *files = json_array();
		json_object_set_new(e, "version", json_string(v->version));
		add_files(files, v);
		json_object_set_new(e, "files", files);
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "pending", arr);
	arr = json_array();
	for (size_t i = 0; i < plan->nmismatch; i++) {
		const struct spec_version *v = &root->versions[plan->mismatch[i]];
		const struct sd_history_row *r = sd_history_find(h, v->version);
		json_t *e = json_object(), *files = json_array();
		json_object_set_new(e, "version", json_string(v->version));
		json_object_set_new(e, "recorded_checksum",
				    json_string(r ? r->checksum : ""));
		json_object_set_new(e, "current_checksum", json_string(v->checksum));
		add_files(files, v);
		json_object_set_new(e, "files", files);
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "checksum_mismatches", arr);
	arr = json_array();
	for (size_t i = 0; i < plan->nskipped; i++)
		json_array_append_new(arr, json_string(
			root->versions[plan->skipped[i]].version));
	json_object_set_new(o, "out_of_order", arr);
	arr = json_array();
	for (size_t i = 0; i < plan->nunknown; i++)
		json_array_append_new(arr, json_string(plan->unknown[i]->version));
	json_object_set_new(o, "unknown_versions", arr);
	if (plan->incomplete) {
		json_t *e = json_object();
		const struct sd_history_row *r = plan->incomplete;

		json_object_set_new(e, "version", json_string(r->version));
		json_object_set_new(e, "outcome", json_string(r->outcome));
		json_object_set_new(e, "statements_done",
				    json_integer(r->statements_done));
		json_object_set_new(e, "error", r->error ?
				    json_string(r->error) : json_null());
		json_object_set_new(o, "stopped_part_way", e);
	} else {
		json_object_set_new(o, "stopped_part_way", json_null());
	}
	json_object_set_new(o, "untracked_objects",
			    untracked ? json_string(example) : json_null());
	return o;
}

static void status_text(const char *db_text, const char *server,
			const struct schema_root *root,
			const struct sd_history *h,
			const struct sd_history_plan *plan, int untracked,
			const char *example, const struct strbuf *sum_error,
			const struct sd_history *reverts)
{
	printf("schema:            %s\n", root->name);
	printf("database:          %s (%s)\n", db_text, server);
	printf("current version:   %s%s\n",
	       plan->current ? plan->current : "none",
	       plan->baseline && !strcmp(plan->baseline, plan->current) ?
	       " (baseline)" : "");
	printf("latest version:    %s\n", root->nversions ?
	       root->versions[root->nversions - 1].version : "none");
	printf("pending:           ");
	if (!plan->npending)
		printf("none");
	for (size_t i = 0; i < plan->npending; i++)
		printf("%s%s", i ? ", " : "", root->versions[plan->pending[i]].version);
	printf("\nchecksum mismatch: ");
	if (!plan->nmismatch)
		printf("none");
	for (size_t i = 0; i < plan->nmismatch; i++) {
		const struct spec_version *v = &root->versions[plan->mismatch[i]];
		printf("%s%s (", i ? "; " : "", v->version);
		for (size_t j = 0; j < v->nsources; j++)
			printf("%s%s/%s", j ? ", " : "", v->dir, v->sources[j]);
		printf(")");
	}
	printf("\nnot in the root:   ");
	if (!plan->nunknown)
		printf("none");
	for (size_t i = 0; i < plan->nunknown; i++)
		printf("%s%s", i ? ", " : "", plan->unknown[i]->version);
	putchar('\n');
	/* the last undo of each version is worth a line; the JSON has all */
	for (size_t i = 0; i < reverts->nrows; i++) {
		const struct sd_history_row *r = &reverts->rows[i];

		printf("%s%s (at %s by %s, schemadiff %s, %lld statement%s)\n",
		       i ? "                   " : "reverted:          ",
		       r->version, r->applied_at, r->applied_by,
		       r->tool_version, r->statements_done,
		       r->statements_done == 1 ? "" : "s");
	}
	printf("schemadiff.sum:    ");
	if (!sum_error->len) {
		printf("matches (or none, or not checked)\n");
	} else {
		/* the message names each version on its own line */
		for (const char *p = sum_error->buf; *p;) {
			size_t n = strcspn(p, "\n");
			printf("%s%.*s\n", p == sum_error->buf ? "" :
			       "                   ", (int)n, p);
			p += n;
			if (*p)
				p++;
		}
	}
	if (plan->nskipped) {
		printf("out of order:      ");
		for (size_t i = 0; i < plan->nskipped; i++)
			printf("%s%s", i ? ", " : "",
			       root->versions[plan->skipped[i]].version);
		printf(" (not applied, below the current version)\n");
	}
	if (plan->incomplete) {
		const struct sd_history_row *r = plan->incomplete;
		printf("stopped part way:  %s (%s after %lld statement%s%s%s): migrate resumes it\n",
		       r->version, r->outcome, r->statements_done,
		       r->statements_done == 1 ? "" : "s",
		       r->error ? ": " : "", r->error ? r->error : "");
	}
	if (!h->nrows && untracked)
		printf("note:              no history, but the database holds objects (%s): migrate needs --baseline\n",
		       example);
}

int cmd_status(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "schema-root", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "no-sum-check", no_argument, NULL, 'S' },
		{ "password", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text";
	struct ops_status_opts o = { 0 };
	struct ops_status_result res = { 0 };
	struct sd_error err = { 0 };
	int c, rc = EXIT_ERROR;
	bool prompt = false;
	json_t *doc = NULL;

	if (cli_project_wanted(argc, argv))
		return cli_project_run(OPS_FLEET_STATUS, argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "hW", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			o.url = optarg;
			break;
		case 'r':
			o.schema_root = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'S':
			o.no_sum_check = true;
			break;
		case 'W':
			prompt = true;
			break;
		case 'h':
			rc = cli_usage(status_usage, 0);
			goto out;
		default:
			rc = cli_usage(status_usage, 1);
			goto out;
		}
	}
	if (!o.schema_root || optind < argc ||
	    (strcmp(format, "text") && strcmp(format, "json"))) {
		if (!o.schema_root)
			fputs("schemadiff: error: status needs --schema-root\n", stderr);
		else if (optind < argc)
			fputs("schemadiff: error: status takes no arguments besides its options\n", stderr);
		else
			fprintf(stderr, "schemadiff: error: unknown --format \"%s\": use text or json\n",
				format);
		rc = cli_usage(status_usage, 1);
		goto out;
	}
	if (prompt && cli_password_prompt())
		{ rc = EXIT_ERROR; goto out; }
	cli_events(&o.events);
	if (ops_status(&o, &res, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	if (!strcmp(format, "json")) {
		char *text;
		doc = status_json(res.database.buf, res.server.buf, res.root,
				  &res.history, &res.plan, res.untracked,
				  res.example.buf, &res.sum_error, &res.reverts);
		text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (!text) {
			rc = cli_error("out of memory");
			goto out;
		}
		printf("%s\n", text);
		free(text);
	} else {
		status_text(res.database.buf, res.server.buf, res.root,
			    &res.history, &res.plan, res.untracked,
			    res.example.buf, &res.sum_error, &res.reverts);
	}
	/* for CI: 1 when migrate has something to do, a version changed
	 * after it was applied, or the root does not match its sum (which
	 * migrate would refuse) */
	rc = cli_finish(res.plan.npending || res.plan.nmismatch ||
			res.sum_error.len ? EXIT_DIFF : EXIT_OK);
out:
	json_decref(doc);
	ops_status_result_release(&res);
	return rc;
}
