/*
 * parser/mysql/mysql_insert.c: the tables a MySQL script inserts into
 * (INSERT [LOW_PRIORITY | DELAYED | HIGH_PRIORITY] [IGNORE] [INTO] t,
 * REPLACE [INTO] t), read from our tokenizer: what demo-data files fill,
 * for plan's warning (ops/demo.c).
 *
 * Memory: the names are malloc'd strings handed to the caller's vec; the
 * tokens live in an arena released before returning.
 */
#include <stdlib.h>
#include <string.h>

#include "parser/mysql/mysql_internal.h"
#include "parser/mysql/mysql_parser.h"
#include "util/banned.h"

static bool is_name(const struct my_token *t)
{
	return t->type == MT_WORD || t->type == MT_QIDENT;
}

int mysql_insert_targets(const char *file, const char *sql, struct vec *out,
			 struct sd_error *err)
{
	static const char *const mods[] = {
		"low_priority", "delayed", "high_priority", "ignore", "into",
		NULL
	};
	struct arena a = ARENA_INIT;
	struct vec stmts = VEC_INIT;
	int rc;

	rc = my_lex(&a, file, sql, NULL, &stmts, err);
	for (size_t i = 0; !rc && i < stmts.len; i++) {
		const struct my_stmt *st = stmts.items[i];
		const struct my_token *t = st->toks;
		struct strbuf sb = STRBUF_INIT;
		size_t k = 1;

		if (!st->ntoks || !(my_is(&t[0], "insert") || my_is(&t[0], "replace")))
			continue;
		for (;;) {
			bool mod = false;
			for (size_t m = 0; mods[m] && k < st->ntoks; m++)
				if (t[k].type == MT_WORD && my_is(&t[k], mods[m]))
					mod = true;
			if (!mod)
				break;
			k++;
		}
		if (k >= st->ntoks || !is_name(&t[k]))
			continue;
		if (k + 2 < st->ntoks && my_is_op(&t[k + 1], ".") &&
		    is_name(&t[k + 2]))
			strbuf_addf(&sb, "%s.%s", t[k].text, t[k + 2].text);
		else
			strbuf_addstr(&sb, t[k].text);
		vec_push(out, strbuf_detach(&sb, NULL));
	}
	vec_release(&stmts);
	arena_release(&a);
	return rc;
}
