/* test_pool.c: the thread pool. Every submitted job and every pool_for index runs exactly once,
 * for 0 threads and up, across reuse, destroy with work still queued, and two pools at once.
 * Workers only count; the test thread asserts after pool_wait, pool_for or pool_destroy, whose
 * locks order the counts before the check. A deadlock fails by timeout. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "counts.h"
#include "lib/pool.h"

#define NJOBS 100000

static void bump(void *arg)
{
	atomic_fetch_add_explicit((atomic_int *)arg, 1, memory_order_relaxed);
}

static struct pool *pool_new(int nthreads)
{
	struct pool *p = pool_create(nthreads);

	cr_assert_not_null(p, "pool_create(%d)", nthreads);
	cr_assert_eq(pool_threads(p), nthreads);
	return p;
}

static void submit_all(struct pool *p, atomic_int *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(pool_submit(p, bump, &c[i]), 0, "pool_submit #%zu", i);
}

/* A door that blocks pool threads until the test or a job opens it: no sleeps, no spinning. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int arrived, open;
};

static void gate_init(struct gate *g)
{
	cr_assert_eq(pthread_mutex_init(&g->lock, NULL), 0);
	cr_assert_eq(pthread_cond_init(&g->cond, NULL), 0);
	g->arrived = g->open = 0;
}

static void gate_fini(struct gate *g)
{
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->lock);
}

static void gate_pass(void *arg)
{
	struct gate *g = arg;

	pthread_mutex_lock(&g->lock);
	g->arrived++;
	pthread_cond_broadcast(&g->cond);
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

static void gate_await(struct gate *g, int arrivals)
{
	pthread_mutex_lock(&g->lock);
	while (g->arrived < arrivals)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

static void gate_open(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	g->open = 1;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static int some_threads[] = { 0, 1, 2, 4, 8 };

ParameterizedTestParameters(pool, submit_runs_each_job_once)
{
	return cr_make_param_array(int, some_threads, sizeof some_threads / sizeof some_threads[0]);
}

ParameterizedTest(int *nthreads, pool, submit_runs_each_job_once, .timeout = 20)
{
	atomic_int *c = counts_new(NJOBS);
	struct pool *p = pool_new(*nthreads);

	submit_all(p, c, NJOBS);
	pool_wait(p);
	counts_assert(c, NJOBS, 1, "%d threads", *nthreads);
	pool_destroy(p);
	free(c);
}

ParameterizedTestParameters(pool, reuse_after_wait)
{
	return cr_make_param_array(int, some_threads, sizeof some_threads / sizeof some_threads[0]);
}

ParameterizedTest(int *nthreads, pool, reuse_after_wait, .timeout = 20)
{
	size_t n = NJOBS / 2;
	atomic_int *c = counts_new(n);
	struct pool *p = pool_new(*nthreads);

	submit_all(p, c, n);
	pool_wait(p);
	counts_assert(c, n, 1, "first batch, %d threads", *nthreads);
	submit_all(p, c, n);
	pool_wait(p);
	counts_assert(c, n, 2, "second batch, %d threads", *nthreads);
	pool_wait(p);	/* nothing queued: must return, not wait for a job that never comes */
	pool_destroy(p);
	free(c);
}

/*
 * The queue starts small and doubles when full. With 0 threads nothing leaves it between waits,
 * so after a first batch of `skew` jobs on a new pool the second batch fills it while wrapped
 * round (unless skew is a multiple of its size: 64 is there as the edge).
 */
Test(pool, queue_grows_while_wrapped, .timeout = 10)
{
	static const size_t skews[] = { 1, 17, 63, 64, 65, 100, 1000 };
	size_t n = 5000;
	atomic_int *first = counts_new(1000), *c = counts_new(n);

	for (size_t k = 0; k < sizeof skews / sizeof skews[0]; k++) {
		struct pool *p = pool_new(0);

		for (size_t i = 0; i < n; i++)
			atomic_store(&c[i], 0);
		for (size_t i = 0; i < skews[k]; i++)
			atomic_store(&first[i], 0);
		submit_all(p, first, skews[k]);
		pool_wait(p);
		submit_all(p, c, n);
		pool_wait(p);
		counts_assert(first, skews[k], 1, "first batch of %zu", skews[k]);
		counts_assert(c, n, 1, "second batch, after a first of %zu", skews[k]);
		pool_destroy(p);
	}
	free(first);
	free(c);
}

/* With 0 threads nothing runs before pool_wait, and then only on the caller's thread. */
struct on_caller {
	pthread_t caller;
	atomic_int ran, elsewhere;
};

static void note_thread(void *arg)
{
	struct on_caller *oc = arg;

	atomic_fetch_add(&oc->ran, 1);
	if (!pthread_equal(pthread_self(), oc->caller))
		atomic_fetch_add(&oc->elsewhere, 1);
}

Test(pool, zero_threads_run_jobs_in_wait, .timeout = 10)
{
	struct on_caller oc = { .caller = pthread_self() };
	struct pool *p = pool_new(0);

	for (int i = 0; i < 1000; i++)
		cr_assert_eq(pool_submit(p, note_thread, &oc), 0);
	cr_assert_eq(atomic_load(&oc.ran), 0, "a job ran before pool_wait with no threads");
	pool_wait(p);
	cr_assert_eq(atomic_load(&oc.ran), 1000);
	cr_assert_eq(atomic_load(&oc.elsewhere), 0);
	pool_destroy(p);
}

/*
 * Park every pool thread in a gate first, so the jobs after it are certainly still queued when
 * pool_destroy starts. Only destroy's caller can then run them, and the last one opens the gate:
 * a destroy that drops or never runs queued work hangs or leaves counts at 0.
 */
struct parked {
	struct gate gate;
	atomic_int *counts;
	atomic_size_t ran;
	size_t njobs;
};

struct parked_job {
	struct parked *pk;
	size_t i;
};

static void parked_run(void *arg)
{
	struct parked_job *j = arg;
	struct parked *pk = j->pk;

	atomic_fetch_add(&pk->counts[j->i], 1);
	if (atomic_fetch_add(&pk->ran, 1) + 1 == pk->njobs)
		gate_open(&pk->gate);
}

ParameterizedTestParameters(pool, destroy_runs_queued_jobs)
{
	return cr_make_param_array(int, some_threads, sizeof some_threads / sizeof some_threads[0]);
}

ParameterizedTest(int *nthreads, pool, destroy_runs_queued_jobs, .timeout = 20)
{
	struct parked pk = { .njobs = 20000 };
	struct parked_job *jobs = calloc(pk.njobs, sizeof *jobs);
	struct pool *p = pool_new(*nthreads);
	size_t ran_before;

	cr_assert_not_null(jobs);
	gate_init(&pk.gate);
	pk.counts = counts_new(pk.njobs);
	atomic_init(&pk.ran, 0);
	for (int t = 0; t < *nthreads; t++)
		cr_assert_eq(pool_submit(p, gate_pass, &pk.gate), 0);
	gate_await(&pk.gate, *nthreads);
	for (size_t i = 0; i < pk.njobs; i++) {
		jobs[i] = (struct parked_job){ &pk, i };
		cr_assert_eq(pool_submit(p, parked_run, &jobs[i]), 0);
	}
	ran_before = atomic_load(&pk.ran);
	pool_destroy(p);
	cr_assert_eq(ran_before, 0, "a job ran while every thread was parked");
	counts_assert(pk.counts, pk.njobs, 1, "%d threads", *nthreads);
	gate_fini(&pk.gate);
	free(pk.counts);
	free(jobs);
}

/* No parking here: destroy races with threads that are busy, idle, or just starting. */
static void bump_slowly(void *arg)
{
	volatile unsigned x = 0;

	for (int i = 0; i < 2000; i++)
		x += i;
	bump(arg);
}

ParameterizedTestParameters(pool, destroy_right_after_submit)
{
	return cr_make_param_array(int, some_threads, sizeof some_threads / sizeof some_threads[0]);
}

ParameterizedTest(int *nthreads, pool, destroy_right_after_submit, .timeout = 20)
{
	size_t n = 20000;
	atomic_int *c = counts_new(n);
	struct pool *p = pool_new(*nthreads);

	for (size_t i = 0; i < n; i++)
		cr_assert_eq(pool_submit(p, bump_slowly, &c[i]), 0);
	pool_destroy(p);
	counts_assert(c, n, 1, "%d threads", *nthreads);
	free(c);
}

/* Threads that have not reached their first wait yet must still see the stop. */
Test(pool, destroy_without_work, .timeout = 20)
{
	static const int nthreads[] = { 0, 1, 2, 3, 8, 16 };

	for (size_t k = 0; k < sizeof nthreads / sizeof nthreads[0]; k++)
		for (int rep = 0; rep < 20; rep++)
			pool_destroy(pool_new(nthreads[k]));
}

/* pool_for: body records each index it gets and any range that breaks the contract (in r, as
 * counts_range does), and which calls were not on the caller's thread. */
struct cover {
	struct counted_range r;
	pthread_t caller;
	atomic_int elsewhere;	/* calls not on the caller's thread */
};

static void cover_body(void *arg, size_t begin, size_t end)
{
	struct cover *cv = arg;

	if (!pthread_equal(pthread_self(), cv->caller))
		atomic_fetch_add(&cv->elsewhere, 1);
	counts_range(&cv->r, begin, end);
}

/* How many claims an affine parallel-for makes: each lane's share in chunks of its own. */
static size_t affine_claims(size_t n, size_t chunk, int lanes)
{
	size_t calls = 0;

	for (int l = 0; l < lanes; l++) {
		size_t len = n * (size_t)(l + 1) / (size_t)lanes - n * (size_t)l / (size_t)lanes;

		calls += (len + chunk - 1) / chunk;
	}
	return calls;
}

/* One pool_for (or pool_for_affine) over fresh counters, checked: every index once, every
 * range sane, and as many claims as chunks (of each lane's share, when affine). */
static void cover_run(struct pool *p, struct cover *cv, size_t n, size_t chunk, int affine)
{
	counts_range_reset(&cv->r, n, chunk);
	atomic_store(&cv->elsewhere, 0);
	if (affine)
		pool_for_affine(p, n, chunk, cover_body, cv);
	else
		pool_for(p, n, chunk, cover_body, cv);
	cr_assert_eq(atomic_load(&cv->r.bad), 0, "bad ranges: n %zu, chunk %zu, %d threads",
		     n, chunk, pool_threads(p));
	counts_assert(cv->r.counts, n, 1, "n %zu, chunk %zu, %d threads", n, chunk, pool_threads(p));
	if (pool_threads(p) == 0)
		cr_assert_eq(atomic_load(&cv->elsewhere), 0, "0 threads, yet body ran off the caller");
	cr_assert_eq((size_t)atomic_load(&cv->r.calls), affine ?
		     affine_claims(n, chunk, pool_threads(p) + 1) : (n + chunk - 1) / chunk,
		     "body calls: n %zu, chunk %zu, %d threads%s", n, chunk, pool_threads(p),
		     affine ? ", affine" : "");
}

static void cover_check(struct pool *p, struct cover *cv, size_t n, size_t chunk)
{
	cover_run(p, cv, n, chunk, 0);
	cover_run(p, cv, n, chunk, 1);
}

static int for_threads[] = { 0, 1, 2, 3, 7 };

ParameterizedTestParameters(pool, for_covers_each_index_once)
{
	return cr_make_param_array(int, for_threads, sizeof for_threads / sizeof for_threads[0]);
}

/* Also pool_for after pool_for on one pool: every call starts from a clean claim counter. */
ParameterizedTest(int *nthreads, pool, for_covers_each_index_once, .timeout = 30)
{
	static const size_t ns[] = { 0, 1, 2, 3, 8, 63, 64, 65, 1000, NJOBS };
	static const size_t chunks[] = { 1, 2, 3, 7, 64, 1000 };
	struct cover cv = { .r.counts = counts_new(NJOBS), .caller = pthread_self() };
	struct pool *p = pool_new(*nthreads);

	for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++) {
		size_t n = ns[a];

		for (size_t b = 0; b < sizeof chunks / sizeof chunks[0]; b++)
			cover_check(p, &cv, n, chunks[b]);
		if (n > 0)
			cover_check(p, &cv, n, n);	/* one claim */
		cover_check(p, &cv, n, n + 1);	/* chunk > n */
		cover_check(p, &cv, n, 2 * n + 5);
	}
	pool_destroy(p);
	free(cv.r.counts);
}

/*
 * n = threads + 1 claims of one index, each blocking until all have started: a pool_for
 * completes only if every pool thread and the caller take one at the same time, as pool.h
 * promises. The body records who ran each index in the last call, and how often each ran.
 */
struct all_in {
	pthread_barrier_t barrier;
	atomic_int *counts;
	pthread_t ran[8];	/* who ran index i in this call */
	atomic_int bad;
	size_t n;
	pthread_t caller;
	atomic_int on_caller;
};

static void all_in_body(void *arg, size_t begin, size_t end)
{
	struct all_in *ai = arg;

	if (begin + 1 != end || end > ai->n) {
		atomic_fetch_add(&ai->bad, 1);
		return;
	}
	if (pthread_equal(pthread_self(), ai->caller))
		atomic_fetch_add(&ai->on_caller, 1);
	ai->ran[begin] = pthread_self();
	pthread_barrier_wait(&ai->barrier);
	atomic_fetch_add(&ai->counts[begin], 1);
}

/* ai's counters and barrier, for its n claims, and a pool of nthreads to claim them. */
static struct pool *all_in_start(struct all_in *ai, int nthreads)
{
	struct pool *p = pool_new(nthreads);

	ai->counts = counts_new(ai->n);
	cr_assert_eq(pthread_barrier_init(&ai->barrier, NULL, ai->n), 0);
	return p;
}

static void all_in_end(struct all_in *ai, struct pool *p)
{
	pthread_barrier_destroy(&ai->barrier);
	pool_destroy(p);
	free(ai->counts);
}

ParameterizedTestParameters(pool, for_uses_every_thread_and_caller)
{
	return cr_make_param_array(int, for_threads, sizeof for_threads / sizeof for_threads[0]);
}

ParameterizedTest(int *nthreads, pool, for_uses_every_thread_and_caller, .timeout = 10)
{
	struct all_in ai = { .n = *nthreads + 1, .caller = pthread_self() };
	struct pool *p = all_in_start(&ai, *nthreads);

	for (int rep = 0; rep < 20; rep++) {
		pool_for(p, ai.n, 1, all_in_body, &ai);
		counts_assert(ai.counts, ai.n, rep + 1, "%d threads, call %d", *nthreads, rep);
	}
	cr_assert_eq(atomic_load(&ai.bad), 0);
	cr_assert_eq(atomic_load(&ai.on_caller), 20, "the caller took %d of 20 claims",
		     atomic_load(&ai.on_caller));
	all_in_end(&ai, p);
}

/* pool_for_affine: with one claim of one index per lane, each blocking until all have started,
 * no lane can take another's: the caller runs its share, index 0, and each thread the same index
 * call after call. That is what keeps a step's rows on the core that wrote them. */
ParameterizedTestParameters(pool, affine_for_keeps_each_lane_on_its_share)
{
	return cr_make_param_array(int, for_threads, sizeof for_threads / sizeof for_threads[0]);
}

ParameterizedTest(int *nthreads, pool, affine_for_keeps_each_lane_on_its_share, .timeout = 10)
{
	struct all_in o = { .n = *nthreads + 1, .caller = pthread_self() };
	struct pool *p = all_in_start(&o, *nthreads);
	pthread_t first[8];

	for (int rep = 0; rep < 20; rep++) {
		pool_for_affine(p, o.n, 1, all_in_body, &o);
		cr_assert(pthread_equal(o.ran[0], pthread_self()), "call %d: index 0 off the caller",
			  rep);
		for (size_t i = 0; i < o.n; i++) {
			if (rep == 0)
				first[i] = o.ran[i];
			cr_assert(pthread_equal(o.ran[i], first[i]), "call %d: index %zu changed lanes",
				  rep, i);
			for (size_t j = 0; j < i; j++)
				cr_assert(!pthread_equal(o.ran[i], o.ran[j]), "indices %zu and %zu on "
					  "one thread", j, i);
		}
	}
	cr_assert_eq(atomic_load(&o.bad), 0);
	all_in_end(&o, p);
}

ParameterizedTestParameters(pool, for_many_times_in_a_row)
{
	return cr_make_param_array(int, for_threads, sizeof for_threads / sizeof for_threads[0]);
}

ParameterizedTest(int *nthreads, pool, for_many_times_in_a_row, .timeout = 20)
{
	size_t n = 1000;
	struct cover cv = { .r = { .counts = counts_new(n), .n = n, .chunk = 7 },
			    .caller = pthread_self() };
	struct pool *p = pool_new(*nthreads);

	for (int rep = 0; rep < 300; rep++)
		pool_for(p, n, 7, cover_body, &cv);	/* no reset: counts accumulate */
	cr_assert_eq(atomic_load(&cv.r.bad), 0);
	counts_assert(cv.r.counts, n, 300, "%d threads", *nthreads);
	pool_destroy(p);
	free(cv.r.counts);
}

/* pool_for while plain jobs are still queued, then more jobs: neither kind is lost. */
ParameterizedTestParameters(pool, for_mixed_with_submit)
{
	return cr_make_param_array(int, for_threads, sizeof for_threads / sizeof for_threads[0]);
}

ParameterizedTest(int *nthreads, pool, for_mixed_with_submit, .timeout = 20)
{
	size_t njobs = 20000, n = 50000;
	atomic_int *jobs = counts_new(njobs);
	struct cover cv = { .r.counts = counts_new(n), .caller = pthread_self() };
	struct pool *p = pool_new(*nthreads);

	submit_all(p, jobs, njobs);
	cover_check(p, &cv, n, 3);
	submit_all(p, jobs, njobs);
	pool_wait(p);
	counts_assert(jobs, njobs, 2, "%d threads", *nthreads);
	cover_check(p, &cv, n, 5);	/* and a pool_for after the wait */
	pool_destroy(p);
	free(cv.r.counts);
	free(jobs);
}

/* Two pools, each owned by its own thread, working at the same time. */
struct owner {
	int nthreads;
	pthread_barrier_t *start;
	atomic_int *jobs;
	size_t njobs;
	struct counted_range idx;	/* .chunk SIZE_MAX: only the range is checked */
	int failed;		/* pool_create or pool_submit failed: no cr_assert off the test thread */
};

static void *owner_main(void *arg)
{
	struct owner *o = arg;
	struct pool *p = pool_create(o->nthreads);

	pthread_barrier_wait(o->start);
	if (!p) {
		o->failed = 1;
		return NULL;
	}
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < o->njobs; i++)
			if (pool_submit(p, bump, &o->jobs[i]) != 0)
				o->failed = 1;
		pool_for(p, o->idx.n, 4, counts_range, &o->idx);
		pool_wait(p);
	}
	pool_destroy(p);
	return NULL;
}

Test(pool, two_pools_at_once, .timeout = 20)
{
	pthread_barrier_t start;
	struct owner o[2] = {
		{ .nthreads = 2, .njobs = 30000, .idx = { .n = 40000, .chunk = SIZE_MAX } },
		{ .nthreads = 3, .njobs = 20000, .idx = { .n = 60000, .chunk = SIZE_MAX } },
	};

	cr_assert_eq(pthread_barrier_init(&start, NULL, 2), 0);
	for (int k = 0; k < 2; k++) {
		o[k].start = &start;
		o[k].jobs = counts_new(o[k].njobs);
		o[k].idx.counts = counts_new(o[k].idx.n);
	}
	counts_run_threads(owner_main, o, sizeof o[0], 2);
	for (int k = 0; k < 2; k++) {
		cr_assert_eq(o[k].failed, 0, "pool %d: create or submit failed", k);
		cr_assert_eq(atomic_load(&o[k].idx.bad), 0, "pool %d: bad ranges", k);
		counts_assert(o[k].jobs, o[k].njobs, 3, "pool %d jobs", k);
		counts_assert(o[k].idx.counts, o[k].idx.n, 3, "pool %d pool_for", k);
		free(o[k].jobs);
		free(o[k].idx.counts);
	}
	pthread_barrier_destroy(&start);
}

/* A job stuck on pool a must not hold up pool_wait or pool_for on pool b. */
Test(pool, wait_ignores_other_pools, .timeout = 10)
{
	size_t n = 10000;
	struct gate g;
	struct cover cv = { .r.counts = counts_new(n), .caller = pthread_self() };
	atomic_int *c = counts_new(n);
	struct pool *a = pool_new(1), *b = pool_new(2);

	gate_init(&g);
	cr_assert_eq(pool_submit(a, gate_pass, &g), 0);
	gate_await(&g, 1);
	submit_all(b, c, n);
	pool_wait(b);
	cover_check(b, &cv, n, 16);
	counts_assert(c, n, 1, "pool b while pool a is busy");
	gate_open(&g);
	pool_wait(a);
	pool_destroy(b);
	pool_destroy(a);
	gate_fini(&g);
	free(cv.r.counts);
	free(c);
}
