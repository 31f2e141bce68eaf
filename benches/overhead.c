/* overhead.c: many empty or tiny tasks (--work-ns of busy work each), to measure what each
 * variant costs per task, the way the EPCC microbenchmarks do: time the same tasks serially as
 * the reference, then charge every worker-second beyond it to the tasks.
 * per_task_ns = (seconds * workers - reference) / tasks. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/clock.h"
#include "lib/msg.h"
#include "lib/opaque.h"
#include "lib/workload.h"

enum { OPT_WORK_NS };

struct overhead {
	uint64_t spins;		/* loop turns that take about --work-ns */
	double ref_per_task;	/* seconds one task takes run serially, loop included */
};

static size_t overhead_tasks(uint64_t size)
{
	return (size_t)size;
}

static uint64_t spin(uint64_t turns, uint64_t x)
{
	for (uint64_t k = 0; k < turns; k++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		OPAQUE(x);
	}
	return x;
}

/* The task's value depends on its index only; the busy work's value is thrown away, and
 * OPAQUE keeps the compiler from throwing the work away with it. */
static int overhead_task(const struct job *job, size_t i, void *partial)
{
	const struct overhead *o = job->data;
	struct rng r = { i };

	spin(o->spins, i);
	*(uint64_t *)partial = rng_next(&r);
	return 0;
}

/* Untimed: how many spins make --work-ns, and what a task costs serially. */
static int overhead_setup(struct job *job)
{
	struct overhead *o = calloc(1, sizeof *o);
	uint64_t work_ns = job->opt[OPT_WORK_NS].num, turns = 1 << 20, sample, sink;
	double t;

	if (!o) {
		msg_errno("calloc");
		return EXIT_RUNTIME;
	}
	job->data = o;
	if (work_ns > 0) {
		t = clock_now();
		spin(turns, 1);
		t = clock_now() - t;
		o->spins = (uint64_t)((double)work_ns * 1e-9 / (t / (double)turns) + 0.5);
	}
	sample = job->tasks < 100000 ? job->tasks : 100000;
	t = clock_now();
	for (uint64_t i = 0; i < sample; i++)
		overhead_task(job, i, &sink);
	o->ref_per_task = (clock_now() - t) / (double)sample;
	return 0;
}

static int overhead_finish(const struct job *job, const void *partials, size_t stride,
			   double seconds, struct kv *out)
{
	const struct overhead *o = job->data;
	double reference = o->ref_per_task * (double)job->tasks;
	kv_u64(out, "result", partials_sum_u64(job, partials, stride));
	kv_f(out, "per_task_ns", "%.1f", (seconds * job->workers - reference) / (double)job->tasks * 1e9);
	kv_f(out, "reference_s", "%.6f", reference);
	kv_u64(out, "work_ns", job->opt[OPT_WORK_NS].num);
	return 0;
}

static void overhead_teardown(struct job *job)
{
	free(job->data);
}

static const struct workload overhead = {
	.name = "overhead",
	.about = "overhead: T tiny tasks; reports per_task_ns, each variant's cost per task beyond "
		 "the serial reference.",
	.size_unit = "tasks",
	.kind = "cpu",
	.fixed_size = 1,	/* a task's cost is the point, not the whole's time */
	.sizes = { 100000, 1000000, 10000000 },
	.size_max = UINT64_C(1) << 30,
	.partial_bytes = sizeof(uint64_t),
	.opts = { [OPT_WORK_NS] = { .flag = "--work-ns", .max = 1000000000,
		.help = "busy work per task in ns (default 0)" } },
	.tasks_for = overhead_tasks,
	.setup = overhead_setup,
	.task = overhead_task,
	.finish = overhead_finish,
	.teardown = overhead_teardown,
};

BENCH_MAIN(overhead)
