/* 02-false-sharing.c, planted: a wrong answer to exercise 02 (lessons/exercises/02-thread-sum/),
 * kept to prove that `make exercise-bench N=02` catches it. Every sum is right, so the tests
 * pass it; but the partial sums sit side by side in one array, and each thread adds every term
 * to its slot in memory. The slots share a cache line, which the two cores then pass back and
 * forth on every term: 2 threads are barely faster than 1, or slower. */
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
	uint64_t *sum;		/* its slot in one array of sums, next to the other threads' */
};

static void *part_main(void *p)
{
	struct part *pt = p;

	for (size_t i = pt->lo; i < pt->hi; i++)
		*pt->sum += pt->term(i, pt->arg);	/* a store to the shared line, every term */
	return NULL;
}

int thread_sum(size_t n, int workers, term_fn term, void *arg, uint64_t *sum)
{
	struct part *parts;
	uint64_t *sums;
	int started, err = 0, rc;

	*sum = 0;
	if (workers < 1) {
		fprintf(stderr, "thread_sum: %d workers: need at least 1\n", workers);
		return -1;
	}
	parts = calloc(workers, sizeof *parts);
	sums = calloc(workers, sizeof *sums);
	if (!parts || !sums) {
		fprintf(stderr, "thread_sum: calloc: %s\n", strerror(errno));
		free(parts);
		free(sums);
		return -1;
	}
	for (started = 0; started < workers; started++) {
		struct part *pt = &parts[started];

		*pt = (struct part){ .lo = n * started / workers, .hi = n * (started + 1) / workers,
				     .term = term, .arg = arg, .sum = &sums[started] };
		if ((rc = pthread_create(&pt->thread, NULL, part_main, pt)) != 0) {
			fprintf(stderr, "thread_sum: pthread_create: %s\n", strerror(rc));
			err = -1;
			break;
		}
	}
	for (int w = 0; w < started; w++) {
		if ((rc = pthread_join(parts[w].thread, NULL)) != 0) {
			fprintf(stderr, "thread_sum: pthread_join: %s\n", strerror(rc));
			err = -1;
		}
		*sum += sums[w];
	}
	free(parts);
	free(sums);
	return err;
}
