/* 04-bounded-buffer.h: a first-in first-out queue of fixed capacity between producer and
 * consumer threads, the C counterpart of multiprocessing.Queue(maxsize). One mutex guards it;
 * one condition variable wakes producers waiting for room, the other consumers waiting for items. */
#ifndef LESSON_BOUNDED_BUFFER_H
#define LESSON_BOUNDED_BUFFER_H

#include <pthread.h>
#include <stddef.h>

struct bbuf {
	pthread_mutex_t lock;
	pthread_cond_t not_full;	/* signalled when an item leaves: a producer may go on */
	pthread_cond_t not_empty;	/* signalled when an item arrives, or on close */
	long *slots;		/* a ring of cap items; slots[head] is the oldest */
	size_t cap, head, count;
	int closed;
};

/* An empty, open buffer of cap >= 1 items. Returns 0, or -1 after a message. */
int bbuf_init(struct bbuf *b, size_t cap);
/* Frees the slots; no thread may still be using the buffer. */
void bbuf_destroy(struct bbuf *b);

/* Append v, first waiting while the buffer is full. Returns 0, or -1 if the buffer is closed
 * (then v is dropped). */
int bbuf_put(struct bbuf *b, long v);

/* Take the oldest item into *v, first waiting while the buffer is empty and open.
 * Returns 0, or -1 once the buffer is closed and empty: no item will ever come. */
int bbuf_get(struct bbuf *b, long *v);

/* No more puts. Items already in the buffer can still be got; waiting consumers wake up. */
void bbuf_close(struct bbuf *b);

#endif
