/*
 * diff/hazards.h: what a change risks on a live database, decided per
 * change kind and dialect from the two catalogs (diff/hazards.c).
 *
 * A hazard is one bit of a mask: deletes-data, rewrites-table,
 * blocks-writes, blocks-reads, validates, builds-index, breaks-dependents,
 * not-transactional, irreversible. Blocking hazards also say which lock is
 * taken and whether it is held for a constant time or for a time
 * proportional to the table (a scan, a rewrite, an index build).
 *
 * Memory: nothing is allocated; names are static strings; text is
 * appended to the caller's strbuf.
 */
#ifndef SD_HAZARDS_H
#define SD_HAZARDS_H

#include <stdbool.h>

#include "diff/diff.h"
#include "util/error.h"
#include "util/strbuf.h"

enum hazard {
	HZ_DELETES_DATA = 1u << 0,
	HZ_REWRITES_TABLE = 1u << 1,
	HZ_BLOCKS_WRITES = 1u << 2,
	HZ_BLOCKS_READS = 1u << 3,
	HZ_VALIDATES = 1u << 4,
	HZ_BUILDS_INDEX = 1u << 5,
	HZ_BREAKS_DEPENDENTS = 1u << 6,
	HZ_NOT_TRANSACTIONAL = 1u << 7,
	HZ_IRREVERSIBLE = 1u << 8,
};
#define HZ_NKINDS 9
#define HZ_ALL ((1u << HZ_NKINDS) - 1)

/* How long a blocking lock is held in the worst case. */
enum hazard_duration {
	HZ_DUR_NONE = 0,	/* no blocking lock */
	HZ_DUR_CONSTANT,	/* a catalog change: does not grow with the
				 * table (but waits for every open
				 * transaction on it) */
	HZ_DUR_TABLE,		/* proportional to the table's size */
};

struct change_hazards {
	unsigned mask;		/* enum hazard bits */
	const char *lock;	/* "ACCESS EXCLUSIVE", "SHARE", "metadata"
				 * ...; NULL: no lock worth naming */
	enum hazard_duration duration;
	/* the table whose size matters (rewrite, scan, index build), for
	 * live facts; NULL when none */
	const char *table_schema, *table_name;
};

/* The hazards of one change of cs (in cs's dialect). */
void change_hazards(const struct changeset *cs, const struct change *ch,
		    struct change_hazards *out);

/* "deletes-data" ... for one bit; NULL for anything else. */
const char *hazard_name(unsigned bit);
/* Parse "KIND,KIND..." (the names above, "all", or "none") into *mask;
 * SD_ERR naming the unknown word. */
int hazard_parse_list(const char *s, unsigned *mask, struct sd_error *err);
/* "rewrites-table, blocks-writes" for a mask ("none" when 0). */
void hazard_mask_format(unsigned mask, struct strbuf *out);
/* "rewrites-table, blocks-writes (ACCESS EXCLUSIVE, proportional to the
 * table)"; "none" when the change has no hazard. */
void change_hazards_format(const struct change_hazards *h,
			   struct strbuf *out);
/* The name of a change kind ("add-column"), NULL for a value out of
 * range or a kind without a name. */
const char *change_kind_name(enum change_type type);

/* One line per change of cs: its kind in brackets, its description,
 * ": ", its hazards ("[add-column] add column public.t.c: blocks-writes, blocks-reads (ACCESS
 * EXCLUSIVE lock, held briefly)"). */
void changeset_hazards_report(const struct changeset *cs, struct strbuf *out);

/* The table of change kind x hazards of both dialects, as the markdown
 * rows docs/hazards.md holds (a test keeps the two equal). */
void hazards_doc_table(struct strbuf *out);
/* 1 when the kind has a rule for the dialect (a kind that never occurs
 * there has an explicit "n/a" rule). */
int hazards_kind_covered(enum change_type type, enum sql_dialect dialect);
/* 1 when the kind occurs in the dialect (its rule is not n/a). */
int hazards_kind_occurs(enum change_type type, enum sql_dialect dialect);

#endif
