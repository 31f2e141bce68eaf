/* test_report.c: what the runner concludes from runs, end to end, on folders whose truth is
 * known: `runner compare` on two sweeps of fakes where one bench was made exactly 10% slower;
 * `runner plots` on a folder of runs built here from Amdahl's law for a machine with more cores
 * than this one, so that its fits, their CIs, the claims in words and the outliers can be
 * checked; a sweep on this machine, which has too few cores to fit; stream, which gets a
 * bandwidth plot and no fit; --vs; and results.json read by Google Benchmark's compare.py. */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run.h"
#include "tmpdir.h"
#include "runner/csv.h"

static char tmp[64];

static void tmp_make(void)
{
	cr_assert_eq(tmpdir_make(tmp, sizeof tmp, "parbench-compare"), 0, "mkdtemp: %s",
		     strerror(errno));
}

static void tmp_remove(void)
{
	tmpdir_remove(tmp);
}

/* Row of (bench, variant, workers) in a table read by runner/csv.c, or -1. */
static long row_of(const struct csv_table *t, const char *bench, const char *variant, int workers)
{
	int cb = csv_column(t, "bench"), cv = csv_column(t, "variant"), cw = csv_column(t, "workers");

	for (size_t r = 0; r < t->nrows; r++)
		if (!strcmp(csv_cell(t, r, cb), bench) && !strcmp(csv_cell(t, r, cv), variant) &&
		    atoi(csv_cell(t, r, cw)) == workers)
			return (long)r;
	return -1;
}

static long row_of_variant(const struct csv_table *t, const char *variant)
{
	for (size_t r = 0; r < t->nrows; r++)
		if (!strcmp(csv_cell(t, r, csv_column(t, "variant")), variant))
			return (long)r;
	return -1;
}

/* bin/runner with argv, which must exit 0 (it says how it ended, and its stderr, if not). */
static void runner_ok(struct ran *r, const char *const argv[])
{
	cr_assert_eq(run_bench(r, "runner", argv), 0, "could not run bin/runner");
	cr_assert(r->exited && r->code == 0, "runner %s: exit %d; stderr: %s", argv[0], r->code,
		  r->err);
}

static int count(const char *text, const char *what)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static double num(const struct csv_table *t, long r, const char *col)
{
	return strtod(csv_cell(t, (size_t)r, csv_column(t, col)), NULL);
}

static void sweep_into(const char *out, const char *env)
{
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "noisy,scaled", "--variant",
			       "threaded", "--workers", "1,2", "--repeat", "8", "--max-repeat", "8",
			       "--size", "1000", "--out", out, NULL };
	struct ran r;

	cr_assert_eq(run_bench_limited(&r, "runner", argv, -1, 0, env), 0);
	cr_assert(r.exited && r.code == 0, "sweep into %s: exit %d; stderr: %s", out, r.code, r.err);
}

Test(compare, ten_percent_slower_is_slower_and_the_rest_no_difference, .init = tmp_make,
     .fini = tmp_remove, .timeout = 120)
{
	char a[128], b[128];
	const char *argv[] = { "compare", a, b, NULL };
	struct csv_table t;
	struct ran r;

	snprintf(a, sizeof a, "%s/a", tmp);
	snprintf(b, sizeof b, "%s/b", tmp);
	sweep_into(a, NULL);
	/* noisy's runs scatter by up to 6% (by pid): 10% slower separates the two sets wholly. */
	sweep_into(b, "NOISY_PCT=110");
	runner_ok(&r, argv);
	cr_assert_eq(csv_read(b, "compare.csv", &t), 0);
	for (int w = 1; w <= 2; w++) {
		long k = row_of(&t, "noisy", "threaded", w), s = row_of(&t, "scaled", "threaded", w);

		cr_assert(k >= 0 && s >= 0, "both benches at %d workers in compare.csv", w);
		cr_expect_str_eq(csv_cell(&t, k, csv_column(&t, "verdict")), "slower");
		cr_expect_gt(num(&t, k, "time_ratio_low"), 1, "the CI excludes 1 at %d workers", w);
		cr_expect(num(&t, k, "time_ratio_low") <= num(&t, k, "time_ratio_b_over_a") &&
			  num(&t, k, "time_ratio_b_over_a") <= num(&t, k, "time_ratio_high"),
			  "the ratio lies in its CI");
		/* (1.10 / 1.06, 1.10 * 1.06): the most the scatter can move a ratio of 1.1. */
		cr_expect(num(&t, k, "time_ratio_b_over_a") > 1.03 &&
			  num(&t, k, "time_ratio_b_over_a") < 1.17, "ratio %g",
			  num(&t, k, "time_ratio_b_over_a"));
		/* 8 runs each, wholly apart: every B run is slower than every A run, U = 64 of 64.
		 * The scatter takes 7 values, so runs tie, and p is the normal approximation's
		 * (without ties it would be the exact 2 / C(16, 8) = 0.000155). */
		cr_expect_float_eq(num(&t, k, "mann_whitney_u"), 64, 1e-9);
		cr_expect_lt(num(&t, k, "p_value"), 0.01, "p %s",
			     csv_cell(&t, k, csv_column(&t, "p_value")));
		cr_expect_str_eq(csv_cell(&t, s, csv_column(&t, "verdict")), "no difference");
		cr_expect_float_eq(num(&t, s, "time_ratio_b_over_a"), 1, 1e-9);
	}
	cr_expect(strstr(r.out, "slower") && strstr(r.out, "no difference"), "%s", r.out);
	csv_free(&t);
}

/* A folder of runs built here: a machine of 5 physical cores and 8 effective CPUs, serial 1 s,
 * "amdahl" following Amdahl's law with f = 0.1 and "perfect" with f = 0, each at 1-5 workers
 * (core), 8 (smt) and 16 (oversubscribed), and "lonely", perfect too but at 1 and 2 workers only;
 * 6 runs a point scattered by +-1% in a fixed pattern. */
static void build_folder(const char *dir)
{
	static const double jitter[6] = { 1.0, 1.01, 0.99, 1.005, 0.995, 1.0 };
	static const int workers[] = { 1, 2, 3, 4, 5, 8, 16 };
	char path[256];
	FILE *f;

	cr_assert_eq(mkdir(dir, 0777), 0, "mkdir %s: %s", dir, strerror(errno));
	snprintf(path, sizeof path, "%s/machine.txt", dir);
	cr_assert_not_null(f = fopen(path, "w"));
	fprintf(f, "summary: a constructed machine, 5 cores, 8 effective CPUs\nphysical_cores: 5\n"
		   "effective_cpus: 8\n");
	fclose(f);
	snprintf(path, sizeof path, "%s/runs.csv", dir);
	cr_assert_not_null(f = fopen(path, "w"));
	fprintf(f, "bench,variant,workers,size,tasks,rep,seconds,status,reason,label,bind,time,kind,"
		   "parallelism\n");
	for (int rep = 0; rep < 6; rep++)
		fprintf(f, "pi,serial,1,medium,64,%d,%.6f,ok,\"\",core,spread,compute,cpu,0\n", rep + 1,
			jitter[rep]);
	for (int v = 0; v < 3; v++)
		for (size_t k = 0; k < sizeof workers / sizeof workers[0]; k++)
			for (int rep = 0; rep < 6; rep++) {
				int w = workers[k];

				if (v == 2 && w > 2)
					break;	/* "lonely": 1 and 2 workers, too few to fit */
				double fr = v ? 0 : 0.1, s = 1 / (fr + (1 - fr) / (w > 5 ? 5 : w));

				/* One run 50% slow: amdahl's 6th at 3 workers, an outlier. */
				double out = !v && w == 3 && rep == 5 ? 1.5 : 1;

				fprintf(f, "pi,%s,%d,medium,64,%d,%.6f,ok,\"\",%s,spread,compute,cpu,0\n",
					v == 2 ? "lonely" : v ? "perfect" : "amdahl", w, rep + 1,
					out * jitter[(rep + k) % 6] / s,
					w <= 5 ? "core" : w <= 8 ? "smt" : "oversubscribed");
			}
	fclose(f);
}

Test(plots, five_core_points_fit_with_cis_and_claim_only_what_they_support, .init = tmp_make,
     .fini = tmp_remove, .timeout = 60)
{
	char dir[128], report[65536], plots[16384], *line;
	const char *argv[] = { "plots", dir, NULL };
	struct csv_table t;
	struct ran r;
	long a, p;

	snprintf(dir, sizeof dir, "%s/big", tmp);
	build_folder(dir);
	runner_ok(&r, argv);
	cr_assert_eq(csv_read(dir, "fits.csv", &t), 0);
	a = row_of_variant(&t, "amdahl");
	p = row_of_variant(&t, "perfect");
	cr_assert(a >= 0 && p >= 0);
	cr_expect_eq(num(&t, a, "worker_counts"), 5, "1-5: the smt and oversubscribed points are out");
	cr_expect_eq(num(&t, a, "fitted_to"), 5);
	/* Built with f = 0.1 under a scatter of 1%: its CI holds 0.1, and is narrow. */
	cr_expect(num(&t, a, "amdahl_f_low") <= 0.1 && 0.1 <= num(&t, a, "amdahl_f_high"),
		  "[%g, %g]", num(&t, a, "amdahl_f_low"), num(&t, a, "amdahl_f_high"));
	cr_expect_gt(num(&t, a, "amdahl_f_low"), 0.05);
	cr_expect_lt(num(&t, a, "amdahl_f_high"), 0.15);
	cr_expect(num(&t, p, "amdahl_f_low") <= 0 && 0 <= num(&t, p, "amdahl_f_high"),
		  "perfect's CI holds 0: [%g, %g]", num(&t, p, "amdahl_f_low"),
		  num(&t, p, "amdahl_f_high"));
	cr_expect(!isnan(num(&t, a, "usl_sigma_low")) && !isnan(num(&t, a, "usl_kappa_high")),
		  "4 counts above 1: the USL has CIs too");
	csv_free(&t);
	cr_assert_eq(run_read_file(dir, "report.md", report, sizeof report), 0);
	/* The ceiling is claimed for amdahl, with its CI, and for perfect not at all. */
	line = strstr(report, "- amdahl, fitted on 1-5 workers (5 counts): serial fraction");
	cr_assert_not_null(line, "%s", report);
	cr_expect(strstr(line, "x on any number of cores (95% CI [") &&
		  strstr(line, "at most ") < strstr(line, "- perfect"), "%s", report);
	cr_expect(strstr(report, "- perfect, fitted on 1-5 workers (5 counts)") &&
		  strstr(strstr(report, "- perfect,"), "includes 0, so these points set no ceiling"),
		  "%s", report);
	cr_expect_null(strstr(strstr(report, "- perfect,"), "at most"), "%s", report);
	/* Each curve is drawn over 1-5 and dotted to 16, the last count measured, no further. */
	cr_assert_eq(run_read_file(dir, "plots.txt", plots, sizeof plots), 0);
	cr_expect(strstr(plots, "fits.gp\t") && strstr(plots, "blocks='1 2'") &&
		  strstr(plots, "fitto='5 5'") && strstr(plots, "measured='16 16'"), "lonely is "
		  "not among them: %s", plots);
	cr_expect(strstr(plots, "out='pi-fits.png'"), "%s", plots);
	cr_expect_null(strstr(r.err, "gnuplot"), "every plot drew: %s", r.err);
	if (system("command -v gnuplot >/dev/null 2>&1") == 0) {
		char png[256];

		snprintf(png, sizeof png, "%s/pi-fits.png", dir);
		cr_expect_eq(access(png, R_OK), 0, "%s drawn", png);
	}
	/* The slow run is counted, named, and still in the median. */
	cr_assert_eq(csv_read(dir, "summary.csv", &t), 0);
	for (size_t r = 0; r < t.nrows; r++) {
		const char *v = csv_cell(&t, r, csv_column(&t, "variant"));
		int w = atoi(csv_cell(&t, r, csv_column(&t, "workers")));

		cr_expect_eq(num(&t, (long)r, "outliers"), !strcmp(v, "amdahl") && w == 3, "%s at %d: %s",
			     v, w, csv_cell(&t, r, csv_column(&t, "outliers")));
	}
	cr_expect_eq(num(&t, row_of(&t, "pi", "amdahl", 3), "n"), 6, "counted in the median");
	csv_free(&t);
	cr_expect(strstr(report, "Outliers (modified z-score on the MAD above 3.5; still counted in "
			 "the medians): 1 run(s)") && strstr(report, "amdahl at 3 workers: rep 6 ("),
		  "%s", report);
}

/* A sweep of argv into out whose report fits nothing and says why (says): no USL fit and no
 * "at most" claim. report gets its report.md. */
static void sweep_fits_nothing(const char *const argv[], const char *out, const char *says,
			       char *report, size_t len)
{
	struct ran r;

	runner_ok(&r, argv);
	cr_assert_eq(run_read_file(out, "report.md", report, len), 0, "%s/report.md", out);
	cr_expect(strstr(report, says), "the report lacks \"%s\": %s", says, report);
	cr_expect(!strstr(report, "USL:") && !strstr(report, "at most"), "a fit or a claim: %s",
		  report);
}

/* On 2 worker counts up to the cores (all a 2-core machine has), nothing is fitted, and the
 * report says why. */
Test(plots, too_few_worker_counts_fit_nothing_and_say_so, .init = tmp_make, .fini = tmp_remove,
     .timeout = 60)
{
	static char json[1 << 17];
	char out[128], report[16384];
	int ok = 0;
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "scaled", "--variant",
			       "threaded,forked", "--workers", "1,2", "--repeat", "2", "--max-repeat",
			       "2", "--out", out, NULL };
	struct csv_table t;

	snprintf(out, sizeof out, "%s/r", tmp);
	sweep_fits_nothing(argv, out, "\nFits: too few worker counts to fit (need 3 up to the "
			   "physical cores; ", report, sizeof report);
	cr_expect_null(strstr(report, "-fits.png"), "no fits plot: %s", report);
	cr_assert_eq(csv_read(out, "fits.csv", &t), 0);
	for (size_t k = 0; k < t.nrows; k++)
		cr_expect(isnan(num(&t, (long)k, "amdahl_f")) &&
			  !strcmp(csv_cell(&t, k, csv_column(&t, "not_fitted")),
				  "too few worker counts to fit"));
	csv_free(&t);
	/* Every run's resources are kept, and results.json has an entry per measured run and a
	 * median per point. */
	cr_assert_eq(csv_read(out, "runs.csv", &t), 0);
	for (size_t k = 0; k < t.nrows; k++) {
		cr_expect_gt(num(&t, (long)k, "max_rss_kib"), 0, "row %zu", k);
		ok += !strcmp(csv_cell(&t, k, csv_column(&t, "status")), "ok");
	}
	csv_free(&t);
	cr_assert_eq(run_read_file(out, "results.json", json, sizeof json), 0);
	cr_expect(!strncmp(json, "{\n  \"context\": {", 15), "%.200s", json);
	cr_expect_eq(count(json, "\"run_type\": \"iteration\""), ok);
	cr_expect_eq(count(json, "\"aggregate_name\": \"median\""), 5,
		     "5 points: serial at 1, threaded and forked at 1 and 2");
	cr_expect(strstr(report, "](machine.png)") || strstr(report, "No topology picture: "),
		  "%s", report);
}

/* stream is memory-bound: a bandwidth plot and its sentence, and no Amdahl or USL fit. */
Test(plots, stream_gets_bandwidth_not_a_fit, .init = tmp_make, .fini = tmp_remove,
     .timeout = 120)
{
	char out[128], report[32768];
	const char *argv[] = { "--bench", "stream", "--variant", "threaded",
			       "--workers", "1,2", "--size", "small", "--repeat", "2", "--max-repeat",
			       "2", "--out", out, NULL };
	struct csv_table t;

	snprintf(out, sizeof out, "%s/s", tmp);
	sweep_fits_nothing(argv, out, "Fits: memory-bound: no serial fraction to fit (see the "
			   "bandwidth plot).", report, sizeof report);
	cr_expect(strstr(report, "Bandwidth (`gbytes_per_s`, median): serial "), "%s", report);
	cr_expect_eq(access(strcat(strcpy(report, out), "/stream-bandwidth.dat"), R_OK), 0);
	cr_assert_eq(csv_read(out, "fits.csv", &t), 0);
	cr_expect(isnan(num(&t, 0, "amdahl_f")));
	csv_free(&t);
}

/* A bench in steps reports what its workers waited between them (sync_s) in runs.csv,
 * summary.csv and the report, with its share of compute; a bench of independent tasks (pi) has
 * no such section. heat's field, written by the warm-up serial run, is in the folder. */
Test(plots, heat_reports_its_waits_and_writes_its_field, .init = tmp_make, .fini = tmp_remove,
     .timeout = 120)
{
	char out[128], report[65536], field[256];
	const char *argv[] = { "--bench", "heat,pi", "--variant", "threaded", "--workers", "1,2",
			       "--size", "small", "--repeat", "2", "--max-repeat", "2", "--out", out,
			       NULL };
	struct csv_table t;
	struct ran r;
	long row;

	snprintf(out, sizeof out, "%s/h", tmp);
	runner_ok(&r, argv);
	cr_assert_eq(csv_read(out, "runs.csv", &t), 0);
	cr_assert_geq(csv_column(&t, "sync_s"), 0, "runs.csv has no sync_s");
	for (size_t k = 0; k < t.nrows; k++) {
		const char *bench = csv_cell(&t, k, csv_column(&t, "bench"));
		double sync = num(&t, (long)k, "sync_s");

		if (!strcmp(bench, "heat"))
			cr_expect(sync >= 0, "heat run %zu: sync_s %g", k, sync);
		else
			cr_expect(isnan(sync), "pi run %zu says sync_s %g", k, sync);
	}
	csv_free(&t);
	cr_assert_eq(csv_read(out, "summary.csv", &t), 0);
	cr_assert_geq(row = row_of(&t, "heat", "threaded", 2), 0);
	cr_expect_gt(num(&t, row, "sync_s"), 0, "2 threads never waited at 500 barriers");
	csv_free(&t);
	cr_assert_eq(run_read_file(out, "report.md", report, sizeof report), 0);
	cr_expect_eq(count(report, "Synchronisation: `sync_s`"), 1, "%s", report);
	cr_expect(strstr(report, "| threaded | 2: "), "%s", report);
	cr_assert_eq(run_read_file(out, "heat-field.dat", field, sizeof field), 0);
	cr_expect(!strncmp(field, "# title: heat: temperature", 26), "%s", field);
}

/* The --vs sweep of argv again, into bad, with cmd as its command, whose result is not serial's:
 * its runs fail, as a bench's would, and the runner exits 1. t gets its runs.csv. */
static void vs_wrong_result(struct ran *r, const char *argv[], const char *cmd, char *bad,
			    struct csv_table *t)
{
	argv[15] = cmd;
	argv[21] = bad;
	cr_assert_eq(run_bench(r, "runner", argv), 0);
	cr_expect_eq(r->code, 1, "%s: a wrong result is a failed run: exit %d; stderr: %s", cmd,
		     r->code, r->err);
	cr_assert_eq(csv_read(bad, "runs.csv", t), 0);
}

/* --vs: the command joins the bench's table over its serial, at its size and tasks, and a
 * result it prints must be serial's. scaled's own program as the command: the same times. */
Test(vs, a_command_joins_the_bench_and_its_result_is_checked, .init = tmp_make,
     .fini = tmp_remove, .timeout = 60)
{
	char out[128], bad[128];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "scaled", "--variant", "threaded",
			       "--workers", "1,2", "--repeat", "2", "--max-repeat", "2", "--size", "2000",
			       "--cmd", "tests/fakes/scaled --workers {workers} --size {size} # {tasks}",
			       "--name", "twin", "--vs", "scaled", "--out", out, NULL };
	struct csv_table t;
	struct ran r;

	snprintf(out, sizeof out, "%s/ok", tmp);
	runner_ok(&r, argv);
	cr_assert_eq(csv_read(out, "summary.csv", &t), 0);
	for (int w = 1; w <= 2; w++) {
		long k = row_of(&t, "scaled", "twin", w);

		cr_assert(k >= 0, "twin is a variant of scaled at %d workers", w);
		/* 0.12 s x 2000/1000 / W, over serial's 0.24 s: S = W, as threaded's. */
		cr_expect_float_eq(num(&t, k, "median_s"), 0.24 / w, 1e-6);
		cr_expect_float_eq(num(&t, k, "speedup"), w, 1e-6);
	}
	csv_free(&t);
	cr_assert_eq(csv_read(out, "runs.csv", &t), 0);
	cr_expect_eq(row_of(&t, "twin", "twin", 1), -1, "no section of its own");
	csv_free(&t);

	/* A command whose result is not serial's fails, as a bench's would. */
	snprintf(bad, sizeof bad, "%s/bad", tmp);
	vs_wrong_result(&r, argv, "echo seconds=0.1 workers={workers} result=8", bad, &t);
	{
		long k = row_of(&t, "scaled", "twin", 2);

		cr_assert(k >= 0);
		cr_expect_str_eq(csv_cell(&t, k, csv_column(&t, "status")), "failed");
		cr_expect(strstr(csv_cell(&t, k, csv_column(&t, "reason")), "result 8 differs from "
				 "serial's 7"), "%s", csv_cell(&t, k, csv_column(&t, "reason")));
	}
	csv_free(&t);

	/* The same for a command that does not time itself (no seconds=): its result counts. */
	snprintf(bad, sizeof bad, "%s/bad2", tmp);
	vs_wrong_result(&r, argv, "echo workers={workers} result=8", bad, &t);
	cr_expect_str_eq(csv_cell(&t, row_of(&t, "scaled", "twin", 1), csv_column(&t, "status")),
			 "failed");
	csv_free(&t);
}

/* Google Benchmark's own comparison tool reads two results.json. Debian packages it as
 * libbenchmark-tools (it needs python3-scipy); .ci/run installs both. */
Test(json, google_benchmarks_compare_py_reads_two_results, .init = tmp_make, .fini = tmp_remove,
     .timeout = 120)
{
	static const char *tool = "/usr/share/benchmark/compare.py", *py = "/usr/bin/python3";
	char a[128], b[128], cmd[600], line[512];
	int saw_median = 0, saw_geomean = 0, rc;
	FILE *p;

	if (access(tool, R_OK) != 0 || access(py, X_OK) != 0 ||
	    system("/usr/bin/python3 -c 'import scipy' 2>/dev/null") != 0)
		cr_skip_test("needs %s (Debian: libbenchmark-tools) and python3-scipy", tool);
	snprintf(a, sizeof a, "%s/a", tmp);
	snprintf(b, sizeof b, "%s/b", tmp);
	sweep_into(a, NULL);
	sweep_into(b, "NOISY_PCT=110");
	snprintf(cmd, sizeof cmd, "%s %s --no-color benchmarks %s/results.json %s/results.json 2>&1",
		 py, tool, a, b);
	cr_assert_not_null(p = popen(cmd, "r"), "popen: %s", strerror(errno));
	while (fgets(line, sizeof line, p)) {
		const char *name = "noisy/threaded/workers:2_median";
		double change;

		/* noisy's median is 10% slower in b, give or take its scatter of up to 6% each way:
		 * compare.py's relative change of the time, the first number after the name. */
		if (!strncmp(line, name, strlen(name)) &&
		    sscanf(line + strlen(name), "%lf", &change) == 1 && change > 0.03 && change < 0.18)
			saw_median = 1;
		saw_geomean |= strstr(line, "OVERALL_GEOMEAN") != NULL;
	}
	rc = pclose(p);
	cr_expect_eq(rc, 0, "%s: exit status %d", cmd, rc);
	cr_expect(saw_median, "compare.py printed noisy's median as 10%% slower");
	cr_expect(saw_geomean, "compare.py printed its summary line");
}

/* runner plots DIR analyses a folder again from its runs.csv: the same tables and report as the
 * sweep wrote, for a sweep under --bind none with a --vs command among its points. */
Test(plots, analysing_a_folder_again_writes_the_same_files, .init = tmp_make,
     .fini = tmp_remove, .timeout = 60)
{
	static const char *files[] = { "summary.csv", "fits.csv", "report.md", "scaled.dat",
				       "results.json" };
	static char before[5][1 << 16], after[1 << 16];
	char out[128];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "scaled,noisy", "--variant",
			       "threaded,forked", "--workers", "1,2,3", "--repeat", "3",
			       "--max-repeat", "3", "--bind", "none", "--vs", "scaled", "--cmd",
			       "tests/fakes/scaled --workers {workers} --size {size}", "--name", "twin",
			       "--out", out, NULL };
	const char *again[] = { "plots", out, NULL };
	struct ran r;

	snprintf(out, sizeof out, "%s/r", tmp);
	runner_ok(&r, argv);
	for (int k = 0; k < 5; k++)
		cr_assert_eq(run_read_file(out, files[k], before[k], sizeof before[k]), 0, "%s", files[k]);
	runner_ok(&r, again);
	for (int k = 0; k < 5; k++) {
		cr_assert_eq(run_read_file(out, files[k], after, sizeof after), 0, "%s", files[k]);
		cr_expect_str_eq(after, before[k], "%s differs after runner plots", files[k]);
	}
}
