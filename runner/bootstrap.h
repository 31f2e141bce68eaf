/* bootstrap.h: percentile bootstrap (Efron and Tibshirani, 1993, ch. 13): resample the runs with
 * replacement, recompute the statistic, and read its 95% CI off the 2.5% and 97.5% points of the
 * replicates. It needs no law for the run times, which are rarely normal. Seeded, so a report
 * drawn twice from the same runs says the same. */
#ifndef PARBENCH_BOOTSTRAP_H
#define PARBENCH_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/rng.h"

#define BOOT_REPLICATES 2000

struct boot {
	struct rng rng;
};

void boot_init(struct boot *b, uint64_t seed);
/* The median of one resample of x[0..n) (n >= 1), drawn into scratch (n doubles). */
double boot_median(struct boot *b, const double *x, size_t n, double *scratch);
/* The 95% percentile interval of the replicates v[0..n) (sorted in place). A replicate that is
 * NAN (the statistic did not exist for that resample) counts as +infinity, so an interval with
 * more than 2.5% of them has *hi = INFINITY. NAN both when n is 0. */
void boot_interval(double *v, size_t n, double *lo, double *hi);

#endif
