/* main.c: the one main() every bench shares: parse the command line, let the workload set up,
 * time the chosen variant over all tasks in its three phases (start, compute, finish), let the
 * workload combine, print one key=value line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchargs.h"
#include "clock.h"
#include "info.h"
#include "mpiranks.h"
#include "msg.h"
#include "place.h"
#include "team.h"
#include "variants.h"

/* bin/<bench>-mpi runs as mpi unless told otherwise: it is what it was built for. */
#ifdef PARBENCH_MPI
#define DEFAULT_VARIANT "mpi"
#else
#define DEFAULT_VARIANT "serial"
#endif

/* One run of a bench, from its command line to its printed line. */
struct bench {
	const struct workload *w;
	const struct variant *v;
	const struct ranks *rk;
	double init_s;		/* what MPI_Init took */
	struct run_opts ro;
	struct job job;
	struct place pl;
	void *partials;		/* every task's partial result, a slot of stride bytes each */
	size_t stride;
};

/* The clocks around the variant's run. */
struct timing {
	double t0, t1;
	struct usage before, after;
};

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

/* The team, then the workload's setup. Returns 0 or an exit code; the caller tears down either
 * way, and so frees what setup made before it failed. */
static int bench_setup(struct bench *b)
{
	int rc;

	if (!(b->job.team = team_create(b->job.workers)))
		return EXIT_RUNTIME;
	if (b->w->setup && (rc = b->w->setup(&b->job)) != 0) {
#ifdef PARBENCH_MPI
		if (b->rk->size > 1)
			mpi_abort(rc);	/* a rank that failed alone would leave the others waiting */
#endif
		return rc;
	}
	return 0;
}

/* The slots of the partial results, written once already. Returns 0, or -1 after a message. */
static int bench_partials(struct bench *b)
{
	size_t slots = b->job.tasks * b->job.steps;

	/* Slots 8-byte aligned so any partial may hold a uint64_t or a double. */
	b->stride = (b->job.partial_bytes + 7) & ~(size_t)7;
	b->partials = calloc(slots, b->stride);
	if (!b->partials) {
		msg_errno("calloc (partial results)");
		return -1;
	}
	/* Fault the pages in now, or the first variant to write them pays for it in the timing. */
	memset(b->partials, 0, slots * b->stride);
	return 0;
}

/* Run the variant over every task, between the clocks. Returns 0, or -1 after a message. */
static int bench_time(struct bench *b, struct timing *tm)
{
	int rc;

	fflush(stdout);	/* nothing buffered may be copied into forked children */
	if (clock_usage(&tm->before) != 0)
		return -1;
	tm->t0 = clock_now();
	rc = b->v->run(&b->job, b->partials, b->stride);
	tm->t1 = clock_now();
	if (clock_usage(&tm->after) != 0 || rc != 0)
		return -1;
#ifdef PARBENCH_MPI
	if (b->v->mpirun && mpi_gather_cpus(b->pl.seen, b->pl.nseen, b->rk) != 0)
		return -1;
#endif
	return 0;
}

/* The key=value line: the run, then what the workload's finish combined, then how it ran.
 * Returns 0 or an exit code. */
static int bench_print(struct bench *b, const struct timing *tm, const struct phases *ph)
{
	const struct job *job = &b->job;
	char cpus[KV_LINE_MAX];
	struct kv out;
	int rc;

	kv_init(&out);
	kv_str(&out, "bench", b->w->name);
	kv_str(&out, "variant", job->variant);
	kv_u64(&out, "workers", job->workers);
	kv_u64(&out, "tasks", job->tasks);
	kv_str(&out, "size", job->size_name);
	if (job->steps > 1) {
		kv_u64(&out, "steps", job->steps);
		kv_f(&out, "sync_s", "%.6f", team_sync_s(job->team));
	}
	kv_f(&out, "seconds", "%.9f", ph->seconds);
	kv_f(&out, "start_s", "%.9f", ph->start_s);
	kv_f(&out, "compute_s", "%.9f", ph->compute_s);
	kv_f(&out, "finish_s", "%.9f", ph->finish_s);
	kv_f(&out, "user_s", "%.3f", tm->after.user_s - tm->before.user_s);
	kv_f(&out, "sys_s", "%.3f", tm->after.sys_s - tm->before.sys_s);
	if ((rc = b->w->finish(&b->job, b->partials, b->stride, ph->compute_s, &out)) != 0)
		return rc;
	kv_u64(&out, "chunk", job->chunk);
	kv_str(&out, "schedule", schedule_name(job->schedule));
	if (b->v->mpirun)
		kv_f(&out, "init_s", "%.6f", b->init_s);
	kv_u64(&out, "seed", job->seed);
	kv_str(&out, "bind", place_name(b->ro.bind));
	if (place_seen(&b->pl, cpus, sizeof cpus) != 0)
		snprintf(cpus, sizeof cpus, "too-many");
	kv_str(&out, "cpus", cpus);
	if (out.overflow) {
		msg_warn("output line longer than %d bytes", KV_LINE_MAX);
		return EXIT_RUNTIME;
	}
	if (printf("%s\n", out.line) < 0 || fflush(stdout) != 0) {
		msg_errno("stdout");
		return EXIT_RUNTIME;
	}
	return 0;
}

/* Time the variant and, on rank 0, which holds every result then, print its line. Returns 0 or
 * an exit code. */
static int bench_measure(struct bench *b)
{
	struct timing tm;
	struct phases ph;
	int code = EXIT_RUNTIME;

	if (bench_partials(b) != 0)
		return EXIT_RUNTIME;
	if (bench_time(b, &tm) != 0)
		goto out_free;
	if (b->rk->rank != 0) {
		code = 0;
		goto out_free;
	}
	if (b->v->mpirun)
		tm.t0 -= b->init_s;	/* starting the ranks is part of what mpi costs, as fork is forked's */
	if (phases_of(b->job.team, tm.t0, tm.t1, b->job.variant, &ph) != 0)
		goto out_free;
	code = bench_print(b, &tm, &ph);
out_free:
	free(b->partials);
	return code;
}

/* One run. Under MPI every rank runs it and takes part in the variant; rank 0 alone combines
 * and prints. init_s is what MPI_Init took: the ranks' start-up, part of what mpi costs. */
static int bench_run(const struct workload *w, int argc, char **argv, const struct ranks *rk,
		     double init_s)
{
	struct bench b = { .w = w, .rk = rk, .init_s = init_s, .ro = { .bind = PLACE_SPREAD } };
	int rc, code;

	b.v = bench_parse(w, argc, argv, DEFAULT_VARIANT, &b.job, rk, &b.ro);
	if (b.ro.info)
		return info_print(w, &b.job);
	if ((rc = place_init(&b.pl, b.ro.bind, b.job.workers)) != 0) {
#ifdef PARBENCH_MPI
		if (rk->size > 1)
			mpi_abort(rc);	/* the other ranks would wait for this one forever */
#endif
		return rc;
	}
	b.job.place = &b.pl;
	code = bench_setup(&b);
	if (code == 0)
		code = bench_measure(&b);
	if (w->teardown)
		w->teardown(&b.job);
	team_free(b.job.team);
	place_free(&b.pl);
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
