/* sum.c: the seeds' job, the sum of i + i*i + i*i*i over [0, N) in unsigned 64-bit arithmetic
 * (wrapping around). Task i sums one contiguous range. */
#include "lib/opaque.h"
#include "lib/workload.h"

static size_t sum_tasks(uint64_t size)
{
	(void)size;
	return 64;
}

static int sum_task(const struct job *job, size_t t, void *partial)
{
	uint64_t lo = share_begin(job->size, job->tasks, t), hi = share_begin(job->size, job->tasks, t + 1);
	uint64_t acc = 0;

	for (uint64_t i = lo; i < hi; i++) {
		uint64_t x = i;

		OPAQUE(x);	/* or the compiler would replace the loop by a closed form */
		acc += x + x * x + x * x * x;
	}
	*(uint64_t *)partial = acc;
	return 0;
}

static int sum_finish(const struct job *job, const void *partials, size_t stride, double seconds,
		      struct kv *out)
{
	(void)seconds;
	kv_u64(out, "result", partials_sum_u64(job, partials, stride));
	return 0;
}

static const struct workload sum = {
	.name = "sum",
	.about = "sum: sum of i + i^2 + i^3 over [0, N) with 64-bit wraparound (the seeds' job).",
	.size_unit = "N, the number of terms",
	.kind = "cpu",
	.sizes = { 150000000, 1500000000, 15000000000 },
	.size_max = UINT64_C(1) << 50,
	.partial_bytes = sizeof(uint64_t),
	.tasks_for = sum_tasks,
	.task = sum_task,
	.finish = sum_finish,
};

BENCH_MAIN(sum)
