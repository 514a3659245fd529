/*
 * tests/fuzz/fuzz_common.h: what the libFuzzer targets share: the input as
 * a NUL-terminated string (an input holding a NUL is cut there, as files
 * with one are refused before parsing), splitting it in parts at a
 * "\n----\n" line, and warnings kept quiet.
 */
#ifndef SD_FUZZ_COMMON_H
#define SD_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_quiet(const char *file, int line, int col, const char *msg)
{
	(void)file;
	(void)line;
	(void)col;
	(void)msg;
}

/* A malloc'd NUL-terminated copy of the input. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	sd_set_warn_handler(fuzz_quiet);
	return s;
}

/* Cut text in place into at most n parts at "\n----\n"; returns how many
 * (the missing ones point at ""). */
static inline size_t fuzz_split(char *text, char **parts, size_t n)
{
	size_t k = 0;

	parts[k++] = text;
	while (k < n) {
		char *sep = strstr(parts[k - 1], "\n----\n");
		if (!sep)
			break;
		*sep = '\0';
		parts[k++] = sep + 6;
	}
	for (size_t i = k; i < n; i++)
		parts[i] = (char *)"";
	return k;
}

#endif
