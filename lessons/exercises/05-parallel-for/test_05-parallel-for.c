/* test_05-parallel-for.c: parallel_for calls body once per claim of chunk indices, covering every
 * index once, on threads that run at once and claim dynamically: a thread stuck on a slow claim
 * does not hold indices back. Bodies only record; the test thread asserts after the call. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "05-parallel-for.h"

struct cover {
	atomic_int *counts;
	size_t n, chunk;
	atomic_int bad;		/* a range that is not exactly one claim */
	atomic_int calls;
	int caller;
	atomic_int on_caller;
};

static void cover_body(void *arg, size_t begin, size_t end)
{
	struct cover *cv = arg;
	size_t want_end = cv->n - begin < cv->chunk ? cv->n : begin + cv->chunk;

	atomic_fetch_add(&cv->calls, 1);
	if (gettid() == cv->caller)
		atomic_fetch_add(&cv->on_caller, 1);
	if (begin >= cv->n || begin % cv->chunk != 0 || end != want_end) {
		atomic_fetch_add(&cv->bad, 1);
		return;
	}
	for (size_t i = begin; i < end; i++)
		atomic_fetch_add_explicit(&cv->counts[i], 1, memory_order_relaxed);
}

struct cover_case {
	int threads;
	size_t n, chunk;
};

static struct cover_case cover_cases[] = {
	{ 1, 0, 1 }, { 3, 0, 5 }, { 1, 1, 1 }, { 4, 1, 1 }, { 2, 10, 3 }, { 2, 64, 64 },
	{ 2, 65, 64 }, { 3, 1000, 1 }, { 4, 1000, 7 }, { 4, 1000, 5000 }, { 8, 100000, 13 },
	{ 16, 100000, 1000 },
};

ParameterizedTestParameters(parallel_for, covers_each_index_once)
{
	return cr_make_param_array(struct cover_case, cover_cases,
				   sizeof cover_cases / sizeof cover_cases[0]);
}

ParameterizedTest(struct cover_case *c, parallel_for, covers_each_index_once, .timeout = 20)
{
	struct cover cv = { .n = c->n, .chunk = c->chunk, .caller = gettid() };
	size_t off = 0, first = 0;

	cv.counts = calloc(c->n ? c->n : 1, sizeof *cv.counts);
	cr_assert_not_null(cv.counts);
	cr_assert_eq(parallel_for(c->n, c->chunk, c->threads, cover_body, &cv), 0);
	cr_assert_eq(atomic_load(&cv.bad), 0, "n %zu, chunk %zu: %d calls were not one claim",
		     c->n, c->chunk, atomic_load(&cv.bad));
	for (size_t i = 0; i < c->n; i++)
		if (atomic_load(&cv.counts[i]) != 1 && !off++)
			first = i;
	cr_assert_eq(off, 0, "n %zu, chunk %zu, %d threads: %zu indices ran other than once, first %zu",
		     c->n, c->chunk, c->threads, off, first);
	cr_assert_eq((size_t)atomic_load(&cv.calls), (c->n + c->chunk - 1) / c->chunk,
		     "n %zu, chunk %zu: body calls", c->n, c->chunk);
	cr_assert_eq(atomic_load(&cv.on_caller), 0, "body ran on the caller's thread");
	free(cv.counts);
}

Test(parallel_for, rejects_bad_arguments, .timeout = 10)
{
	struct cover cv = { .n = 10, .chunk = 1, .caller = gettid() };

	cv.counts = calloc(10, sizeof *cv.counts);
	cr_assert_eq(parallel_for(10, 1, 0, cover_body, &cv), -1, "0 threads");
	cr_assert_eq(parallel_for(10, 0, 2, cover_body, &cv), -1, "chunk 0");
	cr_assert_eq(atomic_load(&cv.calls), 0);
	cr_assert_eq(parallel_for(10, 1, 2, cover_body, &cv), 0);	/* -1 alone cannot pass */
	free(cv.counts);
}

/* One claim per thread, each waiting for all the others up to a common deadline 3 s away:
 * threads that really run at once all meet within milliseconds. */
struct meet {
	pthread_mutex_t lock;
	pthread_cond_t all_here;
	int arrived, want, late;
	struct timespec deadline;
};

static void meet_body(void *arg, size_t begin, size_t end)
{
	struct meet *m = arg;

	(void)begin;
	(void)end;
	pthread_mutex_lock(&m->lock);
	if (++m->arrived == m->want)
		pthread_cond_broadcast(&m->all_here);
	while (m->arrived < m->want)
		if (pthread_cond_timedwait(&m->all_here, &m->lock, &m->deadline) == ETIMEDOUT) {
			m->late++;
			break;
		}
	pthread_mutex_unlock(&m->lock);
}

static int some_threads[] = { 2, 3, 4, 8 };

ParameterizedTestParameters(parallel_for, threads_run_at_once)
{
	return cr_make_param_array(int, some_threads, sizeof some_threads / sizeof some_threads[0]);
}

ParameterizedTest(int *threads, parallel_for, threads_run_at_once, .timeout = 20)
{
	struct meet m = { .want = *threads };

	cr_assert_eq(pthread_mutex_init(&m.lock, NULL), 0);
	cr_assert_eq(pthread_cond_init(&m.all_here, NULL), 0);
	clock_gettime(CLOCK_REALTIME, &m.deadline);
	m.deadline.tv_sec += 3;
	cr_assert_eq(parallel_for(*threads, 1, *threads, meet_body, &m), 0);
	cr_assert_eq(m.arrived, *threads, "%d claims of 1, body ran %d times", *threads, m.arrived);
	cr_assert_eq(m.late, 0, "%d of %d threads waited 3 s for the others: they did not run at once",
		     m.late, *threads);
	pthread_cond_destroy(&m.all_here);
	pthread_mutex_destroy(&m.lock);
}

/*
 * Claim 0 is slow (300 ms), every other claim instant. Claiming dynamically, the thread that took
 * claim 0 takes nothing else: the others finish all the rest meanwhile. A static split (thread t
 * gets a fixed block) would leave that thread its whole block.
 */
struct uneven {
	atomic_int tid_of[64];	/* per claim: the thread that ran it */
};

static void uneven_body(void *arg, size_t begin, size_t end)
{
	struct uneven *u = arg;

	if (begin == 0) {
		struct timespec ts = { 0, 300 * 1000000L };

		while (nanosleep(&ts, &ts) != 0)
			;
	}
	for (size_t i = begin; i < end && i < 64; i++)
		atomic_store(&u->tid_of[i], gettid());
}

ParameterizedTestParameters(parallel_for, claims_are_dynamic)
{
	return cr_make_param_array(int, some_threads, 3);	/* 2, 3, 4 */
}

ParameterizedTest(int *threads, parallel_for, claims_are_dynamic, .timeout = 20)
{
	struct uneven u = { 0 };
	size_t n = 16 * *threads, slow_ran = 0;

	cr_assert_eq(parallel_for(n, 1, *threads, uneven_body, &u), 0);
	for (size_t i = 0; i < n; i++) {
		cr_assert_neq(atomic_load(&u.tid_of[i]), 0, "index %zu never ran", i);
		slow_ran += atomic_load(&u.tid_of[i]) == atomic_load(&u.tid_of[0]);
	}
	cr_assert_eq(slow_ran, 1, "%d threads, %zu claims: the thread on the slow claim also ran %zu "
		     "others: claims are not handed out dynamically", *threads, n, slow_ran - 1);
}
