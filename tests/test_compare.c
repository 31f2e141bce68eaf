/* test_compare.c: runner compare, on two results folders written by hand or by a real run. Its
 * tests are in the runner suite, whose .init and .fini (test_runner_e2e.c) give each one its own
 * temporary folder. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "results.h"

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	mkdir(dir, 0777);
	f = fopen(path, "w");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

#define SUMMARY_FULL SUMMARY_HEAD ",mean_s,sd_s,q1_s,q3_s,ci_within_5pct,size,failures\n"
#define SUMMARY_FULL_TIMED SUMMARY_HEAD ",mean_s,sd_s,q1_s,q3_s,ci_within_5pct,size,failures," \
			   "label,steal_flagged,time,start_s,serial\n"

Test(runner, compare_two_folders, .timeout = 30)
{
	char a[128], b[128], c[128];
	const char *argv[] = { "compare", in_tmp(a, sizeof a, "a"), in_tmp(b, sizeof b, "b"),
			       "--out", in_tmp(c, sizeof c, "c"), NULL };
	struct csv *cmp;
	struct ran r;
	int i;

	/* pi serial: 2.0 s [1.9, 2.1] in A, 2.0 s [1.95, 2.2] in B: the CIs overlap.
	 * pi threaded 2: 1.0 s, S = 2 in A; 0.8 s, S = 2.5 in B: ratio 1.25, CIs apart.
	 * pi threaded 4 only in A, sum threaded 2 only in B: not paired. */
	write_file(a, "summary.csv", SUMMARY_FULL
		   "pi,serial,1,10,2.0,1.9,2.1,1.8,2.2,1.0,0.9,1.1,1.0,nan,0,2.0,0.1,1.9,2.1,0,small,0\n"
		   "pi,threaded,2,10,1.0,0.98,1.02,0.9,1.1,2.0,1.8,2.2,1.0,0.0,0,1.0,0.1,1,1,1,small,0\n"
		   "pi,threaded,4,10,0.6,0.58,0.62,0.5,0.7,3.3,3.0,3.6,0.8,0.1,1,0.6,0.1,1,1,1,small,0\n");
	write_file(b, "summary.csv", SUMMARY_FULL
		   "pi,serial,1,10,2.0,1.95,2.2,1.8,2.3,1.0,0.9,1.1,1.0,nan,0,2.0,0.1,1.9,2.1,0,small,0\n"
		   "pi,threaded,2,10,0.8,0.78,0.82,0.7,0.9,2.5,2.3,2.7,1.2,0.0,0,0.8,0.1,1,1,1,small,0\n"
		   "sum,threaded,2,10,0.5,0.4,0.6,0.4,0.6,1.5,1.2,1.8,0.7,0.3,0,0.5,0.1,1,1,1,small,0\n");
	mkdir(c, 0777);
	run_runner(&r, argv);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	cmp = csv_load(c, "compare.csv");
	cr_expect_str_eq(cmp->header_line, "bench,variant,workers,median_a_s,median_b_s,"
			 "time_ratio_b_over_a,speedup_a,speedup_b,speedup_ratio_b_over_a,cis_overlap,"
			 "time_ratio_low,time_ratio_high,mann_whitney_u,p_value,verdict");
	cr_expect(strstr(r.err, "has no runs.csv: its points get no CI and no test"), "%s", r.err);
	cr_assert_eq(cmp->nrows, 2, "the points in both");
	i = find_row(cmp, "pi", "serial", 1);
	cr_expect_float_eq(num(cmp, i, "time_ratio_b_over_a"), 1, 1e-9);
	cr_expect_str_eq(cell(cmp, i, "cis_overlap"), "1");
	i = find_row(cmp, "pi", "threaded", 2);
	cr_expect_float_eq(num(cmp, i, "median_a_s"), 1.0, 1e-9);
	cr_expect_float_eq(num(cmp, i, "median_b_s"), 0.8, 1e-9);
	cr_expect_float_eq(num(cmp, i, "time_ratio_b_over_a"), 0.8, 1e-9);
	cr_expect_float_eq(num(cmp, i, "speedup_ratio_b_over_a"), 1.25, 1e-9);
	cr_expect_str_eq(cell(cmp, i, "cis_overlap"), "0");
	free(cmp);
	expect_no_tmp_files(c);
	cr_expect(strstr(r.out, "threaded") != NULL, "the comparison on stdout: %s", r.out);
}

/* A folder from before the phases timed whole runs; one timing the compute phase measures
 * something else, and compare says so. */
Test(runner, compare_says_when_the_times_differ, .timeout = 30)
{
	char a[128], b[128];
	const char *argv[] = { "compare", in_tmp(a, sizeof a, "a"), in_tmp(b, sizeof b, "b"), NULL };
	struct ran r;

	write_file(a, "summary.csv", SUMMARY_FULL
		   "pi,serial,1,10,2.0,1.9,2.1,1.8,2.2,1.0,0.9,1.1,1.0,nan,0,2.0,0.1,1.9,2.1,0,small,0\n");
	write_file(b, "summary.csv", SUMMARY_FULL_TIMED
		   "pi,serial,1,10,2.0,1.9,2.1,1.8,2.2,1.0,0.9,1.1,1.0,nan,0,2.0,0.1,1.9,2.1,0,small,0,"
		   "core,0,compute,0.0001,measured\n");
	run_runner(&r, argv);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	cr_expect(strstr(r.err, "timed the whole, ") && strstr(r.err, "the compute"),
		  "stderr: %s", r.err);
	cr_expect(strstr(r.out, "(times: whole)") && strstr(r.out, "(times: compute)"),
		  "stdout: %s", r.out);
}

Test(runner, compare_needs_summaries_in_common, .timeout = 30)
{
	char a[128], b[128], none[128];
	const char *apart[] = { "compare", in_tmp(a, sizeof a, "a"), in_tmp(b, sizeof b, "b"), NULL };
	const char *missing[] = { "compare", a, in_tmp(none, sizeof none, "none"), NULL };
	struct ran r;

	write_file(a, "summary.csv", SUMMARY_FULL
		   "pi,serial,1,10,2.0,1.9,2.1,1.8,2.2,1.0,0.9,1.1,1.0,nan,0,2.0,0.1,1.9,2.1,0,small,0\n");
	write_file(b, "summary.csv", SUMMARY_FULL
		   "sum,serial,1,10,2.0,1.9,2.1,1.8,2.2,1.0,0.9,1.1,1.0,nan,0,2.0,0.1,1.9,2.1,0,small,0\n");
	run_runner(&r, apart);
	cr_expect_eq(r.code, 1, "nothing in common: exit %d: %s", r.code, r.err);
	cr_expect(!strncmp(r.err, "runner: ", 8), "%s", r.err);
	run_runner(&r, missing);
	cr_expect_eq(r.code, 1, "no summary.csv: exit %d: %s", r.code, r.err);
	cr_expect(strstr(r.err, "summary.csv") != NULL, "%s", r.err);
}

Test(runner, compare_a_real_run_with_itself, .timeout = 60)
{
	char out[128], cmpdir[128];
	const char *run[] = { "--bin", "tests/fakes", "--bench", "scaled", "--variant", "threaded",
			      "--workers", "1,2", "--repeat", "1", "--max-repeat", "1", "--out",
			      in_tmp(out, sizeof out, "r"), NULL };
	const char *cmp[] = { "compare", out, out, "--out", in_tmp(cmpdir, sizeof cmpdir, "c"), NULL };
	struct csv *c;
	struct ran r;

	run_runner(&r, run);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	mkdir(cmpdir, 0777);
	run_runner(&r, cmp);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	c = csv_load(cmpdir, "compare.csv");
	cr_expect_eq(c->nrows, 3, "every point of the run, paired with itself");
	for (int i = 0; i < c->nrows; i++) {
		cr_expect_float_eq(num(c, i, "time_ratio_b_over_a"), 1, 1e-9);
		cr_expect_str_eq(cell(c, i, "cis_overlap"), "1");
	}
	free(c);
}
