/*
 * tests/util/test_sqlquote.c: identifiers and literals become SQL text only
 * through sqlquote, and round-trip exactly.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
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

/* The keyword kind libpg_query's scanner gives `word` as a whole token,
 * or -1 when it is not one token. */
static int scan_kind(const char *word)
{
	PgQueryScanResult r = pg_query_scan(word);
	PgQuery__ScanResult *scan = NULL;
	int kind = -1;

	if (!r.error)
		scan = pg_query__scan_result__unpack(NULL, r.pbuf.len,
						     (const uint8_t *)r.pbuf.data);
	if (scan && scan->n_tokens == 1 && scan->tokens[0]->start == 0 &&
	    scan->tokens[0]->end == (int32_t)strlen(word))
		kind = scan->tokens[0]->keyword_kind;
	if (scan)
		pg_query__scan_result__free_unpacked(scan, NULL);
	pg_query_free_scan_result(r);
	return kind;
}

Test(sqlquote, one_keyword_of_each_category)
{
	/* reserved, type or function name, column name: quoted, as
	 * quote_ident does; unreserved: not */
	cr_assert_eq(scan_kind("select"), PG_QUERY__KEYWORD_KIND__RESERVED_KEYWORD);
	expect_ident(SQL_POSTGRES, "select", "\"select\"");
	cr_assert_eq(scan_kind("authorization"),
		     PG_QUERY__KEYWORD_KIND__TYPE_FUNC_NAME_KEYWORD);
	expect_ident(SQL_POSTGRES, "authorization", "\"authorization\"");
	cr_assert_eq(scan_kind("between"), PG_QUERY__KEYWORD_KIND__COL_NAME_KEYWORD);
	expect_ident(SQL_POSTGRES, "between", "\"between\"");
	cr_assert_eq(scan_kind("abort"), PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD);
	expect_ident(SQL_POSTGRES, "abort", "abort");
}

Test(sqlquote, keywords_follow_libpg_query)
{
	/* Every word the linked grammar has a token for (the names of
	 * pg_query's Token enum, ABORT_P -> abort, NOT_LA -> not), checked
	 * against the scanner's keyword kind: quoted exactly when not
	 * unreserved. Independent of the generated table's source. */
	const ProtobufCEnumDescriptor *d = &pg_query__token__descriptor;
	unsigned nkeywords = 0, nquoted = 0;

	for (unsigned i = 0; i < d->n_values; i++) {
		char word[64];
		size_t n = strlen(d->values[i].name);
		int kind;

		if (n >= sizeof(word))
			continue;
		for (size_t j = 0; j <= n; j++)
			word[j] = tolower((unsigned char)d->values[i].name[j]);
		if (n > 2 && !strcmp(word + n - 2, "_p"))
			word[n - 2] = '\0';
		else if (n > 3 && !strcmp(word + n - 3, "_la"))
			word[n - 3] = '\0';
		if (strspn(word, "abcdefghijklmnopqrstuvwxyz_") != strlen(word))
			continue;
		kind = scan_kind(word);
		if (kind < PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD)
			continue;
		nkeywords++;
		if (kind != PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD)
			nquoted++;
		cr_expect_eq(pg_ident_needs_quotes(word),
			     kind != PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD,
			     "%s: keyword kind %d", word, kind);
	}
	/* PostgreSQL 15 has 460 keywords, 151 of them quoted */
	cr_assert_gt(nkeywords, 400, "only %u keywords found", nkeywords);
	cr_assert_gt(nquoted, 100, "only %u quoted keywords", nquoted);
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
