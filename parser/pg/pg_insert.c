/*
 * parser/pg/pg_insert.c: the tables a PostgreSQL script inserts into
 * (INSERT INTO t ..., also inside WITH), read from libpg_query's tree: what
 * demo-data files fill, for plan's warning (ops/demo.c).
 *
 * Memory: the names are malloc'd strings handed to the caller's vec; the
 * parse results are freed before returning.
 */
#include <stdlib.h>
#include <string.h>

#include "parser/pg/pg_internal.h"
#include "parser/pg/pg_split.h"
#include "util/banned.h"

static void add_target(const PgQuery__RangeVar *rv, struct vec *out)
{
	struct strbuf sb = STRBUF_INIT;

	if (!rv || !rv->relname)
		return;
	strbuf_addf(&sb, "%s.%s", rv->schemaname && *rv->schemaname ?
		    rv->schemaname : "public", rv->relname);
	vec_push(out, strbuf_detach(&sb, NULL));
}

static void insert_of(const PgQuery__Node *n, struct vec *out);

/* The INSERTs of a WITH clause's queries. */
static void with_of(const PgQuery__WithClause *w, struct vec *out)
{
	for (size_t i = 0; w && i < w->n_ctes; i++) {
		const PgQuery__Node *c = w->ctes[i];

		if (c->node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
			insert_of(c->common_table_expr->ctequery, out);
	}
}

static void insert_of(const PgQuery__Node *n, struct vec *out)
{
	if (!n)
		return;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		add_target(n->insert_stmt->relation, out);
		with_of(n->insert_stmt->with_clause, out);
		break;
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		with_of(n->select_stmt->with_clause, out);
		break;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		with_of(n->update_stmt->with_clause, out);
		break;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		with_of(n->delete_stmt->with_clause, out);
		break;
	default:
		break;
	}
}

int pg_insert_targets(const char *file, const char *sql, struct vec *out,
		      struct sd_error *err)
{
	struct pg_script script = PG_SCRIPT_INIT;
	int rc;

	rc = pg_split(file, sql, &script, err);
	for (size_t i = 0; !rc && i < script.nstmts; i++) {
		const struct pg_stmt *st = &script.stmts[i];
		PgQueryProtobufParseResult res;
		PgQuery__ParseResult *tree;

		res = pg_query_parse_protobuf(st->sql);
		if (res.error) {
			/* the server will say it better when the file runs */
			pg_query_free_protobuf_parse_result(res);
			continue;
		}
		tree = pg_query__parse_result__unpack(NULL, res.parse_tree.len,
						      (const uint8_t *)res.parse_tree.data);
		for (size_t j = 0; tree && j < tree->n_stmts; j++)
			insert_of(tree->stmts[j]->stmt, out);
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
		pg_query_free_protobuf_parse_result(res);
	}
	pg_script_release(&script);
	return rc;
}
