/* runner.c: sweep benches x variants x workers, measure each point in interleaved rounds, and
 * write the tables, CSV files, gnuplot data, plots and a report that say how the machine scales.
 *   bin/runner [options]          measure (see --help)
 *   bin/runner compare A B        compare two results folders
 *   bin/runner plots DIR          analyse a results folder again and redraw it (publish.c) */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/msg.h"
#include "lib/place.h"
#include "lib/process.h"
#include "lib/topo.h"
#include "runner/compare.h"
#include "runner/distort.h"
#include "runner/dryrun.h"
#include "runner/machine.h"
#include "runner/measure.h"
#include "runner/output.h"
#include "runner/plan.h"
#include "runner/plot.h"
#include "runner/points.h"
#include "runner/publish.h"
#include "runner/report.h"


/* Written by the signal handler, read by the loops: the one piece of global state. */
static volatile int stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

enum { R_BENCH, R_VARIANT, R_WORKERS, R_SIZE, R_TASKS, R_CHUNK, R_REPEAT, R_MAX_REPEAT,
       R_TIMEOUT, R_OUT, R_CMD, R_NAME, R_VS, R_SCALING, R_QUICK, R_BIN, R_HOSTFILE, R_BIND, R_DRY_RUN,
       R_TIME, R_HELP, R_NFLAGS };

static const struct argspec flags[R_NFLAGS] = {
	[R_BENCH] = { "--bench", "LIST", "benches to run (default: every bench in bin/benches.txt that says default=yes in --info)" },
	[R_VARIANT] = { "--variant", "LIST", "variants (default: all the benches run but mpi, less the points that would repeat another curve (README); serial is always run as the baseline)" },
	[R_WORKERS] = { "--workers", "LIST", "worker counts: 1,2,4 or 1-8 (default: 1,2,4,... below the effective CPUs, one socket's cores, all cores, all hardware threads, the effective CPUs, twice that)" },
	[R_SIZE] = { "--size", "S", "bench size: auto (default: each bench's serial run takes about max(0.1 s, 10 ms x the most workers on physical cores), calibrated by one uncounted serial run at small), small, medium, large or a number" },
	[R_TASKS] = { "--tasks", "T", "pass --tasks T to every bench (default: at least 16 x the most workers, by each bench's rule, the same for all its variants)" },
	[R_CHUNK] = { "--chunk", "C", "pass --chunk C to every bench" },
	[R_REPEAT] = { "--repeat", "N", "measured runs per point, at least (default 10; 5 with --quick)" },
	[R_MAX_REPEAT] = { "--max-repeat", "N", "runs per point at most, while the CI is wider than 5% (default 1.5x --repeat)" },
	[R_TIMEOUT] = { "--timeout", "SEC", "kill a run after SEC seconds (default 120)" },
	[R_OUT] = { "--out", "DIR", "results folder (default results/<host>-<date>-<time>)" },
	[R_CMD] = { "--cmd", "'COMMAND {workers}'", "also measure an external command (up to 8, each --cmd with its --name); {workers} is replaced by the worker count, and with --vs {size} and {tasks} by the bench's" },
	[R_NAME] = { "--name", "NAME", "the name of the --cmd before it, in tables and plots (default cmd, cmd2, ...)" },
	[R_VS] = { "--vs", "BENCH", "draw the external command as a variant of BENCH, over BENCH's serial at the same size; a result= it prints must equal serial's" },
	[R_SCALING] = { "--scaling", "K", "strong (default) or weak: size grows with the workers" },
	[R_QUICK] = { "--quick", NULL, "a smoke sweep, for make bench QUICK=1: 5 runs a point, and under --size auto a quarter of its work" },
	[R_BIN] = { "--bin", "DIR", "where the bench programs are (default: the runner's own directory)" },
	[R_HOSTFILE] = { "--hostfile", "FILE", "mpi: pass this Open MPI hostfile to mpirun, to run the ranks across machines" },
	[R_BIND] = { "--bind", "P", "where workers run, for every variant: spread (default: one per core, round the sockets, then SMT siblings), close (fill a socket first) or none (not pinned)" },
	[R_DRY_RUN] = { "--dry-run", NULL, "print the machine model and the plan (each bench's size and tasks, every point, its label and CPUs, and an estimate of the time), run nothing" },
	[R_TIME] = { "--time", "T", "compute (default: from the moment every worker is ready to the last result) or whole (start-up and teardown included: what a user waits for)" },
	[R_HELP] = { "--help", NULL, "show this help" },
};

struct runner {
	struct points pts;	/* what to measure, and the plan of it */
	const char *chunk, *out, *bindir, *hostfile;
	int repeat, max_repeat, dry_run;
	enum place_policy bind;
	struct topo topo;
	double timeout_s;
	char outdir[PATH_MAX], bin[PATH_MAX], machine[512], how[512];
	char warnings[2048];	/* what may distort the numbers, a Markdown list */
	struct machine_load load_start;
	struct sweep sw;
	struct plotter pl;
};

static void runner_help(void)
{
	printf("usage: runner [--bench LIST] [--variant LIST] [--workers LIST] [--size S] [--repeat N]\n"
	       "              [--max-repeat N] [--timeout SEC] [--out DIR] [--scaling strong|weak]\n"
	       "              [--cmd 'COMMAND {workers}' --name NAME]... [--vs BENCH] [--quick] [--hostfile FILE]\n"
	       "              [--bind none|close|spread] [--time compute|whole] [--dry-run]\n"
	       "       runner compare A B [--out DIR]\n"
	       "       runner plots DIR\n\n"
	       "Measures every bench x variant x worker count, one child process per run, in\n"
	       "interleaved rounds after one warm-up run each, and reports speedup over serial\n"
	       "with 95%% confidence intervals (Hoefler and Belli, SC'15).\n\n");
	argparse_help(stdout, flags, R_NFLAGS);
	printf("\nIt exits 0 when every run succeeded, 1 when any failed (they are listed in the\n"
	       "report), 2 on bad usage and 130 when interrupted (what was measured is written).\n");
}


/* --cmd: one more external command, named cmd, cmd2, ... until its --name. */
static void runner_cmd(struct points *pts, const char *line)
{
	if (pts->ncmds == POINTS_MAX_CMDS)
		msg_usage("--cmd: at most %d commands", POINTS_MAX_CMDS);
	pts->cmds[pts->ncmds].line = line;
	pts->cmds[pts->ncmds].named = 0;
	snprintf(pts->cmds[pts->ncmds].name, sizeof pts->cmds[0].name, "cmd");
	if (pts->ncmds)
		snprintf(pts->cmds[pts->ncmds].name, sizeof pts->cmds[0].name, "cmd%d", pts->ncmds + 1);
	pts->ncmds++;
}

/* --name: names the --cmd before it. */
static void runner_cmd_name(struct points *pts, const char *value)
{
	if (!pts->ncmds)
		msg_usage("--name names the --cmd before it: give --cmd first");
	if (pts->cmds[pts->ncmds - 1].named)
		msg_usage("--name %.40s: the --cmd before it is named %s already", value,
			  pts->cmds[pts->ncmds - 1].name);
	pts->cmds[pts->ncmds - 1].named = 1;
	if (plan_parse_names(value, (char (*)[32])pts->cmds[pts->ncmds - 1].name, 1) != 1)
		msg_usage("--name: expected one name of letters, digits, _ and -, got '%.40s'", value);
}

static void runner_parse(struct runner *rn, int argc, char **argv)
{
	const char *value, *repeat = NULL, *max_repeat = NULL, *scaling = "strong", *timing = "compute";
	struct argparse ap;
	int k;

	rn->pts.size = "auto";
	rn->timeout_s = 120;
	rn->bind = PLACE_SPREAD;
	argparse_init(&ap, argc, argv, flags, R_NFLAGS);
	ap.repeats = UINT64_C(1) << R_CMD | UINT64_C(1) << R_NAME;	/* a --name per --cmd */
	while ((k = argparse_next(&ap, &value)) >= 0) {
		switch (k) {
		case R_BENCH: rn->pts.bench_list = value; break;
		case R_VARIANT: rn->pts.variant_list = value; break;
		case R_WORKERS: rn->pts.worker_list = value; break;
		case R_SIZE: rn->pts.size = args_str("--size", value, 31); rn->pts.size_given = 1; break;
		case R_TASKS: rn->pts.tasks = value; args_u64("--tasks", value, 1, 1u << 30); break;
		case R_CHUNK: rn->chunk = value; args_u64("--chunk", value, 1, 1u << 30); break;
		case R_REPEAT: repeat = value; break;
		case R_MAX_REPEAT: max_repeat = value; break;
		case R_TIMEOUT: rn->timeout_s = args_double("--timeout", value, 0.1, 86400); break;
		case R_OUT: rn->out = args_str("--out", value, PATH_MAX - 64); break;
		case R_CMD: runner_cmd(&rn->pts, args_str("--cmd", value, 1000)); break;
		case R_NAME: runner_cmd_name(&rn->pts, value); break;
		case R_VS:
			if (plan_parse_names(value, (char (*)[32])rn->pts.vs, 1) != 1)
				msg_usage("--vs: expected one bench name, got '%.40s'", value);
			break;
		case R_SCALING: scaling = value; break;
		case R_QUICK: rn->pts.quick = 1; break;
		case R_BIN: rn->bindir = args_str("--bin", value, PATH_MAX - 64); break;
		case R_HOSTFILE:
			rn->hostfile = args_str("--hostfile", value, PATH_MAX - 64);
			if (access(rn->hostfile, R_OK) != 0)
				msg_usage("--hostfile: %.200s: %s", rn->hostfile, strerror(errno));
			break;
		case R_BIND:
			if (place_parse(value, &rn->bind) != 0)
				msg_usage("--bind: expected " PLACE_NAMES ", got '%.40s'", value);
			break;
		case R_DRY_RUN: rn->dry_run = 1; break;
		case R_TIME: timing = value; break;
		case R_HELP: runner_help(); exit(0);
		}
	}
	if (strcmp(scaling, "strong") && strcmp(scaling, "weak"))
		msg_usage("--scaling: expected strong or weak, got '%.40s'", scaling);
	rn->sw.weak = !strcmp(scaling, "weak");
	if (strcmp(timing, "compute") && strcmp(timing, "whole"))
		msg_usage("--time: expected compute or whole, got '%.40s'", timing);
	rn->sw.whole = !strcmp(timing, "whole");
	if (rn->pts.bench_list && (rn->pts.nbenches = plan_parse_names(rn->pts.bench_list,
					rn->pts.benches, POINTS_MAX_BENCHES)) < 0)
		msg_usage("--bench: expected distinct names separated by commas, got '%.60s'",
			  rn->pts.bench_list);
	if (rn->pts.variant_list && (rn->pts.nvariants = plan_parse_names(rn->pts.variant_list,
					rn->pts.variants, POINTS_MAX_VARIANTS)) < 0)
		msg_usage("--variant: expected distinct names separated by commas, got '%.60s'",
			  rn->pts.variant_list);
	if (rn->pts.worker_list) {
		rn->pts.nworkers = plan_parse_workers(rn->pts.worker_list, &rn->pts.workers);
		if (rn->pts.nworkers == -1)
			msg_usage("--workers: expected counts from 1 to %d such as 1,2,4 or 1-8, got '%.60s'",
				  PLAN_MAX_WORKERS, rn->pts.worker_list);
		if (rn->pts.nworkers < 0)
			exit(EXIT_RUNTIME);
	}
	rn->repeat = repeat ? (int)args_u64("--repeat", repeat, 1, 1000) : rn->pts.quick ? 5 : 10;
	rn->max_repeat = max_repeat ? (int)args_u64("--max-repeat", max_repeat, 1, 10000)
				    : rn->pts.quick ? rn->repeat : rn->repeat + rn->repeat / 2;
	if (rn->max_repeat < rn->repeat)
		msg_usage("--max-repeat %d is below --repeat %d", rn->max_repeat, rn->repeat);
	for (int c = 0; c < rn->pts.ncmds; c++) {
		const char *line = rn->pts.cmds[c].line;

		if (!strstr(line, "{workers}"))
			msg_usage("--cmd: the command must contain {workers}, where the worker count goes");
		if (!rn->pts.vs[0] && (strstr(line, "{size}") || strstr(line, "{tasks}")))
			msg_usage("--cmd: {size} and {tasks} are a bench's: name it with --vs BENCH");
		for (int d = 0; d < c; d++)
			if (!strcmp(rn->pts.cmds[d].name, rn->pts.cmds[c].name))
				msg_usage("--name: two commands are called '%s'", rn->pts.cmds[c].name);
	}
	if (rn->pts.vs[0] && !rn->pts.ncmds)
		msg_usage("--vs %s: it says which bench --cmd's command joins: give --cmd too", rn->pts.vs);
	if (rn->hostfile && !points_wants(&rn->pts, "mpi"))
		msg_usage("--hostfile is for the mpi variant: add mpi to --variant");
}

/* What may distort the numbers, once, on stderr now and in report.md later. */
static void runner_warn(struct runner *rn)
{
	double load[3] = { 0, 0, 0 };
	char *line, *save = NULL, copy[sizeof rn->warnings];

	if (getloadavg(load, 3) < 1)
		load[0] = 0;	/* unknown: no warning rather than a wrong one */
	if (distort_check(&rn->topo, load[0], rn->warnings, sizeof rn->warnings) == 0)
		return;
	snprintf(copy, sizeof copy, "%s", rn->warnings);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		msg_warn("warning: %s", line[0] == '-' ? line + 2 : line);
}

/* "1:0 2:0,1 4:0,1,0,1": the CPUs of each worker count the sweep plans, by the policy. */
static void worker_map(const struct runner *rn, char *buf, size_t len)
{
	size_t used = 0, cap = 65536;	/* as dryrun.c's: 4096 workers of 5-digit CPUs */
	char *cpus = malloc(cap);

	buf[0] = '\0';
	if (!cpus) {
		msg_errno("malloc");
		return;
	}
	for (size_t i = 0; i < rn->sw.npts; i++) {
		int seen = 0;

		for (size_t j = 0; j < i && !seen; j++)
			seen = rn->sw.pts[j].workers == rn->sw.pts[i].workers;
		if (seen || place_describe(&rn->topo, rn->bind, rn->sw.pts[i].workers, cpus,
					   cap) != 0)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%d:%s", used ? " " : "",
					 rn->sw.pts[i].workers, cpus);
		if (used >= len) {
			buf[len - 1] = '\0';
			break;
		}
	}
	free(cpus);
}

static int write_machine(struct runner *rn, const struct machine_load *end)
{
	char src[PATH_MAX + 8], *map = malloc(65536);
	struct outfile o;
	int rc;

	if (!map) {
		msg_errno("malloc");
		return -1;
	}
	worker_map(rn, map, 65536);
	snprintf(src, sizeof src, "%s/..", rn->bin);
	if (outfile_open(&o, rn->outdir, "machine.txt") != 0) {
		free(map);
		return -1;
	}
	rc = machine_describe(o.f, &rn->load_start, end, src, &rn->topo, place_name(rn->bind), map);
	free(map);
	if (rc != 0) {
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
	struct sweep_notes notes;
	struct machine_load end;
	int err = 0;

	if (machine_load_now(&end) != 0 || write_machine(rn, &end) != 0)
		err = -1;
	machine_picture(rn->outdir, NULL);	/* the report says when there is none */
	err |= output_runs_csv(&rn->sw, rn->outdir);
	snprintf(notes.how, sizeof notes.how, "%s", rn->how);
	snprintf(notes.sizing, sizeof notes.sizing, "%s", rn->pts.sizing);
	snprintf(notes.warnings, sizeof notes.warnings, "%s", rn->warnings);
	notes.weak = rn->sw.weak;
	notes.interrupted = rn->sw.interrupted;
	err |= publish_notes_write(rn->outdir, &notes);
	err |= publish_results(&rn->sw, rn->outdir, &rn->pl, rn->machine, rn->how, rn->pts.sizing,
			       rn->warnings);
	return err ? -1 : 0;
}

static void print_summary(struct runner *rn)
{
	const char *benches[64];
	size_t nb = sweep_benches(&rn->sw, benches, 64);
	static const char *files[] = { "report.md", "summary.csv", "runs.csv", "fits.csv", "machine.txt" };

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
	for (size_t b = 0; b < nb && rn->pl.have_gnuplot; b++) {
		char path[PATH_MAX + 200], name[128];

		/* Drawn only for some benches: listed when they are there. */
		snprintf(path, sizeof path, "%s/%s.png", rn->outdir, benches[b]);
		if (sweep_has_cost(&rn->sw, benches[b]) && access(path, F_OK) == 0)
			printf("  %s\n", path);
		snprintf(path, sizeof path, "%s/%s-throughput.png", rn->outdir, benches[b]);
		if (access(path, F_OK) == 0)
			printf("  %s\n", path);
		snprintf(path, sizeof path, "%s/%s-start.png", rn->outdir, benches[b]);
		if (access(path, F_OK) == 0)
			printf("  %s\n", path);
		if (plot_byproduct_png(&rn->sw, benches[b], name, sizeof name) == 0) {
			snprintf(path, sizeof path, "%s/%s", rn->outdir, name);
			if (access(path, F_OK) == 0)
				printf("  %s\n", path);
		}
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

static int runner_run(struct runner *rn, int argc, char **argv)
{
	struct measure_opts mo;
	struct sigaction sa;
	char host[128] = "host", stamp[32];
	time_t now = time(NULL);
	int rc, code = EXIT_RUNTIME;

	runner_parse(rn, argc, argv);
	if (topo_simulated()[0] && !rn->dry_run)
		msg_usage("%s describes another machine: only --dry-run can plan for it here",
			  topo_simulated());
	if (topo_load(&rn->topo) != 0)
		goto out;
	rn->sw.cpus = rn->topo.effective;
	rn->sw.cores = rn->topo.cores;
	rn->sw.bind = place_name(rn->bind);
	if (rn->bindir)
		snprintf(rn->bin, sizeof rn->bin, "%s", rn->bindir);
	else {
		const char *slash = strrchr(argv[0], '/');

		snprintf(rn->bin, sizeof rn->bin, "%.*s", slash ? (int)(slash - argv[0]) : 1,
			 slash ? argv[0] : ".");
	}
	process_raise_nofile();	/* before planning: it decides which concurrencies can be had */
	rn->pts.bin = rn->bin;
	rn->pts.topo = &rn->topo;
	rn->pts.sw = &rn->sw;
	rn->pts.stop = &stop_requested;
	rn->pts.cal = (struct calibration){ .bin = rn->bin, .bind = place_name(rn->bind),
					    .whole = rn->sw.whole, .dry = rn->dry_run,
					    .timeout_s = rn->timeout_s, .stop = &stop_requested };
	rc = points_plan(&rn->pts);
	if (rc != 0) {
		code = rc == -2 ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}
	if (rn->dry_run) {
		code = dryrun_print(stdout, &rn->sw, &rn->topo, rn->bind, rn->repeat, rn->pts.sizing)
		       ? EXIT_RUNTIME : 0;
		goto out;
	}
	runner_warn(rn);
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
	machine_summary(rn->machine, sizeof rn->machine, &rn->topo);
	snprintf(rn->how, sizeof rn->how, "%s scaling, size %s%s, times of the %s, %d to %d "
		 "measured runs per point after a warm-up, interleaved; %zu points",
		 rn->sw.weak ? "weak" : "strong", rn->pts.size,
		 rn->pts.quick && !rn->pts.size_given ? " (quick: a quarter of the work)" : "",
		 sweep_timing(&rn->sw), rn->repeat, rn->max_repeat, rn->sw.npts);
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
	mo = (struct measure_opts){ .bindir = rn->bin, .outdir = rn->outdir, .chunk = rn->chunk,
				    .repeat = rn->repeat, .max_repeat = rn->max_repeat,
				    .timeout_s = rn->timeout_s, .stop = &stop_requested,
				    .tty = isatty(2), .hostfile = rn->hostfile, .as_root = geteuid() == 0,
				    .bind = place_name(rn->bind), .cores = rn->topo.cores,
				    .online = rn->topo.online, .whole = rn->sw.whole };
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
	topo_free(&rn->topo);
	free(rn->pts.workers);
	free(rn);
	return rc;
}

int main(int argc, char **argv)
{
	msg_set_prog(argv[0]);
	if (argc >= 2 && !strcmp(argv[1], "compare"))
		return compare_main(argc - 1, argv + 1, argv[0]);
	if (argc >= 2 && !strcmp(argv[1], "plots"))
		return publish_redraw_main(argc - 1, argv + 1, argv[0]);
	return runner_main(argc, argv);
}
