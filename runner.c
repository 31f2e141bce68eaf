/* runner.c: sweep benches x variants x workers, measure each point in interleaved rounds, and
 * write the tables, CSV files, gnuplot data, plots and a report that say how the machine scales.
 *   bin/runner [options]          measure (see --help)
 *   bin/runner compare A B        compare two results folders
 *   bin/runner plots DIR          analyse a results folder again and redraw it (publish.c)
 * A sweep goes in phases, one function each, in the order runner_run calls them: parse the
 * command line (cli.c), plan the points (plan.c), prepare the results folder, measure
 * (measure.c), publish: analyse and write every file (publish.c, which runner plots shares),
 * and summarise (summary.c). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/msg.h"
#include "lib/place.h"
#include "lib/process.h"
#include "lib/topo.h"
#include "runner/cli.h"
#include "runner/compare.h"
#include "runner/distort.h"
#include "runner/dryrun.h"
#include "runner/machine.h"
#include "runner/measure.h"
#include "runner/output.h"
#include "runner/plan.h"
#include "runner/publish.h"
#include "runner/runner.h"
#include "runner/summary.h"


/* Written by the signal handler, read by the loops: the one piece of global state. */
static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* SIGINT and SIGTERM stop the sweep after the runs under way; what was measured is written. */
static int runner_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;	/* no SA_RESTART: a waiting poll() must wake up */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0) {
		msg_errno("sigaction");
		return -1;
	}
	return 0;
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

/* --out, or results/<host>-<date>-<time> of the moment the runner started. */
static void runner_name_outdir(struct runner *rn)
{
	char host[128] = "host", stamp[32];

	if (rn->out) {
		snprintf(rn->outdir, sizeof rn->outdir, "%s", rn->out);
		return;
	}
	if (gethostname(host, sizeof host) != 0)
		msg_errno("gethostname");
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&rn->started));
	snprintf(rn->outdir, sizeof rn->outdir, "results/%s-%s", host, stamp);
}

static int runner_write_machine(struct runner *rn, const struct machine_load *end)
{
	char src[PATH_MAX + 8], *map = malloc(65536);
	struct outfile o;
	int rc;

	if (!map) {
		msg_errno("malloc");
		return -1;
	}
	plan_worker_map(rn, map, 65536);
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
static void runner_save_runs(struct sweep *sw, void *arg)
{
	output_runs_csv(sw, arg);
}

/* Plan: the machine model, then every point. Returns 0, or the exit status. */
static int runner_plan(struct runner *rn, const char *argv0)
{
	int rc;

	if (topo_simulated()[0] && !rn->dry_run)
		msg_usage("%s describes another machine: only --dry-run can plan for it here",
			  topo_simulated());
	if (topo_load(&rn->topo) != 0)
		return EXIT_RUNTIME;
	process_raise_nofile();	/* before planning: it decides which concurrencies can be had */
	rc = plan_sweep(rn, argv0, &stop_requested);
	return rc == PLAN_OK ? 0 : rc == PLAN_USAGE ? EXIT_USAGE : EXIT_RUNTIME;
}

/* --dry-run: the plan on stdout instead of the sweep. Returns the exit status. */
static int runner_dry_run(struct runner *rn)
{
	return dryrun_print(stdout, &rn->sw, &rn->topo, rn->bind, rn->repeat, rn->pts.sizing)
	       ? EXIT_RUNTIME : 0;
}

/* Before measuring: the warnings, the plotter, and the results folder with its machine.txt. */
static int runner_prepare(struct runner *rn, const char *argv0)
{
	runner_warn(rn);
	/* After planning, so that a usage error it finds is the one line on stderr. */
	if (plot_init(&rn->pl, argv0, &stop_requested) != 0)
		rn->pl.have_gnuplot = 0;
	if (!rn->pl.have_gnuplot)
		msg_warn("gnuplot not found: tables and CSV files only (apt-get install gnuplot-nox)");
	runner_name_outdir(rn);
	machine_summary(rn->machine, sizeof rn->machine, &rn->topo);
	plan_describe(rn, rn->method, sizeof rn->method);
	if (output_mkdir(rn->outdir) != 0 || machine_load_now(&rn->load_start) != 0 ||
	    runner_write_machine(rn, NULL) != 0) {
		msg_warn("cannot write results to %s", rn->outdir);
		return -1;
	}
	return 0;
}

/* Every point in interleaved rounds, until done or stopped by a signal. */
static int runner_measure(struct runner *rn)
{
	struct measure_opts mo;

	if (runner_catch_signals() != 0)
		return -1;
	mo = (struct measure_opts){ .bindir = rn->bin, .outdir = rn->outdir, .chunk = rn->chunk,
				    .repeat = rn->repeat, .max_repeat = rn->max_repeat,
				    .timeout_s = rn->timeout_s, .stop = &stop_requested,
				    .tty = isatty(2), .hostfile = rn->hostfile, .as_root = geteuid() == 0,
				    .bind = place_name(rn->bind), .cores = rn->topo.cores,
				    .online = rn->topo.online, .whole = rn->sw.whole };
	fprintf(stderr, "%s: %zu points x %d runs (+1 warm-up) into %s\n", msg_prog(), rn->sw.npts,
		rn->repeat, rn->outdir);
	rn->sw.interrupted = measure_sweep(&rn->sw, &mo, runner_save_runs, rn->outdir) != 0;
	rn->pl.stop = NULL;	/* the plots of what was measured are still drawn */
	return 0;
}

/* Analyse and write every file of the results folder. */
static int runner_publish(struct runner *rn)
{
	struct sweep_notes notes;
	struct machine_load end;
	int err = 0;

	if (machine_load_now(&end) != 0 || runner_write_machine(rn, &end) != 0)
		err = -1;
	machine_picture(rn->outdir, NULL);	/* the report says when there is none */
	err |= output_runs_csv(&rn->sw, rn->outdir);
	snprintf(notes.method, sizeof notes.method, "%s", rn->method);
	snprintf(notes.sizing, sizeof notes.sizing, "%s", rn->pts.sizing);
	snprintf(notes.warnings, sizeof notes.warnings, "%s", rn->warnings);
	notes.weak = rn->sw.weak;
	notes.interrupted = rn->sw.interrupted;
	err |= publish_notes_write(rn->outdir, &notes);
	err |= publish_results(&rn->sw, rn->outdir, &rn->pl, rn->machine, rn->method, rn->pts.sizing,
			       rn->warnings);
	return err ? -1 : 0;
}

/* The tables and files on stdout, how it ended on stderr. Returns the exit status. */
static int runner_summarise(struct runner *rn)
{
	summary_print(&rn->sw, &rn->pl, rn->outdir);
	if (rn->sw.interrupted) {
		fprintf(stderr, "%s: interrupted; the results measured so far are in %s\n", msg_prog(),
			rn->outdir);
		return 130;
	}
	if (sweep_failed_runs(&rn->sw)) {
		fprintf(stderr, "%s: %d run(s) failed: see %s/report.md\n", msg_prog(),
			sweep_failed_runs(&rn->sw), rn->outdir);
		return EXIT_RUNTIME;
	}
	return 0;
}

static int runner_run(struct runner *rn, int argc, char **argv)
{
	int code;

	rn->started = time(NULL);
	cli_parse(rn, argc, argv);
	code = runner_plan(rn, argv[0]);
	if (code != 0)
		return code;
	if (rn->dry_run)
		return runner_dry_run(rn);
	if (runner_prepare(rn, argv[0]) != 0 || runner_measure(rn) != 0)
		return EXIT_RUNTIME;
	summary_cost(&rn->sw);
	if (runner_publish(rn) != 0)
		return EXIT_RUNTIME;
	return runner_summarise(rn);	/* runner_main frees the sweep */
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
