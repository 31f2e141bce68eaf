/* counts.c: the counters of counts.h, read once the threads that bumped them are done. */
#include "counts.h"

#include <criterion/criterion.h>
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
