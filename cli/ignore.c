/*
 * cli/ignore.c: the --ignore PATTERN and --ignore-file FILE options that
 * apply, diff, plan and inspect share (drift has its own, older copy),
 * collected for struct ops_ignore; the engine reads the files and checks
 * the patterns (ops/ignore.c). One command runs per process: the lists
 * live here (argv strings, kept as they are) until it exits.
 */
#include <stdlib.h>

#include "cli/cli.h"
#include "util/banned.h"

static struct vec patterns = VEC_INIT, files = VEC_INIT;

bool cli_ignore_opt(int c, char *arg)
{
	if (c == CLI_OPT_IGNORE)
		vec_push(&patterns, arg);
	else if (c == CLI_OPT_IGNORE_FILE)
		vec_push(&files, arg);
	else
		return false;
	return true;
}

void cli_ignore_fill(struct ops_ignore *out)
{
	out->patterns = (const char *const *)patterns.items;
	out->npatterns = patterns.len;
	out->files = (const char *const *)files.items;
	out->nfiles = files.len;
}
