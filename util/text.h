/*
 * util/text.h: text checks and escapes shared by every folder: UTF-8
 * validation with a located error, control characters made visible in
 * human-readable output, and cutting text at a character boundary.
 */
#ifndef SD_TEXT_H
#define SD_TEXT_H

#include <stddef.h>

#include "util/error.h"

struct strbuf;

/* 0 when text (NUL-terminated) is valid UTF-8; otherwise SD_ERR_SYNTAX at
 * FILE:LINE:COL of the first invalid byte (overlong forms, surrogates and
 * code points over U+10FFFF are invalid, as PostgreSQL holds them). */
int sd_utf8_check(const char *text, const char *file, struct sd_error *err);

/* Append s to out with C0 control characters other than newline and tab,
 * DEL and the C1 controls (U+0080..U+009F) written as \xHH (\u00HH for C1),
 * and a backslash before each of them left as is, so that a name holding
 * ESC or BEL cannot drive the reader's terminal. Other bytes, and invalid
 * UTF-8, are copied unchanged. */
void sd_escape_controls(struct strbuf *out, const char *s);
/* True when s holds a byte that sd_escape_controls() would escape. */
int sd_has_controls(const char *s);
/* The same, in place in a fixed buffer of size bytes (truncated at a
 * character boundary when the escapes do not fit). */
void sd_escape_controls_buf(char *buf, size_t size);

/* The length of the longest prefix of s (of length len) that is at most
 * max bytes and does not end inside a UTF-8 sequence. */
size_t sd_utf8_cut(const char *s, size_t len, size_t max);

#endif
