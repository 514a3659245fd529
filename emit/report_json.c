/*
 * emit/report_json.c: the drift report as JSON, layout version
 * DRIFT_JSON_VERSION (documented in README.md, "drift"). Keys are written
 * in a fixed order; every key is present in every database entry (null or
 * an empty list when it does not apply), so that readers need no guessing.
 *
 * Memory: the jansson document is built and released here; the text is
 * appended to the caller's strbuf.
 */
#include <jansson.h>
#include <stdlib.h>

#include "emit/report.h"
#include "util/banned.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *str_array(const char *const *items, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

static const char *target_status(const struct drift_target *t)
{
	if (t->error)
		return "error";
	return drift_target_drifted(t) ? "drift" : "clean";
}

static json_t *object_json(const struct drift_object *o)
{
	json_t *e = json_object();

	json_object_set_new(e, "status", json_string(drift_status_name(o->status)));
	json_object_set_new(e, "kind", json_string(o->kind));
	json_object_set_new(e, "schema", str_or_null(o->schema));
	json_object_set_new(e, "name", json_string(o->name));
	json_object_set_new(e, "differences", str_array(o->details, o->ndetails));
	json_object_set_new(e, "sql", json_string(o->sql ? o->sql : ""));
	return e;
}

static json_t *target_json(const struct drift_target *t)
{
	json_t *o = json_object(), *arr;

	json_object_set_new(o, "url", json_string(t->url));
	json_object_set_new(o, "status", json_string(target_status(t)));
	json_object_set_new(o, "error", str_or_null(t->error));
	json_object_set_new(o, "server", str_or_null(t->server));
	json_object_set_new(o, "history", json_boolean(!t->error && !t->no_history));
	json_object_set_new(o, "untracked_object", str_or_null(t->untracked));
	json_object_set_new(o, "version", str_or_null(t->version));
	json_object_set_new(o, "objects_compared",
			    json_boolean(!t->error && !t->objects_skipped));
	json_object_set_new(o, "objects_skipped_reason",
			    str_or_null(t->objects_skipped));
	arr = json_array();
	for (size_t i = 0; i < t->nobjects; i++)
		json_array_append_new(arr, object_json(&t->objects[i]));
	json_object_set_new(o, "objects", arr);
	arr = json_array();
	for (size_t i = 0; i < t->nchecksums; i++) {
		const struct drift_checksum *c = &t->checksums[i];
		json_t *e = json_object();
		json_object_set_new(e, "version", json_string(c->version));
		json_object_set_new(e, "recorded_checksum", json_string(c->recorded));
		json_object_set_new(e, "current_checksum", json_string(c->current));
		json_object_set_new(e, "files", str_array(c->files, c->nfiles));
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "checksum_mismatches", arr);
	json_object_set_new(o, "unknown_versions", str_array(t->unknown, t->nunknown));
	json_object_set_new(o, "out_of_order_versions",
			    str_array(t->out_of_order, t->nout_of_order));
	json_object_set_new(o, "pending_versions", str_array(t->pending, t->npending));
	json_object_set_new(o, "remade", str_array(t->remade, t->nremade));
	json_object_set_new(o, "sql", json_string(t->sql ? t->sql : ""));
	return o;
}

int drift_report_json(const struct drift_report *r, struct strbuf *out)
{
	json_t *doc = json_object(), *o, *arr;
	struct drift_counts c;
	char *text;

	drift_report_count(r, &c);
	json_object_set_new(doc, "format", json_string("schemadiff-drift"));
	json_object_set_new(doc, "version", json_integer(DRIFT_JSON_VERSION));
	json_object_set_new(doc, "generated_at", str_or_null(r->generated_at));
	o = json_object();
	json_object_set_new(o, "name", str_or_null(r->schema_name));
	json_object_set_new(o, "root", str_or_null(r->schema_root));
	json_object_set_new(o, "latest_version", str_or_null(r->latest));
	json_object_set_new(doc, "schema", o);
	json_object_set_new(doc, "ignore", str_array(r->ignore, r->nignore));
	o = json_object();
	json_object_set_new(o, "databases", json_integer((json_int_t)c.targets));
	json_object_set_new(o, "clean", json_integer((json_int_t)c.clean));
	json_object_set_new(o, "drift", json_integer((json_int_t)c.drifted));
	json_object_set_new(o, "errors", json_integer((json_int_t)c.errors));
	json_object_set_new(doc, "summary", o);
	arr = json_array();
	for (size_t i = 0; i < r->ntargets; i++)
		json_array_append_new(arr, target_json(&r->targets[i]));
	json_object_set_new(doc, "databases", arr);

	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!text)
		return -1;
	strbuf_addstr(out, text);
	strbuf_addch(out, '\n');
	free(text);
	return 0;
}
