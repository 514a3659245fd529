/*
 * emit/pg_features.c: refuse what a target PostgreSQL version lacks
 * (emit/pg_features.h), from the uses the parser recorded in the catalog
 * (parser/pg/pg_features.c holds the one table of features).
 *
 * Not refused, because the diff writes them for the target's version
 * (changeset.pg_version): SET STORAGE back to the type's storage (SET
 * STORAGE DEFAULT on 16+, the storage's name before), a stored generated
 * column's new expression (SET EXPRESSION on 17+), GRANT ALL (MAINTAIN on
 * 17+).
 *
 * Memory: nothing is kept; the message is in err.
 */
#include "emit/pg_features.h"

#include <stdbool.h>
#include <string.h>

#include "util/banned.h"

/* Is a before b: the older feature, then the earlier place. */
static bool earlier(const struct sd_pg_feature_use *a,
		    const struct sd_pg_feature_use *b)
{
	int c;

	if (a->since != b->since)
		return a->since < b->since;
	c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
	if (c)
		return c < 0;
	if (a->line != b->line)
		return a->line < b->line;
	return a->col < b->col;
}

static int check(const struct catalog *cat, size_t skip, bool scripts,
		 int target_version, struct sd_error *err)
{
	const struct sd_pg_feature_use *u, *first = NULL;

	if (!target_version || !cat || cat->dialect != SQL_POSTGRES)
		return 0;
	for (u = cat->pg_uses; u && skip; u = u->next)
		skip--;
	for (; u; u = u->next)
		if (u->since > target_version && (scripts || !u->script_only) &&
		    (!first || earlier(u, first)))
			first = u;
	if (!first)
		return 0;
	return sd_error_set(err, SD_ERR_UNSUPPORTED, first->file, first->line,
			    first->col,
			    "%s needs PostgreSQL %d; the target is %d",
			    first->feature, first->since / 10000,
			    target_version / 10000);
}

int pg_features_check(const struct catalog *cat, int target_version,
		      struct sd_error *err)
{
	return check(cat, 0, false, target_version, err);
}

int pg_features_check_scripts(const struct catalog *cat, size_t skip,
			      int target_version, struct sd_error *err)
{
	return check(cat, skip, true, target_version, err);
}

size_t pg_features_count(const struct catalog *cat)
{
	size_t n = 0;

	for (const struct sd_pg_feature_use *u = cat ? cat->pg_uses : NULL; u;
	     u = u->next)
		n++;
	return n;
}

int pg_features_needed(const struct catalog *cat, const char **name)
{
	int need = 130000;

	if (name)
		*name = NULL;
	for (const struct sd_pg_feature_use *u = cat->pg_uses; u; u = u->next)
		if (u->since > need && !u->script_only) {
			need = u->since;
			if (name)
				*name = u->feature;
		}
	return need;
}
