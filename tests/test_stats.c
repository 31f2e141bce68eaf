/* test_stats.c: the runner's arithmetic, called directly. Every expected value is worked out here
 * independently of the code under test: textbook examples, R's type-7 quantiles, exact binomial
 * sums in integers, and speedups made from a known law that the fits must give back. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kv.h"
#include "runner/bootstrap.h"
#include "runner/fit.h"
#include "runner/plan.h"
#include "runner/ranktest.h"
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

	/* One fit per (bench, non-serial variant); oversubscribed points left out. threaded has
	 * 3 worker counts (1, 2, 4): enough for Amdahl's one parameter, not for the USL's two. */
	cr_assert_eq(sw.nfits, 2);
	cr_expect_str_eq(sw.fits[0].variant, "threaded");
	cr_expect_eq(sw.fits[0].counts, 3);
	cr_expect_eq(sw.fits[0].fitmax, 4);
	cr_expect_eq(sw.fits[0].maxw, 16);
	cr_expect_null(sw.fits[0].why);
	cr_expect_float_eq(sw.fits[0].amdahl_f, 0.1, 1e-12, "got %.15g", sw.fits[0].amdahl_f);
	/* One run a point: every resample of threaded is the same, and serial's median moves it:
	 * f over serial's resampled medians stays within [10, 15] / 12.5 of the law's. */
	cr_expect(sw.fits[0].amdahl_lo <= 0.1 && 0.1 <= sw.fits[0].amdahl_hi, "[%g, %g]",
		  sw.fits[0].amdahl_lo, sw.fits[0].amdahl_hi);
	cr_expect(isnan(sw.fits[0].usl_sigma), "the USL needs 4 counts");
	cr_expect_str_eq(sw.fits[1].variant, "forked");
	cr_expect(isnan(sw.fits[1].amdahl_f) && isnan(sw.fits[1].usl_sigma),
		  "forked has 2 worker counts (1, 2): nothing to fit");
	cr_expect_str_eq(sw.fits[1].why, "too few worker counts to fit");

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

/* ---- the Mann-Whitney U test (runner/ranktest.h) ---- */

/* |got - want| within tol of want, relatively. */
static int rel_close(double got, double want, double tol)
{
	return fabs(got - want) <= tol * fabs(want);
}

/* Two samples of n values, no ties, whose U (of a against b) is exactly k <= n*n: b = 1..n and
 * a_i = c_i + 0.5 + i/1000 lies strictly between b = c_i and b = c_i + 1 (i/1000 < 0.5), so
 * exactly c_i values of b are below it; the c_i take k greedily, n at a time, and sum to k. */
static void samples_with_u(size_t n, size_t k, double *a, double *b)
{
	size_t left = k;

	for (size_t i = 0; i < n; i++) {
		size_t c = left < n ? left : n;

		left -= c;
		b[i] = (double)(i + 1);
		a[i] = (double)c + 0.5 + (double)i * 1e-3;
	}
}

Test(ranktest, exact_p_matches_the_published_critical_values, .timeout = 10)
{
	/* The two-tailed alpha = 0.05 critical values of U for n1 = n2 = n, from the published
	 * table (e.g. Zar, Biostatistical Analysis, table B.11; Milton 1964): reject when
	 * U <= crit. So p <= 0.05 at U = crit and p > 0.05 at U = crit + 1. (Counted exactly in
	 * integers, P(U <= crit) and P(U <= crit + 1) by Mann and Whitney's recurrence agree:
	 * n=20 gives 2 P(U <= 127) = 0.04909 and 2 P(U <= 128) = 0.05240.) */
	static const struct { size_t n, crit; } table[] = {
		{ 5, 2 }, { 6, 5 }, { 7, 8 }, { 8, 13 }, { 9, 17 }, { 10, 23 }, { 20, 127 },
	};

	for (size_t t = 0; t < NELEMS(table); t++) {
		size_t n = table[t].n;
		double a[20], b[20];

		for (size_t k = table[t].crit; k <= table[t].crit + 1; k++) {
			double u = -1, p = -1, u_ba = -1, p_ba = -1;

			samples_with_u(n, k, a, b);
			cr_assert_eq(rank_mann_whitney(a, n, b, n, &u, &p), 0, "n=%zu U=%zu", n, k);
			cr_expect_eq(u, (double)k, "n=%zu: U should be %zu by construction, got %g", n,
				     k, u);
			if (k == table[t].crit)
				cr_expect(p <= 0.05, "n=%zu U=%zu (critical): p=%.6g should be <= 0.05", n,
					  k, p);
			else
				cr_expect(p > 0.05, "n=%zu U=%zu (one past critical): p=%.6g should be > 0.05",
					  n, k, p);
			/* Every pair (a_i, b_j) counts once, in U of a or in U of b: they add to n*n.
			 * The test is two-sided, so swapping the samples keeps p. */
			cr_assert_eq(rank_mann_whitney(b, n, a, n, &u_ba, &p_ba), 0);
			cr_expect_eq(u + u_ba, (double)(n * n), "n=%zu: %g + %g != %zu", n, u, u_ba,
				     n * n);
			cr_expect(rel_close(p_ba, p, 1e-12), "n=%zu: p %g swapped, %g not", n, p_ba, p);
		}
	}
}

Test(ranktest, exact_p_for_n5_by_hand, .timeout = 10)
{
	/* m = n = 5: C(10,5) = 252 orderings. U = u counts the partitions of u into at most 5
	 * parts of at most 5: u = 0: 1, 1: 1, 2: 2 (2, 1+1), 3: 3 (3, 2+1, 1+1+1). So two-sided
	 * p(U=2) = 2 (1+1+2) / 252 = 8/252 and p(U=3) = 2 (1+1+2+3) / 252 = 14/252. */
	double a[5], b[5], u, p;

	samples_with_u(5, 2, a, b);
	cr_assert_eq(rank_mann_whitney(a, 5, b, 5, &u, &p), 0);
	cr_expect(rel_close(p, 8.0 / 252, 1e-12), "U=2: p=%.17g, want 8/252", p);
	samples_with_u(5, 3, a, b);
	cr_assert_eq(rank_mann_whitney(a, 5, b, 5, &u, &p), 0);
	cr_expect(rel_close(p, 14.0 / 252, 1e-12), "U=3: p=%.17g, want 14/252", p);
}

/* Each case's U and two-sided p from SciPy 1.10.1: scipy.stats.mannwhitneyu(a, b,
 * alternative='two-sided', method=...) (use_continuity=True, its default). */
struct scipy_case {
	const char *what;
	const double *a, *b;
	size_t na, nb;
	double u, p;
};

static void check_scipy_case(const struct scipy_case *c)
{
	double u = -1, p = -1, u_ba = -1, p_ba = -1;

	cr_assert_eq(rank_mann_whitney(c->a, c->na, c->b, c->nb, &u, &p), 0, "%s", c->what);
	cr_expect_eq(u, c->u, "%s: U=%.17g, SciPy says %g", c->what, u, c->u);
	cr_expect(rel_close(p, c->p, 1e-9), "%s: p=%.17g, SciPy says %.17g", c->what, p, c->p);
	/* Swapped: U of b against a is na*nb - U, and the two-sided p is the same. */
	cr_assert_eq(rank_mann_whitney(c->b, c->nb, c->a, c->na, &u_ba, &p_ba), 0, "%s", c->what);
	cr_expect_eq(u_ba, (double)(c->na * c->nb) - c->u, "%s swapped: U=%g", c->what, u_ba);
	cr_expect(rel_close(p_ba, c->p, 1e-9), "%s swapped: p=%.17g", c->what, p_ba);
}

Test(ranktest, ties_use_the_normal_approximation_like_scipy, .timeout = 10)
{
	/* method='asymptotic'. By hand: U = 0 + 2 * 0.5 (2.2 ties 2.2) + 2.5 (3.5 > 2.2, 3.0; ties
	 * 3.5) + 3 + 3 = 9.5. */
	static const double a[] = { 1.1, 2.2, 2.2, 3.5, 4.0, 5.1 };
	static const double b[] = { 2.2, 3.0, 3.5, 6.0, 7.5, 8.1, 9.0 };
	struct scipy_case c = { "ties", a, b, NELEMS(a), NELEMS(b), 9.5, 0.1135733822177233 };

	check_scipy_case(&c);
}

Test(ranktest, exact_p_like_scipy, .timeout = 10)
{
	/* method='exact'. Every a below every b: U = 0, p = 2 / C(13,6) = 2/1716. */
	static const double a1[] = { 0.51, 0.52, 0.55, 0.49, 0.50, 0.53, 0.54 };
	static const double b1[] = { 0.56, 0.58, 0.57, 0.60, 0.59, 0.61 };
	/* method='exact'. U = 1 (3 > 2) + 2 (5) + 0 (1) + 4 (9) + 3 (7) = 10, p = 198/462 = 3/7. */
	static const double a2[] = { 3, 5, 1, 9, 7 };
	static const double b2[] = { 2, 4, 6, 8, 10, 12 };
	struct scipy_case c1 = { "apart", a1, b1, NELEMS(a1), NELEMS(b1), 0, 0.0011655011655011655 };
	struct scipy_case c2 = { "mixed", a2, b2, NELEMS(a2), NELEMS(b2), 10, 0.42857142857142855 };

	check_scipy_case(&c1);
	check_scipy_case(&c2);
}

Test(ranktest, large_samples_use_the_normal_approximation_like_scipy, .timeout = 10)
{
	/* More than RANK_EXACT_MAX values: method='asymptotic'. Note that these are not quite
	 * free of ties in doubles: 1.0 + 0.01 i == 1.2 + 0.013 j exactly for (i, j) = (20, 0),
	 * (33, 10), (46, 20), (59, 30) (the same doubles in C and in Python), four pairs tied, so
	 * a tie term of 4 (2^3 - 2) = 24 that SciPy applied too: without it p would be
	 * 8.2098e-09. U = 620 by counting pairs (Python, ties as 1/2). */
	double a[60], b[55];
	struct scipy_case c = { "large", a, b, NELEMS(a), NELEMS(b), 620, 8.207580885887128e-09 };

	for (int i = 0; i < 60; i++)
		a[i] = 1.0 + 0.01 * i;
	for (int i = 0; i < 55; i++)
		b[i] = 1.2 + 0.013 * i;
	check_scipy_case(&c);
}

Test(ranktest, empty_samples_fail, .timeout = 10)
{
	static const double x[] = { 1, 2, 3 };
	double u, p;

	cr_expect_eq(rank_mann_whitney(x, 0, x, 3, &u, &p), -1, "a empty");
	cr_expect_eq(rank_mann_whitney(x, 3, x, 0, &u, &p), -1, "b empty");
	cr_expect_eq(rank_mann_whitney(x, 0, x, 0, &u, &p), -1, "both empty");
}

/* ---- outliers by the modified z-score (stats_outliers) ---- */

Test(outliers, worked_example, .timeout = 10)
{
	/* By hand: sorted 9.8 9.9 10.0 10.0 10.1 10.2 14.0, median 10.0; |x - 10| = 0.1 0.1 0 0.2
	 * 0.2 0 4.0, sorted 0 0 0.1 0.1 0.2 0.2 4.0, MAD 0.1. z(14.0) = 0.6745 * 4 / 0.1 = 26.98 >
	 * 3.5: an outlier; z(10.2) = z(9.8) = 0.6745 * 0.2 / 0.1 = 1.349: not. One, index 6. */
	static const double x[] = { 10.1, 9.9, 10.0, 10.2, 9.8, 10.0, 14.0 };
	int flag[NELEMS(x)];

	memset(flag, 0x5a, sizeof flag);	/* garbage: every flag must be written */
	cr_expect_eq(stats_outliers(x, NELEMS(x), flag), 1);
	for (size_t i = 0; i < NELEMS(x); i++)
		cr_expect_eq(flag[i], i == 6, "flag[%zu] = %d", i, flag[i]);
	cr_expect_eq(stats_outliers(x, NELEMS(x), NULL), 1, "flag may be NULL");
}

Test(outliers, flags_exactly_the_outliers_on_both_sides, .timeout = 10)
{
	/* By hand: sorted 1 9.8 9.9 10 10 10.1 10.2 14 50, median 10.0; |x - 10| = 9 40 0.1 0.1 0
	 * 0.2 0.2 0 4, sorted 0 0 0.1 0.1 0.2 0.2 4 9 40, MAD 0.2. z = 0.6745 |x - 10| / 0.2:
	 * 30.35 (1.0), 134.9 (50), 13.49 (14.0) are outliers; 0.6745 (10.2, 9.8) is not. */
	static const double x[] = { 1.0, 50, 10.1, 9.9, 10.0, 10.2, 9.8, 10.0, 14.0 };
	static const int want[] = { 1, 1, 0, 0, 0, 0, 0, 0, 1 };
	int flag[NELEMS(x)];

	memset(flag, 0x5a, sizeof flag);
	cr_expect_eq(stats_outliers(x, NELEMS(x), flag), 3);
	for (size_t i = 0; i < NELEMS(x); i++)
		cr_expect_eq(flag[i], want[i], "flag[%zu] = %d, want %d", i, flag[i], want[i]);
}

Test(outliers, just_inside_and_just_outside_3_5, .timeout = 10)
{
	/* {-2, -1, -1, 0, 1, 1, X} with X > 2: median 0 and |x| sorted 0 1 1 1 1 2 X, MAD 1, for
	 * any such X. So z(X) = 0.6745 X, and the threshold is X = 3.5 / 0.6745 = 5.18903; a
	 * hundredth of a percent either side gives z = 3.49965 (kept) and 3.50035 (an outlier).
	 * z(-2) = 1.349: never. */
	double x[] = { -2, -1, -1, 0, 1, 1, 0 };
	int flag[NELEMS(x)];

	x[6] = 0.9999 * 3.5 / 0.6745;
	cr_expect_eq(stats_outliers(x, NELEMS(x), flag), 0, "X = %.6f: z just under 3.5", x[6]);
	for (size_t i = 0; i < NELEMS(x); i++)
		cr_expect_eq(flag[i], 0, "flag[%zu]", i);
	x[6] = 1.0001 * 3.5 / 0.6745;
	cr_expect_eq(stats_outliers(x, NELEMS(x), flag), 1, "X = %.6f: z just over 3.5", x[6]);
	for (size_t i = 0; i < NELEMS(x); i++)
		cr_expect_eq(flag[i], i == 6, "flag[%zu]", i);
}

Test(outliers, mad_zero_falls_back_to_the_mean_absolute_deviation, .timeout = 10)
{
	/* {1,1,1,1,1,2}: median 1, |x - 1| = 0 0 0 0 0 1, MAD 0. Mean absolute deviation 1/6,
	 * z(2) = 1 / (1.253314 / 6) = 4.787 > 3.5: one outlier, index 5. */
	static const double x[] = { 1, 1, 1, 1, 1, 2 };
	/* {1,1,1,1,2,2}: median 1, |x - 1| = 0 0 0 0 1 1, MAD (0 + 0) / 2 = 0. Mean absolute
	 * deviation 2/6, z(2) = 1 / (1.253314 / 3) = 2.394: none. */
	static const double y[] = { 1, 1, 1, 1, 2, 2 };
	int flag[NELEMS(x)];

	memset(flag, 0x5a, sizeof flag);
	cr_expect_eq(stats_outliers(x, NELEMS(x), flag), 1);
	for (size_t i = 0; i < NELEMS(x); i++)
		cr_expect_eq(flag[i], i == 5, "flag[%zu] = %d", i, flag[i]);
	memset(flag, 0x5a, sizeof flag);
	cr_expect_eq(stats_outliers(y, NELEMS(y), flag), 0);
	for (size_t i = 0; i < NELEMS(y); i++)
		cr_expect_eq(flag[i], 0, "flag[%zu] = %d", i, flag[i]);
}

Test(outliers, none_when_all_equal_or_too_few, .timeout = 10)
{
	/* All equal: MAD and mean absolute deviation both 0, no scale, nothing stands out.
	 * Fewer than 3 values: no median to stand out from, however far apart. */
	static const double same[] = { 5, 5, 5, 5, 5 }, two[] = { 1, 1000 };
	int flag[5];

	memset(flag, 0x5a, sizeof flag);
	cr_expect_eq(stats_outliers(same, NELEMS(same), flag), 0);
	for (size_t i = 0; i < NELEMS(same); i++)
		cr_expect_eq(flag[i], 0, "all equal: flag[%zu] = %d", i, flag[i]);
	memset(flag, 0x5a, sizeof flag);
	cr_expect_eq(stats_outliers(two, 2, flag), 0);
	cr_expect(flag[0] == 0 && flag[1] == 0, "n = 2: flags %d %d", flag[0], flag[1]);
	cr_expect_eq(stats_outliers(two, 1, NULL), 0, "n = 1");
	cr_expect_eq(stats_outliers(two, 0, NULL), 0, "n = 0");
	cr_expect_eq(stats_outliers(same, NELEMS(same), NULL), 0, "all equal, flag NULL");
}

/* ---- the percentile bootstrap (runner/bootstrap.h) ---- */

/* 1000 replicates: the values 1..(1000 - nans) and nans NANs, scattered (slot 387 i mod 1000
 * visits every slot once, as 387 is prime to 1000) so that the NANs are not already last. */
static void replicates_with_nans(double *v, size_t nans)
{
	for (size_t i = 0; i < 1000; i++)
		v[i * 387 % 1000] = i < 1000 - nans ? (double)(i + 1) : NAN;
}

Test(bootstrap, few_nans_keep_the_interval_finite, .timeout = 10)
{
	/* 20 NANs (2%): sorted 1..980 then 20 x inf. Type 7: lo at h = 999 * 0.025 = 24.975,
	 * between x[24] = 25 and x[25] = 26: 25.975; hi at h = 999 * 0.975 = 974.025, between
	 * x[974] = 975 and x[975] = 976: 975.025 (both finite, as 975 < 980). */
	double v[1000], lo, hi;

	replicates_with_nans(v, 20);
	boot_interval(v, 1000, &lo, &hi);
	cr_expect(rel_close(lo, 25.975, 1e-9), "lo = %.17g", lo);
	cr_expect(rel_close(hi, 975.025, 1e-9), "hi = %.17g", hi);
}

Test(bootstrap, many_nans_make_hi_infinite, .timeout = 10)
{
	/* More than 2.5% NANs: x[975] (and from 26 NANs on x[974] too) is one of them, so hi is
	 * +infinity, as the header promises; lo stays 25.975 as above while x[25] is finite
	 * (up to 974 NANs). 25 (exactly 2.5%) already reaches x[975], so type 7's interpolation
	 * gives inf there too. With 999, only the value 1 is left: lo is +infinity as well. */
	static const size_t nans[] = { 25, 26, 30, 100, 500, 999 };
	double v[1000], lo, hi;

	for (size_t k = 0; k < NELEMS(nans); k++) {
		replicates_with_nans(v, nans[k]);
		boot_interval(v, 1000, &lo, &hi);
		if (nans[k] <= 974)
			cr_expect(rel_close(lo, 25.975, 1e-9), "%zu NANs: lo = %.17g", nans[k], lo);
		else
			cr_expect(isinf(lo) && lo > 0, "%zu NANs: lo = %g, want +inf", nans[k], lo);
		cr_expect(isinf(hi) && hi > 0, "%zu NANs: hi = %g, want +inf", nans[k], hi);
	}
}

Test(bootstrap, no_replicates_give_nan, .timeout = 10)
{
	double v[1], lo = 0, hi = 0;

	boot_interval(v, 0, &lo, &hi);
	cr_expect(isnan(lo) && isnan(hi), "lo = %g, hi = %g", lo, hi);
}

Test(bootstrap, median_of_a_constant_sample_is_that_constant, .timeout = 10)
{
	/* Every resample is all 2.5s: the median is 2.5 exactly, odd n or even ((2.5+2.5)/2). */
	static const double x[] = { 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5 };
	double scratch[NELEMS(x)];
	struct boot b;

	boot_init(&b, 1);
	for (int r = 0; r < 100; r++) {
		cr_expect_eq(boot_median(&b, x, NELEMS(x), scratch), 2.5, "odd n, replicate %d", r);
		cr_expect_eq(boot_median(&b, x, NELEMS(x) - 1, scratch), 2.5, "even n, replicate %d",
			     r);
	}
}

Test(bootstrap, same_seed_same_medians_other_seed_others, .timeout = 10)
{
	/* 1..101: an odd n, so each resample's median is one of the values, a whole number in
	 * 1..101. Two generators from one seed must agree on all 200; seed 43 against 42 must
	 * differ somewhere (for them to agree by chance, 200 medians spread over ~40 values
	 * would have to coincide). */
	double x[101], s1[101], s2[101];
	struct boot b1, b2, b3;
	int differ = 0;

	for (int i = 0; i < 101; i++)
		x[i] = i + 1;
	boot_init(&b1, 42);
	boot_init(&b2, 42);
	boot_init(&b3, 43);
	for (int r = 0; r < 200; r++) {
		double m1 = boot_median(&b1, x, 101, s1), m2 = boot_median(&b2, x, 101, s2);

		cr_expect_eq(m1, m2, "replicate %d: %g, then %g from the same seed", r, m1, m2);
		cr_expect(m1 >= 1 && m1 <= 101 && m1 == floor(m1), "replicate %d: %g", r, m1);
		differ += boot_median(&b3, x, 101, s2) != m1;
	}
	cr_expect(differ > 0, "seeds 42 and 43 gave the same 200 medians");
}

Test(bootstrap, interval_of_the_median_of_1_to_101, .timeout = 10)
{
	/* 1..101 looks like a uniform sample over a width of 100: density f = 1/100. The median's
	 * standard error is sqrt(1 / (4 n f^2)) = sqrt(1 / (4 * 101 * 1e-4)) = 4.975, so the 95%
	 * interval is about 51 -+ 1.96 * 4.975 = [41.2, 60.8]. Exactly, a resample's median is
	 * <= k when at least 51 of its 101 draws are, P = P(Binomial(101, k/101) >= 51): its 2.5%
	 * point is 41 and its 97.5% point 61 (summed in Python). With 2000 replicates the
	 * percentile points are the 50th/51st and 1950th/1951st order statistics of the 2000,
	 * which land within 40..42 (and 60..62) nearly always; the bounds below are +-4 to 5,
	 * about one standard error of the median, wide enough that no seed fails them by
	 * chance (binomial tails: P(lo < 37), P(hi > 65) < 1e-40), and narrow enough to catch a
	 * resampler that does not resample or draws from part of x. Five seeds, not one. */
	double x[101], scratch[101], v[BOOT_REPLICATES], lo, hi;
	struct boot b;

	for (int i = 0; i < 101; i++)
		x[i] = i + 1;
	for (uint64_t seed = 1; seed <= 5; seed++) {
		boot_init(&b, seed);
		for (size_t r = 0; r < BOOT_REPLICATES; r++)
			v[r] = boot_median(&b, x, 101, scratch);
		boot_interval(v, BOOT_REPLICATES, &lo, &hi);
		cr_expect(lo >= 37 && lo <= 46, "seed %d: lo = %g, want about 41", (int)seed, lo);
		cr_expect(hi >= 56 && hi <= 65, "seed %d: hi = %g, want about 61", (int)seed, hi);
	}
}
