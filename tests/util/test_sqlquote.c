/*
 * tests/util/test_sqlquote.c: identifiers and literals become SQL text only
 * through sqlquote, and round-trip exactly.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "util/sqlquote.h"
#include "util/banned.h"

static void expect_ident(enum sql_dialect d, const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	sql_quote_ident(&sb, d, in);
	cr_assert_str_eq(sb.buf, want, "ident [%s]", in);
	strbuf_release(&sb);
}

static void expect_literal(enum sql_dialect d, const char *in,
			   const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	sql_quote_literal(&sb, d, in);
	cr_assert_str_eq(sb.buf, want, "literal [%s]", in);
	strbuf_release(&sb);
}

Test(sqlquote, plain_identifiers_unquoted)
{
	expect_ident(SQL_POSTGRES, "abc", "abc");
	expect_ident(SQL_POSTGRES, "_a1", "_a1");
	expect_ident(SQL_POSTGRES, "a$b", "a$b");
	/* Unreserved keywords need no quotes. */
	expect_ident(SQL_POSTGRES, "name", "name");
	expect_ident(SQL_POSTGRES, "data", "data");
}

Test(sqlquote, keywords_quoted)
{
	expect_ident(SQL_POSTGRES, "user", "\"user\"");
	expect_ident(SQL_POSTGRES, "select", "\"select\"");
	expect_ident(SQL_POSTGRES, "table", "\"table\"");
	expect_ident(SQL_POSTGRES, "order", "\"order\"");
	expect_ident(SQL_POSTGRES, "all", "\"all\"");
	expect_ident(SQL_POSTGRES, "xmltable", "\"xmltable\"");
	expect_ident(SQL_POSTGRES, "integer", "\"integer\"");
}

Test(sqlquote, keyword_list_sorted)
{
	/* bsearch needs it: every keyword must be found. */
	static const char *const sample[] = {
		"all", "analyse", "current_catalog", "current_user", "fetch",
		"freeze", "localtime", "notnull", "session_user", "some",
		"tablesample", "variadic", "verbose", "xmlattributes",
		"xmlserialize",
	};
	for (size_t i = 0; i < sizeof(sample) / sizeof(*sample); i++)
		cr_assert(pg_ident_needs_quotes(sample[i]), "%s", sample[i]);
}

Test(sqlquote, case_and_specials_quoted)
{
	expect_ident(SQL_POSTGRES, "Abc", "\"Abc\"");
	expect_ident(SQL_POSTGRES, "a b", "\"a b\"");
	expect_ident(SQL_POSTGRES, "1a", "\"1a\"");
	expect_ident(SQL_POSTGRES, "$a", "\"$a\"");
	expect_ident(SQL_POSTGRES, "", "\"\"");
	expect_ident(SQL_POSTGRES, "caf\xc3\xa9", "\"caf\xc3\xa9\"");
	expect_ident(SQL_POSTGRES, "a\"b", "\"a\"\"b\"");
}

Test(sqlquote, injection_is_one_identifier)
{
	expect_ident(SQL_POSTGRES, "a\"; DROP TABLE b; --",
		     "\"a\"\"; DROP TABLE b; --\"");
	expect_ident(SQL_MYSQL, "a`; DROP TABLE b; --",
		     "`a``; DROP TABLE b; --`");
}

Test(sqlquote, mysql_always_backquotes)
{
	expect_ident(SQL_MYSQL, "abc", "`abc`");
	expect_ident(SQL_MYSQL, "a`b", "`a``b`");
}

Test(sqlquote, qualified)
{
	struct strbuf sb = STRBUF_INIT;

	sql_quote_qualified(&sb, SQL_POSTGRES, "public", "User");
	cr_assert_str_eq(sb.buf, "public.\"User\"");
	strbuf_reset(&sb);
	sql_quote_qualified(&sb, SQL_POSTGRES, NULL, "t");
	cr_assert_str_eq(sb.buf, "t");
	strbuf_reset(&sb);
	sql_quote_qualified(&sb, SQL_MYSQL, "db", "t");
	cr_assert_str_eq(sb.buf, "`db`.`t`");
	strbuf_release(&sb);
}

Test(sqlquote, literals)
{
	expect_literal(SQL_POSTGRES, "abc", "'abc'");
	expect_literal(SQL_POSTGRES, "", "''");
	expect_literal(SQL_POSTGRES, "it's", "'it''s'");
	expect_literal(SQL_POSTGRES, "a\\b", "E'a\\\\b'");
	expect_literal(SQL_POSTGRES, "it's a\\b", "E'it''s a\\\\b'");
	expect_literal(SQL_POSTGRES, "'; DROP TABLE b; --",
		       "'''; DROP TABLE b; --'");
	expect_literal(SQL_MYSQL, "it's a\\b", "'it''s a\\\\b'");
}
