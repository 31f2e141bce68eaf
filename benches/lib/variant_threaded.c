/* threaded: W pthreads, each runs the tasks its static slice gives it (--schedule block or
 * cyclic), in every step. Threads share memory, so partial results need no transport. */
#include "lanes.h"
#include "schedule.h"
#include "team.h"
#include "variants.h"

static void *threaded_lane(void *arg)
{
	struct lane *l = arg;
	const struct job *job = l->job;
	int failed = 0;
	size_t i;

	/* A local flag, written to the lane once: lanes sit side by side in memory, and a store per
	 * task would bounce their shared cache line between cores (false sharing). */
	for (size_t k = 0; k < job->steps; k++) {
		struct slice s = slice_in_step(job, l->id, k);

		while (!failed && slice_next(&s, &i))
			failed = job->w->task(job, i, partial_at(l->partials, l->stride, i)) != 0;
		if (k + 1 < job->steps)
			team_step(job->team);
	}
	l->failed = failed;
	return NULL;
}

int variant_threaded(const struct job *job, void *partials, size_t stride)
{
	return lanes_run(job, partials, stride, threaded_lane, NULL);
}
