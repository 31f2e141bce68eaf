/* fib.c: naive recursive Fibonacci, fib(n) = fib(n-1) + fib(n-2), the classic test of what a
 * spawn costs. Under --cutoff C a call recurses serially; from C up it spawns fib(n-1) and works
 * out fib(n-2) itself. The variants that run flat tasks get the same call tree cut into a
 * frontier of --tasks subproblems instead, whose values sum to fib(n). */
#include <stdio.h>
#include <stdlib.h>

#include "lib/fj.h"
#include "lib/msg.h"
#include "lib/workload.h"

enum { OPT_CUTOFF };

#define CUTOFF 20		/* fib(20) makes 21891 calls: 10-20 us of work on a 2020s core */
#define FIB_MAX 93		/* fib(93) is the largest that fits in 64 bits */

struct fib {
	unsigned char *leaf;	/* the frontier in tree order: task t works out fib(leaf[t]) */
	unsigned cutoff;
};

static size_t fib_tasks(uint64_t size)
{
	(void)size;
	return 64;
}

static uint64_t fib_serial(unsigned n)
{
	return n < 2 ? n : fib_serial(n - 1) + fib_serial(n - 2);
}

/* How many leaves the call tree of fib(n) has when every call of fib(k) with k > m is split
 * (k >= 2 can be), or more than `most`: the number saturates there. */
static uint64_t fib_leaves(unsigned n, unsigned m, uint64_t most)
{
	uint64_t count[FIB_MAX + 1];

	for (unsigned k = 0; k <= n; k++) {
		count[k] = k > m && k >= 2 ? count[k - 1] + count[k - 2] : 1;
		if (count[k] > most)
			count[k] = most + 1;
	}
	return count[n];
}

/* Walk the tree depth first, splitting every call above m and the first *extra calls of m. */
static void fib_walk(unsigned k, unsigned m, uint64_t *extra, unsigned char *leaf, size_t *n)
{
	if ((k > m && k >= 2) || (k == m && k >= 2 && *extra > 0 && (*extra)-- > 0)) {
		fib_walk(k - 1, m, extra, leaf, n);
		fib_walk(k - 2, m, extra, leaf, n);
	} else {
		leaf[(*n)++] = (unsigned char)k;
	}
}

/* Exactly T leaves: split every call above the largest m whose frontier has at most T, then as
 * many calls of m itself, in tree order, as make up the rest. Tree order keeps big and small
 * leaves mixed, so that a static block of tasks costs about what any other block does. */
static int fib_frontier(struct fib *f, unsigned n, size_t tasks)
{
	unsigned m = n;
	uint64_t extra;
	size_t got = 0;

	while (m > 0 && fib_leaves(n, m - 1, tasks) <= tasks)
		m--;
	extra = tasks - fib_leaves(n, m, tasks);
	if (!(f->leaf = malloc(tasks))) {
		msg_errno("malloc");
		return -1;
	}
	fib_walk(n, m, &extra, f->leaf, &got);
	return got == tasks ? 0 : -1;
}

/* One task per leaf of the whole call tree at most: fib(n + 1) of them. */
static size_t fib_tasks_most(const struct job *job)
{
	return (size_t)fib_leaves((unsigned)job->size, 0, TASKS_MAX - 1);
}

static int fib_setup(struct job *job)
{
	struct fib *f = calloc(1, sizeof *f);
	unsigned n = (unsigned)job->size;

	if (!f) {
		msg_errno("calloc");
		return EXIT_RUNTIME;
	}
	job->data = f;
	f->cutoff = (unsigned)job->opt[OPT_CUTOFF].num;
	if (f->cutoff < 2) {
		msg_warn("--cutoff: at least 2 (fib(0) and fib(1) do not split), got %u", f->cutoff);
		return EXIT_USAGE;
	}
	if (fib_leaves(n, 0, job->tasks) < job->tasks) {
		msg_warn("--tasks %zu: fib(%u)'s call tree has only %llu leaf calls to hand out", job->tasks,
			 n, (unsigned long long)fib_leaves(n, 0, job->tasks));
		return EXIT_USAGE;
	}
	if (job->recursive || job->planning)
		return 0;	/* the frontier is for the variants that run tasks */
	if (fib_frontier(f, n, job->tasks) != 0) {
		msg_warn("fib: could not cut fib(%u) into %zu tasks", n, job->tasks);
		return EXIT_RUNTIME;
	}
	return 0;
}

static int fib_task(const struct job *job, size_t i, void *partial)
{
	const struct fib *f = job->data;

	*(uint64_t *)partial = fib_serial(f->leaf[i]);
	return 0;
}

struct fib_call {
	unsigned n, cutoff;
	uint64_t value;
};

static void fib_spawning(struct fj *fj, void *arg)
{
	struct fib_call *c = arg, a = { c->n - 1, c->cutoff, 0 }, b = { c->n - 2, c->cutoff, 0 };
	struct fj_task t;

	if (c->n < c->cutoff) {
		c->value = fib_serial(c->n);
		return;
	}
	fj_spawn(fj, &t, fib_spawning, &a);
	fib_spawning(fj, &b);
	fj_sync(fj, &t);
	c->value = a.value + b.value;
}

/* The whole recursion; its value goes in partial 0, the others stay 0, and finish sums them. */
static void fib_solve(const struct job *job, struct fj *fj, void *partials, size_t stride)
{
	const struct fib *f = job->data;
	struct fib_call root = { (unsigned)job->size, f->cutoff, 0 };

	fib_spawning(fj, &root);
	*(uint64_t *)partial_at(partials, stride, 0) = root.value;
}

static int fib_finish(const struct job *job, const void *partials, size_t stride, double seconds,
		      struct kv *out)
{
	const struct fib *f = job->data;

	(void)seconds;
	kv_u64(out, "result", partials_sum_u64(job, partials, stride));
	kv_u64(out, "n", job->size);
	kv_u64(out, "cutoff", f->cutoff);
	return 0;
}

static void fib_teardown(struct job *job)
{
	struct fib *f = job->data;

	if (f)
		free(f->leaf);
	free(f);
}

static const struct workload fib = {
	.name = "fib",
	.about = "fib: naive recursive Fibonacci, the test of what a spawn costs: a call spawns from "
		 "n = --cutoff up and recurses serially below; flat variants run a frontier of its "
		 "call tree.",
	.size_unit = "n, for fib(n)",
	.kind = "cpu",
	.irregular = 1,		/* the frontier's leaves differ in cost by up to 2.6 times */
	.sizes = { 39, 43, 48 },
	.size_max = FIB_MAX,
	.work_base = 1.6180339887,	/* fib(n) makes about 1.618^n calls */
	.partial_bytes = sizeof(uint64_t),
	.opts = { [OPT_CUTOFF] = { .flag = "--cutoff", .def = CUTOFF, .max = FIB_MAX,
		.help = "spawn only for n >= C, serial below (default 20, at least 2)" } },
	.tasks_for = fib_tasks,
	.tasks_per_worker = 16,
	.tasks_most = fib_tasks_most,
	.setup = fib_setup,
	.task = fib_task,
	.solve = fib_solve,
	.finish = fib_finish,
	.teardown = fib_teardown,
};

BENCH_MAIN(fib)
