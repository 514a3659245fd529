/*
 * diff/diff_conversions.c: column type changes the server can make
 * without being told how. ALTER COLUMN ... TYPE converts the data with
 * the assignment cast from the old type to the new one; between built-in
 * types that have none (bigint -> timestamp, text -> integer), a plain
 * cast is refused or fails on the data, so the change needs a conversion
 * that the desired files give with a hint next to the column:
 *     created_at timestamp,  -- schemadiff:using to_timestamp(created_at)
 * (parser/pg/pg_table.c reads it into catalog.using_hints). Without one,
 * diff_check_conversions() stops the plan, naming the column.
 *
 * The assignment casts among built-in types below are those of
 * pg_cast (castcontext 'a' or 'i') of PostgreSQL 15; besides them, a
 * type converts to itself (another length or precision) and any type to
 * the string types (I/O conversion). Types not in the list (user types,
 * domains, extension types) are not checked: the change is written as a
 * cast, as before.
 *
 * Memory: nothing is allocated but the error text.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

/* The built-in types whose casts are listed (format_type() names). */
static const char *const known_types[] = {
	"bigint",
	"bit",
	"bit varying",
	"boolean",
	"box",
	"bytea",
	"character",
	"character varying",
	"cidr",
	"circle",
	"date",
	"double precision",
	"inet",
	"integer",
	"interval",
	"json",
	"jsonb",
	"jsonpath",
	"line",
	"lseg",
	"macaddr",
	"macaddr8",
	"money",
	"numeric",
	"path",
	"point",
	"polygon",
	"real",
	"smallint",
	"text",
	"time with time zone",
	"time without time zone",
	"timestamp with time zone",
	"timestamp without time zone",
	"tsquery",
	"tsvector",
	"uuid",
	"xml",
};

/* Assignment casts between two different known types: from, to. */
static const char *const assign_casts[][2] = {
	{ "bigint", "double precision" },
	{ "bigint", "integer" },
	{ "bigint", "money" },
	{ "bigint", "numeric" },
	{ "bigint", "real" },
	{ "bigint", "smallint" },
	{ "bit", "bit varying" },
	{ "bit varying", "bit" },
	{ "boolean", "character" },
	{ "boolean", "character varying" },
	{ "boolean", "text" },
	{ "box", "polygon" },
	{ "character", "character varying" },
	{ "character", "text" },
	{ "character varying", "character" },
	{ "character varying", "text" },
	{ "cidr", "character" },
	{ "cidr", "character varying" },
	{ "cidr", "inet" },
	{ "cidr", "text" },
	{ "date", "timestamp with time zone" },
	{ "date", "timestamp without time zone" },
	{ "double precision", "bigint" },
	{ "double precision", "integer" },
	{ "double precision", "numeric" },
	{ "double precision", "real" },
	{ "double precision", "smallint" },
	{ "inet", "character" },
	{ "inet", "character varying" },
	{ "inet", "cidr" },
	{ "inet", "text" },
	{ "integer", "bigint" },
	{ "integer", "double precision" },
	{ "integer", "money" },
	{ "integer", "numeric" },
	{ "integer", "real" },
	{ "integer", "smallint" },
	{ "interval", "time without time zone" },
	{ "json", "jsonb" },
	{ "jsonb", "json" },
	{ "macaddr", "macaddr8" },
	{ "macaddr8", "macaddr" },
	{ "money", "numeric" },
	{ "numeric", "bigint" },
	{ "numeric", "double precision" },
	{ "numeric", "integer" },
	{ "numeric", "money" },
	{ "numeric", "real" },
	{ "numeric", "smallint" },
	{ "path", "polygon" },
	{ "point", "box" },
	{ "polygon", "path" },
	{ "real", "bigint" },
	{ "real", "double precision" },
	{ "real", "integer" },
	{ "real", "numeric" },
	{ "real", "smallint" },
	{ "smallint", "bigint" },
	{ "smallint", "double precision" },
	{ "smallint", "integer" },
	{ "smallint", "numeric" },
	{ "smallint", "real" },
	{ "text", "character" },
	{ "text", "character varying" },
	{ "time with time zone", "time without time zone" },
	{ "time without time zone", "interval" },
	{ "time without time zone", "time with time zone" },
	{ "timestamp with time zone", "date" },
	{ "timestamp with time zone", "time with time zone" },
	{ "timestamp with time zone", "time without time zone" },
	{ "timestamp with time zone", "timestamp without time zone" },
	{ "timestamp without time zone", "date" },
	{ "timestamp without time zone", "time without time zone" },
	{ "timestamp without time zone", "timestamp with time zone" },
	{ "xml", "character" },
	{ "xml", "character varying" },
	{ "xml", "text" },
};

/* The type's name without modifiers ("character varying(20)" ->
 * "character varying"), and whether it is an array, into buf. */
static void base_name(const char *type, char *buf, size_t size, bool *array)
{
	size_t n = strlen(type);

	*array = n > 2 && !strcmp(type + n - 2, "[]");
	if (*array)
		n -= 2;
	for (size_t i = 0; i < n; i++)
		if (type[i] == '(') {
			/* "timestamp(3) without time zone": the words after
			 * the modifier belong to the name */
			const char *close = memchr(type + i, ')', n - i);
			size_t k = 0;

			if (i >= size)
				break;
			memcpy(buf, type, i);
			k = i;
			if (close && (size_t)(close - type) + 1 < n) {
				size_t rest = n - (size_t)(close - type) - 1;
				if (k + rest >= size)
					rest = size - k - 1;
				memcpy(buf + k, close + 1, rest);
				k += rest;
			}
			buf[k] = '\0';
			return;
		}
	if (n >= size)
		n = size - 1;
	memcpy(buf, type, n);
	buf[n] = '\0';
}

static bool known(const char *name)
{
	for (size_t i = 0; i < sizeof(known_types) / sizeof(*known_types); i++)
		if (!strcmp(known_types[i], name))
			return true;
	return false;
}

static bool is_string(const char *name)
{
	return !strcmp(name, "text") || !strcmp(name, "character varying") ||
	       !strcmp(name, "character");
}

bool diff_type_assignable(const char *from, const char *to)
{
	char a[128], b[128];
	bool aarr, barr;

	base_name(from, a, sizeof(a), &aarr);
	base_name(to, b, sizeof(b), &barr);
	if (!barr && is_string(b))
		return true;	/* I/O conversion to a string type */
	if (!known(a) || !known(b))
		return true;	/* not ours to judge */
	if (aarr != barr)
		return false;
	if (!strcmp(a, b))
		return true;
	for (size_t i = 0; i < sizeof(assign_casts) / sizeof(*assign_casts);
	     i++)
		if (!strcmp(assign_casts[i][0], a) &&
		    !strcmp(assign_casts[i][1], b))
			return true;
	return false;
}

void diff_type_conversion(const struct diff_ctx *ctx, struct diff_item *it,
			  const struct sd_object *table,
			  const struct sd_column *oc,
			  const struct sd_column *nc)
{
	for (const struct sd_using_hint *h = ctx->to->using_hints; h;
	     h = h->next)
		if (!strcmp(h->schema, table->schema) &&
		    !strcmp(h->table, table->name) &&
		    !strcmp(h->column, nc->name)) {
			it->ch.using_expr = h->expr;
			return;
		}
	if (!diff_type_assignable(oc->type, nc->type))
		it->ch.flags |= CHANGE_NO_CAST;
}

int diff_check_conversions(const struct changeset *cs, struct sd_error *err)
{
	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct change *ch = &cs->changes[i];
		const struct sd_object *t = ch->new_obj;

		if (ch->type != CH_ALTER_COLUMN_TYPE ||
		    !(ch->flags & CHANGE_NO_CAST))
			continue;
		return sd_error_set(err, SD_ERR, t->file, t->line, 0,
				    "column \"%s.%s\" cannot change type from "
				    "%s to %s without a conversion (there is "
				    "no assignment cast): write one next to "
				    "the column, -- schemadiff:using "
				    "<expression>",
				    t->name, ch->new_col->name,
				    ch->old_col->type, ch->new_col->type);
	}
	return 0;
}
