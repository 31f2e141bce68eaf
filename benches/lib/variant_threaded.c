/* threaded: W pthreads, each runs the tasks its static slice gives it (--schedule block or
 * cyclic). Threads share memory, so partial results need no transport. */
#include "lanes.h"
#include "schedule.h"
#include "variants.h"

static void *threaded_lane(void *arg)
{
	struct lane *l = arg;
	struct slice s = slice_of(l->job, l->id);
	int failed = 0;
	size_t i;

	/* A local flag, written to the lane once: lanes sit side by side in memory, and a store per
	 * task would bounce their shared cache line between cores (false sharing). */
	while (!failed && slice_next(&s, &i))
		failed = l->job->w->task(l->job, i, partial_at(l->partials, l->stride, i)) != 0;
	l->failed = failed;
	return NULL;
}

int variant_threaded(const struct job *job, void *partials, size_t stride)
{
	return lanes_run(job, partials, stride, threaded_lane, NULL);
}
