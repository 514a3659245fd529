/*
 * tests/fuzz/fuzz_url.c: URL and conninfo parsing with redaction. The
 * input, taken as a whole, is redacted and classified (no crash); then,
 * as a property, the input is planted as a password in each spelling
 * libpq and the MariaDB client accept (URL userinfo raw and
 * percent-encoded, query keys password / pass%77ord / sslpassword,
 * conninfo quoted) and must never appear in the redacted text, nor in the
 * message of a refused URL. A secret that the text around it spells
 * anyway (the same template with a placeholder password shows it) cannot
 * be judged and is skipped.
 */
#include <ctype.h>
#include <stdio.h>

#include "drivers/driver.h"
#include "util/strbuf.h"
#include "tests/fuzz/fuzz_common.h"

static const char *templates[] = {
	"postgres://app:{raw}@db.example:5433/prod?sslmode=require",
	"postgresql://app:{enc}@db.example/prod",
	"mysql://app:{raw}@db.example/prod",
	"mariadb://app:{enc}@[::1]:3306/prod?socket=/tmp/s",
	"postgres://db.example/prod?user=app&password={enc}&sslmode=require",
	"postgres://db.example/prod?pass%77ord={enc}",
	"postgres://db.example/prod?%70assword={enc}&x=1",
	"postgres://db.example/prod?sslpassword={enc}",
	"postgres://db.example/prod?PASSWORD={raw}",
	"mysql://app@db.example/prod?password={enc}",
	"host=db.example password = '{q}' dbname=prod",
	"host=db.example sslpassword='{q}'",
	"oracle://app:{raw}@db.example/prod",
};

static void expand(const char *tpl, const char *secret, struct strbuf *out)
{
	while (*tpl) {
		const char *p;
		if (*tpl != '{') {
			strbuf_addch(out, *tpl++);
			continue;
		}
		if (!strncmp(tpl, "{raw}", 5)) {
			strbuf_addstr(out, secret);
			tpl += 5;
		} else if (!strncmp(tpl, "{enc}", 5)) {
			tpl += 5;
			for (p = secret; *p; p++) {
				if (isalnum((unsigned char)*p))
					strbuf_addch(out, *p);
				else
					strbuf_addf(out, "%%%02X", (unsigned char)*p);
			}
		} else if (!strncmp(tpl, "{q}", 3)) {
			tpl += 3;
			for (p = secret; *p; p++) {
				if (*p == '\'' || *p == '\\')
					strbuf_addch(out, '\\');
				strbuf_addch(out, *p);
			}
		} else {
			strbuf_addch(out, *tpl++);
		}
	}
}

/* Every message that names the URL: the redacted URL, and the error of a
 * refused one. */
static void messages(const char *url, struct strbuf *out)
{
	const struct sd_driver *drv;
	struct sd_error err = { 0 };

	sd_redact_url(url, out);
	strbuf_addch(out, '\n');
	if (sd_driver_for_url(url, &drv, &err)) {
		strbuf_addstr(out, err.msg);
		strbuf_addch(out, '\n');
		strbuf_addstr(out, err.hint);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_text(data, size);
	struct strbuf url = STRBUF_INIT, got = STRBUF_INIT, base = STRBUF_INIT;

	messages(in, &got);
	if (strlen(in) >= 4 && !strchr(in, '*')) {
		for (size_t t = 0; t < sizeof(templates) / sizeof(*templates); t++) {
			strbuf_reset(&url);
			strbuf_reset(&got);
			strbuf_reset(&base);
			/* a raw '&' ends a query value (libpq's grammar): what
			 * follows is another parameter, not the password */
			if (strstr(templates[t], "={raw}") && strchr(in, '&'))
				continue;
			expand(templates[t], "PLACEHOLDER", &url);
			messages(url.buf, &base);
			if (strstr(base.buf, in))
				continue;	/* the template spells it */
			strbuf_reset(&url);
			expand(templates[t], in, &url);
			messages(url.buf, &got);
			if (strstr(got.buf, in)) {
				fprintf(stderr, "password \"%s\" shown:\n  %s\n  %s\n",
					in, url.buf, got.buf);
				abort();
			}
		}
	}
	strbuf_release(&url);
	strbuf_release(&got);
	strbuf_release(&base);
	free(in);
	return 0;
}
