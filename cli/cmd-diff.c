/*
 * cli/cmd-diff.c: `schemadiff diff FROM TO` prints the SQL that turns the
 * FROM source into the TO source (see cli_load_source() for sources).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "diff/diff.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "parser/front/front.h"
#include "parser/spec/spec.h"
#include "util/strbuf.h"
#include "util/banned.h"

static const char diff_usage[] =
	"usage: schemadiff diff [--exit-code] [--dialect D] FROM TO\n"
	"\n"
	"Print the SQL that turns FROM into TO. A source is a SQL file, a folder of\n"
	"SQL files, a schema root as DIR or DIR@VERSION (replayed offline to that\n"
	"version, the latest when omitted), or a live database (postgres:// URL or\n"
	"libpq conninfo). When one side is live, the other is compared in the\n"
	"server's canonical form (created in a scratch database and read back).\n"
	"\n"
	"  --exit-code   exit 1 when there are differences\n"
	"  --dialect D   postgresql (default) or mysql: how to read SQL files when\n"
	"                no side is a database or a schema root\n"
	"  -h, --help    show this help\n"
	"\n"
	"Exit: 0 done (or no differences), 1 differences with --exit-code,\n"
	"2 error, 129 usage.\n";

/* Without --dialect: a database's, else a schema root's, else
 * PostgreSQL. */
static int source_dialect(const char *a, const char *b, int *out,
			  struct sd_error *err)
{
	const char *src[2] = { a, b };
	struct schema_root *root;
	enum sql_dialect d;

	*out = SQL_POSTGRES;
	for (int i = 0; i < 2; i++) {
		if (cli_is_url(src[i])) {
			if (cli_url_dialect(src[i], &d, err))
				return err->code;
			*out = d;
			return 0;
		}
	}
	for (int i = 0; i < 2; i++) {
		struct strbuf dir = STRBUF_INIT;
		const char *at = strrchr(src[i], '@');

		if (!cli_source_is_root(src[i]))
			continue;
		strbuf_add(&dir, src[i], at && at != src[i]
				 ? (size_t)(at - src[i]) : strlen(src[i]));
		/* an unreadable root is reported when it is loaded */
		if (!spec_read(dir.buf, &root, err)) {
			*out = cli_root_dialect(root);
			spec_free(root);
		}
		strbuf_release(&dir);
		return 0;
	}
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "exit-code", no_argument, NULL, 'e' },
		{ "dialect", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int exit_code = 0, c, rc = EXIT_ERROR;
	struct sd_error err = { 0 };
	struct catalog *from = NULL, *to = NULL;
	struct sd_conn *from_db = NULL, *to_db = NULL;
	struct changeset *cs = NULL;
	struct strbuf sql = STRBUF_INIT;
	int dialect = -1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			exit_code = 1;
			break;
		case 'd':
			dialect = front_dialect_of(optarg);
			if (dialect < 0) {
				cli_error("--dialect: unknown dialect \"%s\" (expected postgresql or mysql)",
					  optarg);
				return cli_usage(diff_usage, 1);
			}
			break;
		case 'h':
			return cli_usage(diff_usage, 0);
		default:
			return cli_usage(diff_usage, 1);
		}
	}
	if (argc - optind != 2) {
		fputs("schemadiff: error: diff needs two sources, FROM and TO\n",
		      stderr);
		return cli_usage(diff_usage, 1);
	}
	if (dialect < 0 && source_dialect(argv[optind], argv[optind + 1],
					  &dialect, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	{
		struct sd_conn *dbs[2] = { NULL, NULL };
		struct catalog *cats[2] = { NULL, NULL };
		int lrc = cli_load_two((const char *const *)argv + optind,
				       dialect, dbs, cats, &err);

		from_db = dbs[0];
		to_db = dbs[1];
		from = cats[0];
		to = cats[1];
		if (lrc) {
			rc = cli_report(&err);
			goto out;
		}
	}
	/* One side live, one parsed: compare them in the server's form. */
	if (!from_db != !to_db) {
		struct catalog **parsed = from_db ? &to : &from, *norm = NULL;
		const char *files = argv[optind + (from_db ? 1 : 0)];

		if (!cli_source_is_root(files) &&
		    cli_reload_for_session(from_db ? from_db : to_db, &files, 1,
					   parsed, &err)) {
			rc = cli_report(&err);
			goto out;
		}
		cli_adopt_external_schemas(*parsed, from_db ? from : to);
		if (cli_normalize_take(from_db ? from_db : to_db,
				       from_db ? from : to, parsed, &norm,
				       &err)) {
			rc = cli_report(&err);
			goto out;
		}
		*parsed = norm;
	}
	if (diff_catalogs(from, to, &cs, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	emit_changeset(cs, &sql);
	fputs(sql.buf, stdout);
	rc = (exit_code && !changeset_empty(cs)) ? EXIT_DIFF : EXIT_OK;
out:
	changeset_free(cs);
	catalog_free(from);
	catalog_free(to);
	if (from_db)
		from_db->drv->close(from_db);
	if (to_db)
		to_db->drv->close(to_db);
	strbuf_release(&sql);
	return rc;
}
