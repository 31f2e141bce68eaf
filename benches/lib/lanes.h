/* lanes.h: W threads, one static slice of tasks each, started and joined together.
 * The threaded and gil variants differ only in what a lane does around each task. */
#ifndef PARBENCH_LANES_H
#define PARBENCH_LANES_H

#include <pthread.h>

#include "workload.h"

struct lane {
	const struct job *job;
	void *partials;
	size_t stride;
	int id;			/* 0..W-1: which slice */
	void *ctx;		/* the variant's shared state, such as the gil */
	int failed;		/* a task of this lane failed (it said why) */
	void *(*main)(void *);	/* what the lane does, once it is placed */
	pthread_t tid;
};

/* Run lane_main(&lane[i]) on job->workers threads, lane i placed as worker i (place.h), all let go
 * together once every lane is placed (team.h), and join them all, after a failure too. A
 * lane_main of a job in steps calls team_step between steps, after a failed task too, since
 * the other lanes wait there for it. Returns 0, or -1 after a message. */
int lanes_run(const struct job *job, void *partials, size_t stride, void *(*lane_main)(void *),
	      void *ctx);

#endif
