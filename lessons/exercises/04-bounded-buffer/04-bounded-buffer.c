/* 04-bounded-buffer.c: your bounded buffer. Read 04-bounded-buffer.h for the contract and
 * README.md for the task; parbench's benches/lib/pool.c keeps its job queue the same way. */
#include "04-bounded-buffer.h"

#include <errno.h>
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
	/* TODO 1: under b->lock: wait on not_full while the buffer is full and open (a `while`, not
	 *         an `if`: another producer may take the room between the signal and your wake-up).
	 *         If closed, unlock and return -1. Otherwise store v at slots[(head + count) % cap],
	 *         count++, and signal not_empty. */
	(void)b;
	(void)v;
	return -1;
}

int bbuf_get(struct bbuf *b, long *v)
{
	/* TODO 2: under b->lock: wait on not_empty while the buffer is empty and open. If it is
	 *         still empty (so closed), return -1. Otherwise take slots[head], advance head
	 *         modulo cap, count--, and signal not_full. */
	(void)b;
	(void)v;
	return -1;
}

void bbuf_close(struct bbuf *b)
{
	/* TODO 3: under b->lock: set closed, and wake every waiter on both condition variables
	 *         (broadcast: all of them must see it, not just one). */
	(void)b;
}
