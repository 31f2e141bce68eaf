/* test_runner.c: the runner's files and the runner as a user runs it. The writers are fed a
 * hand-built sweep whose every number is known. The end-to-end runs use bin/pi at a tiny size and
 * the fake benches in tests/fakes/: sh scripts that, on 2 workers, crash, hang, print garbage, get
 * the wrong result, leave a child behind, press Ctrl-C or stall after their warm-up, and otherwise
 * succeed at once; scaled reports times with exact speedups. Whatever goes wrong (a bench, a
 * Ctrl-C, a full disk), what the runner wrote still parses. Each test writes into its own
 * temporary folder. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "run.h"
#include "runner/output.h"
#include "runner/sweep.h"
#include "tmpdir.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* ---- a temporary folder per test, removed by .fini even when an assertion fails ---- */

static char tmp[64];

static void tmp_make(void)
{
	cr_assert_eq(tmpdir_make(tmp, sizeof tmp, "parbench-runner"), 0, "mkdtemp: %s",
		     strerror(errno));
}

static void tmp_remove(void)
{
	tmpdir_remove(tmp);
}

/* tmp/name, written into buf; returns buf. */
static const char *in_tmp(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmp, name);
	return buf;
}

/* ---- files ---- */

static int exists(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

static void slurp(const char *dir, const char *name, char *buf, size_t len)
{
	cr_assert_eq(run_read_file(dir, name, buf, len), 0, "%s/%s: %s", dir, name, strerror(errno));
}

/* Atomic writes leave no .<name>.tmp behind. */
static void expect_no_tmp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		cr_expect(n < 4 || strcmp(e->d_name + n - 4, ".tmp"), "left behind: %s/%s", dir, e->d_name);
	}
	closedir(d);
}

/* A write that failed leaves no empty file behind (gnuplot's plots on a full disk, say). */
static void expect_no_empty_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d)))
		cr_expect(e->d_name[0] == '.' || exists(dir, e->d_name), "empty: %s/%s", dir,
			  e->d_name);
	closedir(d);
}

/* ---- CSV, read back as a spreadsheet would: quoted fields may hold commas and "" ---- */

#define CSV_COLS 48
#define CSV_ROWS 64

struct csv {
	int ncols, nrows;
	char head[CSV_COLS][200];
	char cell[CSV_ROWS][CSV_COLS][200];
	char header_line[1024];
};

/* Split one line into fields; returns how many, or -1 when there are more than max. */
static int csv_split(const char *p, char f[][200], int max)
{
	int n = 0;

	for (;;) {
		size_t k = 0;

		if (n == max)
			return -1;
		if (*p == '"') {
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;	/* "" is one quote */
				if (k < 199)
					f[n][k++] = *p;
			}
			if (*p == '"')
				p++;
		} else {
			for (; *p && *p != ',' && *p != '\n'; p++)
				if (k < 199)
					f[n][k++] = *p;
		}
		f[n++][k] = '\0';
		if (*p != ',')
			return n;
		p++;
	}
}

static struct csv *csv_load(const char *dir, const char *name)
{
	static char text[65536];
	struct csv *c = calloc(1, sizeof *c);
	char *line, *save = NULL;

	cr_assert_not_null(c);
	slurp(dir, name, text, sizeof text);
	line = strtok_r(text, "\n", &save);
	cr_assert_not_null(line, "%s: empty", name);
	snprintf(c->header_line, sizeof c->header_line, "%s", line);
	c->ncols = csv_split(line, c->head, CSV_COLS);
	cr_assert_gt(c->ncols, 0, "%s: header", name);
	while ((line = strtok_r(NULL, "\n", &save))) {
		int n;

		cr_assert_lt(c->nrows, CSV_ROWS, "%s: too many rows for this test", name);
		n = csv_split(line, c->cell[c->nrows], CSV_COLS);
		cr_assert_eq(n, c->ncols, "%s: row %d has %d fields, the header %d: %s", name,
			     c->nrows + 1, n, c->ncols, line);
		c->nrows++;
	}
	return c;
}

static const char *cell(const struct csv *c, int row, const char *col)
{
	for (int k = 0; k < c->ncols; k++)
		if (!strcmp(c->head[k], col))
			return c->cell[row][k];
	cr_assert_fail("no column '%s' in: %s", col, c->header_line);
	return NULL;
}

/* The row where bench, variant and workers are as given; fails the test when there is none. */
static int find_row(const struct csv *c, const char *bench, const char *variant, int workers)
{
	for (int r = 0; r < c->nrows; r++)
		if (!strcmp(cell(c, r, "bench"), bench) && !strcmp(cell(c, r, "variant"), variant) &&
		    atoi(cell(c, r, "workers")) == workers)
			return r;
	cr_assert_fail("no row for %s %s on %d in: %s", bench, variant, workers, c->header_line);
	return -1;
}

/* How many rows of runs.csv belong to a point and have this status (NULL: any). */
static int count_runs(const struct csv *c, const char *variant, int workers, const char *status)
{
	int n = 0;

	for (int r = 0; r < c->nrows; r++)
		n += !strcmp(cell(c, r, "variant"), variant) && atoi(cell(c, r, "workers")) == workers &&
		     (!status || !strcmp(cell(c, r, "status"), status));
	return n;
}

static double num(const struct csv *c, int row, const char *col)
{
	return strtod(cell(c, row, col), NULL);
}

#define RUNS_HEADER "bench,variant,workers,size,tasks,rep,seconds,user_s,sys_s,status,reason," \
		    "label,bind,cpus,steal_s,time,start_s,compute_s,finish_s,whole_s,max_rss_kib,minflt," \
		    "majflt,nvcsw,nivcsw,per_task_ns,gbytes_per_s,kind,parallelism,source,steal_flagged," \
		    "sync_s"
#define SUMMARY_HEAD "bench,variant,workers,n,median_s,ci_low_s,ci_high_s,min_s,max_s,speedup," \
		     "speedup_low,speedup_high,efficiency,karp_flatt,oversubscribed"
#define FITS_HEADER "bench,variant,amdahl_f,usl_sigma,usl_kappa,usl_peak,amdahl_f_low," \
	"amdahl_f_high,usl_sigma_low,usl_sigma_high,usl_kappa_low,usl_kappa_high,usl_peak_low," \
	"usl_peak_high,worker_counts,fitted_to,not_fitted"
#define DAT_COLUMNS "# workers speedup low high efficiency median_s tasks_per_s tasks_per_s_low " \
	"tasks_per_s_high"

/* ---- .dat: gnuplot blocks, separated by two blank lines ---- */

struct dat_block {
	char variant[32];
	int rows, has_columns;
	double first[6];	/* the block's first data row */
};

/* Split a .dat file into its blocks; returns how many. Any other blank line fails the test. */
static int dat_load(const char *dir, const char *name, struct dat_block *b, int max)
{
	static char text[16384];
	char *p, *next;
	int n = 0;

	slurp(dir, name, text, sizeof text);
	cr_assert(text[0] == '#', "%s starts with its comment line", name);
	p = strchr(text, '\n') + 1;	/* the file's own comment line */
	for (; *p && n < max; p = next) {
		char *end = strstr(p, "\n\n\n");
		struct dat_block *k = &b[n++];

		next = end ? end + 3 : p + strlen(p);
		if (end)
			end[1] = '\0';
		memset(k, 0, sizeof *k);
		for (char *line = p, *eol; *line; line = eol + 1) {
			double scratch[6], *v = k->rows ? scratch : k->first;	/* keep the first row */
			int w, got;

			eol = line + strcspn(line, "\n");
			cr_assert_neq(line, eol, "%s: a single blank line inside block %d", name, n - 1);
			cr_assert_eq(*eol, '\n', "%s: the last line has no newline", name);
			if (sscanf(line, "# variant %31s", k->variant) == 1)
				continue;
			if (!strncmp(line, DAT_COLUMNS "\n", strlen(DAT_COLUMNS) + 1)) {
				k->has_columns = 1;
				continue;
			}
			if (*line == '#')
				continue;
			k->rows++;
			got = sscanf(line, "%d %lf %lf %lf %lf %lf", &w, &v[1], &v[2], &v[3], &v[4], &v[5]);
			cr_assert_eq(got, 6, "%s: a data row with 6 columns wanted: %.60s", name, line);
			v[0] = w;
		}
	}
	return n;
}

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

Test(output, runs_csv, .timeout = 10)
{
	struct csv *c;

	cr_assert_eq(output_runs_csv(&sw, tmp), 0);
	c = csv_load(tmp, "runs.csv");
	cr_expect_str_eq(c->header_line, RUNS_HEADER);
	cr_assert_eq(c->nrows, 4, "one row per run");
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
	struct csv *c;

	cr_assert_eq(output_fits_csv(&sw, tmp), 0);
	c = csv_load(tmp, "fits.csv");
	cr_expect_str_eq(c->header_line, FITS_HEADER);
	cr_assert_eq(c->nrows, 3, "pi threaded, pi forked, sum threaded");
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

/* ---- bin/runner, end to end ---- */

TestSuite(runner, .init = tmp_make, .fini = tmp_remove);

/* Run bin/runner with the words in argv (NULL-terminated). */
static void run_runner(struct ran *r, const char *const argv[])
{
	cr_assert_eq(run_bench(r, "runner", argv), 0, "could not run bin/runner");
	cr_assert(r->exited, "bin/runner was killed by signal %d; stderr: %s", r->code, r->err);
}

/* What a faulty sweep leaves must still be read back whole: every CSV parses (csv_load fails the
 * test on a row whose fields do not match its header) and the report is there. */
static void expect_partial_results(const char *out)
{
	static const char *tables[] = { "runs.csv", "summary.csv", "fits.csv" };
	char report[8192];

	for (size_t k = 0; k < NELEMS(tables); k++)
		free(csv_load(out, tables[k]));
	slurp(out, "report.md", report, sizeof report);
	cr_expect(!strncmp(report, "# ", 2) && strstr(report, "## Failures"),
		  "report.md has its title and failures:\n%s", report);
	expect_no_tmp_files(out);
}

/* The process whose pid a fake wrote into dir/name is gone, or a zombie waiting for init. */
static void expect_gone(const char *dir, const char *name)
{
	char pid[32] = "", stat[512] = "", path[64];
	FILE *p;

	slurp(dir, name, pid, sizeof pid);
	snprintf(path, sizeof path, "/proc/%d/stat", atoi(pid));
	if ((p = fopen(path, "r"))) {
		cr_assert_not_null(fgets(stat, sizeof stat, p));
		fclose(p);
		cr_expect(strstr(stat, ") Z ") != NULL, "pid %d still runs: %s", atoi(pid), stat);
	}
}

Test(runner, quick_sweep_of_pi, .timeout = 60)
{
	char out[128];
	const char *argv[] = { "--bench", "pi", "--variant", "threaded", "--workers", "1,2", "--size",
			       "1000000", "--repeat", "2", "--max-repeat", "2", "--out",
			       in_tmp(out, sizeof out, "r"), NULL };
	static const char *files[] = { "runs.csv", "summary.csv", "fits.csv", "pi.dat",
				       "machine.txt", "report.md" };
	cpu_set_t mask;
	long cpus = sched_getaffinity(0, sizeof mask, &mask) == 0 ? CPU_COUNT(&mask) :
		    sysconf(_SC_NPROCESSORS_ONLN);	/* the effective CPUs, but for a quota */
	struct csv *runs, *sum, *fits;
	struct dat_block b[4];
	char report[8192];
	struct ran r;
	int base;

	run_runner(&r, argv);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	for (size_t k = 0; k < NELEMS(files); k++)
		cr_expect(exists(out, files[k]), "%s/%s missing or empty", out, files[k]);
	expect_no_tmp_files(out);

	runs = csv_load(out, "runs.csv");
	cr_expect_str_eq(runs->header_line, RUNS_HEADER);
	cr_expect_eq(runs->nrows, 9, "3 points x (1 warm-up + 2 runs)");
	cr_expect_eq(count_runs(runs, "serial", 1, "warmup"), 1);
	cr_expect_eq(count_runs(runs, "serial", 1, "ok"), 2);
	cr_expect_eq(count_runs(runs, "threaded", 1, "ok"), 2);
	cr_expect_eq(count_runs(runs, "threaded", 2, "warmup"), 1);
	cr_expect_eq(count_runs(runs, "threaded", 2, "ok"), 2);
	for (int i = 0; i < runs->nrows; i++) {
		int warm = !strcmp(cell(runs, i, "status"), "warmup");

		cr_expect_eq(atoi(cell(runs, i, "rep")) == 0, warm, "rep 0 is the warm-up: row %d", i + 1);
		cr_expect_str_eq(cell(runs, i, "size"), "1000000");
		cr_expect_str_eq(cell(runs, i, "tasks"), "64", "what pi said");
		cr_expect_gt(num(runs, i, "seconds"), 0);
		/* The default times the compute phase; the phases add up to the whole. */
		cr_expect_str_eq(cell(runs, i, "time"), "compute");
		cr_expect_float_eq(num(runs, i, "seconds"), num(runs, i, "compute_s"), 1e-6,
				   "row %d", i + 1);
		cr_expect_float_eq(num(runs, i, "start_s") + num(runs, i, "compute_s") +
				   num(runs, i, "finish_s"), num(runs, i, "whole_s"), 4e-6, "row %d", i + 1);
		cr_expect_lt(num(runs, i, "compute_s"), num(runs, i, "whole_s"), "row %d", i + 1);
	}
	free(runs);

	sum = csv_load(out, "summary.csv");
	cr_expect(!strncmp(sum->header_line, SUMMARY_HEAD, strlen(SUMMARY_HEAD)), "header: %s",
		  sum->header_line);
	cr_expect_eq(sum->nrows, 3, "serial, threaded 1, threaded 2");
	base = find_row(sum, "pi", "serial", 1);
	cr_expect_float_eq(num(sum, base, "speedup"), 1, 1e-9);
	for (int w = 1; w <= 2; w++) {
		int i = find_row(sum, "pi", "threaded", w);
		double s;

		cr_expect_str_eq(cell(sum, i, "n"), "2");
		s = num(sum, base, "median_s") / num(sum, i, "median_s");
		cr_expect_float_eq(num(sum, i, "speedup"), s, 0.01 * s, "serial median / median");
		cr_expect_float_eq(num(sum, i, "efficiency"), num(sum, i, "speedup") / w, 1e-3);
		cr_expect(num(sum, i, "speedup_low") <= num(sum, i, "speedup") &&
			  num(sum, i, "speedup") <= num(sum, i, "speedup_high"), "the CI holds the speedup");
		cr_expect_eq(atoi(cell(sum, i, "oversubscribed")), w > cpus);
		/* pi's 64 tasks leave room; up to the CPUs, a worker has a core or an SMT thread. */
		cr_expect(w > cpus ? !strcmp(cell(sum, i, "label"), "oversubscribed") :
			  !strcmp(cell(sum, i, "label"), "core") || !strcmp(cell(sum, i, "label"), "smt"),
			  "%d workers on %ld CPUs: label %s", w, cpus, cell(sum, i, "label"));
	}
	free(sum);

	fits = csv_load(out, "fits.csv");
	cr_expect_str_eq(fits->header_line, FITS_HEADER);
	cr_expect_eq(fits->nrows, 1, "pi threaded");
	free(fits);

	cr_expect_eq(dat_load(out, "pi.dat", b, 4), 1, "one variant, one block");
	cr_expect_eq(b[0].rows, 2);

	slurp(out, "report.md", report, sizeof report);
	cr_expect(strstr(report, "## pi") != NULL, "%s", report);
	cr_expect(strstr(report, "## Failures\n\nNone") != NULL, "%s", report);

	cr_expect(strstr(r.out, "pi: speedup over serial") != NULL, "the table on stdout: %s", r.out);
	cr_expect(strstr(r.out, "threaded") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "\n      1 ") && strstr(r.out, "\n      2"), "a row per worker count: %s", r.out);
}

/* A fake that fails on W workers in its own way; the reason runs.csv must give. */
struct failing {
	char bench[16];
	int workers;
	char timeout[8];
	char reason[64];
};

static struct failing failings[] = {
	{ "crash", 2, "20", "killed by signal 11" },
	{ "crash", 3, "20", "exit status 3: crash: worker 1 died" },
	{ "hang", 2, "1", "timed out after 1 s" },
	{ "garbage", 2, "20", "printed no valid key=value line: all done" },
	{ "garbage", 3, "20", "printed no valid key=value line" },
	{ "wrong", 2, "20", "result 8 differs from serial's 7" },
};

ParameterizedTestParameters(runner, failure_is_reported_and_sweep_goes_on)
{
	return cr_make_param_array(struct failing, failings, NELEMS(failings));
}

ParameterizedTest(struct failing *f, runner, failure_is_reported_and_sweep_goes_on, .timeout = 30)
{
	char out[128], workers[16], report[8192], row[128];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", f->bench, "--variant", "threaded",
			       "--workers", workers, "--repeat", "2", "--max-repeat", "2",
			       "--timeout", f->timeout, "--out", in_tmp(out, sizeof out, "r"), NULL };
	struct csv *runs, *sum;
	struct ran r;
	int failed = 0, i;

	snprintf(workers, sizeof workers, "1,%d", f->workers);
	setenv("PARBENCH_FAKE_DIR", tmp, 1);
	run_runner(&r, argv);
	cr_expect_eq(r.code, 1, "%s on %d: exit %d; stderr: %s", f->bench, f->workers, r.code, r.err);
	cr_expect(strstr(r.err, "failed") != NULL, "stderr says so: %s", r.err);

	runs = csv_load(out, "runs.csv");
	for (i = 0; i < runs->nrows; i++) {
		if (atoi(cell(runs, i, "workers")) != f->workers)
			continue;
		cr_expect_str_eq(cell(runs, i, "status"), "failed", "row %d", i + 1);
		cr_expect(strstr(cell(runs, i, "reason"), f->reason) != NULL, "want '%s' in '%s'",
			  f->reason, cell(runs, i, "reason"));
		failed++;
	}
	cr_expect_geq(failed, 1, "the failing point has failed rows");
	/* The rest of the sweep was measured in full. */
	cr_expect_eq(count_runs(runs, "serial", 1, "ok"), 2);
	cr_expect_eq(count_runs(runs, "threaded", 1, "ok"), 2);
	free(runs);

	sum = csv_load(out, "summary.csv");
	i = find_row(sum, f->bench, "threaded", f->workers);
	cr_expect_str_eq(cell(sum, i, "n"), "0");
	cr_expect_eq(atoi(cell(sum, i, "failures")), failed);
	i = find_row(sum, f->bench, "threaded", 1);
	cr_expect_str_eq(cell(sum, i, "n"), "2");
	free(sum);

	slurp(out, "report.md", report, sizeof report);
	snprintf(row, sizeof row, "| %s | threaded | %d |", f->bench, f->workers);
	cr_expect(strstr(report, "## Failures") && strstr(report, row) && strstr(report, f->reason),
		  "report.md lists '%s' with '%s':\n%s", row, f->reason, report);
	expect_partial_results(out);
	if (!strcmp(f->bench, "hang"))
		expect_gone(tmp, "sleeper.pid");	/* the hung bench's child went with it */
}

Test(runner, rep_counts_measured_runs_after_a_failed_warm_up, .timeout = 30)
{
	char out[128];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "crash", "--variant", "threaded",
			       "--workers", "1,2", "--repeat", "2", "--max-repeat", "2", "--out",
			       in_tmp(out, sizeof out, "r"), NULL };
	struct csv *runs;
	struct ran r;
	int seen = 0;

	run_runner(&r, argv);
	cr_expect_eq(r.code, 1, "exit %d; stderr: %s", r.code, r.err);
	runs = csv_load(out, "runs.csv");
	/* crash on 2 fails every run: its warm-up is rep 0, its first measured run rep 1. */
	for (int i = 0; i < runs->nrows; i++) {
		if (atoi(cell(runs, i, "workers")) != 2)
			continue;
		cr_expect_eq(atoi(cell(runs, i, "rep")), seen, "the point's run %d: want rep %d, got %s",
			     seen + 1, seen, cell(runs, i, "rep"));
		seen++;
	}
	cr_expect_geq(seen, 2);
	free(runs);
}

Test(runner, leftover_child_that_keeps_writing_is_killed, .timeout = 30)
{
	char out[128];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "chatty", "--variant", "threaded",
			       "--workers", "1,2", "--repeat", "1", "--max-repeat", "1", "--timeout",
			       "2", "--out", in_tmp(out, sizeof out, "r"), NULL };
	struct ran r;

	/* chatty on 2 exits at once, leaving a child that writes to stderr for 5 s. The runner
	 * must stop reading soon after the bench exits and kill what it left behind. */
	setenv("PARBENCH_FAKE_DIR", tmp, 1);
	run_runner(&r, argv);
	cr_expect_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	cr_expect(!exists(tmp, "writer.done"), "the runner waited for the leftover writer to finish");
}

Test(runner, interrupt_writes_what_was_measured, .timeout = 30)
{
	char out[128], report[8192];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "interrupt", "--variant",
			       "threaded", "--workers", "1,2", "--repeat", "2", "--max-repeat", "2",
			       "--timeout", "20", "--out", in_tmp(out, sizeof out, "r"), NULL };
	struct csv *runs;
	struct ran r;

	run_runner(&r, argv);
	cr_expect_eq(r.code, 130, "exit %d; stderr: %s", r.code, r.err);
	cr_expect(strstr(r.err, "interrupted") != NULL, "%s", r.err);
	runs = csv_load(out, "runs.csv");
	cr_expect_eq(runs->nrows, 2, "the warm-ups of serial and threaded on 1, then the stop");
	free(runs);
	slurp(out, "report.md", report, sizeof report);
	cr_expect(strstr(report, "Interrupted") != NULL, "%s", report);
	expect_partial_results(out);
}

/* Start bin/runner with argv and return once a file called name has been written in dir.
 * Event-driven: inotify says when the file lands, a pidfd if the runner ends first. */
static void start_until_written(struct running *run, const char *const argv[], const char *dir,
				const char *name)
{
	int in = inotify_init1(IN_CLOEXEC), pidfd, landed = 0;

	cr_assert_geq(in, 0, "inotify_init1: %s", strerror(errno));
	cr_assert_geq(inotify_add_watch(in, dir, IN_CLOSE_WRITE | IN_MOVED_TO), 0,
		      "inotify_add_watch %s: %s", dir, strerror(errno));
	cr_assert_eq(run_bench_start(run, "runner", argv), 0, "could not start bin/runner");
	pidfd = (int)syscall(SYS_pidfd_open, run->pid, 0);
	cr_assert_geq(pidfd, 0, "pidfd_open: %s", strerror(errno));
	while (!landed) {
		struct pollfd pfd[2] = { { in, POLLIN, 0 }, { pidfd, POLLIN, 0 } };
		char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
		ssize_t n;

		cr_assert_gt(poll(pfd, 2, -1), 0, "poll: %s", strerror(errno));
		if (!pfd[0].revents) {	/* it ended, and the file never came */
			struct ran r;

			run_bench_finish(run, &r);
			cr_assert_fail("the runner ended (exit %d) before %s/%s was written: %s",
				       r.code, dir, name, r.err);
		}
		n = read(in, buf, sizeof buf);
		cr_assert_gt(n, 0, "read inotify: %s", strerror(errno));
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)p;

			landed |= e->len && !strcmp(e->name, name);
			p += sizeof *e + e->len;
		}
	}
	close(pidfd);
	close(in);
}

/* Start a sweep of the stall fake and return when it is stuck: stall on 2 workers has started
 * its first measured run, which hangs, after writing its sleeper's pid. By then the first round
 * is on disk, and its runs.csv goes into first. */
static void start_until_stuck(struct running *run, const char *const argv[], const char *out,
			      char *first, size_t len)
{
	struct csv *c;

	setenv("PARBENCH_FAKE_DIR", tmp, 1);
	start_until_written(run, argv, tmp, "sleeper.pid");
	slurp(out, "runs.csv", first, len);
	c = csv_load(out, "runs.csv");
	cr_assert_eq(c->nrows, 3, "the first round: the warm-ups of 3 points:\n%s", first);
	free(c);
}

/* Ctrl-C from outside, while the sweep is stuck on a bench, with its first round on disk. */
Test(runner, interrupt_from_outside_mid_sweep, .timeout = 30)
{
	char out[128], first[4096], now[4096], report[8192];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "stall", "--variant", "threaded",
			       "--workers", "1,2", "--repeat", "2", "--max-repeat", "2", "--timeout",
			       "60", "--out", in_tmp(out, sizeof out, "r"), NULL };
	struct running run;
	struct csv *runs, *sum;
	struct ran r;

	start_until_stuck(&run, argv, out, first, sizeof first);
	cr_assert_eq(kill(run.pid, SIGINT), 0);
	cr_assert_eq(run_bench_finish(&run, &r), 0);
	cr_assert(r.exited, "the runner was killed by signal %d", r.code);
	cr_expect_eq(r.code, 130, "exit %d; stderr: %s", r.code, r.err);
	cr_expect(strstr(r.err, "interrupted") != NULL, "%s", r.err);

	/* What was measured before the stop is all there, first round first. */
	slurp(out, "runs.csv", now, sizeof now);
	cr_expect(!strncmp(now, first, strlen(first)), "runs.csv lost measured runs: it was\n%s\n"
		  "and is\n%s", first, now);
	runs = csv_load(out, "runs.csv");
	cr_expect_geq(runs->nrows, 3, "the warm-ups of serial, threaded 1 and threaded 2");
	cr_expect_eq(count_runs(runs, "threaded", 2, "warmup"), 1);
	cr_expect_eq(count_runs(runs, "threaded", 2, "failed"), 0, "the stopped run is not a failure");
	free(runs);
	sum = csv_load(out, "summary.csv");
	cr_expect_eq(sum->nrows, 3, "every point has its row");
	cr_expect_str_eq(cell(sum, find_row(sum, "stall", "threaded", 2), "n"), "0");
	free(sum);
	slurp(out, "report.md", report, sizeof report);
	cr_expect(strstr(report, "Interrupted") != NULL, "%s", report);
	expect_partial_results(out);
	expect_gone(tmp, "sleeper.pid");	/* the stalled bench was stopped with its child */
}

/* ---- the results folder goes bad ---- */

static char disk[128];	/* a small tmpfs, unmounted by .fini even when an assertion fails */

static void disk_remove(void)
{
	if (disk[0])
		umount2(disk, MNT_DETACH);
	tmp_remove();
}

/* The disk fills up mid-sweep: every later write fails, and the runs.csv of the first round,
 * written by rename, stays as it was. Needs root to mount the tmpfs; skipped, saying so, without. */
Test(runner, disk_full_mid_sweep_keeps_what_was_written, .init = tmp_make, .fini = disk_remove,
     .timeout = 30)
{
	char out[192], first[4096], now[4096], filler[192], block[4096] = { 0 };
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "stall", "--variant", "threaded",
			       "--workers", "1,2", "--repeat", "2", "--max-repeat", "2", "--timeout",
			       "60", "--out", out, NULL };
	struct running run;
	struct ran r;
	int fd;

	in_tmp(disk, sizeof disk, "disk");
	cr_assert_eq(mkdir(disk, 0777), 0);
	if (mount("tmpfs", disk, "tmpfs", 0, "size=256k") != 0) {
		int err = errno;

		disk[0] = '\0';
		cr_skip_test("cannot mount a small tmpfs here (%s): disk-full case not run",
			     strerror(err));
	}
	snprintf(out, sizeof out, "%s/r", disk);
	snprintf(filler, sizeof filler, "%s/filler", disk);
	start_until_stuck(&run, argv, out, first, sizeof first);
	fd = open(filler, O_WRONLY | O_CREAT | O_EXCL, 0600);
	cr_assert_geq(fd, 0, "%s: %s", filler, strerror(errno));
	while (write(fd, block, sizeof block) > 0)
		;
	cr_assert_eq(errno, ENOSPC, "filling the disk: %s", strerror(errno));
	close(fd);
	cr_assert_eq(kill(run.pid, SIGINT), 0);
	cr_assert_eq(run_bench_finish(&run, &r), 0);

	cr_assert(r.exited, "the runner was killed by signal %d", r.code);
	cr_expect_eq(r.code, 1, "results it could not write: exit %d; stderr: %s", r.code, r.err);
	cr_expect(strstr(r.err, "No space left on device") != NULL, "says why: %s", r.err);
	slurp(out, "runs.csv", now, sizeof now);
	cr_expect_str_eq(now, first, "runs.csv is the first round's, whole");
	free(csv_load(out, "runs.csv"));
	expect_no_tmp_files(out);
	expect_no_empty_files(out);
	expect_gone(tmp, "sleeper.pid");
}

/* A results folder that cannot be made or written, even by root: exit 1 before any run, a
 * message naming it, and nothing written. PLAIN stands for a plain file in the test's folder. */
struct unwritable {
	char out[48];
};

static struct unwritable unwritables[] = {
	{ "PLAIN/results" },		/* a folder under a file: ENOTDIR */
	{ "/proc/parbench-results" },	/* no folder can be made there */
	{ "/proc/self" },		/* a folder, but no file can be made in it */
	{ "/dev/null" },		/* a file */
};

ParameterizedTestParameters(runner, unwritable_output_folder_exits_1)
{
	return cr_make_param_array(struct unwritable, unwritables, NELEMS(unwritables));
}

ParameterizedTest(struct unwritable *u, runner, unwritable_output_folder_exits_1, .timeout = 30)
{
	char plain[128], out[192], want[256], text[16];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "scaled", "--workers", "1",
			       "--variant", "threaded", "--repeat", "1", "--max-repeat", "1",
			       "--out", out, NULL };
	struct ran r;
	FILE *f;

	f = fopen(in_tmp(plain, sizeof plain, "plain"), "w");
	cr_assert_not_null(f);
	fclose(f);
	if (!strncmp(u->out, "PLAIN", 5))
		snprintf(out, sizeof out, "%s%s", plain, u->out + 5);
	else
		snprintf(out, sizeof out, "%s", u->out);
	run_runner(&r, argv);
	cr_expect_eq(r.code, 1, "%s: exit %d; stderr: %s", out, r.code, r.err);
	cr_expect(!strncmp(r.err, "runner: ", 8) && strstr(r.err, out), "names the folder: %s", r.err);
	snprintf(want, sizeof want, "runner: cannot write results to %s\n", out);
	cr_expect(strlen(r.err) >= strlen(want) && !strcmp(r.err + strlen(r.err) - strlen(want), want),
		  "ends saying so: %s", r.err);
	cr_expect_null(strstr(r.err, "[1/"), "nothing was run: %s", r.err);
	cr_expect_str_empty(r.out, "no tables for a sweep that never ran: %s", r.out);
	slurp(tmp, "plain", text, sizeof text);
	cr_expect_str_empty(text, "the plain file was written to");
	cr_expect_neq(access("/proc/parbench-results", F_OK), 0);
}

Test(runner, external_command, .timeout = 30)
{
	char out[128];
	/* scaled prints seconds = 0.12 / W: exact speedups. No 1 in --workers: the runner adds it. */
	const char *argv[] = { "--cmd", "tests/fakes/scaled --workers {workers}", "--name", "scaled",
			       "--workers", "2,3", "--repeat", "2", "--max-repeat", "2", "--out",
			       in_tmp(out, sizeof out, "r"), NULL };
	struct csv *sum, *runs;
	struct ran r;

	run_runner(&r, argv);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	sum = csv_load(out, "summary.csv");
	cr_expect_eq(sum->nrows, 3, "its own 1-worker run, 2 and 3");
	for (int w = 1; w <= 3; w++) {
		int i = find_row(sum, "scaled", "scaled", w);

		cr_expect_float_eq(num(sum, i, "median_s"), 0.12 / w, 1e-6, "its own seconds=");
		cr_expect_float_eq(num(sum, i, "speedup"), w, 1e-3, "over its own 1-worker run");
	}
	free(sum);
	runs = csv_load(out, "runs.csv");
	cr_expect_eq(runs->nrows, 9);
	free(runs);
	cr_expect(exists(out, "scaled.dat") && exists(out, "fits.csv") && exists(out, "report.md"));
	cr_expect(strstr(r.out, "scaled: speedup over its 1-worker run") != NULL, "%s", r.out);
}

Test(runner, external_command_without_output, .timeout = 30)
{
	char out[128];
	const char *argv[] = { "--cmd", "true {workers}", "--workers", "1,2", "--repeat", "1",
			       "--max-repeat", "1", "--out", in_tmp(out, sizeof out, "r"), NULL };
	struct csv *sum;
	struct ran r;

	run_runner(&r, argv);
	cr_assert_eq(r.code, 0, "timed as a whole process: exit %d; stderr: %s", r.code, r.err);
	sum = csv_load(out, "summary.csv");
	cr_expect_eq(sum->nrows, 2);
	cr_expect_str_eq(cell(sum, find_row(sum, "cmd", "cmd", 2), "n"), "1", "default name: cmd");
	cr_expect_gt(num(sum, 1, "median_s"), 0);
	free(sum);
}


/* --size auto: one uncounted serial run at small (scaled: 1000, 0.12 s) sets the size whose
 * serial run takes 0.1 s here: 833 for work that grows as the size, 913 (1000 x sqrt(0.1/0.12))
 * for area's, which grows as its square. */
Test(runner, auto_size_calibrates_from_one_serial_run, .timeout = 30)
{
	static const struct { const char *bench, *size; } cases[] = { { "scaled", "833" },
								      { "area", "913" } };

	for (size_t k = 0; k < NELEMS(cases); k++) {
		char out[128];
		const char *argv[] = { "--bin", "tests/fakes", "--bench", cases[k].bench, "--variant",
				       "threaded", "--workers", "1,2", "--repeat", "1", "--max-repeat",
				       "1", "--out", in_tmp(out, sizeof out, "r"), NULL };
		struct csv *sum, *runs;
		struct ran r;

		run_runner(&r, argv);
		cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
		sum = csv_load(out, "summary.csv");
		cr_expect_eq(sum->nrows, 3);
		for (int i = 0; i < sum->nrows; i++)
			cr_expect_str_eq(cell(sum, i, "size"), cases[k].size, "%s row %d",
					 cases[k].bench, i + 1);
		runs = csv_load(out, "runs.csv");
		cr_expect_eq(runs->nrows, 6, "3 points x (warm-up + 1): the calibration is not a run");
		free(runs);
		free(sum);
	}
}

/* Weak scaling grows the work with the workers, and the serial baseline with it: scaled's size
 * (its work) doubles at 2 workers, area's side (the root of its work) doubles at 4. Against the
 * 1-worker serial run the speedup would be 1; against serial at the grown size it is W. */
struct weak_case {
	char bench[16], workers[8];
	int w;
};

ParameterizedTestParameters(runner, weak_scaling_grows_the_work)
{
	static struct weak_case cases[] = { { "scaled", "1,2", 2 }, { "area", "1,4", 4 } };

	return cr_make_param_array(struct weak_case, cases, NELEMS(cases));
}

ParameterizedTest(struct weak_case *c, runner, weak_scaling_grows_the_work, .timeout = 30)
{
	char out[128];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", c->bench, "--variant", "threaded",
			       "--workers", c->workers, "--scaling", "weak", "--size", "small",
			       "--repeat", "1", "--max-repeat", "1", "--out", in_tmp(out, sizeof out, "r"),
			       NULL };
	struct csv *sum;
	struct ran r;
	int i;

	run_runner(&r, argv);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	sum = csv_load(out, "summary.csv");
	cr_expect_eq(sum->nrows, 4, "serial and threaded at 1000 and at the grown size");
	i = find_row(sum, c->bench, "threaded", c->w);
	cr_expect_str_eq(cell(sum, i, "size"), "2000");
	cr_expect_float_eq(num(sum, i, "speedup"), c->w, 1e-3, "speedup %s", cell(sum, i, "speedup"));
	cr_expect_str_eq(cell(sum, i, "serial"), "measured");
	free(sum);
}

/* A serial run that would pass --timeout is not planned: its time is 1 worker's serial time
 * times the work's ratio, and the points over it say so. */
Test(runner, weak_scaling_estimates_a_serial_run_past_the_timeout, .timeout = 30)
{
	char out[128];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "area", "--variant", "threaded",
			       "--workers", "1,4", "--scaling", "weak", "--size", "small", "--repeat",
			       "1", "--max-repeat", "1", "--timeout", "0.3", "--out",
			       in_tmp(out, sizeof out, "r"), NULL };
	struct csv *sum, *runs;
	struct ran r;
	int i;

	run_runner(&r, argv);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	sum = csv_load(out, "summary.csv");
	i = find_row(sum, "area", "threaded", 4);
	cr_expect_str_eq(cell(sum, i, "serial"), "estimated");
	cr_expect_float_eq(num(sum, i, "speedup"), 4, 1e-3, "0.12 s x 4 over 0.12 s: %s",
			   cell(sum, i, "speedup"));
	cr_expect_str_eq(cell(sum, find_row(sum, "area", "threaded", 1), "serial"), "measured");
	runs = csv_load(out, "runs.csv");
	for (int k = 0; k < runs->nrows; k++)
		cr_expect(strcmp(cell(runs, k, "variant"), "serial") ||
			  !strcmp(cell(runs, k, "size"), "1000"), "serial ran at %s",
			  cell(runs, k, "size"));
	free(runs);
	free(sum);
}

/* --time whole: a run's seconds is its whole time, start-up and teardown in. */
Test(runner, time_whole_takes_the_whole_run, .timeout = 60)
{
	char out[128];
	const char *argv[] = { "--bench", "pi", "--variant", "forked", "--workers", "2", "--size",
			       "1000000", "--repeat", "2", "--max-repeat", "2", "--time", "whole",
			       "--out", in_tmp(out, sizeof out, "r"), NULL };
	struct csv *runs;
	struct ran r;
	char report[8192];

	run_runner(&r, argv);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	runs = csv_load(out, "runs.csv");
	for (int i = 0; i < runs->nrows; i++) {
		cr_expect_str_eq(cell(runs, i, "time"), "whole");
		cr_expect_float_eq(num(runs, i, "seconds"), num(runs, i, "whole_s"), 1e-6, "row %d",
				   i + 1);
		cr_expect_gt(num(runs, i, "seconds"), num(runs, i, "compute_s"), "row %d", i + 1);
	}
	free(runs);
	cr_assert_eq(run_read_file(out, "report.md", report, sizeof report), 0);
	cr_expect(strstr(report, "times of the whole run"), "report.md names its time:\n%s", report);
}

/* The warm-up round runs the points in plan order, serial first; every measured round runs each
 * point once, in an order of its own, so no point always follows the same one. */
Test(runner, rounds_visit_every_point_in_a_shuffled_order, .timeout = 30)
{
	char out[128];
	const char *argv[] = { "--bin", "tests/fakes", "--bench", "scaled", "--variant", "threaded",
			       "--workers", "1,2,3,4,5", "--size", "small", "--repeat", "3",
			       "--max-repeat", "3", "--out", in_tmp(out, sizeof out, "r"), NULL };
	static const char *plan[] = { "serial1", "threaded1", "threaded2", "threaded3", "threaded4",
				      "threaded5" };
	struct csv *runs;
	struct ran r;
	int shuffled = 0;

	run_runner(&r, argv);
	cr_assert_eq(r.code, 0, "exit %d; stderr: %s", r.code, r.err);
	runs = csv_load(out, "runs.csv");
	cr_assert_eq(runs->nrows, 6 * 4, "6 points x (warm-up + 3)");
	for (int round = 0; round < 4; round++) {
		int seen[6] = { 0 };

		for (int k = 0; k < 6; k++) {
			int row = round * 6 + k, p;
			char name[48];

			snprintf(name, sizeof name, "%s%s", cell(runs, row, "variant"),
				 cell(runs, row, "workers"));
			for (p = 0; p < 6 && strcmp(plan[p], name); p++)
				;
			cr_assert_lt(p, 6, "row %d: %s", row + 1, name);
			seen[p]++;
			if (round == 0)
				cr_expect_eq(p, k, "the warm-up keeps plan order: row %d is %s", row + 1, name);
			else
				shuffled |= p != k;
			cr_expect_str_eq(cell(runs, row, "status"), round == 0 ? "warmup" : "ok");
		}
		for (int p = 0; p < 6; p++)
			cr_expect_eq(seen[p], 1, "round %d ran %s %d times", round, plan[p], seen[p]);
	}
	cr_expect(shuffled, "every measured round ran in plan order");
	free(runs);
}

/* ---- compare ---- */

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
