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
	"usage: schemadiff validate --schema-root DIR [--no-replay] [--verify] [--dev-url URL]\n"
	"                           [--fix-sum]\n"
	"\n"
	"Check that DIR follows db-schema-spec 1.1 (schema.json, every version.json\n"
	"and source file), that its schemadiff.sum matches (two branches that each\n"
	"added a version do not) and that every version replays offline.\n"
	"\n"
	"  --schema-root DIR   the schema root\n"
	"  --no-replay         check the files only, not their SQL\n"
	"  --verify            also run every version on a real server (a throwaway\n"
	"                      one, or --dev-url) and compare with the offline replay\n"
	"  --dev-url URL       the server for --verify\n"
	"  --fix-sum           write schemadiff.sum for the root as it is (after the\n"
	"                      other checks), accepting its versions\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit: 0 valid, 2 invalid (the first problem is reported), 129 usage.\n";

int cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "schema-root", required_argument, NULL, 'r' },
		{ "no-replay", no_argument, NULL, 'n' },
		{ "verify", no_argument, NULL, 'V' },
		{ "dev-url", required_argument, NULL, 'u' },
		{ "fix-sum", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	int replay = 1, verify = 0, fix_sum = 0, c, rc;
	struct ops_events ev;
	struct ops_sum_check sc;
	const char *dev_url = NULL;
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
		case 'V':
			verify = 1;
			break;
		case 'u':
			dev_url = optarg;
			ops_replay_server_set(optarg, NULL);
			verify = 1;
			break;
		case 'F':
			fix_sum = 1;
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
	cli_events(&ev);
	if (!fix_sum && ops_sum_check(root, &ev, &sc, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	if (replay && ops_load_root(root, NULL, &cat, &err)) {
		rc = cli_report(&err);
		goto out;
	}
	if (verify) {
		struct ops_verify_opts vo = { 0 };
		struct ops_verify_result vr = { 0 };

		vo.schema_root = dir;
		vo.dev_url = dev_url;
		vo.required = true;
		cli_events(&vo.events);
		if (ops_verify(&vo, &vr, &err)) {
			if (vr.unreached.len)
				fprintf(stderr, "schemadiff: error: %s\n"
					"what differs from the offline replay:\n%s",
					err.msg, vr.unreached.buf);
			else
				cli_report(&err);
			ops_verify_result_release(&vr);
			rc = EXIT_ERROR;
			goto out;
		}
		fprintf(stderr, "schemadiff: verified on %s\n", vr.server.buf);
		ops_verify_result_release(&vr);
	}
	if (fix_sum) {
		if (ops_sum_write(root, &err)) {
			rc = cli_report(&err);
			goto out;
		}
		fprintf(stderr, "schemadiff: wrote %s/%s (%zu version%s)\n", dir,
			OPS_SUM_FILE, root->nversions,
			root->nversions == 1 ? "" : "s");
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
