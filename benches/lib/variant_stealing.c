/* stealing: the work-stealing scheduler (steal.h), W workers with a deque each, the caller among
 * them. A recursive bench's solve spawns its subproblems as it goes; any other bench's tasks are
 * a range halved down to --chunk tasks, one parallel-for per step. */
#include "place.h"
#include "steal.h"
#include "team.h"
#include "variants.h"

static void stealing_solve(struct fj *fj, void *arg)
{
	const struct range_run *c = arg;

	c->job->w->solve(c->job, fj, c->partials, c->stride);
}

int variant_stealing(const struct job *job, void *partials, size_t stride)
{
	struct range_run c = { job, partials, stride, 0, 0 };
	struct steal *s;

	/* The caller is worker 0, pinned first: the threads it starts begin where it is. */
	if (place_enter(job->place, 0) != 0)
		return -1;
	if (!(s = steal_create(job->workers, job->place)))	/* returns once all are up */
		return -1;
	team_started(job->team);
	if (job->recursive) {
		steal_run(s, stealing_solve, &c);
	} else {
		for (size_t k = 0; k < job->steps; k++, c.base += job->tasks) {
			steal_for(s, job->tasks, job->chunk, range_run_body, &c);
			if (k + 1 < job->steps)	/* a step's parallel-for is its barrier */
				team_waited(job->team, steal_idle_s(s));
		}
	}
	team_computed(job->team);
	place_leave(job->place, 0);
	if (steal_destroy(s) != 0)	/* it joins them: each has tried to place itself */
		return -1;
	return atomic_load(&c.failed) ? -1 : 0;
}
