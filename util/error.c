/*
 * util/error.c: see error.h.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "text.h"
#include "banned.h"

/* Copy src into dst (size bytes) with control characters escaped (a name
 * holding ESC or BEL must not reach the terminal raw: util/text.h), cut at
 * a UTF-8 character boundary when it does not fit. */
static void copy_str(char *dst, size_t size, const char *src)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	sd_escape_controls(&sb, src);
	n = sd_utf8_cut(sb.buf, sb.len, size - 1);
	memcpy(dst, sb.buf, n);
	dst[n] = '\0';
	strbuf_release(&sb);
}

static void vcopy(char *dst, size_t size, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_vaddf(&sb, fmt, ap);
	copy_str(dst, size, sb.buf);
	strbuf_release(&sb);
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
	vcopy(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int sd_error_hint(struct sd_error *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return SD_ERR;
	va_start(ap, fmt);
	vcopy(err->hint, sizeof(err->hint), fmt, ap);
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
	char msg[2048], where[1024];
	va_list ap;

	va_start(ap, fmt);
	vcopy(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (file)
		copy_str(where, sizeof(where), file);
	if (thread_sink.fn)
		thread_sink.fn(thread_sink.ctx, file ? where : NULL, line, col,
			       msg);
	else
		warn_handler(file ? where : NULL, line, col, msg);
}
