/*
 * util/bigstack.c: see bigstack.h.
 */
#include "util/bigstack.h"

#include <pthread.h>
#include <stdbool.h>

#include "util/banned.h"

static _Thread_local bool on_big_stack;

struct big_call {
	int (*fn)(void *);
	void *arg;
	int ret;
};

static void *big_main(void *p)
{
	struct big_call *c = p;

	on_big_stack = true;
	c->ret = c->fn(c->arg);
	return NULL;
}

int sd_with_big_stack(int (*fn)(void *), void *arg, int *started)
{
	struct big_call c = { fn, arg, -1 };
	pthread_attr_t attr;
	pthread_t t;
	int failed;

	if (started)
		*started = 1;
	if (on_big_stack)
		return fn(arg);
	if (pthread_attr_init(&attr))
		goto out_failed;
	failed = pthread_attr_setstacksize(&attr, SD_BIG_STACK) ||
		 pthread_create(&t, &attr, big_main, &c);
	pthread_attr_destroy(&attr);
	if (failed)
		goto out_failed;
	pthread_join(t, NULL);
	return c.ret;
out_failed:
	if (started)
		*started = 0;
	return -1;
}
