/* test_output.c: the runner's files, written from a hand-built sweep whose every number is known.
 * Each test writes into its own temporary folder. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "results.h"
#include "runner/output.h"
#include "runner/sweep.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* ---- the writers, on a hand-built sweep ---- */

/* pi on 2 CPUs: serial, threaded on 1, 2 and 4 (oversubscribed) workers, forked on 2; sum:
 * serial, and threaded on 2 whose runs all failed. Times are constant, so medians are exact. */
static double t2[] = { 2, 2, 2 }, t1[] = { 1, 1, 1 }, t08[] = { 0.8, 0.8, 0.8 }, t4[] = { 4, 4, 4 };

static struct point mk(const char *bench, const char *variant, int workers, int baseline,
		       double *times, size_t n)
{
	struct point p = { .workers = workers, .oversubscribed = workers > 2, .baseline = baseline,
			   .times = times, .n = n, .cap = n };

	strcpy(p.bench, bench);
	strcpy(p.variant, variant);
	strcpy(p.size, "small");
	strcpy(p.label, workers > 2 ? "oversubscribed" : "core");	/* 2 cores, 2 CPUs */
	return p;
}

static struct point pts[7];
static struct run runs[4];
static struct sweep sw;

static void sweep_build(void)
{
	pts[0] = mk("pi", "serial", 1, 0, t2, 3);
	pts[1] = mk("pi", "threaded", 1, 0, t2, 3);
	pts[2] = mk("pi", "threaded", 2, 0, t1, 3);
	pts[3] = mk("pi", "threaded", 4, 0, t08, 3);
	pts[4] = mk("pi", "forked", 2, 0, t4, 3);
	pts[5] = mk("sum", "serial", 1, 5, t2, 3);
	pts[6] = mk("sum", "threaded", 2, 5, NULL, 0);
	pts[6].failures = 2;
	runs[0] = (struct run){ .point = 0, .rep = 0, .tasks = 64, .seconds = 2, .status = "warmup" };
	runs[1] = (struct run){ .point = 2, .rep = 1, .tasks = 64, .seconds = 1, .user_s = 1.5,
				.status = "ok" };
	runs[2] = (struct run){ .point = 6, .rep = 1, .tasks = -1, .status = "failed",
				.reason = "exit status 1: sum: worker 1 said \"no\", then died" };
	runs[3] = (struct run){ .point = 6, .rep = 2, .tasks = -1, .status = "failed",
				.reason = "timed out after 1 s (killed)" };
	sw = (struct sweep){ .pts = pts, .npts = NELEMS(pts), .runs = runs, .nruns = NELEMS(runs),
			     .cpus = 2 };
	sweep_analyse(&sw);
}

static void output_init(void)
{
	tmp_make();
	sweep_build();
}

TestSuite(output, .init = output_init, .fini = tmp_remove);

/* What writer writes from the sweep into tmp/name, read back: its header must be header, and it
 * must hold nrows rows (what says which). */
static struct csv *written(int (*writer)(const struct sweep *, const char *), const char *name,
			   const char *header, int nrows, const char *what)
{
	struct csv *c;

	cr_assert_eq(writer(&sw, tmp), 0, "writing %s", name);
	c = csv_load(tmp, name);
	cr_expect_str_eq(c->header_line, header, "%s's header", name);
	cr_assert_eq(c->nrows, nrows, "%s: %s", name, what);
	return c;
}

Test(output, runs_csv, .timeout = 10)
{
	struct csv *c = written(output_runs_csv, "runs.csv", RUNS_HEADER, 4, "one row per run");

	cr_expect_str_eq(cell(c, 0, "bench"), "pi");
	cr_expect_str_eq(cell(c, 0, "status"), "warmup");
	cr_expect_str_eq(cell(c, 0, "tasks"), "64");
	cr_expect_str_eq(cell(c, 1, "variant"), "threaded");
	cr_expect_str_eq(cell(c, 1, "workers"), "2");
	cr_expect_str_eq(cell(c, 1, "size"), "small");
	cr_expect_str_eq(cell(c, 1, "rep"), "1");
	cr_expect_float_eq(num(c, 1, "seconds"), 1, 1e-9);
	cr_expect_float_eq(num(c, 1, "user_s"), 1.5, 1e-9);
	cr_expect_str_eq(cell(c, 2, "tasks"), "", "a run that did not say how many tasks");
	cr_expect_str_eq(cell(c, 2, "status"), "failed");
	cr_expect_str_eq(cell(c, 2, "reason"), "exit status 1: sum: worker 1 said \"no\", then died",
			 "the reason survives its commas and quotes");
	cr_expect_str_eq(cell(c, 3, "reason"), "timed out after 1 s (killed)");
	free(c);
	expect_no_tmp_files(tmp);
}

Test(output, summary_csv, .timeout = 10)
{
	struct csv *c;
	int r;

	cr_assert_eq(output_summary_csv(&sw, tmp), 0);
	c = csv_load(tmp, "summary.csv");
	cr_expect(!strncmp(c->header_line, SUMMARY_HEAD, strlen(SUMMARY_HEAD)) &&
		  (c->header_line[strlen(SUMMARY_HEAD)] == ',' || !c->header_line[strlen(SUMMARY_HEAD)]),
		  "header: %s", c->header_line);
	cr_assert_eq(c->nrows, 7, "one row per point");

	r = find_row(c, "pi", "threaded", 2);
	cr_expect_str_eq(cell(c, r, "n"), "3");
	cr_expect_float_eq(num(c, r, "median_s"), 1, 1e-9);
	cr_expect_float_eq(num(c, r, "speedup"), 2, 1e-9);
	cr_expect_float_eq(num(c, r, "efficiency"), 1, 1e-9);
	cr_expect_float_eq(num(c, r, "karp_flatt"), 0, 1e-9);
	cr_expect_str_eq(cell(c, r, "oversubscribed"), "0");
	r = find_row(c, "pi", "threaded", 4);
	cr_expect_float_eq(num(c, r, "speedup"), 2.5, 1e-9);
	cr_expect_str_eq(cell(c, r, "oversubscribed"), "1", "4 workers on 2 CPUs");
	r = find_row(c, "pi", "forked", 2);
	cr_expect_float_eq(num(c, r, "speedup"), 0.5, 1e-9);
	cr_expect_float_eq(num(c, r, "efficiency"), 0.25, 1e-9);
	r = find_row(c, "sum", "threaded", 2);	/* every run failed: the row is still there */
	cr_expect_str_eq(cell(c, r, "n"), "0");
	cr_expect(isnan(num(c, r, "speedup")), "speedup '%s'", cell(c, r, "speedup"));
	free(c);
	expect_no_tmp_files(tmp);
}

Test(output, fits_csv, .timeout = 10)
{
	struct csv *c = written(output_fits_csv, "fits.csv", FITS_HEADER, 3,
				"pi threaded, pi forked, sum threaded");

	cr_expect_str_eq(cell(c, 0, "bench"), "pi");
	cr_expect_str_eq(cell(c, 0, "variant"), "threaded");
	/* threaded: S(1) = 1, S(2) = 2 (S(4) is oversubscribed): 2 worker counts, too few. */
	cr_expect(isnan(num(c, 0, "amdahl_f")), "'%s'", cell(c, 0, "amdahl_f"));
	cr_expect_str_eq(cell(c, 0, "worker_counts"), "2");
	cr_expect_str_eq(cell(c, 0, "not_fitted"), "too few worker counts to fit");
	cr_expect_str_eq(cell(c, 1, "variant"), "forked");
	cr_expect_str_eq(cell(c, 2, "bench"), "sum");
	cr_expect(isnan(num(c, 2, "amdahl_f")), "nothing to fit: '%s'", cell(c, 2, "amdahl_f"));
	free(c);
	expect_no_tmp_files(tmp);
}

Test(output, dat_one_block_per_variant, .timeout = 10)
{
	struct dat_block b[8];
	char text[4096];
	int n;

	cr_assert_eq(output_dat(&sw, tmp), 0);
	n = dat_load(tmp, "pi.dat", b, 8);
	cr_assert_eq(n, 2, "pi.dat: threaded and forked, got %d blocks", n);
	cr_expect_str_eq(b[0].variant, "threaded");
	cr_expect(b[0].has_columns, "block 0 names its columns: " DAT_COLUMNS);
	cr_expect_eq(b[0].rows, 3, "threaded on 1, 2 and 4 workers; serial is not a block");
	/* The first row: 1 worker, speedup 1, CI [1, 1], efficiency 1, median 2 s. */
	cr_expect_float_eq(b[0].first[0], 1, 1e-9);
	cr_expect_float_eq(b[0].first[1], 1, 1e-9);
	cr_expect_float_eq(b[0].first[4], 1, 1e-9);
	cr_expect_float_eq(b[0].first[5], 2, 1e-9);
	cr_expect_str_eq(b[1].variant, "forked");
	cr_expect(b[1].has_columns);
	cr_expect_eq(b[1].rows, 1);
	cr_expect_float_eq(b[1].first[1], 0.5, 1e-9, "forked's speedup");
	slurp(tmp, "pi.dat", text, sizeof text);
	cr_expect_null(strstr(text, "# variant serial"), "no block for serial:\n%s", text);

	n = dat_load(tmp, "sum.dat", b, 8);
	cr_assert_eq(n, 1);
	cr_expect_eq(b[0].rows, 0, "a point with no successful run has no row");
	cr_expect(!exists(tmp, "overhead-cost.dat"), "only when the overhead bench ran");
	expect_no_tmp_files(tmp);
}

/* Run fn with stderr going to a file; returns what it printed there. */
static int with_stderr(int (*fn)(const struct sweep *, const char *), const char *dir,
		       char *err, size_t len)
{
	char path[128];
	int saved = dup(2), fd, rc;

	in_tmp(path, sizeof path, "stderr.txt");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	rc = fn(&sw, dir);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	slurp(tmp, "stderr.txt", err, len);
	return rc;
}

Test(output, unwritable_folder_fails_with_a_message, .timeout = 10)
{
	char dir[128], err[1024];

	in_tmp(dir, sizeof dir, "missing");
	cr_expect_eq(with_stderr(output_runs_csv, dir, err, sizeof err), -1);
	cr_expect(strstr(err, "missing/.runs.csv.tmp") != NULL, "names the file: %s", err);
	cr_expect_eq(with_stderr(output_summary_csv, dir, err, sizeof err), -1);
	cr_expect_eq(with_stderr(output_fits_csv, dir, err, sizeof err), -1);
	cr_expect_eq(with_stderr(output_dat, dir, err, sizeof err), -1);
}

Test(output, rewrite_replaces_whole_file, .timeout = 10)
{
	struct csv *c;

	cr_assert_eq(output_runs_csv(&sw, tmp), 0);
	sw.nruns = 1;
	cr_assert_eq(output_runs_csv(&sw, tmp), 0);
	c = csv_load(tmp, "runs.csv");
	cr_expect_eq(c->nrows, 1, "the second write replaced the first");
	free(c);
	expect_no_tmp_files(tmp);
}
