/* pi.c: Monte Carlo estimate of pi. Every task throws the same number of darts: the easy case. */
#include <stdio.h>

#include "lib/workload.h"

static size_t pi_tasks(uint64_t size)
{
	(void)size;
	return 64;
}

static int pi_task(const struct job *job, size_t i, void *partial)
{
	struct rng r = rng_for_task(job->seed, i);	/* per task, never per worker */
	uint64_t hits = 0;
	uint64_t n = share_begin(job->size, job->tasks, i + 1) - share_begin(job->size, job->tasks, i);

	for (uint64_t k = 0; k < n; k++) {
		double x = rng_unit(&r), y = rng_unit(&r);

		hits += x * x + y * y <= 1.0;
	}
	*(uint64_t *)partial = hits;
	return 0;
}

static int pi_finish(const struct job *job, const void *partials, size_t stride, double seconds,
		     struct kv *out)
{
	uint64_t hits = partials_sum_u64(job, partials, stride);
	char result[64];

	(void)seconds;
	snprintf(result, sizeof result, "%.12f", 4.0 * (double)hits / (double)job->size);
	kv_str(out, "result", result);
	kv_u64(out, "hits", hits);
	return 0;
}

static const struct workload pi = {
	.name = "pi",
	.about = "pi: Monte Carlo estimate of pi; uniform tasks, the easy case for every variant.",
	.size_unit = "darts thrown",
	.kind = "cpu",
	.sizes = { 36000000, 360000000, 3600000000 },
	.size_max = UINT64_C(1) << 40,
	.partial_bytes = sizeof(uint64_t),
	.tasks_for = pi_tasks,
	.task = pi_task,
	.finish = pi_finish,
};

BENCH_MAIN(pi)
