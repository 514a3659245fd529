/*
 * cli/cmd-drift.c: `schemadiff drift` answers, for each database given: is
 * it exactly what its recorded version says it should be? The databases
 * are checked by ops_drift() (see ops/drift.c); here: the options, the
 * targets and ignore files, one report in the format asked for (written by
 * emit/report*.c) to standard output or a file, and the exit code.
 *
 * Memory: the URL and pattern lists and the report text are owned here and
 * released on every exit path; the targets are the result's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "emit/report.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "util/banned.h"

static const char drift_usage[] =
	"usage: schemadiff drift --url URL... --schema-root DIR\n"
	"                        [--targets FILE] [--format text|json|junit|markdown]\n"
	"                        [--output FILE] [--ignore PATTERN...] [--ignore-file FILE]\n"
	"                        [--jobs N] [--pending-is-drift] [--target-timeout DURATION]\n"
	"                        [--no-sum-check]\n"
	"\n"
	"For each database: is it exactly what its recorded version says it should\n"
	"be? The expected schema is the schema root replayed up to the version the\n"
	"database's history records. Reports objects missing, unexpected or\n"
	"different (with the SQL that brings the database back), versions whose\n"
	"files changed after they were applied, versions recorded but absent from\n"
	"the schema root, pending versions, and databases with no history. Changes\n"
	"nothing.\n"
	"\n"
	"  --url URL            a database (postgres:// URL or libpq conninfo); may\n"
	"                       repeat; none and no --targets: the PG* variables\n"
	"  --targets FILE       more databases, one URL a line ('#' comments)\n"
	"  --schema-root DIR    the schema root (a folder with schema.json)\n"
	"  --format FORMAT      text (default), json, junit or markdown\n"
	"  --output FILE        write the report to FILE instead of standard output\n"
	"  --ignore PATTERN     skip objects that match: GLOB on the qualified name\n"
	"                       (schema.name) or KIND:GLOB (table:audit.*); may repeat\n"
	"  --ignore-file FILE   ignore patterns, one a line ('#' comments)\n"
	"  --jobs N             databases checked at once (default 4)\n"
	"  --pending-is-drift   count versions not applied yet as drift\n"
	"  --target-timeout DURATION\n"
	"                       give each database this long (5s, 2m; default: no\n"
	"                       limit): a later one is an error row, the others\n"
	"                       are still reported\n"
	"  --no-sum-check       do not compare the root with its schemadiff.sum (a\n"
	"                       mismatch is otherwise one more error row, named\n"
	"                       after the file)\n"
	"  --env NAME, --config FILE\n"
	"                       act on every root and database of a project\n"
	"                       (schemadiff.json, the default without --schema-root\n"
	"                       and --url); with --jobs N, --canary N, --continue:\n"
	"                       see schemadiff drift --env NAME -h\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit: 0 no drift anywhere, 1 drift found, 2 error (some database could not\n"
	"be checked, or the schema root is invalid; drift elsewhere is still\n"
	"reported), 129 usage.\n";

static void timestamp(struct strbuf *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;
	char buf[64];

	if (sde && *sde)
		now = (time_t)strtoll(sde, NULL, 10);
	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strbuf_addstr(out, buf);
}

static int write_report(const char *path, const struct strbuf *text)
{
	FILE *f;

	if (!path) {
		fwrite(text->buf, 1, text->len, stdout);
		return fflush(stdout) ? cli_error("cannot write the report: %s",
						  strerror(errno)) : 0;
	}
	f = fopen(path, "w");
	if (!f)
		return cli_error("%s: cannot write the report: %s", path,
				 strerror(errno));
	fwrite(text->buf, 1, text->len, f);
	if (ferror(f) | fclose(f))
		return cli_error("%s: cannot write the report: %s", path,
				 strerror(errno));
	return 0;
}

int cmd_drift(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "targets", required_argument, NULL, 't' },
		{ "schema-root", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "ignore", required_argument, NULL, 'i' },
		{ "ignore-file", required_argument, NULL, 'I' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "pending-is-drift", no_argument, NULL, 'P' },
		{ "target-timeout", required_argument, NULL, 'T' },
		{ "no-sum-check", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root_dir = NULL, *format = "text", *output = NULL;
	struct vec urls = VEC_INIT, ignore = VEC_INIT;	/* malloc'd strings */
	struct vec target_files = VEC_INIT, ignore_files = VEC_INIT;
	struct ops_drift_opts o = { 0 };
	struct ops_drift_result res = { 0 };
	long jobs = 4;
	int c, rc = EXIT_ERROR;
	struct sd_error err = { 0 };
	struct drift_report report = { 0 };
	struct strbuf text = STRBUF_INIT, when = STRBUF_INIT;
	char *end;

	if (cli_project_wanted(argc, argv))
		return cli_project_run(OPS_FLEET_DRIFT, argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			vec_push(&urls, strdup(optarg));
			break;
		case 't':
			vec_push(&target_files, optarg);
			break;
		case 'r':
			root_dir = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'i':
			vec_push(&ignore, strdup(optarg));
			break;
		case 'I':
			vec_push(&ignore_files, optarg);
			break;
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno || *end || jobs < 1 || jobs > OPS_DRIFT_MAX_JOBS) {
				fprintf(stderr, "schemadiff: error: invalid --jobs \"%s\": use 1 to %d\n",
					optarg, OPS_DRIFT_MAX_JOBS);
				rc = cli_usage(drift_usage, 1);
				goto out;
			}
			break;
		case 'P':
			o.pending_is_drift = true;
			break;
		case 'S':
			o.no_sum_check = true;
			break;
		case 'T':
			if (cli_duration_opt("target-timeout", optarg, true,
					     &o.target_timeout_ms)) {
				rc = cli_usage(drift_usage, 1);
				goto out;
			}
			break;
		case 'h':
			rc = cli_usage(drift_usage, 0);
			goto out;
		default:
			rc = cli_usage(drift_usage, 1);
			goto out;
		}
	}
	if (!root_dir || optind < argc ||
	    (strcmp(format, "text") && strcmp(format, "json") &&
	     strcmp(format, "junit") && strcmp(format, "markdown"))) {
		if (!root_dir)
			fputs("schemadiff: error: drift needs --schema-root\n", stderr);
		else if (optind < argc)
			fputs("schemadiff: error: drift takes no arguments besides its options\n", stderr);
		else
			fprintf(stderr, "schemadiff: error: unknown --format \"%s\": use text, json, junit or markdown\n",
				format);
		rc = cli_usage(drift_usage, 1);
		goto out;
	}
	for (size_t i = 0; i < target_files.len; i++)
		if (ops_read_lines(target_files.items[i], &urls, &err))
			goto out_report;
	for (size_t i = 0; i < ignore_files.len; i++)
		if (ops_read_lines(ignore_files.items[i], &ignore, &err))
			goto out_report;
	if (!urls.len && target_files.len) {
		rc = cli_error("%s: no database in the targets file",
			       (const char *)target_files.items[0]);
		goto out;
	}

	/* check every database (none given: the PG* variables) */
	o.schema_root = root_dir;
	o.urls = (const char *const *)urls.items;
	o.nurls = urls.len;
	o.ignore = (const char *const *)ignore.items;
	o.nignore = ignore.len;
	o.jobs = (unsigned)jobs;
	cli_events(&o.events);
	if (ops_drift(&o, &res, &err))
		goto out_report;

	/* one report */
	timestamp(&when);
	report.generated_at = when.buf;
	report.schema_name = res.root->name;
	report.schema_root = root_dir;
	report.latest = res.root->nversions ?
			res.root->versions[res.root->nversions - 1].version : NULL;
	report.ignore = (const char *const *)ignore.items;
	report.nignore = ignore.len;
	report.targets = res.targets;
	report.ntargets = res.ntargets;
	if (!strcmp(format, "json")) {
		if (drift_report_json(&report, &text)) {
			rc = cli_error("out of memory");
			goto out;
		}
	} else if (!strcmp(format, "junit")) {
		drift_report_junit(&report, &text);
	} else if (!strcmp(format, "markdown")) {
		drift_report_markdown(&report, &text);
	} else {
		drift_report_text(&report, !output && isatty(STDOUT_FILENO) &&
					   !getenv("NO_COLOR"), &text);
	}
	if (write_report(output, &text))
		goto out;

	for (size_t i = 0; i < report.ntargets; i++)
		if (report.targets[i].error)
			fprintf(stderr, "schemadiff: error: %s: %s\n",
				report.targets[i].url, report.targets[i].error);
	if (res.counts.drifted)
		fprintf(stderr, "schemadiff: drift found in %zu of %zu database%s\n",
			res.counts.drifted, res.counts.targets,
			res.counts.targets == 1 ? "" : "s");
	if (res.counts.errors)
		fprintf(stderr, "schemadiff: %zu of %zu database%s could not be checked\n",
			res.counts.errors, res.counts.targets,
			res.counts.targets == 1 ? "" : "s");
	rc = res.counts.errors ? EXIT_ERROR : res.counts.drifted ? EXIT_DIFF : EXIT_OK;
	goto out;

out_report:
	rc = cli_report(&err);
out:
	ops_drift_result_release(&res);
	for (size_t i = 0; i < urls.len; i++)
		free(urls.items[i]);
	for (size_t i = 0; i < ignore.len; i++)
		free(ignore.items[i]);
	vec_release(&urls);
	vec_release(&ignore);
	vec_release(&target_files);
	vec_release(&ignore_files);
	strbuf_release(&text);
	strbuf_release(&when);
	return rc;
}
