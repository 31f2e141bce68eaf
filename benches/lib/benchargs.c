/* benchargs.c: a bench's command line, read into its job: the flags every bench takes and the
 * workload's own, then the checks that need the variant, then the task count. */
#include "benchargs.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "msg.h"


enum { F_VARIANT, F_WORKERS, F_SIZE, F_TASKS, F_SEED, F_CHUNK, F_SCHEDULE, F_SWITCH_MS,
       F_BIND, F_HELP, F_LIST_VARIANTS, F_INFO, F_COMMON };

static const struct argspec common_flags[F_COMMON] = {
	[F_VARIANT] = { "--variant", "V", NULL },	/* the catalogue's names: bench_variant_help */
	[F_WORKERS] = { "--workers", "N", "threads or processes, 1 to 4096 (default 1); for async, tasks in flight" },
	[F_SIZE] = { "--size", "S", "small (~0.1 s serial), medium (default, ~1 s), large (~10 s), or a number" },
	[F_TASKS] = { "--tasks", "T", "number of tasks (default: the bench's own)" },
	[F_SEED] = { "--seed", "S", "seed of the per-task random streams (default 1)" },
	[F_CHUNK] = { "--chunk", "C", "tasks per claim for pooled, procpool, openmp; the smallest range stealing splits (default 1)" },
	[F_SCHEDULE] = { "--schedule", "K", "block (default) or cyclic: threaded, forked, gil, mpi; dynamic: mpi (its default for irregular benches)" },
	[F_SWITCH_MS] = { "--switch-ms", "MS", "gil switch interval in ms (default 5, as CPython)" },
	[F_BIND] = { "--bind", "P", "where workers run: spread (default: one per core, round the sockets), close (fill a socket first) or none (not pinned)" },
	[F_HELP] = { "--help", NULL, "show this help" },
	[F_LIST_VARIANTS] = { "--list-variants", NULL, "print the variant names, one per line" },
	[F_INFO] = { "--info", NULL, "print what the bench is (kind, sizes, tasks, variants, by-product) as one key=value line, for the given --size and --tasks" },
};

/* What the flags said that is only read once the variant is known. */
struct given {
	const char *variant, *size, *tasks;	/* tasks: NULL, the bench's own */
	int workers, schedule;			/* 1: --workers, --schedule given */
};

static void bench_help(const struct workload *w, const struct argspec *specs, int nspecs)
{
	printf("usage: %s [--variant V] [--workers N] [--size small|medium|large|NUMBER] [--tasks T]\n"
	       "          [--seed S] [--chunk C] [--schedule block|cyclic] [--switch-ms MS] [--bind P]", w->name);
	for (int k = 0; k < WORKLOAD_MAX_OPTS && w->opts[k].flag; k++)
		printf(" [%s %s]", w->opts[k].flag, w->opts[k].metavar ? w->opts[k].metavar : "N");
	printf("\n\n%s\nA NUMBER size counts %s; small=%" PRIu64 " medium=%" PRIu64 " large=%" PRIu64
	       ".\n\n", w->about, w->size_unit, w->sizes[0], w->sizes[1], w->sizes[2]);
	argparse_help(stdout, specs, nspecs);
	printf("\nOn success it prints one line of key=value pairs and exits 0; usage errors exit 2,\n"
	       "runtime failures (fork or pthread_create failing, a worker dying) exit 1.\n");
}

static uint64_t parse_size(const struct workload *w, const char *text, const char **name)
{
	static const char *names[3] = { "small", "medium", "large" };

	for (int k = 0; k < 3; k++) {
		if (strcmp(text, names[k]) == 0) {
			*name = names[k];
			return w->sizes[k];
		}
	}
	*name = text;
	return args_u64("--size", text, 1, w->size_max);
}

/* --variant's help: every name in the catalogue (variants.c), in its order, the default first. */
static const char *bench_variant_help(char *buf, size_t len)
{
	const struct variant *v = NULL, *elsewhere = NULL;
	size_t at = 0;

	while ((elsewhere = variant_next(elsewhere)) && !elsewhere->mpirun)
		;
	buf[0] = '\0';
	while ((v = variant_next(v)) && at < len) {
		at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? ", " : "", v->name);
		if (v->baseline && elsewhere && at < len)
			at += (size_t)snprintf(buf + at, len - at, " (the default; %s in bin/<bench>-%s)",
					       elsewhere->name, elsewhere->name);
	}
	return buf;
}

/* The flags every bench takes, then the workload's own; returns how many. vhelp (vlen bytes)
 * holds --variant's help. */
static int bench_specs(const struct workload *w, struct argspec *specs, char *vhelp, size_t vlen)
{
	int nspecs = F_COMMON;

	memcpy(specs, common_flags, sizeof common_flags);
	specs[F_VARIANT].help = bench_variant_help(vhelp, vlen);
	for (int k = 0; k < WORKLOAD_MAX_OPTS && w->opts[k].flag; k++) {
		specs[nspecs++] = (struct argspec){ w->opts[k].flag,
			w->opts[k].metavar ? w->opts[k].metavar : "N", w->opts[k].help };
	}
	return nspecs;
}

/* The job before its flags: every default, the workload's numeric options' included. */
static void bench_job_init(const struct workload *w, struct job *job)
{
	*job = (struct job){ .w = w, .workers = 1, .steps = 1, .seed = 1, .chunk = 1,
			     .switch_ms = 5.0, .partial_bytes = w->partial_bytes };
	for (int k = 0; k < WORKLOAD_MAX_OPTS && w->opts[k].flag; k++)
		if (!w->opts[k].metavar)
			job->opt[k].num = w->opts[k].def;
}

static enum schedule bench_schedule(const char *value)
{
	if (strcmp(value, "block") == 0)
		return SCHEDULE_BLOCK;
	if (strcmp(value, "cyclic") == 0)
		return SCHEDULE_CYCLIC;
	if (strcmp(value, "dynamic") == 0)
		return SCHEDULE_DYNAMIC;
	msg_usage("--schedule: expected block, cyclic or dynamic, got '%.40s'", value);
}

/* One of the workload's own flags, k in w->opts: a string when it names its value, else a
 * number. */
static void bench_workload_flag(const struct workload *w, struct job *job, int k, const char *value)
{
	const struct workload_flag *o = &w->opts[k];

	if (o->metavar)
		job->opt[k].str = args_str(o->flag, value, 4096);
	else
		job->opt[k].num = args_u64(o->flag, value, 0, o->max);
}

/* Each flag in the order given: a bad value, --help and --list-variants exit as they come. */
static void bench_flags(const struct workload *w, int argc, char **argv,
			const struct argspec *specs, int nspecs, struct job *job,
			struct run_opts *ro, struct given *g)
{
	const char *value;
	struct argparse ap;
	int k;

	argparse_init(&ap, argc, argv, specs, nspecs);
	while ((k = argparse_next(&ap, &value)) >= 0) {
		switch (k) {
		case F_VARIANT: g->variant = value; break;
		case F_WORKERS:
			job->workers = (int)args_u64("--workers", value, 1, variant_most_workers());
			g->workers = 1;
			break;
		case F_SIZE: g->size = value; break;
		case F_TASKS: g->tasks = value; break;
		case F_SEED: job->seed = args_u64("--seed", value, 0, UINT64_MAX); break;
		case F_CHUNK: job->chunk = args_u64("--chunk", value, 1, TASKS_MAX); break;
		case F_SCHEDULE:
			g->schedule = 1;
			job->schedule = bench_schedule(value);
			break;
		case F_SWITCH_MS: job->switch_ms = args_double("--switch-ms", value, 0.001, 10000); break;
		case F_BIND:
			if (place_parse(value, &ro->bind) != 0)
				msg_usage("--bind: expected " PLACE_NAMES ", got '%.40s'", value);
			break;
		case F_HELP: bench_help(w, specs, nspecs); exit(0);
		case F_LIST_VARIANTS:
			for (const struct variant *v = variants; v->name; v++)
				printf("%s\n", v->name);
			exit(0);
		case F_INFO: ro->info = 1; break;
		default: bench_workload_flag(w, job, k - F_COMMON, value);
		}
	}
}

/* The variant by its name; an unknown one is a usage error. */
static const struct variant *bench_variant(const struct workload *w, const char *name)
{
	const struct variant *v = variant_find(name), *elsewhere = variant_lookup(name);

	if (!v && elsewhere && elsewhere->mpirun)	/* a variant of bin/<bench>-mpi, not of this one */
		msg_usage("--variant %s: run %s-mpi under mpirun instead (make builds it when mpicc "
			  "is installed)", name, w->name);
	if (!v)
		msg_usage("--variant: unknown variant '%.40s' (see --list-variants)", name);
	return v;
}

/* Every variant but mpi: one rank, and a schedule it follows. */
static void bench_check_not_mpi(const struct variant *v, const struct job *job,
				const struct ranks *rk)
{
	if (rk->size > 1)
		msg_usage("--variant %s: only --variant mpi runs on %d MPI ranks", v->name, rk->size);
	/* The static drivers would quietly run block; the others ignore schedules. */
	if (job->schedule == SCHEDULE_DYNAMIC && (v->run == variant_threaded ||
	    v->run == variant_forked || v->run == variant_gil))
		msg_usage("--schedule dynamic: only for mpi (pooled, procpool and openmp are "
			  "always dynamic)");
}

/* mpi: as many workers as ranks, and a schedule its ranks can follow. */
static void bench_check_mpi(const struct workload *w, struct job *job, const struct ranks *rk,
			    const struct given *g)
{
	if (!g->workers)
		job->workers = rk->size;
	else if (job->workers != rk->size)
		msg_usage("--workers %d, but mpirun started %d ranks: run mpirun -np %d", job->workers,
			  rk->size, job->workers);
	if (!g->schedule && w->irregular)
		job->schedule = SCHEDULE_DYNAMIC;
	if (w->halo.row && job->schedule != SCHEDULE_BLOCK)
		msg_usage("--schedule %s: %s's mpi ranks each hold a block of rows (--schedule block)",
			  job->schedule == SCHEDULE_CYCLIC ? "cyclic" : "dynamic", w->name);
}

/* The checks that need the variant: the ranks, the schedule and the workers it takes. */
static void bench_check_variant(const struct workload *w, const struct variant *v,
				struct job *job, const struct ranks *rk, const struct given *g)
{
	if (!v->mpirun)
		bench_check_not_mpi(v, job, rk);
	else
		bench_check_mpi(w, job, rk, g);
	if (job->workers > v->max_workers)
		msg_usage("--workers: %s takes at most %d, got %d", v->name, v->max_workers, job->workers);
	if (v->baseline)
		job->workers = 1;	/* whatever was asked, serial uses one */
}

/* The size, then the tasks: --tasks, or the bench's own for the size, at least tasks_per_worker
 * for each worker, at most what the problem has. */
static void bench_tasks(const struct workload *w, struct job *job, const struct given *g)
{
	job->size = parse_size(w, g->size, &job->size_name);
	job->tasks = g->tasks ? args_u64("--tasks", g->tasks, 1, TASKS_MAX) : w->tasks_for(job->size);
	if (!g->tasks && job->tasks < w->tasks_per_worker * (size_t)job->workers)
		job->tasks = w->tasks_per_worker * (size_t)job->workers;
	if (!g->tasks && w->tasks_most && job->tasks > w->tasks_most(job))
		job->tasks = w->tasks_most(job);	/* a small problem has fewer pieces */
}

/* Whose rows this process holds (job->held_by): an mpi rank of a bench with halo rows holds its
 * own block, but rank 0 every row when the by-product, a picture of the whole grid, is asked. */
static void bench_hold(const struct workload *w, const struct variant *v, struct job *job,
		       const struct ranks *rk)
{
	job->held_by = -1;
	job->rows_to_0 = 0;
	if (!w->halo.row || !v->mpirun)
		return;
	for (int k = 0; k < WORKLOAD_MAX_OPTS && w->opts[k].flag; k++)
		if (w->byproduct.flag && !strcmp(w->opts[k].flag, w->byproduct.flag) &&
		    job->opt[k].str)
			job->rows_to_0 = 1;
	job->held_by = job->rows_to_0 && rk->rank == 0 ? -1 : rk->rank;
}

const struct variant *bench_parse(const struct workload *w, int argc, char **argv,
				  const char *default_variant, struct job *job,
				  const struct ranks *rk, struct run_opts *ro)
{
	struct argspec specs[F_COMMON + WORKLOAD_MAX_OPTS];
	struct given g = { .variant = default_variant, .size = "medium" };
	char vhelp[512];
	int nspecs = bench_specs(w, specs, vhelp, sizeof vhelp);
	const struct variant *v;

	bench_job_init(w, job);
	bench_flags(w, argc, argv, specs, nspecs, job, ro, &g);
	/* --info describes the bench, whatever the variant */
	v = bench_variant(w, ro->info ? variant_baseline()->name : g.variant);
	job->variant = v->name;
	bench_check_variant(w, v, job, rk, &g);
	bench_tasks(w, job, &g);
	job->recursive = v->recursive && w->solve;
	bench_hold(w, v, job, rk);
	return v;
}
