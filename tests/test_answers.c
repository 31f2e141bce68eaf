/* test_answers.c: serial itself must be right, or agreeing with it proves nothing. Each answer
 * here is computed independently of the bench's code: a known table value, a closed form, or a
 * loop written again in the test. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "run.h"

static void run_ok(const char *bench, const char *const argv[], char *result)
{
	struct ran r;

	cr_assert_eq(run_bench(&r, bench, argv), 0);
	cr_assert(r.exited && r.code == 0, "%s: status %d: %s", bench, r.code, r.err);
	ran_value(&r, "result", result, 128);
}

Test(answers, primes_below_known_bounds, .timeout = 30)
{
	/* pi(x) from any table of prime counts. */
	static const struct { const char *n, *count; } known[] = {
		{ "10", "4" }, { "100", "25" }, { "1000", "168" }, { "100000", "9592" }, { "1000000", "78498" },
	};
	char got[128];

	for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
		const char *argv[] = { "--size", known[k].n, "--tasks", "7", NULL };

		run_ok("primes", argv, got);
		cr_expect_str_eq(got, known[k].count, "primes below %s", known[k].n);
	}
}

Test(answers, sum_matches_closed_form, .timeout = 30)
{
	/* sum i + i^2 + i^3 for i < n, mod 2^64, by the textbook formulas in 128-bit arithmetic. */
	static const uint64_t ns[] = { 1, 2, 1000, 12345679, 100000007 };
	char want[64], got[128], size[32];

	for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
		unsigned __int128 n = ns[k], s1 = n * (n - 1) / 2, s2 = (n - 1) * n * (2 * n - 1) / 6;
		uint64_t total = (uint64_t)(s1 + s2 + s1 * s1);
		const char *argv[] = { "--size", size, NULL };

		snprintf(size, sizeof size, "%" PRIu64, ns[k]);
		snprintf(want, sizeof want, "%" PRIu64, total);
		run_ok("sum", argv, got);
		cr_expect_str_eq(got, want, "sum over [0, %s)", size);
	}
}

Test(answers, pi_is_near_pi, .timeout = 30)
{
	const char *argv[] = { "--size", "4000000", NULL };
	char got[128];

	run_ok("pi", argv, got);
	/* 4e6 darts: the standard error is about 0.0008; 0.005 is six of them. */
	cr_expect(fabs(atof(got) - M_PI) < 0.005, "pi estimate %s", got);
}

Test(answers, stream_triad_sum, .timeout = 60)
{
	/* a[i] = b[i] + 3 c[i] with b = i mod 1024 and c = i mod 7, over 2^24 elements (128 MiB
	 * arrays), 4 passes. */
	const char *argv[] = { "--size", "4", "--array-mib", "128", NULL };
	double total = 0;
	char want[64], got[128];

	for (uint64_t i = 0; i < (UINT64_C(1) << 24); i++)
		total += (double)(i % 1024) + 3.0 * (double)(i % 7);
	snprintf(want, sizeof want, "%.15e", 4 * total);	/* integers below 2^53: exact */
	run_ok("stream", argv, got);
	cr_expect_str_eq(got, want);
}

Test(answers, mandelbrot_point_outside_and_inside, .timeout = 30)
{
	/* A 1x1 image samples c = -2.1 + 1.25i, which escapes after its first iteration; a 2x2
	 * image's pixels are -2.1+1.25i, -0.7+1.25i, -2.1+0i and -0.7+0i (inside: 1000). */
	const char *one[] = { "--size", "1", NULL };
	const char *two[] = { "--size", "2", NULL };
	char got[128];

	run_ok("mandelbrot", one, got);
	cr_expect_str_eq(got, "1");
	run_ok("mandelbrot", two, got);
	cr_expect(atoi(got) > 1000 && atoi(got) < 1010, "one pixel in the set, three escaping: %s", got);
}

/* Run counter and return its result= and lost= values. */
static void counter_run(const char *sync, const char *variant, const char *workers, const char *n,
			char *result, char *lost)
{
	const char *argv[] = { "--size", n, "--sync", sync, "--variant", variant, "--workers",
			       workers, NULL };
	struct ran r;
	char got[64];

	cr_assert_eq(run_bench(&r, "counter", argv), 0);
	cr_assert(r.exited && r.code == 0, "counter --sync %s %s -w %s: status %d: %s", sync,
		  variant, workers, r.code, r.err);
	cr_expect_str_eq(ran_value(&r, "sync", got, sizeof got), sync);
	ran_value(&r, "result", result, 128);
	ran_value(&r, "lost", lost, 64);
}

Test(answers, counter_loses_nothing_when_synchronised, .timeout = 120)
{
	/* N increments end as N, whoever makes them: no need to run our code to know the answer.
	 * 5 is fewer increments than the 64 tasks; 1000003 splits unevenly over them. */
	static const char *syncs[] = { "atomic", "mutex", "local" };
	static const char *variants[] = { "threaded", "forked", "procpool", "pooled" };
	static const char *workers[] = { "1", "2", "3" };
	static const char *sizes[] = { "5", "1000003" };
	char got[128], lost[64];

	for (size_t s = 0; s < 3; s++)
		for (size_t v = 0; v < 4; v++)
			for (size_t w = 0; w < 3; w++)
				for (size_t n = 0; n < 2; n++) {
					counter_run(syncs[s], variants[v], workers[w], sizes[n], got, lost);
					cr_expect_str_eq(got, sizes[n], "--sync %s %s, %s workers",
							 syncs[s], variants[v], workers[w]);
					cr_expect_str_eq(lost, "0", "--sync %s %s, %s workers",
							 syncs[s], variants[v], workers[w]);
				}
}

Test(answers, counter_race_is_exact_with_one_worker, .timeout = 30)
{
	/* --sync none races only when two workers add at once; one worker loses nothing. */
	static const char *variants[] = { "serial", "threaded", "forked", "procpool", "pooled" };
	char got[128], lost[64];

	for (size_t v = 0; v < 5; v++) {
		counter_run("none", variants[v], "1", "1000003", got, lost);
		cr_expect_str_eq(got, "1000003", "--sync none %s, 1 worker", variants[v]);
		cr_expect_str_eq(lost, "0", "--sync none %s, 1 worker", variants[v]);
	}
}
