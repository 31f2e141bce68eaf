/* ranktest.c: midranks of the pooled samples, then U's null distribution: counted exactly, or
 * approximated by the normal with U's tie-corrected variance. */
#include "ranktest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct tagged {
	double x;
	int from_a;
};

static int cmp_tagged(const void *p, const void *q)
{
	double x = ((const struct tagged *)p)->x, y = ((const struct tagged *)q)->x;

	return (x > y) - (x < y);
}

/* The number of orderings of m values of a and n of b with U = u, for every u, into out[0..mn]
 * (Mann and Whitney, 1947): the last value is either an a, above all n b values (U loses n), or
 * a b (U unchanged), so c(i, j, u) = c(i-1, j, u-j) + c(i, j-1, u). Two rows of i suffice, and
 * only additions: the tail counts stay exact where they matter. Returns 0, or -1. */
static int exact_counts(size_t m, size_t n, double *out)
{
	size_t w = m * n + 1;
	double *prev = calloc((n + 1) * w, sizeof *prev), *cur = calloc((n + 1) * w, sizeof *cur);

	if (!prev || !cur) {
		free(prev);
		free(cur);
		return -1;
	}
	for (size_t j = 0; j <= n; j++)
		prev[j * w] = 1;	/* i = 0: one ordering, U = 0 */
	for (size_t i = 1; i <= m; i++) {
		double *t;

		memset(cur, 0, (n + 1) * w * sizeof *cur);
		cur[0] = 1;		/* j = 0 */
		for (size_t j = 1; j <= n; j++)
			for (size_t u = 0; u <= i * j; u++)
				cur[j * w + u] = (u >= j ? prev[j * w + u - j] : 0) + cur[(j - 1) * w + u];
		t = prev;
		prev = cur;
		cur = t;
	}
	memcpy(out, prev + n * w, w * sizeof *out);
	free(prev);
	free(cur);
	return 0;
}

static double exact_p(size_t m, size_t n, double u)
{
	size_t w = m * n + 1;
	double *c = malloc(w * sizeof *c), below = 0, above = 0, total = 0, p;

	if (!c || exact_counts(m, n, c) != 0) {
		free(c);
		return NAN;
	}
	for (size_t v = 0; v < w; v++) {
		total += c[v];
		below += v <= u ? c[v] : 0;
		above += v >= u ? c[v] : 0;
	}
	free(c);
	p = 2 * fmin(below, above) / total;
	return p < 1 ? p : 1;
}

int rank_mann_whitney(const double *a, size_t na, const double *b, size_t nb, double *u,
		      double *p)
{
	size_t n = na + nb;
	struct tagged *v = malloc((n ? n : 1) * sizeof *v);
	double ra = 0, ties = 0, mu, sd;

	if (!v || !na || !nb) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		v[i].x = i < na ? a[i] : b[i - na];
		v[i].from_a = i < na;
	}
	qsort(v, n, sizeof *v, cmp_tagged);
	for (size_t i = 0; i < n;) {	/* a run of equal values shares its ranks' mean */
		size_t j = i;

		while (j < n && v[j].x == v[i].x)
			j++;
		for (size_t k = i; k < j; k++)
			ra += v[k].from_a ? (i + 1 + j) / 2.0 : 0;
		ties += (double)(j - i) * (j - i) * (j - i) - (double)(j - i);
		i = j;
	}
	free(v);
	*u = ra - na * (na + 1) / 2.0;
	if (ties == 0 && na <= RANK_EXACT_MAX && nb <= RANK_EXACT_MAX) {
		*p = exact_p(na, nb, *u);
		return isnan(*p) ? -1 : 0;
	}
	mu = na * (double)nb / 2;
	sd = sqrt(na * (double)nb / 12 * ((n + 1) - ties / ((double)n * (n - 1))));
	if (!(sd > 0)) {
		*p = 1;		/* every value the same */
		return 0;
	}
	/* Two-sided, from the side U lies on, half a unit nearer the mean; past it, p is 1. */
	*p = fmin(1, erfc((fabs(*u - mu) - 0.5) / sd / sqrt(2)));
	return 0;
}
