/* 06-shared-mutex.h: a counter that forked children add to, the C counterpart of
 * multiprocessing.Value('l', 0) with its lock: the value lives in memory every process maps,
 * and the lock is a mutex made to work across processes. */
#ifndef LESSON_SHARED_MUTEX_H
#define LESSON_SHARED_MUTEX_H

#include <pthread.h>

struct shared_counter {
	pthread_mutex_t lock;	/* process-shared: it lives in the shared mapping too */
	long value;
};

/* A counter at 0 that the caller and every child forked afterwards share: an add in any of them
 * is seen by all. Returns NULL after a message. */
struct shared_counter *shared_counter_create(void);
/* After every process using it is done. */
void shared_counter_destroy(struct shared_counter *c);

/* value += delta; safe from any number of processes (and threads) at once: no update is lost. */
void shared_counter_add(struct shared_counter *c, long delta);
long shared_counter_get(struct shared_counter *c);

/* Stands in for the work between reading the old value and writing the new one, and lets
 * another process in at exactly the wrong moment. Given: defined in the test. */
void counter_pause(void);

#endif
