/* stats.c: order statistics. The CI of the median is distribution-free: the number of samples
 * below the true median is Binomial(n, 1/2), so [x_(j), x_(n-j+1)] covers it with probability
 * P(j <= B <= n-j). */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void stats_sort(double *x, size_t n)
{
	qsort(x, n, sizeof *x, cmp_double);
}

double stats_median(const double *sorted, size_t n)
{
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

double stats_quantile(const double *sorted, size_t n, double q)
{
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)floor(h);

	if (lo + 1 >= n)
		return sorted[n - 1];
	if (sorted[lo + 1] == sorted[lo])
		return sorted[lo];	/* and two infinities make no NAN */
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

/* P(B <= k) for B ~ Binomial(n, 1/2), summed in logs so that large n cannot overflow. */
static double binom_half_cdf(size_t n, size_t k)
{
	double sum = 0;

	for (size_t i = 0; i <= k; i++)
		sum += exp(lgamma(n + 1.0) - lgamma(i + 1.0) - lgamma(n - i + 1.0) - n * log(2.0));
	return sum;
}

int stats_median_ci_ranks(size_t n, size_t *lo, size_t *hi)
{
	size_t best = 0;

	/* Coverage of ranks (j, n-j+1) is 1 - 2 P(B <= j-1); take the largest j that keeps 95%. */
	for (size_t j = 1; 2 * j <= n; j++) {
		if (1.0 - 2.0 * binom_half_cdf(n, j - 1) >= 0.95)
			best = j;
		else
			break;
	}
	if (!best)
		return -1;
	*lo = best;
	*hi = n - best + 1;
	return 0;
}

void stats_summarize(const double *x, size_t n, struct summary *s)
{
	double *v = malloc(n * sizeof *v), sum = 0, sq = 0;
	size_t lo, hi;

	memset(s, 0, sizeof *s);
	s->n = n;
	if (!v || n == 0) {
		free(v);
		return;
	}
	memcpy(v, x, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	s->mean = sum / n;
	for (size_t i = 0; i < n; i++)
		sq += (v[i] - s->mean) * (v[i] - s->mean);
	s->sd = n > 1 ? sqrt(sq / (n - 1)) : 0;
	s->min = v[0];
	s->max = v[n - 1];
	s->median = stats_median(v, n);
	s->q1 = stats_quantile(v, n, 0.25);
	s->q3 = stats_quantile(v, n, 0.75);
	if (stats_median_ci_ranks(n, &lo, &hi) == 0) {
		s->ci_low = v[lo - 1];
		s->ci_high = v[hi - 1];
		s->ci_exact = 1;
	} else {
		s->ci_low = s->min;
		s->ci_high = s->max;
	}
	free(v);
}

size_t stats_outliers(const double *x, size_t n, int *flag)
{
	double *v = malloc((n ? n : 1) * sizeof *v), med, mad, mean_ad = 0, scale;
	size_t count = 0;

	if (flag)
		memset(flag, 0, n * sizeof *flag);
	if (!v || n < 3) {
		free(v);
		return 0;
	}
	memcpy(v, x, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_double);
	med = stats_median(v, n);
	for (size_t i = 0; i < n; i++) {
		v[i] = fabs(x[i] - med);
		mean_ad += v[i] / n;
	}
	qsort(v, n, sizeof *v, cmp_double);
	mad = stats_median(v, n);
	free(v);
	/* z = (x - med) / scale: 0.6745 / MAD is 1 / (MAD's estimate of the SD). */
	scale = mad > 0 ? mad / 0.6745 : 1.253314 * mean_ad;
	if (!(scale > 0))
		return 0;	/* all equal */
	for (size_t i = 0; i < n; i++) {
		if (fabs(x[i] - med) / scale > 3.5 && fabs(x[i] - med) > 0.01 * fabs(med)) {
			count++;
			if (flag)
				flag[i] = 1;
		}
	}
	return count;
}
