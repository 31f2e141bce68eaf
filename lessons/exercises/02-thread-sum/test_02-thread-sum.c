/* test_02-thread-sum.c: thread_sum adds every term exactly once, in min(workers, n) threads, none
 * of them the caller, and those threads run at the same time. Terms only record; the test
 * thread asserts after thread_sum has joined them. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "02-thread-sum.h"

#define MAXN 200000

struct seen {
	uint64_t seed;
	atomic_int runs[MAXN];
	atomic_int tid[MAXN];
};

static struct seen *seen_new(uint64_t seed)
{
	struct seen *s = calloc(1, sizeof *s);

	cr_assert_not_null(s);
	s->seed = seed;
	return s;
}

static uint64_t value_of(uint64_t seed, size_t i)
{
	uint64_t x = i ^ seed;

	return x + x * x + x * x * x;
}

static uint64_t term_record(size_t i, void *arg)
{
	struct seen *s = arg;

	atomic_fetch_add_explicit(&s->runs[i], 1, memory_order_relaxed);
	atomic_store_explicit(&s->tid[i], (int)gettid(), memory_order_relaxed);
	return value_of(s->seed, i);
}

struct sum_case {
	size_t n;
	int workers;
	uint64_t seed;
};

static struct sum_case sum_cases[] = {
	{ 0, 1, 1 }, { 0, 3, 1 }, { 1, 1, 2 }, { 1, 4, 3 }, { 5, 8, 4 }, { 7, 2, 5 },
	{ 1000, 1, 6 }, { 1000, 2, 7 }, { 1001, 3, 8 }, { 199999, 4, 9 }, { MAXN, 8, 10 },
	{ MAXN, 32, 11 },
};

ParameterizedTestParameters(thread_sum, matches_serial)
{
	return cr_make_param_array(struct sum_case, sum_cases, sizeof sum_cases / sizeof sum_cases[0]);
}

ParameterizedTest(struct sum_case *c, thread_sum, matches_serial, .timeout = 20)
{
	struct seen *s = seen_new(c->seed);
	uint64_t want = 0, got = 12345;
	size_t busy = c->n < (size_t)c->workers ? c->n : (size_t)c->workers;
	int tids[32], ntids = 0;

	for (size_t i = 0; i < c->n; i++)
		want += value_of(c->seed, i);
	cr_assert_eq(thread_sum(c->n, c->workers, term_record, s, &got), 0, "n %zu, %d workers",
		     c->n, c->workers);
	cr_assert_eq(got, want, "n %zu, %d workers: sum %#jx, want %#jx", c->n, c->workers,
		     (uintmax_t)got, (uintmax_t)want);
	for (size_t i = 0; i < c->n; i++) {
		int tid = atomic_load(&s->tid[i]), k;

		cr_assert_eq(atomic_load(&s->runs[i]), 1, "term %zu ran %d times", i,
			     atomic_load(&s->runs[i]));
		cr_assert_neq(tid, (int)gettid(), "term %zu ran on the caller's thread", i);
		for (k = 0; k < ntids && tids[k] != tid; k++)
			;
		if (k == ntids) {
			cr_assert_lt(ntids, c->workers, "more threads than %d workers", c->workers);
			tids[ntids++] = tid;
		}
	}
	cr_assert_eq((size_t)ntids, busy, "n %zu, %d workers: terms ran on %d threads, want %zu",
		     c->n, c->workers, ntids, busy);
	free(s);
}

Test(thread_sum, rejects_no_workers, .timeout = 10)
{
	struct seen *s = seen_new(1);
	uint64_t got;

	cr_assert_eq(thread_sum(10, 0, term_record, s, &got), -1);
	cr_assert_eq(thread_sum(10, -1, term_record, s, &got), -1);
	cr_assert_eq(atomic_load(&s->runs[0]), 0, "a term ran with no workers");
	cr_assert_eq(thread_sum(10, 2, term_record, s, &got), 0);	/* -1 alone cannot pass */
	free(s);
}

/*
 * One term per worker, and each term waits until every term has started, or until a deadline
 * 3 s away. Threads that really run at once all arrive within milliseconds; threads started and
 * joined one at a time (a serial loop in disguise) reach the deadline instead.
 */
struct meet {
	pthread_mutex_t lock;
	pthread_cond_t all_here;
	int arrived, want, late;
	struct timespec deadline;
};

static uint64_t term_meet(size_t i, void *arg)
{
	struct meet *m = arg;

	pthread_mutex_lock(&m->lock);
	if (++m->arrived == m->want)
		pthread_cond_broadcast(&m->all_here);
	while (m->arrived < m->want)
		if (pthread_cond_timedwait(&m->all_here, &m->lock, &m->deadline) == ETIMEDOUT) {
			m->late++;
			break;
		}
	pthread_mutex_unlock(&m->lock);
	return i + 1;
}

static int meet_workers[] = { 2, 3, 4, 8 };

ParameterizedTestParameters(thread_sum, threads_run_at_once)
{
	return cr_make_param_array(int, meet_workers, sizeof meet_workers / sizeof meet_workers[0]);
}

ParameterizedTest(int *workers, thread_sum, threads_run_at_once, .timeout = 20)
{
	struct meet m = { .want = *workers };
	uint64_t got = 0;

	cr_assert_eq(pthread_mutex_init(&m.lock, NULL), 0);
	cr_assert_eq(pthread_cond_init(&m.all_here, NULL), 0);
	clock_gettime(CLOCK_REALTIME, &m.deadline);	/* pthread_cond_timedwait's default clock */
	m.deadline.tv_sec += 3;
	cr_assert_eq(thread_sum(*workers, *workers, term_meet, &m, &got), 0);
	cr_assert_eq(got, (uint64_t)*workers * (*workers + 1) / 2);
	cr_assert_eq(m.late, 0, "%d of %d threads waited 3 s for the others: they did not run at once",
		     m.late, *workers);
	pthread_cond_destroy(&m.all_here);
	pthread_mutex_destroy(&m.lock);
}
