/* 12-reusable-barrier.c: a count for the round now filling, and a generation that the last
 * thread of each round moves on. A waiter remembers the generation it arrived in and waits until
 * it has moved, so neither a spurious wake-up nor the next round's arrivals can fool it. */
#include "12-reusable-barrier.h"

#include <stdio.h>
#include <string.h>

/* Given: setting up and tearing down. */
int barrier_init(struct barrier *b, unsigned n)
{
	int rc;

	if (n == 0) {
		fprintf(stderr, "barrier_init: a barrier for 0 threads\n");
		return -1;
	}
	*b = (struct barrier){ .n = n };
	if ((rc = pthread_mutex_init(&b->lock, NULL)) != 0) {
		fprintf(stderr, "barrier_init: pthread_mutex_init: %s\n", strerror(rc));
		return -1;
	}
	if ((rc = pthread_cond_init(&b->all_here, NULL)) != 0) {
		fprintf(stderr, "barrier_init: pthread_cond_init: %s\n", strerror(rc));
		pthread_mutex_destroy(&b->lock);
		return -1;
	}
	return 0;
}

void barrier_destroy(struct barrier *b)
{
	pthread_cond_destroy(&b->all_here);
	pthread_mutex_destroy(&b->lock);
}

int barrier_wait(struct barrier *b)
{
	unsigned long mine;
	int last = 0;

	pthread_mutex_lock(&b->lock);
	mine = b->generation;
	if (++b->count == b->n) {
		b->count = 0;		/* the next round counts from zero... */
		b->generation++;	/* ...and this one is over */
		pthread_cond_broadcast(&b->all_here);
		last = 1;
	} else {
		while (b->generation == mine)	/* not "count < n": count is the next round's now */
			pthread_cond_wait(&b->all_here, &b->lock);
	}
	pthread_mutex_unlock(&b->lock);
	return last;
}
