/*
 * tests/fuzz/fuzz_spec_root.c: schema root reading and replay. The input
 * is cut at "\n----\n" lines into schema.json, 1/version.json and
 * 1/revisions.sql of a root in a temporary folder (made once, rewritten
 * for each input); the root is read (spec_read: JSON, versions, checksums
 * of the files) and replayed through the dialect's interpreter.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/catalog.h"
#include "parser/front/front.h"
#include "parser/spec/spec.h"
#include "tests/fuzz/fuzz_common.h"

static char root_dir[] = "/tmp/sd-fuzz-root.XXXXXX";
static int made;

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root_dir, name);
	f = fopen(path, "wb");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static void cleanup(void)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/1/version.json", root_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/1/revisions.sql", root_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/schema.json", root_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/1", root_dir);
	rmdir(path);
	rmdir(root_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *parts[3], sub[256];
	struct sd_error err = { 0 };
	struct schema_root *root = NULL;

	if (!made) {
		if (!mkdtemp(root_dir))
			abort();
		snprintf(sub, sizeof(sub), "%s/1", root_dir);
		if (mkdir(sub, 0700))
			abort();
		atexit(cleanup);
		made = 1;
	}
	fuzz_split(text, parts, 3);
	put("schema.json", parts[0]);
	put("1/version.json", parts[1]);
	put("1/revisions.sql", parts[2]);
	if (!spec_read(root_dir, &root, &err)) {
		int d = front_dialect_of(root->system_type);
		struct catalog *cat = catalog_new(d < 0 ? SQL_POSTGRES
							: (enum sql_dialect)d);
		spec_replay(root, NULL, cat, &err);
		catalog_free(cat);
		spec_free(root);
	}
	free(text);
	return 0;
}
