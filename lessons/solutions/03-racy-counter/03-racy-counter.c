/* 03-racy-counter.c: the read, the pause and the write happen under one lock, so no other
 * counter_add can read the old value in between and overwrite this update. */
#include "03-racy-counter.h"

#include <stdio.h>
#include <string.h>

int counter_init(struct counter *c)
{
	int rc = pthread_mutex_init(&c->lock, NULL);

	if (rc != 0) {
		fprintf(stderr, "counter_init: pthread_mutex_init: %s\n", strerror(rc));
		return -1;
	}
	atomic_init(&c->value, 0);
	return 0;
}

void counter_destroy(struct counter *c)
{
	pthread_mutex_destroy(&c->lock);
}

void counter_add(struct counter *c, long delta)
{
	long v;

	pthread_mutex_lock(&c->lock);
	v = atomic_load_explicit(&c->value, memory_order_relaxed);	/* the lock orders it */
	counter_pause();
	atomic_store_explicit(&c->value, v + delta, memory_order_relaxed);
	pthread_mutex_unlock(&c->lock);
}

long counter_get(struct counter *c)
{
	return atomic_load(&c->value);
}
