/*
 * parser/pg/pg_enum.c: CREATE TYPE ... AS ENUM and ALTER TYPE ... ADD VALUE
 * / RENAME VALUE. Labels live in the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

static int label_index(const struct sd_type *t, const char *label)
{
	for (size_t i = 0; i < t->nlabels; i++)
		if (!strcmp(t->labels[i], label))
			return (int)i;
	return -1;
}

int parse_enum(struct pg_ctx *ctx, PgQuery__CreateEnumStmt *s)
{
	const char *schema, *name;
	struct sd_type *t;
	int ret;

	if ((ret = pg_new_name(ctx, s->type_name, s->n_type_name, &schema,
			       &name)) ||
	    (ret = pg_add_type(ctx, schema, name, SD_TYPTYPE_ENUM, -1, &t)))
		return ret;
	for (size_t i = 0; i < s->n_vals; i++) {
		const char *label = pg_str(s->vals[i]);
		if (!label)
			continue;
		if (label_index(t, label) >= 0)
			return pg_error(ctx, SD_ERR, -1,
					"enum label \"%s\" used more than once",
					label);
		type_add_label(ctx->cat, t, label, t->nlabels);
	}
	return 0;
}

int parse_alter_enum(struct pg_ctx *ctx, PgQuery__AlterEnumStmt *s)
{
	const char *schema, *name, *found;
	struct sd_type *t;
	int ret, at;

	if ((ret = pg_qualified(ctx, s->type_name, s->n_type_name, &schema,
				&name)))
		return ret;
	t = pg_find(ctx, SD_TYPE, schema, name, &found);
	if (!t)
		return pg_error(ctx, SD_ERR, -1, "type \"%s\" does not exist",
				pg_qname(ctx, found, name));
	if (t->typtype != SD_TYPTYPE_ENUM)
		return pg_error(ctx, SD_ERR, -1, "\"%s\" is not an enum",
				pg_qname(ctx, found, name));
	if (s->old_val && *s->old_val) {
		at = label_index(t, s->old_val);
		if (at < 0)
			return pg_error(ctx, SD_ERR, -1,
					"\"%s\" is not an existing enum label",
					s->old_val);
		if (label_index(t, s->new_val) >= 0)
			return pg_error(ctx, SD_ERR, -1,
					"enum label \"%s\" already exists",
					s->new_val);
		t->labels[at] = catalog_strdup(ctx->cat, s->new_val);
		return 0;
	}
	if (label_index(t, s->new_val) >= 0) {
		if (s->skip_if_new_val_exists)
			return 0;
		return pg_error(ctx, SD_ERR, -1,
				"enum label \"%s\" already exists", s->new_val);
	}
	at = (int)t->nlabels;
	if (s->new_val_neighbor && *s->new_val_neighbor) {
		at = label_index(t, s->new_val_neighbor);
		if (at < 0)
			return pg_error(ctx, SD_ERR, -1,
					"\"%s\" is not an existing enum label",
					s->new_val_neighbor);
		if (s->new_val_is_after)
			at++;
	}
	type_add_label(ctx->cat, t, s->new_val, (size_t)at);
	return 0;
}
