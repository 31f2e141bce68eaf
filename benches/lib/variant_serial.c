/* serial: the baseline every speedup is measured against. */
#include "variants.h"

int variant_serial(const struct job *job, void *partials, size_t stride)
{
	return variant_run_range(job, partials, stride, 0, job->tasks);
}
