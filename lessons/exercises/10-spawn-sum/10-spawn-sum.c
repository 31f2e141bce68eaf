/* 10-spawn-sum.c: your recursive sum. Read 10-spawn-sum.h for the contract and README.md for the
 * task; parbench's fib_spawning in benches/fib.c has the same shape. */
#include "10-spawn-sum.h"

/* What a spawned task needs, and where it leaves its answer. It lives in spawn_sum's frame. */
struct half {
	const uint64_t *a;
	size_t n, cutoff;
	leaf_fn leaf;
	uint64_t sum;		/* written by the task, read after fj_sync */
};

/* The body of a spawned task: sum one half. fj here is the fj of the worker that runs the task,
 * which may be another thread than the one that spawned it. */
static void half_task(struct fj *fj, void *arg)
{
	/* TODO 1: the task leaves the sum of its piece in its struct half, by spawn_sum. It may run
	 *         on another worker than the one that spawned it: which fj may it spawn and sync
	 *         with? */
	(void)fj;
	(void)arg;
}

uint64_t spawn_sum(struct fj *fj, const uint64_t *a, size_t n, size_t cutoff, leaf_fn leaf)
{
	/* TODO 2: a cutoff of 0 counts as 1; at or below the cutoff, return leaf(a, n).
	 * TODO 3: above it, the two halves of the split at h = n / 2 must be summed at the same
	 *         time, one by a spawned task and one here. In what order do you spawn, sum and
	 *         sync so that they overlap? Where do the task and what it needs live, and why is
	 *         that safe? When may you read the task's sum? */
	(void)half_task;
	(void)fj;
	(void)cutoff;
	return leaf(a, n);	/* one leaf for everything: right, but serial */
}
