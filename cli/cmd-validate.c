/*
 * cli/cmd-validate.c: `schemadiff validate` checks a schema root against
 * db-schema-spec 1.1 and, unless --no-replay, replays every version offline
 * so that a SQL error in a version file is found before a deploy.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/banned.h"

static const char validate_usage[] =
	"usage: schemadiff validate --schema-root DIR [--no-replay]\n"
	"\n"
	"Check that DIR follows db-schema-spec 1.1 (schema.json, every version.json\n"
	"and source file) and that every version replays offline.\n"
	"\n"
	"  --schema-root DIR   the schema root\n"
	"  --no-replay         check the files only, not their SQL\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit: 0 valid, 2 invalid (the first problem is reported), 129 usage.\n";

int cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "schema-root", required_argument, NULL, 'r' },
		{ "no-replay", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	int replay = 1, c, rc;
	struct sd_error err = { 0 };
	struct schema_root *root = NULL;
	struct catalog *cat = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			dir = optarg;
			break;
		case 'n':
			replay = 0;
			break;
		case 'h':
			return cli_usage(validate_usage, 0);
		default:
			return cli_usage(validate_usage, 1);
		}
	}
	if (optind < argc && !dir)
		dir = argv[optind++];
	if (!dir || optind < argc)
		return cli_usage(validate_usage, 1);
	if (spec_read(dir, &root, &err))
		return cli_report(&err);
	if (replay && ops_load_root(root, NULL, &cat, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	printf("%s: valid: schema \"%s\", %s, %zu version%s, current %s\n",
	       dir, root->name, root->system_type, root->nversions,
	       root->nversions == 1 ? "" : "s",
	       root->current_version && *root->current_version ?
		       root->current_version : "(none)");
	rc = EXIT_OK;
out:
	catalog_free(cat);
	spec_free(root);
	return rc;
}
