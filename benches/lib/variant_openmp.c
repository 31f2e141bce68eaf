/* openmp: the compiler's own dynamic schedule, the yardstick for the pools' per-task cost. */
#include "msg.h"
#include "variants.h"

int variant_openmp(const struct job *job, void *partials, size_t stride)
{
#ifdef _OPENMP
	long n = (long)job->tasks;
	int chunk = (int)job->chunk;

#pragma omp parallel for schedule(dynamic, chunk) num_threads(job->workers)
	for (long i = 0; i < n; i++)
		job->w->task(job, (size_t)i, partial_at(partials, stride, (size_t)i));
	return 0;
#else
	(void)job;
	(void)partials;
	(void)stride;
	msg_warn("openmp: this build has no OpenMP (the compiler did not accept -fopenmp)");
	return -1;
#endif
}
