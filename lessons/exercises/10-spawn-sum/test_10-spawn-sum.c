/* test_10-spawn-sum.c: spawn_sum adds up exactly, calls leaf only at or below the cutoff and on
 * pieces that cover the array once, follows the rules of fork-join (spawn and sync on the task's
 * own fj, every task synced, its result read after the sync), and really runs its halves at the
 * same time. It runs on parbench's work-stealing scheduler (steal_create, steal_run), on a strict
 * stand-in scheduler of the test's own, and on the serial elision (fj_inline). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "10-spawn-sum.h"
#include "lib/fj.h"
#include "lib/steal.h"

/* ---- the array, and what the leaves saw ---- */

static uint64_t mix(uint64_t x)	/* splitmix64: values big enough that the sum wraps around */
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* leaf_fn has no argument for the test's state, so it is here. Each test runs in a process of
 * its own, so tests do not share it. */
static struct {
	const uint64_t *base;
	size_t n, cutoff;	/* cutoff as spawn_sum must apply it: 0 counts as 1 */
	atomic_int *seen;	/* per element: how many leaf calls covered it */
	atomic_int calls, too_big, outside;
	atomic_size_t big_n;	/* the n of a call above the cutoff */
	/* the meeting of the parallel test */
	atomic_int arrived, late;
	atomic_int tid[2];
} lc;

static uint64_t *make_array(size_t n, size_t cutoff)
{
	uint64_t *a = malloc((n ? n : 1) * sizeof *a);

	memset(&lc, 0, sizeof lc);
	cr_assert_not_null(a);
	for (size_t i = 0; i < n; i++)
		a[i] = mix(i);
	lc.base = a;
	lc.n = n;
	lc.cutoff = cutoff ? cutoff : 1;
	lc.seen = calloc(n ? n : 1, sizeof *lc.seen);
	cr_assert_not_null(lc.seen);
	return a;
}

static uint64_t serial_sum(const uint64_t *a, size_t n)
{
	uint64_t s = 0;

	for (size_t i = 0; i < n; i++)
		s += a[i];
	return s;
}

/* The leaves halving makes: one below the cutoff, else those of both halves. */
static size_t leaves_of(size_t n, size_t cutoff)
{
	return n <= cutoff ? 1 : leaves_of(n / 2, cutoff) + leaves_of(n - n / 2, cutoff);
}

/* Records the call, then sums the piece. */
static uint64_t record_leaf(const uint64_t *a, size_t n)
{
	atomic_fetch_add(&lc.calls, 1);
	if (n > lc.cutoff) {
		atomic_fetch_add(&lc.too_big, 1);
		atomic_store(&lc.big_n, n);
	}
	if (n == 0)
		return 0;
	if (a < lc.base || a >= lc.base + lc.n || n > lc.n - (size_t)(a - lc.base)) {
		atomic_fetch_add(&lc.outside, 1);
		return 0;
	}
	for (size_t i = 0, off = (size_t)(a - lc.base); i < n; i++)
		atomic_fetch_add_explicit(&lc.seen[off + i], 1, memory_order_relaxed);
	return serial_sum(a, n);
}

/* After a run: the sum, and whether the leaves were called as the header says. */
static void check_run(const char *how, uint64_t got, const uint64_t *a, size_t n, size_t cutoff)
{
	size_t off = 0, first = 0, want_leaves = leaves_of(n, lc.cutoff);

	cr_assert_eq(atomic_load(&lc.too_big), 0,
		     "%s, n %zu, cutoff %zu: %d leaf calls had more than the cutoff "
		     "(one with n = %zu): split while n > cutoff",
		     how, n, cutoff, atomic_load(&lc.too_big), atomic_load(&lc.big_n));
	cr_assert_eq(atomic_load(&lc.outside), 0,
		     "%s, n %zu, cutoff %zu: leaf was called %d times on a piece outside the array",
		     how, n, cutoff, atomic_load(&lc.outside));
	for (size_t i = 0; i < n; i++)
		if (atomic_load(&lc.seen[i]) != 1 && !off++)
			first = i;
	cr_assert_eq(off, 0,
		     "%s, n %zu, cutoff %zu: %zu elements were summed by leaf other than once, the "
		     "first a[%zu] (%d times)", how, n, cutoff, off, first,
		     off ? atomic_load(&lc.seen[first]) : 0);
	cr_assert_eq((size_t)atomic_load(&lc.calls), want_leaves,
		     "%s, n %zu, cutoff %zu: %d leaf calls, want %zu (halves at h = n / 2 down to "
		     "the cutoff)", how, n, cutoff, atomic_load(&lc.calls), want_leaves);
	cr_assert_eq(got, serial_sum(a, n), "%s, n %zu, cutoff %zu: sum %#llx, want %#llx", how, n,
		     cutoff, (unsigned long long)got, (unsigned long long)serial_sum(a, n));
}

/* ---- on the work-stealing scheduler ---- */

struct root {
	const uint64_t *a;
	size_t n, cutoff;
	leaf_fn leaf;
	uint64_t sum;
};

static void run_root(struct fj *fj, void *arg)
{
	struct root *r = arg;

	r->sum = spawn_sum(fj, r->a, r->n, r->cutoff, r->leaf);
}

static uint64_t on_stealing(int workers, const uint64_t *a, size_t n, size_t cutoff, leaf_fn leaf)
{
	struct steal *s = steal_create(workers, NULL);
	struct root r = { a, n, cutoff, leaf, 0 };

	cr_assert_not_null(s, "steal_create(%d, NULL) failed", workers);
	steal_run(s, run_root, &r);
	cr_assert_eq(steal_destroy(s), 0);
	return r.sum;
}

struct sum_case {
	int workers;
	size_t n, cutoff;
};

#define SIZES(w) \
	{ w, 0, 4 }, { w, 1, 4 }, { w, 1, 0 }, { w, 2, 0 }, { w, 4, 4 }, { w, 5, 4 }, \
	{ w, 7, 3 }, { w, 1000, 1000 }, { w, 1001, 1000 }, { w, 12345, 7 }, { w, 100003, 1 }, \
	{ w, 1000001, 1000 }, { w, 1000001, 4096 }

static struct sum_case sum_cases[] = { SIZES(1), SIZES(2), SIZES(3), SIZES(8) };

ParameterizedTestParameters(spawn_sum, exact_on_stealing)
{
	return cr_make_param_array(struct sum_case, sum_cases, sizeof sum_cases / sizeof sum_cases[0]);
}

ParameterizedTest(struct sum_case *c, spawn_sum, exact_on_stealing, .timeout = 30)
{
	uint64_t *a = make_array(c->n, c->cutoff);
	char how[64];

	snprintf(how, sizeof how, "%d workers", c->workers);
	check_run(how, on_stealing(c->workers, a, c->n, c->cutoff, record_leaf), a, c->n, c->cutoff);
	free(lc.seen);
	free(a);
}

/* ---- the serial elision: spawn runs the task there and then ---- */

Test(spawn_sum, exact_on_fj_inline, .timeout = 20)
{
	size_t ns[] = { 0, 1, 2, 3, 64, 65, 99999 }, cutoffs[] = { 0, 1, 2, 16, 64 };

	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
		for (size_t k = 0; k < sizeof cutoffs / sizeof cutoffs[0]; k++) {
			struct fj inline_fj = { &fj_inline };
			uint64_t *a = make_array(ns[i], cutoffs[k]);

			check_run("fj_inline", spawn_sum(&inline_fj, a, ns[i], cutoffs[k], record_leaf),
				  a, ns[i], cutoffs[k]);
			free(lc.seen);
			free(a);
		}
}

/* A cutoff of 0 taken at its word would split a piece of one element into 0 and 1 forever, and
 * the stack would overflow: this test then crashes, and its name says why. */
Test(spawn_sum, cutoff_0_counts_as_1, .timeout = 10)
{
	for (size_t n = 1; n <= 5; n++) {
		struct fj inline_fj = { &fj_inline };
		uint64_t *a = make_array(n, 0);

		check_run("cutoff 0 (counts as 1)", spawn_sum(&inline_fj, a, n, 0, record_leaf), a, n, 0);
		free(lc.seen);
		free(a);
	}
}

/* ---- a strict scheduler: every rule of fork-join checked, one thread ----
 *
 * A spawned task does not run at the spawn but at its sync, so a sum read before the sync is
 * still 0. Each task runs with an fj of its own, and an fj whose task is waiting in a sync (its
 * caller's) refuses spawns and syncs: a task that spawns on the fj of the one that spawned it is
 * caught. Every task must be synced once, by the fj that spawned it, before its spawner returns. */

#define STRICT_MAX 64

struct strict {
	struct fj fj;		/* first: the fj a task is given is its struct strict */
	struct fj_task *pending[STRICT_MAX];
	int npending;
	int waiting;		/* 1 while one of its tasks runs, inside its fj_sync */
};

static struct {
	int errors;
	char first[256];
	long spawns;
} sc;

static void strict_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void strict_error(const char *fmt, ...)
{
	va_list ap;

	if (sc.errors++)
		return;
	va_start(ap, fmt);
	vsnprintf(sc.first, sizeof sc.first, fmt, ap);
	va_end(ap);
}

static void strict_spawn(struct fj *fj, struct fj_task *t);
static void strict_sync(struct fj *fj, struct fj_task *t);
static const struct fj_ops strict_ops = { strict_spawn, strict_sync };

static void strict_spawn(struct fj *fj, struct fj_task *t)
{
	struct strict *s = (struct strict *)fj;

	sc.spawns++;
	if (s->waiting)
		strict_error("fj_spawn on the fj of a task that is waiting in fj_sync: inside a "
			     "spawned task, spawn with the fj the task was given");
	if (s->npending == STRICT_MAX) {
		strict_error("more than %d tasks spawned and not synced by one task", STRICT_MAX);
		return;
	}
	s->pending[s->npending++] = t;
}

static void strict_sync(struct fj *fj, struct fj_task *t)
{
	struct strict *s = (struct strict *)fj, child = { .fj = { &strict_ops } };
	int k = s->npending - 1;

	if (s->waiting)
		strict_error("fj_sync on the fj of a task that is waiting in fj_sync: inside a "
			     "spawned task, sync with the fj the task was given");
	while (k >= 0 && s->pending[k] != t)
		k--;
	if (k < 0) {
		strict_error("fj_sync of a task this fj did not spawn, or synced twice");
		return;
	}
	for (; k + 1 < s->npending; k++)
		s->pending[k] = s->pending[k + 1];
	s->npending--;
	s->waiting = 1;
	t->fn(&child.fj, t->arg);
	s->waiting = 0;
	if (child.npending)
		strict_error("a spawned task returned with %d tasks of its own not synced",
			     child.npending);
}

struct strict_case {
	size_t n, cutoff;
};

static struct strict_case strict_cases[] = {
	{ 0, 1 }, { 1, 1 }, { 2, 1 }, { 3, 0 }, { 10, 3 }, { 64, 64 }, { 65, 64 }, { 4097, 8 },
	{ 100001, 1 },
};

ParameterizedTestParameters(spawn_sum, follows_fork_join_rules)
{
	return cr_make_param_array(struct strict_case, strict_cases,
				   sizeof strict_cases / sizeof strict_cases[0]);
}

ParameterizedTest(struct strict_case *c, spawn_sum, follows_fork_join_rules, .timeout = 20)
{
	struct strict root = { .fj = { &strict_ops } };
	uint64_t *a = make_array(c->n, c->cutoff), got;

	got = spawn_sum(&root.fj, a, c->n, c->cutoff, record_leaf);
	if (root.npending)
		strict_error("spawn_sum returned with %d spawned tasks not synced", root.npending);
	cr_assert_eq(sc.errors, 0, "n %zu, cutoff %zu: %s (%d problems)", c->n, c->cutoff, sc.first,
		     sc.errors);
	cr_assert(c->n <= lc.cutoff || sc.spawns > 0,
		  "n %zu, cutoff %zu: nothing was spawned, so nothing can run in parallel", c->n,
		  c->cutoff);
	check_run("strict scheduler (a task runs at its sync)", got, a, c->n, c->cutoff);
	free(lc.seen);
	free(a);
}

/* ---- in parallel: the two halves must run at the same time ----
 *
 * The array is exactly two leaves. Each leaf says it has arrived and waits for the other, for up
 * to 10 s. With the halves spawned in parallel, a thief runs one while the spawner runs the
 * other, and they meet at once. A serial sum, or halves run one after the other, leaves the
 * first leaf waiting alone until the deadline. A waiting leaf spins with sched_yield for its
 * first 50 ms, then looks every millisecond: a wrong answer should not cost 10 s of a CPU. */

#define MEET_S 10
#define MEET_SPIN_NS 50000000L

static uint64_t meet_leaf(const uint64_t *a, size_t n)
{
	struct timespec t0, now;
	uint64_t sum = record_leaf(a, n);
	int me;

	if (n > lc.cutoff)
		return sum;	/* not a half: check_run reports it, there is nobody to meet */
	me = atomic_fetch_add(&lc.arrived, 1);
	if (me < 2)
		atomic_store(&lc.tid[me], gettid());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (atomic_load(&lc.arrived) < 2) {
		long waited_ns;

		clock_gettime(CLOCK_MONOTONIC, &now);
		waited_ns = (now.tv_sec - t0.tv_sec) * 1000000000L + (now.tv_nsec - t0.tv_nsec);
		if (waited_ns >= MEET_S * 1000000000L) {
			atomic_fetch_add(&lc.late, 1);
			break;
		}
		if (waited_ns < MEET_SPIN_NS) {
			sched_yield();
		} else {
			struct timespec ms = { 0, 1000000L };

			nanosleep(&ms, NULL);
		}
	}
	return sum;
}

static int meet_workers[] = { 2, 3, 8 };

ParameterizedTestParameters(spawn_sum, halves_run_at_once)
{
	return cr_make_param_array(int, meet_workers, sizeof meet_workers / sizeof meet_workers[0]);
}

ParameterizedTest(int *workers, spawn_sum, halves_run_at_once, .timeout = 40)
{
	size_t cutoff = 1000, n = 2 * cutoff;
	uint64_t *a = make_array(n, cutoff), got;

	got = on_stealing(*workers, a, n, cutoff, meet_leaf);
	check_run("the meeting", got, a, n, cutoff);
	cr_assert_eq(atomic_load(&lc.late), 0,
		     "%d workers: a half waited %d s for the other and it never came: the two "
		     "halves did not run at the same time (spawn one, sum the other, and only then "
		     "sync)", *workers, MEET_S);
	cr_assert_neq(atomic_load(&lc.tid[0]), atomic_load(&lc.tid[1]),
		      "the two halves met on the same thread");
	free(lc.seen);
	free(a);
}
