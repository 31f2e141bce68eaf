/* steal.c: the work-stealing scheduler. Each worker runs its own tasks depth-first from the
 * bottom of its deque and, when it has none, steals from the top of another's; a spawner whose
 * task was stolen helps with other work until it is done (preferring the thief's, which is
 * likely its task's own children: "leapfrogging"), then sleeps on the task. steal_for, the
 * parallel-for on it, is in steal_for.c. */
#include "steal.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "deque.h"
#include "futex.h"
#include "msg.h"
#include "place.h"
#include "spin.h"
#include "steal_internal.h"

#define DEQUE_LOG2 8		/* 256 tasks before a deque grows: deeper than our recursions */
#define BACKOFF_MAX 6		/* a failed round waits at most 2^6 pauses before the next */

static void steal_spawn(struct fj *fj, struct fj_task *t);
static void steal_sync(struct fj *fj, struct fj_task *t);
static const struct fj_ops steal_ops = { steal_spawn, steal_sync };

static void add_ns(atomic_ullong *counter, double seconds)
{
	atomic_fetch_add_explicit(counter, (unsigned long long)(seconds * 1e9),
				  memory_order_relaxed);
}

/* Run a task that someone else will sync, and tell them it is done. busy, if not NULL, counts
 * the time: before the task is marked done, so that whoever sees it done sees the count too. */
static void task_run(struct worker *w, struct fj_task *t, atomic_ullong *busy)
{
	double t0 = busy ? clock_now() : 0;

	t->fn(&w->fj, t->arg);
	if (busy)
		add_ns(busy, clock_now() - t0);
	if (atomic_exchange_explicit(&t->state, TASK_DONE, memory_order_acq_rel) == TASK_WAITED)
		futex_wake(&t->state, 1);
}

static int task_done(struct fj_task *t)
{
	return atomic_load_explicit(&t->state, memory_order_acquire) == TASK_DONE;
}

/* xorshift64: the victims a worker tries, in an order no two workers share. */
static struct worker *victim_next(struct worker *w)
{
	uint64_t x = w->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	w->rng = x;
	return &w->s->w[(w->id + 1 + (int)(x % (uint64_t)(w->s->n - 1))) % w->s->n];
}

static struct fj_task *steal_from(struct worker *w, struct worker *v)
{
	void *x;

	while (1) {
		switch (deque_steal(&v->dq, &x)) {
		case DEQUE_STOLEN:
			atomic_store_explicit(&((struct fj_task *)x)->thief, w->id,
					      memory_order_relaxed);
			atomic_fetch_add_explicit(&w->steals, 1, memory_order_relaxed);
			return x;
		case DEQUE_EMPTY:
			return NULL;
		case DEQUE_LOST:
			break;	/* someone else took that one: the next may be ours */
		}
	}
}

/* Look for a task to steal: a round of W-1 random victims, then a pause that doubles each
 * round, until one is found, `until` is done, or SPIN_NS have passed (at once when workers
 * outnumber CPUs: spinning would take a CPU from a worker with work). */
static struct fj_task *steal_hunt(struct worker *w, struct fj_task *until)
{
	struct steal *s = w->s;
	double t0 = 0;

	if (s->n < 2)
		return NULL;
	for (int round = 0;; round++) {
		for (int k = 1; k < s->n; k++) {
			struct fj_task *t = steal_from(w, victim_next(w));

			if (t)
				return t;
		}
		if ((until && task_done(until)) || atomic_load(&s->stopping))
			return NULL;
		if (round == 0)
			t0 = clock_now();
		else if (!s->spin || clock_now() - t0 > SPIN_NS * 1e-9)
			return NULL;
		for (int k = 0; k < 1 << (round < BACKOFF_MAX ? round : BACKOFF_MAX); k++)
			spin_pause();
	}
}

static int steal_any_work(struct steal *s)
{
	for (int k = 0; k < s->n; k++)
		if (!deque_looks_empty(&s->w[k].dq))
			return 1;
	return 0;
}

/* An idle thread sleeps until a spawn onto an empty deque wakes it. It counts itself a sleeper
 * before it looks at the deques one last time, and a spawner pushes before it counts sleepers:
 * so either the sleeper sees the task or the spawner sees the sleeper (steal_wake_one). */
static void steal_sleep(struct steal *s)
{
	int seen;

	atomic_fetch_add(&s->sleepers, 1);
	seen = atomic_load(&s->wake);
	if (!steal_any_work(s) && !atomic_load(&s->stopping))
		futex_wait(&s->wake, seen, NULL);
	atomic_fetch_sub(&s->sleepers, 1);
}

static void *steal_thread(void *arg)
{
	struct worker *w = arg;
	struct steal *s = w->s;

	if (place_enter(s->place, w->id) != 0)
		atomic_fetch_add(&s->unplaced, 1);	/* it still serves: nothing waits for it */
	atomic_fetch_add(&s->up, 1);
	futex_wake(&s->up, INT_MAX);
	while (!atomic_load(&s->stopping)) {
		struct fj_task *t = steal_hunt(w, NULL);

		if (t)
			task_run(w, t, &w->busy_ns);
		else
			steal_sleep(s);
	}
	place_leave(s->place, w->id);
	return NULL;
}

static void steal_spawn(struct fj *fj, struct fj_task *t)
{
	steal_push((struct worker *)fj, t);
}

/* t was stolen: help with other work until it is done, then sleep on it. */
static void steal_wait(struct worker *w, struct fj_task *t)
{
	while (!task_done(t)) {
		int thief = atomic_load_explicit(&t->thief, memory_order_relaxed), state;
		double t0 = clock_now();
		struct fj_task *x = thief != w->id ? steal_from(w, &w->s->w[thief]) : NULL;

		if (!x)
			x = steal_hunt(w, t);
		add_ns(&w->wait_ns, clock_now() - t0);
		if (x) {
			task_run(w, x, NULL);
			continue;
		}
		/* Nothing to steal for SPIN_NS: sleep until the thief marks t done. A wake-up
		 * that finds it still pending goes round again. */
		state = TASK_PENDING;
		t0 = clock_now();
		if (atomic_compare_exchange_strong(&t->state, &state, TASK_WAITED) ||
		    state == TASK_WAITED)
			futex_wait(&t->state, TASK_WAITED, NULL);
		add_ns(&w->wait_ns, clock_now() - t0);
	}
}

void steal_sync_rest(struct worker *w, struct fj_task *t, struct fj_task *x)
{
	for (; x; x = deque_pop(&w->dq)) {
		if (x == t) {
			t->fn(&w->fj, t->arg);
			return;
		}
		task_run(w, x, NULL);
		if (task_done(t))
			return;
	}
	steal_wait(w, t);
}

/* Pop what this worker spawned, newest first, until t is done. Usually the first pop is t
 * itself, which nobody else can see any more, so it runs without being marked done. */
static void steal_sync(struct fj *fj, struct fj_task *t)
{
	struct worker *w = (struct worker *)fj;
	struct fj_task *x;

	if (task_done(t))	/* it ran when spawned: out of memory */
		return;
	x = deque_pop(&w->dq);
	if (x == t)
		t->fn(fj, t->arg);
	else
		steal_sync_rest(w, t, x);
}

static double ns_sum(const struct steal *s, int from, int busy)
{
	unsigned long long sum = 0;

	for (int k = from; k < s->n; k++)
		sum += atomic_load_explicit(busy ? &s->w[k].busy_ns : &s->w[k].wait_ns,
					    memory_order_relaxed);
	return (double)sum * 1e-9;
}

/* A run's idle time: the threads' time outside the tasks they stole from their idle loop, plus
 * everybody's time in fj_sync with nothing to do. */
void steal_run(struct steal *s, fj_fn fn, void *arg)
{
	double busy0 = ns_sum(s, 1, 1), wait0 = ns_sum(s, 0, 0), t0 = clock_now(), elapsed;

	fn(&s->w[0].fj, arg);
	elapsed = clock_now() - t0;
	s->idle_s = (s->n - 1) * elapsed - (ns_sum(s, 1, 1) - busy0) + (ns_sum(s, 0, 0) - wait0);
}

double steal_idle_s(const struct steal *s)
{
	return s->idle_s > 0 ? s->idle_s : 0;
}

unsigned long steal_count(const struct steal *s)
{
	unsigned long sum = 0;

	for (int k = 0; k < s->n; k++)
		sum += atomic_load_explicit(&s->w[k].steals, memory_order_relaxed);
	return sum;
}

static void steal_stop(struct steal *s, int started)
{
	atomic_store(&s->stopping, 1);
	atomic_fetch_add(&s->wake, 1);
	futex_wake(&s->wake, INT_MAX);
	for (int k = 1; k <= started; k++) {
		int rc = pthread_join(s->w[k].tid, NULL);

		if (rc) {
			errno = rc;
			msg_errno("pthread_join");
		}
	}
}

static void steal_free(struct steal *s, int inited)
{
	for (int k = 0; k < inited; k++)
		deque_free(&s->w[k].dq);
	free(s->w);
	free(s);
}

struct steal *steal_create(int workers, const struct place *place)
{
	struct steal *s;
	int k, rc, up;

	if (workers < 1) {
		msg_warn("steal_create: %d workers", workers);
		return NULL;
	}
	if (!(s = calloc(1, sizeof *s))) {
		msg_errno("calloc");
		return NULL;
	}
	s->n = workers;
	s->place = place;
	s->spin = spin_worth(workers);
	/* Each worker on cache lines of its own, its deque's ends on theirs (deque.h): struct
	 * worker is aligned to 64 bytes by its deque, and so a multiple of 64 long. */
	s->w = aligned_alloc(_Alignof(struct worker), workers * sizeof *s->w);
	if (!s->w) {
		msg_errno("aligned_alloc");
		free(s);
		return NULL;
	}
	memset(s->w, 0, workers * sizeof *s->w);
	for (k = 0; k < workers; k++) {
		struct worker *w = &s->w[k];

		w->fj.ops = &steal_ops;
		w->s = s;
		w->id = k;
		w->rng = 0x9e3779b97f4a7c15ull * (uint64_t)(k + 1);
		if (deque_init(&w->dq, DEQUE_LOG2) != 0) {
			steal_free(s, k);
			return NULL;
		}
	}
	for (k = 1; k < workers; k++) {
		if ((rc = pthread_create(&s->w[k].tid, NULL, steal_thread, &s->w[k]))) {
			errno = rc;
			msg_errno("pthread_create");
			steal_stop(s, k - 1);
			steal_free(s, workers);
			return NULL;
		}
	}
	/* Returns a scheduler that is ready: starting it is paid here, not in the first run. */
	while ((up = atomic_load(&s->up)) < workers - 1)
		futex_wait(&s->up, up, NULL);
	return s;
}

int steal_destroy(struct steal *s)
{
	int unplaced;

	if (!s)
		return 0;
	steal_stop(s, s->n - 1);
	unplaced = atomic_load(&s->unplaced);
	steal_free(s, s->n);
	return unplaced ? -1 : 0;
}
