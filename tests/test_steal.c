/* test_steal.c: the work-stealing scheduler and its deque. The deque alone keeps LIFO order for
 * its owner and FIFO for thieves, across growth while wrapped; under 3 thieves every item
 * pushed is taken exactly once, racing for the last item and while it grows. steal_for runs
 * each index once, in the pieces its halving makes, for 1 to 8 workers and again on the same
 * scheduler; fork-join recursions (fib, a sum synced out of order) give their known values,
 * also from tasks whose memory was never cleared; a sleeping worker is woken by a spawn and
 * runs the task while its spawner works; two schedulers run side by side; and idle workers end
 * up asleep. Threads other than the test's only count, and the test thread asserts after
 * joining them or after steal_run returns. A deadlock fails by timeout. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "counts.h"
#include "lib/clock.h"
#include "lib/deque.h"
#include "lib/fj.h"
#include "lib/rng.h"
#include "lib/steal.h"

static struct steal *steal_new(int workers)
{
	struct steal *s = steal_create(workers, NULL);

	cr_assert_not_null(s, "steal_create(%d)", workers);
	return s;
}

/* ---- the deque ---- */

/* Item i is the pointer i + 1: never NULL, which pop returns for none. */
static void *item_of(size_t i)
{
	return (void *)(uintptr_t)(i + 1);
}

static size_t index_of(void *x)
{
	return (size_t)(uintptr_t)x - 1;
}

/* Alone, the owner pops newest first and a steal takes the oldest; push says how many it held.
 * Then a ring of 4 is wrapped (top at 2) and made to grow: the items keep their order. */
Test(steal, deque_alone_lifo_for_owner_fifo_for_thief, .timeout = 10)
{
	struct deque d;
	void *x = NULL;

	cr_assert_eq(deque_init(&d, 2), 0);
	cr_assert_null(deque_pop(&d), "pop of a new deque");
	cr_assert_eq(deque_steal(&d, &x), DEQUE_EMPTY);
	cr_assert(deque_looks_empty(&d));
	for (size_t i = 0; i < 3; i++)
		cr_assert_eq(deque_push(&d, item_of(i)), (int)i, "push #%zu", i);
	cr_assert_eq(deque_steal(&d, &x), DEQUE_STOLEN);
	cr_assert_eq(x, item_of(0), "steal takes the oldest");
	cr_assert_eq(deque_steal(&d, &x), DEQUE_STOLEN);
	cr_assert_eq(x, item_of(1));
	/* top = 2, bottom = 3: items 3.. wrap round the ring of 4, and the 5th held grows it. */
	for (size_t i = 3; i < 13; i++)
		cr_assert_eq(deque_push(&d, item_of(i)), (int)(i - 2), "push #%zu", i);
	cr_assert_gt(atomic_load(&d.ring)->mask + 1, 4, "11 items held, yet the ring did not grow");
	cr_assert_eq(deque_pop(&d), item_of(12), "pop takes the newest");
	cr_assert_eq(deque_pop(&d), item_of(11));
	for (size_t i = 2; i < 11; i++) {
		cr_assert_eq(deque_steal(&d, &x), DEQUE_STOLEN, "steal #%zu", i);
		cr_assert_eq(x, item_of(i), "steal #%zu after the growth", i);
	}
	cr_assert_null(deque_pop(&d), "all taken, yet pop found one");
	cr_assert_eq(deque_steal(&d, &x), DEQUE_EMPTY);
	cr_assert_eq(deque_push(&d, item_of(99)), 0);
	cr_assert_eq(deque_pop(&d), item_of(99), "the last item, no thief about");
	cr_assert_null(deque_pop(&d));
	deque_free(&d);
}

#define THIEVES 3

/* An owner and THIEVES thieves on deques[0..ndeques); the thieves steal from deques[cur]. */
struct arena {
	struct deque *deques;
	int ndeques;
	atomic_int cur;
	atomic_int *counts;
	size_t n;
	atomic_int done;	/* the owner has taken what was left: the deques stay empty */
	atomic_int bad;		/* an item out of range, or NULL stolen */
	atomic_long stolen, popped, lost;
	pthread_barrier_t start;
};

static void take(struct arena *a, void *x)
{
	size_t i = index_of(x);

	if (!x || i >= a->n) {
		atomic_fetch_add(&a->bad, 1);
		return;
	}
	atomic_fetch_add_explicit(&a->counts[i], 1, memory_order_relaxed);
}

static void *thief_main(void *arg)
{
	struct arena *a = arg;

	pthread_barrier_wait(&a->start);
	while (1) {
		struct deque *d = &a->deques[atomic_load(&a->cur)];
		void *x = NULL;

		switch (deque_steal(d, &x)) {
		case DEQUE_STOLEN:
			take(a, x);
			atomic_fetch_add_explicit(&a->stolen, 1, memory_order_relaxed);
			break;
		case DEQUE_LOST:
			atomic_fetch_add_explicit(&a->lost, 1, memory_order_relaxed);
			break;
		case DEQUE_EMPTY:
			if (atomic_load(&a->done))
				return NULL;
			break;
		}
	}
}

/* Owner: pop up to k items, or until none is left; returns how many. */
static size_t owner_pop(struct arena *a, struct deque *d, size_t k)
{
	size_t got = 0;
	void *x;

	while (got < k && (x = deque_pop(d))) {
		take(a, x);
		got++;
	}
	atomic_fetch_add_explicit(&a->popped, (long)got, memory_order_relaxed);
	return got;
}

static void owner_push(struct arena *a, struct deque *d, size_t i)
{
	int held = deque_push(d, item_of(i));

	if (held < 0)
		atomic_fetch_add(&a->bad, 1);
}

static void arena_start(struct arena *a, int ndeques, int log2_cap, size_t n, pthread_t *t)
{
	memset(a, 0, sizeof *a);
	a->deques = aligned_alloc(_Alignof(struct deque), (size_t)ndeques * sizeof *a->deques);
	cr_assert_not_null(a->deques);
	a->ndeques = ndeques;
	for (int k = 0; k < ndeques; k++)
		cr_assert_eq(deque_init(&a->deques[k], log2_cap), 0);
	a->counts = counts_new(n);
	a->n = n;
	cr_assert_eq(pthread_barrier_init(&a->start, NULL, THIEVES + 1), 0);
	for (int k = 0; k < THIEVES; k++)
		cr_assert_eq(pthread_create(&t[k], NULL, thief_main, a), 0);
	pthread_barrier_wait(&a->start);
}

/* The owner is done: the thieves leave once they see the deques empty. Then every item must
 * have been taken once, by a thief or by the owner. */
static void arena_finish(struct arena *a, pthread_t *t, const char *what)
{
	atomic_store(&a->done, 1);
	for (int k = 0; k < THIEVES; k++)
		cr_assert_eq(pthread_join(t[k], NULL), 0);
	cr_assert_eq(atomic_load(&a->bad), 0, "%s: a NULL or unknown item was taken", what);
	counts_assert(a->counts, a->n, 1, "%s (%ld stolen, %ld popped, %ld lost races)", what,
		      atomic_load(&a->stolen), atomic_load(&a->popped), atomic_load(&a->lost));
	cr_assert_eq(atomic_load(&a->stolen) + atomic_load(&a->popped), (long)a->n);
	pthread_barrier_destroy(&a->start);
}

static void arena_free(struct arena *a)
{
	for (int k = 0; k < a->ndeques; k++)
		deque_free(&a->deques[k]);
	free(a->deques);
	free(a->counts);
}

/* Push until a thief has taken something (or 10 s pass): a test of stealing must have stolen. */
static void owner_until_stolen(struct arena *a, struct deque *d, size_t *next)
{
	double t0 = clock_now();

	while (atomic_load(&a->stolen) == 0 && *next < a->n && clock_now() - t0 < 10) {
		owner_push(a, d, (*next)++);
		sched_yield();
	}
	cr_assert_gt(atomic_load(&a->stolen), 0, "no thief stole anything in 10 s");
}

/* Bursts of pushes and of pops, single items pushed and popped at once while three thieves race
 * for them, and drains to empty; every item is taken exactly once. */
Test(steal, deque_under_thieves_takes_each_item_once, .timeout = 60)
{
	struct arena a;
	pthread_t t[THIEVES];
	struct rng r = rng_for_task(42, 0);
	size_t n = 300000, next = 0;
	struct deque *d;

	arena_start(&a, 1, 4, n, t);
	d = &a.deques[0];
	owner_until_stolen(&a, d, &next);
	while (next < n) {
		uint64_t x = rng_next(&r);
		size_t k = 1 + (size_t)(x >> 8) % 64;

		switch (x % 8) {
		case 0: case 1: case 2: case 3:	/* a burst of pushes */
			for (; k > 0 && next < n; k--)
				owner_push(&a, d, next++);
			break;
		case 4: case 5:			/* some pops */
			owner_pop(&a, d, k);
			break;
		case 6:				/* one item at a time: owner and thieves race for it */
			owner_pop(&a, d, SIZE_MAX);
			for (; k > 0 && next < n; k--) {
				owner_push(&a, d, next++);
				owner_pop(&a, d, 1);
			}
			break;
		default:			/* down to empty, racing for the last */
			owner_pop(&a, d, SIZE_MAX);
			break;
		}
	}
	owner_pop(&a, d, SIZE_MAX);
	cr_assert_null(deque_pop(d), "a pop after the drain found an item");
	arena_finish(&a, t, "mixed pushes and pops");
	arena_free(&a);
}

/* Rings of 4 slots, each pushed thousands of items before the first pop, with thieves stealing
 * all the while: they read rings the owner outgrows. A new deque a round, so each grows from 4. */
Test(steal, deque_grows_under_thieves, .timeout = 60)
{
	enum { ROUNDS = 16, PER_ROUND = 5000 };
	struct arena a;
	pthread_t t[THIEVES];
	size_t next = 0;
	int64_t biggest = 0;

	arena_start(&a, ROUNDS, 2, (size_t)ROUNDS * PER_ROUND, t);
	for (int round = 0; round < ROUNDS; round++) {
		struct deque *d = &a.deques[round];

		atomic_store(&a.cur, round);
		for (int i = 0; i < PER_ROUND; i++)
			owner_push(&a, d, next++);
		owner_pop(&a, d, SIZE_MAX);
	}
	arena_finish(&a, t, "growing deques");
	for (int k = 0; k < ROUNDS; k++) {
		int64_t cap = atomic_load(&a.deques[k].ring)->mask + 1;

		biggest = cap > biggest ? cap : biggest;
	}
	/* Thieves cannot keep up with a push loop: some deque must have held hundreds. */
	cr_assert_geq(biggest, 64, "no deque grew past %lld slots: growth went untested",
		      (long long)biggest);
	arena_free(&a);
}

/* ---- steal_for ---- */

/* How many pieces halving [0, n) makes: a length above chunk splits into floor and ceiling
 * halves, as steal.h says. Written again here, not taken from steal.c. */
static size_t pieces(size_t len, size_t chunk)
{
	return len <= chunk ? 1 : pieces(len / 2, chunk) + pieces(len - len / 2, chunk);
}

/* One steal_for over fresh counters with counts_range as its body, checked: every index once,
 * every range sane, and as many calls as the halving makes pieces. */
static void cover_check(struct steal *s, struct counted_range *cv, size_t n, size_t chunk,
			int workers)
{
	size_t eff = chunk ? chunk : 1;

	counts_range_reset(cv, n, eff);
	steal_for(s, n, chunk, counts_range, cv);
	cr_assert_eq(atomic_load(&cv->bad), 0, "bad ranges: n %zu, chunk %zu, %d workers", n, chunk,
		     workers);
	counts_assert(cv->counts, n, 1, "n %zu, chunk %zu, %d workers", n, chunk, workers);
	cr_assert_eq((size_t)atomic_load(&cv->calls), n ? pieces(n, eff) : 0,
		     "body calls: n %zu, chunk %zu, %d workers", n, chunk, workers);
}

static int for_workers[] = { 1, 2, 3, 5, 8 };

ParameterizedTestParameters(steal, for_covers_each_index_once)
{
	return cr_make_param_array(int, for_workers, sizeof for_workers / sizeof for_workers[0]);
}

/* Every (n, chunk) on one scheduler, one after another: each run starts clean. */
ParameterizedTest(int *workers, steal, for_covers_each_index_once, .timeout = 60)
{
	static const size_t ns[] = { 0, 1, 2, 3, 7, 64, 65, 1000, 1001, 100000 };
	static const size_t chunks[] = { 0, 1, 3, 1000 };
	struct counted_range cv = { .counts = counts_new(100000) };
	struct steal *s = steal_new(*workers);

	for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++)
		for (size_t b = 0; b < sizeof chunks / sizeof chunks[0]; b++)
			cover_check(s, &cv, ns[a], chunks[b], *workers);
	cr_assert_eq(steal_destroy(s), 0);
	free(cv.counts);
}

ParameterizedTestParameters(steal, for_many_times_in_a_row)
{
	return cr_make_param_array(int, for_workers, sizeof for_workers / sizeof for_workers[0]);
}

/* Counts accumulate over 300 runs on one scheduler: none lost, none run twice. */
ParameterizedTest(int *workers, steal, for_many_times_in_a_row, .timeout = 60)
{
	size_t n = 3001;
	struct counted_range cv = { .counts = counts_new(n), .n = n, .chunk = 3 };
	struct steal *s = steal_new(*workers);

	for (int rep = 0; rep < 300; rep++) {
		steal_for(s, n, rep % 2 ? 3 : 1, counts_range, &cv);
		steal_for(s, 1, 3, counts_range, &cv);	/* index 0 once more */
		steal_for(s, 0, 3, counts_range, &cv);	/* nothing */
	}
	cr_assert_eq(atomic_load(&cv.bad), 0);
	cr_assert_eq(atomic_load(&cv.counts[0]), 600, "index 0 ran %d times, not 600",
		     atomic_load(&cv.counts[0]));
	counts_assert(cv.counts + 1, n - 1, 300, "%d workers", *workers);
	cr_assert_eq(steal_destroy(s), 0);
	free(cv.counts);
}

/* ---- spawn and sync ---- */

struct fib_call {
	unsigned n;
	uint64_t value;
};

/* fib with a spawn at every call down to fib(1). */
static void fib_fj(struct fj *fj, void *arg)
{
	struct fib_call *c = arg, a, b;
	struct fj_task t;

	if (c->n < 2) {
		c->value = c->n;
		return;
	}
	a = (struct fib_call){ c->n - 1, 0 };
	b = (struct fib_call){ c->n - 2, 0 };
	fj_spawn(fj, &t, fib_fj, &a);
	fib_fj(fj, &b);
	fj_sync(fj, &t);
	c->value = a.value + b.value;
}

/* The sum of [lo, hi): three thirds, two spawned and one run, synced in order at even depths
 * and out of order (the newer first) at odd ones. */
struct sum_call {
	uint64_t lo, hi, value;
	unsigned depth;
};

static void sum_fj(struct fj *fj, void *arg)
{
	struct sum_call *c = arg, p[3];
	struct fj_task t[2];
	uint64_t third = (c->hi - c->lo) / 3;

	if (c->hi - c->lo < 8) {
		c->value = 0;
		for (uint64_t i = c->lo; i < c->hi; i++)
			c->value += i;
		return;
	}
	p[0] = (struct sum_call){ c->lo, c->lo + third, 0, c->depth + 1 };
	p[1] = (struct sum_call){ c->lo + third, c->lo + 2 * third, 0, c->depth + 1 };
	p[2] = (struct sum_call){ c->lo + 2 * third, c->hi, 0, c->depth + 1 };
	fj_spawn(fj, &t[0], sum_fj, &p[0]);
	fj_spawn(fj, &t[1], sum_fj, &p[1]);
	sum_fj(fj, &p[2]);
	if (c->depth % 2) {
		fj_sync(fj, &t[0]);	/* t[1] is on top of it: popped and run first */
		fj_sync(fj, &t[1]);
	} else {
		fj_sync(fj, &t[1]);
		fj_sync(fj, &t[0]);
	}
	c->value = p[0].value + p[1].value + p[2].value;
}

static void fib_root(struct fj *fj, void *arg)
{
	fib_fj(fj, arg);
}

static void sum_root(struct fj *fj, void *arg)
{
	sum_fj(fj, arg);
}

static int fj_workers[] = { 1, 2, 3, 8 };

ParameterizedTestParameters(steal, spawn_sync_recursions_are_right)
{
	return cr_make_param_array(int, fj_workers, sizeof fj_workers / sizeof fj_workers[0]);
}

/* fib(25) = 75025 and fib(10) = 55 from any table; sum [0, n) = n(n - 1)/2. Five runs each on
 * one scheduler. One worker has no thief: nothing is stolen. */
ParameterizedTest(int *workers, steal, spawn_sync_recursions_are_right, .timeout = 60)
{
	struct steal *s = steal_new(*workers);
	const uint64_t n = 300007;

	for (int rep = 0; rep < 5; rep++) {
		struct fib_call f = { 25, 0 }, g = { 10, 0 };
		struct sum_call sc = { 0, n, 0, 0 };

		steal_run(s, fib_root, &f);
		cr_assert_eq(f.value, 75025, "fib(25) on %d workers, run %d: %llu", *workers, rep,
			     (unsigned long long)f.value);
		steal_run(s, fib_root, &g);
		cr_assert_eq(g.value, 55, "fib(10) on %d workers, run %d", *workers, rep);
		steal_run(s, sum_root, &sc);
		cr_assert_eq(sc.value, n * (n - 1) / 2, "sum on %d workers, run %d: %llu", *workers,
			     rep, (unsigned long long)sc.value);
	}
	if (*workers == 1)
		cr_assert_eq(steal_count(s), 0, "one worker, yet %lu steals", steal_count(s));
	cr_assert_eq(steal_destroy(s), 0);
}

/* The serial elision runs the same recursions to the same values. */
Test(steal, inline_elision_gives_the_same_values, .timeout = 10)
{
	struct fj fj = { &fj_inline };
	struct fib_call f = { 25, 0 };
	struct sum_call sc = { 0, 300007, 0, 0 };

	fib_fj(&fj, &f);
	sum_fj(&fj, &sc);
	cr_assert_eq(f.value, 75025);
	cr_assert_eq(sc.value, (uint64_t)300007 * 300006 / 2);
}

/* A task handed to fj_spawn holds whatever its frame held before: the scheduler must set what
 * it needs itself. Every task here starts filled with 0x7f bytes, as a reused stack might be. */
struct leaf_counter {
	atomic_int ran;
	struct rng r;
};

static void leaf(struct fj *fj, void *arg)
{
	(void)fj;
	atomic_fetch_add_explicit(&((struct leaf_counter *)arg)->ran, 1, memory_order_relaxed);
}

static void spawn_dirty_tasks(struct fj *fj, void *arg)
{
	struct leaf_counter *lc = arg;

	for (int i = 0; i < 200000; i++) {
		struct fj_task t;
		unsigned delay = (unsigned)(rng_next(&lc->r) % 64);

		memset(&t, 0x7f, sizeof t);
		fj_spawn(fj, &t, leaf, lc);
		for (volatile unsigned k = 0; k < delay; k++)
			;	/* a little work, so that thieves get a chance at t */
		fj_sync(fj, &t);
	}
}

Test(steal, spawn_of_a_task_that_was_never_initialised, .timeout = 60)
{
	struct steal *s = steal_new(2);
	struct leaf_counter lc = { .r = rng_for_task(3, 0) };

	atomic_init(&lc.ran, 0);
	steal_run(s, spawn_dirty_tasks, &lc);
	cr_assert_eq(atomic_load(&lc.ran), 200000);
	cr_assert_eq(steal_destroy(s), 0);
}

/* ---- parallelism ---- */

/* Whether every thread of this process but the caller is asleep ('S'); *threads counts them,
 * and what says the first that is not. */
static int others_asleep(int *threads, char *what, size_t len)
{
	long self = (long)syscall(SYS_gettid);
	DIR *dir = opendir("/proc/self/task");
	struct dirent *e;
	int all = 1;

	cr_assert_not_null(dir, "opendir /proc/self/task");
	*threads = 0;
	while ((e = readdir(dir))) {
		char path[64], line[512], *p;
		long tid = atol(e->d_name);
		FILE *f;
		size_t got;

		if (tid <= 0)
			continue;
		++*threads;
		if (tid == self)
			continue;
		snprintf(path, sizeof path, "/proc/self/task/%ld/stat", tid);
		if (!(f = fopen(path, "r")))
			continue;	/* it has just exited */
		got = fread(line, 1, sizeof line - 1, f);
		fclose(f);
		line[got] = '\0';
		/* "tid (comm) S ...": the state follows the last ')', comm may hold anything. */
		if (!(p = strrchr(line, ')')) || p[1] != ' ' || p[2] != 'S') {
			snprintf(what, len, "thread %ld: %.60s", tid, line);
			all = 0;
		}
	}
	closedir(dir);
	return all;
}

/* Poll others_asleep for up to 5 s, at a poll's pace of 1 ms (not a sleep to mend a race). */
static int others_fall_asleep(int *threads, char *what, size_t len)
{
	double t0 = clock_now();
	int asleep;

	while (!(asleep = others_asleep(threads, what, len)) && clock_now() - t0 < 5) {
		struct timespec pace = { 0, 1000000 };

		nanosleep(&pace, NULL);
	}
	return asleep;
}

/* A and B each arrive, then wait for the other, for up to 10 s of clock time. */
struct meeting {
	atomic_int arrived;
	atomic_int gave_up;
	atomic_int timeouts;
};

static void meet(struct meeting *m)
{
	double t0 = clock_now();

	atomic_fetch_add(&m->arrived, 1);
	while (atomic_load(&m->arrived) < 2 && !atomic_load(&m->gave_up)) {
		if (clock_now() - t0 > 10) {
			atomic_fetch_add(&m->timeouts, 1);
			atomic_store(&m->gave_up, 1);	/* the other need not wait 10 s too */
			return;
		}
		sched_yield();
	}
}

static void meet_task(struct fj *fj, void *arg)
{
	(void)fj;
	meet(arg);
}

static void meet_root(struct fj *fj, void *arg)
{
	struct fj_task a;

	fj_spawn(fj, &a, meet_task, arg);	/* A, for a thief */
	meet(arg);				/* B, here */
	fj_sync(fj, &a);
}

/* B cannot end before A has started, and the caller runs B: so a thief ran A, each round. Each
 * round starts once the other worker sleeps, so the spawn of A must also wake it. */
Test(steal, a_thief_runs_a_spawned_task_meanwhile, .timeout = 60)
{
	struct steal *s = steal_new(2);
	unsigned long before = steal_count(s);

	for (int round = 0; round < 20; round++) {
		struct meeting m;
		char what[128] = "";
		int threads;

		cr_assert(others_fall_asleep(&threads, what, sizeof what), "round %d: the idle worker "
			  "did not fall asleep in 5 s: %s", round, what);
		atomic_init(&m.arrived, 0);
		atomic_init(&m.gave_up, 0);
		atomic_init(&m.timeouts, 0);
		steal_run(s, meet_root, &m);
		cr_assert_eq(atomic_load(&m.timeouts), 0, "round %d: A and B never ran at once "
			     "(10 s)", round);
		cr_assert_eq(atomic_load(&m.arrived), 2, "round %d", round);
	}
	cr_assert_geq(steal_count(s) - before, 20, "20 rounds each needed a steal; %lu counted",
		      steal_count(s) - before);
	cr_assert_eq(steal_destroy(s), 0);
}

/* Two schedulers, each owned by its own thread and used at the same time. */
struct owner {
	pthread_barrier_t *start;
	struct counted_range idx;	/* .chunk SIZE_MAX: only the range is checked */
	int failed;		/* steal_create or a value was wrong: no cr_assert off the test thread */
	uint64_t wrong_fib;
};

static void *owner_main(void *arg)
{
	struct owner *o = arg;
	struct steal *s = steal_create(2, NULL);

	pthread_barrier_wait(o->start);
	if (!s) {
		o->failed = 1;
		return NULL;
	}
	for (int round = 0; round < 40; round++) {
		struct fib_call f = { 20, 0 };

		steal_for(s, o->idx.n, 5, counts_range, &o->idx);
		steal_run(s, fib_root, &f);
		if (f.value != 6765) {	/* fib(20) */
			o->failed = 1;
			o->wrong_fib = f.value;
		}
	}
	if (steal_destroy(s) != 0)
		o->failed = 1;
	return NULL;
}

Test(steal, two_schedulers_at_once, .timeout = 60)
{
	pthread_barrier_t start;
	struct owner o[2] = { { .idx = { .n = 40000, .chunk = SIZE_MAX } },
			      { .idx = { .n = 60001, .chunk = SIZE_MAX } } };

	cr_assert_eq(pthread_barrier_init(&start, NULL, 2), 0);
	for (int k = 0; k < 2; k++) {
		o[k].start = &start;
		o[k].idx.counts = counts_new(o[k].idx.n);
	}
	counts_run_threads(owner_main, o, sizeof o[0], 2);
	for (int k = 0; k < 2; k++) {
		cr_assert_eq(o[k].failed, 0, "scheduler %d: create failed or fib(20) came out %llu",
			     k, (unsigned long long)o[k].wrong_fib);
		cr_assert_eq(atomic_load(&o[k].idx.bad), 0, "scheduler %d: bad ranges", k);
		counts_assert(o[k].idx.counts, o[k].idx.n, 40, "scheduler %d steal_for", k);
		free(o[k].idx.counts);
	}
	pthread_barrier_destroy(&start);
}

/* ---- idle workers sleep ---- */

/* After runs, every worker thread backs off and then sleeps: poll their states for up to 5 s.
 * 2 workers may spin first (a CPU each on 2 CPUs); 3 and 5 go to sleep at once. */
static int sleep_workers[] = { 2, 3, 5 };

ParameterizedTestParameters(steal, idle_workers_fall_asleep)
{
	return cr_make_param_array(int, sleep_workers, sizeof sleep_workers / sizeof sleep_workers[0]);
}

ParameterizedTest(int *workers, steal, idle_workers_fall_asleep, .timeout = 30)
{
	int threads_before, threads = 0, asleep = 0;
	char what[128] = "";
	struct steal *s;
	struct counted_range cv = { .counts = counts_new(100000) };
	struct fib_call f = { 22, 0 };

	others_asleep(&threads_before, what, sizeof what);
	s = steal_new(*workers);
	cover_check(s, &cv, 100000, 1, *workers);
	steal_run(s, fib_root, &f);
	cr_assert_eq(f.value, 17711);	/* fib(22) */
	asleep = others_fall_asleep(&threads, what, sizeof what);
	cr_assert(asleep, "%d workers, 5 s after the last run, not all asleep: %s", *workers, what);
	/* At least: a sanitizer's runtime may start a thread of its own on the first create. */
	cr_assert_geq(threads, threads_before + *workers - 1, "%d threads, want %d more than the "
		      "%d before", threads, *workers - 1, threads_before);
	cr_assert_eq(steal_destroy(s), 0);
	free(cv.counts);
}
