/* ranktest.h: the Mann-Whitney U test (Wilcoxon rank-sum): do two sets of run times come from
 * the same distribution? It compares ranks, not means, so one slow run cannot swing it. */
#ifndef PARBENCH_RANKTEST_H
#define PARBENCH_RANKTEST_H

#include <stddef.h>

/* U of a against b: the number of pairs (a_i, b_j) with a_i > b_j, ties counting 1/2 (that is
 * R_a - n_a (n_a + 1) / 2 with midranks), and the two-sided p-value: exact when there are no
 * ties and both samples have at most RANK_EXACT_MAX values, otherwise the normal approximation
 * with the tie correction and a continuity correction (as SciPy's mannwhitneyu does). Returns 0,
 * or -1 when a sample is empty or memory runs out. */
#define RANK_EXACT_MAX 50
int rank_mann_whitney(const double *a, size_t na, const double *b, size_t nb, double *u,
		      double *p);

#endif
