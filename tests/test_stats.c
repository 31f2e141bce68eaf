/* test_stats.c: the runner's arithmetic, called directly. Every expected value is worked out here
 * independently of the code under test: textbook examples, R's type-7 quantiles, exact binomial
 * sums in integers, and speedups made from a known law that the fits must give back. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kv.h"
#include "runner/fit.h"
#include "runner/plan.h"
#include "runner/sizing.h"
#include "runner/stats.h"
#include "runner/sweep.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* ---- order statistics ---- */

/* Coverage of [x_(j), x_(n-j+1)] is P(j <= B <= n-j), B ~ Binomial(n, 1/2), i.e.
 * 1 - 2 sum_{i<j} C(n,i) / 2^n. In exact integers: it is at least 0.95 iff
 * 40 sum_{i<j} C(n,i) <= 2^n. */
static int covers_95(int n, int j)
{
	unsigned __int128 c = 1, below = 0;

	for (int i = 0; i < j; i++) {
		below += c;
		c = c * (unsigned)(n - i) / (unsigned)(i + 1);	/* C(n,i+1), exact */
	}
	return 40 * below <= ((unsigned __int128)1 << n);
}

Test(stats, median_ci_ranks_match_le_boudec_table, .timeout = 10)
{
	/* Le Boudec, Performance Evaluation of Computer and Communication Systems, table A.1. */
	static const struct { size_t n, lo, hi; } known[] = {
		{ 6, 1, 6 }, { 10, 2, 9 }, { 20, 6, 15 }, { 30, 10, 21 },
	};

	for (size_t k = 0; k < NELEMS(known); k++) {
		size_t n = known[k].n, lo = 0, hi = 0;

		/* The table itself, checked against exact binomial sums: rank lo keeps 95%, lo+1 not. */
		cr_assert(covers_95((int)n, (int)known[k].lo) && !covers_95((int)n, (int)known[k].lo + 1),
			  "the table value for n=%zu", n);
		cr_assert_eq(stats_median_ci_ranks(n, &lo, &hi), 0, "n=%zu", n);
		cr_expect(lo == known[k].lo && hi == known[k].hi, "n=%zu: want (%zu,%zu), got (%zu,%zu)",
			  n, known[k].lo, known[k].hi, lo, hi);
	}
}

Test(stats, median_ci_ranks_for_every_n_up_to_60, .timeout = 10)
{
	for (int n = 1; n <= 60; n++) {
		int want = 0;
		size_t lo = 0, hi = 0;

		while (2 * (want + 1) <= n && covers_95(n, want + 1))
			want++;
		if (!want) {
			cr_expect_eq(stats_median_ci_ranks((size_t)n, &lo, &hi), -1,
				     "n=%d: no pair of order statistics reaches 95%%", n);
			continue;
		}
		cr_assert_eq(stats_median_ci_ranks((size_t)n, &lo, &hi), 0, "n=%d", n);
		cr_expect(lo == (size_t)want && hi == (size_t)(n - want + 1),
			  "n=%d: want (%d,%d), got (%zu,%zu)", n, want, n - want + 1, lo, hi);
	}
}

Test(stats, summary_ci_takes_those_order_statistics, .timeout = 10)
{
	static const size_t ns[] = { 6, 10, 20, 30 }, los[] = { 1, 2, 6, 10 };
	double x[30];
	struct summary s;

	for (size_t k = 0; k < NELEMS(ns); k++) {
		size_t n = ns[k];

		for (size_t i = 0; i < n; i++)	/* 10 n, ..., 20, 10: the i-th smallest is 10 i */
			x[i] = 10.0 * (double)(n - i);
		stats_summarize(x, n, &s);
		cr_expect_eq(s.ci_exact, 1, "n=%zu", n);
		cr_expect_float_eq(s.ci_low, 10.0 * (double)los[k], 1e-9, "n=%zu", n);
		cr_expect_float_eq(s.ci_high, 10.0 * (double)(n - los[k] + 1), 1e-9, "n=%zu", n);
	}
	/* n = 5: no 95% CI exists, so the range is reported and flagged as not exact. */
	stats_summarize(x, 5, &s);
	cr_expect_eq(s.ci_exact, 0);
	cr_expect_float_eq(s.ci_low, s.min, 1e-12);
	cr_expect_float_eq(s.ci_high, s.max, 1e-12);
}

struct known_summary {
	double x[8];
	size_t n;
	double median, mean, sd, min, max, q1, q3;
};

/* Quartiles as R's quantile(x, type = 7) gives them: x_(1 + (n-1) q), interpolated. */
static struct known_summary summaries[] = {
	{ { 7 }, 1, 7, 7, 0, 7, 7, 7, 7 },
	{ { 3, 1, 2 }, 3, 2, 2, 1, 1, 3, 1.5, 2.5 },
	{ { 4, 1, 3, 2 }, 4, 2.5, 2.5, 1.2909944487358056, 1, 4, 1.75, 3.25 },
	{ { 5, 1, 4, 2, 3 }, 5, 3, 3, 1.5811388300841898, 1, 5, 2, 4 },
	/* The textbook example: mean 5, sample sd sqrt(32/7). */
	{ { 9, 2, 5, 4, 4, 7, 4, 5 }, 8, 4.5, 5, 2.1380899352993950, 2, 9, 4, 5.5 },
};

ParameterizedTestParameters(stats, summarize_known_arrays)
{
	return cr_make_param_array(struct known_summary, summaries, NELEMS(summaries));
}

ParameterizedTest(struct known_summary *k, stats, summarize_known_arrays, .timeout = 10)
{
	double copy[8];
	struct summary s;

	memcpy(copy, k->x, sizeof copy);
	stats_summarize(k->x, k->n, &s);
	cr_expect_eq(s.n, k->n);
	cr_expect_float_eq(s.median, k->median, 1e-12, "n=%zu median %g", k->n, s.median);
	cr_expect_float_eq(s.mean, k->mean, 1e-12, "n=%zu mean %g", k->n, s.mean);
	cr_expect_float_eq(s.sd, k->sd, 1e-12, "n=%zu sd %g", k->n, s.sd);
	cr_expect_float_eq(s.min, k->min, 1e-12, "n=%zu", k->n);
	cr_expect_float_eq(s.max, k->max, 1e-12, "n=%zu", k->n);
	cr_expect_float_eq(s.q1, k->q1, 1e-12, "n=%zu q1 %g", k->n, s.q1);
	cr_expect_float_eq(s.q3, k->q3, 1e-12, "n=%zu q3 %g", k->n, s.q3);
	cr_expect_arr_eq(copy, k->x, sizeof copy, "the input must be left as it was");
}

Test(stats, quantile_type_7, .timeout = 10)
{
	static const double ten[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	static const double five[] = { 10, 20, 30, 40, 50 };

	/* R: quantile(1:10, c(0, .1, .5, .9, 1)) = 1, 1.9, 5.5, 9.1, 10. */
	cr_expect_float_eq(stats_quantile(ten, 10, 0), 1, 1e-12);
	cr_expect_float_eq(stats_quantile(ten, 10, 0.1), 1.9, 1e-12);
	cr_expect_float_eq(stats_quantile(ten, 10, 0.5), 5.5, 1e-12);
	cr_expect_float_eq(stats_quantile(ten, 10, 0.9), 9.1, 1e-12);
	cr_expect_float_eq(stats_quantile(ten, 10, 1), 10, 1e-12);
	cr_expect_float_eq(stats_quantile(five, 5, 0.1), 14, 1e-12);
	cr_expect_float_eq(stats_quantile(five, 5, 0.25), 20, 1e-12);
	cr_expect_float_eq(stats_median(ten, 10), 5.5, 1e-12);
	cr_expect_float_eq(stats_median(five, 5), 30, 1e-12);
}

/* ---- the laws ---- */

static double amdahl(double f, double p)
{
	return 1 / (f + (1 - f) / p);
}

static double usl(double sigma, double kappa, double p)
{
	return p / (1 + sigma * (p - 1) + kappa * p * (p - 1));
}

Test(fit, amdahl_recovers_f, .timeout = 10)
{
	static const double fs[] = { 0, 0.02, 0.1, 0.5, 1 };
	double p[] = { 1, 2, 3, 4, 8, 16 }, s[NELEMS(p)], f;

	for (size_t k = 0; k < NELEMS(fs); k++) {
		for (size_t i = 0; i < NELEMS(p); i++)
			s[i] = amdahl(fs[k], p[i]);
		f = -42;
		cr_assert_eq(fit_amdahl(p, s, NELEMS(p), &f), 0, "f=%g", fs[k]);
		cr_expect_float_eq(f, fs[k], 1e-12, "want f=%g, got %.15g", fs[k], f);
	}
	cr_expect_float_eq(fit_amdahl_speedup(0.1, 4), 1 / 0.325, 1e-12);
	cr_expect_float_eq(fit_amdahl_speedup(0, 8), 8, 1e-12);
}

Test(fit, amdahl_least_squares_by_hand, .timeout = 10)
{
	/* y = 1/S - 1/p against x = 1 - 1/p: at p=2, x=1/2 and y=0.1 (S=1/0.6); at p=4, x=3/4 and
	 * y=0.1 (S=1/0.35). f = sum xy / sum xx = (0.05 + 0.075) / (0.25 + 0.5625) = 2/13. */
	double p[] = { 2, 4 }, s[] = { 1 / 0.6, 1 / 0.35 }, f = 0;

	cr_assert_eq(fit_amdahl(p, s, 2, &f), 0);
	cr_expect_float_eq(f, 2.0 / 13.0, 1e-12, "got %.15g", f);
}

Test(fit, amdahl_needs_a_point_above_one_worker, .timeout = 10)
{
	double p1[] = { 1, 1 }, s1[] = { 1, 1.01 }, p2[] = { 1, 2 }, s2[] = { 1, 0 }, f = 0;

	cr_expect_eq(fit_amdahl(p1, s1, 2, &f), -1, "only p = 1");
	cr_expect_eq(fit_amdahl(p1, s1, 0, &f), -1, "no points");
	cr_expect_eq(fit_amdahl(p2, s2, 2, &f), -1, "a speedup of 0 is not a measurement");
}

Test(fit, usl_recovers_sigma_kappa_and_peak, .timeout = 10)
{
	static const struct { double sigma, kappa; } laws[] = {
		{ 0.05, 0.002 }, { 0.2, 0.01 }, { 0, 0.001 }, { 0.01, 0.0001 },
	};
	double p[] = { 1, 2, 3, 4, 6, 8, 12, 16 }, s[NELEMS(p)];

	for (size_t k = 0; k < NELEMS(laws); k++) {
		double sigma = -1, kappa = -1, peak = -1, want_peak;

		for (size_t i = 0; i < NELEMS(p); i++)
			s[i] = usl(laws[k].sigma, laws[k].kappa, p[i]);
		cr_assert_eq(fit_usl(p, s, NELEMS(p), &sigma, &kappa, &peak), 0);
		cr_expect_float_eq(sigma, laws[k].sigma, 1e-9, "want sigma %g, got %.12g", laws[k].sigma, sigma);
		cr_expect_float_eq(kappa, laws[k].kappa, 1e-11, "want kappa %g, got %.12g", laws[k].kappa, kappa);
		want_peak = sqrt((1 - laws[k].sigma) / laws[k].kappa);
		cr_expect_float_eq(peak, want_peak, 1e-6 * want_peak, "want peak %g, got %g", want_peak, peak);
		/* And the peak is where the law's speedup is highest. */
		cr_expect(usl(sigma, kappa, peak) >= usl(sigma, kappa, peak * 0.9) &&
			  usl(sigma, kappa, peak) >= usl(sigma, kappa, peak * 1.1));
	}
}

Test(fit, usl_on_amdahl_data_is_sigma_f_kappa_0, .timeout = 10)
{
	/* Amdahl: p/S - 1 = f (p - 1), the USL with sigma = f and kappa = 0. */
	double p[] = { 1, 2, 4, 8 }, s[4], sigma = -1, kappa = -1, peak = 0;

	for (int i = 0; i < 4; i++)
		s[i] = amdahl(0.1, p[i]);
	cr_assert_eq(fit_usl(p, s, 4, &sigma, &kappa, &peak), 0);
	cr_expect_float_eq(sigma, 0.1, 1e-12, "got %.15g", sigma);
	cr_expect_float_eq(kappa, 0, 1e-12, "got %.15g", kappa);
}

Test(fit, usl_peak_is_nan_without_coherency_cost, .timeout = 10)
{
	/* kappa < 0: speedup grows faster than linear in the correction; no peak. */
	double p[] = { 2, 4, 8 }, s[3], sigma, kappa, peak = 0;

	for (int i = 0; i < 3; i++)
		s[i] = usl(0.1, -0.005, p[i]);
	cr_assert_eq(fit_usl(p, s, 3, &sigma, &kappa, &peak), 0);
	cr_expect_float_eq(kappa, -0.005, 1e-12);
	cr_expect(isnan(peak), "peak %g", peak);
}

Test(fit, usl_needs_two_distinct_worker_counts_above_one, .timeout = 10)
{
	double p[] = { 1, 2, 2, 1 }, s[] = { 1, 1.8, 1.9, 1 }, sigma, kappa, peak;
	double p2[] = { 1, 2, 4 }, s2[] = { 1, amdahl(0.25, 2), amdahl(0.25, 4) };

	cr_expect_eq(fit_usl(p, s, 4, &sigma, &kappa, &peak), -1, "only p = 2 above 1");
	cr_expect_eq(fit_usl(p, s, 0, &sigma, &kappa, &peak), -1, "no points");
	/* Two are enough: two equations, two unknowns, solved exactly. */
	cr_assert_eq(fit_usl(p2, s2, 3, &sigma, &kappa, &peak), 0);
	cr_expect_float_eq(sigma, 0.25, 1e-12);
	cr_expect_float_eq(kappa, 0, 1e-12);
}

Test(fit, karp_flatt, .timeout = 10)
{
	/* An Amdahl program's measured serial fraction is its f, at every p. */
	static const double fs[] = { 0, 0.05, 0.3 }, ps[] = { 2, 3, 8, 64 };

	for (size_t a = 0; a < NELEMS(fs); a++)
		for (size_t b = 0; b < NELEMS(ps); b++)
			cr_expect_float_eq(fit_karp_flatt(amdahl(fs[a], ps[b]), ps[b]), fs[a], 1e-12,
					   "f=%g p=%g", fs[a], ps[b]);
	/* By hand: S = 3 on 4: (1/3 - 1/4) / (3/4) = 1/9. Superlinear gives a negative e. */
	cr_expect_float_eq(fit_karp_flatt(3, 4), 1.0 / 9, 1e-12);
	cr_expect_float_eq(fit_karp_flatt(4, 2), -0.5, 1e-12);
	cr_expect(isnan(fit_karp_flatt(1, 1)), "undefined at p = 1");
	cr_expect(isnan(fit_karp_flatt(0, 4)), "undefined for S = 0");
}

/* ---- sweep_analyse: from run times to speedups and fits ---- */

/* A sweep on 8 CPUs, every point's baseline serial (index 0). threaded runs on 1, 2, 4 and 16
 * (oversubscribed) workers, its times following Amdahl with f = 0.1 except at 16, where they are
 * wildly off: the fits must not see that point. forked runs six times on 2 workers and never
 * succeeds on 4. */
static double t_serial[] = { 10, 11, 12, 13, 14, 15 }, t_w1[] = { 12.5 }, t_w2[] = { 6.875 },
	      t_w4[] = { 4.0625 }, t_w16[] = { 12.5 }, t_w2b[] = { 5, 5.5, 6, 6.5, 7, 7.5 };

static struct point pt(const char *variant, int workers, double *times, size_t n)
{
	struct point p = { .bench = "b", .workers = workers, .oversubscribed = workers > 8,
			   .times = times, .n = n, .cap = n };

	strcpy(p.variant, variant);
	strcpy(p.label, workers > 8 ? "oversubscribed" : "core");	/* 8 cores, 8 CPUs */
	return p;
}

Test(analyse, speedup_ci_efficiency_and_fits, .timeout = 10)
{
	struct point pts[] = {
		pt("serial", 1, t_serial, 6), pt("threaded", 1, t_w1, 1), pt("threaded", 2, t_w2, 1),
		pt("threaded", 4, t_w4, 1), pt("threaded", 16, t_w16, 1), pt("forked", 2, t_w2b, 6),
		pt("forked", 4, NULL, 0),
	};
	struct run runs[] = { { .point = 0, .status = "ok" }, { .point = 6, .status = "failed" },
			      { .point = 6, .status = "failed" }, { .point = 1, .status = "warmup" } };
	struct sweep sw = { .pts = pts, .npts = NELEMS(pts), .runs = runs, .nruns = 4, .cpus = 8 };
	const struct point *p;

	sw.pts[6].failures = 2;
	sweep_analyse(&sw);
	/* Serial: median 12.5 of six, 95% CI ranks (1, 6): [10, 15]. */
	cr_expect_float_eq(pts[0].s.median, 12.5, 1e-12);
	cr_expect_float_eq(pts[0].s.ci_low, 10, 1e-12);
	cr_expect_float_eq(pts[0].s.ci_high, 15, 1e-12);
	cr_expect_float_eq(pts[0].speedup, 1, 1e-12, "serial over itself");

	p = &pts[2];
	cr_expect_float_eq(p->speedup, 12.5 / 6.875, 1e-12);
	cr_expect_float_eq(p->efficiency, 12.5 / 6.875 / 2, 1e-12);
	cr_expect_float_eq(p->karp_flatt, 0.1, 1e-12);

	/* The speedup's CI: slowest baseline over fastest run, and the other way round. */
	p = &pts[5];
	cr_expect_float_eq(p->speedup, 2, 1e-12, "12.5 / 6.25");
	cr_expect_float_eq(p->speedup_low, 10 / 7.5, 1e-12, "got %g", p->speedup_low);
	cr_expect_float_eq(p->speedup_high, 15 / 5.0, 1e-12, "got %g", p->speedup_high);
	cr_expect_eq(p->ci_met, 0, "[5, 7.5] is not within 5%% of 6.25");

	/* Nothing measured: no speedup rather than a made-up one. */
	cr_expect(isnan(pts[6].speedup) && isnan(pts[6].efficiency), "speedup %g", pts[6].speedup);

	/* One fit per (bench, non-serial variant); oversubscribed points left out. */
	cr_assert_eq(sw.nfits, 2);
	cr_expect_str_eq(sw.fits[0].variant, "threaded");
	cr_expect_float_eq(sw.fits[0].amdahl_f, 0.1, 1e-12, "got %.15g", sw.fits[0].amdahl_f);
	cr_expect_float_eq(sw.fits[0].usl_sigma, 0.1, 1e-9, "got %.15g", sw.fits[0].usl_sigma);
	cr_expect_float_eq(sw.fits[0].usl_kappa, 0, 1e-9, "got %.15g", sw.fits[0].usl_kappa);
	cr_expect_str_eq(sw.fits[1].variant, "forked");
	cr_expect(isnan(sw.fits[1].usl_sigma), "forked has one worker count above 1: no USL fit");
	cr_expect_float_eq(sw.fits[1].amdahl_f, 0, 1e-12, "S(2) = 2: no serial part");

	cr_expect_eq(sweep_failed_runs(&sw), 2);
	free(sw.fits);
}

Test(analyse, ci_met_when_within_5_percent, .timeout = 10)
{
	/* n = 10: the CI is [x_(2), x_(9)], and every median here is 1.00. */
	double tight[] = { 1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.03, 0.97, 1.01, 0.99 };
	double one_out[] = { 1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.03, 0.97, 1.01, 0.80 };
	double two_out[] = { 1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.03, 0.94, 1.01, 0.93 };
	double few[] = { 1, 1, 1, 1, 1 };
	struct point pts[] = { pt("serial", 1, tight, 10), pt("threaded", 2, one_out, 10),
			       pt("threaded", 4, two_out, 10), pt("forked", 2, few, 5) };
	struct sweep sw = { .pts = pts, .npts = NELEMS(pts), .cpus = 8 };

	sweep_analyse(&sw);
	cr_expect_eq(pts[0].ci_met, 1, "[0.98, 1.02]: [%g, %g]", pts[0].s.ci_low, pts[0].s.ci_high);
	cr_expect_eq(pts[1].ci_met, 1, "one outlier is x_(1), outside the CI: [%g, %g]",
		     pts[1].s.ci_low, pts[1].s.ci_high);
	cr_expect_eq(pts[2].ci_met, 0, "x_(2) = 0.94 is more than 5%% below: [%g, %g]",
		     pts[2].s.ci_low, pts[2].s.ci_high);
	cr_expect_eq(pts[3].ci_met, 0, "n = 5 has no 95%% CI, however tight its range");
	free(sw.fits);
}

/* ---- worker lists ---- */

struct workers_case {
	char text[24];
	int n;			/* -1: malformed */
	int want[12];
};

static struct workers_case worker_lists[] = {
	{ "1", 1, { 1 } },
	{ "1,2,4", 3, { 1, 2, 4 } },
	{ "1-8", 8, { 1, 2, 3, 4, 5, 6, 7, 8 } },
	{ "1-4,8,16", 6, { 1, 2, 3, 4, 8, 16 } },
	{ "8,4,2,1", 4, { 1, 2, 4, 8 } },
	{ "2,2,1,2", 2, { 1, 2 } },
	{ "1-3,2-5", 5, { 1, 2, 3, 4, 5 } },
	{ "3-3", 1, { 3 } },
	{ "4096", 1, { 4096 } },
	{ "", -1, { 0 } },
	{ ",", -1, { 0 } },
	{ "1,", -1, { 0 } },
	{ ",1", -1, { 0 } },
	{ "1,,2", -1, { 0 } },
	{ "4-2", -1, { 0 } },
	{ "0", -1, { 0 } },
	{ "0-2", -1, { 0 } },
	{ "-1", -1, { 0 } },
	{ "a", -1, { 0 } },
	{ "1-", -1, { 0 } },
	{ "1--2", -1, { 0 } },
	{ "1-2-3", -1, { 0 } },
	{ " 1", -1, { 0 } },
	{ "2 ", -1, { 0 } },
	{ "1.5", -1, { 0 } },
	{ "+2", -1, { 0 } },
	{ "99999", -1, { 0 } },
	{ "4097", -1, { 0 } },
	{ "99999999999999999999", -1, { 0 } },
};

ParameterizedTestParameters(plan, parse_workers)
{
	return cr_make_param_array(struct workers_case, worker_lists, NELEMS(worker_lists));
}

ParameterizedTest(struct workers_case *c, plan, parse_workers, .timeout = 10)
{
	int *out = NULL, n;

	n = plan_parse_workers(c->text, &out);
	cr_assert_eq(n, c->n, "'%s': want %d, got %d", c->text, c->n, n);
	for (int k = 0; k < n; k++)
		cr_expect_eq(out[k], c->want[k], "'%s': [%d] want %d, got %d", c->text, k, c->want[k], out[k]);
	free(out);
}

/* No cap on how many counts a sweep holds: every count from 1 to the limit fits. */
Test(plan, parse_workers_has_no_cap, .timeout = 10)
{
	int *out = NULL, n = plan_parse_workers("1-200", &out);

	cr_assert_eq(n, 200);
	for (int k = 0; k < n; k++)
		cr_expect_eq(out[k], k + 1);
	free(out);
	n = plan_parse_workers("4096,1-4096,1", &out);
	cr_assert_eq(n, 4096, "repeats count once");
	cr_expect_eq(out[4095], 4096);
	free(out);
	cr_expect_eq(plan_parse_workers(NULL, &out), -1);
	cr_expect_null(out);
}

/* A machine model by hand: what plan_default_workers and plan_label read of it. */
struct default_case {
	const char *what;
	int effective, cores, socket_cores, usable, n, want[16];
};

static struct default_case defaults[] = {
	{ "1 CPU", 1, 1, 1, 1, 2, { 1, 2 } },
	{ "2 cores", 2, 2, 2, 2, 3, { 1, 2, 4 } },
	{ "3 cores", 3, 3, 3, 3, 4, { 1, 2, 3, 6 } },
	{ "2 sockets x 32 cores x 2 threads", 128, 64, 32, 128, 9,
	  { 1, 2, 4, 8, 16, 32, 64, 128, 256 } },
	{ "the same under a quota of 8 CPUs", 8, 64, 32, 128, 5, { 1, 2, 4, 8, 16 } },
	{ "2 sockets x 48 cores x 2 threads", 192, 96, 48, 192, 12,
	  { 1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 384 } },
	{ "a mask of 6 CPUs on 3 cores with SMT", 6, 3, 3, 6, 6, { 1, 2, 3, 4, 6, 12 } },
};

ParameterizedTestParameters(plan, default_workers)
{
	return cr_make_param_array(struct default_case, defaults, NELEMS(defaults));
}

ParameterizedTest(struct default_case *c, plan, default_workers, .timeout = 10)
{
	struct topo t = { .effective = c->effective, .cores = c->cores,
			  .socket_cores = c->socket_cores, .usable = c->usable };
	int *out = NULL, n = plan_default_workers(&t, &out);

	cr_assert_eq(n, c->n, "%s: want %d counts, got %d", c->what, c->n, n);
	for (int k = 0; k < n; k++)
		cr_expect_eq(out[k], c->want[k], "%s: [%d] want %d, got %d", c->what, k,
			     c->want[k], out[k]);
	free(out);
}

/* The first label that applies wins: beyond, oversubscribed, smt, core. */
Test(plan, labels, .timeout = 10)
{
	struct topo smt = { .effective = 128, .cores = 64 }, quota = { .effective = 8, .cores = 64 };

	cr_expect_str_eq(plan_label(&smt, 0, 64), "core");
	cr_expect_str_eq(plan_label(&smt, 0, 65), "smt");
	cr_expect_str_eq(plan_label(&smt, 0, 128), "smt");
	cr_expect_str_eq(plan_label(&smt, 0, 129), "oversubscribed");
	cr_expect_str_eq(plan_label(&smt, 10, 16), "beyond", "sweep's 10 rows");
	cr_expect_str_eq(plan_label(&smt, 10, 256), "beyond", "beyond before oversubscribed");
	cr_expect_str_eq(plan_label(&smt, 10, 10), "core");
	cr_expect_str_eq(plan_label(&quota, 0, 8), "core");
	cr_expect_str_eq(plan_label(&quota, 0, 9), "oversubscribed", "quota before smt");
}

Test(plan, parse_names, .timeout = 10)
{
	char names[4][32];

	cr_assert_eq(plan_parse_names("pi,sum,my-cmd_2", names, 4), 3);
	cr_expect_str_eq(names[0], "pi");
	cr_expect_str_eq(names[2], "my-cmd_2");
	cr_expect_eq(plan_parse_names("abcdefghijklmnopqrstuvwxyz01234", names, 4), 1, "31 characters");
	cr_expect_eq(plan_parse_names("abcdefghijklmnopqrstuvwxyz012345", names, 4), -1, "32 characters");
	cr_expect_eq(plan_parse_names("", names, 4), -1);
	cr_expect_eq(plan_parse_names("pi,,sum", names, 4), -1);
	cr_expect_eq(plan_parse_names("pi,", names, 4), -1);
	cr_expect_eq(plan_parse_names("pi,pi", names, 4), -1, "a name twice");
	cr_expect_eq(plan_parse_names("pi sum", names, 4), -1);
	cr_expect_eq(plan_parse_names("../pi", names, 4), -1, "a bench name is not a path");
	cr_expect_eq(plan_parse_names("a,b,c,d,e", names, 4), -1, "more than max");
}

/* ---- the key=value parser ---- */

Test(kv, finds_values, .timeout = 10)
{
	char v[16];

	cr_assert_eq(kv_find("bench=pi seconds=0.25 result=3.14\n", "seconds", v, sizeof v), 0);
	cr_expect_str_eq(v, "0.25");
	cr_assert_eq(kv_find("bench=pi seconds=0.25 result=3.14\n", "result", v, sizeof v), 0);
	cr_expect_str_eq(v, "3.14", "the last word, before the newline");
	cr_assert_eq(kv_find("  a=1 \t b=2  ", "b", v, sizeof v), 0);
	cr_expect_str_eq(v, "2", "spaces and tabs between words");
}

Test(kv, key_must_match_whole, .timeout = 10)
{
	char v[16];

	cr_expect_eq(kv_find("seconds=1.5", "sec", v, sizeof v), -1, "a prefix of a key is not it");
	cr_expect_eq(kv_find("seconds=1.5", "secondsx", v, sizeof v), -1);
	cr_assert_eq(kv_find("seconds=1.5 sec=2", "sec", v, sizeof v), 0);
	cr_expect_str_eq(v, "2");
	cr_assert_eq(kv_find("sec=2 seconds=1.5", "seconds", v, sizeof v), 0);
	cr_expect_str_eq(v, "1.5");
	cr_assert_eq(kv_find("user_result=1 result=2", "result", v, sizeof v), 0);
	cr_expect_str_eq(v, "2", "a key that ends another is not it either");
}

Test(kv, missing_and_malformed, .timeout = 10)
{
	char v[16];

	cr_expect_eq(kv_find("a=1 b=2", "c", v, sizeof v), -1, "key missing");
	cr_expect_eq(kv_find("", "a", v, sizeof v), -1, "empty line");
	cr_expect_eq(kv_find(" \t\n", "a", v, sizeof v), -1, "blank line");
	cr_expect_eq(kv_find("hello a=1", "a", v, sizeof v), -1, "a word without '='");
	cr_expect_eq(kv_find("Segmentation fault", "a", v, sizeof v), -1);
	cr_expect_eq(kv_find("=1 a=2", "a", v, sizeof v), -1, "'=value' with an empty key");
	cr_expect_eq(kv_find("=1", "", v, sizeof v), -1, "nor is the empty key found");
}

Test(kv, value_must_fit, .timeout = 10)
{
	char v[8];

	cr_expect_eq(kv_find("a=12345678", "a", v, sizeof v), -1, "8 characters and the NUL need 9");
	cr_assert_eq(kv_find("a=1234567", "a", v, sizeof v), 0);
	cr_expect_str_eq(v, "1234567", "7 and the NUL fit exactly");
}

/* A line is ours only if every word is key=value: a crash message after a good line's keys must
 * not make it count (the runner would record a run that printed "Segmentation fault" as ok). */
Test(kv, junk_after_the_key_rejects_the_line, .timeout = 5)
{
	char buf[32];

	cr_expect_eq(kv_find("seconds=0.001 result=7 Segmentation fault", "seconds", buf, sizeof buf), -1);
	cr_expect_eq(kv_find("seconds=0.001 result=7", "seconds", buf, sizeof buf), 0);
	cr_expect_str_eq(buf, "0.001");
}

/* A bench with 10 tasks in a sweep to 128: up to 20 workers, with 10 and 20 themselves. */
Test(plan, a_limit_keeps_its_plateau_and_stops_at_twice_it)
{
	static const int list[] = { 1, 2, 4, 8, 16, 32, 64, 128 };
	static const int want[] = { 1, 2, 4, 8, 10, 16, 20 };
	int *out = NULL, n = sizing_workers(list, 8, 10, &out);

	cr_assert_eq(n, 7, "got %d counts", n);
	for (int k = 0; k < n; k++)
		cr_expect_eq(out[k], want[k], "count %d", k);
	free(out);
	/* No limit, or one at or past the sweep's top: the list as it was. */
	for (long limit = 0; limit <= 128; limit += 128) {
		n = sizing_workers(list, 8, limit, &out);
		cr_assert_eq(n, 8, "limit %ld: got %d counts", limit, n);
		for (int k = 0; k < n; k++)
			cr_expect_eq(out[k], list[k], "limit %ld, count %d", limit, k);
		free(out);
	}
	/* A limit already in the list is not planned twice. */
	n = sizing_workers(list, 8, 8, &out);
	cr_assert_eq(n, 5, "1 2 4 8 16: got %d", n);
	cr_expect_eq(out[3], 8);
	cr_expect_eq(out[4], 16);
	free(out);
}
