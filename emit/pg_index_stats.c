/*
 * emit/pg_index_stats.c: ALTER INDEX ... ALTER COLUMN n SET STATISTICS
 * for each expression column whose target changes (-1: back to the
 * default). Writes into the caller's strbuf.
 */
#include "emit/pg_internal.h"

#include <string.h>

#include "util/banned.h"

void emit_alter_index_statistics(const struct change *ch, struct strbuf *out)
{
	const struct sd_index *o = (const struct sd_index *)ch->old_obj;
	const struct sd_index *n = (const struct sd_index *)ch->new_obj;

	for (size_t i = 0; i < n->nelems; i++) {
		const char *was = o && i < o->nelems ? o->elems[i].statistics
						      : NULL;
		const char *now = n->elems[i].statistics;

		if ((!was && !now) || (was && now && !strcmp(was, now)))
			continue;
		strbuf_addstr(out, "ALTER INDEX ");
		pg_add_name(out, &n->base);
		strbuf_addf(out, " ALTER COLUMN %zu SET STATISTICS %s;\n",
			    i + 1, now ? now : "-1");
	}
}
