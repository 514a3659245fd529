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

/*
 * MySQL (canonical types as docs/mysql.md spells them: "int(11)",
 * "int(10) unsigned", "varchar(20)", "decimal(10,2)", "mediumtext").
 * Display widths do not matter; an unsigned change never widens (negative
 * values, or the upper half of the range, are lost).
 */

/* 1..5 for tinyint .. bigint, 0 otherwise. */
static int my_int_rank(const char *base)
{
	static const char *const ladder[] = {
		"tinyint", "smallint", "mediumint", "int", "bigint",
	};

	for (int i = 0; i < 5; i++)
		if (!strcmp(base, ladder[i]))
			return i + 1;
	return 0;
}

/* The rank of a type on a ladder of types each holding the previous
 * (text and blob kinds), 0 when not on it. */
static int my_ladder(const char *base, const char *const *ladder)
{
	for (int i = 0; ladder[i]; i++)
		if (!strcmp(base, ladder[i]))
			return i + 1;
	return 0;
}

static const char *const my_texts[] = {
	"tinytext", "text", "mediumtext", "longtext", NULL,
};
static const char *const my_blobs[] = {
	"tinyblob", "blob", "mediumblob", "longblob", NULL,
};

/* Split "name(a,b) unsigned zerofill" into the name, the modifiers and
 * whether it is unsigned. */
struct my_type {
	char base[32];
	int nmods;
	long a, b;
	bool is_unsigned;
};

static bool my_parse(const char *s, struct my_type *t)
{
	size_t n = strcspn(s, "( ");
	char *end;

	memset(t, 0, sizeof(*t));
	if (n == 0 || n >= sizeof(t->base))
		return false;
	memcpy(t->base, s, n);
	s += n;
	if (*s == '(') {
		if (!strcmp(t->base, "enum") || !strcmp(t->base, "set"))
			return true;
		t->a = strtol(s + 1, &end, 10);
		t->nmods = 1;
		if (*end == ',') {
			t->b = strtol(end + 1, &end, 10);
			t->nmods = 2;
		}
		if (*end != ')')
			return false;
		s = end + 1;
	}
	t->is_unsigned = strstr(s, "unsigned") != NULL;
	return true;
}

/* enum('a','b') -> enum('a','b','c'): labels appended keep every value. */
static bool my_labels_appended(const char *from, const char *to)
{
	size_t fl = strlen(from);

	return fl > 1 && from[fl - 1] == ')' && !strncmp(from, to, fl - 1) &&
	       to[fl - 1] == ',';
}

bool diff_type_widens_mysql(const char *from, const char *to)
{
	struct my_type f, t;
	int fr, tr;

	if (!from || !to)
		return false;
	if (!strcmp(from, to))
		return true;
	if (!my_parse(from, &f) || !my_parse(to, &t))
		return false;
	if (!strcmp(f.base, "enum") || !strcmp(f.base, "set"))
		return !strcmp(f.base, t.base) && my_labels_appended(from, to);
	if ((fr = my_int_rank(f.base))) {
		tr = my_int_rank(t.base);
		if (tr)
			return tr >= fr && f.is_unsigned == t.is_unsigned;
		/* into a decimal with room for every digit */
		return !strcmp(t.base, "decimal") && !f.is_unsigned &&
		       !t.is_unsigned && t.a - (t.nmods == 2 ? t.b : 0) >= 20;
	}
	if (f.is_unsigned != t.is_unsigned)
		return false;
	if (!strcmp(f.base, "decimal")) {
		if (strcmp(t.base, "decimal"))
			return false;
		if (f.nmods < 2)
			f.b = 0;
		if (t.nmods < 2)
			t.b = 0;
		return t.b >= f.b && t.a - t.b >= f.a - f.b;
	}
	if (!strcmp(f.base, "float"))
		return !strcmp(t.base, "double") ||
		       (!strcmp(t.base, "float") && !f.nmods && !t.nmods);
	/* a longer string of the same kind; char into varchar */
	if (!strcmp(f.base, "varchar") || !strcmp(f.base, "char")) {
		if (!strcmp(t.base, "varchar") ||
		    (!strcmp(t.base, "char") && !strcmp(f.base, "char")))
			return t.a >= f.a;
		tr = my_ladder(t.base, my_texts);
		/* text holds 65,535 bytes: 16,383 four-byte characters */
		return tr > 2 || (tr == 2 && f.a <= 16383);
	}
	if (!strcmp(f.base, "varbinary") || !strcmp(f.base, "binary")) {
		if (!strcmp(t.base, "varbinary") ||
		    (!strcmp(t.base, "binary") && !strcmp(f.base, "binary")))
			return t.a >= f.a;
		tr = my_ladder(t.base, my_blobs);
		return tr > 2 || (tr == 2 && f.a <= 65535);
	}
	if ((fr = my_ladder(f.base, my_texts)))
		return my_ladder(t.base, my_texts) >= fr;
	if ((fr = my_ladder(f.base, my_blobs)))
		return my_ladder(t.base, my_blobs) >= fr;
	/* fractional seconds and bit widths up */
	if (!strcmp(f.base, "datetime") || !strcmp(f.base, "timestamp") ||
	    !strcmp(f.base, "time") || !strcmp(f.base, "bit"))
		return !strcmp(f.base, t.base) &&
		       (t.nmods ? t.a : 0) >= (f.nmods ? f.a : 0);
	return false;
}
