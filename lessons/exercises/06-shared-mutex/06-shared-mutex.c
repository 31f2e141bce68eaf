/* 06-shared-mutex.c: a counter for forked children that does not work yet: the children's adds
 * never reach the parent, and when they do, they race. Read README.md for the task. */
#include "06-shared-mutex.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shared_counter *shared_counter_create(void)
{
	/* TODO 1: calloc gives memory private to this process: after fork each child adds to its
	 *         own copy and the parent sees none of it. Use mmap with MAP_SHARED | MAP_ANONYMOUS
	 *         (check for MAP_FAILED) so parent and children see the same page. */
	struct shared_counter *c = calloc(1, sizeof *c);
	int rc;

	if (!c) {
		fprintf(stderr, "shared_counter_create: calloc: %s\n", strerror(errno));
		return NULL;
	}
	/* TODO 2: a default mutex only works between threads of one process. Initialise it with a
	 *         pthread_mutexattr_t set to PTHREAD_PROCESS_SHARED (and destroy the attribute). */
	if ((rc = pthread_mutex_init(&c->lock, NULL)) != 0) {
		fprintf(stderr, "shared_counter_create: pthread_mutex_init: %s\n", strerror(rc));
		free(c);
		return NULL;
	}
	return c;
}

void shared_counter_destroy(struct shared_counter *c)
{
	/* TODO 3: munmap what mmap gave, instead of free. */
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void shared_counter_add(struct shared_counter *c, long delta)
{
	/* TODO 4: hold c->lock across the read, the pause and the write (lesson 03). */
	long v = c->value;

	counter_pause();
	c->value = v + delta;
}

long shared_counter_get(struct shared_counter *c)
{
	long v;

	pthread_mutex_lock(&c->lock);	/* also orders the children's writes before our read */
	v = c->value;
	pthread_mutex_unlock(&c->lock);
	return v;
}
