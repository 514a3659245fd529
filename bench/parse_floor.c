/*
 * bench/parse_floor.c: the floor for offline `plan`: read SQL files and run
 * libpg_query's protobuf parse and unpack on each, nothing else. Prints the
 * seconds it took on stdout.
 */
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "util/strbuf.h"

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	size_t nstmts = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 1; i < argc; i++) {
		struct strbuf sb = STRBUF_INIT;
		PgQueryProtobufParseResult r;
		PgQuery__ParseResult *tree;

		if (strbuf_read_file(&sb, argv[i])) {
			perror(argv[i]);
			return 2;
		}
		r = pg_query_parse_protobuf(sb.buf);
		if (r.error) {
			fprintf(stderr, "%s: %s\n", argv[i], r.error->message);
			return 2;
		}
		tree = pg_query__parse_result__unpack(NULL, r.parse_tree.len,
						      (const uint8_t *)r.parse_tree.data);
		nstmts += tree->n_stmts;
		pg_query__parse_result__free_unpacked(tree, NULL);
		pg_query_free_protobuf_parse_result(r);
		strbuf_release(&sb);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.6f %zu\n", (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, nstmts);
	pg_query_exit();
	return 0;
}
