/* counts.h: one counter per index, for tests that check every job or index ran exactly once. */
#ifndef PARBENCH_TEST_COUNTS_H
#define PARBENCH_TEST_COUNTS_H

#include <stdatomic.h>
#include <stddef.h>

/* n zeroed counters; fails the test when out of memory. */
atomic_int *counts_new(size_t n);
/* Fails the test unless every one of c[0..n) is want; what (a printf format) says which case. */
void counts_assert(atomic_int *c, size_t n, int want, const char *what, ...)
	__attribute__((format(printf, 4, 5)));

/* What a parallel-for body saw: a counter per index of [0, n), the calls, and those that broke
 * the contract (begin >= end, end > n, or more than chunk indices). */
struct counted_range {
	atomic_int *counts;
	size_t n, chunk;
	atomic_int bad;
	atomic_int calls;
};

/* A parallel-for body, arg a struct counted_range: bumps each index of [begin, end). */
void counts_range(void *arg, size_t begin, size_t end);
/* Zeroes cr's counters of [0, n) and its tallies, for a run over n in pieces of at most chunk. */
void counts_range_reset(struct counted_range *cr, size_t n, size_t chunk);

/* main(args + k * size) for k < n, each on a thread of its own, all started before the first is
 * joined: for the tests of owners that each drive their own pool or scheduler at once. */
void counts_run_threads(void *(*main)(void *), void *args, size_t size, int n);

#endif
