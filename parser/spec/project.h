/*
 * parser/spec/project.h: the project file, schemadiff.json: the schema
 * roots of a repository, the desired-file folders of each, the named
 * environments mapping each root to one or many database URLs, ignore
 * rules per root and defaults for options. Also the cross-root keys of
 * version.json that a project run reads: `requires` (versions of other
 * roots a version needs) and `cluster-once` (source files that run on one
 * database of a clustered root, not on each).
 *
 * Memory: a struct sd_project owns an arena with everything it holds;
 * project_free() releases it.
 */
#ifndef SD_PROJECT_H
#define SD_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/error.h"
#include "util/strbuf.h"

#define PROJECT_FILE "schemadiff.json"

struct project_root {
	const char *name;
	const char *path;	/* the schema root, joined with the project dir */
	const char **desired;	/* desired-file folders or files, joined */
	size_t ndesired;
	const char **ignore;	/* "ignore": GLOB or KIND:GLOB */
	size_t nignore;
	const char *ignore_file;	/* "ignore-file", joined, or NULL */
};

/* One root's databases in one environment, URLs with ${VAR} expanded. */
struct project_targets {
	size_t root;		/* index into roots */
	const char **urls;
	size_t nurls;
};

struct project_env {
	const char *name;
	struct project_targets *targets;	/* in the file's order */
	size_t ntargets;
};

/* "defaults": what a command uses when its option is not given. */
struct project_defaults {
	const char *environment;	/* --env */
	long jobs;		/* --jobs; 0: unset */
	long canary;		/* --canary; -1: unset */
	int keep_going;		/* --continue; -1: unset */
	long deploy_lock_timeout_ms;	/* --deploy-lock-timeout; -2: unset */
	const char *format;	/* --format (text, json); NULL: unset */
};

struct sd_project {
	struct arena arena;
	const char *file;	/* the project file as found */
	const char *dir;	/* its folder */
	struct project_root *roots;	/* in the file's order */
	size_t nroots;
	struct project_env *envs;
	size_t nenvs;
	struct project_defaults defaults;
};

/* The project file for a command run in start (NULL: the working
 * directory): start/schemadiff.json, else its parent's, up to /. 0 and
 * the path appended to out; 1 when there is none. */
int project_find(const char *start, struct strbuf *out);

/*
 * Read and check a project file. Errors are located FILE:LINE:COL:
 * jansson's position for a syntax error; for a wrong key or type, the
 * position of the key (or value) in the text. Unknown keys are warned
 * about (sd_warn, with their position) and ignored. ${VAR} in a URL is
 * replaced by the environment variable's value (an unset one is an
 * error at the URL); everything else in a URL is left to the driver
 * (libpq services: "postgresql:///?service=name", "service=name").
 * 0, SD_ERR_SYNTAX, SD_ERR_SPEC or SD_ERR_IO.
 */
int project_read(const char *file, struct sd_project **out,
		 struct sd_error *err);
void project_free(struct sd_project *p);

const struct project_env *project_env(const struct sd_project *p,
				      const char *name);
/* The index of the root named name, or -1. */
long project_root_index(const struct sd_project *p, const char *name);

/*
 * Where the value of the member at path (keys of nested objects, an
 * array index written as its decimal digits) starts in a JSON text: 1-based
 * *line, *col of the key (key_pos true) or of its value. 0 when found,
 * -1 when not (then *line = *col = 1).
 */
int json_text_position(const char *text, const char *const *path, size_t n,
		       bool key_pos, int *line, int *col);

/*
 * The `requires` and `cluster-once` keys of a version's version.json
 * (dir/version.json): {"billing": "12"} and ["seed.sql"]. Arrays are
 * allocated in a; errors located in the file.
 */
struct version_links {
	const char **req_roots, **req_versions;
	size_t nrequires;
	int *req_line, *req_col;	/* where each one is written */
	const char **cluster_once;	/* source files */
	size_t ncluster_once;
};
int version_links_read(struct arena *a, const char *dir,
		       struct version_links *out, struct sd_error *err);

/* Write a new project file (roots named in names, each at db-schema/NAME
 * with desired files in schema/NAME, one "dev" environment) to
 * dir/schemadiff.json; SD_ERR_CONFLICT when it exists. */
int project_write_new(const char *dir, const char *const *names, size_t n,
		      const char *url, struct sd_error *err);

#endif
