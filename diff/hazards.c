/*
 * diff/hazards.c: the hazards of each change, per change kind and dialect.
 *
 * Two rule tables (PostgreSQL, MySQL/MariaDB) give each change kind its
 * worst case: the hazards, the lock taken and how long it is held. A kind
 * that cannot occur in a dialect has an explicit n/a rule, so that a new
 * kind without a rule fails tests/diff/test_hazards.c and docs/hazards.md
 * (which that test keeps equal to hazards_doc_table()). change_hazards()
 * then refines the rule from the catalogs: a change on a table the same
 * plan creates has nothing to block, a constraint added NOT VALID does not
 * scan, a widening type change does not rewrite, an added column with a
 * volatile default does, a change flagged destructive deletes data.
 *
 * Memory: static tables; nothing is allocated.
 */
#define _GNU_SOURCE
#include "diff/hazards.h"

#include <string.h>
#include <strings.h>

#include "diff/diff_internal.h"
#include "util/banned.h"

#define HZ_NA (1u << 31)	/* the kind does not occur in the dialect */

struct hazard_rule {
	int defined;		/* 1 in every row written (0: missing) */
	unsigned mask;
	const char *lock;
	enum hazard_duration duration;
};

#define DW HZ_DELETES_DATA
#define RW HZ_REWRITES_TABLE
#define BW HZ_BLOCKS_WRITES
#define BR HZ_BLOCKS_READS
#define VA HZ_VALIDATES
#define BI HZ_BUILDS_INDEX
#define BD HZ_BREAKS_DEPENDENTS
#define NT HZ_NOT_TRANSACTIONAL
#define IR HZ_IRREVERSIBLE
#define AX "ACCESS EXCLUSIVE"
#define C HZ_DUR_CONSTANT
#define T HZ_DUR_TABLE

static const char *const kind_names[CH__COUNT] = {
	[CH_CREATE_SCHEMA] = "create-schema",
	[CH_DROP_SCHEMA] = "drop-schema",
	[CH_CREATE_EXTENSION] = "create-extension",
	[CH_DROP_EXTENSION] = "drop-extension",
	[CH_ALTER_EXTENSION] = "alter-extension",
	[CH_CREATE_COLLATION] = "create-collation",
	[CH_DROP_COLLATION] = "drop-collation",
	[CH_CREATE_TYPE] = "create-type",
	[CH_DROP_TYPE] = "drop-type",
	[CH_ADD_ENUM_VALUE] = "add-enum-value",
	[CH_ALTER_DOMAIN] = "alter-domain",
	[CH_ADD_DOMAIN_CONSTRAINT] = "add-domain-constraint",
	[CH_DROP_DOMAIN_CONSTRAINT] = "drop-domain-constraint",
	[CH_VALIDATE_DOMAIN_CONSTRAINT] = "validate-domain-constraint",
	[CH_ADD_ATTRIBUTE] = "add-attribute",
	[CH_DROP_ATTRIBUTE] = "drop-attribute",
	[CH_ALTER_ATTRIBUTE_TYPE] = "alter-attribute-type",
	[CH_CREATE_SEQUENCE] = "create-sequence",
	[CH_DROP_SEQUENCE] = "drop-sequence",
	[CH_ALTER_SEQUENCE] = "alter-sequence",
	[CH_CREATE_TABLE] = "create-table",
	[CH_DROP_TABLE] = "drop-table",
	[CH_ADD_COLUMN] = "add-column",
	[CH_DROP_COLUMN] = "drop-column",
	[CH_ALTER_COLUMN_TYPE] = "alter-column-type",
	[CH_ALTER_COLUMN_DEFAULT] = "alter-column-default",
	[CH_ALTER_COLUMN_NOT_NULL] = "alter-column-not-null",
	[CH_ALTER_COLUMN_IDENTITY] = "alter-column-identity",
	[CH_ALTER_COLUMN_COLLATION] = "alter-column-collation",
	[CH_ADD_CONSTRAINT] = "add-constraint",
	[CH_DROP_CONSTRAINT] = "drop-constraint",
	[CH_CREATE_INDEX] = "create-index",
	[CH_DROP_INDEX] = "drop-index",
	[CH_CREATE_VIEW] = "create-view",
	[CH_REPLACE_VIEW] = "replace-view",
	[CH_DROP_VIEW] = "drop-view",
	[CH_CREATE_MATVIEW] = "create-matview",
	[CH_DROP_MATVIEW] = "drop-matview",
	[CH_GRANT] = "grant",
	[CH_CREATE_FUNCTION] = "create-function",
	[CH_REPLACE_FUNCTION] = "replace-function",
	[CH_DROP_FUNCTION] = "drop-function",
	[CH_CREATE_TRIGGER] = "create-trigger",
	[CH_DROP_TRIGGER] = "drop-trigger",
	[CH_CREATE_POLICY] = "create-policy",
	[CH_DROP_POLICY] = "drop-policy",
	[CH_ALTER_POLICY] = "alter-policy",
	[CH_ALTER_TABLE_RLS] = "alter-table-rls",
	[CH_ALTER_TABLE_OPTIONS] = "alter-table-options",
	[CH_ALTER_COLUMN_IDENTITY_OPTIONS] = "alter-identity-options",
	[CH_ALTER_COLUMN_COMPRESSION] = "alter-column-compression",
	[CH_ALTER_COLUMN_STATISTICS] = "alter-column-statistics",
	[CH_ALTER_COLUMN_STORAGE] = "alter-column-storage",
	[CH_ALTER_COLUMN_EXPRESSION] = "alter-column-expression",
	[CH_COMMENT] = "comment",
	[CH_MODIFY_COLUMN] = "modify-column",
	[CH_REPLACE_INDEX] = "replace-index",
	[CH_REPLACE_CONSTRAINT] = "replace-constraint",
	[CH_CREATE_EVENT] = "create-event",
	[CH_DROP_EVENT] = "drop-event",
	[CH_ALTER_EVENT] = "alter-event",
	[CH_ATTACH_PARTITION] = "attach-partition",
	[CH_DETACH_PARTITION] = "detach-partition",
	[CH_INHERIT] = "inherit",
	[CH_NO_INHERIT] = "no-inherit",
	[CH_DEFAULT_PRIVILEGES] = "default-privileges",
	[CH_ALTER_INDEX_STATISTICS] = "alter-index-statistics",
	[CH_CREATE_OPAQUE] = "create-object",
	[CH_DROP_OPAQUE] = "drop-object",
	[CH_ALTER_DATABASE] = "alter-database",
	[CH_ALTER_REPLICA_IDENTITY] = "alter-replica-identity",
	[CH_ALTER_TRIGGER_STATE] = "alter-trigger-state",
	[CH_ATTACH_INDEX] = "attach-index",
};

/* PostgreSQL: the worst case of each kind (lock levels as the manual's
 * "Explicit Locking" chapter lists them for each command). */
static const struct hazard_rule pg_rules[CH__COUNT] = {
	[CH_CREATE_SCHEMA] = { 1, 0 },
	[CH_DROP_SCHEMA] = { 1, DW | IR | BD },
	[CH_CREATE_EXTENSION] = { 1, 0 },
	[CH_DROP_EXTENSION] = { 1, DW | IR | BD },
	[CH_ALTER_EXTENSION] = { 1, BD },
	[CH_CREATE_COLLATION] = { 1, 0 },
	[CH_DROP_COLLATION] = { 1, BD },
	[CH_CREATE_TYPE] = { 1, 0 },
	[CH_DROP_TYPE] = { 1, DW | IR | BD },
	[CH_ADD_ENUM_VALUE] = { 1, IR },
	[CH_ALTER_DOMAIN] = { 1, VA | BW, "SHARE", T },
	[CH_ADD_DOMAIN_CONSTRAINT] = { 1, VA | BW, "SHARE", T },
	[CH_DROP_DOMAIN_CONSTRAINT] = { 1, 0 },
	[CH_VALIDATE_DOMAIN_CONSTRAINT] = { 1, VA, "SHARE UPDATE EXCLUSIVE", T },
	[CH_ADD_ATTRIBUTE] = { 1, 0 },
	[CH_DROP_ATTRIBUTE] = { 1, DW | IR | BD },
	[CH_ALTER_ATTRIBUTE_TYPE] = { 1, BD },
	[CH_CREATE_SEQUENCE] = { 1, 0 },
	[CH_DROP_SEQUENCE] = { 1, DW | IR | BD },
	[CH_ALTER_SEQUENCE] = { 1, BW, "SHARE ROW EXCLUSIVE", C },
	[CH_CREATE_TABLE] = { 1, 0 },
	[CH_DROP_TABLE] = { 1, DW | IR | BD | BW | BR, AX, C },
	[CH_ADD_COLUMN] = { 1, BW | BR, AX, C },
	[CH_DROP_COLUMN] = { 1, DW | IR | BD | BW | BR, AX, C },
	[CH_ALTER_COLUMN_TYPE] = { 1, RW | VA | BD | BW | BR, AX, T },
	[CH_ALTER_COLUMN_DEFAULT] = { 1, BW | BR, AX, C },
	[CH_ALTER_COLUMN_NOT_NULL] = { 1, VA | BW | BR, AX, T },
	[CH_ALTER_COLUMN_IDENTITY] = { 1, BW | BR, AX, C },
	[CH_ALTER_COLUMN_COLLATION] = { 1, RW | BI | BW | BR, AX, T },
	[CH_ADD_CONSTRAINT] = { 1, VA | BW, AX, T },
	[CH_DROP_CONSTRAINT] = { 1, BW | BR, AX, C },
	[CH_CREATE_INDEX] = { 1, BI | BW, "SHARE", T },
	[CH_DROP_INDEX] = { 1, BW | BR, AX, C },
	[CH_CREATE_VIEW] = { 1, 0 },
	[CH_REPLACE_VIEW] = { 1, HZ_NA },	/* views are dropped and made */
	[CH_DROP_VIEW] = { 1, BD | BW | BR, AX, C },
	[CH_CREATE_MATVIEW] = { 1, 0 },
	[CH_DROP_MATVIEW] = { 1, BD | BW | BR, AX, C },
	[CH_GRANT] = { 1, 0 },
	[CH_CREATE_FUNCTION] = { 1, 0 },
	[CH_REPLACE_FUNCTION] = { 1, 0 },
	[CH_DROP_FUNCTION] = { 1, BD },
	[CH_CREATE_TRIGGER] = { 1, BW, "SHARE ROW EXCLUSIVE", C },
	[CH_DROP_TRIGGER] = { 1, BW | BR, AX, C },
	[CH_CREATE_POLICY] = { 1, BW | BR, AX, C },
	[CH_DROP_POLICY] = { 1, BW | BR, AX, C },
	[CH_ALTER_POLICY] = { 1, BW | BR, AX, C },
	[CH_ALTER_TABLE_RLS] = { 1, BW | BR, AX, C },
	[CH_ALTER_TABLE_OPTIONS] = { 1, BW | BR, AX, C },
	[CH_ALTER_COLUMN_IDENTITY_OPTIONS] = { 1, BW | BR, AX, C },
	[CH_ALTER_COLUMN_COMPRESSION] = { 1, BW | BR, AX, C },
	[CH_ALTER_COLUMN_STATISTICS] = { 1, 0, "SHARE UPDATE EXCLUSIVE", C },
	[CH_ALTER_COLUMN_STORAGE] = { 1, BW | BR, AX, C },
	[CH_ALTER_COLUMN_EXPRESSION] = { 1, RW | BW | BR, AX, T },
	[CH_COMMENT] = { 1, 0 },
	[CH_MODIFY_COLUMN] = { 1, HZ_NA },
	[CH_REPLACE_INDEX] = { 1, HZ_NA },
	[CH_REPLACE_CONSTRAINT] = { 1, HZ_NA },
	[CH_CREATE_EVENT] = { 1, HZ_NA },
	[CH_DROP_EVENT] = { 1, HZ_NA },
	[CH_ALTER_EVENT] = { 1, HZ_NA },
	[CH_ATTACH_PARTITION] = { 1, VA | BW | BR, AX, T },
	[CH_DETACH_PARTITION] = { 1, BW | BR, AX, C },
	[CH_INHERIT] = { 1, BW | BR, AX, C },
	[CH_NO_INHERIT] = { 1, BW | BR, AX, C },
	[CH_DEFAULT_PRIVILEGES] = { 1, 0 },
	[CH_ALTER_INDEX_STATISTICS] = { 1, 0, "SHARE UPDATE EXCLUSIVE", C },
	[CH_CREATE_OPAQUE] = { 1, 0 },
	[CH_DROP_OPAQUE] = { 1, BD },
	[CH_ALTER_DATABASE] = { 1, HZ_NA },	/* MySQL only */
	[CH_ALTER_REPLICA_IDENTITY] = { 1, BW | BR, AX, C },
	[CH_ALTER_TRIGGER_STATE] = { 1, BW, "SHARE ROW EXCLUSIVE", C },
	[CH_ATTACH_INDEX] = { 1, 0, "SHARE UPDATE EXCLUSIVE", C },
};

/* MySQL / MariaDB: every statement commits on its own (not-transactional);
 * "metadata" is the table's metadata lock, "SHARED" a copy or in-place
 * change that lets reads through but not writes. */
#define MD "metadata"
static const struct hazard_rule my_rules[CH__COUNT] = {
	[CH_CREATE_SCHEMA] = { 1, HZ_NA },
	[CH_DROP_SCHEMA] = { 1, HZ_NA },
	[CH_CREATE_EXTENSION] = { 1, HZ_NA },
	[CH_DROP_EXTENSION] = { 1, HZ_NA },
	[CH_ALTER_EXTENSION] = { 1, HZ_NA },
	[CH_CREATE_COLLATION] = { 1, HZ_NA },
	[CH_DROP_COLLATION] = { 1, HZ_NA },
	[CH_CREATE_TYPE] = { 1, HZ_NA },
	[CH_DROP_TYPE] = { 1, HZ_NA },
	[CH_ADD_ENUM_VALUE] = { 1, HZ_NA },
	[CH_ALTER_DOMAIN] = { 1, HZ_NA },
	[CH_ADD_DOMAIN_CONSTRAINT] = { 1, HZ_NA },
	[CH_DROP_DOMAIN_CONSTRAINT] = { 1, HZ_NA },
	[CH_VALIDATE_DOMAIN_CONSTRAINT] = { 1, HZ_NA },
	[CH_ADD_ATTRIBUTE] = { 1, HZ_NA },
	[CH_DROP_ATTRIBUTE] = { 1, HZ_NA },
	[CH_ALTER_ATTRIBUTE_TYPE] = { 1, HZ_NA },
	[CH_CREATE_SEQUENCE] = { 1, HZ_NA },
	[CH_DROP_SEQUENCE] = { 1, HZ_NA },
	[CH_ALTER_SEQUENCE] = { 1, HZ_NA },
	[CH_CREATE_TABLE] = { 1, NT },
	[CH_DROP_TABLE] = { 1, NT | DW | IR | BD | BW | BR, MD, C },
	[CH_ADD_COLUMN] = { 1, NT | BW | BR, MD, C },
	[CH_DROP_COLUMN] = { 1, NT | DW | IR | RW | BW, "SHARED", T },
	[CH_ALTER_COLUMN_TYPE] = { 1, HZ_NA },
	[CH_ALTER_COLUMN_DEFAULT] = { 1, HZ_NA },	/* MODIFY COLUMN */
	[CH_ALTER_COLUMN_NOT_NULL] = { 1, HZ_NA },
	[CH_ALTER_COLUMN_IDENTITY] = { 1, HZ_NA },
	[CH_ALTER_COLUMN_COLLATION] = { 1, HZ_NA },
	[CH_ADD_CONSTRAINT] = { 1, NT | VA | RW | BW, "SHARED", T },
	[CH_DROP_CONSTRAINT] = { 1, NT | BW | BR, MD, C },
	[CH_CREATE_INDEX] = { 1, NT | BI, MD, C },
	[CH_DROP_INDEX] = { 1, NT | BW | BR, MD, C },
	[CH_CREATE_VIEW] = { 1, NT },
	[CH_REPLACE_VIEW] = { 1, NT | BW | BR, MD, C },
	[CH_DROP_VIEW] = { 1, NT | BD },
	[CH_CREATE_MATVIEW] = { 1, HZ_NA },
	[CH_DROP_MATVIEW] = { 1, HZ_NA },
	[CH_GRANT] = { 1, HZ_NA },	/* grants are not modelled */
	[CH_CREATE_FUNCTION] = { 1, NT },
	[CH_REPLACE_FUNCTION] = { 1, NT | BD },
	[CH_DROP_FUNCTION] = { 1, NT | BD },
	[CH_CREATE_TRIGGER] = { 1, NT | BW | BR, MD, C },
	[CH_DROP_TRIGGER] = { 1, NT | BW | BR, MD, C },
	[CH_CREATE_POLICY] = { 1, HZ_NA },
	[CH_DROP_POLICY] = { 1, HZ_NA },
	[CH_ALTER_POLICY] = { 1, HZ_NA },
	[CH_ALTER_TABLE_RLS] = { 1, HZ_NA },
	[CH_ALTER_TABLE_OPTIONS] = { 1, NT | RW | BW, "SHARED", T },
	[CH_ALTER_COLUMN_IDENTITY_OPTIONS] = { 1, HZ_NA },
	[CH_ALTER_COLUMN_COMPRESSION] = { 1, HZ_NA },
	[CH_ALTER_COLUMN_STATISTICS] = { 1, HZ_NA },
	[CH_ALTER_COLUMN_STORAGE] = { 1, HZ_NA },
	[CH_ALTER_COLUMN_EXPRESSION] = { 1, HZ_NA },
	[CH_COMMENT] = { 1, HZ_NA },	/* COMMENT= of the definition */
	[CH_MODIFY_COLUMN] = { 1, NT | RW | VA | BW, "SHARED", T },
	[CH_REPLACE_INDEX] = { 1, NT | BI, MD, C },
	[CH_REPLACE_CONSTRAINT] = { 1, NT | RW | VA | BI | BW, "SHARED", T },
	[CH_CREATE_EVENT] = { 1, NT },
	[CH_DROP_EVENT] = { 1, NT },
	[CH_ALTER_EVENT] = { 1, NT },
	[CH_ATTACH_PARTITION] = { 1, HZ_NA },
	[CH_DETACH_PARTITION] = { 1, HZ_NA },
	[CH_INHERIT] = { 1, HZ_NA },
	[CH_NO_INHERIT] = { 1, HZ_NA },
	[CH_DEFAULT_PRIVILEGES] = { 1, HZ_NA },
	[CH_ALTER_INDEX_STATISTICS] = { 1, HZ_NA },
	[CH_CREATE_OPAQUE] = { 1, HZ_NA },
	[CH_DROP_OPAQUE] = { 1, HZ_NA },
	/* a catalog change: existing tables keep their character set */
	[CH_ALTER_DATABASE] = { 1, NT },
	[CH_ALTER_REPLICA_IDENTITY] = { 1, HZ_NA },
	[CH_ALTER_TRIGGER_STATE] = { 1, HZ_NA },
	[CH_ATTACH_INDEX] = { 1, HZ_NA },
};

static const char *const names[HZ_NKINDS] = {
	"deletes-data", "rewrites-table", "blocks-writes", "blocks-reads",
	"validates", "builds-index", "breaks-dependents",
	"not-transactional", "irreversible",
};

const char *hazard_name(unsigned bit)
{
	for (unsigned i = 0; i < HZ_NKINDS; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}

const char *change_kind_name(enum change_type type)
{
	return (unsigned)type < CH__COUNT ? kind_names[type] : NULL;
}

int hazard_parse_list(const char *s, unsigned *mask, struct sd_error *err)
{
	*mask = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		unsigned i;

		while (n && s[n - 1] == ' ')
			n--;
		if (n == 3 && !strncasecmp(s, "all", 3)) {
			*mask |= HZ_ALL;
		} else if (n == 4 && !strncasecmp(s, "none", 4)) {
			/* nothing */
		} else {
			for (i = 0; i < HZ_NKINDS; i++)
				if (strlen(names[i]) == n &&
				    !strncasecmp(s, names[i], n))
					break;
			if (i == HZ_NKINDS)
				return sd_error_set(err, SD_ERR, NULL, 0, 0,
						    "unknown hazard \"%.*s\": one of deletes-data, rewrites-table, blocks-writes, blocks-reads, validates, builds-index, breaks-dependents, not-transactional, irreversible, all, none",
						    (int)n, s);
			*mask |= 1u << i;
		}
		s += strcspn(s, ",");
		while (*s == ',' || *s == ' ')
			s++;
	}
	return 0;
}

void hazard_mask_format(unsigned mask, struct strbuf *out)
{
	size_t start = out->len;

	for (unsigned i = 0; i < HZ_NKINDS; i++)
		if (mask & (1u << i))
			strbuf_addf(out, "%s%s", out->len > start ? ", " : "",
				    names[i]);
	if (out->len == start)
		strbuf_addstr(out, "none");
}

void change_hazards_format(const struct change_hazards *h, struct strbuf *out)
{
	hazard_mask_format(h->mask, out);
	if (h->lock && (h->mask & (HZ_BLOCKS_WRITES | HZ_BLOCKS_READS)))
		strbuf_addf(out, " (%s lock, %s)", h->lock,
			    h->duration == HZ_DUR_TABLE
				    ? "held for a time proportional to the table"
				    : "held briefly");
}

static const struct hazard_rule *rule_of(enum change_type type,
					 enum sql_dialect d)
{
	if ((unsigned)type >= CH__COUNT)
		return NULL;
	return d == SQL_MYSQL ? &my_rules[type] : &pg_rules[type];
}

int hazards_kind_covered(enum change_type type, enum sql_dialect dialect)
{
	const struct hazard_rule *r = rule_of(type, dialect);

	/* every kind needs a name and, in each dialect, a row (n/a where
	 * the kind does not occur) */
	return r && r->defined && kind_names[type] != NULL;
}

int hazards_kind_occurs(enum change_type type, enum sql_dialect dialect)
{
	const struct hazard_rule *r = rule_of(type, dialect);

	return r && r->defined && !(r->mask & HZ_NA);
}

/* Is the table the change works on already there before the plan? */
static bool table_exists_before(const struct changeset *cs, const char *schema,
				const char *name)
{
	if (!cs->from || !name)
		return false;
	return catalog_find(cs->from, SD_TABLE, schema, name) ||
	       catalog_find(cs->from, SD_MATVIEW, schema, name);
}

/* A default the server must compute per row (PostgreSQL rewrites the
 * table to store it): a call of a volatile function. now() and friends
 * are stable and cost nothing. */
static bool volatile_default(const char *expr)
{
	static const char *const volatile_calls[] = {
		"nextval(", "random(", "clock_timestamp(", "timeofday(",
		"gen_random_uuid(", "uuid_generate_", "statement_timestamp(",
		"txid_current(", "setseed(",
	};

	if (!expr)
		return false;
	for (size_t i = 0; i < sizeof(volatile_calls) / sizeof(*volatile_calls); i++)
		if (strcasestr(expr, volatile_calls[i]))
			return true;
	return false;
}

void change_hazards(const struct changeset *cs, const struct change *ch,
		    struct change_hazards *out)
{
	enum sql_dialect d = cs->to ? cs->to->dialect : SQL_POSTGRES;
	const struct hazard_rule *r = rule_of(ch->type, d);
	const struct sd_object *obj = ch->old_obj ? ch->old_obj : ch->new_obj;
	const char *tschema = NULL, *tname = NULL;
	bool on_table = false;

	memset(out, 0, sizeof(*out));
	if (!r || !r->defined || (r->mask & HZ_NA))
		return;
	out->mask = r->mask;
	out->lock = r->lock;
	out->duration = r->duration;

	/* The table the change is on, if any. */
	switch (ch->type) {
	case CH_CREATE_INDEX:
	case CH_DROP_INDEX:
	case CH_REPLACE_INDEX: {
		const struct sd_index *ix = (const struct sd_index *)obj;
		tschema = ix->base.schema;
		tname = ix->table;
		on_table = true;
		break;
	}
	case CH_ADD_COLUMN:
	case CH_DROP_COLUMN:
	case CH_ALTER_COLUMN_TYPE:
	case CH_ALTER_COLUMN_DEFAULT:
	case CH_ALTER_COLUMN_NOT_NULL:
	case CH_ALTER_COLUMN_IDENTITY:
	case CH_ALTER_COLUMN_COLLATION:
	case CH_ALTER_COLUMN_IDENTITY_OPTIONS:
	case CH_ALTER_COLUMN_COMPRESSION:
	case CH_ALTER_COLUMN_STATISTICS:
	case CH_ALTER_COLUMN_STORAGE:
	case CH_ALTER_COLUMN_EXPRESSION:
	case CH_ADD_CONSTRAINT:
	case CH_DROP_CONSTRAINT:
	case CH_REPLACE_CONSTRAINT:
	case CH_MODIFY_COLUMN:
	case CH_ALTER_TABLE_OPTIONS:
	case CH_ALTER_TABLE_RLS:
	case CH_ALTER_REPLICA_IDENTITY:
	case CH_ATTACH_PARTITION:
	case CH_DETACH_PARTITION:
	case CH_INHERIT:
	case CH_NO_INHERIT:
	case CH_CREATE_TRIGGER:
	case CH_DROP_TRIGGER:
	case CH_CREATE_POLICY:
	case CH_DROP_POLICY:
	case CH_ALTER_POLICY:
	case CH_DROP_TABLE:
		if (obj && (obj->kind == SD_TABLE || obj->kind == SD_MATVIEW)) {
			tschema = obj->schema;
			tname = obj->name;
		}
		on_table = tname != NULL;
		break;
	default:
		break;
	}

	/* A table the plan itself creates holds no rows and no readers. */
	if (on_table && !table_exists_before(cs, tschema, tname) &&
	    ch->type != CH_DROP_TABLE) {
		out->mask &= HZ_NOT_TRANSACTIONAL;
		out->lock = NULL;
		out->duration = HZ_DUR_NONE;
		return;
	}

	switch (ch->type) {
	case CH_ADD_COLUMN:
		if (d == SQL_POSTGRES) {
			const struct sd_column *c = ch->new_col;
			if (c && (volatile_default(c->default_expr) ||
				  c->generated || c->identity)) {
				out->mask |= HZ_REWRITES_TABLE;
				out->duration = HZ_DUR_TABLE;
			}
			if (c && c->not_null && !c->default_expr &&
			    !c->identity && !c->generated)
				out->mask |= HZ_VALIDATES;
		}
		break;
	case CH_ALTER_COLUMN_EXPRESSION:
		/* a virtual column is computed when read: no rewrite */
		if (ch->new_col && ch->new_col->gen_virtual) {
			out->mask &= ~HZ_REWRITES_TABLE;
			out->duration = HZ_DUR_CONSTANT;
		}
		break;
	case CH_ALTER_COLUMN_TYPE:
		if (ch->old_col && ch->new_col &&
		    diff_type_widens(ch->old_col->type, ch->new_col->type) &&
		    (!ch->old_col->collation) == (!ch->new_col->collation)) {
			/* varchar(n) -> varchar(m > n), -> text: no rewrite
			 * (indexes on it are still rebuilt if the type's
			 * storage differs; left as a rewrite when unsure) */
			if (!strncmp(ch->old_col->type, "character varying", 17) &&
			    (!strcmp(ch->new_col->type, "text") ||
			     !strncmp(ch->new_col->type, "character varying", 17))) {
				out->mask &= ~(HZ_REWRITES_TABLE | HZ_VALIDATES);
				out->duration = HZ_DUR_CONSTANT;
			}
		}
		break;
	case CH_ALTER_COLUMN_NOT_NULL:
		if (ch->new_col && !ch->new_col->not_null) {
			/* DROP NOT NULL: a catalog change */
			out->mask &= ~HZ_VALIDATES;
			out->duration = HZ_DUR_CONSTANT;
		} else if (ch->old_col && ch->new_col &&
			   (ch->new_col->not_null_not_valid ||
			    (ch->old_col->not_null &&
			     !ch->old_col->not_null_not_valid &&
			     ch->old_col->not_null_no_inherit ==
				     ch->new_col->not_null_no_inherit))) {
			/* 18: a NOT NULL renamed, or one added NOT VALID,
			 * reads no rows (emit/pg_table.c alter_not_null) */
			out->mask &= ~HZ_VALIDATES;
			out->duration = HZ_DUR_CONSTANT;
		}
		break;
	case CH_ADD_CONSTRAINT: {
		const struct sd_constraint *con = ch->new_con;
		if (!con)
			break;
		if (d == SQL_POSTGRES) {
			switch (con->type) {
			case SD_CON_FOREIGN:
				out->lock = "SHARE ROW EXCLUSIVE";
				break;
			case SD_CON_PRIMARY:
			case SD_CON_UNIQUE:
			case SD_CON_EXCLUDE:
				out->mask |= HZ_BUILDS_INDEX | HZ_BLOCKS_READS;
				if (con->type != SD_CON_PRIMARY)
					out->mask &= ~HZ_VALIDATES;
				break;
			default:
				out->mask |= HZ_BLOCKS_READS;
				break;
			}
			if (con->not_valid) {
				out->mask &= ~HZ_VALIDATES;
				out->duration = HZ_DUR_CONSTANT;
			}
		} else if (con->type == SD_CON_PRIMARY ||
			   con->type == SD_CON_UNIQUE) {
			out->mask |= HZ_BUILDS_INDEX;
			if (con->type == SD_CON_UNIQUE)
				out->mask &= ~HZ_REWRITES_TABLE;
		}
		break;
	}
	case CH_DROP_CONSTRAINT:
		if (ch->old_con && (ch->old_con->type == SD_CON_PRIMARY ||
				    ch->old_con->type == SD_CON_UNIQUE))
			out->mask |= HZ_BREAKS_DEPENDENTS;
		break;
	case CH_CREATE_INDEX:
		if (d == SQL_POSTGRES)
			break;
		{
			const struct sd_index *ix = (const struct sd_index *)obj;
			/* FULLTEXT and SPATIAL: no LOCK=NONE */
			if (ix->method && (!strcasecmp(ix->method, "fulltext") ||
					   !strcasecmp(ix->method, "spatial"))) {
				out->mask |= HZ_BLOCKS_WRITES;
				out->lock = "SHARED";
				out->duration = HZ_DUR_TABLE;
			} else {
				out->duration = HZ_DUR_TABLE;
			}
		}
		break;
	case CH_MODIFY_COLUMN:
		if (ch->old_col && ch->new_col &&
		    !strcmp(ch->old_col->type, ch->new_col->type) &&
		    ch->old_col->not_null == ch->new_col->not_null) {
			/* position, default, comment: no scan; a
			 * default or comment alone is a catalog change */
			out->mask &= ~HZ_VALIDATES;
			if (!ch->my || (!ch->my->first && !ch->my->after)) {
				out->mask = HZ_NOT_TRANSACTIONAL |
					    HZ_BLOCKS_WRITES | HZ_BLOCKS_READS;
				out->lock = "metadata";
				out->duration = HZ_DUR_CONSTANT;
			}
		}
		break;
	case CH_ALTER_TABLE_OPTIONS:
		if (d == SQL_MYSQL && ch->detail == CHANGE_MY_COMMENT) {
			out->mask = HZ_NOT_TRANSACTIONAL;
			out->lock = NULL;
			out->duration = HZ_DUR_NONE;
		}
		break;
	default:
		break;
	}
	if (ch->flags & CHANGE_DESTRUCTIVE)
		out->mask |= HZ_DELETES_DATA | HZ_IRREVERSIBLE;
	if (out->mask & (HZ_REWRITES_TABLE | HZ_VALIDATES | HZ_BUILDS_INDEX)) {
		out->table_schema = tschema;
		out->table_name = tname;
	}
}

void hazards_doc_table(struct strbuf *out)
{
	strbuf_addstr(out, "| change kind | PostgreSQL | MySQL / MariaDB |\n");
	strbuf_addstr(out, "|---|---|---|\n");
	for (unsigned t = 0; t < CH__COUNT; t++) {
		strbuf_addf(out, "| `%s` |", kind_names[t] ? kind_names[t] : "?");
		for (int d = 0; d < 2; d++) {
			const struct hazard_rule *r =
				rule_of((enum change_type)t, d ? SQL_MYSQL : SQL_POSTGRES);
			struct change_hazards h = { 0 };

			strbuf_addch(out, ' ');
			if (!r->defined) {
				strbuf_addstr(out, "? |");
				continue;
			}
			if (r->mask & HZ_NA) {
				strbuf_addstr(out, "n/a |");
				continue;
			}
			h.mask = r->mask;
			h.lock = r->lock;
			h.duration = r->duration;
			change_hazards_format(&h, out);
			strbuf_addstr(out, " |");
		}
		strbuf_addch(out, '\n');
	}
}

void changeset_hazards_report(const struct changeset *cs, struct strbuf *out)
{
	for (size_t i = 0; i < cs->nchanges; i++) {
		struct changeset one = *cs;
		struct change_hazards h;

		one.changes = &cs->changes[i];
		one.nchanges = 1;
		change_hazards(cs, &cs->changes[i], &h);
		strbuf_addf(out, "[%s] ", change_kind_name(cs->changes[i].type));
		changeset_describe(&one, out);
		strbuf_rtrim(out);
		strbuf_addstr(out, ": ");
		change_hazards_format(&h, out);
		strbuf_addch(out, '\n');
	}
}
