/*
 * emit/pg.c: a change set -> PostgreSQL SQL. One row per change type in
 * pg_emitters[] names the kind's writer (emit/pg_<kind>.c). Writes into the
 * caller's strbuf; allocates nothing that outlives a call.
 */
#include "emit/pg_internal.h"

#include "util/banned.h"

static const emit_fn pg_emitters[CH__COUNT] = {
	[CH_CREATE_SCHEMA] = emit_create_schema,
	[CH_DROP_SCHEMA] = emit_drop_schema,
	[CH_CREATE_EXTENSION] = emit_create_extension,
	[CH_DROP_EXTENSION] = emit_drop_extension,
	[CH_ALTER_EXTENSION] = emit_alter_extension,
	[CH_CREATE_COLLATION] = emit_create_collation,
	[CH_DROP_COLLATION] = emit_drop_collation,
	[CH_CREATE_TYPE] = emit_create_type,
	[CH_DROP_TYPE] = emit_drop_type,
	[CH_ADD_ENUM_VALUE] = emit_alter_type,
	[CH_ALTER_DOMAIN] = emit_alter_domain,
	[CH_ADD_DOMAIN_CONSTRAINT] = emit_alter_domain,
	[CH_DROP_DOMAIN_CONSTRAINT] = emit_alter_domain,
	[CH_VALIDATE_DOMAIN_CONSTRAINT] = emit_alter_domain,
	[CH_ADD_ATTRIBUTE] = emit_alter_composite,
	[CH_DROP_ATTRIBUTE] = emit_alter_composite,
	[CH_ALTER_ATTRIBUTE_TYPE] = emit_alter_composite,
	[CH_CREATE_SEQUENCE] = emit_create_sequence,
	[CH_DROP_SEQUENCE] = emit_drop_sequence,
	[CH_ALTER_SEQUENCE] = emit_alter_sequence,
	[CH_CREATE_TABLE] = emit_create_table,
	[CH_DROP_TABLE] = emit_drop_table,
	[CH_ADD_COLUMN] = emit_alter_table,
	[CH_DROP_COLUMN] = emit_alter_table,
	[CH_ALTER_COLUMN_TYPE] = emit_alter_table,
	[CH_ALTER_COLUMN_DEFAULT] = emit_alter_table,
	[CH_ALTER_COLUMN_NOT_NULL] = emit_alter_table,
	[CH_ALTER_COLUMN_COMPRESSION] = emit_alter_table,
	[CH_ALTER_COLUMN_STATISTICS] = emit_alter_table,
	[CH_ALTER_COLUMN_STORAGE] = emit_alter_table,
	[CH_ALTER_COLUMN_EXPRESSION] = emit_alter_table,
	[CH_ALTER_COLUMN_IDENTITY] = emit_alter_table,
	[CH_ALTER_COLUMN_COLLATION] = emit_alter_table,
	[CH_ADD_CONSTRAINT] = emit_alter_table,
	[CH_DROP_CONSTRAINT] = emit_alter_table,
	[CH_CREATE_INDEX] = emit_create_index,
	[CH_DROP_INDEX] = emit_drop_index,
	[CH_CREATE_VIEW] = emit_create_view,
	[CH_REPLACE_VIEW] = emit_create_view,
	[CH_DROP_VIEW] = emit_drop_view,
	[CH_CREATE_MATVIEW] = emit_create_matview,
	[CH_DROP_MATVIEW] = emit_drop_matview,
	[CH_GRANT] = emit_grant,
	[CH_DEFAULT_PRIVILEGES] = emit_alter_default_acl,
	[CH_ALTER_INDEX_STATISTICS] = emit_alter_index_statistics,
	[CH_CREATE_OPAQUE] = emit_create_opaque,
	[CH_DROP_OPAQUE] = emit_drop_opaque,
	[CH_ALTER_REPLICA_IDENTITY] = emit_alter_replica_identity,
	[CH_ALTER_TRIGGER_STATE] = emit_alter_trigger_state,
	[CH_ATTACH_INDEX] = emit_attach_index,
	[CH_CREATE_FUNCTION] = emit_create_function,
	[CH_REPLACE_FUNCTION] = emit_create_function,
	[CH_DROP_FUNCTION] = emit_drop_function,
	[CH_CREATE_TRIGGER] = emit_create_trigger,
	[CH_DROP_TRIGGER] = emit_drop_trigger,
	[CH_CREATE_POLICY] = emit_create_policy,
	[CH_DROP_POLICY] = emit_drop_policy,
	[CH_ALTER_POLICY] = emit_alter_policy,
	[CH_ALTER_TABLE_RLS] = emit_alter_table_rls,
	[CH_ALTER_TABLE_OPTIONS] = emit_alter_table_options,
	[CH_ALTER_COLUMN_IDENTITY_OPTIONS] = emit_alter_identity_options,
	[CH_COMMENT] = emit_comment,
	[CH_ATTACH_PARTITION] = emit_alter_partition,
	[CH_DETACH_PARTITION] = emit_alter_partition,
	[CH_INHERIT] = emit_alter_partition,
	[CH_NO_INHERIT] = emit_alter_partition,
};

void pg_add_name(struct strbuf *out, const struct sd_object *obj)
{
	sql_quote_qualified(out, SQL_POSTGRES, obj->schema, obj->name);
}

void emit_pg_change(const struct change *ch, struct strbuf *out)
{
	if ((unsigned)ch->type < CH__COUNT && pg_emitters[ch->type])
		pg_emitters[ch->type](ch, out);
}

void emit_pg_changeset(const struct changeset *cs, struct strbuf *out)
{
	for (size_t i = 0; i < cs->nchanges; i++)
		emit_pg_change(&cs->changes[i], out);
}
