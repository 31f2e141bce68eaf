/* 02-thread-sum.c: one thread per block of terms; each sums into its own slot, so nothing is
 * shared while they run and no lock is needed. pthread_join orders their writes before our reads. */
#include "02-thread-sum.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct part {
	pthread_t thread;
	size_t lo, hi;
	term_fn term;
	void *arg;
	uint64_t sum;
};

static void *part_main(void *p)
{
	struct part *pt = p;
	uint64_t acc = 0;	/* a local, not pt->sum: neighbouring slots share cache lines */

	for (size_t i = pt->lo; i < pt->hi; i++)
		acc += pt->term(i, pt->arg);
	pt->sum = acc;
	return NULL;
}

int thread_sum(size_t n, int workers, term_fn term, void *arg, uint64_t *sum)
{
	struct part *parts;
	int started, err = 0, rc;

	*sum = 0;
	if (workers < 1) {
		fprintf(stderr, "thread_sum: %d workers: need at least 1\n", workers);
		return -1;
	}
	parts = calloc(workers, sizeof *parts);
	if (!parts) {
		fprintf(stderr, "thread_sum: calloc: %s\n", strerror(errno));
		return -1;
	}
	for (started = 0; started < workers; started++) {
		struct part *pt = &parts[started];

		*pt = (struct part){ .lo = n * started / workers, .hi = n * (started + 1) / workers,
				     .term = term, .arg = arg };
		if ((rc = pthread_create(&pt->thread, NULL, part_main, pt)) != 0) {
			fprintf(stderr, "thread_sum: pthread_create: %s\n", strerror(rc));
			err = -1;
			break;
		}
	}
	for (int w = 0; w < started; w++) {	/* join every thread, after a failure too */
		if ((rc = pthread_join(parts[w].thread, NULL)) != 0) {
			fprintf(stderr, "thread_sum: pthread_join: %s\n", strerror(rc));
			err = -1;
		}
		*sum += parts[w].sum;
	}
	free(parts);
	return err;
}
