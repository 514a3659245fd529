/*
 * parser/pg/pg_identity.c: the sequence options of identity columns
 * (GENERATED ... AS IDENTITY (START WITH ... SEQUENCE NAME ...), ALTER
 * COLUMN ... SET INCREMENT BY ... / RESTART), filled to explicit values
 * the way the server fills the identity sequence. Strings live in the
 * catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

static bool integer_type(const char *type)
{
	return type && (!strcmp(type, "smallint") || !strcmp(type, "integer") ||
			!strcmp(type, "bigint"));
}

int pg_identity_options(struct pg_ctx *ctx, struct sd_table *t,
			struct sd_column *col, PgQuery__Node **opts,
			size_t nopts, bool create)
{
	struct sd_sequence seq;
	PgQuery__Node **rest;
	const char *seqname = NULL;
	size_t nrest = 0;
	int ret;

	if (!integer_type(col->type))
		return pg_error(ctx, SD_ERR, -1,
				"identity column type must be smallint, "
				"integer, or bigint");
	memset(&seq, 0, sizeof(seq));
	seq.base.kind = SD_SEQUENCE;
	seq.base.schema = t->base.schema;
	seq.base.name = col->id_seqname ? col->id_seqname : "";
	seq.type = col->type;
	if (create) {
		col->id_increment = 1;
		sd_identity_defaults(col, t->base.name);
	}
	seq.start = col->id_start;
	seq.increment = col->id_increment;
	seq.minvalue = col->id_minvalue;
	seq.maxvalue = col->id_maxvalue;
	seq.cache = col->id_cache;
	seq.cycle = col->id_cycle;
	rest = arena_alloc(&ctx->tmp, (nopts ? nopts : 1) * sizeof(*rest));
	for (size_t i = 0; i < nopts; i++) {
		const PgQuery__DefElem *d;

		if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		d = opts[i]->def_elem;
		if (!strcmp(d->defname, "generated"))
			continue;	/* SET GENERATED: the caller's */
		if (!strcmp(d->defname, "sequence_name")) {
			if (!create)
				return pg_error(ctx, SD_ERR, d->location,
						"invalid sequence option "
						"SEQUENCE NAME");
			if (d->arg &&
			    d->arg->node_case == PG_QUERY__NODE__NODE_LIST &&
			    d->arg->list->n_items)
				seqname = pg_str(d->arg->list->items
							 [d->arg->list->n_items -
							  1]);
			continue;
		}
		if (!strcmp(d->defname, "owned_by") ||
		    !strcmp(d->defname, "as"))
			return pg_error(ctx, SD_ERR, d->location,
					"invalid sequence option %s",
					d->defname);
		rest[nrest++] = opts[i];
	}
	if ((ret = pg_sequence_options(ctx, &seq, rest, nrest, create)))
		return ret;
	col->id_start = seq.start;
	col->id_increment = seq.increment;
	col->id_minvalue = seq.minvalue;
	col->id_maxvalue = seq.maxvalue;
	col->id_cache = seq.cache;
	col->id_cycle = seq.cycle;
	if (create)
		col->id_seqname = seqname
			? catalog_strdup(ctx->cat, seqname)
			: pg_choose_name(ctx, t->base.schema, t->base.name,
					 col->name, "seq", true, false);
	return 0;
}

void pg_identity_clear(struct sd_column *col)
{
	col->id_seqname = NULL;
	col->id_start = col->id_increment = col->id_minvalue = 0;
	col->id_maxvalue = col->id_cache = 0;
	col->id_cycle = false;
}
