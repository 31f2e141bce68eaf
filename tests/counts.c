/* counts.c: the counters of counts.h, read once the threads that bumped them are done. */
#include "counts.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

atomic_int *counts_new(size_t n)
{
	atomic_int *c = calloc(n ? n : 1, sizeof *c);

	cr_assert_not_null(c, "calloc %zu counters", n);
	return c;
}

void counts_assert(atomic_int *c, size_t n, int want, const char *fmt, ...)
{
	size_t off = 0, first = n;
	char what[160];
	va_list ap;

	for (size_t i = 0; i < n; i++)
		if (atomic_load_explicit(&c[i], memory_order_relaxed) != want && !off++)
			first = i;
	if (!off)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	cr_assert_fail("%s: %zu of %zu ran other than %d times, first [%zu] ran %d times", what, off,
		       n, want, first, atomic_load(&c[first]));
}

void counts_range(void *arg, size_t begin, size_t end)
{
	struct counted_range *cr = arg;

	atomic_fetch_add(&cr->calls, 1);
	if (begin >= end || end > cr->n || end - begin > cr->chunk) {
		atomic_fetch_add(&cr->bad, 1);
		return;
	}
	for (size_t i = begin; i < end; i++)
		atomic_fetch_add_explicit(&cr->counts[i], 1, memory_order_relaxed);
}

void counts_range_reset(struct counted_range *cr, size_t n, size_t chunk)
{
	for (size_t i = 0; i < n; i++)
		atomic_store_explicit(&cr->counts[i], 0, memory_order_relaxed);
	cr->n = n;
	cr->chunk = chunk;
	atomic_store(&cr->bad, 0);
	atomic_store(&cr->calls, 0);
}

void counts_run_threads(void *(*main)(void *), void *args, size_t size, int n)
{
	pthread_t t[8];

	cr_assert(n <= 8, "counts_run_threads: %d threads, at most 8", n);
	for (int k = 0; k < n; k++)
		cr_assert_eq(pthread_create(&t[k], NULL, main, (char *)args + (size_t)k * size), 0,
			     "pthread_create #%d", k);
	for (int k = 0; k < n; k++)
		cr_assert_eq(pthread_join(t[k], NULL), 0, "pthread_join #%d", k);
}
