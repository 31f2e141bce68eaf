/* 05-parallel-for.c: your parallel-for. Read 05-parallel-for.h for the contract and README.md for
 * the task; parbench's pool_for in benches/lib/pool.c claims chunks the same way. */
#include "05-parallel-for.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shared by every thread of one call: lives on the caller's stack until all are joined. */
struct pfor {
	atomic_size_t next;	/* the first index not yet claimed */
	size_t n, chunk;
	pfor_body body;
	void *arg;
};

static void *pfor_worker(void *p)
{
	/* TODO 1: this thread claims chunks until none is left, and runs body over each. What must
	 *         hold: no two threads ever get the same chunk, each claim is one step on pf->next,
	 *         and no call goes past n. How does one call both read the counter and move it on? */
	(void)p;
	return NULL;
}

int parallel_for(size_t n, size_t chunk, int threads, pfor_body body, void *arg)
{
	/* TODO 2: reject threads < 1 or chunk == 0 with a message, returning -1.
	 * TODO 3: `threads` threads share one struct pfor, its counter starting at 0, and every
	 *         thread that started is joined; if none could start, return -1. Where may that
	 *         struct live, and when may parallel_for return? */
	(void)pfor_worker;
	(void)n;
	(void)chunk;
	(void)threads;
	(void)body;
	(void)arg;
	fprintf(stderr, "parallel_for: not written yet\n");
	return -1;
}
