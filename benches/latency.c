/* latency.c: each task waits a fixed time, like a call to a remote service (--wait-ms), then
 * does a little work (--work-us). The seeds' asyncio.sleep example: waiting costs no CPU, so
 * far more workers than cores still help, and an event loop needs only one thread. */
#include "lib/clock.h"
#include "lib/workload.h"

enum { OPT_WAIT_MS, OPT_WORK_US };

struct latency_state {
	int waited;
};

static size_t latency_tasks(uint64_t size)
{
	return (size_t)size;
}

static int latency_step(const struct job *job, size_t i, void *state, void *partial,
			struct wait *next)
{
	struct latency_state *st = state;

	if (!st->waited) {
		st->waited = 1;
		*next = (struct wait){ WAIT_UNTIL, -1, clock_now() + job->opt[OPT_WAIT_MS].num * 1e-3 };
		return 0;
	}
	/* The work is timed, not counted: its length is what matters here, not its value. */
	for (double end = clock_now() + job->opt[OPT_WORK_US].num * 1e-6; clock_now() < end;)
		;
	struct rng r = rng_for_task(job->seed, i);

	*(uint64_t *)partial = rng_next(&r);	/* what the "remote call" returned */
	next->kind = WAIT_NONE;
	return 0;
}

static int latency_finish(const struct job *job, const void *partials, size_t stride,
			  double seconds, struct kv *out)
{
	kv_u64(out, "result", partials_sum_u64(job, partials, stride));
	kv_f(out, "tasks_per_s", "%.1f", job->tasks / seconds);
	return 0;
}

static const struct workload latency = {
	.name = "latency",
	.about = "latency: each task waits --wait-ms (default 10), then works --work-us; I/O-bound.",
	.size_unit = "tasks",
	.kind = "io",
	.sizes = { 32, 320, 3200 },	/* 32 tasks: enough to see concurrency pay off */
	.size_max = 10000000,
	.partial_bytes = sizeof(uint64_t),
	.opts = {
		[OPT_WAIT_MS] = { .flag = "--wait-ms", .def = 10, .max = 3600000,
			.help = "how long each task waits, in ms (default 10)" },
		[OPT_WORK_US] = { .flag = "--work-us", .max = 10000000,
			.help = "CPU work after the wait, in microseconds (default 0)" },
	},
	.tasks_for = latency_tasks,
	.task = io_task,
	.state_bytes = sizeof(struct latency_state),
	.step = latency_step,
	.finish = latency_finish,
};

BENCH_MAIN(latency)
