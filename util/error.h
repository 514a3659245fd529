/*
 * util/error.h: the error that library folders fill and return. They never
 * print or exit; cli/ prints `schemadiff: error: FILE:LINE:COL: message`.
 *
 * Library functions return 0 on success or a negative code (SD_ERR_*)
 * and fill the struct sd_error they are given (which may be NULL).
 */
#ifndef SD_ERROR_H
#define SD_ERROR_H

#include <stddef.h>

enum sd_err_code {
	SD_OK = 0,
	SD_ERR = -1,		/* generic: bad input */
	SD_ERR_IO = -2,		/* reading or writing a file */
	SD_ERR_SYNTAX = -3,	/* SQL or JSON syntax */
	SD_ERR_UNSUPPORTED = -4,	/* a statement or feature not handled */
	SD_ERR_SPEC = -5,	/* schema root does not follow the spec */
	SD_ERR_CONFLICT = -6,	/* would overwrite, or verification failed */
	SD_ERR_DB = -7,		/* database error */
	SD_ERR_CANCELLED = -8,	/* stopped by a cancel request (a signal) */
	SD_ERR_TIMEOUT = -9,	/* a connection or a target took too long */
	SD_ERR_NEEDS_SERVER = -10,	/* a script only a server can follow
					 * (DO, CALL, a call that makes
					 * objects): replay it on one */
};

struct sd_error {
	int code;
	char file[1024];	/* "" when unknown */
	int line;		/* 1-based; 0 when unknown */
	int col;		/* 1-based; 0 when unknown */
	char msg[2048];
	char hint[512];		/* "" when none */
};

/* Fill err (if non-NULL) and return code. file may be NULL. */
int sd_error_set(struct sd_error *err, int code, const char *file, int line,
		 int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
int sd_error_hint(struct sd_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sd_error_clear(struct sd_error *err);
/* Turn a byte offset into text into a 1-based line and column. */
void sd_text_position(const char *text, size_t offset, int *line, int *col);
/* Format as "FILE:LINE:COL: message" (parts omitted when unknown). */
struct strbuf;
void sd_error_format(const struct sd_error *err, struct strbuf *out);

/* Warnings go through one sink so that cli/ decides where they appear. */
typedef void (*sd_warn_fn)(const char *file, int line, int col,
			   const char *msg);
void sd_set_warn_handler(sd_warn_fn fn);
void sd_warn(const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A sink for the calling thread's warnings only, taking precedence over
 * the handler above while its fn is set (ops/ hands them to the events of
 * the operation running on the thread). *saved (when not NULL) gets the
 * sink that was set, to be put back the same way; sink NULL: none. */
struct sd_warn_sink {
	void (*fn)(void *ctx, const char *file, int line, int col,
		   const char *msg);
	void *ctx;
};
void sd_warn_sink_swap(const struct sd_warn_sink *sink,
		       struct sd_warn_sink *saved);

#endif
