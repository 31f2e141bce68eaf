/* test_agree.c: every bench, every variant, several worker counts: the result= must equal the
 * serial variant's exactly. This is the project's first rule: results never depend on the
 * variant or the worker count. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "run.h"
#include "traits.h"

/* Arrays, not pointers: Criterion copies parameters into each test's own process. */
struct cell {
	char bench[32];
	char variant[32];
};

/* Every bench make built (bin/benches.txt) by every variant it says it runs, but the baseline
 * (serial) it is checked against. A bench or variant added later is tested without a line
 * here. counter runs its default --sync atomic. */
ParameterizedTestParameters(agree, with_serial)
{
	static struct cell cells[512];
	char benches[64][32], variants[32][32];
	int nb = run_benches(benches, 64), n = 0;

	for (int b = 0; b < nb; b++) {
		int nv = traits_variants(benches[b], "baseline", variants, 32);

		if (nv < 0) {	/* its --info cannot say: a cell that fails, naming the bench */
			snprintf(variants[0], sizeof variants[0], "unknown-to-its-info");
			nv = 1;
		}

		for (int v = 0; v < nv && n < 512; v++) {
			snprintf(cells[n].bench, sizeof cells[n].bench, "%.31s", benches[b]);
			snprintf(cells[n].variant, sizeof cells[n].variant, "%.31s", variants[v]);
			n++;
		}
	}
	if (n == 0) {	/* nothing to test is a failure, not a pass: one cell that cannot run */
		snprintf(cells[0].bench, sizeof cells[0].bench, "no-benches.txt");
		snprintf(cells[0].variant, sizeof cells[0].variant, "serial");
		n = 1;
	}
	return cr_make_param_array(struct cell, cells, (size_t)n);
}

/* Whether bin/<bench> --help offers --array-mib: a bench that sizes its memory from the
 * machine (4 x its last-level cache, which may be 1 GiB) is given 32 MiB here, since what is
 * tested is agreement, not bandwidth, and under ThreadSanitizer every byte costs. */
static int sizes_its_memory(const char *bench)
{
	const char *help[] = { "--help", NULL };
	static struct ran r;

	cr_assert_eq(run_bench(&r, bench, help), 0);
	return strstr(r.out, "--array-mib") != NULL;
}

/* Run one configuration and return its result= value; fails the test if the run failed. */
static void result_of(const char *bench, const char *variant, const char *workers,
		      const char *tasks, const char *extra1, const char *extra2, char *result)
{
	const char *argv[16] = { "--size", "small", "--variant", variant, "--workers", workers };
	int n = 6;
	static struct ran r;
	char got[64];

	if (sizes_its_memory(bench)) {
		argv[n++] = "--array-mib";
		argv[n++] = "32";
	}
	if (tasks) {
		argv[n++] = "--tasks";
		argv[n++] = tasks;
	}
	if (extra1)
		argv[n++] = extra1;
	if (extra2)
		argv[n++] = extra2;
	argv[n] = NULL;
	cr_assert_eq(run_bench(&r, bench, argv), 0, "could not run bin/%s", bench);
	cr_assert(r.exited && r.code == 0, "%s %s -w %s: status %d, stderr: %s", bench, variant,
		  workers, r.code, r.err);
	cr_assert_str_eq(ran_value(&r, "variant", got, sizeof got), variant);
	cr_assert_str_eq(ran_value(&r, "workers", got, sizeof got),
			 strcmp(variant, "serial") ? workers : "1");
	ran_value(&r, "result", result, 128);
	cr_assert_neq(result[0], '\0', "%s %s: no result= in '%s'", bench, variant, r.out);
}

ParameterizedTest(struct cell *c, agree, with_serial, .timeout = 300)
{
	static const char *workers[] = { "1", "2", "3", "5", "8" };
	char want[128], got[128];

	result_of(c->bench, "serial", "1", NULL, NULL, NULL, want);
	for (size_t k = 0; k < sizeof workers / sizeof workers[0]; k++) {
		/* Odd worker counts also try the other schedule and a bigger chunk. */
		int odd = workers[k][0] == '3' || workers[k][0] == '5';

		result_of(c->bench, c->variant, workers[k], NULL, odd ? "--schedule=cyclic" : NULL,
			  odd ? "--chunk=3" : NULL, got);
		cr_expect_str_eq(got, want, "%s/%s/%s workers", c->bench, c->variant, workers[k]);
	}
	/* More workers than tasks: some workers get nothing to do, and must not break anything. */
	result_of(c->bench, "serial", "1", "3", NULL, NULL, want);
	result_of(c->bench, c->variant, "5", "3", NULL, NULL, got);
	cr_expect_str_eq(got, want, "%s/%s with 5 workers and 3 tasks", c->bench, c->variant);
}

/* The runner gives a bench 16 tasks per worker of its largest count, so task counts far above
 * the default 64 must give each variant serial's result too, at that count. */
struct many {
	char bench[32];
	char size[16];
};

ParameterizedTestParameters(agree, with_serial_at_many_tasks)
{
	static struct many cases[] = { { "pi", "2000000" }, { "primes", "300000" },
				       { "sum", "20000000" } };

	return cr_make_param_array(struct many, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct many *c, agree, with_serial_at_many_tasks, .timeout = 300)
{
	static const char *tasks[] = { "64", "1024", "4096" };
	char variants[32][32];
	int nv = run_variants(c->bench, variants, 32);

	cr_assert_gt(nv, 1, "%s lists no variants", c->bench);
	for (size_t t = 0; t < sizeof tasks / sizeof tasks[0]; t++) {
		char want[128], got[128];
		const char *serial[] = { "--size", c->size, "--tasks", tasks[t], NULL };
		struct ran r;

		cr_assert_eq(run_bench(&r, c->bench, serial), 0);
		cr_assert(r.exited && r.code == 0, "%s serial: %s", c->bench, r.err);
		ran_value(&r, "result", want, sizeof want);
		for (int v = 0; v < nv; v++) {
			const char *argv[] = { "--size", c->size, "--tasks", tasks[t], "--variant",
					       variants[v], "--workers", "3", NULL };

			cr_assert_eq(run_bench(&r, c->bench, argv), 0);
			cr_assert(r.exited && r.code == 0, "%s %s: %s", c->bench, variants[v], r.err);
			cr_expect_str_eq(ran_value(&r, "result", got, sizeof got), want,
					 "%s %s at %s tasks", c->bench, variants[v], tasks[t]);
			cr_expect_str_eq(ran_value(&r, "tasks", got, sizeof got), tasks[t]);
		}
	}
}

/* heat works in steps with a barrier between them, and its tasks write the grid the next step
 * reads: at 64 tasks (blocks of two rows of its 128 inside rows) and at one task per row, every
 * variant at every worker count must end with serial's grid, which does not depend on the task
 * count either (its checksum adds whole numbers). 50 steps, so that ThreadSanitizer's 80 runs
 * fit the time limit. */
static void heat_result(const char *variant, const char *workers, const char *tasks, char *result)
{
	const char *argv[] = { "--size", "130", "--steps", "50", "--variant", variant, "--workers",
			       workers, "--tasks", tasks, NULL };
	static struct ran r;

	cr_assert_eq(run_bench(&r, "heat", argv), 0, "could not run bin/heat");
	cr_assert(r.exited && r.code == 0, "heat %s -w %s --tasks %s: status %d, stderr: %s",
		  variant, workers, tasks, r.code, r.err);
	ran_value(&r, "result", result, 128);
	cr_assert_neq(result[0], '\0', "heat %s: no result= in '%s'", variant, r.out);
}

Test(agree, heat_at_64_tasks_and_one_per_row, .timeout = 300)
{
	static const char *workers[] = { "1", "2", "3", "5", "8" }, *tasks[] = { "64", "128" };
	char variants[32][32], want[128], got[128];
	int nv = run_variants("heat", variants, 32);

	cr_assert_gt(nv, 1, "heat lists no variants");
	heat_result("serial", "1", "64", want);
	for (size_t t = 0; t < 2; t++) {
		for (int v = 0; v < nv; v++) {
			for (size_t k = 0; k < sizeof workers / sizeof workers[0]; k++) {
				heat_result(variants[v], workers[k], tasks[t], got);
				cr_expect_str_eq(got, want, "heat %s at %s workers and %s tasks",
						 variants[v], workers[k], tasks[t]);
			}
		}
	}
}
