/* primes.c: count the primes below N by trial division. Task i checks one contiguous range, and
 * bigger numbers cost more to check, so a static block split gives the last worker the most work:
 * the case for cyclic and dynamic scheduling. */
#include <inttypes.h>
#include <stdio.h>

#include "lib/workload.h"

static size_t primes_tasks(uint64_t size)
{
	(void)size;
	return 64;
}

static int is_prime(uint64_t n)
{
	if (n < 2)
		return 0;
	if (n % 2 == 0)
		return n == 2;
	for (uint64_t d = 3; d * d <= n; d += 2)
		if (n % d == 0)
			return 0;
	return 1;
}

static int primes_task(const struct job *job, size_t i, void *partial)
{
	uint64_t lo = share_begin(job->size, job->tasks, i), hi = share_begin(job->size, job->tasks, i + 1);
	uint64_t count = 0;

	for (uint64_t n = lo; n < hi; n++)
		count += is_prime(n);
	*(uint64_t *)partial = count;
	return 0;
}

static int primes_finish(const struct job *job, const void *partials, size_t stride,
			 double seconds, struct kv *out)
{
	(void)seconds;
	kv_u64(out, "result", partials_sum_u64(job, partials, stride));
	return 0;
}

static const struct workload primes = {
	.name = "primes",
	.about = "primes: count primes below N by trial division; later tasks cost more.",
	.size_unit = "N, the bound (primes below it are counted)",
	.kind = "cpu",
	.irregular = 1,
	.sizes = { 1000000, 5000000, 23000000 },
	.size_max = UINT64_C(1) << 40,
	.partial_bytes = sizeof(uint64_t),
	.work_power = 1.5,	/* trial division of n costs up to sqrt(n) divisions */
	.tasks_for = primes_tasks,
	.task = primes_task,
	.finish = primes_finish,
};

BENCH_MAIN(primes)
