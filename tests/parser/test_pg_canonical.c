/*
 * tests/parser/test_pg_canonical.c: the offline canonical form (issue 17,
 * item 9): a schema as a person writes it and as the server prints it
 * (pg_dump, inspect) load to catalogs that diff empty, and a real change
 * is still a change. Each pair is loaded as two desired sets and diffed.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "diff/diff.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/error.h"
#include "util/strbuf.h"

#include "util/banned.h"

/* The SQL that turns a into b (both desired sets). */
static void plan(const char *a, const char *b, struct strbuf *sql)
{
	struct catalog *ca = catalog_new(SQL_POSTGRES);
	struct catalog *cb = catalog_new(SQL_POSTGRES);
	struct changeset *cs = NULL;
	struct sd_error err;

	sd_error_clear(&err);
	cr_assert_eq(pg_load_desired_text(ca, "a.sql", a, &err), 0,
		     "a: %d:%d: %s", err.line, err.col, err.msg);
	cr_assert_eq(pg_load_desired_text(cb, "b.sql", b, &err), 0,
		     "b: %d:%d: %s", err.line, err.col, err.msg);
	cr_assert_geq(diff_catalogs(ca, cb, &cs, &err), 0, "%s", err.msg);
	emit_pg_changeset(cs, sql);
	changeset_free(cs);
	catalog_free(cb);
	catalog_free(ca);
}

static void same(const char *a, const char *b)
{
	struct strbuf sql = STRBUF_INIT;

	plan(a, b, &sql);
	cr_expect_str_empty(sql.buf, "%s\n  vs\n%s\nplans:\n%s", a, b, sql.buf);
	strbuf_reset(&sql);
	plan(b, a, &sql);
	cr_expect_str_empty(sql.buf, "%s\n  vs\n%s\nplans:\n%s", b, a, sql.buf);
	strbuf_release(&sql);
}

static void differs(const char *a, const char *b, const char *want)
{
	struct strbuf sql = STRBUF_INIT;

	plan(a, b, &sql);
	cr_expect(strstr(sql.buf, want), "%s\n  vs\n%s\nplans:\n%s\nwant: %s",
		  a, b, sql.buf, want);
	strbuf_release(&sql);
}

TestSuite(pg_canonical);

/* Each pair as written and as pg_get_expr() printed it on PostgreSQL 15
 * (checked on the server; the live check is scripts/realworld_pg.py). */
Test(pg_canonical, defaults_as_the_server_types_them)
{
	same("CREATE TABLE t (a varchar(40) DEFAULT '', b text DEFAULT 'x',"
	     " c integer DEFAULT '0', d bigint DEFAULT '5', e boolean DEFAULT"
	     " 'f', f boolean DEFAULT 't', g double precision DEFAULT"
	     " '0.0000', h numeric(20) DEFAULT '0', i bytea DEFAULT '',"
	     " j smallint DEFAULT -1, l char(2) DEFAULT 'ab', m bigint"
	     " DEFAULT 0, n bigint DEFAULT 9999999999, o numeric DEFAULT"
	     " '1.50', p double precision DEFAULT '100', q real DEFAULT"
	     " '0.1', r int DEFAULT 1.0);",
	     "CREATE TABLE public.t (a character varying(40) DEFAULT"
	     " ''::character varying, b text DEFAULT 'x'::text,"
	     " c integer DEFAULT 0, d bigint DEFAULT '5'::bigint,"
	     " e boolean DEFAULT false, f boolean DEFAULT true,"
	     " g double precision DEFAULT '0'::double precision,"
	     " h numeric(20,0) DEFAULT '0'::numeric,"
	     " i bytea DEFAULT '\\x'::bytea, j smallint DEFAULT"
	     " '-1'::integer, l character(2) DEFAULT 'ab'::bpchar,"
	     " m bigint DEFAULT 0, n bigint DEFAULT '9999999999'::bigint,"
	     " o numeric DEFAULT 1.50, p double precision DEFAULT"
	     " '100'::double precision, q real DEFAULT '0.1'::real,"
	     " r integer DEFAULT 1.0);");
	/* the server keeps 0 and '0' apart on a bigint: so does this */
	differs("CREATE TABLE t (a bigint DEFAULT 0);",
		"CREATE TABLE t (a bigint DEFAULT '0');", "'0'::bigint");
}

Test(pg_canonical, null_defaults_where_the_server_drops_them)
{
	same("CREATE TABLE t (a varchar(40) DEFAULT NULL, b bigint DEFAULT"
	     " NULL, c text, d int DEFAULT NULL::integer, e char DEFAULT NULL,"
	     " f numeric(5) DEFAULT NULL);",
	     "CREATE TABLE t (a character varying(40) DEFAULT"
	     " NULL::character varying, b bigint, c text DEFAULT NULL, d int,"
	     " e character(1) DEFAULT NULL::bpchar, f numeric(5,0) DEFAULT"
	     " NULL::numeric);");
	/* where the server keeps NULL::character varying, so does this */
	differs("CREATE TABLE t (a varchar(40));",
		"CREATE TABLE t (a varchar(40) DEFAULT NULL);",
		"SET DEFAULT NULL::varchar");
	same("CREATE TABLE t (a text DEFAULT 'x');"
	     "ALTER TABLE t ALTER COLUMN a SET DEFAULT NULL;",
	     "CREATE TABLE t (a text);");
}

Test(pg_canonical, nextval_of_a_text_argument)
{
	same("CREATE SEQUENCE s; CREATE TABLE t (id int DEFAULT"
	     " nextval('s'::text));",
	     "CREATE SEQUENCE s; CREATE TABLE t (id int DEFAULT"
	     " nextval(('s'::text)::regclass));");
	same("CREATE SEQUENCE s; CREATE TABLE t (id int DEFAULT"
	     " nextval('s'));",
	     "CREATE SEQUENCE s; CREATE TABLE t (id int DEFAULT"
	     " nextval('s'::regclass));");
}

/* pg_get_expr() prints a bit constant as '0101'::"bit" whatever the
 * column's length, and a string constant given to a pg_catalog function
 * with the type it took (checked on PostgreSQL 15) */
Test(pg_canonical, bit_strings_and_text_arguments_as_the_server_prints_them)
{
	same("CREATE TABLE t (a bit(8) DEFAULT B'00000000', b varbit DEFAULT"
	     " B'101', c bit(8) DEFAULT '00001111', d bit varying(5) DEFAULT"
	     " X'1', e bit DEFAULT B'1');",
	     "CREATE TABLE public.t (a bit(8) DEFAULT '00000000'::\"bit\","
	     " b bit varying DEFAULT '101'::\"bit\", c bit(8) DEFAULT"
	     " '00001111'::\"bit\", d bit varying(5) DEFAULT '0001'::\"bit\","
	     " e bit(1) DEFAULT '1'::\"bit\");");
	same("CREATE TABLE t (f text DEFAULT lower('ABC'), h varchar(10)"
	     " DEFAULT lower('A'), i text DEFAULT md5('a'), j int DEFAULT"
	     " length('abc'));",
	     "CREATE TABLE t (f text DEFAULT lower('ABC'::text), h"
	     " character varying(10) DEFAULT lower('A'::text), i text DEFAULT"
	     " md5('a'::text), j integer DEFAULT length('abc'::text));");
}

Test(pg_canonical, bit_strings_and_text_arguments_still_change)
{
	/* the length of a bit constant is kept: never bit(1) */
	differs("CREATE TABLE t (a bit(8));",
		"CREATE TABLE t (a bit(8) DEFAULT '00000000'::\"bit\");",
		"SET DEFAULT b'00000000'");
	differs("CREATE TABLE t (a bit(8) DEFAULT B'00000000');",
		"CREATE TABLE t (a bit(8) DEFAULT X'0F');",
		"SET DEFAULT b'00001111'");
	differs("CREATE TABLE t (f text DEFAULT lower('ABC'));",
		"CREATE TABLE t (f text DEFAULT lower('abc'::text));",
		"SET DEFAULT lower('abc')");
	/* a function outside pg_catalog resolves its own way: kept */
	differs("CREATE TABLE t (f text DEFAULT public.f('x'));",
		"CREATE TABLE t (f text DEFAULT public.f('x'::text));",
		"SET DEFAULT public.f('x'::text)");
}

Test(pg_canonical, changed_defaults_are_still_changes)
{
	differs("CREATE TABLE t (a varchar(40) DEFAULT '');",
		"CREATE TABLE t (a varchar(40) DEFAULT 'x'::character varying);",
		"SET DEFAULT 'x'");
	differs("CREATE TABLE t (a int DEFAULT '0');",
		"CREATE TABLE t (a int DEFAULT 1);", "SET DEFAULT 1");
	differs("CREATE TABLE t (a boolean DEFAULT 'f');",
		"CREATE TABLE t (a boolean DEFAULT true);", "SET DEFAULT true");
	differs("CREATE TABLE t (a text DEFAULT NULL);",
		"CREATE TABLE t (a text DEFAULT '');", "SET DEFAULT ''");
	/* a cast to another type is not the column's own: kept */
	differs("CREATE TABLE t (a text DEFAULT 'x');",
		"CREATE TABLE t (a text DEFAULT 'x'::varchar);",
		"SET DEFAULT");
}

Test(pg_canonical, function_options_in_any_order_and_defaults)
{
	same("CREATE FUNCTION f(int) RETURNS int AS 'SELECT $1' LANGUAGE"
	     " 'sql' VOLATILE CALLED ON NULL INPUT SECURITY INVOKER;",
	     "CREATE OR REPLACE FUNCTION public.f(integer)\n"
	     " RETURNS integer\n LANGUAGE sql\nAS $function$SELECT $1"
	     "$function$;");
	same("CREATE FUNCTION g() RETURNS SETOF int LANGUAGE plpgsql"
	     " COST 100 ROWS 1000 STABLE STRICT AS $$BEGIN END$$;",
	     "CREATE FUNCTION g() RETURNS SETOF integer STRICT STABLE"
	     " LANGUAGE plpgsql AS $$BEGIN END$$;");
	differs("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql IMMUTABLE"
		" AS 'SELECT 1';", "IMMUTABLE");
	differs("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql COST 5"
		" AS 'SELECT 1';", "COST 5");
}

Test(pg_canonical, check_in_lists_on_text_and_varchar)
{
	same("CREATE TABLE t (c varchar(10) CHECK (c IN ('a','b')),"
	     " d text CHECK (d IN ('x')), n int CHECK (n IN (1,2)),"
	     " e varchar(5) CHECK (e = 'q'), f varchar(3) CHECK"
	     " (f NOT IN ('z')), g varchar CHECK (g IS NULL OR g IN ('y')));",
	     "CREATE TABLE t (c character varying(10), d text, n integer,"
	     " e character varying(5), f varchar(3), g character varying,\n"
	     " CONSTRAINT t_c_check CHECK (((c)::text = ANY ((ARRAY["
	     "'a'::character varying, 'b'::character varying])::text[]))),\n"
	     " CONSTRAINT t_d_check CHECK ((d = ANY (ARRAY['x'::text]))),\n"
	     " CONSTRAINT t_n_check CHECK ((n = ANY (ARRAY[1, 2]))),\n"
	     " CONSTRAINT t_e_check CHECK (((e)::text = 'q'::text)),\n"
	     " CONSTRAINT t_f_check CHECK (((f)::text <> ALL ((ARRAY["
	     "'z'::character varying])::text[]))),\n"
	     " CONSTRAINT t_g_check CHECK (((g IS NULL) OR ((g)::text = ANY"
	     " ((ARRAY['y'::character varying])::text[])))));");
}

Test(pg_canonical, check_in_as_the_server_reads_its_own_print)
{
	/* pg_dump's text of a varchar IN, loaded again, is stored (and
	 * printed) with each element cast */
	same("CREATE TABLE t (c varchar(10) CHECK (c IN ('a','b')));",
	     "CREATE TABLE t (c character varying(10), CONSTRAINT t_c_check"
	     " CHECK (((c)::text = ANY (ARRAY[('a'::character varying)::text,"
	     " ('b'::character varying)::text]))));");
}

Test(pg_canonical, changed_checks_are_still_changes)
{
	differs("CREATE TABLE t (c varchar(10) CHECK (c IN ('a','b')));",
		"CREATE TABLE t (c character varying(10), CONSTRAINT t_c_check"
		" CHECK (((c)::text = ANY ((ARRAY['a'::character varying,"
		" 'c'::character varying])::text[]))));",
		"t_c_check CHECK (c::text = ANY(ARRAY['a'::varchar,"
		" 'c'::varchar]::text[]))");
	/* the change goes out as written, not in the canonical form it
	 * is compared in */
	differs("CREATE TABLE t (c text);",
		"CREATE TABLE t (c text CHECK (c::text = ANY (ARRAY['a'::text])));",
		"CHECK (c::text = ANY(ARRAY['a'::text]))");
	/* a cast of an integer column is not the server's: kept */
	differs("CREATE TABLE t (n int CHECK (n::text = '1'));",
		"CREATE TABLE t (n int CHECK (n = 1));", "CHECK (n = 1)");
}

/* A generated column's expression as the server prints it: an integer
 * column next to a numeric operand comes back cast to numeric (pagila's
 * film.length_hours). */
Test(pg_canonical, generated_integer_column_cast_to_numeric)
{
	same("CREATE TABLE f (len smallint, n numeric,\n"
	     "  h numeric(4,2) GENERATED ALWAYS AS (round(len / 60.0, 2)) VIRTUAL,\n"
	     "  m numeric GENERATED ALWAYS AS (len + n) STORED);\n",
	     "CREATE TABLE f (len smallint, n numeric,\n"
	     "  h numeric(4,2) GENERATED ALWAYS AS (round(((len)::numeric / 60.0), 2)) VIRTUAL,\n"
	     "  m numeric GENERATED ALWAYS AS (((len)::numeric + n)) STORED);\n");
	/* a cast the server does not add (to another type, of a text
	 * column, next to an integer) is kept */
	differs("CREATE TABLE f (len smallint, h numeric GENERATED ALWAYS AS (len * 2) STORED);\n",
		"CREATE TABLE f (len smallint, h numeric GENERATED ALWAYS AS ((len)::numeric * 2) STORED);\n",
		"ADD COLUMN h numeric GENERATED ALWAYS AS (len::numeric * 2)");
}

/* A range bound of a timestamp with time zone key with an explicit
 * offset is the instant: pagila writes '2022-04-01 01:00:00+01', a UTC
 * server prints '2022-04-01 00:00:00+00'. */
Test(pg_canonical, partition_bound_instants)
{
	static const char parent[] =
		"CREATE TABLE p (d timestamptz NOT NULL, s text) PARTITION BY RANGE (d);\n"
		"CREATE TABLE q (d timestamptz NOT NULL, s text) PARTITION BY LIST (s);\n";
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	strbuf_addf(&a, "%sCREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2022-03-01 00:00:00+00') TO ('2022-04-01 01:00:00+01');\n"
		    "CREATE TABLE p2 (d timestamptz NOT NULL, s text);\n"
		    "ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM ('2021-12-31 19:00:00.50-05') TO ('2022-02-01 00:00:00+00');\n"
		    "CREATE TABLE q1 PARTITION OF q FOR VALUES IN ('2022-04-01 01:00:00+01');\n", parent);
	strbuf_addf(&b, "%sCREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2022-03-01 00:00:00+00') TO ('2022-04-01 00:00:00+00');\n"
		    "CREATE TABLE p2 (d timestamptz NOT NULL, s text);\n"
		    "ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM ('2022-01-01 00:00:00.5+00') TO ('2022-02-01 00:00:00+00');\n"
		    "CREATE TABLE q1 PARTITION OF q FOR VALUES IN ('2022-04-01 01:00:00+01');\n", parent);
	same(a.buf, b.buf);
	/* a text key's value is text; a value without an offset depends on
	 * the server's TimeZone: both stay as written */
	strbuf_reset(&b);
	strbuf_addf(&b, "%sCREATE TABLE p1 PARTITION OF p FOR VALUES FROM ('2022-03-01 00:00:00+00') TO ('2022-04-01 00:00:00+00');\n"
		    "CREATE TABLE p2 (d timestamptz NOT NULL, s text);\n"
		    "ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM ('2022-01-01 00:00:00.5+00') TO ('2022-02-01 00:00:00+00');\n"
		    "CREATE TABLE q1 PARTITION OF q FOR VALUES IN ('2022-04-01 00:00:00+00');\n", parent);
	differs(a.buf, b.buf, "q1");
	strbuf_release(&a);
	strbuf_release(&b);
}
