/* test_runner_e2e.c: the runner as a user runs it. The end-to-end runs use bin/pi at a tiny size
 * and the fake benches in tests/fakes/: sh scripts that, on 2 workers, crash, hang, print garbage,
 * get the wrong result, leave a child behind, press Ctrl-C or stall after their warm-up, and
 * otherwise succeed at once; scaled reports times with exact speedups. Whatever goes wrong (a
 * bench, a Ctrl-C, a full disk), what the runner wrote still parses. Each test writes into its own
 * temporary folder, made by this file's TestSuite(runner) (test_compare.c's tests are in it too). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "lib/process.h"
#include "results.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* ---- bin/runner, end to end ---- */

TestSuite(runner, .init = tmp_make, .fini = tmp_remove);

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
	pidfd = process_pidfd(run->pid);
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

/* Ctrl-C for the runner that run started; r says how it ended, which must be an exit. */
static void interrupt_and_finish(struct running *run, struct ran *r)
{
	cr_assert_eq(kill(run->pid, SIGINT), 0);
	cr_assert_eq(run_bench_finish(run, r), 0);
	cr_assert(r->exited, "the runner was killed by signal %d", r->code);
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
	interrupt_and_finish(&run, &r);
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

/* The test's .fini runs before the suite's, which then removes the whole folder. */
static void disk_unmount(void)
{
	if (disk[0])
		umount2(disk, MNT_DETACH);
}

/* The disk fills up mid-sweep: every later write fails, and the runs.csv of the first round,
 * written by rename, stays as it was. Needs root to mount the tmpfs; skipped, saying so, without. */
Test(runner, disk_full_mid_sweep_keeps_what_was_written, .fini = disk_unmount, .timeout = 30)
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
	interrupt_and_finish(&run, &r);

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
