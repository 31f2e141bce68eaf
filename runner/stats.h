/* stats.h: summary statistics of repeated timings, after Hoefler and Belli (SC'15): medians and
 * nonparametric confidence intervals, because run times are rarely normal. */
#ifndef PARBENCH_STATS_H
#define PARBENCH_STATS_H

#include <stddef.h>

struct summary {
	size_t n;
	double median, mean, sd, min, max, q1, q3;
	double ci_low, ci_high;	/* 95% CI of the median (min..max when n < 6: no 95% CI exists) */
	int ci_exact;		/* 1 when [ci_low, ci_high] covers the median with at least 95% */
};

/* Summarise x[0..n) (n >= 1; x is left unchanged). */
void stats_summarize(const double *x, size_t n, struct summary *s);
double stats_median(const double *sorted, size_t n);
void stats_sort(double *x, size_t n);	/* ascending, in place */
double stats_quantile(const double *sorted, size_t n, double q);	/* linear, R's type 7 */
/* 1-based ranks (lo, hi) of the order statistics that bound a 95% CI of the median: the
 * narrowest symmetric pair whose binomial coverage is at least 0.95. Returns 0, or -1 when n is
 * too small for any pair to reach 95% (n < 6). */
int stats_median_ci_ranks(size_t n, size_t *lo, size_t *hi);
/* Outliers by Iglewicz and Hoaglin's modified z-score, 0.6745 (x - median) / MAD, beyond 3.5;
 * when the MAD is 0, (x - median) / (1.253314 mean absolute deviation) stands in for it, as in
 * IBM's and NIST's use of the rule. A run within 1% of the median is never one: among runs that
 * agree to a few microseconds the MAD is tiny, and the rule would flag a run 0.2% off, which no
 * one would call unusual. Sets flag[i] (when flag is not NULL) and returns how many. */
size_t stats_outliers(const double *x, size_t n, int *flag);

#endif
