/*
 * ops/runtime.c: what runs around every operation: the process-wide
 * connect timeout, the cancel request (from a signal handler), and the
 * per-statement progress events (OPS_EVENT_STEP), and the process's
 * malloc settings (ops_runtime_init). The state itself lives
 * in drivers/driver.c, which every driver consults; this file is the
 * engine's face of it.
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "ops/ops_internal.h"
#include "drivers/driver.h"
#include "util/strbuf.h"
#include "util/banned.h"

void ops_runtime_init(void)
{
	/* glibc: threads share the main arena (a failure only costs
	 * memory) */
	(void)mallopt(M_ARENA_MAX, 1);
}

void ops_set_connect_timeout(long ms)
{
	sd_set_connect_timeout(ms);
}

void ops_cancel(int signo)
{
	sd_cancel_request(signo);
}

int ops_cancel_signal(void)
{
	return sd_cancel_signal();
}

const char *ops_signal_name(void)
{
	int sig = sd_cancel_signal();

	return sig == 2 ? "SIGINT" : sig == 15 ? "SIGTERM" : "a signal";
}

void ops_emit_step(const struct ops_events *ev, size_t index, size_t total,
		   const char *stmt, double seconds)
{
	struct ops_event e = { 0 };
	struct strbuf sb = STRBUF_INIT;
	size_t n = strcspn(stmt, "\n");

	if (!ev || !ev->on_event)
		return;
	/* the statement's first line, cut: a progress line is one line */
	if (n > 72)
		n = 72;
	strbuf_add(&sb, stmt, n);
	if (stmt[n])
		strbuf_addstr(&sb, " ...");
	e.kind = OPS_EVENT_STEP;
	e.message = sb.buf;
	e.index = index;
	e.total = total;
	e.seconds = seconds;
	ops_emit_event(ev, &e);
	strbuf_release(&sb);
}
