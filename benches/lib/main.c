/* main.c: the one main() every bench shares: parse the command line, let the workload set up,
 * time the chosen variant over all tasks in its three phases (start, compute, finish), let the
 * workload combine, print one key=value line. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "clock.h"
#include "info.h"
#include "mpiranks.h"
#include "msg.h"
#include "place.h"
#include "team.h"
#include "variants.h"

#define WORKERS_MAX 1000000	/* async's tasks in flight; each variant has its own limit */

enum { F_VARIANT, F_WORKERS, F_SIZE, F_TASKS, F_SEED, F_CHUNK, F_SCHEDULE, F_SWITCH_MS,
       F_BIND, F_HELP, F_LIST_VARIANTS, F_INFO, F_COMMON };

/* bin/<bench>-mpi runs as mpi unless told otherwise: it is what it was built for. */
#ifdef PARBENCH_MPI
#define DEFAULT_VARIANT "mpi"
#else
#define DEFAULT_VARIANT "serial"
#endif

static const struct argspec common_flags[F_COMMON] = {
	[F_VARIANT] = { "--variant", "V", "serial (the default; mpi in bin/<bench>-mpi), threaded, forked, pooled, procpool, gil, stealing, openmp, async, mpi" },
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

/* The checks that need the variant: mpi's ranks and schedule. */
static void bench_check_mpi(const struct workload *w, const struct variant *v, struct job *job,
			    const struct ranks *rk, int workers_given, int schedule_given)
{
	if (strcmp(v->name, "mpi") != 0) {
		if (rk->size > 1)
			msg_usage("--variant %s: only --variant mpi runs on %d MPI ranks", v->name,
				  rk->size);
		/* The static drivers would quietly run block; the others ignore schedules. */
		if (job->schedule == SCHEDULE_DYNAMIC && (v->run == variant_threaded ||
		    v->run == variant_forked || v->run == variant_gil))
			msg_usage("--schedule dynamic: only for mpi (pooled, procpool and openmp are "
				  "always dynamic)");
		return;
	}
	if (!workers_given)
		job->workers = rk->size;
	else if (job->workers != rk->size)
		msg_usage("--workers %d, but mpirun started %d ranks: run mpirun -np %d", job->workers,
			  rk->size, job->workers);
	if (!schedule_given && w->irregular)
		job->schedule = SCHEDULE_DYNAMIC;
	if (w->halo.row && job->schedule != SCHEDULE_BLOCK)
		msg_usage("--schedule %s: %s's mpi ranks each hold a block of rows (--schedule block)",
			  job->schedule == SCHEDULE_CYCLIC ? "cyclic" : "dynamic", w->name);
}

/* Whose rows this process holds (job->held_by): an mpi rank of a bench with halo rows holds its
 * own block, but rank 0 every row when the by-product, a picture of the whole grid, is asked. */
static void bench_hold(const struct workload *w, struct job *job, const struct ranks *rk)
{
	job->held_by = -1;
	job->rows_to_0 = 0;
	if (!w->halo.row || strcmp(job->variant, "mpi") != 0)
		return;
	for (int k = 0; k < WORKLOAD_MAX_OPTS && w->opts[k].flag; k++)
		if (w->byproduct.flag && !strcmp(w->opts[k].flag, w->byproduct.flag) &&
		    job->opt[k].str)
			job->rows_to_0 = 1;
	job->held_by = job->rows_to_0 && rk->rank == 0 ? -1 : rk->rank;
}

/* What the command line says beyond the job itself. */
struct run_opts {
	enum place_policy bind;
	int info;		/* --info: describe the bench, run nothing */
};

/* Fill job and ro from argv; exits on --help, --list-variants and usage errors. */
static const struct variant *bench_parse(const struct workload *w, int argc, char **argv,
					 struct job *job, const struct ranks *rk,
					 struct run_opts *ro)
{
	struct argspec specs[F_COMMON + WORKLOAD_MAX_OPTS];
	const char *variant = DEFAULT_VARIANT, *size = "medium", *tasks = NULL, *value;
	int workers_given = 0, schedule_given = 0;
	const struct variant *v;
	struct argparse ap;
	int nspecs = F_COMMON, nopts = 0, k;

	memcpy(specs, common_flags, sizeof common_flags);
	for (; nopts < WORKLOAD_MAX_OPTS && w->opts[nopts].flag; nopts++) {
		specs[nspecs++] = (struct argspec){ w->opts[nopts].flag,
			w->opts[nopts].metavar ? w->opts[nopts].metavar : "N", w->opts[nopts].help };
	}
	*job = (struct job){ .w = w, .workers = 1, .steps = 1, .seed = 1, .chunk = 1,
			     .switch_ms = 5.0, .partial_bytes = w->partial_bytes };
	for (k = 0; k < nopts; k++)
		if (!w->opts[k].metavar)
			job->opt[k].num = w->opts[k].def;

	argparse_init(&ap, argc, argv, specs, nspecs);
	while ((k = argparse_next(&ap, &value)) >= 0) {
		switch (k) {
		case F_VARIANT: variant = value; break;
		case F_WORKERS:
			job->workers = (int)args_u64("--workers", value, 1, WORKERS_MAX);
			workers_given = 1;
			break;
		case F_SIZE: size = value; break;
		case F_TASKS: tasks = value; break;
		case F_SEED: job->seed = args_u64("--seed", value, 0, UINT64_MAX); break;
		case F_CHUNK: job->chunk = args_u64("--chunk", value, 1, TASKS_MAX); break;
		case F_SCHEDULE:
			schedule_given = 1;
			if (strcmp(value, "block") == 0)
				job->schedule = SCHEDULE_BLOCK;
			else if (strcmp(value, "cyclic") == 0)
				job->schedule = SCHEDULE_CYCLIC;
			else if (strcmp(value, "dynamic") == 0)
				job->schedule = SCHEDULE_DYNAMIC;
			else
				msg_usage("--schedule: expected block, cyclic or dynamic, got '%.40s'", value);
			break;
		case F_SWITCH_MS: job->switch_ms = args_double("--switch-ms", value, 0.001, 10000); break;
		case F_BIND:
			if (place_parse(value, &ro->bind) != 0)
				msg_usage("--bind: expected " PLACE_NAMES ", got '%.40s'", value);
			break;
		case F_HELP: bench_help(w, specs, nspecs); exit(0);
		case F_LIST_VARIANTS:
			for (v = variants; v->name; v++)
				printf("%s\n", v->name);
			exit(0);
		case F_INFO: ro->info = 1; break;
		default: {
			const struct wopt *o = &w->opts[k - F_COMMON];

			if (o->metavar)
				job->opt[k - F_COMMON].str = args_str(o->flag, value, 4096);
			else
				job->opt[k - F_COMMON].num = args_u64(o->flag, value, 0, o->max);
		}
		}
	}
	if (ro->info)
		variant = "serial";	/* --info describes the bench, whatever the variant */
	v = variant_find(variant);
	if (!v && strcmp(variant, "mpi") == 0)
		msg_usage("--variant mpi: run %s-mpi under mpirun instead (make builds it when mpicc "
			  "is installed)", w->name);
	if (!v)
		msg_usage("--variant: unknown variant '%.40s' (see --list-variants)", variant);
	job->variant = v->name;
	bench_check_mpi(w, v, job, rk, workers_given, schedule_given);
	if (job->workers > v->max_workers)
		msg_usage("--workers: %s takes at most %d, got %d", v->name, v->max_workers, job->workers);
	if (v->run == variant_serial)
		job->workers = 1;	/* whatever was asked, serial uses one */
	job->size = parse_size(w, size, &job->size_name);
	job->tasks = tasks ? args_u64("--tasks", tasks, 1, TASKS_MAX) : w->tasks_for(job->size);
	if (!tasks && job->tasks < w->tasks_per_worker * (size_t)job->workers)
		job->tasks = w->tasks_per_worker * (size_t)job->workers;
	if (!tasks && w->tasks_most && job->tasks > w->tasks_most(job))
		job->tasks = w->tasks_most(job);	/* a small problem has fewer pieces */
	job->recursive = v->recursive && w->solve;
	bench_hold(w, job, rk);
	return v;
}

static const char *schedule_name(enum schedule s)
{
	return s == SCHEDULE_CYCLIC ? "cyclic" : s == SCHEDULE_DYNAMIC ? "dynamic" : "block";
}

/* The three phases of a run from the stamps its driver made: start ends when every worker is
 * ready, compute when the last result is in; finish is the rest. Their sum is seconds. */
struct phases {
	double start_s, compute_s, finish_s, seconds;
};

static int phases_of(const struct team *team, double t0, double t1, const char *variant,
		     struct phases *ph)
{
	double started = atomic_load(&team->started), computed = atomic_load(&team->computed);

	if (!(t0 <= started && started <= computed && computed <= t1)) {
		msg_warn("%s: the driver did not mark its phases (start %.6f, compute %.6f)",
			 variant, started - t0, computed - t0);
		return -1;
	}
	ph->start_s = started - t0;
	ph->compute_s = computed - started;
	ph->finish_s = t1 - computed;
	ph->seconds = t1 - t0;
	return 0;
}

/* One run. Under MPI every rank runs it and takes part in the variant; rank 0 alone combines
 * and prints. init_s is what MPI_Init took: the ranks' start-up, part of what mpi costs. */
static int bench_run(const struct workload *w, int argc, char **argv, const struct ranks *rk,
		     double init_s)
{
	struct run_opts ro = { .bind = PLACE_SPREAD };
	const struct variant *v;
	struct usage before, after;
	struct place pl;
	struct phases ph;
	struct job job;
	struct kv out;
	void *partials = NULL;
	size_t stride, slots;
	double t0, t1;
	int rc, code = EXIT_RUNTIME;
	char cpus[KV_LINE_MAX];

	v = bench_parse(w, argc, argv, &job, rk, &ro);
	if (ro.info)
		return info_print(w, &job);
	if ((rc = place_init(&pl, ro.bind, job.workers)) != 0) {
#ifdef PARBENCH_MPI
		if (rk->size > 1)
			mpi_abort(rc);	/* the other ranks would wait for this one forever */
#endif
		return rc;
	}
	job.place = &pl;
	if (!(job.team = team_create(job.workers)))
		goto out_teardown;
	if (w->setup && (rc = w->setup(&job)) != 0) {
#ifdef PARBENCH_MPI
		if (rk->size > 1)
			mpi_abort(rc);	/* a rank that failed alone would leave the others waiting */
#endif
		code = rc;
		goto out_teardown;	/* what setup made before it failed is freed there */
	}
	/* Slots 8-byte aligned so any partial may hold a uint64_t or a double. */
	stride = (job.partial_bytes + 7) & ~(size_t)7;
	slots = job.tasks * job.steps;
	partials = calloc(slots, stride);
	if (!partials) {
		msg_errno("calloc (partial results)");
		goto out_teardown;
	}
	/* Fault the pages in now, or the first variant to write them pays for it in the timing. */
	memset(partials, 0, slots * stride);
	fflush(stdout);	/* nothing buffered may be copied into forked children */

	if (clock_usage(&before) != 0)
		goto out_free;
	t0 = clock_now();
	rc = v->run(&job, partials, stride);
	t1 = clock_now();
	if (clock_usage(&after) != 0 || rc != 0)
		goto out_free;
#ifdef PARBENCH_MPI
	if (strcmp(job.variant, "mpi") == 0 && mpi_gather_cpus(pl.seen, pl.nseen, rk) != 0)
		goto out_free;
#endif
	if (rk->rank != 0) {
		code = 0;	/* rank 0 holds every result now */
		goto out_free;
	}
	if (strcmp(job.variant, "mpi") == 0)
		t0 -= init_s;	/* starting the ranks is part of what mpi costs, as fork is forked's */
	if (phases_of(job.team, t0, t1, job.variant, &ph) != 0)
		goto out_free;

	kv_init(&out);
	kv_str(&out, "bench", w->name);
	kv_str(&out, "variant", job.variant);
	kv_u64(&out, "workers", job.workers);
	kv_u64(&out, "tasks", job.tasks);
	kv_str(&out, "size", job.size_name);
	if (job.steps > 1) {
		kv_u64(&out, "steps", job.steps);
		kv_f(&out, "sync_s", "%.6f", team_sync_s(job.team));
	}
	kv_f(&out, "seconds", "%.9f", ph.seconds);
	kv_f(&out, "start_s", "%.9f", ph.start_s);
	kv_f(&out, "compute_s", "%.9f", ph.compute_s);
	kv_f(&out, "finish_s", "%.9f", ph.finish_s);
	kv_f(&out, "user_s", "%.3f", after.user_s - before.user_s);
	kv_f(&out, "sys_s", "%.3f", after.sys_s - before.sys_s);
	if ((rc = w->finish(&job, partials, stride, ph.compute_s, &out)) != 0) {
		code = rc;
		goto out_free;
	}
	kv_u64(&out, "chunk", job.chunk);
	kv_str(&out, "schedule", schedule_name(job.schedule));
	if (strcmp(job.variant, "mpi") == 0)
		kv_f(&out, "init_s", "%.6f", init_s);
	kv_u64(&out, "seed", job.seed);
	kv_str(&out, "bind", place_name(ro.bind));
	if (place_seen(&pl, cpus, sizeof cpus) != 0)
		snprintf(cpus, sizeof cpus, "too-many");
	kv_str(&out, "cpus", cpus);
	if (out.overflow) {
		msg_warn("output line longer than %d bytes", KV_LINE_MAX);
		goto out_free;
	}
	if (printf("%s\n", out.line) < 0 || fflush(stdout) != 0) {
		msg_errno("stdout");
		goto out_free;
	}
	code = 0;
out_free:
	free(partials);
out_teardown:
	if (w->teardown)
		w->teardown(&job);
	team_free(job.team);
	place_free(&pl);
	return code;
}

int bench_main(const struct workload *w, int argc, char **argv)
{
	msg_set_prog(argc > 0 ? argv[0] : w->name);
#ifdef PARBENCH_MPI
	struct ranks rk;
	double t0 = clock_now(), init_s;
	int code;

	if (mpi_start(&argc, &argv, &rk) != 0)
		return EXIT_RUNTIME;
	init_s = clock_now() - t0;
	code = bench_run(w, argc, argv, &rk, init_s);
	if (mpi_stop() != 0 && code == 0)
		code = EXIT_RUNTIME;
	return code;
#else
	return bench_run(w, argc, argv, &(struct ranks){ .rank = 0, .size = 1 }, 0.0);
#endif
}
