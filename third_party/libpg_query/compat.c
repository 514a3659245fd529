/*
 * third_party/libpg_query/compat.c: the two C library functions that the
 * libpg_query 18 archive of Debian's libpg-query-dev 18.1.0-2 (built
 * against glibc 2.38+) calls and Debian 12's glibc 2.36 lacks. Ours, not
 * libpg_query's; linked only with that archive (the Makefile leaves it out
 * when the build uses a system libpg_query). No allocation, no state.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

unsigned long __isoc23_strtoul(const char *s, char **end, int base);
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * C23 strtoul: as C11's, and with base 0 or 2 a "0b"/"0B" prefix followed
 * by a binary digit introduces a binary number (libpg_query's scanner
 * reads 0b101 literals with it). The sign applies as in strtoul: a minus
 * negates the value in unsigned arithmetic.
 */
unsigned long __isoc23_strtoul(const char *s, char **end, int base)
{
	const char *p = s;
	int neg = 0;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if ((base == 0 || base == 2) && p[0] == '0' && (p[1] == 'b' || p[1] == 'B') &&
	    (p[2] == '0' || p[2] == '1')) {
		char *e;
		unsigned long v = strtoul(p + 2, &e, 2);

		if (end)
			*end = e;
		if (v == ULONG_MAX && errno == ERANGE)
			return v;
		return neg ? -v : v;
	}
	return strtoul(s, end, base);
}

/* BSD strlcpy: copy at most size - 1 bytes, always terminate when size > 0,
 * return the length of src (truncation when the result is >= size). */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t k = n < size - 1 ? n : size - 1;

		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}
