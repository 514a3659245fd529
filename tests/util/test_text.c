/*
 * tests/util/test_text.c: UTF-8 validation with a position, control
 * characters escaped for human-readable output, cutting at a character
 * boundary.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/text.h"
#include "util/banned.h"

Test(text, utf8_valid)
{
	struct sd_error err = { 0 };

	cr_assert_eq(sd_utf8_check("", "f", &err), 0);
	cr_assert_eq(sd_utf8_check("plain ascii\n", "f", &err), 0);
	cr_assert_eq(sd_utf8_check("é ü € 𝄞 \xf4\x8f\xbf\xbf", "f", &err), 0);
}

Test(text, utf8_invalid_is_located)
{
	static const char *bad[] = {
		"\x80",			/* lone continuation */
		"\xc3",			/* truncated */
		"\xc0\xaf",		/* overlong */
		"\xe0\x80\xaf",		/* overlong */
		"\xed\xa0\x80",		/* surrogate */
		"\xf4\x90\x80\x80",	/* over U+10FFFF */
		"\xff",
		"\xe2\x82",		/* truncated at the end */
	};
	struct sd_error err = { 0 };
	char text[64];

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(text, sizeof(text), "a\n é%s", bad[i]);
		cr_assert_eq(sd_utf8_check(text, "v.sql", &err), SD_ERR_SYNTAX,
			     "case %zu", i);
		cr_assert_str_eq(err.file, "v.sql");
		cr_assert_eq(err.line, 2);
		cr_assert_eq(err.col, 3, "case %zu: col %d", i, err.col);
		cr_assert(strstr(err.msg, "invalid UTF-8"), "%s", err.msg);
	}
}

Test(text, controls_escaped)
{
	struct strbuf sb = STRBUF_INIT;

	sd_escape_controls(&sb, "t\x1b[31mred\x07 x\x7f\xc2\x9b é\n\ttab");
	cr_assert_str_eq(sb.buf, "t\\x1b[31mred\\x07 x\\x7f\\u009b é\n\ttab");
	cr_assert(sd_has_controls("a\x1b"));
	cr_assert_not(sd_has_controls("é\n\t"));
	strbuf_release(&sb);
	/* every C0 but newline and tab, and DEL */
	for (int c = 1; c < 0x80; c++) {
		char s[2] = { (char)c, 0 };
		int want = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f;
		cr_assert_eq(sd_has_controls(s), want, "byte %d", c);
	}
}

Test(text, controls_escaped_in_place)
{
	char buf[12] = "ab\x1b\x1b\x1b";

	sd_escape_controls_buf(buf, sizeof(buf));
	/* cut to the buffer: no raw ESC is left */
	cr_assert_eq(strncmp(buf, "ab\\x1b\\x1b", 10), 0, "%s", buf);
	cr_assert_lt(strlen(buf), sizeof(buf));
	cr_assert_null(strchr(buf, 0x1b));
}

Test(text, cut_at_character_boundary)
{
	const char *s = "aé€𝄞";	/* 1 + 2 + 3 + 4 bytes */
	size_t len = strlen(s);

	cr_assert_eq(sd_utf8_cut(s, len, 100), len);
	cr_assert_eq(sd_utf8_cut(s, len, 1), 1);
	cr_assert_eq(sd_utf8_cut(s, len, 2), 1);
	cr_assert_eq(sd_utf8_cut(s, len, 3), 3);
	cr_assert_eq(sd_utf8_cut(s, len, 4), 3);
	cr_assert_eq(sd_utf8_cut(s, len, 5), 3);
	cr_assert_eq(sd_utf8_cut(s, len, 6), 6);
	cr_assert_eq(sd_utf8_cut(s, len, 9), 6);
	cr_assert_eq(sd_utf8_cut(s, len, 10), 10);
}
