/*
 * parser/mysql/mysql_event.c: CREATE, ALTER and DROP EVENT for the MySQL
 * parser, in the canonical form of docs/mysql.md (struct sd_event): the
 * schedule as information_schema.EVENTS prints it (datetime literals as
 * 'YYYY-MM-DD HH:MM:SS', an interval value of a simple unit as a whole
 * number), the body kept as written (trimmed), as EVENT_DEFINITION is.
 *
 * Memory: scratch in ctx->tmp; the catalog keeps copies in its arena.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser/mysql/mysql_internal.h"
#include "util/banned.h"

/* What a CREATE or ALTER EVENT says; NULL / false: not said. */
struct ev_parts {
	bool schedule;		/* ON SCHEDULE given: at .. ends below */
	const char *at, *every, *unit, *starts, *ends;
	bool completion, preserve;
	char status;		/* 0: not given */
	bool has_comment;
	const char *comment;
	const char *rename;
	const char *body;
};

static const char *const units[] = {
	"YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND",
	"YEAR_MONTH", "DAY_HOUR", "DAY_MINUTE", "DAY_SECOND", "HOUR_MINUTE",
	"HOUR_SECOND", "MINUTE_SECOND", NULL
};

/* The words that end a schedule's datetime expression. */
static bool ends_expr(const struct my_token *t)
{
	static const char *const stop[] = {
		"starts", "ends", "on", "enable", "disable", "comment", "do",
		"rename", NULL
	};

	if (t->type == MT_EOF)
		return true;
	for (size_t i = 0; stop[i]; i++)
		if (my_is(t, stop[i]))
			return true;
	return false;
}

/* A datetime literal as the server prints it: '2030-01-01' becomes
 * '2030-01-01 00:00:00', '2031-01-01 10:00' '2031-01-01 10:00:00'
 * (fractions of a second dropped: events run on whole seconds). NULL
 * when s is not of that shape (then it stays as written). */
static const char *datetime_norm(struct my_ctx *ctx, const char *s)
{
	long v[6] = { 0, 0, 0, 0, 0, 0 };
	int n = 0;
	const char *p = s;

	while (*p && n < 6) {
		char *end;
		if (!isdigit((unsigned char)*p))
			return NULL;
		v[n++] = strtol(p, &end, 10);
		p = end;
		if (n == 6 && *p == '.') {
			for (p++; isdigit((unsigned char)*p); p++)
				;
			break;
		}
		if (!*p)
			break;
		if (n < 3 ? *p != '-' : n == 3 ? *p != ' ' && *p != 'T'
					      : *p != ':')
			return NULL;
		p++;
	}
	if (*p || n < 3 || n == 4)
		return NULL;
	return arena_printf(&ctx->tmp, "%04ld-%02ld-%02ld %02ld:%02ld:%02ld",
			    v[0], v[1], v[2], v[3], v[4], v[5]);
}

/* AT / STARTS / ENDS: a literal normalized and quoted, or an expression
 * printed canonically; *out in tmp. */
static int schedule_time(struct my_ctx *ctx, const char **out)
{
	struct my_token *t = my_tok(ctx);
	size_t start = ctx->pos;
	struct strbuf sb = STRBUF_INIT;
	int depth = 0;

	if (t->type == MT_STRING && ends_expr(my_peek(ctx, 1))) {
		const char *norm = datetime_norm(ctx, t->text);
		sql_quote_literal(&sb, SQL_MYSQL, norm ? norm : t->text);
		ctx->pos++;
	} else {
		while (my_tok(ctx)->type != MT_EOF &&
		       (depth > 0 || !ends_expr(my_tok(ctx)))) {
			if (my_is_op(my_tok(ctx), "("))
				depth++;
			else if (my_is_op(my_tok(ctx), ")"))
				depth--;
			ctx->pos++;
		}
		if (ctx->pos == start)
			return my_expected(ctx, "a date and time");
		my_print_tokens(&sb, ctx->st->toks, start, ctx->pos);
	}
	*out = arena_strdup(&ctx->tmp, sb.buf);
	strbuf_release(&sb);
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* EVERY value unit: the value as INTERVAL_VALUE prints it. */
static int schedule_every(struct my_ctx *ctx, struct ev_parts *ev)
{
	struct my_token *v = my_tok(ctx), *u;
	struct strbuf sb = STRBUF_INIT;
	const char *unit = NULL;

	if (v->type != MT_NUMBER && v->type != MT_STRING)
		return my_expected(ctx, "an interval value");
	ctx->pos++;
	u = my_tok(ctx);
	for (size_t i = 0; units[i] && !unit; i++)
		if (my_is(u, units[i]))
			unit = units[i];
	if (!unit)
		return my_expected(ctx, "an interval unit (DAY, HOUR ...)");
	ctx->pos++;
	if (strchr(unit, '_')) {
		/* a compound value is kept as a string ('1 4') */
		sql_quote_literal(&sb, SQL_MYSQL, v->text);
	} else if (all_digits(v->text)) {
		strbuf_addf(&sb, "%lld", strtoll(v->text, NULL, 10));
	} else if (v->type == MT_NUMBER) {
		/* the server rounds a fraction: EVERY 1.5 HOUR is 2 */
		strbuf_addf(&sb, "%.0f", floor(strtod(v->text, NULL) + 0.5));
	} else {
		sql_quote_literal(&sb, SQL_MYSQL, v->text);
	}
	ev->every = arena_strdup(&ctx->tmp, sb.buf);
	ev->unit = unit;
	strbuf_release(&sb);
	return 0;
}

/* After ON SCHEDULE. */
static int schedule(struct my_ctx *ctx, struct ev_parts *ev)
{
	int ret;

	ev->schedule = true;
	ev->at = ev->every = ev->unit = ev->starts = ev->ends = NULL;
	if (my_accept(ctx, "at"))
		return schedule_time(ctx, &ev->at);
	if ((ret = my_expect(ctx, "every")) || (ret = schedule_every(ctx, ev)))
		return ret;
	if (my_accept(ctx, "starts") &&
	    (ret = schedule_time(ctx, &ev->starts)))
		return ret;
	if (my_accept(ctx, "ends") && (ret = schedule_time(ctx, &ev->ends)))
		return ret;
	return 0;
}

/* The clauses after the name, up to and with DO body (alter: RENAME TO
 * too, and every clause optional). */
static int clauses(struct my_ctx *ctx, struct ev_parts *ev, bool alter)
{
	int ret;

	for (;;) {
		struct my_token *t = my_tok(ctx);

		if (my_is(t, "on") && my_is(my_peek(ctx, 1), "schedule")) {
			ctx->pos += 2;
			if ((ret = schedule(ctx, ev)))
				return ret;
		} else if (my_is(t, "on") &&
			   my_is(my_peek(ctx, 1), "completion")) {
			ctx->pos += 2;
			ev->completion = true;
			ev->preserve = !my_accept(ctx, "not");
			if ((ret = my_expect(ctx, "preserve")))
				return ret;
		} else if (my_accept(ctx, "enable")) {
			ev->status = SD_EVENT_ENABLED;
		} else if (my_accept(ctx, "disable")) {
			ev->status = SD_EVENT_DISABLED;
			if (my_is(my_tok(ctx), "on") &&
			    my_is(my_peek(ctx, 1), "slave")) {
				ctx->pos += 2;
				ev->status = SD_EVENT_SLAVESIDE_DISABLED;
			}
		} else if (my_accept(ctx, "comment")) {
			if (my_tok(ctx)->type != MT_STRING)
				return my_expected(ctx, "a string");
			ev->has_comment = true;
			ev->comment = my_tok(ctx)->text;
			ctx->pos++;
		} else if (alter && my_accept(ctx, "rename")) {
			if ((ret = my_expect(ctx, "to")) ||
			    (ret = my_qname(ctx, "an event name",
					    &ev->rename)))
				return ret;
		} else if (my_accept(ctx, "do")) {
			if (my_tok(ctx)->type == MT_EOF)
				return my_expected(ctx, "an event body");
			ev->body = my_rest_of_stmt(ctx);
			ctx->pos = ctx->st->ntoks;
			return 0;
		} else if (t->type == MT_EOF && alter) {
			return 0;
		} else {
			return my_expected(ctx, alter ?
					   "ON SCHEDULE, ON COMPLETION, "
					   "RENAME, ENABLE, DISABLE, COMMENT "
					   "or DO" :
					   "ON SCHEDULE, ON COMPLETION, "
					   "ENABLE, DISABLE, COMMENT or DO");
		}
	}
}

static void set_definition(struct my_ctx *ctx, struct sd_event *e)
{
	struct strbuf def = STRBUF_INIT;

	sd_event_format(&def, "CREATE", e);
	e->definition = catalog_strdup(ctx->cat, def.buf);
	strbuf_release(&def);
}

/* Copy what ev says into e (in the catalog's arena). */
static void apply_parts(struct my_ctx *ctx, struct sd_event *e,
			const struct ev_parts *ev)
{
	struct catalog *cat = ctx->cat;

	if (ev->schedule) {
		e->at = ev->at ? catalog_strdup(cat, ev->at) : NULL;
		e->every = ev->every ? catalog_strdup(cat, ev->every) : NULL;
		e->unit = ev->unit;
		e->starts = ev->starts ? catalog_strdup(cat, ev->starts)
				       : NULL;
		e->ends = ev->ends ? catalog_strdup(cat, ev->ends) : NULL;
	}
	if (ev->completion)
		e->preserve = ev->preserve;
	if (ev->status)
		e->status = ev->status;
	if (ev->has_comment)
		e->base.comment = *ev->comment ? catalog_strdup(cat,
								ev->comment)
					       : NULL;
	if (ev->body)
		e->body = catalog_strdup(cat, ev->body);
	set_definition(ctx, e);
}

/* After CREATE [OR REPLACE] [DEFINER = ..] EVENT: [IF NOT EXISTS] name
 * ON SCHEDULE .. [ON COMPLETION [NOT] PRESERVE] [ENABLE | DISABLE [ON
 * SLAVE]] [COMMENT '..'] DO body */
int my_create_event(struct my_ctx *ctx)
{
	struct ev_parts ev;
	struct my_token *at;
	struct sd_object *old;
	struct sd_event *e;
	bool if_not_exists = false;
	bool replace = ctx->st->ntoks > 2 && my_is(&ctx->st->toks[1], "or") &&
		       my_is(&ctx->st->toks[2], "replace");
	const char *name;
	int ret;

	memset(&ev, 0, sizeof(ev));
	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "not") &&
	    my_is(my_peek(ctx, 2), "exists")) {
		ctx->pos += 3;
		if_not_exists = true;
	}
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "an event name", &name)) ||
	    (ret = clauses(ctx, &ev, false)))
		return ret;
	if (!ev.schedule)
		return my_error(ctx, at, SD_ERR_SYNTAX,
				"event `%s` has no ON SCHEDULE", name);
	old = catalog_lookup(ctx->cat, catalog_key(ctx->cat, SD_EVENT, NULL,
						   name));
	if (old && ctx->script && replace) {
		catalog_remove(ctx->cat, old);
	} else if (old && ctx->script && if_not_exists) {
		return 0;
	} else if (old) {
		if (!ctx->script && old->file)
			return my_error(ctx, at, SD_ERR,
					"event `%s` is defined twice: here and "
					"at %s:%d", name, old->file,
					old->line);
		return my_error(ctx, at, SD_ERR, "event `%s` already exists",
				name);
	}
	e = catalog_add(ctx->cat, SD_EVENT, NULL, name);
	if (!e)
		return my_error(ctx, at, SD_ERR, "event `%s` already exists",
				name);
	e->sql_mode = my_sql_mode(ctx);
	e->cs_client = my_cs_client(ctx);
	e->coll_connection = my_coll_connection(ctx);
	my_place(ctx, &e->base);
	e->status = SD_EVENT_ENABLED;
	apply_parts(ctx, e, &ev);
	return 0;
}

/* After ALTER [DEFINER = ..] EVENT: name, then what changes. ON SCHEDULE
 * replaces the whole schedule (a STARTS not given is the time of the
 * ALTER on a server: not modelled, as at creation). */
int my_alter_event(struct my_ctx *ctx)
{
	struct ev_parts ev;
	struct my_token *at = my_tok(ctx);
	struct sd_event *e;
	const char *name;
	int ret;

	memset(&ev, 0, sizeof(ev));
	if ((ret = my_qname(ctx, "an event name", &name)) ||
	    (ret = clauses(ctx, &ev, true)))
		return ret;
	e = catalog_find(ctx->cat, SD_EVENT, NULL, name);
	if (!e)
		return my_error(ctx, at, SD_ERR, "event `%s` does not exist",
				name);
	if (ev.rename && strcmp(ev.rename, name) &&
	    catalog_rename(ctx->cat, &e->base, NULL, ev.rename))
		return my_error(ctx, at, SD_ERR, "event `%s` already exists",
				ev.rename);
	apply_parts(ctx, e, &ev);
	return 0;
}

/* At EVENT of DROP EVENT [IF EXISTS] name. */
int my_drop_event(struct my_ctx *ctx)
{
	struct my_token *at;
	struct sd_event *e;
	bool if_exists = false;
	const char *name;
	int ret;

	ctx->pos++;
	if (my_is(my_tok(ctx), "if") && my_is(my_peek(ctx, 1), "exists")) {
		ctx->pos += 2;
		if_exists = true;
	}
	at = my_tok(ctx);
	if ((ret = my_qname(ctx, "an event name", &name)))
		return ret;
	e = catalog_find(ctx->cat, SD_EVENT, NULL, name);
	if (!e)
		return if_exists ? 0 :
		       my_error(ctx, at, SD_ERR, "event `%s` does not exist",
				name);
	catalog_remove(ctx->cat, &e->base);
	return 0;
}
