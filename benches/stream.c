/* stream.c: the STREAM triad a = b + s*c over arrays far larger than the last-level cache, swept
 * `size` times. Every byte comes from memory, so more cores help only until the memory bus is
 * full: the bound is bandwidth, not cores. Also reports gbytes_per_s (24 bytes per element, as
 * STREAM counts them). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "lib/msg.h"
#include "lib/shm.h"
#include "lib/workload.h"

/* 2^24 doubles: 128 MiB per array, 384 MiB in all: six times a typical 64 MiB L3, and swept
 * cyclically, so even a 260 MiB L3 (this machine's) keeps nothing for the next pass. */
#define N (UINT64_C(1) << 24)
#define SCALAR 3.0

/* The arrays start this many bytes apart from the same alignment: mapped alike (all on 2 MiB
 * boundaries, as they are whenever the address space has no holes), a[i], b[i] and c[i] would
 * share cache sets and the triad ran 1.6 times slower here (0.14 s against 0.085 s serially). */
#define STAGGER (UINT64_C(4096) + 64)

struct arrays {
	_Atomic double *a;	/* shared memory: forked workers write it in place */
	double *b, *c;		/* read-only while tasks run */
	void *a_map, *b_map, *c_map;	/* the mappings, each STAGGER * 3 bytes longer */
};

static size_t stream_tasks(uint64_t passes)
{
	return (size_t)passes * 32;
}

/* A private array on huge pages where the kernel allows them: setting up 512 MiB then takes a
 * few hundred page faults instead of 131072. The advice is only a hint, so its failure is not. */
static double *huge_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		msg_errno("mmap");
		return NULL;
	}
	(void)madvise(p, bytes, MADV_HUGEPAGE);
	return p;
}

static void huge_free(double *p, size_t bytes)
{
	if (p && munmap(p, bytes) != 0)
		msg_errno("munmap");
}

#define ARRAY_BYTES (N * sizeof(double) + 3 * STAGGER)

/* Each array's start within its mapping: k * STAGGER past the mapping's own alignment. */
static size_t stagger_of(int k)
{
	return (size_t)k * STAGGER;
}

static int stream_setup(struct job *job)
{
	struct arrays *m = calloc(1, sizeof *m);

	if (!m) {
		msg_errno("calloc");
		return EXIT_RUNTIME;
	}
	job->data = m;
	m->a_map = shm_alloc(ARRAY_BYTES);
	m->b_map = huge_alloc(ARRAY_BYTES);
	m->c_map = huge_alloc(ARRAY_BYTES);
	if (!m->a_map || !m->b_map || !m->c_map)
		return EXIT_RUNTIME;	/* teardown frees what was made */
	m->a = (_Atomic double *)((char *)m->a_map + stagger_of(0));
	m->b = (double *)((char *)m->b_map + stagger_of(1));
	m->c = (double *)((char *)m->c_map + stagger_of(2));
	for (uint64_t i = 0; i < N; i++) {	/* touch every page now, outside the timed section */
		atomic_store_explicit(&m->a[i], 0.0, memory_order_relaxed);
		m->b[i] = (double)(i % 1024);
		m->c[i] = (double)(i % 7);
	}
	return 0;
}

/* Task t covers its share of the N*passes element updates, wrapping around the arrays, so tasks
 * sweep memory in order. Two tasks from different passes may write the same a[i] at once, with
 * the same value; relaxed atomic stores make that well-defined and compile to plain stores. */
static int stream_task(const struct job *job, size_t t, void *partial)
{
	const struct arrays *m = job->data;
	uint64_t g = share_begin(N * job->size, job->tasks, t);
	uint64_t end = share_begin(N * job->size, job->tasks, t + 1);
	double sum = 0;

	while (g < end) {
		uint64_t i = g % N, stop = end - g < N - i ? i + (end - g) : N;

		g += stop - i;
		for (; i < stop; i++) {
			double v = m->b[i] + SCALAR * m->c[i];

			atomic_store_explicit(&m->a[i], v, memory_order_relaxed);
			sum += v;
		}
	}
	*(double *)partial = sum;
	return 0;
}

static int stream_finish(const struct job *job, const void *partials, size_t stride,
			 double seconds, struct kv *out)
{
	double sum = 0;
	char result[64];

	for (size_t t = 0; t < job->tasks; t++)
		sum += *(const double *)partial_get(partials, stride, t);
	snprintf(result, sizeof result, "%.15e", sum);
	kv_str(out, "result", result);
	kv_f(out, "gbytes_per_s", "%.2f", 24.0 * (double)(N * job->size) / seconds / 1e9);
	return 0;
}

static void stream_teardown(struct job *job)
{
	struct arrays *m = job->data;

	if (!m)
		return;
	shm_free(m->a_map, ARRAY_BYTES);
	huge_free(m->b_map, ARRAY_BYTES);
	huge_free(m->c_map, ARRAY_BYTES);
	free(m);
}

static const struct workload stream = {
	.name = "stream",
	.about = "stream: STREAM triad a = b + s*c over 3 x 128 MiB arrays; memory-bound. Also "
		 "reports gbytes_per_s.",
	.size_unit = "passes over the arrays",
	.kind = "memory",
	.no_mpi = 1,
	.sizes = { 4, 30, 300 },
	.size_max = 1000000,
	.partial_bytes = sizeof(double),
	.tasks_for = stream_tasks,
	.setup = stream_setup,
	.task = stream_task,
	.finish = stream_finish,
	.teardown = stream_teardown,
};

BENCH_MAIN(stream)
