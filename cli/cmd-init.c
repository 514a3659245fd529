/*
 * cli/cmd-init.c: `schemadiff init` creates an empty schema root.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

static const char init_usage[] =
	"usage: schemadiff init --schema-root DIR --name NAME [--system-type TYPE]\n"
	"\n"
	"Create DIR/schema.json for a new schema with no versions yet.\n"
	"\n"
	"  --schema-root DIR    the folder to create (or an empty one)\n"
	"  --name NAME          the schema name\n"
	"  --system-type TYPE   postgresql (default), mysql or mariadb\n"
	"  --project            write a project file instead (schemadiff.json, with\n"
	"                       its roots): see schemadiff init --project -h\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit: 0 created, 2 error (e.g. schema.json exists), 129 usage.\n";

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "schema-root", required_argument, NULL, 'r' },
		{ "name", required_argument, NULL, 'n' },
		{ "system-type", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *name = NULL, *type = "postgresql";
	struct sd_error err = { 0 };
	int c;

	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--project"))
			return cli_init_project(argc, argv);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			dir = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 's':
			type = optarg;
			break;
		case 'h':
			return cli_usage(init_usage, 0);
		default:
			return cli_usage(init_usage, 1);
		}
	}
	if (!dir || !name || optind < argc)
		return cli_usage(init_usage, 1);
	if (spec_init(dir, name, type, &err))
		return cli_report(&err);
	fprintf(stderr, "schemadiff: created %s/schema.json (schema \"%s\", %s)\n",
		dir, name, type);
	return EXIT_OK;
}
