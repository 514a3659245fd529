/*
 * cli/common.c: error printing, usage, durations, and printing the
 * engine's events (progress lines only with --progress or a terminal).
 * Nothing here is kept between calls but that switch.
 */
#include <errno.h>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

int cli_duration_opt(const char *opt, const char *arg, bool positive,
		     long *out)
{
	long v = cli_parse_duration(arg);

	if (v == -2) {
		fprintf(stderr, "schemadiff: error: invalid --%s \"%s\": use a number and a unit, such as 500ms, 5s or 2m\n",
			opt, arg);
		return -1;
	}
	if (positive && v == 0) {
		fprintf(stderr, "schemadiff: error: --%s must be more than 0\n", opt);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_ddl_lock_retries(const char *arg, int *out)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (end == arg || *end || n < 0 || n > 100) {
		fprintf(stderr, "schemadiff: error: invalid --ddl-lock-retries \"%s\": a number from 0 to 100\n",
			arg);
		return -1;
	}
	*out = n ? (int)n : -1;
	return 0;
}

/* ctx of print_event when stdout carries JSON: the plan's SQL is left
 * out */
static char no_sql;
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
		if (ctx == &no_sql)
			return;
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
	ops_replay_server_set(NULL, ev);
	/* the benchmarks want figures */
	ev->stats = stats && *stats && strcmp(stats, "0");
}

int cli_print_json_changes(const char *format, json_t *head,
			   const struct ops_changes *changes)
{
	struct strbuf arr = STRBUF_INIT;
	json_t *o = json_object(), *a;
	char *text;

	ops_changes_json(changes, &arr);
	a = json_loads(arr.buf, 0, NULL);
	json_object_set_new(o, "format", json_string(format));
	json_object_set_new(o, "version", json_integer(1));
	if (head)
		json_object_update(o, head);
	json_object_set_new(o, "changes", a ? a : json_array());
	text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text)
		printf("%s\n", text);
	free(text);
	json_decref(o);
	strbuf_release(&arr);
	return text ? 0 : -1;
}

int cli_parse_format_json(const char *arg, bool *json)
{
	if (!strcmp(arg, "json"))
		*json = true;
	else if (!strcmp(arg, "text"))
		*json = false;
	else
		return cli_error("unknown --format \"%s\": text or json", arg);
	return 0;
}

long long cli_parse_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return -2;
	if (!*end || !strcmp(end, "B"))
		return (long long)v;
	if (!strcasecmp(end, "kB") || !strcasecmp(end, "k"))
		return (long long)(v * 1024);
	if (!strcasecmp(end, "MB") || !strcasecmp(end, "M"))
		return (long long)(v * 1024 * 1024);
	if (!strcasecmp(end, "GB") || !strcasecmp(end, "G"))
		return (long long)(v * 1024 * 1024 * 1024);
	if (!strcasecmp(end, "TB") || !strcasecmp(end, "T"))
		return (long long)(v * 1024 * 1024 * 1024 * 1024);
	return -2;
}

void cli_events_no_sql(struct ops_events *ev)
{
	ev->ctx = &no_sql;
}

int cli_password_prompt(void)
{
	struct termios old, quiet;
	char buf[1024];
	ssize_t n;
	size_t len = 0;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	int echo_off;

	if (fd < 0)
		return cli_error("-W: no terminal to read the password from (/dev/tty: %s); use PGPASSWORD, .pgpass, MYSQL_PWD or an option file",
				 strerror(errno));
	echo_off = !tcgetattr(fd, &old);
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	if (write(fd, "Password: ", 10) < 0) {
		/* the prompt is a courtesy; reading still works */
	}
	while (len < sizeof(buf) - 1 && (n = read(fd, buf + len, 1)) == 1 &&
	       buf[len] != '\n')
		len++;
	buf[len] = '\0';
	if (echo_off)
		tcsetattr(fd, TCSAFLUSH, &old);
	close(fd);
	/* libpq and the MariaDB client read these; they stay in this
	 * process, out of argv */
	setenv("PGPASSWORD", buf, 1);
	setenv("MYSQL_PWD", buf, 1);
	memset(buf, 0, sizeof(buf));
	return 0;
}
