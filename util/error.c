/*
 * util/error.c: see error.h.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "banned.h"

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int sd_error_set(struct sd_error *err, int code, const char *file, int line,
		 int col, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	copy_str(err->file, sizeof(err->file), file ? file : "");
	err->line = line;
	err->col = col;
	err->hint[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int sd_error_hint(struct sd_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return SD_ERR;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
	return err->code;
}

void sd_error_clear(struct sd_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->file[0] = err->msg[0] = err->hint[0] = '\0';
	err->line = err->col = 0;
}

void sd_text_position(const char *text, size_t offset, int *line, int *col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < offset && text[i]; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			c++;	/* count characters, not UTF-8 continuation bytes */
		}
	}
	*line = l;
	*col = c;
}

void sd_error_format(const struct sd_error *err, struct strbuf *out)
{
	if (err->file[0]) {
		strbuf_addstr(out, err->file);
		if (err->line > 0) {
			strbuf_addf(out, ":%d", err->line);
			if (err->col > 0)
				strbuf_addf(out, ":%d", err->col);
		}
		strbuf_addstr(out, ": ");
	}
	strbuf_addstr(out, err->msg);
}

static void default_warn(const char *file, int line, int col, const char *msg)
{
	if (file && *file) {
		if (line > 0 && col > 0)
			fprintf(stderr, "schemadiff: warning: %s:%d:%d: %s\n",
				file, line, col, msg);
		else if (line > 0)
			fprintf(stderr, "schemadiff: warning: %s:%d: %s\n",
				file, line, msg);
		else
			fprintf(stderr, "schemadiff: warning: %s: %s\n", file,
				msg);
	} else {
		fprintf(stderr, "schemadiff: warning: %s\n", msg);
	}
}

static sd_warn_fn warn_handler = default_warn;
static __thread struct sd_warn_sink thread_sink;

void sd_warn_sink_swap(const struct sd_warn_sink *sink,
		       struct sd_warn_sink *saved)
{
	struct sd_warn_sink none = { NULL, NULL };

	if (saved)
		*saved = thread_sink;
	thread_sink = sink ? *sink : none;
}

void sd_set_warn_handler(sd_warn_fn fn)
{
	warn_handler = fn ? fn : default_warn;
}

void sd_warn(const char *file, int line, int col, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (thread_sink.fn)
		thread_sink.fn(thread_sink.ctx, file, line, col, msg);
	else
		warn_handler(file, line, col, msg);
}
