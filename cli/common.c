/*
 * cli/common.c: error printing, usage, durations, and printing the
 * engine's events (progress lines only with --progress or a terminal).
 * Nothing here is kept between calls but that switch.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/strbuf.h"
#include "util/banned.h"

int cli_report(const struct sd_error *err)
{
	struct strbuf sb = STRBUF_INIT;

	sd_error_format(err, &sb);
	fprintf(stderr, "schemadiff: error: %s\n", sb.buf);
	if (err->hint[0])
		fprintf(stderr, "hint: %s\n", err->hint);
	strbuf_release(&sb);
	return EXIT_ERROR;
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("schemadiff: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERROR;
}

int cli_usage(const char *usage, int misuse)
{
	fputs(usage, misuse ? stderr : stdout);
	return misuse ? EXIT_USAGE : EXIT_OK;
}

int cli_finish(int code)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "schemadiff: error: writing to standard output: %s\n",
			strerror(errno ? errno : EIO));
		return EXIT_ERROR;
	}
	return code;
}

long cli_parse_duration(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return -2;
	if (!strcmp(end, "ms"))
		return (long)v;
	if (!strcmp(end, "s"))
		return (long)(v * 1000);
	if (!strcmp(end, "m") || !strcmp(end, "min"))
		return (long)(v * 60000);
	if (!strcmp(end, "h"))
		return (long)(v * 3600000);
	if (!*end && v == 0)
		return 0;
	return -2;
}

int cli_progress;

static void print_event(void *ctx, const struct ops_event *ev)
{
	const char *prefix = "schemadiff: ";

	switch (ev->kind) {
	case OPS_EVENT_STEP:
		if (cli_progress)
			fprintf(stderr, "[%zu/%zu] %s  %.1f s\n", ev->index,
				ev->total, ev->message, ev->seconds);
		return;
	case OPS_EVENT_SQL:
		fputs(ev->message, stdout);
		fflush(stdout);
		return;
	case OPS_EVENT_HINT:
		fprintf(stderr, "hint: %s\n", ev->message);
		return;
	case OPS_EVENT_NOTE:
		prefix = "schemadiff: note: ";
		break;
	case OPS_EVENT_WARNING:
		prefix = "schemadiff: warning: ";
		break;
	case OPS_EVENT_ERROR:
		prefix = "schemadiff: error: ";
		break;
	case OPS_EVENT_STATS:
		prefix = "schemadiff: stats: ";
		break;
	default:
		break;
	}
	fprintf(stderr, "%s%s\n", prefix, ev->message);
}

void cli_events(struct ops_events *ev)
{
	const char *stats = getenv("SCHEMADIFF_STATS");

	ev->on_event = print_event;
	ev->ctx = NULL;
	/* the benchmarks want figures */
	ev->stats = stats && *stats && strcmp(stats, "0");
}
