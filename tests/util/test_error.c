/*
 * tests/util/test_error.c: sd_error filling and formatting, byte offsets to
 * line:column (characters, not bytes), the warning sink.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"
#include "util/banned.h"

Test(error, text_position_ascii)
{
	const char *t = "ab\ncd\n\nxyz";
	int line, col;

	sd_text_position(t, 0, &line, &col);
	cr_assert_eq(line, 1);
	cr_assert_eq(col, 1);
	sd_text_position(t, 1, &line, &col);
	cr_assert_eq(line, 1);
	cr_assert_eq(col, 2);
	sd_text_position(t, 3, &line, &col);	/* 'c' */
	cr_assert_eq(line, 2);
	cr_assert_eq(col, 1);
	sd_text_position(t, 8, &line, &col);	/* 'y' */
	cr_assert_eq(line, 4);
	cr_assert_eq(col, 2);
	sd_text_position(t, 1000, &line, &col);	/* past the end: stops */
	cr_assert_eq(line, 4);
	cr_assert_eq(col, 4);
}

Test(error, text_position_multibyte)
{
	/* "é" is 2 bytes, "€" 3, "😀" 4: each counts as one column. */
	const char *t = "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80x\n\xc3\xa9y";
	int line, col;

	sd_text_position(t, 9, &line, &col);	/* 'x' */
	cr_assert_eq(line, 1);
	cr_assert_eq(col, 4);
	sd_text_position(t, 13, &line, &col);	/* 'y' */
	cr_assert_eq(line, 2);
	cr_assert_eq(col, 2);
}

Test(error, set_and_format)
{
	struct sd_error err;
	struct strbuf sb = STRBUF_INIT;
	int r;

	sd_error_clear(&err);
	r = sd_error_set(&err, SD_ERR_SYNTAX, "db/1/revisions.sql", 12, 7,
			 "syntax error at or near \"%s\"", "TABEL");
	cr_assert_eq(r, SD_ERR_SYNTAX);
	cr_assert_eq(err.code, SD_ERR_SYNTAX);
	sd_error_format(&err, &sb);
	cr_assert_str_eq(sb.buf, "db/1/revisions.sql:12:7: syntax error at or near \"TABEL\"");

	strbuf_reset(&sb);
	sd_error_set(&err, SD_ERR_IO, "f.sql", 3, 0, "boom");
	sd_error_format(&err, &sb);
	cr_assert_str_eq(sb.buf, "f.sql:3: boom");

	strbuf_reset(&sb);
	sd_error_set(&err, SD_ERR, NULL, 3, 4, "no file");
	sd_error_format(&err, &sb);
	cr_assert_str_eq(sb.buf, "no file");
	cr_assert_str_eq(err.file, "");

	cr_assert_eq(sd_error_hint(&err, "try %s", "this"), SD_ERR);
	cr_assert_str_eq(err.hint, "try this");
	sd_error_clear(&err);
	cr_assert_eq(err.code, 0);
	cr_assert_str_eq(err.msg, "");
	cr_assert_str_eq(err.hint, "");
	strbuf_release(&sb);
}

Test(error, null_error_and_long_file)
{
	struct sd_error err;
	char longname[3000];

	cr_assert_eq(sd_error_set(NULL, SD_ERR_IO, "x", 0, 0, "m"), SD_ERR_IO);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	sd_error_set(&err, SD_ERR, longname, 0, 0, "m");
	cr_assert_eq(strlen(err.file), sizeof(err.file) - 1, "truncated");
}

static char warned[2048];
static int warned_line;

static void capture(const char *file, int line, int col, const char *msg)
{
	warned_line = line;
	snprintf(warned, sizeof(warned), "%s|%s", file ? file : "", msg);
}

Test(error, warn_handler)
{
	sd_set_warn_handler(capture);
	sd_warn("a.json", 2, 3, "read \"%s\"", "command");
	cr_assert_str_eq(warned, "a.json|read \"command\"");
	cr_assert_eq(warned_line, 2);
	sd_set_warn_handler(NULL);
}

static void capture_sink(void *ctx, const char *file, int line, int col,
			 const char *msg)
{
	snprintf(ctx, 64, "%s:%d:%d|%s", file ? file : "", line, col, msg);
}

static void *warn_elsewhere(void *arg)
{
	sd_warn("t.sql", 1, 1, "other thread");
	return NULL;
}

Test(error, warn_sink_is_per_thread_and_nests)
{
	char outer[64] = "", inner[64] = "";
	struct sd_warn_sink a = { capture_sink, outer }, b = { capture_sink, inner };
	struct sd_warn_sink saved_a, saved_b;
	pthread_t th;

	warned[0] = '\0';
	sd_set_warn_handler(capture);
	sd_warn_sink_swap(&a, &saved_a);
	sd_warn_sink_swap(&b, &saved_b);
	sd_warn("x.sql", 4, 2, "inner");
	sd_warn_sink_swap(&saved_b, NULL);
	sd_warn("y.sql", 0, 0, "outer");
	/* another thread has no sink: the process-wide handler */
	cr_assert_eq(pthread_create(&th, NULL, warn_elsewhere, NULL), 0);
	pthread_join(th, NULL);
	sd_warn_sink_swap(&saved_a, NULL);
	cr_expect_str_eq(inner, "x.sql:4:2|inner");
	cr_expect_str_eq(outer, "y.sql:0:0|outer");
	cr_expect_str_eq(warned, "t.sql|other thread");
	/* none set: the handler again */
	sd_warn(NULL, 0, 0, "after");
	cr_expect_str_eq(warned, "|after");
	sd_set_warn_handler(NULL);
}

/* Issue #20: a name holding ESC or BEL reaches the terminal escaped, in the
 * message, the file and the hint; a hint over 512 bytes is cut at a
 * character boundary, never inside a UTF-8 sequence. */
Test(error, controls_escaped_and_cut_at_characters)
{
	struct sd_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;
	char hint[1200];
	size_t n;

	sd_error_set(&err, SD_ERR, "dir/\x1b[2Jx.sql", 3, 4,
		     "table \"%s\" is missing", "t\x1b[31m\x07\x7f");
	sd_error_format(&err, &sb);
	cr_assert_str_eq(sb.buf,
			 "dir/\\x1b[2Jx.sql:3:4: table \"t\\x1b[31m\\x07\\x7f\" is missing");
	for (n = 0; n + 2 < sizeof(hint) - 1; n += 2)
		memcpy(hint + n, "é", 2);
	hint[n] = '\0';
	for (size_t shift = 0; shift < 2; shift++) {
		sd_error_hint(&err, "%s%s", shift ? "x" : "", hint);
		n = strlen(err.hint);
		cr_assert_lt(n, sizeof(err.hint));
		cr_assert_geq(n, sizeof(err.hint) - 3);
		/* the last character is whole */
		cr_assert(((unsigned char)err.hint[n - 1] & 0xC0) == 0x80,
			  "cut inside a character (shift %zu)", shift);
		cr_assert(((unsigned char)err.hint[n - 2]) == 0xC3);
	}
	/* a message longer than msg[] also ends on a whole character */
	sd_error_set(&err, SD_ERR, NULL, 0, 0, "x%s%s", hint, hint);
	n = strlen(err.msg);
	cr_assert(((unsigned char)err.msg[n - 1] & 0xC0) == 0x80);
	strbuf_release(&sb);
}
