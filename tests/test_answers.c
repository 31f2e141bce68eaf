/* test_answers.c: serial itself must be right, or agreeing with it proves nothing. Each answer
 * here is computed independently of the bench's code: a known table value, a closed form, or a
 * loop written again in the test (sort's keys, sorted by qsort). fib and sort are checked for
 * the recursive variants and the flat ones too, and refuse what they cannot do. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/rng.h"
#include "run.h"
#include "traits.h"

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
	static const char *workers[] = { "1", "2", "3" };
	static const char *sizes[] = { "5", "1000003" };
	char got[128], lost[64], variants[32][32];
	/* The drivers whose workers all add at once, each a task at a time (threads, processes,
	 * pools): not the baseline, nor one at a time, nor a recursion's spawns. */
	int nv = traits_variants("counter", "baseline,one_thread,recursive", variants, 32);

	cr_assert_gt(nv, 0, "counter lists no such variant");
	for (size_t s = 0; s < 3; s++)
		for (int v = 0; v < nv; v++)
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
	/* --sync none races only when two workers add at once; one worker loses nothing, in the
	 * baseline and in the drivers of the test above. */
	char got[128], lost[64], variants[32][32];
	int nv = traits_variants("counter", "one_thread,recursive", variants, 32);

	cr_assert_gt(nv, 1, "counter lists no such variant");
	cr_assert_lt(nv, 32);
	cr_assert_eq(traits_baseline("counter", variants[nv]), 0, "counter names no baseline");
	nv++;
	for (int v = 0; v < nv; v++) {
		counter_run("none", variants[v], "1", "1000003", got, lost);
		cr_expect_str_eq(got, "1000003", "--sync none %s, 1 worker", variants[v]);
		cr_expect_str_eq(lost, "0", "--sync none %s, 1 worker", variants[v]);
	}
}

/* fib --size n: its result= for every variant, worker count, --tasks and --cutoff given. NULL in
 * tasks or cutoff leaves that flag out (the bench's default). */
static void fib_check(const char *n, const char *want, const char *const *tasks, size_t ntasks,
		      const char *const *cutoffs, size_t ncutoffs)
{
	static const char *variants[] = { "serial", "stealing", "threaded", "openmp" };
	static const char *workers[] = { "2", "3" };
	char got[128];

	for (size_t v = 0; v < 4; v++)
		for (size_t w = 0; w < 2; w++)
			for (size_t t = 0; t < ntasks; t++)
				for (size_t c = 0; c < ncutoffs; c++) {
					const char *argv[12] = { "--size", n, "--variant", variants[v],
								 "--workers", workers[w] };
					int k = 6;

					if (tasks[t]) {
						argv[k++] = "--tasks";
						argv[k++] = tasks[t];
					}
					if (cutoffs[c]) {
						argv[k++] = "--cutoff";
						argv[k++] = cutoffs[c];
					}
					argv[k] = NULL;
					run_ok("fib", argv, got);
					cr_expect_str_eq(got, want, "fib(%s) %s -w %s --tasks %s --cutoff %s",
							 n, variants[v], workers[w],
							 tasks[t] ? tasks[t] : "default",
							 cutoffs[c] ? cutoffs[c] : "default");
				}
}

Test(answers, fib_known_values, .timeout = 120)
{
	/* fib(n) from any table of Fibonacci numbers. fib(n)'s call tree has fib(n + 1) leaves,
	 * the most tasks it takes: 1 for fib(1), 2 for fib(2), 89 for fib(10). Cutoff 2 spawns
	 * at every call that can split; 31 is above n = 30, so nothing spawns. */
	static const char *one[] = { "1" }, *two[] = { "1", "2" };
	static const char *ten[] = { NULL, "1", "7", "89" }, *thirty[] = { NULL, "1", "7", "1000" };
	static const char *low[] = { NULL, "2", "3" }, *high[] = { NULL, "5", "31" };

	fib_check("1", "1", one, 1, low, 3);
	fib_check("2", "1", two, 2, low, 3);
	fib_check("10", "55", ten, 4, low, 3);
	fib_check("30", "832040", thirty, 4, high, 3);
	fib_check("40", "102334155", ten, 1, high, 1);	/* defaults only: 0.1 s a run */
}

static int key_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* sort.c's checksum of its keys sorted, worked out here: the n keys of rng_for_task(seed, 0),
 * sorted by qsort, key i weighed by 2i + 1, summed mod 2^64. */
static void sort_checksum(uint64_t seed, size_t n, char *want, size_t len)
{
	uint64_t *keys = malloc((n ? n : 1) * sizeof *keys), sum = 0;
	struct rng r = rng_for_task(seed, 0);

	cr_assert_not_null(keys);
	for (size_t i = 0; i < n; i++)
		keys[i] = rng_next(&r);
	qsort(keys, n, sizeof *keys, key_cmp);
	for (size_t i = 0; i < n; i++)
		sum += keys[i] * (2 * (uint64_t)i + 1);
	snprintf(want, len, "%" PRIu64, sum);
	free(keys);
}

Test(answers, sort_matches_qsort, .timeout = 120)
{
	/* 1000 and 100003 keys (the latter uneven over the tasks), 10 keys in 10 tasks of one
	 * key each; cutoff 2, the smallest, and the default 16384. */
	static const char *sizes[] = { "10", "1000", "100003" };
	static const char *variants[] = { "serial", "stealing", "threaded", "forked", "openmp" };
	static const char *tasks[] = { "3", "64" }, *cutoffs[] = { "2", NULL };
	char want[32], got[128];

	for (size_t z = 0; z < 3; z++) {
		sort_checksum(1, strtoull(sizes[z], NULL, 10), want, sizeof want);
		for (size_t v = 0; v < 5; v++)
			for (size_t t = 0; t < 2; t++)
				for (size_t c = 0; c < 2; c++) {
					const char *ntasks = z == 0 ? "10" : tasks[t];
					const char *argv[12] = { "--size", sizes[z], "--variant",
								 variants[v], "--workers", t ? "3" : "2",
								 "--tasks", ntasks, NULL };

					if (cutoffs[c]) {
						argv[8] = "--cutoff";
						argv[9] = cutoffs[c];
					}
					run_ok("sort", argv, got);
					cr_expect_str_eq(got, want, "sort --size %s %s --tasks %s --cutoff %s",
							 sizes[z], variants[v], ntasks,
							 cutoffs[c] ? cutoffs[c] : "default");
				}
	}
}

Test(answers, sort_seed_picks_the_keys, .timeout = 30)
{
	/* --seed S sorts the keys of rng_for_task(S, 0): another seed, another checksum. */
	const char *argv[] = { "--size", "1000", "--seed", "5", "--variant", "stealing", "--workers",
			       "2", NULL };
	char want[32], other[32], got[128];

	sort_checksum(5, 1000, want, sizeof want);
	sort_checksum(1, 1000, other, sizeof other);
	cr_assert_str_neq(want, other);
	run_ok("sort", argv, got);
	cr_expect_str_eq(got, want, "sort --seed 5");
}

/* Exit 2, nothing on stdout, one line on stderr that starts with the bench's name and names
 * the flag at fault. */
static void refused(const char *bench, const char *const argv[], const char *says)
{
	struct ran r;
	size_t len = strlen(bench);

	cr_assert_eq(run_bench(&r, bench, argv), 0);
	cr_expect(r.exited && r.code == 2, "%s %s %s: status %d, want 2: %s", bench, argv[0],
		  argv[1], r.code, r.err);
	cr_expect_str_empty(r.out, "%s: a refusal printed on stdout: %s", bench, r.out);
	cr_expect(r.err[0] && strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
		  "%s: one line wanted on stderr: %s", bench, r.err);
	cr_expect(strncmp(r.err, bench, len) == 0 && r.err[len] == ':' && strstr(r.err, says),
		  "%s: want '%s: ...%s...': %s", bench, bench, says, r.err);
}

Test(answers, fib_and_sort_refuse_what_they_cannot_do, .timeout = 30)
{
	/* fib(10)'s call tree has 89 leaves: 89 tasks work, 90 cannot be handed out. */
	const char *cutoff1[] = { "--cutoff", "1", "--size", "10", NULL };
	const char *cutoff0[] = { "--cutoff", "0", "--size", "10", "--variant", "stealing", NULL };
	const char *fib90[] = { "--tasks", "90", "--size", "10", NULL };
	const char *fib90s[] = { "--tasks", "90", "--size", "10", "--variant", "stealing", NULL };
	const char *fib2[] = { "--tasks", "3", "--size", "2", "--variant", "threaded", NULL };
	const char *sort11[] = { "--tasks", "11", "--size", "10", NULL };
	const char *sort101[] = { "--tasks", "101", "--size", "100", "--variant", "stealing", NULL };
	const char *sortc1[] = { "--cutoff", "1", "--size", "100", NULL };
	const char *fib89[] = { "--tasks", "89", "--size", "10", "--variant", "threaded", NULL };
	char got[128];

	refused("fib", cutoff1, "--cutoff");
	refused("fib", cutoff0, "--cutoff");
	refused("fib", fib90, "--tasks");
	refused("fib", fib90s, "--tasks");
	refused("fib", fib2, "--tasks");
	refused("sort", sort11, "--tasks");
	refused("sort", sort101, "--tasks");
	refused("sort", sortc1, "--cutoff");
	run_ok("fib", fib89, got);
	cr_expect_str_eq(got, "55", "fib(10) in 89 tasks, one per leaf");
}
