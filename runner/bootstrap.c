/* bootstrap.c: resampling with the suite's one generator (lib/rng.h), medians by sorting. */
#include "bootstrap.h"

#include <math.h>
#include <stdlib.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void boot_init(struct boot *b, uint64_t seed)
{
	b->rng.state = seed;
}

double boot_median(struct boot *b, const double *x, size_t n, double *scratch)
{
	for (size_t i = 0; i < n; i++)
		scratch[i] = x[rng_next(&b->rng) % n];
	qsort(scratch, n, sizeof *scratch, cmp_double);
	return stats_median(scratch, n);
}

void boot_interval(double *v, size_t n, double *lo, double *hi)
{
	*lo = *hi = NAN;
	if (!n)
		return;
	for (size_t i = 0; i < n; i++)
		if (isnan(v[i]))
			v[i] = INFINITY;
	qsort(v, n, sizeof *v, cmp_double);
	*lo = stats_quantile(v, n, 0.025);
	*hi = stats_quantile(v, n, 0.975);
}
