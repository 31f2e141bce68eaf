/* cli.c: the runner's command line: its flags and their help, each value parsed and checked
 * into a struct runner (what needs the machine model is checked when planning: points.c). */
#include "cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/msg.h"
#include "catalog.h"
#include "plan.h"

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

/* The flags checked once all are read: their defaults or their meaning hang on others. */
struct cli_later {
	const char *repeat, *max_repeat, *scaling, *timing;
};

static void cli_help(void)
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
static void cli_add_cmd(struct points *pts, const char *line)
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
static void cli_name_cmd(struct points *pts, const char *value)
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

/* One flag and its value, into rn, or into later for the flags checked after the last. */
static void cli_take(struct runner *rn, struct cli_later *later, int k, const char *value)
{
	switch (k) {
	case R_BENCH: rn->pts.bench_list = value; break;
	case R_VARIANT: rn->pts.variant_list = value; break;
	case R_WORKERS: rn->pts.worker_list = value; break;
	case R_SIZE: rn->pts.size = args_str("--size", value, 31); rn->pts.size_given = 1; break;
	case R_TASKS: rn->pts.tasks = value; args_u64("--tasks", value, 1, 1u << 30); break;
	case R_CHUNK: rn->chunk = value; args_u64("--chunk", value, 1, 1u << 30); break;
	case R_REPEAT: later->repeat = value; break;
	case R_MAX_REPEAT: later->max_repeat = value; break;
	case R_TIMEOUT: rn->timeout_s = args_double("--timeout", value, 0.1, 86400); break;
	case R_OUT: rn->out = args_str("--out", value, PATH_MAX - 64); break;
	case R_CMD: cli_add_cmd(&rn->pts, args_str("--cmd", value, 1000)); break;
	case R_NAME: cli_name_cmd(&rn->pts, value); break;
	case R_VS:
		if (plan_parse_names(value, (char (*)[32])rn->pts.vs, 1) != 1)
			msg_usage("--vs: expected one bench name, got '%.40s'", value);
		break;
	case R_SCALING: later->scaling = value; break;
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
	case R_TIME: later->timing = value; break;
	case R_HELP: cli_help(); exit(0);
	}
}

/* --scaling and --time: each one of two words. */
static void cli_check_modes(struct runner *rn, const struct cli_later *later)
{
	if (strcmp(later->scaling, "strong") && strcmp(later->scaling, "weak"))
		msg_usage("--scaling: expected strong or weak, got '%.40s'", later->scaling);
	rn->sw.weak = !strcmp(later->scaling, "weak");
	if (strcmp(later->timing, "compute") && strcmp(later->timing, "whole"))
		msg_usage("--time: expected compute or whole, got '%.40s'", later->timing);
	rn->sw.whole = !strcmp(later->timing, "whole");
}

/* --bench, --variant and --workers, split into their lists. */
static void cli_parse_lists(struct points *pts)
{
	if (pts->bench_list && (pts->nbenches = plan_parse_names(pts->bench_list,
					pts->benches, POINTS_MAX_BENCHES)) < 0)
		msg_usage("--bench: expected distinct names separated by commas, got '%.60s'",
			  pts->bench_list);
	if (pts->variant_list && (pts->nvariants = plan_parse_names(pts->variant_list,
					pts->variants, POINTS_MAX_VARIANTS)) < 0)
		msg_usage("--variant: expected distinct names separated by commas, got '%.60s'",
			  pts->variant_list);
	if (pts->worker_list) {
		pts->nworkers = plan_parse_workers(pts->worker_list, &pts->workers);
		if (pts->nworkers == PLAN_LIST_MALFORMED)
			msg_usage("--workers: expected counts from 1 to %d such as 1,2,4 or 1-8, got '%.60s'",
				  PLAN_MAX_WORKERS, pts->worker_list);
		if (pts->nworkers < 0)
			exit(EXIT_RUNTIME);
	}
}

/* --repeat and --max-repeat, whose defaults follow --quick and --repeat. */
static void cli_set_repeats(struct runner *rn, const struct cli_later *later)
{
	rn->repeat = later->repeat ? (int)args_u64("--repeat", later->repeat, 1, 1000)
				   : rn->pts.quick ? 5 : 10;
	rn->max_repeat = later->max_repeat ? (int)args_u64("--max-repeat", later->max_repeat, 1, 10000)
					   : rn->pts.quick ? rn->repeat : rn->repeat + rn->repeat / 2;
	if (rn->max_repeat < rn->repeat)
		msg_usage("--max-repeat %d is below --repeat %d", rn->max_repeat, rn->repeat);
}

/* Whether --variant names a variant that runs under mpirun, by the catalogue's traits. */
static int cli_wants_mpirun(const struct points *pts)
{
	struct variant_traits vt;

	for (int v = 0; v < pts->nvariants; v++) {
		catalog_traits_of(pts->variants[v], &vt);
		if (vt.mpirun)
			return 1;
	}
	return 0;
}

/* Each --cmd's placeholders and name, and the flags that need a --cmd or a variant. */
static void cli_check_cmds(const struct runner *rn)
{
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
	if (rn->hostfile && !cli_wants_mpirun(&rn->pts))
		msg_usage("--hostfile is for the mpi variant: add mpi to --variant");
}

void cli_parse(struct runner *rn, int argc, char **argv)
{
	struct cli_later later = { .scaling = "strong", .timing = "compute" };
	struct argparse ap;
	const char *value;
	int k;

	rn->pts.size = "auto";
	rn->timeout_s = 120;
	rn->bind = PLACE_SPREAD;
	argparse_init(&ap, argc, argv, flags, R_NFLAGS);
	ap.repeats = UINT64_C(1) << R_CMD | UINT64_C(1) << R_NAME;	/* a --name per --cmd */
	while ((k = argparse_next(&ap, &value)) >= 0)
		cli_take(rn, &later, k, value);
	cli_check_modes(rn, &later);
	cli_parse_lists(&rn->pts);
	cli_set_repeats(rn, &later);
	cli_check_cmds(rn);
}
