/* gil: like threaded, but a lane must hold the one global lock while it computes, and offers it
 * up between tasks once the switch interval has passed. CPU-bound work therefore runs one thread
 * at a time: the seeds' "multithreading is no faster than a plain loop" under CPython. */
#include "gil.h"
#include "lanes.h"
#include "schedule.h"
#include "team.h"
#include "variants.h"

static void *gil_lane(void *arg)
{
	struct lane *l = arg;
	const struct job *job = l->job;
	struct gil *gil = l->ctx;
	int failed = 0;
	size_t i;

	gil_acquire(gil);
	for (size_t k = 0; k < job->steps; k++) {
		struct slice s = slice_in_step(job, l->id, k);

		while (!failed && slice_next(&s, &i)) {	/* a local flag: see threaded_lane */
			failed = job->w->task(job, i, partial_at(l->partials, l->stride, i)) != 0;
			gil_yield(gil);
		}
		if (k + 1 < job->steps) {	/* waiting lets the lock go, as a blocking call does */
			gil_release(gil);
			team_step(job->team);
			gil_acquire(gil);
		}
	}
	gil_release(gil);
	l->failed = failed;
	return NULL;
}

/* A blocking wait lets the lock go, as CPython's I/O calls do: that is why threads help there. */
static void gil_wait_begin(void *ctx)
{
	gil_release(ctx);
}

static void gil_wait_end(void *ctx)
{
	gil_acquire(ctx);
}

int variant_gil(const struct job *job, void *partials, size_t stride)
{
	struct job j = *job;
	struct gil gil;
	int err;

	if (gil_init(&gil, job->switch_ms) != 0)
		return -1;
	j.wait_begin = gil_wait_begin;
	j.wait_end = gil_wait_end;
	j.wait_ctx = &gil;
	err = lanes_run(&j, partials, stride, gil_lane, &gil);
	gil_destroy(&gil);
	return err;
}
