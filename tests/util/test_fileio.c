/*
 * tests/util/test_fileio.c: sd_read_file(), the one way input files are
 * read: regular files only (a FIFO or a device is refused at once, never
 * waited on or read without end), and a NUL byte is a located error.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/banned.h"

static char dir[] = "/tmp/sd-fileio.XXXXXX";

static void setup(void)
{
	strncpy(dir, "/tmp/sd-fileio.XXXXXX", sizeof(dir));
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static const char *path_of(const char *name)
{
	static char p[256];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static void write_bytes(const char *name, const char *data, size_t len)
{
	FILE *f = fopen(path_of(name), "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

TestSuite(fileio, .init = setup, .fini = teardown);

Test(fileio, regular_file_is_read_whole)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_error err = { 0 };

	strbuf_addstr(&sb, "kept:");
	write_bytes("a.sql", "CREATE TABLE a (x int);\n", 24);
	cr_assert_eq(sd_read_file(&sb, path_of("a.sql"), &err), 0);
	cr_assert_str_eq(sb.buf, "kept:CREATE TABLE a (x int);\n");
	strbuf_release(&sb);
}

Test(fileio, nul_byte_is_a_located_error)
{
	static const char text[] = "CREATE TABLE a (x int);\n  é\0DROP TABLE t;\n";
	struct strbuf sb = STRBUF_INIT;
	struct sd_error err = { 0 };

	write_bytes("n.sql", text, sizeof(text) - 1);
	cr_assert_eq(sd_read_file(&sb, path_of("n.sql"), &err), SD_ERR_SYNTAX);
	cr_assert_str_eq(err.file, path_of("n.sql"));
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.col, 4, "column %d", err.col);
	cr_assert(strstr(err.msg, "NUL byte"), "%s", err.msg);
	cr_assert_eq(sb.len, 0, "nothing of the file is kept");
	strbuf_release(&sb);
}

Test(fileio, fifo_is_refused_without_waiting, .timeout = 10)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_error err = { 0 };

	cr_assert_eq(mkfifo(path_of("fifo"), 0600), 0);
	cr_assert_eq(sd_read_file(&sb, path_of("fifo"), &err), SD_ERR_IO);
	cr_assert(strstr(err.msg, "not a regular file"), "%s", err.msg);
	strbuf_release(&sb);
}

Test(fileio, devices_and_folders_are_refused, .timeout = 10)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_error err = { 0 };

	cr_assert_eq(symlink("/dev/zero", path_of("schema.json")), 0);
	cr_assert_eq(sd_read_file(&sb, path_of("schema.json"), &err), SD_ERR_IO);
	cr_assert(strstr(err.msg, "not a regular file"), "%s", err.msg);
	cr_assert_eq(sb.len, 0);
	cr_assert_eq(sd_read_file(&sb, dir, &err), SD_ERR_IO);
	cr_assert(strstr(err.msg, "directory"), "%s", err.msg);
	cr_assert_eq(sd_read_file(&sb, path_of("missing"), &err), SD_ERR_IO);
	cr_assert(strstr(err.msg, "No such file"), "%s", err.msg);
	strbuf_release(&sb);
}

Test(fileio, size_limit)
{
	struct strbuf sb = STRBUF_INIT;
	struct sd_error err = { 0 };
	FILE *f;

	/* a sparse file one byte over the limit: refused before reading */
	f = fopen(path_of("big"), "wb");
	cr_assert_not_null(f);
	cr_assert_eq(ftruncate(fileno(f), STRBUF_FILE_MAX + 1), 0);
	fclose(f);
	cr_assert_eq(sd_read_file(&sb, path_of("big"), &err), SD_ERR_IO);
	cr_assert(strstr(err.msg, "1 GiB"), "%s", err.msg);
	cr_assert_eq(sb.len, 0);
	strbuf_release(&sb);
}
