/* serial: the baseline every speedup is measured against. */
#include "fj.h"
#include "place.h"
#include "team.h"
#include "variants.h"

/* Pinned like a 1-worker run, so that speedups compare like with like. Tasks in index order are
 * already step by step. A recursive bench runs its recursion with every spawn a plain call: the
 * serial elision, as Cilk measures its speedups against. */
int variant_serial(const struct job *job, void *partials, size_t stride)
{
	int err;

	if (place_enter(job->place, 0) != 0)
		return -1;
	team_started(job->team);
	if (job->recursive) {
		struct fj fj = { &fj_inline };

		job->w->solve(job, &fj, partials, stride);
		err = 0;
	} else {
		err = variant_run_range(job, partials, stride, 0, job->tasks * job->steps);
	}
	team_computed(job->team);
	place_leave(job->place, 0);
	return err;
}
