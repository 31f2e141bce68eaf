/* procpool: W worker processes forked up front claim --chunk tasks at a time, one parallel-for
 * per step, and write partial results straight into MAP_SHARED memory; the parent copies them
 * out at the end. */
#include <string.h>

#include <unistd.h>

#include "msg.h"
#include "procpool.h"
#include "shm.h"
#include "team.h"
#include "variants.h"

struct shared_out {
	const struct job *job;
	void *results;		/* MAP_SHARED: what a worker writes, the parent sees */
	size_t stride;
	size_t base;		/* the first task of this step; set before each "go" */
};

static int procpool_ready(const void *arg)
{
	const struct job *job = arg;

	return job->w->process_ready ? job->w->process_ready(job) : 0;
}

static void procpool_range(void *arg, size_t begin, size_t end)
{
	struct shared_out *c = arg;

	/* The task said why; the pool reports the worker's exit and which task it ran. */
	if (variant_run_range(c->job, c->results, c->stride, c->base + begin, c->base + end) != 0)
		_exit(EXIT_RUNTIME);
}

int variant_procpool(const struct job *job, void *partials, size_t stride)
{
	size_t bytes = job->tasks * job->steps * stride;
	/* Both in shared memory before the fork: the workers read c.base each step. */
	struct shared_out *c = shm_alloc(sizeof *c);
	struct procpool *pp;
	int err = -1;

	if (!c)
		return -1;
	*c = (struct shared_out){ job, shm_alloc(bytes), stride, 0 };
	if (!c->results)
		goto out_free;
	pp = procpool_create_placed(job->workers, job->place, procpool_ready, job);	/* all up */
	if (!pp)
		goto out_free;
	team_started(job->team);
	err = 0;
	for (size_t k = 0; k < job->steps && err == 0; k++, c->base += job->tasks) {
		err = procpool_for(pp, job->tasks, job->chunk, procpool_range, c);
		if (k + 1 < job->steps)	/* a step's parallel-for is its barrier */
			team_waited(job->team, procpool_idle_s(pp));
	}
	team_computed(job->team);
	procpool_destroy(pp);
	if (err == 0)
		memcpy(partials, c->results, bytes);
out_free:
	shm_free(c->results, bytes);
	shm_free(c, sizeof *c);
	return err;
}
