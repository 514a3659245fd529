/*
 * util/bigstack.h: run a function on a thread with a large stack. The
 * PostgreSQL parse tree is walked recursively (libpg_query's output
 * functions, protobuf-c's unpacking and freeing, our own walkers), one
 * frame or more per level of nesting, and a left-deep chain such as
 * `1 + 1 + ... + 1` nests as deep as it is long: the default 8 MiB stack
 * of the main thread overflows at a few thousand terms.
 */
#ifndef SD_BIGSTACK_H
#define SD_BIGSTACK_H

#include <stddef.h>

/* The stack of the thread sd_with_big_stack() starts: 1 GiB of address
 * space, of which only what a deep tree uses is ever touched. */
#define SD_BIG_STACK ((size_t)1 << 30)

/* fn(arg) on a thread whose stack is SD_BIG_STACK (directly when already
 * on one); its return value, or *started = 0 and -1 when no thread
 * could be started (started may be NULL). */
int sd_with_big_stack(int (*fn)(void *), void *arg, int *started);

#endif
