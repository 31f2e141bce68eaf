/* test_machine.c: the machine model and placement, on machines this one is not. The runner's
 * --dry-run plans for a simulated machine (HWLOC_SYNTHETIC, or HWLOC_FSROOT with a fake /sys and
 * /proc that tests/fakes/fsroot builds); each case checks the worker list, the labels and the
 * CPUs exactly. Then, on this machine, every variant pins its workers inside the affinity mask. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/kv.h"
#include "run.h"
#include "tmpdir.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_POINTS 256

struct planned {
	int workers;
	long tasks;
	char label[16], cpus[1024];
};

/* The threaded points of a dry run's plan, in order; returns how many. */
static int plan_points(const char *out, struct planned *pts, int max)
{
	int n = 0;

	for (const char *line = out; *line && n < max;) {
		const char *eol = line + strcspn(line, "\n");
		char one[4096], value[32];

		snprintf(one, sizeof one, "%.*s", (int)(eol - line), line);
		line = *eol ? eol + 1 : eol;
		if (strncmp(one, "bench=", 6) || kv_find(one, "variant", value, sizeof value) ||
		    strcmp(value, "threaded"))
			continue;
		cr_assert_eq(kv_find(one, "workers", value, sizeof value), 0, "no workers=: %s", one);
		pts[n].workers = atoi(value);
		cr_assert_eq(kv_find(one, "tasks", value, sizeof value), 0, "no tasks=: %s", one);
		pts[n].tasks = atol(value);
		cr_assert_eq(kv_find(one, "label", pts[n].label, sizeof pts[n].label), 0, "%s", one);
		cr_assert_eq(kv_find(one, "cpus", pts[n].cpus, sizeof pts[n].cpus), 0, "%s", one);
		n++;
	}
	return n;
}

/* A fake root in a fresh folder tmpl, built by tests/fakes/fsroot with args. */
static void fsroot(char *tmpl, size_t tmpl_len, char *dir, size_t len, const char *args)
{
	char cmd[2200];

	cr_assert_eq(tmpdir_make(tmpl, tmpl_len, "parbench-fsroot"), 0, "mkdtemp");
	snprintf(dir, len, "%s/root", tmpl);
	snprintf(cmd, sizeof cmd, "sh tests/fakes/fsroot %s %s", dir, args);
	cr_assert_eq(system(cmd), 0, "%s failed", cmd);
}

/* Arrays, not pointers: Criterion hands each parameter to a new process, where the parent's
 * pointers mean nothing. */
struct machine_case {
	char what[80];
	char synthetic[40];	/* HWLOC_SYNTHETIC, or "" for a fake root */
	char fsroot[80];	/* tests/fakes/fsroot's arguments after DIR */
	char bind[8];
	char effective[64];	/* the summary's words, e.g. "effective CPUs: 8, set by the CPU quota" */
	int n;
	int workers[12];
	char labels[12][16];
	char cpus_of_4[32];	/* cpus= of the 4-worker point, or of the largest when none */
};

static struct machine_case machines[] = {
	{ "2 sockets x 32 cores x 2 threads", "pack:2 core:32 pu:2", "", "spread",
	  "effective CPUs: 128, set by the online CPUs", 9,
	  { 1, 2, 4, 8, 16, 32, 64, 128, 256 },
	  { "core", "core", "core", "core", "core", "core", "core", "smt", "oversubscribed" },
	  /* hwloc numbers a synthetic core's threads next to each other: 0,1 is core 0 */
	  "0,64,2,66" },
	{ "the same, close", "pack:2 core:32 pu:2", "", "close",
	  "effective CPUs: 128, set by the online CPUs", 9,
	  { 1, 2, 4, 8, 16, 32, 64, 128, 256 },
	  { "core", "core", "core", "core", "core", "core", "core", "smt", "oversubscribed" },
	  "0,2,4,6" },
	{ "the same inside a quota of 8 CPUs (cgroup v2, a parent's cpu.max)", "",
	  "2 32 2 cpumax='800000 100000' cgroup=/job self=/job/step", "spread",
	  "effective CPUs: 8, set by the CPU quota", 5, { 1, 2, 4, 8, 16 },
	  { "core", "core", "core", "core", "oversubscribed" },
	  /* Linux numbers SMT siblings last: 0-31 socket 0, 32-63 socket 1 */
	  "0,32,1,33" },
	{ "a quota of 2.5 CPUs on 4 cores (cgroup v1)", "", "1 4 1 cfs=250000,100000", "spread",
	  "effective CPUs: 3, set by the CPU quota", 5, { 1, 2, 3, 4, 6 },
	  { "core", "core", "core", "oversubscribed", "oversubscribed" }, "0,1,2,0" },
	{ "a 1-CPU affinity mask", "", "1 4 1 mask=2", "spread",
	  "effective CPUs: 1, set by the affinity mask", 2, { 1, 2 },
	  { "core", "oversubscribed" }, "2,2" },
	{ "non-contiguous online CPUs", "", "2 4 1 online=0-1,4-5", "spread",
	  "effective CPUs: 4, set by the online CPUs", 4, { 1, 2, 4, 8 },
	  { "core", "core", "core", "oversubscribed" }, "0,4,1,5" },
	{ "SMT under a mask of both threads of 2 cores", "", "1 4 2 mask=0-1,4-5", "spread",
	  "effective CPUs: 4, set by the affinity mask", 4, { 1, 2, 4, 8 },
	  { "core", "core", "smt", "oversubscribed" }, "0,1,4,5" },
};

ParameterizedTestParameters(machine, dry_run_plans_for_it)
{
	return cr_make_param_array(struct machine_case, machines, NELEMS(machines));
}

ParameterizedTest(struct machine_case *c, machine, dry_run_plans_for_it, .timeout = 120)
{
	static char env[1200];
	static struct ran r;
	char tmpl[64];
	const char *argv[] = { "--dry-run", "--bench", "pi", "--tasks", "4096", "--variant",
			       "threaded", "--bind", c->bind, NULL };
	struct planned pts[MAX_POINTS];
	const char *want_cpus = NULL;
	int n;

	if (c->synthetic[0]) {
		snprintf(env, sizeof env, "HWLOC_SYNTHETIC=%s", c->synthetic);
	} else {
		char dir[1024];

		fsroot(tmpl, sizeof tmpl, dir, sizeof dir, c->fsroot);
		snprintf(env, sizeof env, "HWLOC_FSROOT=%s", dir);
	}
	cr_assert_eq(run_bench_limited(&r, "runner", argv, -1, 0, env), 0);
	if (!c->synthetic[0])
		tmpdir_remove(tmpl);
	cr_assert(r.exited && r.code == 0, "%s: exit %d: %s", c->what, r.code, r.err);
	cr_expect(strstr(r.out, c->effective), "%s: the summary should say '%s':\n%.600s", c->what,
		  c->effective, r.out);
	cr_expect(strstr(r.out, "\nestimate_s="), "%s: no estimate_s line", c->what);
	n = plan_points(r.out, pts, MAX_POINTS);
	cr_assert_eq(n, c->n, "%s: want %d worker counts, got %d:\n%.2000s", c->what, c->n, n, r.out);
	for (int k = 0; k < n; k++) {
		cr_expect_eq(pts[k].workers, c->workers[k], "%s: point %d: want %d workers, got %d",
			     c->what, k, c->workers[k], pts[k].workers);
		cr_expect_str_eq(pts[k].label, c->labels[k], "%s: %d workers: want %s, got %s",
				 c->what, pts[k].workers, c->labels[k], pts[k].label);
		if (pts[k].workers == 4 || (k == n - 1 && !want_cpus))
			want_cpus = pts[k].cpus;
	}
	cr_expect_str_eq(want_cpus, c->cpus_of_4, "%s: want cpus=%s, got %s", c->what, c->cpus_of_4,
			 want_cpus);
}

/* No fixed cap on worker counts, and enough tasks for the most of them: 16 x 200 for pi, whose
 * rule takes any count, the same at every point. */
Test(machine, dry_run_takes_200_worker_counts, .timeout = 60)
{
	static struct ran r;
	const char *argv[] = { "--dry-run", "--bench", "pi", "--variant", "threaded", "--workers",
			       "1-200", NULL };
	struct planned pts[MAX_POINTS];
	int n;

	cr_assert_eq(run_bench_limited(&r, "runner", argv, -1, 0, "HWLOC_SYNTHETIC=pack:1 core:8 pu:1"), 0);
	cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
	n = plan_points(r.out, pts, MAX_POINTS);
	cr_assert_eq(n, 200);
	cr_expect_str_eq(pts[7].label, "core", "8 workers on 8 cores");
	cr_expect_str_eq(pts[8].label, "oversubscribed", "9 workers on 8 CPUs");
	for (int k = 0; k < n; k++) {
		cr_expect_eq(pts[k].tasks, 3200, "%d workers: tasks=%ld, want 16 x 200", pts[k].workers,
			     pts[k].tasks);
		cr_expect_str_neq(pts[k].label, "beyond", "%d workers have tasks enough",
				  pts[k].workers);
	}
}

/* sweep has one task per grid row, 10 by default: a real limit. Past it the points are labelled
 * beyond, and the sweep stops at twice it, with 10 and 20 themselves planned. */
Test(machine, dry_run_stops_past_a_benchs_limit, .timeout = 60)
{
	static struct ran r;
	const char *argv[] = { "--dry-run", "--bench", "sweep", "--variant", "threaded",
			       "--workers", "1,2,4,8,16,32,64,128", NULL };
	struct planned pts[MAX_POINTS];
	static const int want[] = { 1, 2, 4, 8, 10, 16, 20 };
	int n;

	cr_assert_eq(run_bench_limited(&r, "runner", argv, -1, 0,
				       "HWLOC_SYNTHETIC=pack:2 core:32 pu:2"), 0);
	cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
	n = plan_points(r.out, pts, MAX_POINTS);
	cr_assert_eq(n, 7, "want 1, 2, 4, 8, 10, 16, 20 workers, got %d points:\n%s", n, r.out);
	for (int k = 0; k < n; k++) {
		cr_expect_eq(pts[k].workers, want[k], "point %d", k);
		cr_expect_eq(pts[k].tasks, 10, "%d workers: tasks=%ld", pts[k].workers, pts[k].tasks);
		cr_expect_str_eq(pts[k].label, want[k] > 10 ? "beyond" : "core", "%d workers",
				 want[k]);
	}
}

/* A simulated machine is planned for, never measured: its CPUs are not this machine's. */
Test(machine, simulated_machine_is_not_measured, .timeout = 30)
{
	static struct ran r;
	const char *argv[] = { "--bench", "pi", "--quick", "--out", "/tmp/parbench-never", NULL };
	const char *bench[] = { "--bind", "spread", NULL };

	cr_assert_eq(run_bench_limited(&r, "runner", argv, -1, 0, "HWLOC_SYNTHETIC=pack:2 core:4"), 0);
	cr_expect(r.exited && r.code == 2, "want exit 2, got %d: %s", r.code, r.err);
	cr_expect(strstr(r.err, "--dry-run"), "the message should point to --dry-run: %s", r.err);
	/* A description hwloc cannot use is an error, not a plan for this machine. */
	argv[2] = "--dry-run";
	argv[3] = NULL;
	cr_assert_eq(run_bench_limited(&r, "runner", argv, -1, 0, "HWLOC_SYNTHETIC=pack:1 core:8"), 0);
	cr_expect(r.exited && r.code == 1, "want exit 1, got %d: %s", r.code, r.err);
	cr_expect(strstr(r.err, "HWLOC_SYNTHETIC"), "the message should name it: %s", r.err);
	cr_expect_neq(access("/tmp/parbench-never", F_OK), 0, "no results folder");
	cr_assert_eq(run_bench_limited(&r, "pi", bench, -1, 0, "HWLOC_SYNTHETIC=pack:2 core:4"), 0);
	cr_expect(r.exited && r.code == 2, "a bench cannot pin to a simulated machine: exit %d: %s",
		  r.code, r.err);
}

/* The CPUs this test may use, by number, and how many. */
static int my_cpus(int *cpus, int max)
{
	cpu_set_t set;
	int n = 0;

	cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0, "sched_getaffinity");
	for (int c = 0; c < CPU_SETSIZE && n < max; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	return n;
}

/* This machine's effective CPUs, as the runner's model says (a quota is not in the mask). */
static int effective_cpus(void)
{
	static struct ran r;
	const char *argv[] = { "--dry-run", "--bench", "pi", "--variant", "threaded", "--workers",
			       "1", NULL };
	const char *at;
	int n = 0;

	cr_assert_eq(run_bench(&r, "runner", argv), 0);
	cr_assert(r.exited && r.code == 0, "runner --dry-run: %s", r.err);
	at = strstr(r.out, "# effective CPUs: ");
	cr_assert(at && sscanf(at, "# effective CPUs: %d", &n) == 1 && n > 0, "%s", r.out);
	return n;
}

/* cpus=, a comma list, into numbers; returns how many. */
static int parse_cpus(const struct ran *r, int *out, int max)
{
	char buf[4096], *save = NULL;
	int n = 0;

	cr_assert_str_neq(ran_value(r, "cpus", buf, sizeof buf), "", "no cpus= in: %s", r->out);
	for (char *t = strtok_r(buf, ",", &save); t && n < max; t = strtok_r(NULL, ",", &save))
		out[n++] = atoi(t);
	return n;
}

struct bind_case {
	char variant[16], bind[8];
	int workers, want;	/* want: how many cpus= entries (async's loop is one thread) */
};

static struct bind_case binds[] = {
	{ "serial", "spread", 1, 1 }, { "threaded", "spread", 3, 3 }, { "forked", "spread", 3, 3 },
	{ "pooled", "spread", 3, 3 }, { "procpool", "spread", 3, 3 }, { "gil", "spread", 3, 3 },
	{ "openmp", "spread", 3, 3 }, { "async", "spread", 3, 1 }, { "threaded", "close", 3, 3 },
	{ "procpool", "close", 3, 3 }, { "threaded", "none", 3, 3 }, { "forked", "none", 3, 3 },
	{ "pooled", "none", 3, 3 }, { "procpool", "none", 3, 3 }, { "openmp", "none", 3, 3 },
};

ParameterizedTestParameters(machine, workers_stay_inside_the_mask)
{
	return cr_make_param_array(struct bind_case, binds, NELEMS(binds));
}

/* Pinned or not, no worker escapes the mask: under a mask of this machine's last CPU, every
 * worker reports running there; without one, pinned workers take distinct CPUs while there are
 * enough. */
ParameterizedTest(struct bind_case *c, machine, workers_stay_inside_the_mask, .timeout = 60)
{
	static struct ran r;
	char workers[16];
	const char *argv[] = { "--variant", c->variant, "--workers", workers, "--bind", c->bind,
			       "--size", "1000000", NULL };
	int mine[CPU_SETSIZE], n = my_cpus(mine, CPU_SETSIZE), got[64], k, free_cpus;
	cpu_set_t one;

	free_cpus = effective_cpus();
	snprintf(workers, sizeof workers, "%d", c->workers);
	cr_assert_eq(run_bench(&r, "pi", argv), 0);
	cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
	k = parse_cpus(&r, got, 64);
	cr_assert_eq(k, c->want, "%s: want %d CPUs, got %d: %s", c->variant, c->want, k, r.out);
	for (int i = 0; i < k; i++) {
		int in = 0;

		for (int j = 0; j < n; j++)
			in |= got[i] == mine[j];
		cr_expect(in, "%s --bind %s: worker %d ran on CPU %d, outside the mask", c->variant,
			  c->bind, i, got[i]);
		for (int j = 0; j < i && strcmp(c->bind, "none") && i < free_cpus; j++)
			cr_expect_neq(got[i], got[j], "%s --bind %s: workers %d and %d share CPU %d, "
				      "with %d CPUs free", c->variant, c->bind, j, i, got[i], free_cpus);
	}
	/* Now inside a mask of one CPU: the last, so that CPU 0 is no default that passes. */
	CPU_ZERO(&one);
	CPU_SET(mine[n - 1], &one);
	cr_assert_eq(sched_setaffinity(0, sizeof one, &one), 0, "sched_setaffinity");
	cr_assert_eq(run_bench(&r, "pi", argv), 0);
	cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
	k = parse_cpus(&r, got, 64);
	cr_assert_eq(k, c->want);
	for (int i = 0; i < k; i++)
		cr_expect_eq(got[i], mine[n - 1], "%s --bind %s under a 1-CPU mask: worker %d ran on "
			     "CPU %d, not %d", c->variant, c->bind, i, got[i], mine[n - 1]);
}

/* mpi: mpirun binds nothing (--bind-to none), each rank places itself, inside the mask. */
Test(machine, mpi_ranks_stay_inside_the_mask, .timeout = 60)
{
	static struct ran r;
	const char *argv[] = { "--size", "1000000", NULL };
	int mine[CPU_SETSIZE], n = my_cpus(mine, CPU_SETSIZE), got[8], k;
	cpu_set_t one;

	if (!mpi_built("pi"))
		cr_skip_test("bin/pi-mpi is not built (Open MPI's mpicc is missing)");
	CPU_ZERO(&one);
	CPU_SET(mine[n - 1], &one);
	cr_assert_eq(sched_setaffinity(0, sizeof one, &one), 0, "sched_setaffinity");
	cr_assert_eq(run_mpi(&r, 2, "pi", argv), 0);
	cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
	k = parse_cpus(&r, got, 8);
	cr_assert_eq(k, 2, "both ranks say where they ran: %s", r.out);
	for (int i = 0; i < k; i++)
		cr_expect_eq(got[i], mine[n - 1], "rank %d ran on CPU %d, outside the mask (%d)", i,
			     got[i], mine[n - 1]);
}

/* Pin this test, and so everything it starts, to its last CPU; returns that CPU. */
static int pin_to_one_cpu(void)
{
	int mine[CPU_SETSIZE], n = my_cpus(mine, CPU_SETSIZE);
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(mine[n - 1], &one);
	cr_assert_eq(sched_setaffinity(0, sizeof one, &one), 0, "sched_setaffinity");
	return mine[n - 1];
}

/* The runs.csv rows (up to their first comma-free field's end) of one variant and worker count. */
static int rows_of(const char *csv, const char *variant, int workers, const char **rows, int max)
{
	char head[64];
	int n = 0;

	snprintf(head, sizeof head, "\npi,%s,%d,", variant, workers);
	for (const char *p = csv; n < max && (p = strstr(p, head)); p += strlen(head))
		rows[n++] = p + 1;
	return n;
}

/* The done-when of placement, as a user types it: under a 1-CPU mask the runner plans 1 and 2,
 * labels 2 oversubscribed, warns, and every worker of every run ran on that CPU. */
Test(machine, runner_under_a_one_cpu_mask, .timeout = 120)
{
	static struct ran r;
	static char csv[1 << 16];
	char dir[32], out[64], label[64];
	const char *argv[] = { "--quick", "--bench", "pi", "--variant", "threaded,procpool", "--repeat",
			       "2", "--max-repeat", "2", "--out", out, NULL };
	const char *rows[8];
	int cpu = pin_to_one_cpu();

	cr_assert_eq(tmpdir_make(dir, sizeof dir, "parbench-mask"), 0);
	snprintf(out, sizeof out, "%s/r", dir);
	cr_assert_eq(run_bench(&r, "runner", argv), 0);
	cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
	cr_expect(strstr(r.err, "Only 1 of the") && strstr(r.err, "affinity mask"),
		  "a warning that 1 CPU is usable, and why: %s", r.err);
	cr_assert_eq(run_read_file(out, "runs.csv", csv, sizeof csv), 0, "%s/runs.csv is missing", out);
	tmpdir_remove(dir);
	cr_expect_null(strstr(csv, "\npi,threaded,4,"), "nothing above twice the effective CPUs");
	for (int v = 0; v < 2; v++) {
		const char *variant = v ? "procpool" : "threaded";

		for (int w = 1; w <= 2; w++) {
			int n = rows_of(csv, variant, w, rows, 8);

			cr_expect_eq(n, 3, "%s %d: a warm-up and 2 runs", variant, w);
			for (int k = 0; k < n; k++) {
				char want[64];

				snprintf(label, sizeof label, ",%s,spread,", w == 1 ? "core" : "oversubscribed");
				cr_expect(strstr(rows[k], label) && strstr(rows[k], label) < strchr(rows[k] + 1, '\n'),
					  "%s %d: want %s in %.200s", variant, w, label, rows[k]);
				snprintf(want, sizeof want, w == 1 ? ",\"%d\"," : ",\"%d,%d\",", cpu, cpu);
				cr_expect(strstr(rows[k], want) && strstr(rows[k], want) < strchr(rows[k] + 1, '\n'),
					  "%s %d: every worker on CPU %d: %.200s", variant, w, cpu, rows[k]);
			}
		}
	}
}

/* mpirun binds nothing (each rank places itself), and is told to oversubscribe past the cores
 * or the effective CPUs. A fake mpirun on PATH shows the command line it was given. */
Test(machine, runner_mpirun_command_line, .timeout = 60)
{
	static struct ran r;
	static char csv[1 << 16], path[8192];
	char dir[32], out[64];
	const char *argv[] = { "--bench", "pi", "--variant", "mpi", "--workers", "1,2", "--size",
			       "1000000", "--repeat", "1", "--max-repeat", "1", "--out", out, NULL };
	const char *rows[4];
	char cwd[4096];

	if (!mpi_built("pi"))
		cr_skip_test("bin/pi-mpi is not built (Open MPI's mpicc is missing)");
	pin_to_one_cpu();
	cr_assert_eq(tmpdir_make(dir, sizeof dir, "parbench-mpirun"), 0);
	snprintf(out, sizeof out, "%s/r", dir);
	cr_assert_not_null(getcwd(cwd, sizeof cwd));
	snprintf(path, sizeof path, "PATH=%s/tests/fakes/mpi:%s", cwd, getenv("PATH"));
	cr_assert_eq(run_bench_limited(&r, "runner", argv, -1, 0, path), 0);
	cr_assert(r.exited && r.code == 1, "every mpi run fails with the fake: exit %d: %s", r.code,
		  r.err);
	cr_assert_eq(run_read_file(out, "runs.csv", csv, sizeof csv), 0, "%s/runs.csv is missing", out);
	tmpdir_remove(dir);
	cr_assert_eq(rows_of(csv, "mpi", 1, rows, 4), 2, "a warm-up and a run: %s", csv);
	cr_expect(strstr(rows[0], "--bind-to none") && strstr(rows[0], "-np 1"), "%.300s", rows[0]);
	cr_expect(!strstr(rows[0], "--oversubscribe") || strstr(rows[0], "--oversubscribe") >
		  strchr(rows[0], '\n'), "1 rank on 1 CPU fits: %.300s", rows[0]);
	cr_assert_eq(rows_of(csv, "mpi", 2, rows, 4), 2);
	cr_expect(strstr(rows[0], "--bind-to none") && strstr(rows[0], "--oversubscribe") &&
		  strstr(rows[0], "--oversubscribe") < strchr(rows[0], '\n'),
		  "2 ranks on 1 effective CPU: %.300s", rows[0]);
}

/* gil and async compute on one thread at a time: on a CPU-bound bench they are swept at 1, 2 and
 * the most workers within the effective CPUs only, while threaded gets every count. */
Test(machine, dry_run_sweeps_gil_only_where_it_can_differ, .timeout = 60)
{
	static struct ran r;
	const char *argv[] = { "--dry-run", "--bench", "pi", "--variant", "threaded,gil,async",
			       "--workers", "1,2,4,8,16", NULL };
	int seen[3][17] = { { 0 } };

	cr_assert_eq(run_bench_limited(&r, "runner", argv, -1, 0, "HWLOC_SYNTHETIC=pack:1 core:8 pu:1"), 0);
	cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
	for (const char *line = r.out; *line; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0)) {
		char one[4096], variant[32], workers[16];
		int v;

		snprintf(one, sizeof one, "%.*s", (int)strcspn(line, "\n"), line);
		if (strncmp(one, "bench=", 6) || kv_find(one, "variant", variant, sizeof variant) ||
		    kv_find(one, "workers", workers, sizeof workers))
			continue;
		v = !strcmp(variant, "threaded") ? 0 : !strcmp(variant, "gil") ? 1 :
		    !strcmp(variant, "async") ? 2 : -1;
		if (v >= 0 && atoi(workers) <= 16)
			seen[v][atoi(workers)] = 1;
	}
	for (int w = 1; w <= 16; w *= 2) {
		cr_expect(seen[0][w], "threaded at %d workers", w);
		for (int v = 1; v < 3; v++)
			cr_expect_eq(seen[v][w], w <= 2 || w == 8, "%s at %d workers: planned %d",
				     v == 1 ? "gil" : "async", w, seen[v][w]);
	}
}

/* Which variants a plan of bench has, as a comma list ",threaded,pooled,". */
static void planned_variants(const char *bench, const char *variant, char *list, size_t len)
{
	static struct ran r;
	const char *argv[] = { "--dry-run", "--bench", bench, "--workers", "1,2",
			       variant ? "--variant" : NULL, variant, NULL };

	cr_assert_eq(run_bench_limited(&r, "runner", argv, -1, 0, "HWLOC_SYNTHETIC=pack:1 core:2 pu:1"), 0);
	cr_assert(r.exited && r.code == 0, "runner --dry-run --bench %s: exit %d: %s", bench, r.code,
		  r.err);
	snprintf(list, len, ",");
	for (const char *line = r.out; *line; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0)) {
		char one[4096], v[40];

		snprintf(one, sizeof one, "%.*s", (int)strcspn(line, "\n"), line);
		if (strncmp(one, "bench=", 6) || kv_find(one, "variant", v, 32))
			continue;
		strcat(v, ",");
		if (!strstr(list, v) && strlen(list) + strlen(v) < len)
			strcat(list, v);
	}
}

/* A default sweep leaves out the curves that would repeat another's: the processes and the
 * one-at-a-time threads on a recursive bench, stealing and openmp on an I/O bench, stealing on
 * a memory-bound one; --variant brings any of them back. */
Test(machine, default_sweep_leaves_out_repeated_curves, .timeout = 60)
{
	static const char *gone[][5] = {
		{ "fib", ",forked,", ",procpool,", ",gil,", ",async," },
		{ "sort", ",forked,", ",procpool,", ",gil,", ",async," },
		{ "latency", ",stealing,", ",openmp,", NULL, NULL },
		{ "stream", ",stealing,", NULL, NULL, NULL },
	};
	char list[512];

	for (size_t b = 0; b < sizeof gone / sizeof gone[0]; b++) {
		planned_variants(gone[b][0], NULL, list, sizeof list);
		for (int k = 1; k < 5 && gone[b][k]; k++)
			cr_expect(!strstr(list, gone[b][k]), "%s plans %s by default: %s", gone[b][0],
				  gone[b][k], list);
	}
	planned_variants("fib", NULL, list, sizeof list);
	cr_expect(strstr(list, ",threaded,") && strstr(list, ",pooled,") &&
		  strstr(list, ",stealing,") && strstr(list, ",openmp,"), "fib plans %s", list);
	planned_variants("latency", NULL, list, sizeof list);
	cr_expect(strstr(list, ",pooled,") && strstr(list, ",async,") && strstr(list, ",gil,"),
		  "latency plans %s", list);
	planned_variants("pi", NULL, list, sizeof list);
	cr_expect(strstr(list, ",stealing,") && strstr(list, ",forked,"), "pi plans %s", list);
	planned_variants("fib", "forked,stealing", list, sizeof list);
	cr_expect(strstr(list, ",forked,") && strstr(list, ",stealing,"), "--variant: %s", list);
	planned_variants("latency", "stealing", list, sizeof list);
	cr_expect(strstr(list, ",stealing,"), "--variant stealing on latency: %s", list);
}

/* stream's arrays follow the machine: 4 x its last-level cache each (two 64 MB L3s: 4 x 128e6
 * bytes, 489 MiB rounded up), capped at a quarter of its memory over three arrays. */
Test(machine, stream_arrays_follow_the_llc, .timeout = 30)
{
	static struct ran r;
	const char *argv[] = { "--info", NULL };
	char v[32];

	cr_assert_eq(run_bench_limited(&r, "stream", argv, -1, 0,
				       "HWLOC_SYNTHETIC=pack:2 [numa(memory=8GB)] l3:1(size=64MB) core:4 pu:1"), 0);
	cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
	cr_expect_str_eq(ran_value(&r, "array_mib", v, sizeof v), "489");
	cr_expect_str_eq(ran_value(&r, "array_mib_max", v, sizeof v), "1271", "16e9 bytes / 4 / 3, in MiB");
	cr_assert_eq(run_bench_limited(&r, "stream", argv, -1, 0,
				       "HWLOC_SYNTHETIC=pack:2 [numa(memory=1GB)] l3:1(size=64MB) core:4 pu:1"), 0);
	cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
	cr_expect_str_eq(ran_value(&r, "array_mib", v, sizeof v), "158", "capped: 2e9 bytes / 12, in MiB");
	cr_expect(strstr(r.err, "stream: 4 x the last-level cache is 489 MiB"), "says it is capped: %s",
		  r.err);
}
