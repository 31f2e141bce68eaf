/* 06-shared-mutex.c: a counter for forked children that does not work yet: the children's adds
 * never reach the parent, and when they do, they race. Read README.md for the task. */
#include "06-shared-mutex.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shared_counter *shared_counter_create(void)
{
	/* TODO 1: what must hold: a child's add, after fork, reaches the parent. Does it, with
	 *         memory from calloc? What kind of memory is the same page in every process? */
	struct shared_counter *c = calloc(1, sizeof *c);
	int rc;

	if (!c) {
		fprintf(stderr, "shared_counter_create: calloc: %s\n", strerror(errno));
		return NULL;
	}
	/* TODO 2: what must hold: a process waiting for this lock is woken when another process
	 *         unlocks it. Is a mutex made with default attributes meant for that? */
	if ((rc = pthread_mutex_init(&c->lock, NULL)) != 0) {
		fprintf(stderr, "shared_counter_create: pthread_mutex_init: %s\n", strerror(rc));
		free(c);
		return NULL;
	}
	return c;
}

void shared_counter_destroy(struct shared_counter *c)
{
	/* TODO 3: give the memory back the way its allocation in TODO 1 expects. */
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void shared_counter_add(struct shared_counter *c, long delta)
{
	/* TODO 4: no other process may change the value between this read and this write
	 *         (lesson 03). */
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
