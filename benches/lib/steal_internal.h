/* steal_internal.h: the work-stealing scheduler's insides, shared by steal.c (the scheduler) and
 * steal_for.c (its parallel-for, which spawns and syncs by hand). Nothing else includes it. */
#ifndef PARBENCH_STEAL_INTERNAL_H
#define PARBENCH_STEAL_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "deque.h"
#include "fj.h"
#include "futex.h"

/* fj_task.state: a task is pending until its runner marks it done; a spawner that sleeps
 * until then marks it waited first, so that the runner knows to wake it. */
enum { TASK_PENDING, TASK_DONE, TASK_WAITED };

struct worker {
	struct fj fj;		/* first: the fj a task gets is the worker that runs it */
	struct steal *s;
	int id;
	uint64_t rng;		/* which victim next */
	struct deque dq;
	/* For steal_idle_s: time running stolen tasks from the idle loop (threads, not worker
	 * 0), and time in fj_sync finding nothing to do; counted in nanoseconds. */
	atomic_ullong busy_ns, wait_ns;
	atomic_ulong steals;
	pthread_t tid;
};

struct steal {
	int n;
	struct worker *w;	/* n of them, each on its own cache lines */
	const struct place *place;
	int spin;		/* 1: a CPU for every worker, so backing off may spin */
	atomic_int up;		/* threads placed and serving (a futex word) */
	atomic_int unplaced;	/* threads that could not be pinned (they said why) */
	atomic_int stopping;
	atomic_int sleepers;	/* idle workers asleep, or about to be, on `wake` */
	atomic_int wake;	/* a futex word: moved on to wake sleepers */
	double idle_s;		/* of the last run */
};

/* A spawn onto an empty deque: idle workers may be asleep with nothing to steal, so wake one.
 * Adding 0 to `sleepers` is a read-modify-write, so it reads the latest count, and a sleeper's
 * own increment, if later, reads from it and so sees the push. */
static inline void steal_wake_one(struct steal *s)
{
	if (atomic_fetch_add(&s->sleepers, 0) > 0) {
		atomic_fetch_add(&s->wake, 1);
		futex_wake(&s->wake, 1);
	}
}

/* Push t. A push onto a deque that holds work already wakes nobody: a sleeper saw every deque
 * empty, and this one's owner will come back to it anyway. Inline: steal_split spawns once per
 * index of a range, so a call would be a good part of what a spawn costs. */
static inline void steal_push(struct worker *w, struct fj_task *t)
{
	int before;

	atomic_store_explicit(&t->state, TASK_PENDING, memory_order_relaxed);
	atomic_store_explicit(&t->thief, w->id, memory_order_relaxed);	/* until a thief says */
	before = deque_push(&w->dq, t);
	if (before == 0) {
		steal_wake_one(w->s);
	} else if (before < 0) {	/* out of memory: run it now, which is slower, not wrong */
		t->fn(&w->fj, t->arg);
		atomic_store_explicit(&t->state, TASK_DONE, memory_order_relaxed);
	}
}

/* The rest of a sync after a pop that did not give back t: x, a newer task this worker spawned
 * (synced out of order, so run first), or NULL, when t was stolen. */
void steal_sync_rest(struct worker *w, struct fj_task *t, struct fj_task *x);

#endif
