/* test_03-racy-counter.c: several threads add seeded deltas to one counter; the total must be
 * exact. counter_pause yields the CPU between the read and the write of a racy update, so on
 * any number of cores a racy counter_add loses thousands of the updates, not one in a million.
 * Threads only add and remember what they added; the test thread asserts after joining them. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>

#include "03-racy-counter.h"

void counter_pause(void)
{
	sched_yield();
}

struct adder {
	pthread_t thread;
	struct counter *c;
	pthread_barrier_t *start;
	uint64_t rng;
	long adds, added;
};

/* xorshift64: a seeded stream of deltas from -3 to 5, so the total is not just a count. */
static long delta_next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (long)(*x % 9) - 3;
}

static void *adder_main(void *arg)
{
	struct adder *a = arg;

	pthread_barrier_wait(a->start);	/* all start together, so they overlap from the first add */
	for (long k = 0; k < a->adds; k++) {
		long d = delta_next(&a->rng);

		counter_add(a->c, d);
		a->added += d;
	}
	return NULL;
}

struct race {
	int threads;
	long adds;	/* per thread */
	uint64_t seed;
};

static struct race races[] = {
	{ 1, 20000, 1 }, { 2, 20000, 2 }, { 2, 20000, 3 }, { 3, 15000, 4 }, { 4, 10000, 5 },
	{ 8, 5000, 6 }, { 8, 5000, 7 },
};

ParameterizedTestParameters(counter, no_update_is_lost)
{
	return cr_make_param_array(struct race, races, sizeof races / sizeof races[0]);
}

ParameterizedTest(struct race *r, counter, no_update_is_lost, .timeout = 30)
{
	struct counter c;
	struct adder a[8];
	pthread_barrier_t start;
	long want = 0;

	cr_assert_eq(counter_init(&c), 0);
	cr_assert_eq(counter_get(&c), 0, "a new counter must start at 0");
	cr_assert_eq(pthread_barrier_init(&start, NULL, r->threads), 0);
	for (int t = 0; t < r->threads; t++) {
		a[t] = (struct adder){ .c = &c, .start = &start, .adds = r->adds,
				       .rng = r->seed * 0x9e3779b97f4a7c15u + t + 1 };
		cr_assert_eq(pthread_create(&a[t].thread, NULL, adder_main, &a[t]), 0);
	}
	for (int t = 0; t < r->threads; t++) {
		cr_assert_eq(pthread_join(a[t].thread, NULL), 0);
		want += a[t].added;
	}
	cr_assert_eq(counter_get(&c), want,
		     "%d threads x %ld adds: total %ld, want %ld (%ld lost to the race)", r->threads,
		     r->adds, counter_get(&c), want, want - counter_get(&c));
	pthread_barrier_destroy(&start);
	counter_destroy(&c);
}
