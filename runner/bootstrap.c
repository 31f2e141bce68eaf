/* bootstrap.c: resampling with the suite's one generator (lib/rng.h), medians by sorting. */
#include "bootstrap.h"

#include <math.h>

#include "stats.h"

void boot_init(struct boot *b, uint64_t seed)
{
	b->rng.state = seed;
}

double boot_median(struct boot *b, const double *x, size_t n, double *scratch)
{
	for (size_t i = 0; i < n; i++)
		scratch[i] = x[rng_next(&b->rng) % n];
	stats_sort(scratch, n);
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
	stats_sort(v, n);
	*lo = stats_quantile(v, n, 0.025);
	*hi = stats_quantile(v, n, 0.975);
}
