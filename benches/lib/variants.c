/* variants.c: the table of drivers, in the order a lesson introduces them, with their traits:
 * the one list of variants, which the runner learns through --info. Built a second time with
 * PARBENCH_MPI for bin/<bench>-mpi, whose table adds mpi; the plain programs keep mpi's entry
 * past their end, without its driver, so that their --info still tells its traits. */
#include "variants.h"

#include <stdio.h>
#include <string.h>

#ifdef PARBENCH_MPI
#define MPI_RUN variant_mpi
#else
#define MPI_RUN NULL
#endif
#define VARIANT_MPI { .name = "mpi", .about = "W MPI ranks under mpirun, static slices or " \
	"master-worker, results gathered by message (mpi4py)", .run = MPI_RUN, \
	.max_workers = 4096, .mpirun = 1, .start_s = 0.25 /* mpirun's start */ }

/* The skip_ traits: where a default sweep (no --variant) would only repeat, with a variant,
 * what another variant or bench shows, at a cost: stealing and openmp on an I/O bench (a task
 * that blocks holds its worker as a pool's thread does: pooled's curve again, and I/O runs are
 * most of a sweep's time); stealing on a memory-bound one (bandwidth is the limit, and each of
 * its runs first writes its arrays); on a recursive bench, whose point is the recursion
 * (stealing, openmp) against its frontier run as flat tasks, statically (threaded) or
 * dynamically (pooled), the processes and the one-at-a-time threads (forked, procpool, gil,
 * async), which pi shows already. */
const struct variant variants[] = {
	{ .name = "serial", .about = "all tasks in order in one thread (a plain for loop; a "
	  "recursive bench's recursion with its spawns run at once)", .run = variant_serial,
	  .max_workers = 4096, .recursive = 1, .baseline = 1 },
	{ .name = "threaded", .about = "W pthreads, static schedule (threading.Thread)",
	  .run = variant_threaded, .max_workers = 4096 },
	{ .name = "forked", .about = "W fork()ed children, static schedule, results over pipes "
	  "(multiprocessing.Process + Queue)", .run = variant_forked, .max_workers = 4096,
	  .skip_recursive = 1 },
	{ .name = "pooled", .about = "thread pool, tasks claimed dynamically, --chunk per claim",
	  .run = variant_pooled, .max_workers = 4096 },
	{ .name = "procpool", .about = "pre-forked process pool, dynamic claims, results in "
	  "MAP_SHARED memory (multiprocessing.Pool.map)", .run = variant_procpool,
	  .max_workers = 4096, .skip_recursive = 1 },
	{ .name = "gil", .about = "W threads that must hold one global lock to compute (CPython "
	  "threads)", .run = variant_gil, .max_workers = 4096, .one_thread = 1,
	  .skip_recursive = 1 },
	{ .name = "stealing", .about = "work stealing: a deque per worker, idle workers steal from "
	  "random victims; ranges halved down to --chunk, recursive benches spawn as they go",
	  .run = variant_stealing, .max_workers = 4096, .recursive = 1, .skip_io = 1,
	  .skip_memory = 1 },
	{ .name = "openmp", .about = "#pragma omp parallel for schedule(dynamic, C), the reference; "
	  "recursive benches: #pragma omp task and taskwait", .run = variant_openmp,
	  .max_workers = 4096, .recursive = 1, .skip_io = 1 },
	{ .name = "async", .about = "one thread, an epoll event loop, W tasks in flight (asyncio)",
	  .run = variant_async, .max_workers = 1000000, .in_flight = 1, .one_thread = 1,
	  .skip_recursive = 1 },
#ifdef PARBENCH_MPI
	VARIANT_MPI,
#endif
	{ .name = NULL },	/* the end of what this program runs */
#ifndef PARBENCH_MPI
	VARIANT_MPI,
	{ .name = NULL },
#endif
};

const struct variant *variant_find(const char *name)
{
	for (const struct variant *v = variants; v->name; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

int variant_most_workers(void)
{
	int most = 1;

	for (const struct variant *v = variant_next(NULL); v; v = variant_next(v))
		if (v->max_workers > most)
			most = v->max_workers;
	return most;
}

const struct variant *variant_baseline(void)
{
	const struct variant *v = variants;

	while (v->name && !v->baseline)
		v++;
	return v;
}

const struct variant *variant_lookup(const char *name)
{
	const struct variant *v = NULL;

	while ((v = variant_next(v)) && strcmp(v->name, name) != 0)
		;
	return v;
}

const struct variant *variant_next(const struct variant *prev)
{
	const struct variant *v = prev ? prev + 1 : variants,
			     *end = variants + sizeof variants / sizeof variants[0];

	while (v < end && !v->name)
		v++;
	return v < end ? v : NULL;
}

void variant_traits(const struct variant *v, char *buf, size_t len)
{
	snprintf(buf, len, "max_workers:%d%s%s%s%s%s%s%s%s", v->max_workers,
		 v->recursive ? ",recursive" : "", v->baseline ? ",baseline" : "",
		 v->in_flight ? ",in_flight" : "", v->one_thread ? ",one_thread" : "",
		 v->mpirun ? ",mpirun" : "", v->skip_io ? ",skip_io" : "",
		 v->skip_memory ? ",skip_memory" : "", v->skip_recursive ? ",skip_recursive" : "");
	if (v->start_s > 0)
		snprintf(buf + strlen(buf), len - strlen(buf), ",start_s:%g", v->start_s);
}
