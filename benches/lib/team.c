/* team.c: the gate is two futex words, so that opening it wakes every waiting worker at once and
 * none has a lock to take on its way out (with a condition variable, 128 woken threads queue for
 * its mutex one by one). The barrier between steps is a futex word too. Futexes work across fork
 * in MAP_SHARED memory, so forked workers share both. */
#include "team.h"

#include <errno.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "futex.h"
#include "msg.h"
#include "shm.h"
#include "spin.h"

#define LOST_POLL_NS 50000000L	/* how often team_open asks whether a worker died */
struct team *team_create(int workers)
{
	struct team *t = shm_alloc(sizeof *t);	/* zeroed: the gate is closed */

	if (!t)
		return NULL;
	t->workers = workers;
	t->spin = spin_worth(workers);
	return t;
}

void team_free(struct team *t)
{
	if (t)
		shm_free(t, sizeof *t);
}

int team_arrive(struct team *t)
{
	int gate;

	atomic_fetch_add(&t->arrived, 1);
	futex_wake(&t->arrived, INT_MAX);
	while ((gate = atomic_load(&t->gate)) == 0)
		futex_wait(&t->gate, 0, NULL);
	return gate > 0 ? 0 : -1;
}

struct round_seen {
	struct team *t;
	int round;
};

static int round_moved(const void *arg)
{
	const struct round_seen *r = arg;

	return atomic_load(&r->t->round) != r->round;
}

/* A counting barrier. The last worker to arrive resets the count and moves the round on; the
 * others wait for the round to move, spinning for up to SPIN_NS first when each has a CPU (a step
 * of heat's small grid takes 100 us, and waking from the kernel's sleep takes tens), then asleep
 * on the futex. The count is reset before the round moves, so a worker that sees the new round
 * and reaches the next barrier counts from zero. */
void team_step(struct team *t)
{
	int round = atomic_load(&t->round);
	double t0 = clock_now();

	if (atomic_fetch_add(&t->at_step, 1) + 1 == t->workers) {
		atomic_store(&t->at_step, 0);
		atomic_fetch_add(&t->round, 1);
		if (atomic_load(&t->sleepers) > 0)
			futex_wake(&t->round, INT_MAX);
		team_waited(t, clock_now() - t0);
		return;
	}
	if (!t->spin || !spin_until(round_moved, &(struct round_seen){ t, round }, t0)) {
		/* Counted before the round is looked at again: the last worker then either sees a
		 * sleeper to wake, or has moved the round already and futex_wait returns at once. */
		atomic_fetch_add(&t->sleepers, 1);
		while (atomic_load(&t->round) == round)
			futex_wait(&t->round, round, NULL);
		atomic_fetch_sub(&t->sleepers, 1);
	}
	team_waited(t, clock_now() - t0);
}

/* Whole nanoseconds in an integer: an atomic add, where a double would need a loop of
 * compare-and-swaps, and the sum does not depend on the order the workers add in. */
void team_waited(struct team *t, double seconds)
{
	if (seconds > 0)
		atomic_fetch_add(&t->waited_ns, (unsigned long long)(seconds * 1e9));
}

double team_sync_s(const struct team *t)
{
	return (double)atomic_load(&t->waited_ns) / 1e9 / (t->workers > 0 ? t->workers : 1);
}

void team_leave(struct team *t)
{
	if (atomic_fetch_add(&t->left, 1) + 1 == t->workers)
		team_computed(t);
}

static void team_set_gate(struct team *t, int gate)
{
	int closed = 0;

	/* Only the first word counts: a run called off stays called off. */
	if (!atomic_compare_exchange_strong(&t->gate, &closed, gate))
		return;
	futex_wake(&t->gate, INT_MAX);
	if (gate < 0) {
		/* The driver may sleep on `arrived` for a worker that will never come: change the
		 * word, so that it cannot fall asleep on the old value either, and wake it. */
		atomic_fetch_add(&t->arrived, 1);
		futex_wake(&t->arrived, INT_MAX);
	}
}

int team_open(struct team *t, int arrivals, int (*lost)(void *), void *ctx)
{
	const struct timespec poll = { 0, LOST_POLL_NS };
	int seen;

	while ((seen = atomic_load(&t->arrived)) < arrivals && atomic_load(&t->gate) == 0) {
		futex_wait(&t->arrived, seen, lost ? &poll : NULL);
		if (lost && atomic_load(&t->arrived) == seen && lost(ctx)) {
			team_set_gate(t, -1);
			return -1;
		}
	}
	if (atomic_load(&t->gate) != 0)
		return -1;	/* called off meanwhile */
	team_started(t);
	team_set_gate(t, 1);
	return atomic_load(&t->gate) > 0 ? 0 : -1;
}

void team_cancel(struct team *t)
{
	team_set_gate(t, -1);
}

void team_started(struct team *t)
{
	atomic_store(&t->started, clock_now());
}

void team_computed(struct team *t)
{
	atomic_store(&t->computed, clock_now());
}
