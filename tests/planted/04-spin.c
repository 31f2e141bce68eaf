/* tests/planted/04-spin.c: a wrong exercise 04 for tests/test_graders.c. bbuf_get busy-waits
 * and never looks at closed: a consumer spins for ever once the buffer is closed and empty. The
 * grader must end it and say what the likely cause is. */
#include "04-bounded-buffer.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Given: setting up and tearing down. */
int bbuf_init(struct bbuf *b, size_t cap)
{
	int rc;

	if (cap < 1) {
		fprintf(stderr, "bbuf_init: capacity 0\n");
		return -1;
	}
	*b = (struct bbuf){ .cap = cap };
	b->slots = malloc(cap * sizeof *b->slots);
	if (!b->slots) {
		fprintf(stderr, "bbuf_init: malloc: %s\n", strerror(errno));
		return -1;
	}
	if ((rc = pthread_mutex_init(&b->lock, NULL)) != 0)
		goto out_free;
	if ((rc = pthread_cond_init(&b->not_full, NULL)) != 0)
		goto out_lock;
	if ((rc = pthread_cond_init(&b->not_empty, NULL)) != 0)
		goto out_not_full;
	return 0;

out_not_full:
	pthread_cond_destroy(&b->not_full);
out_lock:
	pthread_mutex_destroy(&b->lock);
out_free:
	fprintf(stderr, "bbuf_init: %s\n", strerror(rc));
	free(b->slots);
	return -1;
}

void bbuf_destroy(struct bbuf *b)
{
	pthread_cond_destroy(&b->not_empty);
	pthread_cond_destroy(&b->not_full);
	pthread_mutex_destroy(&b->lock);
	free(b->slots);
}

int bbuf_put(struct bbuf *b, long v)
{
	pthread_mutex_lock(&b->lock);
	while (b->count == b->cap && !b->closed)
		pthread_cond_wait(&b->not_full, &b->lock);
	if (b->closed) {
		pthread_mutex_unlock(&b->lock);
		return -1;
	}
	b->slots[(b->head + b->count) % b->cap] = v;
	b->count++;
	pthread_cond_signal(&b->not_empty);	/* one item: one consumer can use it */
	pthread_mutex_unlock(&b->lock);
	return 0;
}

int bbuf_get(struct bbuf *b, long *v)
{
	pthread_mutex_lock(&b->lock);
	/* The planted mistake: a busy wait that forgets closed, so after close it spins for ever. */
	while (b->count == 0) {
		pthread_mutex_unlock(&b->lock);
		sched_yield();
		pthread_mutex_lock(&b->lock);
	}
	*v = b->slots[b->head];
	b->head = (b->head + 1) % b->cap;
	b->count--;
	pthread_cond_signal(&b->not_full);
	pthread_mutex_unlock(&b->lock);
	return 0;
}

void bbuf_close(struct bbuf *b)
{
	pthread_mutex_lock(&b->lock);
	b->closed = 1;
	pthread_cond_broadcast(&b->not_empty);	/* every waiter must see it, not just one */
	pthread_cond_broadcast(&b->not_full);
	pthread_mutex_unlock(&b->lock);
}
