/* schedule.h: the static schedules. Which tasks worker w of W owns, visited in task order. */
#ifndef PARBENCH_SCHEDULE_H
#define PARBENCH_SCHEDULE_H

#include <stddef.h>

#include "workload.h"

struct slice {
	size_t next, end, step;
};

/* block: one contiguous run of tasks per worker; cyclic: every W-th task, like dealing cards. */
static inline struct slice slice_of(const struct job *job, int w)
{
	size_t n = job->tasks, W = (size_t)job->workers;
	struct slice s;

	if (job->schedule == SCHEDULE_CYCLIC) {
		s.next = (size_t)w;
		s.end = n;
		s.step = W;
	} else {
		s.next = n * (size_t)w / W;
		s.end = n * ((size_t)w + 1) / W;
		s.step = 1;
	}
	return s;
}

/* Worker w's tasks in step k: its slice of that step's tasks, k * tasks onwards. */
static inline struct slice slice_in_step(const struct job *job, int w, size_t k)
{
	struct slice s = slice_of(job, w);

	s.next += k * job->tasks;
	s.end += k * job->tasks;
	return s;
}

/* The tasks whose rows this process holds (job->held_by): all, or one worker's block. */
static inline struct slice slice_held(const struct job *job)
{
	struct slice all = { 0, job->tasks, 1 };

	return job->held_by < 0 ? all : slice_of(job, job->held_by);
}

static inline int slice_next(struct slice *s, size_t *task)
{
	if (s->next >= s->end)
		return 0;
	*task = s->next;
	s->next += s->step;
	return 1;
}

static inline size_t slice_count(struct slice s)
{
	return s.next >= s.end ? 0 : (s.end - s.next + s.step - 1) / s.step;
}

#endif
