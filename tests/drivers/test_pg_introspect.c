/*
 * tests/drivers/test_pg_introspect.c: PostgreSQL introspection against a
 * real server. The fixture fixtures/introspect/basic.sql is loaded into a
 * fresh database and read back: spot checks of every kind, the round trip
 * (introspect A, create everything in B from the emitted SQL, introspect B,
 * diff A B is empty), sd_constraint_format()/sd_index_format_body() against
 * the server's own pg_get_constraintdef()/pg_get_indexdef(), a query count
 * that does not grow with the number of tables, and the objects that must
 * be skipped (extension members, the schemadiff schema).
 *
 * The server: SD_TEST_PG_URL (tests/harness/with-pg.sh sets it). Without
 * it every test fails, saying so. Each test makes its own databases (named
 * after the process and the test, so that tests run in parallel) and drops
 * them in the suite's fini, also when an assertion failed.
 *
 * Run from the repository root (fixtures are found at fixtures/introspect).
 *
 * Memory: each test frees its catalogs, change sets and buffers; libpq
 * results are cleared at once.
 */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/diff.h"
#include "drivers/pg_introspect.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/vec.h"
#include "tests/lib/pg_testdb.h"

#include "util/banned.h"

#define FIXTURE "fixtures/introspect/basic.sql"

TestSuite(pg_introspect, .fini = testdb_drop_all, .timeout = 300);

static struct catalog *introspect(PGconn *conn, unsigned *nqueries)
{
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	int ret;

	sd_error_clear(&err);
	ret = pg_introspect(conn, cat, nqueries, &err);
	cr_assert_eq(ret, 0, "pg_introspect: %d: %s", ret, err.msg);
	cr_assert_eq(PQtransactionStatus(conn), PQTRANS_IDLE,
		     "introspection left a transaction open");
	return cat;
}

/* --- lookups for the spot checks --- */

static void *find(struct catalog *cat, enum sd_kind kind, const char *schema,
		  const char *name)
{
	void *obj = catalog_find(cat, kind, schema, name);

	cr_assert(obj, "%s %s.%s not introspected", sd_kind_name(kind),
		  schema ? schema : "", name);
	return obj;
}

static struct sd_column *col(struct sd_table *t, const char *name)
{
	struct sd_column *c = table_find_column(t, name);

	cr_assert(c, "column %s.%s not introspected", t->base.name, name);
	return c;
}

static struct sd_constraint *con(struct sd_table *t, const char *name)
{
	struct sd_constraint *c = table_find_constraint(t, name);

	cr_assert(c, "constraint %s on %s not introspected", name,
		  t->base.name);
	return c;
}

static bool has_dep(const struct sd_object *obj, const char *key)
{
	for (size_t i = 0; i < obj->ndeps; i++)
		if (!strcmp(obj->deps[i], key))
			return true;
	return false;
}

static void expect_dep(const struct sd_object *obj, const char *key)
{
	cr_expect(has_dep(obj, key), "%s: no dependency on %s", obj->key, key);
}

/* NULL-safe string equality for expectations. */
#define expect_str(got, want) \
	cr_expect((got) && !strcmp((got), (want)), "%s: got %s%s%s, want %s", \
		  #got, (got) ? "\"" : "", (got) ? (got) : "NULL", \
		  (got) ? "\"" : "", (want))

/* --- 1. the fixture, spot checks --- */

static void check_schemas_types_sequences(struct catalog *cat)
{
	struct sd_schema *app = find(cat, SD_SCHEMA, NULL, "app");
	struct sd_type *mood, *color;
	struct sd_sequence *s;

	expect_str(app->base.comment, "application objects");
	find(cat, SD_SCHEMA, NULL, "Other Schema");
	cr_expect(!catalog_find(cat, SD_SCHEMA, NULL, "public"),
		  "the public schema must not be an object");

	mood = find(cat, SD_TYPE, "app", "mood");
	cr_assert_eq(mood->nlabels, 3);
	expect_str(mood->labels[0], "sad");
	expect_str(mood->labels[2], "happy");
	expect_str(mood->base.comment, "how it feels");
	expect_dep(&mood->base, "schema:app");
	color = find(cat, SD_TYPE, "Other Schema", "Color");
	cr_assert_eq(color->nlabels, 3);
	expect_str(color->labels[2], "it's blue");

	s = find(cat, SD_SEQUENCE, "app", "counter");
	expect_str(s->type, "integer");
	cr_expect_eq(s->increment, 5);
	cr_expect_eq(s->minvalue, 10);
	cr_expect_eq(s->maxvalue, 100000);
	cr_expect_eq(s->start, 20);
	cr_expect_eq(s->cache, 3);
	cr_expect(s->cycle);
	cr_expect_null(s->owned_table);
	expect_str(s->base.comment, "a counter");
	s = find(cat, SD_SEQUENCE, "public", "down");
	expect_str(s->type, "bigint");
	cr_expect_eq(s->increment, -1);
	cr_expect_eq(s->minvalue, INT64_MIN);
	cr_expect_eq(s->maxvalue, -1);
	cr_expect_eq(s->start, -1);
	s = find(cat, SD_SEQUENCE, "public", "users_id_seq");
	expect_str(s->type, "integer");
	expect_str(s->owned_table, "users");
	expect_str(s->owned_column, "id");
	expect_dep(&s->base, "rel:public.users");
	s = find(cat, SD_SEQUENCE, "app", "owned_seq");
	expect_str(s->owned_table, "orders");
	expect_str(s->owned_column, "ref");
	/* identity columns' sequences are part of the column */
	cr_expect(!catalog_lookup(cat, "rel:app.orders_order_id_seq"));
	cr_expect(!catalog_lookup(cat, "rel:app.items_line_seq"));
}

static void check_tables(struct catalog *cat)
{
	struct sd_table *t = find(cat, SD_TABLE, "public", "users");
	struct sd_column *c;
	struct sd_constraint *k;

	expect_str(t->base.comment, "people");
	cr_expect(!t->unlogged);
	cr_assert_eq(t->ncolumns, 9);
	expect_str(t->columns[0].name, "id");
	expect_str(t->columns[8].name, "lower_email");
	c = col(t, "id");
	expect_str(c->type, "integer");
	expect_str(c->default_expr, "nextval('public.users_id_seq'::regclass)");
	cr_expect(c->not_null);
	c = col(t, "email");
	expect_str(c->type, "character varying(200)");
	expect_str(c->comment, "where to write");
	cr_expect_null(c->collation);
	expect_str(col(t, "name")->collation, "\"C\"");
	c = col(t, "mood");
	expect_str(c->type, "app.mood");
	expect_str(c->default_expr, "'ok'::app.mood");
	cr_expect(!c->not_null);
	expect_str(col(t, "color")->type, "\"Other Schema\".\"Color\"[]");
	expect_str(col(t, "score")->type, "numeric(10,2)");
	expect_str(col(t, "created")->type, "timestamp with time zone");
	expect_str(col(t, "created")->default_expr, "now()");
	c = col(t, "lower_email");
	expect_str(c->generated, "lower((email)::text)");
	cr_expect_null(c->default_expr);
	expect_dep(&t->base, "type:app.mood");
	expect_dep(&t->base, "type:\"Other Schema\".\"Color\"");
	expect_dep(&t->base, "rel:public.users_id_seq");
	expect_dep(&t->base, "rel:app.counter");
	cr_expect(!has_dep(&t->base, "schema:public"));

	k = con(t, "users_email_key");
	cr_expect_eq(k->type, SD_CON_UNIQUE);
	cr_expect(k->deferrable && k->deferred);
	expect_str(k->comment, "one account per address");
	k = con(t, "users_score_check");
	expect_str(k->expr, "(score >= (0)::numeric)");
	cr_expect_eq(con(t, "users_pkey")->type, SD_CON_PRIMARY);

	t = find(cat, SD_TABLE, "app", "orders");
	expect_dep(&t->base, "schema:app");
	expect_dep(&t->base, "rel:public.users");
	expect_dep(&t->base, "rel:app.owned_seq");
	c = col(t, "order_id");
	cr_expect_eq(c->identity, SD_IDENTITY_ALWAYS);
	cr_expect(c->not_null);
	cr_expect_null(c->default_expr);
	expect_str(col(t, "qty")->comment, "how many");
	expect_str(col(t, "tags")->default_expr, "'{}'::text[]");
	k = con(t, "orders_pkey");
	cr_assert_eq(k->ncolumns, 1);
	expect_str(k->columns[0], "order_id");
	cr_assert_eq(k->ninclude, 1);
	expect_str(k->include[0], "qty");
	k = con(t, "orders_user_fk");
	cr_expect_eq(k->type, SD_CON_FOREIGN);
	expect_str(k->ref_schema, "public");
	expect_str(k->ref_table, "users");
	cr_assert_eq(k->nref_columns, 1);
	expect_str(k->ref_columns[0], "id");
	cr_expect_eq(k->on_update, SD_FK_CASCADE);
	cr_expect_eq(k->on_delete, SD_FK_SET_NULL);
	cr_expect_eq(k->match, SD_FK_MATCH_SIMPLE);
	k = con(t, "orders_note_check");
	cr_expect(k->no_inherit);
	expect_str(k->expr, "(note <> ''::text)");
	k = con(t, "orders_price_check");
	cr_expect(k->not_valid);
	k = con(t, "orders_qty_check");
	cr_expect(!k->not_valid);
	expect_str(k->comment, "sane quantity");
	expect_str(k->expr, "((qty > 0) AND (qty < 1000))");
	k = con(t, "orders_user_id_ref_key");
	cr_expect(k->nulls_not_distinct);
	cr_assert_eq(k->ncolumns, 2);
	expect_str(k->columns[1], "ref");
	k = con(t, "orders_box_excl");
	cr_expect_eq(k->type, SD_CON_EXCLUDE);

	t = find(cat, SD_TABLE, "app", "items");
	cr_expect_eq(col(t, "line")->identity, SD_IDENTITY_BY_DEFAULT);
	k = con(t, "items_order_id_fkey");
	cr_expect_eq(k->match, SD_FK_MATCH_FULL);
	cr_expect_eq(k->on_delete, SD_FK_CASCADE);
	cr_expect_eq(k->on_update, SD_FK_NO_ACTION);
	cr_expect(k->deferrable && !k->deferred);
	expect_str(k->ref_columns[0], "order_id");
	k = con(find(cat, SD_TABLE, "app", "pairs"), "pairs_a_b_fkey");
	cr_expect_eq(k->on_delete, SD_FK_RESTRICT);
	cr_expect_eq(k->on_update, SD_FK_SET_DEFAULT);

	t = find(cat, SD_TABLE, "Other Schema", "Weird \"Table\" Name");
	cr_expect(t->unlogged);
	expect_str(t->base.comment, "it's weird");
	c = col(t, "mixed Case");
	expect_str(c->type, "\"Other Schema\".\"Color\"");
	expect_str(c->default_expr, "'red'::\"Other Schema\".\"Color\"");
	cr_expect(c->not_null);
	cr_expect_eq(con(t, "Weird PK")->type, SD_CON_PRIMARY);
	find(cat, SD_TABLE, "public", "parted");
}

static void check_indexes(struct catalog *cat)
{
	struct sd_index *ix;

	/* indexes behind constraints are not objects of their own */
	cr_expect(!catalog_lookup(cat, "rel:public.users_pkey"));
	cr_expect(!catalog_lookup(cat, "rel:app.orders_user_id_ref_key"));
	cr_expect(!catalog_lookup(cat, "rel:app.orders_box_excl"));

	ix = find(cat, SD_INDEX, "public", "users_lower_email_idx");
	expect_str(ix->table, "users");
	expect_str(ix->method, "btree");
	cr_assert_eq(ix->nelems, 1);
	cr_expect_null(ix->elems[0].column);
	expect_str(ix->elems[0].expr, "lower((email)::text)");
	expect_dep(&ix->base, "rel:public.users");

	ix = find(cat, SD_INDEX, "public", "users_created_idx");
	expect_str(ix->elems[0].column, "created");
	cr_expect(ix->elems[0].desc);
	cr_expect_eq(ix->elems[0].nulls, 'l');

	ix = find(cat, SD_INDEX, "public", "users_mood_idx");
	cr_expect(!ix->elems[0].desc);
	cr_expect_eq(ix->elems[0].nulls, 'f');
	expect_str(ix->predicate, "mood <> 'sad'::app.mood");

	ix = find(cat, SD_INDEX, "public", "users_code_idx");
	cr_expect(ix->unique);
	cr_assert_eq(ix->nelems, 1);
	cr_assert_eq(ix->ninclude, 1);
	expect_str(ix->include[0], "name");

	ix = find(cat, SD_INDEX, "public", "users_name_pattern_idx");
	expect_str(ix->elems[0].opclass, "text_pattern_ops");
	cr_expect_null(ix->elems[0].collation);

	ix = find(cat, SD_INDEX, "public", "users_email_c_idx");
	expect_str(ix->elems[0].collation, "\"C\"");
	cr_expect(ix->elems[0].desc);
	cr_expect_eq(ix->elems[0].nulls, 0);
	cr_expect_null(ix->elems[0].opclass);

	ix = find(cat, SD_INDEX, "app", "orders_data_idx");
	expect_str(ix->method, "gin");
	cr_expect_null(ix->elems[0].opclass);
	ix = find(cat, SD_INDEX, "app", "orders_data_path_idx");
	expect_str(ix->elems[0].opclass, "jsonb_path_ops");
	expect_dep(&ix->base, "schema:app");

	ix = find(cat, SD_INDEX, "app", "orders_expr_idx");
	cr_assert_eq(ix->nelems, 2);
	expect_str(ix->elems[0].expr, "(qty * 2)");
	cr_expect(ix->elems[1].desc);

	ix = find(cat, SD_INDEX, "app", "orders_nnd_idx");
	cr_expect(ix->unique && ix->nulls_not_distinct);
	ix = find(cat, SD_INDEX, "app", "orders_brin_idx");
	expect_str(ix->method, "brin");
	expect_str(ix->base.comment, "block ranges");
	ix = find(cat, SD_INDEX, "Other Schema", "Weird Index");
	expect_str(ix->elems[1].column, "mixed Case");
}

static void check_views(struct catalog *cat)
{
	struct sd_view *v = find(cat, SD_VIEW, "public", "active_users");
	size_t len;

	cr_assert(v->query);
	len = strlen(v->query);
	cr_expect(!strncmp(v->query, "SELECT", 6), "query: %s", v->query);
	cr_expect(len && v->query[len - 1] != ';' && v->query[len - 1] != ' ',
		  "query: [%s]", v->query);
	expect_str(v->base.comment, "not sad");
	cr_expect_eq(v->check_option, SD_CHECK_NONE);
	cr_expect_null(v->columns);
	expect_dep(&v->base, "rel:public.users");
	expect_dep(&v->base, "type:app.mood");

	v = find(cat, SD_VIEW, "app", "big_orders");
	cr_expect_eq(v->check_option, SD_CHECK_CASCADED);
	expect_dep(&v->base, "rel:app.orders");
	expect_dep(&v->base, "rel:public.users");
	expect_dep(&v->base, "schema:app");
	cr_expect(!has_dep(&v->base, v->base.key));
	v = find(cat, SD_VIEW, "app", "local_view");
	cr_expect_eq(v->check_option, SD_CHECK_LOCAL);
	expect_dep(&v->base, "rel:public.active_users");
	v = find(cat, SD_VIEW, "Other Schema", "Weird View");
	expect_dep(&v->base,
		   "rel:\"Other Schema\".\"Weird \"\"Table\"\" Name\"");
}

Test(pg_introspect, fixture_fields)
{
	PGconn *conn = testdb_create("sd_ti", "fields");
	struct catalog *cat;
	unsigned nq = 0;

	testdb_load_file(conn, FIXTURE);
	cat = introspect(conn, &nq);
	cr_expect_gt(nq, 0);
	check_schemas_types_sequences(cat);
	check_tables(cat);
	check_indexes(cat);
	check_views(cat);
	/* materialized views: tests/drivers/test_pg_introspect_grant.c */
	cr_expect(catalog_find(cat, SD_MATVIEW, "public", "mv"));
	/* domains and composite types: tests/drivers/test_pg_introspect_type.c */
	cr_expect(catalog_lookup(cat, "type:public.posint"));
	cr_expect(catalog_lookup(cat, "type:public.pair"));
	cr_expect(!catalog_lookup(cat, "extension:plpgsql"));
	catalog_free(cat);
}

/* --- 2. the round trip --- */

/* The SQL that creates everything in cat. */
static void create_script(const struct catalog *cat, struct strbuf *out)
{
	struct catalog *empty = catalog_new(SQL_POSTGRES);
	struct changeset *cs = NULL;
	struct sd_error err;
	int ret;

	sd_error_clear(&err);
	ret = diff_catalogs(empty, cat, &cs, &err);
	cr_assert_eq(ret, 0, "diff: %s", err.msg);
	emit_pg_changeset(cs, out);
	changeset_free(cs);
	catalog_free(empty);
}

Test(pg_introspect, round_trip)
{
	PGconn *a = testdb_create("sd_ti", "rt_a"), *b;
	struct catalog *ca, *cb;
	struct strbuf sql = STRBUF_INIT, desc = STRBUF_INIT;
	struct changeset *cs = NULL;
	struct sd_error err;

	testdb_load_file(a, FIXTURE);
	ca = introspect(a, NULL);
	create_script(ca, &sql);
	cr_assert(sql.len > 0);
	b = testdb_create("sd_ti", "rt_b");
	testdb_exec(b, sql.buf);
	cb = introspect(b, NULL);
	sd_error_clear(&err);
	cr_assert_eq(diff_catalogs(ca, cb, &cs, &err), 0, "diff: %s", err.msg);
	changeset_describe(cs, &desc);
	cr_expect(changeset_empty(cs),
		  "introspect(create(introspect(A))) differs from A:\n%s\n"
		  "--- script ---\n%s", desc.buf, sql.buf);
	changeset_free(cs);
	/* and the other way */
	cr_assert_eq(diff_catalogs(cb, ca, &cs, &err), 0, "diff: %s", err.msg);
	strbuf_reset(&desc);
	changeset_describe(cs, &desc);
	cr_expect(changeset_empty(cs), "B -> A not empty:\n%s", desc.buf);
	changeset_free(cs);
	strbuf_release(&desc);
	strbuf_release(&sql);
	catalog_free(ca);
	catalog_free(cb);
}

/* --- 3. the model's text equals the server's --- */

/*
 * Known differences, reported and not failed (model/format.c decides, see
 * the report to the lead): pg_get_indexdef() prints an element that is a
 * bare function call, and a predicate that is a bare column or function
 * call, without parentheses (`lower((email)::text)`, `WHERE done`);
 * sd_index_format_body() always wraps them (`(lower((email)::text))`,
 * `WHERE (done)`). Both create the same index. This removes that wrapping
 * from text (the model's output); true when it changed anything.
 */
static bool is_call_or_name(const char *e)
{
	size_t n = 0;

	while (e[n] == '_' || e[n] == '.' || (e[n] >= 'a' && e[n] <= 'z') ||
	       (e[n] >= '0' && e[n] <= '9'))
		n++;
	return n && (!e[n] || (e[n] == '(' && e[strlen(e) - 1] == ')'));
}

static bool unwrap(struct strbuf *text, const char *before, const char *e)
{
	struct strbuf wrapped = STRBUF_INIT, out = STRBUF_INIT;
	const char *at;

	strbuf_addf(&wrapped, "%s(%s)", before, e);
	at = strstr(text->buf, wrapped.buf);
	if (at) {
		strbuf_add(&out, text->buf, (size_t)(at - text->buf));
		strbuf_addf(&out, "%s%s", before, e);
		strbuf_addstr(&out, at + wrapped.len);
		strbuf_reset(text);
		strbuf_addstr(text, out.buf);
	}
	strbuf_release(&wrapped);
	strbuf_release(&out);
	return at != NULL;
}

static bool unwrap_known(const struct sd_index *ix, struct strbuf *text)
{
	bool changed = false;

	for (size_t i = 0; i < ix->nelems; i++) {
		const char *e = ix->elems[i].expr;
		if (e && is_call_or_name(e))
			changed |= unwrap(text, "", e);
	}
	if (ix->predicate && is_call_or_name(ix->predicate))
		changed |= unwrap(text, " WHERE ", ix->predicate);
	return changed;
}

/* One row per constraint: schema, table, name, pg_get_constraintdef. */
static const char sql_condefs[] =
	"SELECT n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid)\n"
	"FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE n.nspname IN ('public', 'app', 'Other Schema')\n"
	/* 18's NOT NULL constraint rows are the columns' not_null
	 * (tests/drivers/test_pg_versions.c) */
	"  AND k.contype <> 'n'\n"
	"ORDER BY 1, 2, 3";

/* One row per index that backs no constraint. */
static const char sql_indexdefs[] =
	"SELECT n.nspname, ic.relname, pg_get_indexdef(i.indexrelid)\n"
	"FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid\n"
	"JOIN pg_namespace n ON n.oid = ic.relnamespace\n"
	"WHERE n.nspname IN ('public', 'app', 'Other Schema')\n"
	"  AND NOT EXISTS (SELECT 1 FROM pg_constraint k\n"
	"    WHERE k.conindid = i.indexrelid AND k.contype <> 'f')\n"
	"ORDER BY 1, 2";

static PGresult *query(PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	char msg[1024];

	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		return res;
	snprintf(msg, sizeof(msg), "%s", PQresultErrorMessage(res));
	PQclear(res);
	cr_assert_fail("query failed: %s", msg);
	return NULL;
}

Test(pg_introspect, formats_match_server)
{
	PGconn *conn = testdb_create("sd_ti", "fmt");
	struct catalog *cat;
	struct strbuf got = STRBUF_INIT, bad = STRBUF_INIT;
	PGresult *res;
	int ncon, nix;

	testdb_load_file(conn, FIXTURE);
	cat = introspect(conn, NULL);
	testdb_exec(conn, "SET search_path = ''");

	res = query(conn, sql_condefs);
	ncon = PQntuples(res);
	for (int r = 0; r < ncon; r++) {
		struct sd_table *t = catalog_find(cat, SD_TABLE,
						  PQgetvalue(res, r, 0),
						  PQgetvalue(res, r, 1));
		const struct sd_constraint *k;

		if (!t)
			continue;	/* a domain's check */
		k = table_find_constraint(t, PQgetvalue(res, r, 2));
		if (!k) {
			strbuf_addf(&bad, "constraint %s missing\n",
				    PQgetvalue(res, r, 2));
			continue;
		}
		strbuf_reset(&got);
		sd_constraint_format(&got, SQL_POSTGRES, k);
		if (strcmp(got.buf, PQgetvalue(res, r, 3)))
			strbuf_addf(&bad, "constraint %s:\n  server: %s\n"
				    "  model:  %s\n", k->name,
				    PQgetvalue(res, r, 3), got.buf);
	}
	PQclear(res);

	res = query(conn, sql_indexdefs);
	nix = PQntuples(res);
	for (int r = 0; r < nix; r++) {
		const struct sd_index *ix = catalog_find(cat, SD_INDEX,
							 PQgetvalue(res, r, 0),
							 PQgetvalue(res, r, 1));
		if (!ix) {
			strbuf_addf(&bad, "index %s missing\n",
				    PQgetvalue(res, r, 1));
			continue;
		}
		strbuf_reset(&got);
		strbuf_addstr(&got, ix->unique ? "CREATE UNIQUE INDEX "
					       : "CREATE INDEX ");
		sql_quote_ident(&got, SQL_POSTGRES, ix->base.name);
		strbuf_addstr(&got, " ON ");
		sql_quote_qualified(&got, SQL_POSTGRES, ix->base.schema,
				    ix->table);
		strbuf_addch(&got, ' ');
		sd_index_format_body(&got, SQL_POSTGRES, ix);
		if (strcmp(got.buf, PQgetvalue(res, r, 2)) &&
		    unwrap_known(ix, &got) &&
		    !strcmp(got.buf, PQgetvalue(res, r, 2))) {
			cr_log_warn("known difference: index %s: "
				    "sd_index_format_body() wraps a function "
				    "call or a bare column in parentheses, "
				    "the server does not: %s", ix->base.name,
				    got.buf);
			continue;
		}
		if (strcmp(got.buf, PQgetvalue(res, r, 2)))
			strbuf_addf(&bad, "index %s:\n  server: %s\n"
				    "  model:  %s\n", ix->base.name,
				    PQgetvalue(res, r, 2), got.buf);
	}
	PQclear(res);
	cr_expect_geq(ncon, 15);
	cr_expect_geq(nix, 13);
	cr_expect(bad.len == 0,
		  "the model's text differs from the server's:\n%s", bad.buf);
	strbuf_release(&got);
	strbuf_release(&bad);
	catalog_free(cat);
}

/* --- 4. one query per kind, whatever the number of tables --- */

static void make_tables(PGconn *conn, int from, int to)
{
	char sql[1024];

	snprintf(sql, sizeof(sql),
		 "DO $$ BEGIN FOR i IN %d..%d LOOP EXECUTE format("
		 "'CREATE TABLE public.%%I (id integer PRIMARY KEY, "
		 "v text DEFAULT ''x'' CHECK (v <> ''''), "
		 "r integer REFERENCES public.t_1 (id))', 't_' || i); "
		 "EXECUTE format('CREATE INDEX ON public.%%I (v)', 't_' || i); "
		 "EXECUTE format('COMMENT ON TABLE public.%%I IS %%L', "
		 "'t_' || i, 'table ' || i); "
		 "END LOOP; END $$",
		 from, to);
	testdb_exec(conn, sql);
}

Test(pg_introspect, query_count_is_fixed)
{
	PGconn *conn = testdb_create("sd_ti", "count");
	struct catalog *cat;
	unsigned n10 = 0, n1000 = 0;

	testdb_exec(conn, "CREATE TABLE public.t_1 (id integer PRIMARY KEY)");
	make_tables(conn, 2, 10);
	cat = introspect(conn, &n10);
	cr_expect_eq(catalog_count(cat), 10 + 9);	/* tables + indexes */
	catalog_free(cat);
	make_tables(conn, 11, 1000);
	cat = introspect(conn, &n1000);
	cr_expect_eq(catalog_count(cat), 1000 + 999);
	cr_expect_str_eq(((struct sd_table *)find(cat, SD_TABLE, "public",
						  "t_500"))->base.comment,
			 "table 500");
	catalog_free(cat);
	cr_expect_gt(n10, 0);
	cr_expect_eq(n10, n1000, "queries: %u for 10 tables, %u for 1000",
		     n10, n1000);
	cr_log_info("introspection sent %u catalog queries", n10);
}

/* --- 5. what is skipped --- */

Test(pg_introspect, skips_extension_members_and_history)
{
	PGconn *conn = testdb_create("sd_ti", "ext");
	struct catalog *cat;
	struct sd_extension *x;
	struct sd_table *t;
	struct sd_index *ix;
	struct vec all = VEC_INIT;

	testdb_exec(conn,
		"CREATE SCHEMA ext;\n"
		"CREATE EXTENSION citext;\n"
		"CREATE EXTENSION pg_trgm WITH SCHEMA ext;\n"
		"CREATE SCHEMA schemadiff;\n"
		"CREATE TABLE schemadiff.schemadiff_history (v text);\n"
		"CREATE TABLE public.people (name public.citext, nick text);\n"
		"CREATE INDEX people_nick_trgm ON public.people\n"
		"  USING gin (nick ext.gin_trgm_ops);\n");
	cat = introspect(conn, NULL);

	x = find(cat, SD_EXTENSION, NULL, "citext");
	expect_str(x->ext_schema, "public");
	cr_expect(x->version && *x->version);
	x = find(cat, SD_EXTENSION, NULL, "pg_trgm");
	expect_str(x->ext_schema, "ext");
	expect_dep(&x->base, "schema:ext");
	cr_expect(!catalog_lookup(cat, "extension:plpgsql"));
	cr_expect(!catalog_find(cat, SD_SCHEMA, NULL, "schemadiff"));
	cr_expect(!catalog_lookup(cat, "rel:schemadiff.schemadiff_history"));
	cr_expect(!catalog_lookup(cat, "type:public.citext"));

	t = find(cat, SD_TABLE, "public", "people");
	expect_str(col(t, "name")->type, "public.citext");
	expect_dep(&t->base, "extension:citext");
	ix = find(cat, SD_INDEX, "public", "people_nick_trgm");
	expect_str(ix->elems[0].opclass, "ext.gin_trgm_ops");
	expect_dep(&ix->base, "extension:pg_trgm");

	/* nothing else: schema ext, 2 extensions, the table, the index */
	catalog_list(cat, -1, &all);
	cr_expect_eq(all.len, 5, "%zu objects", all.len);
	vec_release(&all);
	catalog_free(cat);
}

/* --- the transaction around it --- */

Test(pg_introspect, inside_a_transaction_and_errors)
{
	PGconn *conn = testdb_create("sd_ti", "tx");
	struct catalog *cat = catalog_new(SQL_POSTGRES);
	struct sd_error err;
	PGresult *res;

	testdb_exec(conn, "CREATE TABLE public.t (a integer)");
	testdb_exec(conn, "BEGIN; SET LOCAL search_path = public");
	sd_error_clear(&err);
	cr_assert_eq(pg_introspect(conn, cat, NULL, &err), 0, "%s", err.msg);
	cr_expect(catalog_find(cat, SD_TABLE, "public", "t"));
	cr_expect_eq(PQtransactionStatus(conn), PQTRANS_INTRANS);
	res = query(conn, "SHOW search_path");
	cr_expect_str_eq(PQgetvalue(res, 0, 0), "public");
	PQclear(res);

	/* a catalog that is not empty */
	cr_expect_eq(pg_introspect(conn, cat, NULL, &err), SD_ERR);
	catalog_free(cat);

	/* an aborted transaction */
	res = PQexec(conn, "SELECT 1/0");
	PQclear(res);
	cat = catalog_new(SQL_POSTGRES);
	cr_expect_eq(pg_introspect(conn, cat, NULL, &err), SD_ERR_DB);
	cr_expect(strstr(err.msg, "aborted"), "%s", err.msg);
	testdb_exec(conn, "ROLLBACK");
	catalog_free(cat);
}
