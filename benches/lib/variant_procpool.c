/* procpool: W worker processes forked up front claim --chunk tasks at a time and write partial
 * results straight into MAP_SHARED memory; the parent copies them out at the end. */
#include <string.h>

#include <unistd.h>

#include "msg.h"
#include "procpool.h"
#include "shm.h"
#include "variants.h"

struct shared_out {
	const struct job *job;
	void *results;		/* MAP_SHARED: what a worker writes, the parent sees */
	size_t stride;
};

static void procpool_range(void *arg, size_t begin, size_t end)
{
	struct shared_out *c = arg;

	/* The task said why; the pool reports the worker's exit and which task it ran. */
	if (variant_run_range(c->job, c->results, c->stride, begin, end) != 0)
		_exit(EXIT_RUNTIME);
}

int variant_procpool(const struct job *job, void *partials, size_t stride)
{
	size_t bytes = job->tasks * stride;
	struct shared_out c = { job, shm_alloc(bytes), stride };	/* before the fork */
	int err;

	if (!c.results)
		return -1;
	err = procpool_run_placed(job->workers, job->tasks, job->chunk, procpool_range, &c,
				  job->place);
	if (err == 0)
		memcpy(partials, c.results, bytes);
	shm_free(c.results, bytes);
	return err;
}
