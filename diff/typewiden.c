/*
 * diff/typewiden.c: which column type changes keep every value, so that
 * the change is not flagged destructive. Types are in canonical form (as
 * format_type prints them). Anything not known to widen is treated as
 * possibly lossy.
 */
#include <stdlib.h>
#include <string.h>

#include "diff/diff_internal.h"
#include "util/banned.h"

/* Parse "name(a)" or "name(a,b)" (spaces allowed after the comma) where
 * name is `base`; returns the number of modifiers read (0 when there are
 * none), or -1 when s is not that type. */
static int typmods(const char *s, const char *base, long *a, long *b)
{
	size_t n = strlen(base);
	char *end;

	if (strncmp(s, base, n))
		return -1;
	s += n;
	if (!*s)
		return 0;
	if (*s != '(')
		return -1;
	*a = strtol(s + 1, &end, 10);
	if (*end == ')' && !end[1])
		return 1;
	if (*end != ',')
		return -1;
	while (*++end == ' ')
		;
	*b = strtol(end, &end, 10);
	return (*end == ')' && !end[1]) ? 2 : -1;
}

static int rank_int(const char *t)
{
	if (!strcmp(t, "smallint"))
		return 1;
	if (!strcmp(t, "integer"))
		return 2;
	if (!strcmp(t, "bigint"))
		return 3;
	return 0;
}

static bool widens(const char *from, const char *to)
{
	long fa = 0, fb = 0, ta = 0, tb = 0;
	int fn, tn;

	/* character varying(n) -> character varying(m >= n), unbounded, text */
	fn = typmods(from, "character varying", &fa, &fb);
	if (fn >= 0) {
		if (!strcmp(to, "text"))
			return true;
		tn = typmods(to, "character varying", &ta, &tb);
		return tn == 0 || (tn == 1 && fn == 1 && ta >= fa);
	}
	if (!strcmp(from, "text"))
		return typmods(to, "character varying", &ta, &tb) == 0;
	fn = typmods(from, "bit varying", &fa, &fb);
	if (fn >= 0) {
		tn = typmods(to, "bit varying", &ta, &tb);
		return tn == 0 || (tn == 1 && fn == 1 && ta >= fa);
	}
	/* integers up the ladder, or into unbounded numeric */
	if (rank_int(from)) {
		if (rank_int(to))
			return rank_int(to) >= rank_int(from);
		return !strcmp(to, "numeric");
	}
	/* numeric(p,s) -> numeric(p',s') keeping integer digits and scale */
	fn = typmods(from, "numeric", &fa, &fb);
	if (fn >= 0) {
		tn = typmods(to, "numeric", &ta, &tb);
		if (tn == 0)
			return true;
		if (fn == 0 || tn < 0)
			return false;
		if (fn == 1)
			fb = 0;
		if (tn == 1)
			tb = 0;
		return tb >= fb && ta - tb >= fa - fb;
	}
	if (!strcmp(from, "real"))
		return !strcmp(to, "double precision");
	return false;
}

bool diff_type_widens(const char *from, const char *to)
{
	size_t fl, tl;

	if (!from || !to)
		return false;
	fl = strlen(from);
	tl = strlen(to);
	/* arrays: the same rule for the element types */
	if (fl > 2 && tl > 2 && !strcmp(from + fl - 2, "[]") &&
	    !strcmp(to + tl - 2, "[]")) {
		char *f = strndup(from, fl - 2), *t = strndup(to, tl - 2);
		bool r = f && t && widens(f, t);
		free(f);
		free(t);
		return r;
	}
	return widens(from, to);
}
