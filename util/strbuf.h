/*
 * util/strbuf.h: a growable string whose buffer is never NULL (git's strbuf).
 * The owner calls strbuf_release(), or strbuf_detach() to take the buffer.
 */
#ifndef SD_STRBUF_H
#define SD_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

extern char strbuf_slopbuf[];

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* The buffer, now the caller's to free(); sb is empty again. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Remove trailing white space. */
void strbuf_rtrim(struct strbuf *sb);
/* The largest file strbuf_read_file() reads: 1 GiB. */
#define STRBUF_FILE_MAX ((long long)1 << 30)
/* Read a whole regular file (never waiting on a FIFO or reading a device);
 * 0 or -1 with errno set: EISDIR, ENOTSUP (not a regular file), EFBIG
 * (over STRBUF_FILE_MAX) or the system's. sd_read_file() (util/fileio.h)
 * is the same with a located error. */
int strbuf_read_file(struct strbuf *sb, const char *path);

#endif
