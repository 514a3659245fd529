/*
 * ops/requires.h: the other roots of a project that a desired catalog
 * uses (ops/requires.c), for plan's `requires` key and the order of a
 * project plan.
 */
#ifndef SD_OPS_REQUIRES_H
#define SD_OPS_REQUIRES_H

#include <stdbool.h>

#include "schemadiff.h"

/* used[k] (n of them) set when an object of want (cs not NULL: one that a
 * change of cs creates or alters) depends on an object that want lacks
 * and others[k].cat has. */
struct changeset;
void ops_requires_find(const struct catalog *want,
		       const struct changeset *cs,
		       const struct ops_plan_root_ref *others, size_t n,
		       bool *used);
/* The same as version.json keys: "requires": {NAME: VERSION} merged into
 * the JSON object text in extra (empty: none yet), for each root used
 * that has a version; *text (malloc'd, NULL when none) gets
 * "billing 3, core 2". -1 when extra is not a JSON object. */
int ops_requires_json(const struct catalog *want,
		      const struct changeset *cs,
		      const struct ops_plan_root_ref *others, size_t n,
		      struct strbuf *extra, char **text);

#endif
