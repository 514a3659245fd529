/*
 * ops/requires.c: which other roots of a project a desired catalog uses:
 * an object of it depends (model/ dependency edges: a foreign key's
 * referenced table, a view's relations, a column's type, a trigger's
 * function ...) on an object it does not define itself and another root
 * does (for a plan: only the objects its changes create or alter). plan writes the result as version.json's `requires` key; a
 * project plan orders its roots by it. Owns no memory past a call
 * except the text it returns.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ops/requires.h"
#include "diff/diff.h"
#include "util/vec.h"
#include "util/banned.h"

void ops_requires_find(const struct catalog *want,
		       const struct changeset *cs,
		       const struct ops_plan_root_ref *others, size_t n,
		       bool *used)
{
	struct vec all = VEC_INIT;

	memset(used, 0, n * sizeof(*used));
	if (cs) {
		for (size_t i = 0; i < cs->nchanges; i++)
			if (cs->changes[i].new_obj)
				vec_push(&all, (void *)cs->changes[i].new_obj);
	} else {
		catalog_list(want, -1, &all);
	}
	for (size_t i = 0; i < all.len; i++) {
		const struct sd_object *obj = all.items[i];

		for (size_t d = 0; d < obj->ndeps; d++) {
			if (catalog_lookup(want, obj->deps[d]))
				continue;
			for (size_t k = 0; k < n; k++)
				if (others[k].cat && !used[k] &&
				    catalog_lookup(others[k].cat, obj->deps[d]))
					used[k] = true;
		}
	}
	vec_release(&all);
}

int ops_requires_json(const struct catalog *want,
		      const struct changeset *cs,
		      const struct ops_plan_root_ref *others, size_t n,
		      struct strbuf *extra, char **text)
{
	bool *used = calloc(n + 1, sizeof(*used));
	json_t *doc = NULL, *req;
	struct strbuf names = STRBUF_INIT;
	char *dumped;

	*text = NULL;
	if (!used)
		abort();
	ops_requires_find(want, cs, others, n, used);
	req = json_object();
	for (size_t k = 0; k < n; k++) {
		if (!used[k] || !others[k].version)
			continue;
		json_object_set_new(req, others[k].name,
				    json_string(others[k].version));
		strbuf_addf(&names, "%s%s %s", names.len ? ", " : "",
			    others[k].name, others[k].version);
	}
	free(used);
	if (!json_object_size(req)) {
		json_decref(req);
		strbuf_release(&names);
		return 0;
	}
	doc = extra->len ? json_loads(extra->buf, 0, NULL) : json_object();
	if (!json_is_object(doc)) {
		json_decref(doc);
		json_decref(req);
		strbuf_release(&names);
		return -1;
	}
	json_object_set_new(doc, "requires", req);
	dumped = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!dumped) {
		strbuf_release(&names);
		return -1;
	}
	strbuf_reset(extra);
	strbuf_addstr(extra, dumped);
	free(dumped);
	*text = strbuf_detach(&names, NULL);
	return 0;
}
