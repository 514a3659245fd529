/*
 * util/text.c: see text.h.
 */
#include "util/text.h"

#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/banned.h"

/* Length of the valid UTF-8 sequence at p, or 0. */
static size_t utf8_seq(const unsigned char *p)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned lo = c == 0xE0 ? 0xA0 : 0x80;
		unsigned hi = c == 0xED ? 0x9F : 0xBF;
		if (p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned lo = c == 0xF0 ? 0x90 : 0x80;
		unsigned hi = c == 0xF4 ? 0x8F : 0xBF;
		if (p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

int sd_utf8_check(const char *text, const char *file, struct sd_error *err)
{
	const unsigned char *p = (const unsigned char *)text;

	while (*p) {
		size_t n = utf8_seq(p);
		if (!n) {
			int line, col;
			sd_text_position(text, (size_t)((const char *)p - text),
					 &line, &col);
			return sd_error_set(err, SD_ERR_SYNTAX, file, line, col,
					    "invalid UTF-8 byte 0x%02x: PostgreSQL text is taken as UTF8",
					    *p);
		}
		p += n;
	}
	return 0;
}

/* Bytes at p that make one control character to escape (1 for C0/DEL, 2
 * for a UTF-8 C1 control), or 0. */
static size_t control_at(const unsigned char *p)
{
	if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F)
		return 1;
	if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
		return 2;
	return 0;
}

int sd_has_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (control_at(p))
			return 1;
	return 0;
}

void sd_escape_controls(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = control_at(p);

		if (n == 1)
			strbuf_addf(out, "\\x%02x", *p);
		else if (n == 2)
			strbuf_addf(out, "\\u%04x", p[1]);
		else
			strbuf_addch(out, (char)*p);
		p += n ? n : 1;
	}
}

void sd_escape_controls_buf(char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;

	if (!size || !sd_has_controls(buf))
		return;
	sd_escape_controls(&sb, buf);
	n = sd_utf8_cut(sb.buf, sb.len, size - 1);
	memcpy(buf, sb.buf, n);
	buf[n] = '\0';
	strbuf_release(&sb);
}

size_t sd_utf8_cut(const char *s, size_t len, size_t max)
{
	size_t n;

	if (len <= max)
		return len;
	n = max;
	/* back over continuation bytes to the start of the character that
	 * does not fit */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}
