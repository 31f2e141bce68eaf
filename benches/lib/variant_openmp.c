/* openmp: the compiler's own dynamic schedule, the yardstick for the pools' per-task cost. */
#include "msg.h"
#include "variants.h"

int variant_openmp(const struct job *job, void *partials, size_t stride)
{
#ifdef _OPENMP
	long n = (long)job->tasks;
	int chunk = (int)job->chunk, failed = 0;

	/* An OpenMP loop cannot be left early: after a failure the other tasks are skipped. */
#pragma omp parallel for schedule(dynamic, chunk) num_threads(job->workers)
	for (long i = 0; i < n; i++) {
		int skip;

#pragma omp atomic read
		skip = failed;
		if (!skip && job->w->task(job, (size_t)i, partial_at(partials, stride, (size_t)i)) != 0) {
#pragma omp atomic write
			failed = 1;
		}
	}
	return failed ? -1 : 0;
#else
	(void)job;
	(void)partials;
	(void)stride;
	msg_warn("openmp: this build has no OpenMP (the compiler did not accept -fopenmp)");
	return -1;
#endif
}
