/* stream.c: the STREAM triad a = b + s*c, `size` passes over three arrays each at least four
 * times the machine's last-level cache, so that every byte comes from memory: more cores help
 * only until the memory bus is full. Reports gbytes_per_s (24 bytes per element and pass, as
 * STREAM counts them) and array_mib.
 *
 * How it keeps the measurement about memory:
 * - A pass is a step (workload.h): tasks are page-aligned blocks of the arrays, and every
 *   block of pass k is done before pass k+1 starts, so no two workers ever touch the same lines
 *   at once, nor read what another just left in a cache.
 * - The arrays are mapped alike for every variant. a, which tasks write, is shared memory, so
 *   forked and procpool workers write it in place, as threads do, instead of copying pages on
 *   write; they map it in before they say they are ready. b and c, only read, are private on
 *   huge pages, whose page tables a fork copies.
 * - Setup touches each page first from a CPU on the NUMA node of the worker that streams it
 *   under the block schedule, so that it lives on that worker's node.
 * - The inner loop has no atomics and vectorizes: the line below has the Makefile build this
 *   file -O3, and its `omp simd` reduction needs -fopenmp-simd (not the OpenMP runtime). */
/* make: TUNE_CFLAGS -O3 -fopenmp-simd */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lib/msg.h"
#include "lib/place.h"
#include "lib/schedule.h"
#include "lib/shm.h"
#include "lib/topo.h"
#include "lib/workload.h"

enum { OPT_ARRAY_MIB };

#define SCALAR 3.0
#define PAGE_DOUBLES 512	/* 4 KiB: blocks start on pages, so a page has one first user */
#define MIB (UINT64_C(1) << 20)
#define AUTO_FLOOR_MIB 64	/* when the machine names no cache */

/* The arrays start this many bytes apart from the same alignment: mapped alike (all on 2 MiB
 * boundaries, as they are whenever the address space has no holes), a[i], b[i] and c[i] would
 * share cache sets and the triad ran 1.6 times slower here (0.14 s against 0.085 s serially). */
#define STAGGER (UINT64_C(4096) + 64)

struct arrays {
	double *a, *b, *c;	/* a: shared memory, written; b, c: private, read */
	void *map[3];
	size_t map_bytes;
	uint64_t n;		/* elements per array, a multiple of PAGE_DOUBLES */
};

static size_t stream_tasks(uint64_t passes)
{
	(void)passes;
	return 64;	/* blocks per pass; the runner gives more on a bigger machine */
}

/* Elements per array: --array-mib, or 4 x the last-level cache rounded up to a MiB, capped at
 * a quarter of free memory split over the three. Exits on a usage error. */
static void stream_length(const struct job *job, const struct topo *t, uint64_t *n,
			  uint64_t *cap_mib)
{
	uint64_t mib = job->opt[OPT_ARRAY_MIB].num, cap = 0;

	if (t->mem_bytes)
		cap = t->mem_bytes / 4 / 3 / MIB;
	if (mib == 0) {
		mib = t->llc_bytes ? (4 * t->llc_bytes + MIB - 1) / MIB : AUTO_FLOOR_MIB;
		if (cap && mib > cap) {
			msg_warn("stream: 4 x the last-level cache is %" PRIu64 " MiB an array, more "
				 "than a quarter of %s over three arrays: using %" PRIu64 " MiB, which "
				 "caches may partly hold", mib, t->mem_from, cap);
			mib = cap;
		}
	} else if (cap && mib > cap) {
		msg_usage("--array-mib %" PRIu64 ": three arrays would take more than a quarter of "
			  "%s (at most %" PRIu64 " MiB each)", mib, t->mem_from, cap);
	}
	*n = mib * MIB / sizeof(double);
	if (cap_mib)
		*cap_mib = cap;
}

/* Block t of the arrays, in whole pages: [block_begin(t), block_begin(t + 1)). */
static uint64_t block_begin(const struct arrays *m, size_t tasks, size_t t)
{
	return share_begin(m->n / PAGE_DOUBLES, tasks, t) * PAGE_DOUBLES;
}

/* First touch. The block a worker streams (in the first pass, under the block or cyclic
 * schedule the static drivers use) is written first from a CPU on that worker's NUMA node, so
 * the kernel puts its pages there; every CPU the workers may use takes part, so a 1-worker run
 * sets up as fast as a many-worker one. */
struct toucher {
	const struct job *job;
	struct arrays *m;
	const int *by;		/* by[t]: the toucher of block t */
	int id;
	int failed;
	pthread_t tid;
};

/* Write block t's pages: the kernel allocates them in one call each, here, on this CPU's node,
 * far quicker than a fault per page. Before Linux 5.14 that call is EINVAL, and the writes
 * below fault the pages in instead, a's zeros included. */
static int touch_block(struct arrays *m, size_t tasks, size_t t)
{
	uint64_t lo = block_begin(m, tasks, t), hi = block_begin(m, tasks, t + 1);
	int populated = 1;

	for (int k = 0; k < 3 && hi > lo; k++) {
		double *v = k == 0 ? m->a : k == 1 ? m->b : m->c;
		uintptr_t from = (uintptr_t)(v + lo) & ~(uintptr_t)4095;

		if (madvise((void *)from, (uintptr_t)(v + hi) - from, MADV_POPULATE_WRITE) != 0) {
			if (errno != EINVAL) {
				msg_errno("madvise (first touch)");
				return -1;
			}
			populated = 0;
		}
	}
	for (uint64_t i = lo; i < hi; i++) {
		if (!populated)
			m->a[i] = 0.0;
		m->b[i] = (double)(i % 1024);
		m->c[i] = (double)(i % 7);
	}
	return 0;
}

static void *stream_touch(void *arg)
{
	struct toucher *tu = arg;
	const struct job *job = tu->job;

	/* Toucher j stands where worker j would: on CPU j of the placement's order. */
	if (place_enter(job->place, tu->id) != 0) {
		tu->failed = 1;
		return NULL;
	}
	for (size_t t = 0; t < job->tasks && !tu->failed; t++)
		if (tu->by[t] == tu->id && touch_block(tu->m, job->tasks, t) != 0)
			tu->failed = 1;
	return NULL;
}

static int topo_node_of(const struct topo *t, int cpu)
{
	for (int i = 0; i < t->ncpus; i++)
		if (t->cpus[i].os == cpu)
			return t->cpus[i].numa;
	return -1;
}

/* by[t] for every block: a toucher on the node of the worker that streams it, the node's
 * touchers taking its blocks in turn (any toucher, in turn, when nothing is pinned). */
static void touch_plan(const struct job *job, const struct topo *t, int n, int *by)
{
	const struct place *pl = job->place;
	int nodes = t->nnuma > 0 ? t->nnuma : 1;
	int *on = calloc((size_t)nodes, sizeof *on), *given = calloc((size_t)nodes, sizeof *given);
	struct job first = *job;
	size_t b;

	if (!on || !given)	/* the blocks still get touched, just not by node */
		msg_errno("calloc (first-touch plan)");
	first.schedule = job->schedule == SCHEDULE_CYCLIC ? SCHEDULE_CYCLIC : SCHEDULE_BLOCK;
	for (int j = 0; on && pl && pl->n > 0 && j < n; j++) {
		int node = topo_node_of(t, pl->order[j]);

		if (node >= 0 && node < nodes)
			on[node]++;
	}
	for (int w = 0; w < job->workers; w++) {
		int node = pl && pl->n > 0 ? topo_node_of(t, pl->order[w % pl->n]) : -1;

		for (struct slice s = slice_of(&first, w); slice_next(&s, &b);) {
			int k, j;

			by[b] = (int)(b % (size_t)n);
			if (!on || !given || node < 0 || node >= nodes || !on[node])
				continue;
			k = given[node]++ % on[node];	/* the k-th toucher on the node */
			for (j = 0; j < n; j++)
				if (topo_node_of(t, pl->order[j]) == node && k-- == 0)
					break;
			by[b] = j;
		}
	}
	free(on);
	free(given);
}

static int stream_first_touch(const struct job *job, const struct topo *t, struct arrays *m)
{
	int n = job->place && job->place->n > 0 ? job->place->n : t->effective;
	struct toucher *tu = calloc((size_t)n, sizeof *tu);
	int *by = calloc(job->tasks, sizeof *by), started, rc, err = 0;

	if (!tu || !by) {
		msg_errno("calloc");
		free(tu);
		free(by);
		return -1;
	}
	touch_plan(job, t, n, by);
	for (started = 0; started < n; started++) {
		tu[started] = (struct toucher){ job, m, by, started, 0, 0 };
		if ((rc = pthread_create(&tu[started].tid, NULL, stream_touch, &tu[started])) != 0) {
			errno = rc;
			msg_errno("pthread_create");
			err = -1;
			break;
		}
	}
	for (int k = 0; k < started; k++) {
		if ((rc = pthread_join(tu[k].tid, NULL)) != 0) {
			errno = rc;
			msg_errno("pthread_join");
			err = -1;
		}
		err |= -tu[k].failed;
	}
	if (!err && started < n)
		err = -1;
	free(by);
	free(tu);
	return err;
}

/* b and c, which tasks only read: private memory on huge pages where the kernel allows them, so
 * setting up 1 GiB takes 512 page allocations instead of 262144. A fork copies the page tables
 * of private memory, so forked workers read them in place, without faults. */
static void *private_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		msg_errno("mmap");
		return NULL;
	}
	(void)madvise(p, bytes, MADV_HUGEPAGE);	/* a hint: its failure is not one */
	return p;
}

static int stream_setup(struct job *job)
{
	struct arrays *m = calloc(1, sizeof *m);
	struct topo t;
	int rc;

	if (!m) {
		msg_errno("calloc");
		return EXIT_RUNTIME;
	}
	job->data = m;
	job->steps = job->size;	/* a pass is a step */
	if (topo_load(&t) != 0)
		return EXIT_RUNTIME;
	stream_length(job, &t, &m->n, NULL);
	m->map_bytes = m->n * sizeof(double) + 3 * STAGGER;
	for (int k = 0; k < 3; k++) {
		if (!(m->map[k] = k == 0 ? shm_alloc(m->map_bytes) : private_alloc(m->map_bytes))) {
			topo_free(&t);
			return EXIT_RUNTIME;	/* teardown frees what was made */
		}
	}
	m->a = (double *)((char *)m->map[0] + 0 * STAGGER);
	m->b = (double *)((char *)m->map[1] + 1 * STAGGER);
	m->c = (double *)((char *)m->map[2] + 2 * STAGGER);
	rc = stream_first_touch(job, &t, m) == 0 ? 0 : EXIT_RUNTIME;
	topo_free(&t);
	return rc;
}

/* The kernel, apart so that restrict tells the compiler the arrays never overlap. Its sum is
 * of whole numbers below 2^53, so any order of adding gives the same, exact result: the
 * reduction may vectorize. */
static double triad(double *restrict a, const double *restrict b, const double *restrict c,
		    uint64_t lo, uint64_t hi)
{
	double sum = 0;

#pragma omp simd reduction(+:sum)
	for (uint64_t i = lo; i < hi; i++) {
		a[i] = b[i] + SCALAR * c[i];
		sum += a[i];
	}
	return sum;
}

/* Task i is block i % tasks of pass i / tasks: every pass does the same. */
static int stream_task(const struct job *job, size_t i, void *partial)
{
	const struct arrays *m = job->data;
	size_t t = i % job->tasks;

	*(double *)partial = triad(m->a, m->b, m->c, block_begin(m, job->tasks, t),
				   block_begin(m, job->tasks, t + 1));
	return 0;
}

static int stream_finish(const struct job *job, const void *partials, size_t stride,
			 double seconds, struct kv *out)
{
	const struct arrays *m = job->data;
	double sum = 0;
	char result[64];

	for (size_t t = 0; t < job->tasks * job->steps; t++)
		sum += *(const double *)partial_get(partials, stride, t);
	snprintf(result, sizeof result, "%.15e", sum);
	kv_str(out, "result", result);
	kv_f(out, "gbytes_per_s", "%.2f", 24.0 * (double)(m->n * job->steps) / seconds / 1e9);
	kv_u64(out, "array_mib", m->n * sizeof(double) / MIB);
	return 0;
}

/* In a forked worker: map the arrays into its page tables now, all of them, since a dynamic
 * schedule may hand it any block. */
static int stream_process_ready(const struct job *job)
{
	const struct arrays *m = job->data;

	for (int k = 0; k < 3; k++) {
		/* EINVAL: a kernel before 5.14, which cannot; the pages then fault in as used. */
		if (madvise(m->map[k], m->map_bytes, k == 0 ? MADV_POPULATE_WRITE : MADV_POPULATE_READ)
		    != 0 && errno != EINVAL) {
			msg_errno("madvise (mapping the arrays in)");
			return -1;
		}
	}
	return 0;
}

/* For --info: the arrays this machine (or the one described) gets. */
static int stream_info(struct job *job, struct kv *out)
{
	uint64_t n, cap;
	struct topo t;

	if (topo_load(&t) != 0)
		return EXIT_RUNTIME;
	stream_length(job, &t, &n, &cap);
	topo_free(&t);
	kv_u64(out, "array_mib", n * sizeof(double) / MIB);
	kv_u64(out, "array_mib_max", cap);
	kv_u64(out, "setup_bytes", 3 * n * sizeof(double));	/* what setup writes, for plans */
	return 0;
}

static void stream_teardown(struct job *job)
{
	struct arrays *m = job->data;

	if (!m)
		return;
	for (int k = 0; k < 3; k++)
		if (m->map[k] && munmap(m->map[k], m->map_bytes) != 0)
			msg_errno("munmap");
	free(m);
}

static const struct workload stream = {
	.name = "stream",
	.about = "stream: STREAM triad a = b + s*c over three arrays of 4 x the last-level cache "
		 "each; memory-bound. Also reports gbytes_per_s and array_mib.",
	.size_unit = "passes over the arrays",
	.kind = "memory",
	.no_mpi = 1,
	.sizes = { 4, 40, 400 },
	.size_max = 1000000,
	.partial_bytes = sizeof(double),
	.opts = { [OPT_ARRAY_MIB] = { .flag = "--array-mib", .max = UINT64_C(1) << 24,
		.help = "MiB per array (default 0: 4 x the last-level cache, at most a quarter of "
			"free memory over three)" } },
	.tasks_for = stream_tasks,
	.setup = stream_setup,
	.task = stream_task,
	.finish = stream_finish,
	.process_ready = stream_process_ready,
	.info = stream_info,
	.teardown = stream_teardown,
};

BENCH_MAIN(stream)
