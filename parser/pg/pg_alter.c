/*
 * parser/pg/pg_alter.c: ALTER TABLE subcommands, RENAME (table, view,
 * sequence, index, column, constraint, type) and SET SCHEMA. Renames carry
 * through to what refers to the old name (indexes, foreign keys, owned
 * sequences, stored expressions, dependency keys). Strings live in the
 * catalog's arena.
 */
#include "parser/pg/pg_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

static bool live(struct pg_ctx *ctx, struct sd_object *obj)
{
	return catalog_lookup(ctx->cat, obj->key) == obj;
}

static int subcmd_unsupported(struct pg_ctx *ctx, PgQuery__AlterTableType t)
{
	const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
		&pg_query__alter_table_type__descriptor, (int)t);
	const char *n = v ? v->name : "?";

	if (!strncmp(n, "AT_", 3))
		n += 3;
	return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
			"unsupported statement ALTER TABLE (%s)", n);
}

static struct sd_column *need_column(struct pg_ctx *ctx, struct sd_table *t,
				     const char *name, int *ret)
{
	struct sd_column *col = table_find_column(t, name);

	*ret = 0;
	if (!col)
		*ret = pg_error(ctx, SD_ERR, -1,
				"column \"%s\" of relation \"%s\" does not "
				"exist", name, t->base.name);
	return col;
}

static int alter_column_type(struct pg_ctx *ctx, struct sd_table *t,
			     PgQuery__AlterTableCmd *cmd)
{
	PgQuery__ColumnDef *cd = cmd->def->column_def;
	struct strbuf type = STRBUF_INIT;
	struct sd_column *col;
	const char *dep;
	enum pg_serial serial;
	int ret;

	col = need_column(ctx, t, cmd->name, &ret);
	if (!col)
		return ret;
	if ((ret = pg_format_type(ctx, cd->type_name, &type, &dep, &serial)))
		goto out;
	if (serial) {
		ret = pg_error(ctx, SD_ERR, -1,
			       "type \"serial\" does not exist");
		goto out;
	}
	col->type = catalog_strdup(ctx->cat, type.buf);
	if (dep)
		catalog_add_dep(ctx->cat, &t->base, dep);
	/* the server gives the column the new type's storage */
	col->storage = NULL;
	/* USING only converts the data; COLLATE (or the type's default) */
	col->collation = cd->coll_clause
				 ? pg_collation_sql(ctx, &t->base,
						    cd->coll_clause->collname,
						    cd->coll_clause->n_collname)
				 : NULL;
out:
	strbuf_release(&type);
	return ret;
}

/* The column whose NOT NULL constraint has this name (its own, or the
 * server's default <table>_<column>_not_null); NULL: none. */
static struct sd_column *not_null_by_name(struct sd_table *t,
					  const char *name)
{
	struct strbuf def = STRBUF_INIT;
	struct sd_column *found = NULL;

	for (size_t i = 0; i < t->ncolumns && !found; i++) {
		struct sd_column *c = &t->columns[i];

		if (!c->not_null)
			continue;
		if (c->not_null_name) {
			if (!strcmp(c->not_null_name, name))
				found = c;
			continue;
		}
		strbuf_reset(&def);
		pg_default_name(&def, t->base.name, c->name, "not_null", 0);
		if (!strcmp(def.buf, name))
			found = c;
	}
	strbuf_release(&def);
	return found;
}

static int alter_cmd(struct pg_ctx *ctx, struct sd_table *t,
		     PgQuery__AlterTableCmd *cmd)
{
	struct sd_column *col;
	struct vec pending = VEC_INIT;
	int ret = 0;

	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
		if (table_find_column(t, cmd->def->column_def->colname)) {
			if (cmd->missing_ok)
				return 0;
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" of relation \"%s\" "
					"already exists",
					cmd->def->column_def->colname,
					t->base.name);
		}
		ret = pg_add_column(ctx, t, cmd->def->column_def, &pending);
		if (!ret)
			ret = pg_add_constraints_alter(ctx, t, &pending);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
		if (!table_find_column(t, cmd->name)) {
			if (cmd->missing_ok)
				return 0;
			need_column(ctx, t, cmd->name, &ret);
			return ret;
		}
		pg_drop_column_deps(ctx, t, cmd->name);
		table_remove_column(t, cmd->name);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
		ret = alter_column_type(ctx, t, cmd);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		if (!cmd->def) {
			col->default_expr = NULL;
			break;
		}
		if ((ret = pg_deparse_column_default(ctx, cmd->def, col->type,
						     &col->default_expr)))
			break;
		pg_expr_deps(ctx, &t->base, cmd->def);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
		if ((col = need_column(ctx, t, cmd->name, &ret))) {
			/* 18: validates a NOT VALID one, keeps its name */
			col->not_null = true;
			col->not_null_not_valid = false;
		}
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		for (size_t i = 0; i < t->nconstraints; i++) {
			struct sd_constraint *c = &t->constraints[i];
			if (c->type != SD_CON_PRIMARY)
				continue;
			for (size_t j = 0; j < c->ncolumns; j++)
				if (!strcmp(c->columns[j], cmd->name))
					return pg_error(ctx, SD_ERR, -1,
							"column \"%s\" is in a "
							"primary key",
							cmd->name);
		}
		if (col->identity)
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" of relation \"%s\" is "
					"an identity column", cmd->name,
					t->base.name);
		col->not_null = false;
		col->not_null_name = NULL;
		col->not_null_no_inherit = false;
		col->not_null_not_valid = false;
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetCompression: {
		const char *m = cmd->def && cmd->def->node_case ==
				PG_QUERY__NODE__NODE_STRING
					? cmd->def->string->sval : NULL;
		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		col->compression = m && strcmp(m, "default")
					   ? catalog_strdup(ctx->cat, m) : NULL;
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStorage: {
		static const char *const kinds[] = { "plain", "external",
						     "extended", "main",
						     "default" };
		const char *m = cmd->def && cmd->def->node_case ==
				PG_QUERY__NODE__NODE_STRING
					? cmd->def->string->sval : "";
		const char *k = NULL;
		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
			if (!strcmp(m, kinds[i]))
				k = kinds[i];
		if (!k)
			return pg_error(ctx, SD_ERR, -1,
					"invalid storage type \"%s\"", m);
		/* the type's own storage is no explicit storage: that is
		 * what the server's catalog shows */
		col->storage = strcmp(k, "default") &&
					       strcmp(k, sd_pg_type_storage(
								 col->type))
				       ? catalog_strdup(ctx->cat, k) : NULL;
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics: {
		char num[32];
		long v;
		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		if (!cmd->def || cmd->def->node_case !=
				 PG_QUERY__NODE__NODE_INTEGER)
			return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
					"SET STATISTICS needs an integer");
		v = cmd->def->integer->ival;
		snprintf(num, sizeof(num), "%ld", v);
		col->statistics = v < 0 ? NULL : catalog_strdup(ctx->cat, num);
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		if (col->generated && col->gen_virtual)
			return pg_error(ctx, SD_ERR, -1,
					"ALTER TABLE / DROP EXPRESSION is not "
					"supported for virtual generated "
					"columns");
		col->generated = NULL;
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetExpression: {
		const char *text;

		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		if (!col->generated)
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" of relation \"%s\" is "
					"not a generated column", cmd->name,
					t->base.name);
		pg_canon_index_expr(ctx, t, &cmd->def);
		if ((ret = pg_deparse_expr(ctx, cmd->def, &text)))
			break;
		col->generated = text;
		pg_expr_deps(ctx, &t->base, cmd->def);
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: {
		struct pg_pending p = { cmd->def->constraint, NULL,
					cmd->def->constraint->location };
		vec_push(&pending, &p);
		ret = pg_add_constraints_alter(ctx, t, &pending);
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
		if (!table_find_constraint(t, cmd->name) &&
		    (col = not_null_by_name(t, cmd->name))) {
			/* 18: a NOT NULL constraint, by its name */
			col->not_null = false;
			col->not_null_name = NULL;
			col->not_null_no_inherit = false;
			col->not_null_not_valid = false;
			break;
		}
		if (!table_find_constraint(t, cmd->name)) {
			if (cmd->missing_ok)
				return 0;
			return pg_error(ctx, SD_ERR, -1,
					"constraint \"%s\" of relation \"%s\" "
					"does not exist", cmd->name,
					t->base.name);
		}
		table_remove_constraint(t, cmd->name);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: {
		struct sd_constraint *c = table_find_constraint(t, cmd->name);
		if (!c && (col = not_null_by_name(t, cmd->name))) {
			col->not_null_not_valid = false;
			break;
		}
		if (!c)
			return pg_error(ctx, SD_ERR, -1,
					"constraint \"%s\" of relation \"%s\" "
					"does not exist", cmd->name,
					t->base.name);
		c->not_valid = false;
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterConstraint: {
		PgQuery__ATAlterConstraint *nc;
		struct sd_constraint *c;

		if (!cmd->def || cmd->def->node_case !=
				 PG_QUERY__NODE__NODE_ATALTER_CONSTRAINT)
			return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
					"unsupported ALTER CONSTRAINT");
		nc = cmd->def->atalter_constraint;
		if (!(c = table_find_constraint(t, nc->conname)))
			return pg_error(ctx, SD_ERR, -1,
					"constraint \"%s\" of relation \"%s\" "
					"does not exist", nc->conname,
					t->base.name);
		if (nc->alter_deferrability) {
			c->deferrable = nc->deferrable;
			c->deferred = nc->initdeferred;
		}
		if (nc->alter_enforceability) {
			if (c->type != 'f' && c->type != 'c')
				return pg_error(ctx, SD_ERR, -1,
						"cannot alter enforceability "
						"of constraint \"%s\" of "
						"relation \"%s\"", nc->conname,
						t->base.name);
			/* ENFORCED validates the rows; not_valid means
			 * nothing on a NOT ENFORCED constraint */
			c->not_enforced = !nc->is_enforced;
			c->not_valid = false;
		}
		if (nc->alter_inheritability)
			c->no_inherit = nc->noinherit;
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: {
		PgQuery__Constraint *c = cmd->def->constraint;
		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		if (col->identity)
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" of relation \"%s\" is "
					"already an identity column",
					cmd->name, t->base.name);
		col->identity = c->generated_when && c->generated_when[0] == 'd'
					? SD_IDENTITY_BY_DEFAULT
					: SD_IDENTITY_ALWAYS;
		col->not_null = true;
		ret = pg_identity_options(ctx, t, col, c->options,
					  c->n_options, true);
		break;
	}
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		if (cmd->def && cmd->def->node_case ==
				       PG_QUERY__NODE__NODE_LIST) {
			PgQuery__List *l = cmd->def->list;
			for (size_t i = 0; i < l->n_items; i++) {
				PgQuery__DefElem *d;
				if (l->items[i]->node_case !=
				    PG_QUERY__NODE__NODE_DEF_ELEM)
					continue;
				d = l->items[i]->def_elem;
				if (!strcmp(d->defname, "generated") &&
				    d->arg &&
				    d->arg->node_case ==
					    PG_QUERY__NODE__NODE_INTEGER)
					col->identity =
						d->arg->integer->ival == 'd'
							? SD_IDENTITY_BY_DEFAULT
							: SD_IDENTITY_ALWAYS;
			}
			if (col->identity)
				ret = pg_identity_options(ctx, t, col, l->items,
							  l->n_items, false);
		}
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
		if (!(col = need_column(ctx, t, cmd->name, &ret)))
			break;
		if (!col->identity && !cmd->missing_ok)
			return pg_error(ctx, SD_ERR, -1,
					"column \"%s\" of relation \"%s\" is "
					"not an identity column", cmd->name,
					t->base.name);
		col->identity = SD_IDENTITY_NONE;
		pg_identity_clear(col);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ForceRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_NoForceRowSecurity:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
		ret = pg_alter_table_rls(ctx, t, cmd);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged:
		t->unlogged = false;
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
		ret = pg_alter_replica_identity(ctx, t, cmd);
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
		t->unlogged = true;
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
		/* ownership is not modelled yet: accepted, no change */
		break;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropInherit:
		ret = pg_alter_partition(ctx, t, cmd);
		break;
	default:
		ret = pg_is_trigger_state_cmd(cmd->subtype)
			      ? pg_alter_trigger_state(ctx, t, cmd)
			      : subcmd_unsupported(ctx, cmd->subtype);
		break;
	}
	vec_release(&pending);
	return ret;
}

bool pg_alter_after_objects(const PgQuery__AlterTableStmt *s)
{
	for (size_t i = 0; i < s->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c;

		if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			return false;
		c = s->cmds[i]->alter_table_cmd;
		switch (c->subtype) {
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
			/* ADD PRIMARY KEY / UNIQUE USING INDEX */
			if (!c->def ||
			    c->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
			    !c->def->constraint->indexname ||
			    !*c->def->constraint->indexname)
				return false;
			break;
		case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIndexConstraint:
		case PG_QUERY__ALTER_TABLE_TYPE__AT_ReplicaIdentity:
			break;
		default:
			if (!pg_is_trigger_state_cmd(c->subtype))
				return false;
			break;
		}
	}
	return s->n_cmds > 0;
}

bool pg_alter_owner_only(const PgQuery__AlterTableStmt *s)
{
	for (size_t i = 0; i < s->n_cmds; i++)
		if (s->cmds[i]->node_case !=
			    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
		    s->cmds[i]->alter_table_cmd->subtype !=
			    PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
			return false;
	return s->n_cmds > 0;
}

int parse_alter_table(struct pg_ctx *ctx, PgQuery__AlterTableStmt *s)
{
	PgQuery__RangeVar *rv = s->relation;
	struct sd_table *t;
	const char *schema;
	int ret;

	for (size_t i = 0; i < s->n_cmds; i++) {
		const PgQuery__AlterTableCmd *c = s->cmds[i]->alter_table_cmd;

		/* noted for GRANT and REVOKE (pg_grant.c) */
		if (s->cmds[i]->node_case ==
			    PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
		    c->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner &&
		    s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE &&
		    s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX)
			pg_note_owner(ctx, pg_find_rel(ctx, rv->schemaname,
						       rv->relname, &schema),
				      c->newowner);
	}
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
		return parse_alter_composite(ctx, s);
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX &&
	    s->n_cmds == 1 && s->cmds[0]->alter_table_cmd->subtype ==
				      PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition)
		return pg_attach_index(ctx, rv,
				       s->cmds[0]->alter_table_cmd->def);
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX &&
	    (ret = pg_alter_index_stats(ctx, s)) != 1)
		return ret;	/* parser/pg/pg_index_stats.c */
	if ((s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
	     s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) &&
	    (ret = pg_alter_view_columns(ctx, s)) != 1)
		return ret;	/* a view's column defaults: pg_viewcol.c */
	if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
	    s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ||
	    s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
		/* SET / RESET (...) of a view (ALTER TABLE works on one
		 * too): parser/pg/pg_view.c */
		struct sd_object *rel = pg_find_rel(ctx, rv->schemaname,
						    rv->relname, &schema);
		if (rel && (rel->kind == SD_VIEW || rel->kind == SD_MATVIEW) &&
		    (ret = pg_alter_view_options(ctx, s, rel)) != 1)
			return ret;
	}
	if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
		/* ALTER INDEX / SEQUENCE / VIEW: only OWNER TO so far */
		for (size_t i = 0; i < s->n_cmds; i++)
			if (s->cmds[i]->alter_table_cmd->subtype !=
			    PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
				return subcmd_unsupported(
					ctx, s->cmds[i]->alter_table_cmd->subtype);
		return 0;
	}
	t = pg_find(ctx, SD_TABLE, rv->schemaname, rv->relname, &schema);
	if (!t && pg_find_rel(ctx, rv->schemaname, rv->relname, &schema)) {
		if (pg_alter_owner_only(s))
			return 0;	/* a view's owner: not modelled */
		return pg_error(ctx, SD_ERR, rv->location,
				"\"%s\" is not a table", rv->relname);
	}
	if (!t) {
		if (s->missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	}
	for (size_t i = 0; i < s->n_cmds; i++) {
		if (s->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
			continue;
		PgQuery__AlterTableCmd *cmd = s->cmds[i]->alter_table_cmd;

		/* inherited columns: parser/pg/pg_inhcol.c */
		ret = pg_inh_alter_before(ctx, t, cmd, rv->inh);
		if (ret == 1 && !(ret = alter_cmd(ctx, t, cmd)))
			pg_inh_alter_after(ctx, t, cmd, rv->inh);
		if (ret)
			return ret;
	}
	pg_resolve_fk(ctx, t);
	return 0;
}

/* After a table moved or was renamed: what names it follows it. */
static void follow_table(struct pg_ctx *ctx, struct sd_table *t,
			 const char *old_schema, const char *old_name,
			 const char *old_key)
{
	pg_policy_follow_table(ctx, t, old_schema, old_name);
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];
		if (!live(ctx, o))
			continue;
		if (o->kind == SD_INDEX && !strcmp(o->schema, old_schema) &&
		    !strcmp(((struct sd_index *)o)->table, old_name)) {
			((struct sd_index *)o)->table = t->base.name;
			if (strcmp(old_schema, t->base.schema)) {
				const char *k = o->key;
				catalog_rename(ctx->cat, o, t->base.schema,
					       NULL);
				pg_rekey_deps(ctx, k, o->key);
			}
		} else if (o->kind == SD_SEQUENCE &&
			   ((struct sd_sequence *)o)->owned_table &&
			   !strcmp(o->schema, old_schema) &&
			   !strcmp(((struct sd_sequence *)o)->owned_table,
				   old_name)) {
			((struct sd_sequence *)o)->owned_table = t->base.name;
			if (strcmp(old_schema, t->base.schema)) {
				const char *k = o->key;
				catalog_rename(ctx->cat, o, t->base.schema,
					       NULL);
				pg_rekey_deps(ctx, k, o->key);
			}
		} else if (o->kind == SD_TABLE) {
			struct sd_table *ot = (struct sd_table *)o;
			for (size_t j = 0; j < ot->nconstraints; j++) {
				struct sd_constraint *c = &ot->constraints[j];
				if (c->type == SD_CON_FOREIGN &&
				    !strcmp(c->ref_schema, old_schema) &&
				    !strcmp(c->ref_table, old_name)) {
					c->ref_schema = t->base.schema;
					c->ref_table = t->base.name;
				}
			}
		}
	}
	pg_partition_follow_table(ctx, t, old_schema, old_name, old_key);
	pg_rekey_deps(ctx, old_key, t->base.key);
}

static int rename_relation(struct pg_ctx *ctx, PgQuery__RenameStmt *s,
			   enum sd_kind kind)
{
	PgQuery__RangeVar *rv = s->relation;
	const char *schema, *old_name, *old_key;
	struct sd_object *obj;

	obj = pg_find_rel(ctx, rv->schemaname, rv->relname, &schema);
	if (!obj) {
		if (s->missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	}
	(void)kind;	/* ALTER TABLE RENAME works on any relation */
	old_name = obj->name;
	old_key = obj->key;
	if (pg_relname_taken(ctx, obj->schema, s->newname))
		return pg_error(ctx, SD_ERR, -1,
				"relation \"%s\" already exists",
				pg_qname(ctx, obj->schema, s->newname));
	catalog_rename(ctx->cat, obj, NULL, s->newname);
	if (obj->kind == SD_TABLE)
		follow_table(ctx, (struct sd_table *)obj, obj->schema,
			     old_name, old_key);
	else
		pg_rekey_deps(ctx, old_key, obj->key);
	return 0;
}

static void rename_in_list(const char **list, size_t n, const char *from,
			   const char *to)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], from))
			list[i] = to;
}

static int rename_column(struct pg_ctx *ctx, PgQuery__RenameStmt *s)
{
	PgQuery__RangeVar *rv = s->relation;
	const char *schema, *from = s->subname, *to;
	struct sd_table *t;
	struct sd_column *col;
	int ret;

	t = pg_find(ctx, SD_TABLE, rv->schemaname, rv->relname, &schema);
	if (!t) {
		if (s->missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	}
	if (!(col = need_column(ctx, t, from, &ret)))
		return ret;
	if (table_find_column(t, s->newname))
		return pg_error(ctx, SD_ERR, -1,
				"column \"%s\" of relation \"%s\" already "
				"exists", s->newname, t->base.name);
	to = catalog_strdup(ctx->cat, s->newname);
	col->name = to;
	object_column_grants(ctx->cat, &t->base, from, to);
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i].generated)
			t->columns[i].generated = pg_expr_text_rename(
				ctx, t->columns[i].generated, from, to);
	for (size_t i = 0; i < t->nconstraints; i++) {
		struct sd_constraint *c = &t->constraints[i];
		rename_in_list(c->columns, c->ncolumns, from, to);
		rename_in_list(c->include, c->ninclude, from, to);
		if (c->expr)
			c->expr = pg_expr_text_rename(ctx, c->expr, from, to);
		if (c->written)
			c->written = pg_expr_text_rename(ctx, c->written,
							 from, to);
	}
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_object *o = ctx->cat->all[i];
		if (!live(ctx, o))
			continue;
		if (o->kind == SD_TABLE) {
			struct sd_table *ot = (struct sd_table *)o;
			for (size_t j = 0; j < ot->nconstraints; j++) {
				struct sd_constraint *c = &ot->constraints[j];
				if (c->type == SD_CON_FOREIGN &&
				    !strcmp(c->ref_schema, t->base.schema) &&
				    !strcmp(c->ref_table, t->base.name))
					rename_in_list(c->ref_columns,
						       c->nref_columns, from,
						       to);
			}
		} else if (o->kind == SD_INDEX &&
			   !strcmp(o->schema, t->base.schema) &&
			   !strcmp(((struct sd_index *)o)->table,
				   t->base.name)) {
			struct sd_index *ix = (struct sd_index *)o;
			for (size_t j = 0; j < ix->nelems; j++) {
				struct sd_index_elem *e = &ix->elems[j];
				if (e->column && !strcmp(e->column, from))
					e->column = to;
				if (e->expr)
					e->expr = pg_expr_text_rename(
						ctx, e->expr, from, to);
			}
			rename_in_list(ix->include, ix->ninclude, from, to);
			if (ix->predicate)
				ix->predicate = pg_expr_text_rename(
					ctx, ix->predicate, from, to);
		} else if (o->kind == SD_VIEW || o->kind == SD_MATVIEW) {
			/* the server keeps a view bound to the column */
			struct sd_colreads *r =
				o->kind == SD_VIEW
					? &((struct sd_view *)o)->reads
					: &((struct sd_matview *)o)->reads;
			for (size_t j = 0; j < o->ndeps; j++)
				if (!strcmp(o->deps[j], t->base.key))
					rename_in_list(r->names, r->nnames,
						       from, to);
		} else if (o->kind == SD_SEQUENCE) {
			struct sd_sequence *sq = (struct sd_sequence *)o;
			if (sq->owned_table && !strcmp(o->schema, t->base.schema) &&
			    !strcmp(sq->owned_table, t->base.name) &&
			    !strcmp(sq->owned_column, from))
				sq->owned_column = to;
		}
	}
	return 0;
}

static int rename_constraint(struct pg_ctx *ctx, PgQuery__RenameStmt *s)
{
	PgQuery__RangeVar *rv = s->relation;
	const char *schema;
	struct sd_table *t;
	struct sd_constraint *c;

	t = pg_find(ctx, SD_TABLE, rv->schemaname, rv->relname, &schema);
	if (!t) {
		if (s->missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, rv->location,
				"relation \"%s\" does not exist",
				pg_qname(ctx, schema, rv->relname));
	}
	c = table_find_constraint(t, s->subname);
	if (!c)
		return pg_error(ctx, SD_ERR, -1,
				"constraint \"%s\" for table \"%s\" does not "
				"exist", s->subname, t->base.name);
	if (table_find_constraint(t, s->newname))
		return pg_error(ctx, SD_ERR, -1,
				"constraint \"%s\" for relation \"%s\" already "
				"exists", s->newname, t->base.name);
	c->name = catalog_strdup(ctx->cat, s->newname);
	pg_note_conname(ctx, t->base.schema, c->name);
	return 0;
}

/* Column types that name a moved or renamed user type. */
static void follow_type(struct pg_ctx *ctx, const char *old_schema,
			const char *old_name, struct sd_type *ty,
			const char *old_key)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;

	sql_quote_qualified(&from, SQL_POSTGRES, old_schema, old_name);
	sql_quote_qualified(&to, SQL_POSTGRES, ty->base.schema, ty->base.name);
	for (size_t i = 0; i < ctx->cat->nall; i++) {
		struct sd_table *t = (struct sd_table *)ctx->cat->all[i];
		if (t->base.kind != SD_TABLE || !live(ctx, &t->base))
			continue;
		for (size_t j = 0; j < t->ncolumns; j++) {
			const char *ct = t->columns[j].type;
			/* the name alone, or with modifiers or [] */
			if (strncmp(ct, from.buf, from.len) ||
			    (ct[from.len] && ct[from.len] != '(' &&
			     strcmp(ct + from.len, "[]")))
				continue;
			t->columns[j].type = arena_printf(&ctx->cat->arena,
							  "%s%s", to.buf,
							  ct + from.len);
		}
	}
	pg_follow_type_in_types(ctx, from.buf, to.buf);
	pg_rekey_deps(ctx, old_key, ty->base.key);
	strbuf_release(&from);
	strbuf_release(&to);
}

static int rename_type(struct pg_ctx *ctx, PgQuery__RenameStmt *s)
{
	const char *schema, *name, *found, *old_schema, *old_name, *old_key;
	struct sd_type *ty;
	PgQuery__Node *o = s->object;
	int ret;

	if (o->node_case != PG_QUERY__NODE__NODE_LIST)
		return pg_error(ctx, SD_ERR, -1, "invalid type name");
	if ((ret = pg_qualified(ctx, o->list->items, o->list->n_items,
				&schema, &name)))
		return ret;
	ty = pg_find(ctx, SD_TYPE, schema, name, &found);
	if (!ty) {
		if (s->missing_ok)
			return 0;
		return pg_error(ctx, SD_ERR, -1, "type \"%s\" does not exist",
				pg_qname(ctx, found, name));
	}
	old_schema = ty->base.schema;
	old_name = ty->base.name;
	old_key = ty->base.key;
	if (catalog_rename(ctx->cat, &ty->base, NULL, s->newname))
		return pg_error(ctx, SD_ERR, -1, "type \"%s\" already exists",
				pg_qname(ctx, found, s->newname));
	follow_type(ctx, old_schema, old_name, ty, old_key);
	return 0;
}

int parse_rename(struct pg_ctx *ctx, PgQuery__RenameStmt *s)
{
	switch (s->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		return rename_relation(ctx, s, SD_TABLE);
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
		return rename_relation(ctx, s, SD_VIEW);
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		return rename_relation(ctx, s, SD_SEQUENCE);
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
		PgQuery__RangeVar *rv = s->relation;
		const char *schema;
		if (!pg_find_rel(ctx, rv->schemaname, rv->relname, &schema) &&
		    pg_relname_taken(ctx, schema, rv->relname))
			return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
					"unsupported rename of the index of "
					"constraint \"%s\"; rename the "
					"constraint", rv->relname);
		return rename_relation(ctx, s, SD_INDEX);
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
		if (s->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
					"unsupported rename of a view column");
		return rename_column(ctx, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
		return rename_constraint(ctx, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		return rename_type(ctx, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT:
		return pg_rename_domain_constraint(ctx, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE:
		return pg_rename_attribute(ctx, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLLATION:
		return pg_rename_collation(ctx, s);
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		return pg_rename_function(ctx, s);
	default:
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement ALTER ... RENAME of this "
				"kind of object");
	}
}

int parse_set_schema(struct pg_ctx *ctx, PgQuery__AlterObjectSchemaStmt *s)
{
	const char *schema, *found, *old_schema, *old_key, *name;
	struct sd_object *obj;
	int ret;

	if ((ret = pg_check_schema(ctx, s->newschema, -1)))
		return ret;
	switch (s->object_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		obj = pg_find_rel(ctx, s->relation->schemaname,
				  s->relation->relname, &found);
		if (!obj) {
			if (s->missing_ok)
				return 0;
			return pg_error(ctx, SD_ERR, s->relation->location,
					"relation \"%s\" does not exist",
					pg_qname(ctx, found,
						 s->relation->relname));
		}
		old_schema = obj->schema;
		old_key = obj->key;
		if (catalog_rename(ctx->cat, obj, s->newschema, NULL))
			return pg_error(ctx, SD_ERR, -1,
					"relation \"%s\" already exists in "
					"schema \"%s\"", obj->name,
					s->newschema);
		if (obj->kind == SD_TABLE)
			follow_table(ctx, (struct sd_table *)obj, old_schema,
				     obj->name, old_key);
		else
			pg_rekey_deps(ctx, old_key, obj->key);
		pg_dep_schema(ctx, obj);
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		if (s->object->node_case != PG_QUERY__NODE__NODE_LIST)
			return pg_error(ctx, SD_ERR, -1, "invalid type name");
		if ((ret = pg_qualified(ctx, s->object->list->items,
					s->object->list->n_items, &schema,
					&name)))
			return ret;
		obj = pg_find(ctx, SD_TYPE, schema, name, &found);
		if (!obj) {
			if (s->missing_ok)
				return 0;
			return pg_error(ctx, SD_ERR, -1,
					"type \"%s\" does not exist",
					pg_qname(ctx, found, name));
		}
		old_schema = obj->schema;
		old_key = obj->key;
		if (catalog_rename(ctx->cat, obj, s->newschema, NULL))
			return pg_error(ctx, SD_ERR, -1,
					"type \"%s\" already exists in schema "
					"\"%s\"", name, s->newschema);
		follow_type(ctx, old_schema, name, (struct sd_type *)obj,
			    old_key);
		pg_dep_schema(ctx, obj);
		return 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		struct sd_extension *ext;
		name = pg_str(s->object);
		ext = name ? catalog_find(ctx->cat, SD_EXTENSION, NULL, name)
			   : NULL;
		if (!ext)
			return pg_error(ctx, SD_ERR, -1,
					"extension \"%s\" does not exist",
					name ? name : "");
		ext->ext_schema = catalog_strdup(ctx->cat, s->newschema);
		return 0;
	}
	default:
		return pg_error(ctx, SD_ERR_UNSUPPORTED, -1,
				"unsupported statement ALTER ... SET SCHEMA of "
				"this kind of object");
	}
}
