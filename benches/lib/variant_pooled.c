/* pooled: a thread pool's parallel-for, one per step. W lanes: W-1 pool threads plus the calling
 * thread, claiming --chunk tasks at a time from one atomic counter, so fast lanes take more; in
 * steps, from a share of their own first. */
#include "place.h"
#include "pool.h"
#include "team.h"
#include "variants.h"

int variant_pooled(const struct job *job, void *partials, size_t stride)
{
	struct range_run c = { job, partials, stride, 0, 0 };
	struct pool *p;

	/* The caller is worker 0, pinned first: the threads it starts begin where it is. */
	if (place_enter(job->place, 0) != 0)
		return -1;
	p = pool_create_placed(job->workers - 1, job->place, 1);	/* returns once all are up */
	if (!p)
		return -1;
	team_started(job->team);
	for (size_t k = 0; k < job->steps; k++, c.base += job->tasks) {
		/* In steps, each lane keeps its share of the tasks from step to step, unless it
		 * runs out and helps another: a step reads what the last one wrote, and one shared
		 * counter dealt heat's rows to whichever core came first, so that steps moved them
		 * between caches. heat medium on 2 lanes, 10 runs each interleaved: a median of
		 * 0.671 s with one counter (half the runs over 0.78 s), 0.464 s with shares. */
		if (job->steps > 1)
			pool_for_affine(p, job->tasks, job->chunk, range_run_body, &c);
		else
			pool_for(p, job->tasks, job->chunk, range_run_body, &c);
		if (k + 1 < job->steps)	/* a step's parallel-for is its barrier */
			team_waited(job->team, pool_idle_s(p));
	}
	team_computed(job->team);
	place_leave(job->place, 0);
	if (pool_destroy(p) != 0)	/* it joins them: each has tried to place itself */
		return -1;
	return atomic_load(&c.failed) ? -1 : 0;
}
