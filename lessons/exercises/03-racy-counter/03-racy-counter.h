/* 03-racy-counter.h: a counter that many threads add to, the C counterpart of a shared
 * multiprocessing.Value updated with and without its Lock. */
#ifndef LESSON_RACY_COUNTER_H
#define LESSON_RACY_COUNTER_H

#include <pthread.h>
#include <stdatomic.h>

/* Use the lock, or make the whole update one atomic operation: either fixes the race. If you
 * choose atomics, leave the lock initialised and unused. */
struct counter {
	pthread_mutex_t lock;
	atomic_long value;
};

/* value = 0 and the lock ready. Returns 0, or -1 after a message. */
int counter_init(struct counter *c);
void counter_destroy(struct counter *c);

/* value += delta, safe to call from any number of threads at once: no update is ever lost. */
void counter_add(struct counter *c, long delta);

/* The value; call it after the threads adding to it have been joined. */
long counter_get(struct counter *c);

/* Stands in for the work a real update does between reading the old value and writing the new
 * one (Python's `v.value += 1` is a read, some bytecodes, then a write). It lets another thread
 * in at exactly the wrong moment, so the race shows on every run instead of once a month.
 * Given, not yours to change: defined in the test. */
void counter_pause(void);

#endif
