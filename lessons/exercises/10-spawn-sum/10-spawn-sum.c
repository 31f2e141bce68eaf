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
	/* TODO 1: h->sum = spawn_sum(...) over h's piece, using this task's fj. */
	(void)fj;
	(void)arg;
}

uint64_t spawn_sum(struct fj *fj, const uint64_t *a, size_t n, size_t cutoff, leaf_fn leaf)
{
	/* TODO 2: a cutoff of 0 counts as 1; at or below the cutoff, return leaf(a, n).
	 * TODO 3: above it, split at h = n / 2. Fill a struct half for one piece, fj_spawn a task
	 *         (a struct fj_task, also in this frame) running half_task on it, sum the other
	 *         piece here with spawn_sum, then fj_sync the task and add the two sums. Spawn
	 *         first and sync last: the work in between is what runs in parallel. */
	(void)half_task;
	(void)fj;
	(void)cutoff;
	return leaf(a, n);	/* one leaf for everything: right, but serial */
}
