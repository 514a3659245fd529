/*
 * parser/pg/pg_replident.c: ALTER TABLE ... REPLICA IDENTITY {DEFAULT |
 * FULL | NOTHING | USING INDEX i} and ALTER TABLE ... {ENABLE [REPLICA |
 * ALWAYS] | DISABLE} TRIGGER {name | ALL | USER}: what a table says
 * about its own indexes and triggers. USING INDEX is checked as the
 * server checks it (a unique, immediate, non-partial index of plain NOT
 * NULL columns of the table, or its primary key / unique constraint).
 * ALL and USER both set the table's triggers that the files define (the
 * internal triggers of foreign keys are not modelled). Strings live in
 * the catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <string.h>

#include "util/banned.h"

static int nullable(struct pg_ctx *ctx, struct sd_table *t, const char *ix,
		    const char *col)
{
	struct sd_column *c = table_find_column(t, col);

	if (c && c->not_null)
		return 0;
	return pg_error(ctx, SD_ERR, -1,
			"index \"%s\" cannot be used as replica identity "
			"because column \"%s\" is nullable", ix, col);
}

static int using_index(struct pg_ctx *ctx, struct sd_table *t,
		       const char *name)
{
	struct sd_index *ix = catalog_find(ctx->cat, SD_INDEX, t->base.schema,
					   name);
	struct sd_constraint *con = table_find_constraint(t, name);
	int ret;

	if (ix && !strcmp(ix->table, t->base.name)) {
		if (!ix->unique)
			return pg_error(ctx, SD_ERR, -1,
					"cannot use non-unique index \"%s\" as "
					"replica identity", name);
		if (ix->predicate)
			return pg_error(ctx, SD_ERR, -1,
					"cannot use partial index \"%s\" as "
					"replica identity", name);
		for (size_t i = 0; i < ix->nelems; i++) {
			if (!ix->elems[i].column)
				return pg_error(ctx, SD_ERR, -1,
						"cannot use expression index "
						"\"%s\" as replica identity",
						name);
			if ((ret = nullable(ctx, t, name,
					    ix->elems[i].column)))
				return ret;
		}
	} else if (con && (con->type == SD_CON_PRIMARY ||
			   con->type == SD_CON_UNIQUE)) {
		if (con->deferrable)
			return pg_error(ctx, SD_ERR, -1,
					"cannot use non-immediate index \"%s\" "
					"as replica identity", name);
		for (size_t i = 0; i < con->ncolumns; i++)
			if ((ret = nullable(ctx, t, name, con->columns[i])))
				return ret;
	} else {
		return pg_error(ctx, SD_ERR, -1,
				"index \"%s\" for table \"%s\" does not exist",
				name, t->base.name);
	}
	t->replident = 'i';
	t->replident_index = catalog_strdup(ctx->cat, name);
	return 0;
}

int pg_alter_replica_identity(struct pg_ctx *ctx, struct sd_table *t,
			      PgQuery__AlterTableCmd *cmd)
{
	PgQuery__ReplicaIdentityStmt *r;

	if (!cmd->def || cmd->def->node_case !=
			 PG_QUERY__NODE__NODE_REPLICA_IDENTITY_STMT)
		return pg_error(ctx, SD_ERR, -1, "invalid REPLICA IDENTITY");
	r = cmd->def->replica_identity_stmt;
	switch (r->identity_type ? r->identity_type[0] : 0) {
	case 'd':
		t->replident = 0;
		break;
	case 'f':
	case 'n':
		t->replident = r->identity_type[0];
		break;
	case 'i':
		return using_index(ctx, t, r->name);
	default:
		return pg_error(ctx, SD_ERR, -1, "invalid REPLICA IDENTITY");
	}
	t->replident_index = NULL;
	return 0;
}

bool pg_is_trigger_state_cmd(PgQuery__AlterTableType subtype)
{
	switch (subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
		return true;
	default:
		return false;
	}
}

int pg_alter_trigger_state(struct pg_ctx *ctx, struct sd_table *t,
			   PgQuery__AlterTableCmd *cmd)
{
	char state;
	bool all = false;
	struct sd_trigger *tg;

	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
		state = 'O';
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
		state = 'A';
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
		state = 'R';
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
		state = 'D';
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
		state = 'O';
		all = true;
		break;
	default:	/* DisableTrigAll, DisableTrigUser */
		state = 'D';
		all = true;
		break;
	}
	if (all) {
		for (size_t i = 0; i < ctx->cat->nall; i++) {
			struct sd_object *o = ctx->cat->all[i];

			tg = (struct sd_trigger *)o;
			if (o->kind != SD_TRIGGER ||
			    catalog_lookup(ctx->cat, o->key) != o ||
			    strcmp(o->schema, t->base.schema) ||
			    strcmp(tg->table, t->base.name))
				continue;
			tg->enabled = state == 'O' ? 0 : state;
		}
		return 0;
	}
	{
		struct strbuf name = STRBUF_INIT;

		strbuf_addf(&name, "%s.%s", t->base.name, cmd->name);
		tg = catalog_find(ctx->cat, SD_TRIGGER, t->base.schema,
				  name.buf);
		strbuf_release(&name);
	}
	if (!tg)
		return pg_error(ctx, SD_ERR, -1,
				"trigger \"%s\" for table \"%s\" does not "
				"exist", cmd->name, t->base.name);
	tg->enabled = state == 'O' ? 0 : state;
	return 0;
}
