/*
 * tests/util/test_strbuf.c: strbuf never has a NULL buffer, grows, formats,
 * detaches and reads files.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/banned.h"

Test(strbuf, init_is_empty_not_null)
{
	struct strbuf sb = STRBUF_INIT;

	cr_assert_not_null(sb.buf);
	cr_assert_str_eq(sb.buf, "");
	cr_assert_eq(sb.len, 0);
	strbuf_release(&sb);
	cr_assert_not_null(sb.buf);
	cr_assert_str_eq(sb.buf, "");
}

Test(strbuf, add_and_grow)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < 10000; i++)
		strbuf_addch(&sb, 'a' + i % 26);
	cr_assert_eq(sb.len, 10000);
	cr_assert_eq(strlen(sb.buf), 10000);
	cr_assert_eq(sb.buf[27], 'b');
	strbuf_addstr(&sb, "xyz");
	cr_assert_str_eq(sb.buf + 10000, "xyz");
	strbuf_add(&sb, "12345", 2);
	cr_assert_str_eq(sb.buf + 10003, "12");
	strbuf_release(&sb);
}

Test(strbuf, addf_long)
{
	struct strbuf sb = STRBUF_INIT;
	char big[5000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addf(&sb, "%d-%s-%s", 42, "a", big);
	cr_assert_eq(sb.len, 5 + 4999);
	cr_assert_eq(strncmp(sb.buf, "42-a-xx", 7), 0);
	strbuf_addf(&sb, "%s", "");
	cr_assert_eq(sb.len, 5 + 4999);
	strbuf_release(&sb);
}

Test(strbuf, reset_setlen_rtrim)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);	/* on the slop buffer: no write */
	strbuf_addstr(&sb, "hello  \n\t ");
	strbuf_rtrim(&sb);
	cr_assert_str_eq(sb.buf, "hello");
	strbuf_setlen(&sb, 2);
	cr_assert_str_eq(sb.buf, "he");
	strbuf_reset(&sb);
	cr_assert_str_eq(sb.buf, "");
	cr_assert_eq(sb.len, 0);
	strbuf_release(&sb);
}

Test(strbuf, detach)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	char *s;

	s = strbuf_detach(&sb, &len);	/* empty: still a malloc'd "" */
	cr_assert_str_eq(s, "");
	cr_assert_eq(len, 0);
	free(s);
	strbuf_addstr(&sb, "abc");
	s = strbuf_detach(&sb, &len);
	cr_assert_str_eq(s, "abc");
	cr_assert_eq(len, 3);
	cr_assert_str_eq(sb.buf, "");
	cr_assert_eq(sb.len, 0);
	free(s);
}

Test(strbuf, read_file)
{
	char path[] = "/tmp/sd-strbuf-XXXXXX";
	int fd = mkstemp(path);
	struct strbuf sb = STRBUF_INIT;
	const char data[] = "line 1\nline 2\n";

	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, data, sizeof(data) - 1), (ssize_t)sizeof(data) - 1);
	close(fd);
	strbuf_addstr(&sb, ">");
	cr_assert_eq(strbuf_read_file(&sb, path), 0);
	cr_assert_str_eq(sb.buf, ">line 1\nline 2\n");
	unlink(path);
	strbuf_release(&sb);
	cr_assert_eq(strbuf_read_file(&sb, "/nonexistent/x/y"), -1);
	strbuf_release(&sb);
}

Test(strbuf, read_empty_file)
{
	char path[] = "/tmp/sd-strbuf-XXXXXX";
	int fd = mkstemp(path);
	struct strbuf sb = STRBUF_INIT;

	cr_assert(fd >= 0);
	close(fd);
	cr_assert_eq(strbuf_read_file(&sb, path), 0);
	cr_assert_str_eq(sb.buf, "");
	cr_assert_eq(sb.len, 0);
	unlink(path);
	strbuf_release(&sb);
}
