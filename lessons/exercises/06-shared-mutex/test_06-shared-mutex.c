/* test_06-shared-mutex.c: forked children add seeded deltas to one shared counter; the parent
 * must see the exact total. counter_pause yields between a racy update's read and write, so lost
 * updates show on every run. Children only add and _exit; the parent reaps them and asserts. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "06-shared-mutex.h"
#include "tests/watchdog.h"

/* What the watchdog says when a test here overruns its limit. */
static void name_the_likely_cause(void)
{
	watchdog_hint("the processes are blocked on the mutex. A mutex that processes share must "
		      "be in MAP_SHARED memory and made with pthread_mutexattr_setpshared(..., "
		      "PTHREAD_PROCESS_SHARED): a private mutex's wake-ups never reach a waiter in "
		      "another process");
}

TestSuite(shared_counter, .init = name_the_likely_cause);

void counter_pause(void)
{
	sched_yield();
}

/* xorshift64: deltas from -3 to 5, the same stream in the child and in the parent's check. */
static long delta_next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return (long)(*x % 9) - 3;
}

static uint64_t seed_of(uint64_t seed, int child)
{
	return seed * 0x9e3779b97f4a7c15u + child + 1;
}

struct race {
	int children;
	long adds;	/* per child */
	uint64_t seed;
};

static struct race races[] = {
	{ 1, 5000, 1 }, { 2, 10000, 2 }, { 2, 10000, 3 }, { 3, 5000, 4 }, { 4, 5000, 5 },
	{ 8, 2000, 6 },
};

ParameterizedTestParameters(shared_counter, children_lose_no_update)
{
	return cr_make_param_array(struct race, races, sizeof races / sizeof races[0]);
}

ParameterizedTest(struct race *r, shared_counter, children_lose_no_update, .timeout = 30)
{
	struct shared_counter *c = shared_counter_create();
	pid_t kids[8];
	int started = 0, bad_exits = 0;
	long want = 0;

	cr_assert_not_null(c);
	cr_assert_eq(shared_counter_get(c), 0, "a new counter must start at 0");
	for (; started < r->children; started++) {
		uint64_t x = seed_of(r->seed, started);

		kids[started] = fork();
		if (kids[started] < 0)
			break;
		if (kids[started] == 0) {
			for (long k = 0; k < r->adds; k++)
				shared_counter_add(c, delta_next(&x));
			_exit(0);	/* never return into Criterion's code from a child */
		}
		for (long k = 0; k < r->adds; k++)
			want += delta_next(&x);
	}
	for (int i = 0; i < started; i++) {
		int status;

		while (waitpid(kids[i], &status, 0) < 0)
			cr_assert_eq(errno, EINTR, "waitpid: %s", strerror(errno));
		bad_exits += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	cr_assert_eq(started, r->children, "fork: %s", strerror(errno));
	cr_assert_eq(bad_exits, 0, "%d children died", bad_exits);
	cr_assert_eq(shared_counter_get(c), want,
		     "%d children x %ld adds: total %ld, want %ld (%ld lost)", r->children, r->adds,
		     shared_counter_get(c), want, want - shared_counter_get(c));
	shared_counter_destroy(c);
}

/* The parent adds at the same time as its children, on top of an add from before the fork. */
Test(shared_counter, parent_and_children_together, .timeout = 30)
{
	struct shared_counter *c = shared_counter_create();
	pid_t kids[3];
	int status;

	cr_assert_not_null(c);
	shared_counter_add(c, 1000);	/* before the fork */
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		cr_assert_geq(kids[i], 0, "fork: %s", strerror(errno));
		if (kids[i] == 0) {
			for (int k = 0; k < 4000; k++)
				shared_counter_add(c, 2);
			_exit(0);
		}
	}
	for (int k = 0; k < 4000; k++)
		shared_counter_add(c, 3);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(waitpid(kids[i], &status, 0), kids[i]);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			  "child %d died", i);
	}
	cr_assert_eq(shared_counter_get(c), 1000 + 3 * 4000 * 2 + 4000 * 3);
	shared_counter_destroy(c);
}
