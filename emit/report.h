/*
 * emit/report.h: the drift report (`schemadiff drift`), as data, and its
 * four formats: text (for people, optionally coloured), JSON (versioned
 * layout, documented in README.md "drift"), JUnit XML (for CI) and Markdown
 * (for a chat or a ticket).
 *
 * emit/ only writes: the caller (ops/drift.c) decides what drifted and
 * fills the structs below; the format functions append to a strbuf and
 * never print. The same report gives the same bytes, except the
 * generated_at field.
 *
 * Memory: each struct drift_target owns an arena (so that targets can be
 * filled by different threads); every string and array of a target lives
 * there and drift_target_release() frees it. The targets array of a
 * struct drift_report is the caller's.
 */
#ifndef SD_REPORT_H
#define SD_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/strbuf.h"

/* The JSON layout's version ("version" key); bump on any incompatible
 * change of the layout. */
#define DRIFT_JSON_VERSION 1

enum drift_status {
	DRIFT_MISSING,		/* in the expected schema, not in the database */
	DRIFT_UNEXPECTED,	/* in the database, not in the expected schema */
	DRIFT_DIFFERENT,	/* in both, not the same */
};

/* One object that drifted. */
struct drift_object {
	enum drift_status status;
	const char *kind;	/* "table", "index" ... (sd_kind_name) */
	const char *schema;	/* NULL for schemas and extensions */
	const char *name;
	const char *display;	/* qualified name, quoted where needed */
	const char **details;	/* what differs, one line each */
	size_t ndetails;
	const char *sql;	/* statements that bring the database back to
				 * its version, each ending in ";\n" */
};

/* A version whose files changed after it was applied. */
struct drift_checksum {
	const char *version;
	const char *recorded;	/* checksum in the history table */
	const char *current;	/* checksum of the files now */
	const char **files;
	size_t nfiles;
};

struct drift_target {
	struct arena arena;
	const char *url;	/* redacted: never a password */
	const char *error;	/* set: the target could not be checked */
	const char *server;	/* "PostgreSQL 15.8", or NULL */
	bool no_history;	/* no version recorded for the schema */
	const char *untracked;	/* no history, objects exist: one of them */
	const char *version;	/* recorded (greatest) version, or NULL */
	/* why objects were not compared (NULL: they were) */
	const char *objects_skipped;
	struct drift_object *objects;	/* sorted: kind, schema, name */
	size_t nobjects;
	struct drift_checksum *checksums;
	size_t nchecksums;
	const char **unknown;	/* recorded, absent from the schema root */
	size_t nunknown;
	const char **out_of_order;	/* in the root, below the recorded
					 * version, never applied */
	size_t nout_of_order;
	const char **pending;	/* above the recorded version */
	size_t npending;
	bool pending_is_drift;	/* count pending versions as drift */
	/* objects compared and found equal ("table public.t"), for the
	 * JUnit test cases; sorted */
	const char **matching;
	size_t nmatching;
	/* objects equal on both sides that the SQL drops and creates again
	 * around a change to what they read ("view public.v"); sorted */
	const char **remade;
	size_t nremade;
	/* every statement of sql of the objects, in the order the diff
	 * gives (runnable as written); NULL: concatenate the objects' */
	const char *sql;
};

struct drift_report {
	const char *generated_at;	/* ISO 8601 UTC */
	const char *schema_name;
	const char *schema_root;	/* the folder as given */
	const char *latest;	/* latest version of the root, or NULL */
	const char *const *ignore;	/* ignore patterns, as given */
	size_t nignore;
	struct drift_target *targets;	/* in the order given */
	size_t ntargets;
};

void drift_target_init(struct drift_target *t);
void drift_target_release(struct drift_target *t);
/* true when the target was checked and drifted (errors are not drift). */
bool drift_target_drifted(const struct drift_target *t);
const char *drift_status_name(enum drift_status s);
/* Sort t->objects by kind order (the position of kind in kinds, a NULL
 * terminated list; unknown kinds last), schema, name. */
void drift_target_sort(struct drift_target *t, const char *const *kinds);

/* Counts over the report. */
struct drift_counts {
	size_t targets, clean, drifted, errors;
};
void drift_report_count(const struct drift_report *r, struct drift_counts *c);

/*
 * An ignore rule: "glob" on the qualified name (schema.name, unquoted; the
 * bare name for schemas and extensions) or "kind:glob" (kind as
 * sd_kind_name spells it, or a glob on it). fnmatch(3) globs, no flags.
 * Returns true when any of the patterns matches.
 */
bool drift_ignored(const char *const *patterns, size_t n, const char *kind,
		   const char *schema, const char *name);

/* The formats. color: ANSI colours in the text format. */
void drift_report_text(const struct drift_report *r, bool color,
		       struct strbuf *out);
/* 0, or -1 when out of memory. */
int drift_report_json(const struct drift_report *r, struct strbuf *out);
void drift_report_junit(const struct drift_report *r, struct strbuf *out);
void drift_report_markdown(const struct drift_report *r, struct strbuf *out);

#endif
