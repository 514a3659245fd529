/*
 * diff/describe.c: one readable line per change, for messages (a plan that
 * fails verification, a dependency cycle): "create table public.t",
 * "alter column public.t.c type". Appends to a caller-owned strbuf.
 */
#include "diff/diff_internal.h"

#include <string.h>

#include "util/banned.h"

static const char *const verbs[CH__COUNT] = {
	[CH_CREATE_SCHEMA] = "create schema",
	[CH_DROP_SCHEMA] = "drop schema",
	[CH_CREATE_EXTENSION] = "create extension",
	[CH_DROP_EXTENSION] = "drop extension",
	[CH_ALTER_EXTENSION] = "alter extension",
	[CH_CREATE_COLLATION] = "create collation",
	[CH_DROP_COLLATION] = "drop collation",
	[CH_CREATE_TYPE] = "create type",
	[CH_DROP_TYPE] = "drop type",
	[CH_ADD_ENUM_VALUE] = "add value to type",
	[CH_ALTER_DOMAIN] = "alter domain",
	[CH_ADD_DOMAIN_CONSTRAINT] = "add domain constraint",
	[CH_DROP_DOMAIN_CONSTRAINT] = "drop domain constraint",
	[CH_VALIDATE_DOMAIN_CONSTRAINT] = "validate domain constraint",
	[CH_ADD_ATTRIBUTE] = "add attribute",
	[CH_DROP_ATTRIBUTE] = "drop attribute",
	[CH_ALTER_ATTRIBUTE_TYPE] = "alter attribute type",
	[CH_CREATE_SEQUENCE] = "create sequence",
	[CH_DROP_SEQUENCE] = "drop sequence",
	[CH_ALTER_SEQUENCE] = "alter sequence",
	[CH_CREATE_TABLE] = "create table",
	[CH_DROP_TABLE] = "drop table",
	[CH_ADD_COLUMN] = "add column",
	[CH_DROP_COLUMN] = "drop column",
	[CH_ALTER_COLUMN_TYPE] = "alter column",
	[CH_ALTER_COLUMN_DEFAULT] = "alter column",
	[CH_ALTER_COLUMN_NOT_NULL] = "alter column",
	[CH_ALTER_COLUMN_COMPRESSION] = "alter column",
	[CH_ALTER_COLUMN_STATISTICS] = "alter column",
	[CH_ALTER_COLUMN_STORAGE] = "alter column",
	[CH_ALTER_COLUMN_EXPRESSION] = "alter column",
	[CH_ALTER_COLUMN_IDENTITY] = "alter column",
	[CH_ALTER_COLUMN_COLLATION] = "alter column",
	[CH_ADD_CONSTRAINT] = "add constraint",
	[CH_DROP_CONSTRAINT] = "drop constraint",
	[CH_CREATE_INDEX] = "create index",
	[CH_DROP_INDEX] = "drop index",
	[CH_CREATE_VIEW] = "create view",
	[CH_REPLACE_VIEW] = "replace view",
	[CH_DROP_VIEW] = "drop view",
	[CH_CREATE_MATVIEW] = "create materialized view",
	[CH_DROP_MATVIEW] = "drop materialized view",
	[CH_GRANT] = "grant or revoke on",
	[CH_CREATE_FUNCTION] = "create function",
	[CH_REPLACE_FUNCTION] = "replace function",
	[CH_DROP_FUNCTION] = "drop function",
	[CH_CREATE_TRIGGER] = "create trigger",
	[CH_DROP_TRIGGER] = "drop trigger",
	[CH_CREATE_POLICY] = "create policy",
	[CH_DROP_POLICY] = "drop policy",
	[CH_ALTER_POLICY] = "alter policy",
	[CH_ALTER_TABLE_RLS] = "alter row level security of",
	[CH_ALTER_TABLE_OPTIONS] = "alter storage parameters of",
	[CH_ALTER_COLUMN_IDENTITY_OPTIONS] = "alter identity options of",
	[CH_COMMENT] = "comment on",
	[CH_MODIFY_COLUMN] = "modify column",
	[CH_REPLACE_INDEX] = "replace index",
	[CH_REPLACE_CONSTRAINT] = "replace constraint",
	[CH_CREATE_EVENT] = "create event",
	[CH_DROP_EVENT] = "drop event",
	[CH_ALTER_EVENT] = "alter event",
	[CH_ATTACH_PARTITION] = "attach partition",
	[CH_DETACH_PARTITION] = "detach partition",
	[CH_INHERIT] = "add inheritance of",
	[CH_NO_INHERIT] = "remove inheritance of",
	[CH_DEFAULT_PRIVILEGES] = "alter default privileges",
	[CH_ALTER_INDEX_STATISTICS] = "alter statistics targets of",
	[CH_CREATE_OPAQUE] = "create",
	[CH_DROP_OPAQUE] = "drop",
	[CH_ALTER_DATABASE] = "alter the database's default character set",
	[CH_ALTER_REPLICA_IDENTITY] = "alter replica identity of",
	[CH_ALTER_TRIGGER_STATE] = "enable or disable trigger",
	[CH_ATTACH_INDEX] = "attach a partition's index to",
};

static void describe_one(const struct change *ch, struct strbuf *out)
{
	const struct sd_object *obj = ch->new_obj ? ch->new_obj : ch->old_obj;
	const struct sd_column *col = ch->new_col ? ch->new_col : ch->old_col;
	const struct sd_constraint *con = ch->new_con ? ch->new_con
						      : ch->old_con;
	const char *verb = (unsigned)ch->type < CH__COUNT ? verbs[ch->type]
							  : NULL;

	/* MySQL: table options (detail says which) or partitioning */
	if (ch->type == CH_ALTER_TABLE_OPTIONS && ch->detail)
		verb = ch->detail & CHANGE_MY_PARTITION
			       ? "alter partitioning of"
			       : "alter table options of";
	strbuf_addstr(out, verb ? verb : "change");
	if (obj->kind == SD_OPAQUE) {
		/* "create aggregate public.agg(integer)" */
		strbuf_addch(out, ' ');
		sd_object_describe(out, obj);
		if (ch->flags & CHANGE_DESTRUCTIVE)
			strbuf_addstr(out, " (destructive)");
		strbuf_addch(out, '\n');
		return;
	}
	if (ch->type == CH_ALTER_DATABASE) {	/* no object name */
		strbuf_addf(out, " to %s", ch->db_charset);
		if (ch->db_collation)
			strbuf_addf(out, " (%s)", ch->db_collation);
		strbuf_addch(out, '\n');
		return;
	}
	if (ch->type == CH_COMMENT)
		strbuf_addf(out, " %s", col ? "column" : con ? "constraint"
						 : sd_kind_name(obj->kind));
	strbuf_addch(out, ' ');
	sql_quote_qualified(out, SQL_POSTGRES, obj->schema, obj->name);
	if (col) {
		strbuf_addch(out, '.');
		sql_quote_ident(out, SQL_POSTGRES, col->name);
	} else if (con) {
		strbuf_addch(out, '.');
		sql_quote_ident(out, SQL_POSTGRES, con->name);
	}
	switch (ch->type) {
	case CH_ALTER_COLUMN_TYPE:
		strbuf_addstr(out, " type");
		break;
	case CH_ALTER_COLUMN_DEFAULT:
		strbuf_addstr(out, " default");
		break;
	case CH_ALTER_COLUMN_NOT_NULL:
		strbuf_addstr(out, " not null");
		break;
	case CH_ALTER_COLUMN_COMPRESSION:
		strbuf_addstr(out, " compression");
		break;
	case CH_ALTER_COLUMN_STATISTICS:
		strbuf_addstr(out, " statistics");
		break;
	case CH_ALTER_COLUMN_STORAGE:
		strbuf_addstr(out, " storage");
		break;
	case CH_ALTER_COLUMN_EXPRESSION:
		strbuf_addstr(out, " expression");
		break;
	case CH_ALTER_COLUMN_IDENTITY:
		strbuf_addstr(out, " identity");
		break;
	case CH_ALTER_COLUMN_COLLATION:
		strbuf_addstr(out, " collation");
		break;
	case CH_ALTER_EXTENSION:
		strbuf_addstr(out, ch->detail == CHANGE_EXT_SCHEMA ? " schema"
								  : " version");
		break;
	case CH_ALTER_SEQUENCE:
		strbuf_addstr(out, ch->detail == CHANGE_SEQ_OWNED ? " owned by"
								 : " options");
		break;
	case CH_MODIFY_COLUMN:
		if (ch->my && (ch->my->first || ch->my->after))
			strbuf_addstr(out, " position");
		break;
	case CH_ADD_ENUM_VALUE: {
		const struct sd_type *t = (const struct sd_type *)ch->new_obj;
		strbuf_addch(out, ' ');
		sql_quote_literal(out, SQL_POSTGRES, t->labels[ch->index]);
		break;
	}
	case CH_INHERIT:
	case CH_NO_INHERIT:
		/* a relation key is "rel:" and the qualified SQL name */
		strbuf_addf(out, " from %s", strchr(ch->parent, ':') + 1);
		break;
	default:
		break;
	}
	if (ch->flags & CHANGE_DESTRUCTIVE)
		strbuf_addstr(out, " (destructive)");
	strbuf_addch(out, '\n');
}

void changeset_describe(const struct changeset *cs, struct strbuf *out)
{
	for (size_t i = 0; i < cs->nchanges; i++)
		describe_one(&cs->changes[i], out);
}
