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

#endif
