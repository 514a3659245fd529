/*
 * drivers/pg_introspect_replident.c: REPLICA IDENTITY (pg_class.
 * relreplident and the index pg_index.indisreplident marks) and trigger
 * enable states (pg_trigger.tgenabled), set on the tables and triggers
 * already read. Only what is not the default is read. A table whose
 * replica identity is USING INDEX but which has no such index any more
 * (it was dropped) behaves as NOTHING, and is read so.
 *
 * Memory: strings are copied into the catalog's arena; the caller clears
 * the result.
 */
#include "drivers/pg_introspect_replident.h"
#include "drivers/pg_introspect_internal.h"

#include <string.h>

#include "util/banned.h"

const char pg_sql_replidents[] =
	"SELECT n.nspname, c.relname, c.relreplident, ic.relname\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisreplident\n"
	"LEFT JOIN pg_class ic ON ic.oid = i.indexrelid\n"
	"WHERE c.relreplident <> 'd' AND " USER_TABLE("c", "n") "\n"
	"ORDER BY 1, 2";

int introspect_replident(struct catalog *cat, const PGresult *res,
			 struct sd_error *err)
{
	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_table *t = catalog_find(cat, SD_TABLE, val(res, r, 0),
						  val(res, r, 1));
		char k = charval(res, r, 2);

		if (!t)
			continue;
		if (k == 'i' && !val(res, r, 3))
			k = 'n';
		t->replident = k;
		t->replident_index = k == 'i' ? dupval(cat, res, r, 3) : NULL;
	}
	return 0;
}

const char pg_sql_trigger_states[] =
	"SELECT n.nspname, c.relname, t.tgname, t.tgenabled\n"
	"FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE NOT t.tgisinternal AND t.tgenabled <> 'O'\n"
	"  AND " USER_NS("n.nspname") " AND " NOT_EXT("pg_class", "c.oid") "\n"
	"ORDER BY 1, 2, 3";

int introspect_trigger_state(struct catalog *cat, const PGresult *res,
			     struct sd_error *err)
{
	struct strbuf name = STRBUF_INIT;

	(void)err;
	for (int r = 0; r < PQntuples(res); r++) {
		struct sd_trigger *t;

		strbuf_reset(&name);
		strbuf_addf(&name, "%s.%s", val(res, r, 1), val(res, r, 2));
		t = catalog_find(cat, SD_TRIGGER, val(res, r, 0), name.buf);
		if (t)
			t->enabled = charval(res, r, 3);
	}
	strbuf_release(&name);
	return 0;
}
