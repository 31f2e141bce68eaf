/* 02-thread-sum.c: your parallel sum with threads. Read 02-thread-sum.h for the contract and
 * README.md for the task; parbench's benches/lib/variant_threaded.c is the full-size version. */
#include "02-thread-sum.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What one thread needs, and where it leaves its partial sum. */
struct part {
	pthread_t thread;
	size_t lo, hi;
	term_fn term;
	void *arg;
	uint64_t sum;
};

static void *part_main(void *p)
{
	/* TODO 1: the part's sum must end up as term(i, arg) added over i in [lo, hi). The parts
	 *         lie side by side in memory: where does the running total live while the loop
	 *         runs? (make exercise-bench N=02 times it at 1 and 2 threads.) */
	(void)p;
	return NULL;
}

int thread_sum(size_t n, int workers, term_fn term, void *arg, uint64_t *sum)
{
	/* TODO 2: reject workers < 1 with a message, returning -1. */
	/* TODO 3: one part per worker, part w covering [n * w / workers, n * (w + 1) / workers), and
	 *         one thread per part. How does pthread_create tell you it failed, and what do you
	 *         print then? */
	/* TODO 4: every thread started is joined, even after a failure, and only then are the parts
	 *         added. Why not read a part's sum before its thread is joined? */
	(void)part_main;
	(void)n;
	(void)workers;
	(void)term;
	(void)arg;
	*sum = 0;
	fprintf(stderr, "thread_sum: not written yet\n");
	return -1;
}
