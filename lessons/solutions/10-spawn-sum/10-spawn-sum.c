/* 10-spawn-sum.c: split in halves down to the cutoff, spawning one half and summing the other in
 * place. Every task is synced in the frame that spawned it, so the halves and their sums can
 * live on the stack. Same shape as fib_spawning in benches/fib.c. */
#include "10-spawn-sum.h"

struct half {
	const uint64_t *a;
	size_t n, cutoff;
	leaf_fn leaf;
	uint64_t sum;
};

static void half_task(struct fj *fj, void *arg)
{
	struct half *h = arg;

	/* This task's own fj: its spawns go onto the deque of the worker running it. */
	h->sum = spawn_sum(fj, h->a, h->n, h->cutoff, h->leaf);
}

uint64_t spawn_sum(struct fj *fj, const uint64_t *a, size_t n, size_t cutoff, leaf_fn leaf)
{
	size_t h = n / 2;
	struct half right = { a + h, n - h, cutoff, leaf, 0 };
	struct fj_task t;
	uint64_t left;

	if (cutoff == 0)
		cutoff = 1;
	if (n <= cutoff)
		return leaf(a, n);
	right.cutoff = cutoff;
	/* Spawn first, so that a thief can take the right half while this worker sums the left. */
	fj_spawn(fj, &t, half_task, &right);
	left = spawn_sum(fj, a, h, cutoff, leaf);
	fj_sync(fj, &t);	/* only now is right.sum written */
	return left + right.sum;
}
