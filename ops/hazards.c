/*
 * ops/hazards.c: a change set as the list of changes that reviewers and
 * machines see (kind, object, SQL, hazards; struct ops_changes), the SQL
 * with a `-- hazards:` comment above each statement, the `hazards` key of
 * version.json, refusing hazards that are not allowed, and the sizes a
 * live server knows of the tables a change rewrites or scans.
 *
 * Memory: struct ops_changes owns its strings (ops_changes_release());
 * everything else is appended to the caller's strbufs.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "diff/hazards.h"
#include "drivers/driver.h"
#include "emit/emit.h"
#include "util/sqlquote.h"
#include "util/strbuf.h"
#include "util/banned.h"

_Static_assert(OPS_HZ_DELETES_DATA == HZ_DELETES_DATA &&
	       OPS_HZ_IRREVERSIBLE == HZ_IRREVERSIBLE &&
	       OPS_HZ_NOT_TRANSACTIONAL == HZ_NOT_TRANSACTIONAL,
	       "OPS_HZ_* are diff/hazards.h's bits");

int ops_hazard_parse(const char *list, unsigned *mask, struct sd_error *err)
{
	return hazard_parse_list(list, mask, err);
}

void ops_hazard_format(unsigned mask, struct strbuf *out)
{
	hazard_mask_format(mask, out);
}

void ops_changes_release(struct ops_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].object);
		free(c->items[i].sql);
		free(c->items[i].hazards_text);
		free(c->items[i].table);
		free(c->items[i].table_schema);
		free(c->items[i].table_name);
	}
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

static void change_fill(const struct changeset *cs, const struct change *ch,
			struct ops_change *oc)
{
	struct changeset one = *cs;
	struct change_hazards h;
	struct strbuf sb = STRBUF_INIT;

	change_hazards(cs, ch, &h);
	memset(oc, 0, sizeof(*oc));
	oc->kind = change_kind_name(ch->type);
	one.changes = (struct change *)ch;
	one.nchanges = 1;
	changeset_describe(&one, &sb);
	strbuf_rtrim(&sb);
	oc->object = strbuf_detach(&sb, NULL);
	emit_change(cs, ch, &sb);
	oc->sql = strbuf_detach(&sb, NULL);
	change_hazards_format(&h, &sb);
	oc->hazards_text = strbuf_detach(&sb, NULL);
	oc->hazards = h.mask;
	oc->lock = (h.mask & (HZ_BLOCKS_WRITES | HZ_BLOCKS_READS)) ? h.lock
								  : NULL;
	oc->proportional = oc->lock && h.duration == HZ_DUR_TABLE;
	if (h.table_name) {
		sql_quote_qualified(&sb, cs->to->dialect, h.table_schema,
				    h.table_name);
		oc->table = strbuf_detach(&sb, NULL);
		oc->table_schema = h.table_schema ? strdup(h.table_schema) : NULL;
		oc->table_name = strdup(h.table_name);
	}
	oc->table_bytes = oc->table_rows = -1;
}

void ops_changes_from(const struct changeset *cs, struct ops_changes *out)
{
	out->n = cs->nchanges;
	out->items = calloc(cs->nchanges ? cs->nchanges : 1,
			    sizeof(*out->items));
	for (size_t i = 0; i < cs->nchanges; i++)
		change_fill(cs, &cs->changes[i], &out->items[i]);
}

/* Is the change worth a line for the reviewer? Every MySQL statement is
 * not-transactional: that alone is said once, not per statement. */
static bool noteworthy(const struct ops_change *c)
{
	return c->hazards & ~HZ_NOT_TRANSACTIONAL;
}

static void add_size(struct strbuf *out, const struct ops_change *c)
{
	if (!c->table || c->table_bytes < 0)
		return;
	strbuf_addf(out, "; %s: ", c->table);
	if (c->table_bytes >= 10LL << 30)
		strbuf_addf(out, "%lld GB", c->table_bytes >> 30);
	else if (c->table_bytes >= 10LL << 20)
		strbuf_addf(out, "%lld MB", c->table_bytes >> 20);
	else if (c->table_bytes >= 10LL << 10)
		strbuf_addf(out, "%lld kB", c->table_bytes >> 10);
	else
		strbuf_addf(out, "%lld bytes", c->table_bytes);
	if (c->table_rows >= 0)
		strbuf_addf(out, ", about %lld rows", c->table_rows);
}

void ops_change_comment(const struct ops_change *c, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;

	if (!noteworthy(c))
		return;
	strbuf_addf(&line, "-- hazards: %s", c->hazards_text);
	add_size(&line, c);
	/* a table name may hold a line break: it must not end the comment
	 * and put the rest of the name on a line of SQL */
	for (size_t i = 0; i < line.len; i++)
		if (line.buf[i] == '\n' || line.buf[i] == '\r')
			line.buf[i] = ' ';
	strbuf_addstr(out, line.buf);
	strbuf_addch(out, '\n');
	strbuf_release(&line);
}

void ops_changes_sql(const struct ops_changes *c, size_t from, size_t to,
		     bool comments, struct strbuf *out)
{
	for (size_t i = from; i < to && i < c->n; i++) {
		if (comments)
			ops_change_comment(&c->items[i], out);
		strbuf_addstr(out, c->items[i].sql);
	}
}

size_t ops_changes_report(const struct ops_changes *c,
			  const struct ops_events *ev)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++) {
		struct strbuf sb = STRBUF_INIT;

		if (!noteworthy(&c->items[i]))
			continue;
		strbuf_addf(&sb, "hazard: %s: %s", c->items[i].object,
			    c->items[i].hazards_text);
		add_size(&sb, &c->items[i]);
		ops_emit(ev, OPS_EVENT_NOTE, "%s", sb.buf);
		strbuf_release(&sb);
		n++;
	}
	return n;
}

size_t ops_changes_refused(const struct ops_changes *c, unsigned deny,
			   struct strbuf *out)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++) {
		unsigned bad = c->items[i].hazards & deny;
		if (!bad)
			continue;
		strbuf_addf(out, "%s: ", c->items[i].object);
		hazard_mask_format(bad, out);
		strbuf_addch(out, '\n');
		n++;
	}
	return n;
}

static json_t *hazard_array(unsigned mask)
{
	json_t *a = json_array();

	for (unsigned i = 0; i < HZ_NKINDS; i++)
		if (mask & (1u << i))
			json_array_append_new(a, json_string(hazard_name(1u << i)));
	return a;
}

static json_t *change_json(const struct ops_change *c, bool with_sql)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(c->kind));
	json_object_set_new(o, "object", json_string(c->object));
	if (with_sql)
		json_object_set_new(o, "sql", json_string(c->sql));
	json_object_set_new(o, "hazards", hazard_array(c->hazards));
	json_object_set_new(o, "lock", c->lock ? json_string(c->lock) : json_null());
	json_object_set_new(o, "lock_duration",
			    !c->lock ? json_null()
			    : json_string(c->proportional ? "table" : "brief"));
	json_object_set_new(o, "table", c->table ? json_string(c->table) : json_null());
	json_object_set_new(o, "table_bytes", c->table_bytes >= 0
			    ? json_integer(c->table_bytes) : json_null());
	json_object_set_new(o, "table_rows", c->table_rows >= 0
			    ? json_integer(c->table_rows) : json_null());
	return o;
}

static void dump(json_t *j, struct strbuf *out, size_t flags)
{
	char *text = json_dumps(j, flags | JSON_PRESERVE_ORDER);

	if (text)
		strbuf_addstr(out, text);
	free(text);
}

void ops_changes_json(const struct ops_changes *c, struct strbuf *out)
{
	json_t *a = json_array();

	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(a, change_json(&c->items[i], true));
	dump(a, out, JSON_INDENT(2));
	json_decref(a);
}

void ops_hazards_version_json(const struct ops_changes *c, size_t from,
			      size_t to, const char *steps_json,
			      struct strbuf *out)
{
	json_t *o = json_object(), *a = json_array();

	for (size_t i = from; i < to && i < c->n; i++)
		if (c->items[i].hazards)
			json_array_append_new(a, change_json(&c->items[i], false));
	json_object_set_new(o, "hazards", a);
	if (steps_json && *steps_json) {
		json_t *s = json_loads(steps_json, 0, NULL);
		if (s)
			json_object_set_new(o, "steps", s);
	}
	dump(o, out, 0);
	json_decref(o);
}

int ops_changes_sizes(struct sd_conn *conn, struct ops_changes *c,
		      struct sd_error *err)
{
	const char **schemas, **names;
	long long *bytes, *rows;
	size_t *which, n = 0;
	int rc;

	if (!conn->drv->table_sizes)
		return 0;
	schemas = calloc(c->n + 1, sizeof(*schemas));
	names = calloc(c->n + 1, sizeof(*names));
	bytes = calloc(c->n + 1, sizeof(*bytes));
	rows = calloc(c->n + 1, sizeof(*rows));
	which = calloc(c->n + 1, sizeof(*which));
	if (!schemas || !names || !bytes || !rows || !which)
		abort();
	/* each table once, in one query */
	for (size_t i = 0; i < c->n; i++) {
		size_t j;

		if (!c->items[i].table)
			continue;
		for (j = 0; j < n; j++)
			if (!strcmp(c->items[which[j]].table, c->items[i].table))
				break;
		if (j < n)
			continue;
		which[n] = i;
		schemas[n] = c->items[i].table_schema;
		names[n] = c->items[i].table_name;
		n++;
	}
	rc = n ? conn->drv->table_sizes(conn, n, schemas, names, bytes, rows,
					err)
	       : 0;
	for (size_t i = 0; !rc && i < c->n; i++) {
		if (!c->items[i].table)
			continue;
		for (size_t j = 0; j < n; j++)
			if (!strcmp(c->items[which[j]].table, c->items[i].table)) {
				c->items[i].table_bytes = bytes[j];
				c->items[i].table_rows = rows[j];
				break;
			}
	}
	free(schemas);
	free(names);
	free(bytes);
	free(rows);
	free(which);
	return rc;
}
