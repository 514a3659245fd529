/*
 * parser/spec/version.c: schema versions as exact decimal numbers written as
 * strings ("3", "1.10", "20.043001"): validity, comparison by value (never
 * through floating point) and the default next version. See spec.h.
 *
 * Memory: nothing is allocated here except in the caller's strbuf.
 */
#include "parser/spec/spec.h"

#include <string.h>

#include "util/strbuf.h"
#include "util/banned.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int spec_version_valid(const char *s)
{
	const char *p = s;

	if (!s || !is_digit(*p))
		return 0;
	while (is_digit(*p))
		p++;
	if (!*p)
		return 1;
	if (*p != '.' || !is_digit(p[1]))
		return 0;
	for (p++; is_digit(*p); p++)
		;
	return *p == '\0';
}

/* The integer part of v without leading zeros ("" for zero) and its length;
 * *frac points after the '.' (or at the NUL). */
static const char *version_split(const char *v, size_t *intlen,
				 const char **frac)
{
	const char *p;

	while (*v == '0')
		v++;
	for (p = v; is_digit(*p); p++)
		;
	*intlen = (size_t)(p - v);
	*frac = *p == '.' ? p + 1 : p;
	return v;
}

int spec_version_cmp(const char *a, const char *b)
{
	const char *ia, *ib, *fa, *fb;
	size_t la, lb;
	int c;

	ia = version_split(a, &la, &fa);
	ib = version_split(b, &lb, &fb);
	if (la != lb)
		return la < lb ? -1 : 1;
	c = strncmp(ia, ib, la);
	if (c)
		return c < 0 ? -1 : 1;
	/* Fractions digit by digit; a missing digit counts as 0, so trailing
	 * zeros do not matter (1.1 == 1.10) and 1.09 < 1.1. */
	while (is_digit(*fa) || is_digit(*fb)) {
		char da = is_digit(*fa) ? *fa++ : '0';
		char db = is_digit(*fb) ? *fb++ : '0';
		if (da != db)
			return da < db ? -1 : 1;
	}
	return 0;
}

void spec_next_version(const struct schema_root *root, struct strbuf *out)
{
	const char *last, *ip, *frac;
	size_t len, start, i;

	if (!root || !root->nversions) {
		strbuf_addch(out, '1');
		return;
	}
	last = root->versions[root->nversions - 1].version;
	ip = version_split(last, &len, &frac);
	/* Increment the digit string, carrying; a leading '1' when it
	 * overflows ("99" -> "100", "" (zero) -> "1"). */
	start = out->len;
	strbuf_addch(out, '0');
	strbuf_add(out, ip, len);
	for (i = out->len; i > start; i--) {
		if (out->buf[i - 1] != '9') {
			out->buf[i - 1]++;
			break;
		}
		out->buf[i - 1] = '0';
	}
	if (out->buf[start] == '0') {
		memmove(out->buf + start, out->buf + start + 1,
			out->len - start - 1);
		strbuf_setlen(out, out->len - 1);
	}
}

const struct spec_version *spec_find_version(const struct schema_root *root,
					     const char *version)
{
	size_t lo = 0, hi;

	if (!root || !version || !spec_version_valid(version))
		return NULL;
	hi = root->nversions;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = spec_version_cmp(root->versions[mid].version, version);
		if (!c)
			return &root->versions[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
