/* test_12-reusable-barrier.c: n threads (1, 2, 3 and 8) meet at one barrier for hundreds of
 * rounds in a row, each arriving after a seeded random delay of 0 to 200 us, then new threads use
 * the same barrier again. No thread may leave round r before all n have arrived at round r, and
 * exactly one thread a round gets 1. Also: a round holds until its last thread arrives, however
 * late, and the barrier ignores wake-ups that nobody sent (the test broadcasts on all_here).
 *
 * A barrier that gets stuck must not hang the test: the test thread watches the threads leave, and
 * when none has left barrier_wait for 2 s it fails, naming the round and who is in it. Threads
 * only record; the test thread asserts. What the threads share is on the heap and never freed on
 * a failure, since stuck threads may still be using it when the test ends. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "12-reusable-barrier.h"
#include "tests/watchdog.h"

#define STALL_S 2		/* nobody leaving barrier_wait for this long: stuck */
#define ROUNDS 300
#define MAX_DELAY_NS 200000L	/* before each arrival: 0 to 200 us */
#define MAX_N 8

/* What the watchdog says when a test here overruns its limit. The test thread itself reports a
 * round that nobody leaves for 2 s, so an overrun means that even it could not go on. */
static void name_the_likely_cause(void)
{
	watchdog_hint("threads are waiting for a broadcast that never comes: is the last arriver "
		      "waking the others, and does a reused barrier tell rounds apart? Or "
		      "barrier_init or barrier_wait never returns for another reason: a lock never "
		      "unlocked, or a loop that spins");
}

TestSuite(barrier, .init = name_the_likely_cause);

static void nap_ns(long ns)
{
	struct timespec ts = { ns / 1000000000L, ns % 1000000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

static long ns_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000000000L + (now.tv_nsec - t0->tv_nsec);
}

static uint64_t next(uint64_t *x)	/* xorshift64 */
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* What the threads of one run share. */
struct run {
	struct barrier *b;
	unsigned n;
	int rounds;
	atomic_int arrived[ROUNDS];	/* per round: threads that have called barrier_wait */
	atomic_int left[ROUNDS];	/* per round: threads that have returned from it */
	atomic_int serial[ROUNDS];	/* per round: threads that got 1 */
	atomic_int early, early_round, early_seen, early_thread;	/* the first early leave */
	atomic_int bad_rc, bad_rc_value;
	atomic_int finished;		/* threads done with all their rounds */
	atomic_int gate;		/* rounds the late thread may enter */
	atomic_int quiet;		/* tells the noise thread to stop */
};

struct member {
	pthread_t thread;
	struct run *run;
	int id;
	uint64_t rng;		/* 0: no delays */
	int late;		/* waits at the gate before each round */
};

static void *member_main(void *arg)
{
	const struct member *m = arg;
	struct run *run = m->run;
	uint64_t rng = m->rng;

	for (int r = 0; r < run->rounds; r++) {
		int rc, seen;

		if (m->late)
			while (atomic_load(&run->gate) <= r)
				nap_ns(1000000L);
		if (rng) {
			uint64_t x = next(&rng);
			long delay = x % 4 == 0 ? 0 : (long)((x >> 2) % (MAX_DELAY_NS + 1));

			if (delay)
				nap_ns(delay);
		}
		atomic_fetch_add(&run->arrived[r], 1);
		rc = barrier_wait(run->b);
		seen = atomic_load(&run->arrived[r]);
		if ((unsigned)seen < run->n && atomic_fetch_add(&run->early, 1) == 0) {
			atomic_store(&run->early_round, r);
			atomic_store(&run->early_seen, seen);
			atomic_store(&run->early_thread, m->id);
		}
		if (rc == 1)
			atomic_fetch_add(&run->serial[r], 1);
		else if (rc != 0 && atomic_fetch_add(&run->bad_rc, 1) == 0)
			atomic_store(&run->bad_rc_value, rc);
		atomic_fetch_add(&run->left[r], 1);
	}
	atomic_fetch_add(&run->finished, 1);
	return NULL;
}

/* Spurious wake-ups on purpose: a broadcast on all_here every 20 us, which a right barrier must
 * take for what it is, a hint to look again. */
static void *noise_main(void *arg)
{
	struct run *run = arg;

	while (!atomic_load(&run->quiet)) {
		pthread_cond_broadcast(&run->b->all_here);
		nap_ns(20000L);
	}
	return NULL;
}

static struct run *run_new(struct barrier *b, unsigned n, int rounds)
{
	struct run *run = calloc(1, sizeof *run);

	cr_assert_not_null(run);
	run->b = b;
	run->n = n;
	run->rounds = rounds;
	return run;
}

static struct barrier *barrier_new(unsigned n)
{
	struct barrier *b = calloc(1, sizeof *b);

	cr_assert_not_null(b);
	cr_assert_eq(barrier_init(b, n), 0, "barrier_init(b, %u) failed", n);
	return b;
}

/* The first round that not every thread has left. */
static int stuck_round(const struct run *run)
{
	int r = 0;

	while (r < run->rounds && (unsigned)atomic_load(&run->left[r]) == run->n)
		r++;
	return r;
}

/* Fail, naming the round, if nobody has left barrier_wait for STALL_S. */
static void assert_moving(const struct run *run, const char *what, long *last_left,
			  struct timespec *since)
{
	long left = 0;
	int r;

	for (int k = 0; k < run->rounds; k++)
		left += atomic_load(&run->left[k]);
	if (left != *last_left) {
		*last_left = left;
		clock_gettime(CLOCK_MONOTONIC, since);
		return;
	}
	if (ns_since(since) < STALL_S * 1000000000L)
		return;
	r = stuck_round(run);
	cr_assert_fail("%s, n = %u: stuck in round %d of %d. %d of %u threads have arrived and "
		       "%d have left barrier_wait, and nobody has left it for %d s",
		       what, run->n, r + 1, run->rounds, atomic_load(&run->arrived[r]), run->n,
		       atomic_load(&run->left[r]), STALL_S);
}

/* Start n members, watch them until they are all done, and join them. */
static void run_members(struct run *run, uint64_t seed, int noisy, const char *what)
{
	struct member *m = calloc(run->n, sizeof *m);	/* never freed on a failure: see the top */
	pthread_t noise;
	struct timespec since;
	long last_left = -1;

	cr_assert_not_null(m);
	for (unsigned i = 0; i < run->n; i++) {
		m[i] = (struct member){ .run = run, .id = (int)i,
					.rng = seed * 0x9e3779b97f4a7c15u + i + 1 };
		cr_assert_eq(pthread_create(&m[i].thread, NULL, member_main, &m[i]), 0);
	}
	if (noisy)
		cr_assert_eq(pthread_create(&noise, NULL, noise_main, run), 0);
	clock_gettime(CLOCK_MONOTONIC, &since);
	while ((unsigned)atomic_load(&run->finished) < run->n) {
		assert_moving(run, what, &last_left, &since);
		nap_ns(5000000L);
	}
	for (unsigned i = 0; i < run->n; i++)
		cr_assert_eq(pthread_join(m[i].thread, NULL), 0);
	atomic_store(&run->quiet, 1);
	if (noisy)
		cr_assert_eq(pthread_join(noise, NULL), 0);
	free(m);
}

/* After a run: nobody left early, one thread a round got 1, and nobody got anything else. */
static void assert_rounds(const struct run *run, const char *what)
{
	cr_assert_eq(atomic_load(&run->early), 0,
		     "%s, n = %u: in round %d, thread %d left barrier_wait when only %d of %u had "
		     "arrived (%d early leaves in all)", what, run->n,
		     atomic_load(&run->early_round) + 1, atomic_load(&run->early_thread),
		     atomic_load(&run->early_seen), run->n, atomic_load(&run->early));
	cr_assert_eq(atomic_load(&run->bad_rc), 0, "%s: barrier_wait returned %d: want 0 or 1",
		     what, atomic_load(&run->bad_rc_value));
	for (int r = 0; r < run->rounds; r++)
		cr_assert_eq(atomic_load(&run->serial[r]), 1,
			     "%s, n = %u: in round %d, %d threads got 1 from barrier_wait: want "
			     "exactly one, the last to arrive", what, run->n, r + 1,
			     atomic_load(&run->serial[r]));
}

static unsigned all_n[] = { 1, 2, 3, 8 };
static unsigned more_than_one[] = { 2, 3, 8 };

Test(barrier, init_refuses_zero, .timeout = 10)
{
	struct barrier b;

	cr_assert_eq(barrier_init(&b, 0), -1, "barrier_init(b, 0): a barrier for no threads");
}

ParameterizedTestParameters(barrier, rounds_with_random_delays)
{
	return cr_make_param_array(unsigned, all_n, sizeof all_n / sizeof all_n[0]);
}

/* ROUNDS rounds on one barrier, then ROUNDS more on the same barrier by new threads. */
ParameterizedTest(unsigned *n, barrier, rounds_with_random_delays, .timeout = 30)
{
	struct barrier *b = barrier_new(*n);
	struct run *first = run_new(b, *n, ROUNDS), *again = run_new(b, *n, ROUNDS);

	run_members(first, 1000 + *n, 0, "random delays");
	assert_rounds(first, "random delays");
	run_members(again, 2000 + *n, 0, "the same barrier, new threads");
	assert_rounds(again, "the same barrier, new threads");
	barrier_destroy(b);
	free(first);
	free(again);
	free(b);
}

ParameterizedTestParameters(barrier, spurious_wakeups_are_ignored)
{
	return cr_make_param_array(unsigned, more_than_one,
				   sizeof more_than_one / sizeof more_than_one[0]);
}

ParameterizedTest(unsigned *n, barrier, spurious_wakeups_are_ignored, .timeout = 30)
{
	struct barrier *b = barrier_new(*n);
	struct run *run = run_new(b, *n, ROUNDS);

	run_members(run, 3000 + *n, 1, "broadcasts nobody meant");
	assert_rounds(run, "broadcasts nobody meant, a reason to look again but not to leave");
	barrier_destroy(b);
	free(run);
	free(b);
}

ParameterizedTestParameters(barrier, holds_until_the_last_arrives)
{
	return cr_make_param_array(unsigned, more_than_one,
				   sizeof more_than_one / sizeof more_than_one[0]);
}

/* Three rounds. In each, n - 1 threads arrive at once and the last only when the test lets it:
 * 0.1 s after the others, during which nobody may leave. Then all must leave within 2 s. */
ParameterizedTest(unsigned *n, barrier, holds_until_the_last_arrives, .timeout = 30)
{
	struct barrier *b = barrier_new(*n);
	struct run *run = run_new(b, *n, 3);
	struct member *m = calloc(*n, sizeof *m);	/* never freed on a failure: see the top */
	struct timespec t0;

	cr_assert_not_null(m);
	for (unsigned i = 0; i < *n; i++) {
		m[i] = (struct member){ .run = run, .id = (int)i, .late = i == *n - 1 };
		cr_assert_eq(pthread_create(&m[i].thread, NULL, member_main, &m[i]), 0);
	}
	for (int r = 0; r < run->rounds; r++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		while ((unsigned)atomic_load(&run->arrived[r]) < *n - 1 &&
		       ns_since(&t0) < STALL_S * 1000000000L)
			nap_ns(1000000L);
		cr_assert_eq((unsigned)atomic_load(&run->arrived[r]), *n - 1,
			     "round %d: only %d of the %u threads that are not late arrived within "
			     "%d s: the others are still in round %d", r + 1,
			     atomic_load(&run->arrived[r]), *n - 1, STALL_S, r);
		nap_ns(100000000L);
		cr_assert_eq(atomic_load(&run->left[r]), 0,
			     "round %d: %d threads left barrier_wait although the last of the %u "
			     "had not arrived yet", r + 1, atomic_load(&run->left[r]), *n);
		atomic_store(&run->gate, r + 1);	/* now the late one */
		clock_gettime(CLOCK_MONOTONIC, &t0);
		while ((unsigned)atomic_load(&run->left[r]) < *n &&
		       ns_since(&t0) < STALL_S * 1000000000L)
			nap_ns(1000000L);
		cr_assert_eq((unsigned)atomic_load(&run->left[r]), *n,
			     "round %d: all %u threads arrived, but after %d s only %d had left "
			     "barrier_wait", r + 1, *n, STALL_S, atomic_load(&run->left[r]));
	}
	for (unsigned i = 0; i < *n; i++)
		cr_assert_eq(pthread_join(m[i].thread, NULL), 0);
	assert_rounds(run, "a late last thread");
	barrier_destroy(b);
	free(m);
	free(run);
	free(b);
}
