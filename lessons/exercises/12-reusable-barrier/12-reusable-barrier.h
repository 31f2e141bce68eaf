/* 12-reusable-barrier.h: a barrier for n threads, made of one mutex and one condition variable,
 * that the same threads can use round after round: the C counterpart of threading.Barrier(n).
 * No thread leaves round r before all n have arrived at round r. */
#ifndef LESSON_REUSABLE_BARRIER_H
#define LESSON_REUSABLE_BARRIER_H

#include <pthread.h>

struct barrier {
	pthread_mutex_t lock;		/* guards every field below */
	pthread_cond_t all_here;	/* where threads wait for the last one of their round */
	unsigned n;			/* threads per round */
	unsigned count;			/* threads that have arrived in the round now filling */
	unsigned long generation;	/* rounds completed so far */
};

/* A barrier for n >= 1 threads, no one waiting yet. Returns 0, or -1 after a message (n == 0,
 * or the mutex or condition variable could not be made). */
int barrier_init(struct barrier *b, unsigned n);

/*
 * Wait until all n threads have called barrier_wait in this round, then return in all of them.
 * The same barrier is then ready for the next round, with the same n threads.
 *
 * - Returns 1 in exactly one thread of each round (the last to arrive, which need not wait) and 0
 *   in the others, as pthread_barrier_wait returns PTHREAD_BARRIER_SERIAL_THREAD in one.
 * - Waits on all_here, with lock held, and only there: pthread_cond_wait may return when nobody
 *   has signalled (a spurious wake-up), and the tests make such wake-ups happen on purpose.
 * - A thread that leaves round r may arrive at round r + 1 while others of round r have not yet
 *   woken up; that must not let anyone through round r + 1 early, or keep anyone in round r.
 */
int barrier_wait(struct barrier *b);

/* No thread may be waiting. */
void barrier_destroy(struct barrier *b);

#endif
