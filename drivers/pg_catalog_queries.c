/*
 * drivers/pg_catalog_queries.c: which catalog columns each PostgreSQL
 * version from 13 to 18 has, for the introspection queries
 * (drivers/pg_catalog_queries.h). One row per column that appeared in that
 * range: the version that added it, the text that reads it, and what stands
 * in for it before (a constant that means what the older server does).
 *
 * Columns that only gained values (contype 'n' for NOT NULL constraints on
 * 18 and domains on 17, attgenerated 'v' on 18, collprovider 'b' on 17,
 * aclitem 'm' MAINTAIN on 17) need no row: the queries test for the value,
 * which an older server never has. Columns a later version dropped are
 * read by name from the row as JSON where they are needed
 * (drivers/pg_introspect_collation.c).
 *
 * Memory: the query is written into the caller's strbuf.
 */
#include "drivers/pg_catalog_queries.h"

#include <stddef.h>
#include <string.h>

#include "util/banned.h"

static const struct catalog_column {
	const char *name;	/* the marker: {{name}} */
	int since;		/* server_version_num that added it */
	const char *text;	/* on since and later */
	const char *before;	/* on older servers */
} catalog_columns[] = {
	/* 14: column compression (pglz, lz4); before, none */
	{ "attcompression", 140000, "a.attcompression", "NULL::\"char\"" },
	/* 14: the multirange type made with each range type */
	{ "rngmultitypid", 140000, "r.rngmultitypid", "0::oid" },
	/* 14: SQL-standard function bodies; before, none */
	{ "prosqlbody", 140000, "p.prosqlbody", "NULL::pg_node_tree" },
	/* 15: UNIQUE NULLS NOT DISTINCT; before, NULLs are distinct */
	{ "indnullsnotdistinct", 150000, "i.indnullsnotdistinct", "false" },
	/* 16: ICU tailoring rules of a collation */
	{ "collicurules", 160000, "c.collicurules", "NULL::text" },
	/* 18: WITHOUT OVERLAPS keys and PERIOD foreign keys */
	{ "conperiod", 180000, "k.conperiod", "false" },
	/* 18: NOT ENFORCED checks and foreign keys */
	{ "conenforced", 180000, "k.conenforced", "true" },
	/* 15: a publication's column lists and row filters, and whole
	 * schemas published; before, none */
	{ "prattrs", 150000, "pr.prattrs", "NULL::int2vector" },
	{ "prqual", 150000, "pr.prqual", "NULL::pg_node_tree" },
	{ "pg_publication_namespace", 150000, "pg_publication_namespace",
	  "(SELECT NULL::oid AS pnpubid, NULL::oid AS pnnspid WHERE false)" },
};

#define NCOLUMNS (sizeof(catalog_columns) / sizeof(*catalog_columns))

static const struct catalog_column *find_column(const char *name, size_t len)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (strlen(catalog_columns[i].name) == len &&
		    !memcmp(catalog_columns[i].name, name, len))
			return &catalog_columns[i];
	return NULL;
}

const char *pg_catalog_column(const char *name, int server_version)
{
	const struct catalog_column *c = find_column(name, strlen(name));

	if (!c)
		return NULL;
	return server_version >= c->since ? c->text : c->before;
}

int pg_catalog_query(struct strbuf *out, const char *sql, int server_version,
		     struct sd_error *err)
{
	const char *p = sql, *open;

	strbuf_reset(out);
	if (server_version < PG_CATALOG_MIN_VERSION)
		return sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
				    "introspection needs PostgreSQL 13 or "
				    "later (the server is %d)",
				    server_version);
	while ((open = strstr(p, "{{"))) {
		const char *close = strstr(open + 2, "}}");
		const struct catalog_column *c;

		if (!close || !(c = find_column(open + 2,
						 (size_t)(close - open - 2))))
			return sd_error_set(err, SD_ERR, NULL, 0, 0,
					    "introspection query has an "
					    "unknown catalog marker at "
					    "\"%.40s\"", open);
		strbuf_add(out, p, (size_t)(open - p));
		strbuf_addstr(out, server_version >= c->since ? c->text
							       : c->before);
		p = close + 2;
	}
	strbuf_addstr(out, p);
	return 0;
}
