/* async: one thread and an epoll event loop, the counterpart of asyncio. Up to W tasks are in
 * flight: each runs a step, says what it waits for (a socket, or a time), and the loop resumes it
 * when that is ready. Timers live in a binary heap and set epoll_wait's timeout.
 * Work without steps: file I/O cannot wait in epoll (regular files are always "ready"), so, as
 * libuv does, it goes to a small helper pool of min(W, 4) threads; CPU work runs in the loop's
 * own thread, one task after another, since a loop that computes cannot wait at the same time. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "clock.h"
#include "heap.h"
#include "msg.h"
#include "place.h"
#include "team.h"
#include "variants.h"

struct slot {
	size_t task;
	int armed_fd;		/* the fd registered in epoll for this slot, or -1 */
	struct wait w;
	unsigned char state[IO_STATE_MAX];
};

struct loop {
	const struct job *job;
	void *partials;
	size_t stride;
	int epfd;
	struct slot *slots;
	size_t *free, nfree;	/* unused slots */
	struct heap timers;	/* slots waiting for a time, keyed by it */
	size_t next, done;
};

/* Wait for what the slot's last step asked for. Returns 0, or -1 after a message. */
static int slot_park(struct loop *l, size_t s)
{
	struct slot *sl = &l->slots[s];
	struct epoll_event ev = { .events = (sl->w.kind == WAIT_READ ? EPOLLIN : EPOLLOUT) | EPOLLONESHOT,
				  .data.u64 = s };

	if (sl->w.kind == WAIT_NONE) {
		l->done++;
		l->free[l->nfree++] = s;
		return 0;
	}
	if (sl->w.kind == WAIT_UNTIL) {
		heap_push(&l->timers, sl->w.until, s);
		return 0;
	}
	/* The same fd again: re-arm it. A new fd, or one the step closed and reopened: add it. */
	if (sl->armed_fd == sl->w.fd && epoll_ctl(l->epfd, EPOLL_CTL_MOD, sl->w.fd, &ev) == 0)
		return 0;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, sl->w.fd, &ev) != 0) {
		msg_errno("epoll_ctl");
		return -1;
	}
	sl->armed_fd = sl->w.fd;
	return 0;
}

static int slot_step(struct loop *l, size_t s)
{
	struct slot *sl = &l->slots[s];
	const struct job *job = l->job;

	if (job->w->step(job, sl->task, sl->state, partial_at(l->partials, l->stride, sl->task),
			 &sl->w) != 0)
		return -1;
	return slot_park(l, s);
}

static int slot_start(struct loop *l)
{
	size_t s = l->free[--l->nfree];
	struct slot *sl = &l->slots[s];

	sl->task = l->next++;
	sl->armed_fd = -1;
	memset(sl->state, 0, sizeof sl->state);
	return slot_step(l, s);
}

/* After a failure: every task still in flight lets go of what it holds. */
static void loop_abandon(struct loop *l, size_t nslots)
{
	char *idle = calloc(nslots, 1);

	for (size_t k = 0; idle && k < l->nfree; k++)
		idle[l->free[k]] = 1;
	for (size_t s = 0; s < nslots && l->job->w->abandon; s++)
		if (!idle || !idle[s])
			l->job->w->abandon(l->job, l->slots[s].task, l->slots[s].state);
	free(idle);
}

static int loop_run(struct loop *l)
{
	struct epoll_event ev[256];

	while (l->done < l->job->tasks) {
		int n, timeout = -1;

		while (l->nfree > 0 && l->next < l->job->tasks)
			if (slot_start(l) != 0)
				return -1;
		if (l->done == l->job->tasks)
			break;
		if (l->timers.n)
			timeout = clock_ms_until(heap_min(&l->timers));
		n = epoll_wait(l->epfd, ev, 256, timeout);
		if (n < 0 && errno != EINTR) {
			msg_errno("epoll_wait");
			return -1;
		}
		for (int k = 0; k < n; k++)
			if (slot_step(l, (size_t)ev[k].data.u64) != 0)
				return -1;
		for (double now = clock_now(); l->timers.n && heap_min(&l->timers) <= now;)
			if (slot_step(l, heap_pop(&l->timers)) != 0)
				return -1;
	}
	return 0;
}

static int async_loop(const struct job *job, void *partials, size_t stride)
{
	size_t nslots = job->tasks < (size_t)job->workers ? job->tasks : (size_t)job->workers;
	struct loop l = { .job = job, .partials = partials, .stride = stride };
	int err = -1;

	l.slots = calloc(nslots, sizeof *l.slots);
	l.free = malloc(nslots * sizeof *l.free);
	l.timers.at = malloc(nslots * sizeof *l.timers.at);
	if (!l.slots || !l.free || !l.timers.at) {
		msg_errno("malloc");
		goto out_free;
	}
	for (size_t s = 0; s < nslots; s++)
		l.free[l.nfree++] = nslots - 1 - s;	/* slot 0 first */
	l.epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l.epfd < 0) {
		msg_errno("epoll_create1");
		goto out_free;
	}
	team_started(job->team);
	err = loop_run(&l);
	team_computed(job->team);
	if (err)
		loop_abandon(&l, nslots);
	if (close(l.epfd) != 0)
		msg_errno("close");
out_free:
	free(l.timers.at);
	free(l.free);
	free(l.slots);
	return err;
}

/* One thread, worker 0, runs the loop; file I/O goes to a helper pool, placed as pooled's. */
int variant_async(const struct job *job, void *partials, size_t stride)
{
	int err;

	if (!job->w->step && !strcmp(job->w->kind ? job->w->kind : "cpu", "io")) {
		struct job helpers = *job;

		helpers.workers = job->workers < 4 ? job->workers : 4;
		helpers.chunk = 1;
		return variant_pooled(&helpers, partials, stride);
	}
	if (place_enter(job->place, 0) != 0)
		return -1;
	if (job->w->step) {
		err = async_loop(job, partials, stride);
	} else {	/* a CPU-bound bench: the loop's thread computes, one task after another */
		team_started(job->team);
		err = variant_run_range(job, partials, stride, 0, job->tasks * job->steps);
		team_computed(job->team);
	}
	place_leave(job->place, 0);
	return err;
}
