/*
 * ops/live_canon.c: a live PostgreSQL catalog in the offline canonical
 * form, to tell which desired objects are already as they are live.
 *
 * The server prints expressions its own way ('a'::character varying,
 * CHECK ((id > 0)), ((id % (10)::bigint))); the parser's canonical form
 * of a desired file does not (model/catalog.h). The offline comparison
 * (inspect, then plan) already makes the two agree: both go through the
 * parser. So the live catalog's create script (what inspect writes) is
 * parsed like a desired file, and an object whose parsed form equals this
 * one needs no scratch database (ops/normalize.c). Only the comparison
 * uses this catalog; what is compared with the live database afterwards
 * is still the server's own text.
 *
 * Memory: the catalog returned belongs to the caller (catalog_free).
 * Warnings of the parse are dropped (the script is ours, and a failure
 * only means that everything goes through the scratch database).
 */
#include <stdlib.h>

#include "ops/ops_internal.h"
#include "diff/diff.h"
#include "emit/emit.h"
#include "model/catalog.h"
#include "parser/pg/pg_parser.h"
#include "util/strbuf.h"
#include "util/banned.h"

static void drop_warning(void *ctx, const char *file, int line, int col,
			 const char *msg)
{
	(void)ctx;
	(void)file;
	(void)line;
	(void)col;
	(void)msg;
}

int ops_live_canonical(const struct catalog *live, struct catalog **out,
		       struct sd_error *err)
{
	struct sd_warn_sink quiet = { drop_warning, NULL }, saved;
	struct catalog *empty = catalog_new(live->dialect), *cat = NULL;
	struct changeset *cs = NULL;
	struct strbuf sql = STRBUF_INIT;
	int rc;

	*out = NULL;
	if (live->dialect != SQL_POSTGRES) {
		rc = sd_error_set(err, SD_ERR_UNSUPPORTED, NULL, 0, 0,
				  "the live canonical form is for PostgreSQL");
		goto out;
	}
	rc = diff_catalogs(empty, live, &cs, err);
	if (rc)
		goto out;
	emit_changeset(cs, &sql);
	changeset_free(cs);
	cs = NULL;
	cat = catalog_new(live->dialect);
	sd_warn_sink_swap(&quiet, &saved);
	rc = pg_load_desired_text(cat, "(live database)", sql.buf, err);
	sd_warn_sink_swap(&saved, NULL);
	if (rc)
		goto out;
	*out = cat;
	cat = NULL;
out:
	strbuf_release(&sql);
	changeset_free(cs);
	catalog_free(cat);
	catalog_free(empty);
	return rc;
}
