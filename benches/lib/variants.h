/* variants.h: the drivers. Each runs all of a job's tasks, writing task i's partial result at
 * partial_at(partials, stride, i), and returns 0, or -1 after a message. */
#ifndef PARBENCH_VARIANTS_H
#define PARBENCH_VARIANTS_H

#include <stdatomic.h>

#include "workload.h"

typedef int (*variant_fn)(const struct job *job, void *partials, size_t stride);

/* A driver and its traits, which --info hands to the runner (variant.<name>=, info.c): the
 * runner plans and estimates by these, never by a variant's name. */
struct variant {
	const char *name;
	const char *about;
	variant_fn run;		/* NULL: mpi's entry in a program built without Open MPI */
	int max_workers;	/* threads and processes stop at 4096; tasks in flight need not */
	int recursive;		/* 1: it runs a workload's solve, when there is one (job.recursive) */
	int baseline;		/* the serial baseline: one worker, every speedup is over it */
	int in_flight;		/* its workers are tasks in flight on one thread, not threads */
	int one_thread;		/* one thread computes at a time, whatever the workers */
	int mpirun;		/* it runs under mpirun, from bin/<bench>-mpi */
	double start_s;		/* what starting it costs beyond its workers, for estimates */
	/* A default sweep leaves it out where its curve would repeat another's (variants.c: why) */
	int skip_io, skip_memory, skip_recursive;
};

int variant_serial(const struct job *job, void *partials, size_t stride);
int variant_threaded(const struct job *job, void *partials, size_t stride);
int variant_forked(const struct job *job, void *partials, size_t stride);
int variant_pooled(const struct job *job, void *partials, size_t stride);
int variant_procpool(const struct job *job, void *partials, size_t stride);
int variant_gil(const struct job *job, void *partials, size_t stride);
int variant_stealing(const struct job *job, void *partials, size_t stride);
int variant_openmp(const struct job *job, void *partials, size_t stride);
int variant_async(const struct job *job, void *partials, size_t stride);
int variant_mpi(const struct job *job, void *partials, size_t stride);	/* bin/<bench>-mpi only */

/* What this program runs, up to a NULL name (mpi only in bin/<bench>-mpi). */
extern const struct variant variants[];
/* The variant this program runs by that name, or NULL. */
const struct variant *variant_find(const char *name);
/* The most workers any variant takes (each checks its own max_workers once it is known). */
int variant_most_workers(void);
/* The baseline every speedup is over (serial): the first with .baseline. */
const struct variant *variant_baseline(void);
/* Any variant of the suite by that name, this program's or bin/<bench>-mpi's, or NULL. */
const struct variant *variant_lookup(const char *name);
/* Every variant of the suite, those of bin/<bench>-mpi included: the first with prev NULL,
 * then the one after prev; NULL after the last. */
const struct variant *variant_next(const struct variant *prev);
/* v's traits as --info tells them (variant.<name>=): "max_workers:N" then each trait it has,
 * by its field's name, comma-separated ("max_workers:1000000,in_flight,one_thread,..."), and
 * start_s:S when it has a start cost. */
void variant_traits(const struct variant *v, char *buf, size_t len);

/* Run tasks [begin, end) in order, the inner loop every driver shares; stops at a task that
 * fails. Returns 0 or -1. */
static inline int variant_run_range(const struct job *job, void *partials, size_t stride,
				    size_t begin, size_t end)
{
	for (size_t i = begin; i < end; i++)
		if (job->w->task(job, i, partial_at(partials, stride, i)) != 0)
			return -1;
	return 0;
}

/* A dynamic driver's parallel-for over one step's tasks (pooled, stealing): range_run_body is
 * its body, for pool_for and steal_for. Once a task fails, the rest are skipped. */
struct range_run {
	const struct job *job;
	void *partials;
	size_t stride;
	size_t base;		/* the first task of this step */
	atomic_int failed;
};

static inline void range_run_body(void *arg, size_t begin, size_t end)
{
	struct range_run *c = arg;

	if (!atomic_load_explicit(&c->failed, memory_order_relaxed) &&
	    variant_run_range(c->job, c->partials, c->stride, c->base + begin, c->base + end) != 0)
		atomic_store(&c->failed, 1);
}

#endif
