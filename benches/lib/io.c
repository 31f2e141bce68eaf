/* io.c: running an I/O task's steps with blocking waits, for every variant but async. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "msg.h"
#include "workload.h"

void io_blocking_begin(const struct job *job)
{
	if (job->wait_begin)
		job->wait_begin(job->wait_ctx);
}

void io_blocking_end(const struct job *job)
{
	if (job->wait_end)
		job->wait_end(job->wait_ctx);
}

int io_wait(const struct job *job, const struct wait *w)
{
	int rc = 0;

	io_blocking_begin(job);
	if (w->kind == WAIT_UNTIL) {
		struct timespec ts = { (time_t)w->until, (long)((w->until - (double)(time_t)w->until) * 1e9) };

		while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)) == EINTR)
			;
		if (rc) {
			errno = rc;
			msg_errno("clock_nanosleep");
			rc = -1;
		}
	} else {
		struct pollfd p = { w->fd, w->kind == WAIT_READ ? POLLIN : POLLOUT, 0 };

		while ((rc = poll(&p, 1, -1)) < 0 && errno == EINTR)
			;
		if (rc < 0)
			msg_errno("poll");
		rc = rc < 0 ? -1 : 0;
	}
	io_blocking_end(job);
	return rc;
}

int io_task(const struct job *job, size_t i, void *partial)
{
	unsigned char state[IO_STATE_MAX];
	struct wait w;

	memset(state, 0, sizeof state);
	for (;;) {
		if (job->w->step(job, i, state, partial, &w) != 0)
			return -1;
		if (w.kind == WAIT_NONE)
			return 0;
		if (io_wait(job, &w) != 0) {
			if (job->w->abandon)
				job->w->abandon(job, i, state);
			return -1;
		}
	}
}
