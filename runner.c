/* runner.c: sweep benches x variants x workers, measure each point in interleaved rounds, and
 * write the tables, CSV files, gnuplot data, plots and a report that say how the machine scales.
 *   bin/runner [options]          measure (see --help)
 *   bin/runner compare A B        compare two results folders
 *   bin/runner plots DIR          draw a results folder's plots again */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/clock.h"
#include "lib/kv.h"
#include "lib/msg.h"
#include "runner/compare.h"
#include "runner/machine.h"
#include "runner/measure.h"
#include "runner/output.h"
#include "runner/plan.h"
#include "runner/plot.h"
#include "runner/report.h"
#include "runner/spawn.h"

#define MAX_BENCHES 32
#define MAX_VARIANTS 32
#define MAX_WORKERS 64

static const char *all_benches = "pi,primes,mandelbrot,sweep,sum,stream,overhead,latency,files,net";
static const char *all_variants = "serial,threaded,forked,pooled,procpool,gil,openmp,async";
/* mpi needs bin/<bench>-mpi and mpirun, so it runs only when asked for. */
static const char *known_variants = "serial,threaded,forked,pooled,procpool,gil,openmp,async,mpi";

/* Written by the signal handler, read by the loops: the one piece of global state. */
static volatile int stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

enum { R_BENCH, R_VARIANT, R_WORKERS, R_SIZE, R_TASKS, R_CHUNK, R_REPEAT, R_MAX_REPEAT,
       R_TIMEOUT, R_OUT, R_CMD, R_NAME, R_SCALING, R_QUICK, R_BIN, R_HOSTFILE, R_HELP, R_NFLAGS };

static const struct argspec flags[R_NFLAGS] = {
	[R_BENCH] = { "--bench", "LIST", "benches to run (default: all but counter)" },
	[R_VARIANT] = { "--variant", "LIST", "variants (default: all but mpi; serial is always run as the baseline)" },
	[R_WORKERS] = { "--workers", "LIST", "worker counts: 1,2,4 or 1-8 (default 1,2,4,... to the CPUs, the CPUs, twice that)" },
	[R_SIZE] = { "--size", "S", "bench size: small (default), medium, large or a number" },
	[R_TASKS] = { "--tasks", "T", "pass --tasks T to every bench" },
	[R_CHUNK] = { "--chunk", "C", "pass --chunk C to every bench" },
	[R_REPEAT] = { "--repeat", "N", "measured runs per point, at least (default 10; 5 with --quick)" },
	[R_MAX_REPEAT] = { "--max-repeat", "N", "runs per point at most, while the CI is wider than 5% (default 3x --repeat)" },
	[R_TIMEOUT] = { "--timeout", "SEC", "kill a run after SEC seconds (default 120)" },
	[R_OUT] = { "--out", "DIR", "results folder (default results/<host>-<date>-<time>)" },
	[R_CMD] = { "--cmd", "'COMMAND {workers}'", "also measure an external command; {workers} is replaced" },
	[R_NAME] = { "--name", "NAME", "the external command's name in tables and plots (default cmd)" },
	[R_SCALING] = { "--scaling", "K", "strong (default) or weak: size grows with the workers" },
	[R_QUICK] = { "--quick", NULL, "a smoke sweep, for make bench QUICK=1: 5 runs a point, and a quarter of size small unless --size is given" },
	[R_BIN] = { "--bin", "DIR", "where the bench programs are (default: the runner's own directory)" },
	[R_HOSTFILE] = { "--hostfile", "FILE", "mpi: pass this Open MPI hostfile to mpirun, to run the ranks across machines" },
	[R_HELP] = { "--help", NULL, "show this help" },
};

struct runner {
	char benches[MAX_BENCHES][32], variants[MAX_VARIANTS][32], name[32];
	int nbenches, nvariants, workers[MAX_WORKERS], nworkers;
	const char *size, *tasks, *chunk, *out, *cmd, *bindir, *hostfile;
	int repeat, max_repeat, quick, size_given, workers_given;
	double timeout_s;
	char outdir[PATH_MAX], bin[PATH_MAX], machine[512], how[512];
	struct machine_load load_start;
	struct sweep sw;
	struct plotter pl;
};

static void runner_help(void)
{
	printf("usage: runner [--bench LIST] [--variant LIST] [--workers LIST] [--size S] [--repeat N]\n"
	       "              [--max-repeat N] [--timeout SEC] [--out DIR] [--scaling strong|weak]\n"
	       "              [--cmd 'COMMAND {workers}' --name NAME] [--quick] [--hostfile FILE]\n"
	       "       runner compare A B [--out DIR]\n"
	       "       runner plots DIR\n\n"
	       "Measures every bench x variant x worker count, one child process per run, in\n"
	       "interleaved rounds after one warm-up run each, and reports speedup over serial\n"
	       "with 95%% confidence intervals (Hoefler and Belli, SC'15).\n\n");
	argparse_help(stdout, flags, R_NFLAGS);
	printf("\nIt exits 0 when every run succeeded, 1 when any failed (they are listed in the\n"
	       "report), 2 on bad usage and 130 when interrupted (what was measured is written).\n");
}

static int runner_wants(const struct runner *rn, const char *variant)
{
	for (int v = 0; v < rn->nvariants; v++)
		if (!strcmp(rn->variants[v], variant))
			return 1;
	return 0;
}

static void runner_parse(struct runner *rn, int argc, char **argv)
{
	const char *benches = all_benches, *variants = all_variants, *workers = NULL, *value;
	const char *repeat = NULL, *max_repeat = NULL, *scaling = "strong";
	struct argparse ap;
	int k;

	rn->size = "small";
	rn->timeout_s = 120;
	snprintf(rn->name, sizeof rn->name, "cmd");
	argparse_init(&ap, argc, argv, flags, R_NFLAGS);
	while ((k = argparse_next(&ap, &value)) >= 0) {
		switch (k) {
		case R_BENCH: benches = value; break;
		case R_VARIANT: variants = value; break;
		case R_WORKERS: workers = value; break;
		case R_SIZE: rn->size = args_str("--size", value, 31); rn->size_given = 1; break;
		case R_TASKS: rn->tasks = value; args_u64("--tasks", value, 1, 1u << 30); break;
		case R_CHUNK: rn->chunk = value; args_u64("--chunk", value, 1, 1u << 30); break;
		case R_REPEAT: repeat = value; break;
		case R_MAX_REPEAT: max_repeat = value; break;
		case R_TIMEOUT: rn->timeout_s = args_double("--timeout", value, 0.1, 86400); break;
		case R_OUT: rn->out = args_str("--out", value, PATH_MAX - 64); break;
		case R_CMD: rn->cmd = args_str("--cmd", value, 1000); break;
		case R_NAME:
			if (plan_parse_names(value, (char (*)[32])rn->name, 1) != 1)
				msg_usage("--name: expected one name of letters, digits, _ and -, got '%.40s'", value);
			break;
		case R_SCALING: scaling = value; break;
		case R_QUICK: rn->quick = 1; break;
		case R_BIN: rn->bindir = args_str("--bin", value, PATH_MAX - 64); break;
		case R_HOSTFILE:
			rn->hostfile = args_str("--hostfile", value, PATH_MAX - 64);
			if (access(rn->hostfile, R_OK) != 0)
				msg_usage("--hostfile: %.200s: %s", rn->hostfile, strerror(errno));
			break;
		case R_HELP: runner_help(); exit(0);
		}
	}
	if (strcmp(scaling, "strong") && strcmp(scaling, "weak"))
		msg_usage("--scaling: expected strong or weak, got '%.40s'", scaling);
	rn->sw.weak = !strcmp(scaling, "weak");
	rn->nbenches = rn->cmd && benches == all_benches ? 0 :
		       plan_parse_names(benches, rn->benches, MAX_BENCHES);
	if (rn->nbenches < 0)
		msg_usage("--bench: expected distinct names separated by commas, got '%.60s'", benches);
	rn->nvariants = plan_parse_names(variants, rn->variants, MAX_VARIANTS);
	if (rn->nvariants < 0)
		msg_usage("--variant: expected distinct names separated by commas, got '%.60s'", variants);
	for (int v = 0; v < rn->nvariants; v++) {
		char known[MAX_VARIANTS][32];
		int n = plan_parse_names(known_variants, known, MAX_VARIANTS), k = 0;

		while (k < n && strcmp(known[k], rn->variants[v]))
			k++;
		if (k == n)
			msg_usage("--variant: unknown variant '%s' (known: %s)", rn->variants[v],
				  known_variants);
	}
	rn->workers_given = workers != NULL;
	rn->nworkers = workers ? plan_parse_workers(workers, rn->workers, MAX_WORKERS)
			       : plan_default_workers(machine_online_cpus(), rn->workers, MAX_WORKERS);
	if (rn->nworkers < 0)
		msg_usage("--workers: expected counts from 1 to %d such as 1,2,4 or 1-8 (at most %d), got '%.60s'",
			  PLAN_MAX_WORKERS, MAX_WORKERS, workers);
	rn->repeat = repeat ? (int)args_u64("--repeat", repeat, 1, 1000) : rn->quick ? 5 : 10;
	rn->max_repeat = max_repeat ? (int)args_u64("--max-repeat", max_repeat, 1, 10000)
				    : rn->quick ? rn->repeat : 3 * rn->repeat;
	if (rn->max_repeat < rn->repeat)
		msg_usage("--max-repeat %d is below --repeat %d", rn->max_repeat, rn->repeat);
	if (rn->cmd && !strstr(rn->cmd, "{workers}"))
		msg_usage("--cmd: the command must contain {workers}, where the worker count goes");
	if (!rn->cmd && rn->nbenches == 0)
		msg_usage("nothing to run: give --bench or --cmd");
	if (rn->hostfile && !runner_wants(rn, "mpi"))
		msg_usage("--hostfile is for the mpi variant: add mpi to --variant");
}

/* Ask a bench what it is (cpu, memory or io) and what its --size is as a number (0 when the
 * size is a name the bench does not know). Returns 0, or -1 after a message. */
static int bench_info(struct runner *rn, const char *bench, char *kind, size_t kindlen,
		      uint64_t *size)
{
	char path[PATH_MAX + 40], value[64];
	char *argv[] = { path, "--info", NULL };
	struct spawned s;

	snprintf(path, sizeof path, "%s/%s", rn->bin, bench);
	if (spawn_run(argv, NULL, 10, &stop_requested, &s) != 0)
		return -1;
	if (!s.exited || s.code != 0 || kv_find(s.out, "kind", kind, kindlen) != 0) {
		msg_warn("%s --info failed: %s", path, s.err[0] ? s.err : "no answer");
		return -1;
	}
	*size = 0;
	if (args_parse_u64(rn->size, 1, UINT64_MAX, size) != 0 &&
	    kv_find(s.out, rn->size, value, sizeof value) == 0)
		args_parse_u64(value, 1, UINT64_MAX, size);
	return 0;
}

/* The default sweep of an I/O bench goes far past the cores: waiting costs no CPU. */
static int io_workers(int cpus, int async, int *out, int max)
{
	int n = 0, top = async ? 1024 : 64;

	for (int w = 1; w <= top && n < max; w *= 2)
		out[n++] = w;
	for (int k = 0; k < n; k++)
		if (out[k] == cpus)
			return n;
	if (n < max && cpus < top) {	/* the core count itself, so the plot can mark it */
		int k = n++;

		while (k > 0 && out[k - 1] > cpus) {
			out[k] = out[k - 1];
			k--;
		}
		out[k] = cpus;
	}
	return n;
}

/* Whether a point can run here at all; says why not. */
static int point_feasible(const char *bench, const char *variant, int w,
			  const char *kind)
{
	struct rlimit rl;
	int max = strcmp(variant, "async") ? 4096 : 1000000;

	if (w > max) {
		msg_warn("skipping %s %s with %d workers: %s takes at most %d", bench, variant, w,
			 variant, max);
		return 0;
	}
	/* Each task in flight of an I/O bench may hold a socket or a file, and its server too. */
	if (!strcmp(kind, "io") && getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && (rlim_t)(2 * w + 64) > rl.rlim_cur) {
		msg_warn("skipping %s %s with %d workers: it needs about %d open files and the limit "
			 "is %lu", bench, variant, w, 2 * w + 64, (unsigned long)rl.rlim_cur);
		return 0;
	}
	return 1;
}

static struct point *add_point(struct runner *rn, const char *bench, const char *variant,
			       int workers, const char *size)
{
	struct sweep *sw = &rn->sw;
	struct point *p = &sw->pts[sw->npts];

	memset(p, 0, sizeof *p);
	snprintf(p->bench, sizeof p->bench, "%s", bench);
	snprintf(p->variant, sizeof p->variant, "%s", variant);
	snprintf(p->size, sizeof p->size, "%s", size);
	p->workers = workers;
	p->oversubscribed = workers > sw->cpus;
	p->baseline = (int)sw->npts;
	sw->npts++;
	return p;
}

/* Whether the mpi variant of a bench can run: its program is built and mpirun starts, probed
 * the way plot.c probes gnuplot. */
static int mpi_ready(const struct runner *rn, const char *bench)
{
	char path[PATH_MAX + 48];
	char *probe[] = { "mpirun", "--version", NULL };
	struct spawned s;

	snprintf(path, sizeof path, "%s/%s-mpi", rn->bin, bench);
	if (access(path, X_OK) != 0) {
		msg_warn("skipping %s mpi: %s: %s (make builds it when mpicc is installed: "
			 "libopenmpi-dev)", bench, path, strerror(errno));
		return 0;
	}
	if (spawn_run(probe, NULL, 10, &stop_requested, &s) != 0 || !s.exited || s.code != 0) {
		msg_warn("skipping %s mpi: mpirun --version did not run (install openmpi-bin)", bench);
		return 0;
	}
	return 1;
}

/* Every point, serial first in each bench so its result is known before the others'. */
static int runner_plan(struct runner *rn)
{
	struct sweep *sw = &rn->sw;
	size_t most = (size_t)(rn->nbenches + 1) * (MAX_VARIANTS + 1) * 2 * MAX_WORKERS + 1;

	sw->pts = calloc(most, sizeof *sw->pts);
	if (!sw->pts) {
		msg_errno("calloc");
		return -1;
	}
	for (int b = 0; b < rn->nbenches; b++) {
		char path[PATH_MAX + 40], size[32], kind[16];
		int list[2][MAX_WORKERS], nlist[2], serial = -1, have_mpi;
		uint64_t base = 0;

		snprintf(path, sizeof path, "%s/%s", rn->bin, rn->benches[b]);
		if (access(path, X_OK) != 0) {
			msg_warn("--bench: %s: %s (run make first?)", path, strerror(errno));
			return -2;
		}
		if (bench_info(rn, rn->benches[b], kind, sizeof kind, &base) != 0)
			return -1;
		have_mpi = runner_wants(rn, "mpi") && mpi_ready(rn, rn->benches[b]);
		if (!base) {	/* neither a whole number nor one of the bench's size names */
			msg_warn("--size: %s has no size '%s' (small, medium, large or a whole number "
				 "from 1)", rn->benches[b], rn->size);
			return -2;
		}
		if (rn->quick && !rn->size_given)
			base = base / 4 ? base / 4 : 1;	/* a smoke sweep needs no precision */
		else if (!sw->weak)
			base = 0;	/* pass --size on as given */
		/* list[0] for every variant, list[1] for async, which can keep far more in flight. */
		for (int a = 0; a < 2; a++) {
			nlist[a] = rn->nworkers;
			memcpy(list[a], rn->workers, rn->nworkers * sizeof *rn->workers);
			if (!rn->workers_given && !rn->quick && !strcmp(kind, "io"))
				nlist[a] = io_workers(sw->cpus, a, list[a], MAX_WORKERS);
		}
		for (int a = 0; a < 2; a++) {
			for (int k = 0; k < nlist[a]; k++) {
				int w = list[a][k];

				if (a == 1 && k < nlist[0] && list[0][k] == w)
					continue;	/* already planned in the first pass */
				if (base)
					snprintf(size, sizeof size, "%lu",
						 (unsigned long)(sw->weak ? base * w : base));
				else
					snprintf(size, sizeof size, "%s", rn->size);
				/* Strong scaling: one serial point; weak: one at each scaled size. */
				if (serial < 0 || (sw->weak && a == 0)) {
					serial = (int)sw->npts;
					snprintf(add_point(rn, rn->benches[b], "serial", 1, size)->kind, sizeof sw->pts[0].kind,
						 "%s", kind);
				}
				for (int v = 0; v < rn->nvariants; v++) {
					struct point *p;

					if (!strcmp(rn->variants[v], "mpi") && !have_mpi)
						continue;
					if (!strcmp(rn->variants[v], "serial") ||
					    (a == 1 && strcmp(rn->variants[v], "async")) ||
					    !point_feasible(rn->benches[b], rn->variants[v], w, kind))
						continue;
					p = add_point(rn, rn->benches[b], rn->variants[v], w, size);
					p->baseline = serial;
					snprintf(p->kind, sizeof p->kind, "%s", kind);
				}
			}
		}
	}
	if (rn->cmd) {
		int base = (int)sw->npts, have_one = rn->workers[0] == 1;

		/* Its speedup is over its own 1-worker run, so that run is always measured. */
		if (!have_one)
			add_point(rn, rn->name, rn->name, 1, "")->cmd = rn->cmd;
		for (int k = 0; k < rn->nworkers; k++) {
			struct point *p = add_point(rn, rn->name, rn->name, rn->workers[k], "");

			p->cmd = rn->cmd;
			p->baseline = base;
		}
	}
	return 0;
}

static int write_machine(struct runner *rn, const struct machine_load *end)
{
	char src[PATH_MAX + 8];
	struct outfile o;

	snprintf(src, sizeof src, "%s/..", rn->bin);
	if (outfile_open(&o, rn->outdir, "machine.txt") != 0)
		return -1;
	if (machine_describe(o.f, &rn->load_start, end, src) != 0) {
		fclose(o.f);
		unlink(o.tmp);
		return -1;
	}
	return outfile_commit(&o);
}

/* After every round: what was measured so far is on disk, whatever happens next. */
static void save_runs(struct sweep *sw, void *arg)
{
	output_runs_csv(sw, arg);
}

static int write_results(struct runner *rn)
{
	struct machine_load end;
	int err = 0;

	sweep_analyse(&rn->sw);
	if (machine_load_now(&end) != 0 || write_machine(rn, &end) != 0)
		err = -1;
	err |= output_runs_csv(&rn->sw, rn->outdir);
	err |= output_summary_csv(&rn->sw, rn->outdir);
	err |= output_fits_csv(&rn->sw, rn->outdir);
	err |= output_dat(&rn->sw, rn->outdir);
	if (plot_sweep(&rn->pl, &rn->sw, rn->outdir, rn->machine) != 0)
		msg_warn(err ? "some plots failed" : "some plots failed; the tables and CSV files are "
			 "complete");
	err |= report_write(&rn->sw, rn->outdir, rn->machine, rn->how);
	return err ? -1 : 0;
}

static void print_summary(struct runner *rn)
{
	const char *benches[64];
	size_t nb = sweep_benches(&rn->sw, benches, 64);
	static const char *files[] = { "report.md", "summary.csv", "runs.csv", "fits.csv", "machine.txt" };
	static const char *extras[] = { "overhead.png", "latency-throughput.png", "files-throughput.png",
					"net-throughput.png", "sweep-map.png", "mandelbrot.png" };

	output_tables(&rn->sw, stdout);
	for (size_t b = 0; b < nb && rn->pl.have_gnuplot; b++)
		plot_text_chart(&rn->pl, &rn->sw, rn->outdir, benches[b], stdout);
	printf("\nwrote:\n");
	for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
		printf("  %s/%s\n", rn->outdir, files[k]);
	for (size_t b = 0; b < nb; b++) {
		printf("  %s/%s.dat", rn->outdir, benches[b]);
		if (rn->pl.have_gnuplot)
			printf(", %s-speedup.png, %s-efficiency.png", benches[b], benches[b]);
		printf("\n");
	}
	for (size_t k = 0; k < sizeof extras / sizeof extras[0] && rn->pl.have_gnuplot; k++) {
		char path[PATH_MAX + 32];

		/* Drawn only for some benches: listed when they are there. */
		snprintf(path, sizeof path, "%s/%s", rn->outdir, extras[k]);
		if (access(path, F_OK) == 0)
			printf("  %s\n", path);
	}
	if (!rn->pl.have_gnuplot)
		printf("gnuplot was not found, so no plots were drawn. Install it (Debian: apt-get "
		       "install gnuplot-nox), then run: make plots DIR=%s\n", rn->outdir);
	fflush(stdout);
}

/* What the runner itself added: the measuring loop's time beyond its runs' processes. */
static void runner_cost(const struct sweep *sw)
{
	double runs = 0, timed = 0;

	for (size_t i = 0; i < sw->nruns; i++) {
		runs += sw->runs[i].wall_s;
		timed += sw->runs[i].seconds;
	}
	fprintf(stderr, "%s: %zu runs in %.1f s; their processes took %.1f s (timed sections "
		"%.1f s); the runner's own work between them %.3f s (%.2f%% of the timed sections)\n",
		msg_prog(), sw->nruns, sw->measuring_s, runs, timed, sw->measuring_s - runs,
		timed > 0 ? 100 * (sw->measuring_s - runs) / timed : 0.0);
}

/* Raise the open-file limit as far as allowed: many workers hold many pipes and sockets. */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		msg_errno("getrlimit");
		return;
	}
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		msg_errno("setrlimit");
}

static int runner_run(struct runner *rn, int argc, char **argv)
{
	struct measure_opts mo;
	struct sigaction sa;
	char host[128] = "host", stamp[32];
	time_t now = time(NULL);
	int rc, code = EXIT_RUNTIME;

	rn->sw.cpus = machine_online_cpus();
	runner_parse(rn, argc, argv);
	if (rn->bindir)
		snprintf(rn->bin, sizeof rn->bin, "%s", rn->bindir);
	else {
		const char *slash = strrchr(argv[0], '/');

		snprintf(rn->bin, sizeof rn->bin, "%.*s", slash ? (int)(slash - argv[0]) : 1,
			 slash ? argv[0] : ".");
	}
	raise_nofile();	/* before planning: it decides which concurrencies can be had */
	rc = runner_plan(rn);
	if (rc != 0) {
		code = rc == -2 ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}
	/* After planning, so that a usage error it finds is the one line on stderr. */
	if (plot_init(&rn->pl, argv[0], &stop_requested) != 0)
		rn->pl.have_gnuplot = 0;
	if (!rn->pl.have_gnuplot)
		msg_warn("gnuplot not found: tables and CSV files only (apt-get install gnuplot-nox)");

	if (rn->out) {
		snprintf(rn->outdir, sizeof rn->outdir, "%s", rn->out);
	} else {
		if (gethostname(host, sizeof host) != 0)
			msg_errno("gethostname");
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
		snprintf(rn->outdir, sizeof rn->outdir, "results/%s-%s", host, stamp);
	}
	machine_summary(rn->machine, sizeof rn->machine);
	snprintf(rn->how, sizeof rn->how, "%s scaling, size %s, %d to %d measured runs per point "
		 "after a warm-up, interleaved; %zu points", rn->sw.weak ? "weak" : "strong",
		 rn->quick && !rn->size_given ? "small/4 (quick)" : rn->size, rn->repeat,
		 rn->max_repeat, rn->sw.npts);
	if (output_mkdir(rn->outdir) != 0 || machine_load_now(&rn->load_start) != 0 ||
	    write_machine(rn, NULL) != 0) {
		msg_warn("cannot write results to %s", rn->outdir);
		goto out;
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: a waiting poll() must wake up */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0) {
		msg_errno("sigaction");
		goto out;
	}
	mo = (struct measure_opts){ rn->bin, rn->outdir, rn->tasks, rn->chunk, rn->repeat,
				    rn->max_repeat, rn->timeout_s, &stop_requested, isatty(2),
				    rn->hostfile, geteuid() == 0 };
	fprintf(stderr, "%s: %zu points x %d runs (+1 warm-up) into %s\n", msg_prog(), rn->sw.npts,
		rn->repeat, rn->outdir);
	rc = measure_sweep(&rn->sw, &mo, save_runs, rn->outdir);
	rn->sw.interrupted = rc != 0;
	rn->pl.stop = NULL;	/* the plots of what was measured are still drawn */
	runner_cost(&rn->sw);
	if (write_results(rn) != 0)
		goto out;
	print_summary(rn);
	if (rn->sw.interrupted) {
		fprintf(stderr, "%s: interrupted; the results measured so far are in %s\n", msg_prog(),
			rn->outdir);
		code = 130;
	} else if (sweep_failed_runs(&rn->sw)) {
		fprintf(stderr, "%s: %d run(s) failed: see %s/report.md\n", msg_prog(),
			sweep_failed_runs(&rn->sw), rn->outdir);
	} else {
		code = 0;
	}
out:
	return code;	/* runner_main frees the sweep */
}

/* runner plots DIR: the folder, then flags (only --help). */
static int plots_main(int argc, char **argv, const char *argv0)
{
	static const struct argspec plots_flags[] = { { "--help", NULL, "show this help" } };
	const char *dir = NULL, *value;
	struct argparse ap;
	struct plotter pl;

	if (argc > 1 && strncmp(argv[1], "--", 2)) {
		dir = argv[1];
		argv++;
		argc--;
	}
	argparse_init(&ap, argc, argv, plots_flags, 1);
	if (argparse_next(&ap, &value) >= 0) {
		printf("usage: runner plots DIR\n\nDraws a results folder's plots again, from the "
		       "gnuplot data it holds.\n");
		argparse_help(stdout, plots_flags, 1);
		return 0;
	}
	if (!dir || !*dir)
		msg_usage("plots needs a results folder: runner plots DIR");
	if (plot_init(&pl, argv0, NULL) != 0)
		return EXIT_RUNTIME;
	return plot_replay(&pl, dir) ? EXIT_RUNTIME : 0;
}

static int runner_main(int argc, char **argv)
{
	struct runner *rn = calloc(1, sizeof *rn);
	int rc;

	if (!rn) {
		msg_errno("calloc");
		return EXIT_RUNTIME;
	}
	rc = runner_run(rn, argc, argv);
	sweep_free(&rn->sw);
	free(rn);
	return rc;
}

int main(int argc, char **argv)
{
	msg_set_prog(argv[0]);
	if (argc >= 2 && !strcmp(argv[1], "compare"))
		return compare_main(argc - 1, argv + 1, argv[0]);
	if (argc >= 2 && !strcmp(argv[1], "plots"))
		return plots_main(argc - 1, argv + 1, argv[0]);
	return runner_main(argc, argv);
}
