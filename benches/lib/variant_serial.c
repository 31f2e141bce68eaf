/* serial: the baseline every speedup is measured against. */
#include "place.h"
#include "variants.h"

/* Pinned like a 1-worker run, so that speedups compare like with like. */
int variant_serial(const struct job *job, void *partials, size_t stride)
{
	int err;

	if (place_enter(job->place, 0) != 0)
		return -1;
	err = variant_run_range(job, partials, stride, 0, job->tasks);
	place_leave(job->place, 0);
	return err;
}
