/*
 * cli/cmd-project.c: the project form of migrate, apply, status and drift
 * (`--env NAME`, `--config FILE`, or no --schema-root/--url inside a
 * project): the project file found and read, its defaults merged with the
 * options, ops_fleet() called, and its per-database outcome printed as a
 * table (migrate and apply: standard error; status and drift: standard
 * output) or as JSON (standard output); the exit code. Also
 * `init --project`. Owns nothing past a call.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

static const char project_usage[] =
	"usage: schemadiff migrate|apply|status|drift|provision [--env NAME] [--config FILE]\n"
	"                 [--jobs N] [--canary N] [--continue] [--format text|json]\n"
	"                 [--dry-run] [--deploy-lock-timeout DURATION]\n"
	"                 [--ddl-lock-timeout DURATION] [--deny-hazards LIST]\n"
	"                 [--allow-hazards LIST] [--allow-destructive]\n"
	"                 [--pending-is-drift] [--target-timeout DURATION] [--demo]\n"
	"\n"
	"Without --schema-root and --url (or with --env or --config), a command acts\n"
	"on every root of the project file (schemadiff.json, found in the working\n"
	"directory or above it) and every database the environment gives it.\n"
	"migrate runs the pending versions of all roots in an order that honours\n"
	"each version's \"requires\"; a clustered root (many URLs) is run on all of\n"
	"its databases, --jobs at once.\n"
	"\n"
	"  --env NAME          the environment (default: the project's\n"
	"                      defaults.environment, or its only one)\n"
	"  --config FILE       the project file (default: found from the working\n"
	"                      directory up)\n"
	"  --jobs N            databases of one root at once (default 4)\n"
	"  --canary N          migrate, apply: the first N databases of a clustered\n"
	"                      root first; if one fails, stop\n"
	"  --continue          after a failure, go on with every database that does\n"
	"                      not depend on it (default: start nothing more)\n"
	"  --format FORMAT     text (default) or json (to standard output)\n"
	"  --demo              migrate, provision: load each version's demo data\n"
	"                      after it (version.json \"demo\")\n"
	"  the other options   as the command takes them for one database\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit: 0 all done (status, drift: all up to date and clean), 1 status or\n"
	"drift: a database is behind or drifted, 2 a database failed or an error,\n"
	"129 usage.\n";

static bool has_opt(int argc, char **argv, const char *name)
{
	size_t len = strlen(name);

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strncmp(argv[i], name, len) &&
		    (argv[i][len] == '\0' || argv[i][len] == '='))
			return true;
	}
	return false;
}

int cli_project_wanted(int argc, char **argv)
{
	struct strbuf found = STRBUF_INIT;
	int r;

	if (has_opt(argc, argv, "--env") || has_opt(argc, argv, "--config"))
		return 1;
	if (has_opt(argc, argv, "--schema-root") || has_opt(argc, argv, "--url") ||
	    has_opt(argc, argv, "--targets") || has_opt(argc, argv, "--desired") ||
	    has_opt(argc, argv, "-h") ||
	    has_opt(argc, argv, "--help") || has_opt(argc, argv, "--to"))
		return 0;
	r = !project_find(NULL, &found);
	strbuf_release(&found);
	return r;
}

static const char *action_name(enum ops_fleet_action a)
{
	switch (a) {
	case OPS_FLEET_MIGRATE: return "migrate";
	case OPS_FLEET_APPLY: return "apply";
	case OPS_FLEET_STATUS: return "status";
	case OPS_FLEET_DRIFT: return "drift";
	case OPS_FLEET_PROVISION: return "provision";
	}
	return "?";
}

static void print_table(FILE *out, enum ops_fleet_action a,
			const struct ops_fleet_result *r)
{
	size_t wr = 4, wd = 8;

	for (size_t i = 0; i < r->ntargets; i++) {
		size_t l = strlen(r->targets[i].root), m = strlen(r->targets[i].url);

		wr = l > wr ? l : wr;
		wd = m > wd ? m : wd;
	}
	if (a == OPS_FLEET_MIGRATE)
		fprintf(out, "%-*s  %-*s  %-8s  %-8s  %-7s  %-10s  %s\n", (int)wr,
			"ROOT", (int)wd, "DATABASE", "BEFORE", "AFTER",
			"APPLIED", "STATE", "DURATION");
	else if (a == OPS_FLEET_APPLY || a == OPS_FLEET_PROVISION)
		fprintf(out, "%-*s  %-*s  %-7s  %-11s  %s\n", (int)wr, "ROOT",
			(int)wd, "DATABASE", a == OPS_FLEET_APPLY ? "CHANGES" :
			"VERSION", "STATE", "DURATION");
	else if (a == OPS_FLEET_STATUS)
		fprintf(out, "%-*s  %-*s  %-8s  %-8s  %-7s  %s\n", (int)wr, "ROOT",
			(int)wd, "DATABASE", "TARGET", "CURRENT", "PENDING",
			"STATE");
	else
		fprintf(out, "%-*s  %-*s  %-8s  %-7s  %-11s  %s\n", (int)wr, "ROOT",
			(int)wd, "DATABASE", "VERSION", "PENDING", "DIFFERENCES",
			"STATE");
	for (size_t i = 0; i < r->ntargets; i++) {
		const struct ops_fleet_target *t = &r->targets[i];
		const char *st = ops_fleet_state_name(t->state, a);
		char state[32];

		snprintf(state, sizeof(state), "%s%s", st,
			 t->canary ? " (canary)" : "");
		if (a == OPS_FLEET_MIGRATE)
			fprintf(out, "%-*s  %-*s  %-8s  %-8s  %-7zu  %-10s  %lld ms\n",
				(int)wr, t->root, (int)wd, t->url,
				t->before ? t->before : "-",
				t->after ? t->after : "-", t->applied, state,
				t->duration_ms);
		else if (a == OPS_FLEET_APPLY)
			fprintf(out, "%-*s  %-*s  %-7zu  %-11s  %lld ms\n", (int)wr,
				t->root, (int)wd, t->url, t->applied, state,
				t->duration_ms);
		else if (a == OPS_FLEET_PROVISION)
			fprintf(out, "%-*s  %-*s  %-7s  %-11s  %lld ms\n", (int)wr,
				t->root, (int)wd, t->url,
				t->after ? t->after : "-", state, t->duration_ms);
		else if (a == OPS_FLEET_STATUS)
			fprintf(out, "%-*s  %-*s  %-8s  %-8s  %-7zu  %s\n", (int)wr,
				t->root, (int)wd, t->url,
				t->latest ? t->latest : "-",
				t->after ? t->after : "-", t->pending, state);
		else
			fprintf(out, "%-*s  %-*s  %-8s  %-7zu  %-11zu  %s\n", (int)wr,
				t->root, (int)wd, t->url,
				t->after ? t->after : "-", t->pending,
				t->differences, state);
	}
	for (size_t i = 0; i < r->ntargets; i++)
		if (r->targets[i].error)
			fprintf(out, "%s %s: %s: %s\n", r->targets[i].root,
				r->targets[i].url,
				ops_fleet_state_name(r->targets[i].state, a),
				r->targets[i].error);
	fprintf(out, "%zu database%s:", r->ntargets, r->ntargets == 1 ? "" : "s");
	for (int s = 0, first = 1; s <= OPS_FLEET_NOT_RUN; s++) {
		if (!r->counts[s])
			continue;
		fprintf(out, "%s %zu %s", first ? "" : ",", r->counts[s],
			ops_fleet_state_name((enum ops_fleet_state)s, a));
		first = 0;
	}
	fputc('\n', out);
	if (r->stopped)
		fprintf(out, "stopped: %s\n", r->stopped);
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int print_json(enum ops_fleet_action a, const char *env,
		      const struct ops_fleet_result *r)
{
	json_t *o = json_object(), *order = json_array(), *ts = json_array(),
	       *counts = json_object();
	char *text;

	json_object_set_new(o, "format", json_string("schemadiff-project-run"));
	json_object_set_new(o, "version", json_integer(1));
	json_object_set_new(o, "command", json_string(action_name(a)));
	json_object_set_new(o, "environment", json_string(env));
	for (size_t i = 0; i < r->norder; i++)
		json_array_append_new(order, json_pack("{s:s, s:s}", "root",
						       r->order[i].root, "version",
						       r->order[i].version));
	json_object_set_new(o, "order", order);
	for (size_t i = 0; i < r->ntargets; i++) {
		const struct ops_fleet_target *t = &r->targets[i];
		json_t *e = json_object();

		json_object_set_new(e, "root", json_string(t->root));
		json_object_set_new(e, "database", json_string(t->url));
		json_object_set_new(e, "index", json_integer((json_int_t)t->index));
		json_object_set_new(e, "state",
				    json_string(ops_fleet_state_name(t->state, a)));
		json_object_set_new(e, "canary", json_boolean(t->canary));
		json_object_set_new(e, "latest", jstr(t->latest));
		json_object_set_new(e, "before", jstr(t->before));
		json_object_set_new(e, "after", jstr(t->after));
		json_object_set_new(e, a == OPS_FLEET_APPLY ? "changes" : "applied",
				    json_integer((json_int_t)t->applied));
		json_object_set_new(e, "pending", json_integer((json_int_t)t->pending));
		if (a == OPS_FLEET_DRIFT)
			json_object_set_new(e, "differences",
					    json_integer((json_int_t)t->differences));
		json_object_set_new(e, "duration_ms", json_integer(t->duration_ms));
		json_object_set_new(e, "error", jstr(t->error));
		json_array_append_new(ts, e);
	}
	json_object_set_new(o, "targets", ts);
	for (int s = 0; s <= OPS_FLEET_NOT_RUN; s++)
		json_object_set_new(counts, ops_fleet_state_name((enum ops_fleet_state)s, a),
				    json_integer((json_int_t)r->counts[s]));
	json_object_set_new(o, "counts", counts);
	json_object_set_new(o, "stopped", jstr(r->stopped));
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text)
		printf("%s\n", text);
	free(text);
	json_decref(o);
	return 0;
}

static long parse_count(const char *opt, const char *arg, long min)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || end == arg || v < min || v > 1000000) {
		fprintf(stderr, "schemadiff: error: invalid --%s \"%s\": a number, at least %ld\n",
			opt, arg, min);
		return -1;
	}
	return v;
}

int cli_project_run(enum ops_fleet_action action, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "env", required_argument, NULL, 'e' },
		{ "config", required_argument, NULL, 'c' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "canary", required_argument, NULL, 'C' },
		{ "continue", no_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "deploy-lock-timeout", required_argument, NULL, 'l' },
		{ "lock-timeout", required_argument, NULL, 'l' },
		{ "ddl-lock-timeout", required_argument, NULL, 'L' },
		{ "deny-hazards", required_argument, NULL, 'Z' },
		{ "allow-hazards", required_argument, NULL, 'A' },
		{ "allow-destructive", no_argument, NULL, 'D' },
		{ "pending-is-drift", no_argument, NULL, 'P' },
		{ "target-timeout", required_argument, NULL, 'T' },
		{ "demo", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_fleet_opts fo = { 0 };
	struct ops_fleet_result res = { 0 };
	struct ops_migrate_opts mo = { 0 };
	struct ops_apply_opts ao = { 0 };
	struct sd_error err = { 0 };
	struct sd_project *proj = NULL;
	struct strbuf file = STRBUF_INIT;
	const char *config = NULL, *env = NULL, *format = NULL;
	long jobs = 0, canary = -1, lock_ms = -2;
	int keep_going = -1, c, rc = EXIT_ERROR;
	bool json = false;

	mo.lock_timeout_ms = ao.lock_timeout_ms = SD_LOCK_WAIT_FOREVER;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			env = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 'j':
			if ((jobs = parse_count("jobs", optarg, 1)) < 0)
				return cli_usage(project_usage, 1);
			if (jobs > OPS_FLEET_MAX_JOBS)
				jobs = OPS_FLEET_MAX_JOBS;
			break;
		case 'C':
			if ((canary = parse_count("canary", optarg, 0)) < 0)
				return cli_usage(project_usage, 1);
			break;
		case 'k':
			keep_going = 1;
			break;
		case 'f':
			format = optarg;
			break;
		case 'n':
			mo.dry_run = ao.dry_run = fo.dry_run = true;
			break;
		case 'l':
			if (cli_duration_opt("deploy-lock-timeout", optarg,
					     false, &lock_ms))
				return cli_usage(project_usage, 1);
			break;
		case 'L':
			if (cli_duration_opt("ddl-lock-timeout", optarg, false,
					     &mo.ddl_lock_timeout_ms))
				return cli_usage(project_usage, 1);
			break;
		case 'Z':
		case 'A': {
			unsigned mask;

			if (ops_hazard_parse(optarg, &mask, &err)) {
				cli_report(&err);
				return cli_usage(project_usage, 1);
			}
			if (c == 'Z') {
				mo.deny_hazards |= mask;
				ao.deny_hazards |= mask;
				ao.deny_hazards_set = true;
			} else {
				mo.allow_hazards |= mask;
				ao.allow_hazards |= mask;
			}
			break;
		}
		case 'D':
			mo.allow_destructive = ao.allow_destructive = true;
			break;
		case 'P':
			fo.pending_is_drift = true;
			break;
		case 'M':	/* migrate, provision: with demo data */
			if (action != OPS_FLEET_MIGRATE &&
			    action != OPS_FLEET_PROVISION) {
				fprintf(stderr, "schemadiff: error: --demo is taken by migrate and provision only\n");
				return cli_usage(project_usage, 1);
			}
			fo.demo = mo.demo = true;
			break;
		case 'T':
			if (cli_duration_opt("target-timeout", optarg, true,
					     &fo.target_timeout_ms))
				return cli_usage(project_usage, 1);
			break;
		case 'h':
			return cli_usage(project_usage, 0);
		default:
			fprintf(stderr, "schemadiff: error: that option is not taken by %s over a project (or give --schema-root and --url)\n",
				action_name(action));
			return cli_usage(project_usage, 1);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "schemadiff: error: %s takes no arguments besides its options\n",
			action_name(action));
		return cli_usage(project_usage, 1);
	}
	if (config) {
		strbuf_addstr(&file, config);
	} else if (project_find(NULL, &file)) {
		strbuf_release(&file);
		return cli_error("no project file (" PROJECT_FILE ") in the working directory or above it: give --config FILE, or --schema-root and --url");
	}
	if (project_read(file.buf, &proj, &err)) {
		strbuf_release(&file);
		return cli_report(&err);
	}
	strbuf_release(&file);
	/* the project's defaults, where the command line is silent */
	if (!env)
		env = proj->defaults.environment;
	if (!env && proj->nenvs == 1)
		env = proj->envs[0].name;
	if (!env) {
		cli_error("%s: which environment? give --env NAME (the project has %zu; or set defaults.environment)",
			  proj->file, proj->nenvs);
		goto out;
	}
	if (!jobs)
		jobs = proj->defaults.jobs;
	if (canary < 0)
		canary = proj->defaults.canary > 0 ? proj->defaults.canary : 0;
	if (keep_going < 0)
		keep_going = proj->defaults.keep_going > 0;
	if (lock_ms == -2 && proj->defaults.deploy_lock_timeout_ms != -2)
		lock_ms = proj->defaults.deploy_lock_timeout_ms;
	if (lock_ms != -2)
		mo.lock_timeout_ms = ao.lock_timeout_ms = lock_ms;
	if (!format)
		format = proj->defaults.format;
	if (format && cli_parse_format_json(format, &json))
		goto out;

	fo.project = proj;
	fo.env = env;
	fo.action = action;
	fo.jobs = (unsigned)jobs;
	fo.canary = (size_t)canary;
	fo.keep_going = keep_going;
	fo.migrate = &mo;
	fo.apply = &ao;
	cli_events(&fo.events);
	if (json)
		cli_events_no_sql(&fo.events);
	if (ops_fleet(&fo, &res, &err)) {
		cli_report(&err);
		goto out;
	}
	if (action == OPS_FLEET_MIGRATE && !json && res.norder) {
		fputs("schemadiff: order:", stderr);
		for (size_t i = 0; i < res.norder; i++)
			fprintf(stderr, "%s %s %s", i ? "," : "",
				res.order[i].root, res.order[i].version);
		fputc('\n', stderr);
	}
	if (json)
		print_json(action, env, &res);
	else
		print_table(action == OPS_FLEET_STATUS || action == OPS_FLEET_DRIFT ?
			    stdout : stderr, action, &res);
	if (res.counts[OPS_FLEET_FAILED] || res.counts[OPS_FLEET_BLOCKED] ||
	    res.counts[OPS_FLEET_NOT_RUN])
		rc = EXIT_ERROR;
	else if (res.counts[OPS_FLEET_BEHIND] || res.counts[OPS_FLEET_DRIFTED])
		rc = action == OPS_FLEET_STATUS || action == OPS_FLEET_DRIFT ?
		     EXIT_DIFF : EXIT_OK;
	else
		rc = EXIT_OK;
out:
	ops_fleet_result_release(&res);
	project_free(proj);
	return rc;
}

static const char init_project_usage[] =
	"usage: schemadiff init --project [--root NAME]... [--system-type TYPE]\n"
	"                       [--url URL] [--dir DIR]\n"
	"\n"
	"Write a project file, DIR/schemadiff.json, naming each root (default: one\n"
	"root, \"app\"), and for each an empty schema root DIR/db-schema/NAME and a\n"
	"folder for its desired files DIR/schema/NAME; a \"dev\" environment gives\n"
	"every root URL.\n"
	"\n"
	"  --root NAME          a root (repeat for more)\n"
	"  --system-type TYPE   postgresql (default), mysql or mariadb\n"
	"  --url URL            the dev environment's database (default: a local\n"
	"                       one named by the variable DATABASE_NAME)\n"
	"  --dir DIR            the project's top folder (default: .)\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit: 0 created, 2 error (nothing written when a file exists), 129 usage.\n";

int cli_init_project(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "project", no_argument, NULL, 'p' },
		{ "root", required_argument, NULL, 'r' },
		{ "system-type", required_argument, NULL, 's' },
		{ "url", required_argument, NULL, 'u' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_project_init_opts o = { 0 };
	const char **roots = calloc((size_t)argc + 1, sizeof(*roots));
	struct sd_error err = { 0 };
	int c, rc = EXIT_OK;

	if (!roots)
		abort();
	o.roots = roots;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			break;
		case 'r':
			roots[o.nroots++] = optarg;
			break;
		case 's':
			o.system_type = optarg;
			break;
		case 'u':
			o.url = optarg;
			break;
		case 'd':
			o.dir = optarg;
			break;
		case 'h':
			free(roots);
			return cli_usage(init_project_usage, 0);
		default:
			free(roots);
			return cli_usage(init_project_usage, 1);
		}
	}
	if (optind < argc) {
		free(roots);
		return cli_usage(init_project_usage, 1);
	}
	if (ops_project_init(&o, &err))
		rc = cli_report(&err);
	else
		fprintf(stderr, "schemadiff: created %s/" PROJECT_FILE " with %zu root%s\n",
			o.dir ? o.dir : ".", o.nroots ? o.nroots : 1,
			o.nroots > 1 ? "s" : "");
	free(roots);
	return rc;
}

static const char project_plan_usage[] =
	"usage: schemadiff plan [--config FILE] [--dry-run] [--check]\n"
	"                       [--verify | --no-verify] [--dev-url URL]\n"
	"\n"
	"Without --schema-root (or with --config), plan every root of the project\n"
	"file that has \"desired\" files: a root after the roots whose objects its\n"
	"desired files use (a foreign key or view across schemas); a new version\n"
	"that uses another root's objects gets \"requires\" in its version.json:\n"
	"that root's latest version.\n"
	"\n"
	"  --config FILE       the project file (default: found from the working\n"
	"                      directory up)\n"
	"  --dry-run           print the SQL, write nothing\n"
	"  --check             write nothing; exit 1 when a root would get a version\n"
	"  --verify, --no-verify, --dev-url URL\n"
	"                      as plan takes them for one root\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit: 0 written or nothing to do, 1 --check found changes, 2 error,\n"
	"129 usage.\n";

int cli_project_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "check", no_argument, NULL, 'C' },
		{ "verify", no_argument, NULL, 'V' },
		{ "no-verify", no_argument, NULL, 'N' },
		{ "dev-url", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ops_project_plan_opts o = { 0 };
	struct ops_project_plan_result res = { 0 };
	struct ops_plan_opts po = { 0 };
	struct sd_error err = { 0 };
	struct sd_project *proj = NULL;
	struct strbuf file = STRBUF_INIT;
	const char *config = NULL, *v = getenv("SCHEMADIFF_VERIFY");
	bool check = false;
	size_t nnew = 0;
	int c, rc = EXIT_ERROR;

	po.verify = v && !strcmp(v, "off") ? OPS_VERIFY_OFF :
		    v && !strcmp(v, "on") ? OPS_VERIFY_ON : OPS_VERIFY_AUTO;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'n':
			po.dry_run = true;
			break;
		case 'C':
			check = po.dry_run = true;
			break;
		case 'V':
			po.verify = OPS_VERIFY_ON;
			break;
		case 'N':
			po.verify = OPS_VERIFY_OFF;
			break;
		case 'd':
			po.dev_url = optarg;
			break;
		case 'h':
			return cli_usage(project_plan_usage, 0);
		default:
			fputs("schemadiff: error: that option is not taken by plan over a project (or give --schema-root and --desired)\n",
			      stderr);
			return cli_usage(project_plan_usage, 1);
		}
	}
	if (optind < argc)
		return cli_usage(project_plan_usage, 1);
	if (config) {
		strbuf_addstr(&file, config);
	} else if (project_find(NULL, &file)) {
		strbuf_release(&file);
		return cli_error("no project file (" PROJECT_FILE ") in the working directory or above it");
	}
	if (project_read(file.buf, &proj, &err)) {
		strbuf_release(&file);
		return cli_report(&err);
	}
	strbuf_release(&file);
	o.project = proj;
	o.plan = &po;
	cli_events(&o.events);
	rc = ops_project_plan(&o, &res, &err) ? EXIT_ERROR : EXIT_OK;
	for (size_t i = 0; i < res.n; i++) {
		const struct ops_plan_result *r = &res.roots[i].result;

		if (rc && i + 1 == res.n)
			break;	/* the one that failed */
		if (po.dry_run && !r->no_changes)
			printf("-- root %s: version %s\n%s\n", res.roots[i].name,
			       r->version, r->sql.buf);
		if (r->no_changes) {
			fprintf(stderr, "schemadiff: %s: no changes\n", res.roots[i].name);
			continue;
		}
		nnew++;
		fprintf(stderr, "schemadiff: %s: version %s%s (%zu changes)%s%s\n",
			res.roots[i].name, r->version,
			r->written ? " written" : "", r->nchanges,
			r->requires ? "; requires " : "",
			r->requires ? r->requires : "");
	}
	if (rc)
		cli_report(&err);
	else if (check && nnew)
		rc = EXIT_DIFF;
	ops_project_plan_result_release(&res);
	project_free(proj);
	return rc;
}
