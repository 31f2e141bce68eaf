/* 05-parallel-for.c: threads claim chunks from one atomic counter until it passes n. Claims
 * are dynamic, so uneven chunks balance out; the fetch-and-add is the only shared write. */
#include "05-parallel-for.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pfor {
	atomic_size_t next;
	size_t n, chunk;
	pfor_body body;
	void *arg;
};

static void *pfor_worker(void *p)
{
	struct pfor *pf = p;
	size_t begin;

	/* relaxed is enough: the counter only hands out indices; pthread_join publishes the work */
	while ((begin = atomic_fetch_add_explicit(&pf->next, pf->chunk, memory_order_relaxed)) < pf->n)
		pf->body(pf->arg, begin, pf->n - begin < pf->chunk ? pf->n : begin + pf->chunk);
	return NULL;
}

int parallel_for(size_t n, size_t chunk, int threads, pfor_body body, void *arg)
{
	struct pfor pf = { .n = n, .chunk = chunk, .body = body, .arg = arg };
	pthread_t *tids;
	int started = 0, err = 0, rc;

	if (threads < 1 || chunk == 0) {
		fprintf(stderr, "parallel_for: %d threads, chunk %zu: need at least 1 of each\n",
			threads, chunk);
		return -1;
	}
	tids = malloc(threads * sizeof *tids);
	if (!tids) {
		perror("parallel_for: malloc");
		return -1;
	}
	atomic_init(&pf.next, 0);
	for (int t = 0; t < threads; t++) {
		/* Fewer threads is slower, not wrong: the ones running take every claim. */
		if ((rc = pthread_create(&tids[started], NULL, pfor_worker, &pf)) != 0)
			fprintf(stderr, "parallel_for: pthread_create: %s\n", strerror(rc));
		else
			started++;
	}
	for (int t = 0; t < started; t++) {
		if ((rc = pthread_join(tids[t], NULL)) != 0) {
			fprintf(stderr, "parallel_for: pthread_join: %s\n", strerror(rc));
			err = -1;
		}
	}
	free(tids);
	return started > 0 ? err : -1;
}
