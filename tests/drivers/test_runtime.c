/*
 * tests/drivers/test_runtime.c: the process-wide runtime of the drivers
 * that needs no server: scrubbing passwords in place (argv), the owner
 * record of scratch databases and when its owner counts as gone, scratch
 * names, connect timeouts under a thread's deadline, and the cancel flag.
 * The behaviour on real servers is in tests/fault/.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "drivers/driver.h"
#include "util/strbuf.h"

static void scrub_is(const char *in, const char *want, int nwant)
{
	char buf[512];
	int n;

	snprintf(buf, sizeof(buf), "%s", in);
	n = sd_scrub_password(buf);
	cr_expect_str_eq(buf, want, "scrubbing %s", in);
	cr_expect_eq(n, nwant, "%s: %d passwords, want %d", in, n, nwant);
	cr_expect_eq(strlen(buf), strlen(in), "the length is kept");
}

Test(runtime, scrub_url_forms)
{
	scrub_is("postgres://u:secret@h/db", "postgres://u:xxxxxx@h/db", 1);
	scrub_is("mysql://u:p@ss@h:3306/db", "mysql://u:xxxx@h:3306/db", 1);
	scrub_is("postgres://u@h/db?password=secret&sslmode=off",
		 "postgres://u@h/db?password=xxxxxx&sslmode=off", 1);
	scrub_is("postgres://u:a@h/db?password=b", "postgres://u:x@h/db?password=x", 2);
	scrub_is("postgres://u@h/db", "postgres://u@h/db", 0);
	scrub_is("/some/path/schema.sql", "/some/path/schema.sql", 0);
}

Test(runtime, scrub_conninfo_forms)
{
	scrub_is("host=h password=secret dbname=d",
		 "host=h password=xxxxxx dbname=d", 1);
	scrub_is("host=h password = 'se cr\\'et' dbname=d",
		 "host=h password = 'xxxxxxxxx' dbname=d", 1);
	scrub_is("host=h dbname=d", "host=h dbname=d", 0);
}

Test(runtime, scratch_names_are_unique)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char prefix[64];

	sd_scratch_name(&a);
	sd_scratch_name(&b);
	snprintf(prefix, sizeof(prefix), SD_SCRATCH_PREFIX "%ld_", (long)getpid());
	cr_expect(!strncmp(a.buf, prefix, strlen(prefix)), "%s", a.buf);
	cr_expect_eq(a.len, strlen(prefix) + 16, "%s: a 64-bit random suffix", a.buf);
	cr_expect_str_neq(a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
}

Test(runtime, scratch_owner_liveness)
{
	struct strbuf own = STRBUF_INIT, other = STRBUF_INIT;
	char host[256] = "";

	sd_scratch_owner(&own);
	cr_expect_eq(sd_scratch_owner_gone(own.buf), 0, "this process runs: %s", own.buf);
	gethostname(host, sizeof(host) - 1);
	/* our pid, another start time: a process of an earlier container */
	strbuf_addf(&other, "schemadiff scratch host=%s pid=%ld pstart=1 created=%lld",
		    host, (long)getpid(), (long long)time(NULL));
	cr_expect_eq(sd_scratch_owner_gone(other.buf), 1);
	strbuf_reset(&other);
	strbuf_addf(&other, "schemadiff scratch host=elsewhere pid=1 pstart=1 created=%lld",
		    (long long)time(NULL));
	cr_expect_eq(sd_scratch_owner_gone(other.buf), 0, "another host, recent: kept");
	strbuf_reset(&other);
	strbuf_addf(&other, "schemadiff scratch host=elsewhere pid=1 pstart=1 created=%lld",
		    (long long)time(NULL) - 2 * 86400);
	cr_expect_eq(sd_scratch_owner_gone(other.buf), 1, "older than a day");
	cr_expect_eq(sd_scratch_owner_gone(NULL), 0);
	cr_expect_eq(sd_scratch_owner_gone("a comment of the user"), 0);
	strbuf_release(&own);
	strbuf_release(&other);
}

Test(runtime, connect_timeout_and_deadline)
{
	struct timespec ts;

	sd_set_connect_timeout(0);
	cr_expect_eq(sd_connect_timeout_ms(), SD_CONNECT_TIMEOUT_DEFAULT_MS);
	sd_set_connect_timeout(3000);
	cr_expect_eq(sd_next_connect_timeout_ms(), 3000);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	sd_deadline_set(ts.tv_sec + ts.tv_nsec / 1e9 + 1.0);
	cr_expect(sd_next_connect_timeout_ms() <= 1000, "the deadline is nearer");
	sd_deadline_set(0);
	cr_expect_eq(sd_next_connect_timeout_ms(), 3000);
	sd_set_connect_timeout(0);
}

Test(runtime, cancel_request)
{
	struct sd_error err = { 0 };

	cr_assert_eq(sd_cancel_check(&err), 0);
	sd_cancel_request(SIGTERM);
	cr_expect_eq(sd_cancel_signal(), SIGTERM);
	cr_expect_eq(sd_cancel_check(&err), SD_ERR_CANCELLED);
	cr_expect_str_eq(err.msg, "interrupted by SIGTERM");
	sd_cancel_request(SIGINT);	/* only the first counts */
	cr_expect_eq(sd_cancel_signal(), SIGTERM);
}
