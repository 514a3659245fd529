/*
 * tests/parser/mysql_dump.h: a MySQL catalog as text, one line per
 * object, column or constraint, every field the MySQL parser fills, for
 * tests that compare catalogs exactly (tests/parser/test_mysql*.c).
 * Appends to a caller-owned strbuf.
 */
#ifndef SD_TEST_MYSQL_DUMP_H
#define SD_TEST_MYSQL_DUMP_H

#include "model/catalog.h"
#include "util/strbuf.h"
#include "util/vec.h"

static void mydump_opt(struct strbuf *out, const char *k, const char *v)
{
	if (v)
		strbuf_addf(out, " %s=%s", k, v);
}

static void mydump_list(struct strbuf *out, const char *const *l, size_t n)
{
	strbuf_addch(out, '(');
	for (size_t i = 0; i < n; i++)
		strbuf_addf(out, "%s%s", i ? "," : "", l[i]);
	strbuf_addch(out, ')');
}

static void mydump_table(struct strbuf *out, const struct sd_table *t)
{
	mydump_opt(out, "engine", t->engine);
	mydump_opt(out, "charset", t->charset);
	mydump_opt(out, "collation", t->collation);
	mydump_opt(out, "row_format", t->row_format);
	mydump_opt(out, "partkey", t->partkey);
	strbuf_addch(out, '\n');
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct sd_column *c = &t->columns[i];
		strbuf_addf(out, "  col %s %s%s", c->name, c->type,
			    c->not_null ? " not_null" : "");
		mydump_opt(out, "default", c->default_expr);
		mydump_opt(out, "on_update", c->on_update);
		if (c->auto_increment)
			strbuf_addstr(out, " auto_increment");
		if (c->invisible)
			strbuf_addstr(out, " invisible");
		if (c->generated)
			strbuf_addf(out, " gen=%s %s", c->generated,
				    c->gen_virtual ? "virtual" : "stored");
		mydump_opt(out, "charset", c->charset);
		mydump_opt(out, "collation", c->collation);
		mydump_opt(out, "comment", c->comment);
		strbuf_addch(out, '\n');
	}
	for (size_t i = 0; i < t->nconstraints; i++) {
		const struct sd_constraint *c = &t->constraints[i];
		strbuf_addf(out, "  con %s %c ", c->name, c->type);
		mydump_list(out, c->columns, c->ncolumns);
		if (c->type == SD_CON_FOREIGN) {
			strbuf_addf(out, " ref %s", c->ref_table);
			mydump_list(out, c->ref_columns, c->nref_columns);
			strbuf_addf(out, " upd=%c del=%c", c->on_update,
				    c->on_delete);
		}
		for (size_t k = 0; c->sub_parts && k < c->ncolumns; k++)
			strbuf_addf(out, "%s%u", k ? "," : " prefix=",
				    c->sub_parts[k]);
		mydump_opt(out, "expr", c->expr);
		mydump_opt(out, "comment", c->comment);
		strbuf_addch(out, '\n');
	}
}

static void mydump(const struct catalog *cat, struct strbuf *out)
{
	struct vec objs = VEC_INIT;

	catalog_list(cat, -1, &objs);
	for (size_t i = 0; i < objs.len; i++) {
		const struct sd_object *o = objs.items[i];
		strbuf_addf(out, "%s %s", sd_kind_name(o->kind), o->name);
		mydump_opt(out, "comment", o->comment);
		switch (o->kind) {
		case SD_TABLE:
			mydump_table(out, (const void *)o);
			continue;
		case SD_INDEX: {
			const struct sd_index *ix = (const void *)o;
			strbuf_addf(out, " on %s name=%s %s%s (", ix->table,
				    ix->ixname, ix->unique ? "unique " : "",
				    ix->method);
			for (size_t k = 0; k < ix->nelems; k++) {
				const struct sd_index_elem *e = &ix->elems[k];
				strbuf_addf(out, "%s%s", k ? "," : "",
					    e->column ? e->column : e->expr);
				if (e->sub_part)
					strbuf_addf(out, "(%u)", e->sub_part);
				if (e->desc)
					strbuf_addstr(out, " desc");
			}
			strbuf_addch(out, ')');
			mydump_opt(out, "hidden", ix->hidden);
			break;
		}
		case SD_VIEW: {
			const struct sd_view *v = (const void *)o;
			strbuf_addf(out, " query=%s", v->query);
			if (v->ncolumns)
				mydump_list(out, v->columns, v->ncolumns);
			if (v->check_option)
				strbuf_addf(out, " check=%c", v->check_option);
			if (v->noptions)
				mydump_list(out, v->options, v->noptions);
			break;
		}
		case SD_TRIGGER: {
			const struct sd_trigger *tg = (const void *)o;
			strbuf_addf(out, " table=%s name=%s def=%s", tg->table,
				    tg->tgname, tg->definition);
			break;
		}
		case SD_FUNCTION: {
			const struct sd_function *f = (const void *)o;
			strbuf_addf(out, " %s args=%s", f->is_procedure ?
				    "procedure" : "function", f->args);
			mydump_opt(out, "result", f->result);
			strbuf_addf(out, " def=%s", f->definition);
			break;
		}
		case SD_EVENT: {
			const struct sd_event *e = (const void *)o;
			strbuf_addf(out, " def=%s", e->definition);
			break;
		}
		default:
			break;
		}
		strbuf_addch(out, '\n');
	}
	vec_release(&objs);
}

#endif
