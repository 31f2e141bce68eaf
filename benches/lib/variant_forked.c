/* forked: W children made by fork(), a static slice of tasks each in every step. A child
 * computes its slices, writes the partial results down its pipe and exits. The parent reads all
 * the pipes as data comes (compute ends when it holds every result), reaps each child at its
 * end-of-file, and when one dies, kills the rest: they may be waiting for it at the gate or at
 * a step's barrier. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fdio.h"
#include "msg.h"
#include "place.h"
#include "process.h"
#include "schedule.h"
#include "team.h"
#include "variants.h"

/* A child's exit status when the run was called off before it began: not its failure. */
#define CALLED_OFF 3

struct child {
	pid_t pid;		/* 0 once reaped */
	int fd;			/* read end of its pipe; -1 once closed */
	size_t count;		/* its tasks over all steps */
	char *in;		/* their results, as they arrive */
	size_t got;
};

static void child_main(const struct job *job, int id, size_t stride, int fd)
{
	size_t count = slice_count(slice_of(job, id)) * job->steps, k = 0, i;
	char *out = malloc(count ? count * stride : 1);

	if (place_enter(job->place, id) != 0) {
		team_cancel(job->team);
		_exit(EXIT_RUNTIME);
	}
	if (!out) {
		msg_errno("forked child: malloc");
		team_cancel(job->team);
		_exit(EXIT_RUNTIME);
	}
	memset(out, 0, count * stride);	/* its copy-on-write faults are start-up, not work */
	if (job->w->process_ready && job->w->process_ready(job) != 0) {
		team_cancel(job->team);
		_exit(EXIT_RUNTIME);
	}
	if (team_arrive(job->team) != 0)
		_exit(CALLED_OFF);	/* whoever called it off said why */
	for (size_t s = 0; s < job->steps; s++) {
		struct slice sl = slice_in_step(job, id, s);

		while (slice_next(&sl, &i))
			if (job->w->task(job, i, out + k++ * stride) != 0)
				_exit(EXIT_RUNTIME);	/* the task said why; the parent says who */
		if (s + 1 < job->steps)
			team_step(job->team);
	}
	place_leave(job->place, id);	/* before the parent can see the results */
	if (fd_write_all(fd, out, count * stride) != 0) {
		msg_errno("forked child: write");
		_exit(EXIT_RUNTIME);
	}
	_exit(0);	/* never return into the parent's code, never flush its stdio */
}

static int child_start(struct child *c, const struct job *job, int id, size_t stride)
{
	pid_t parent = getpid();
	int fds[2];

	c->count = slice_count(slice_of(job, id)) * job->steps;
	c->in = malloc(c->count ? c->count * stride : 1);
	if (!c->in) {
		msg_errno("malloc");
		return -1;
	}
	if (pipe(fds) != 0) {
		msg_errno("pipe");
		return -1;
	}
	c->pid = process_fork(fds);
	if (c->pid < 0) {
		c->pid = 0;
		return -1;
	}
	if (c->pid == 0) {
		close(fds[0]);
		/* Die with the parent: a child left at the gate or a step's barrier would wait there
		 * for ever. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
			_exit(EXIT_RUNTIME);
		child_main(job, id, stride, fds[1]);
	}
	close(fds[1]);	/* so the parent sees end-of-file when the child is done */
	c->fd = fds[0];
	return 0;
}

/* Reap a child whose pipe ended; returns its wait status, or -1 after a message. */
static int child_reap(struct child *c)
{
	int status;

	if (close(c->fd) != 0)
		msg_errno("close");
	c->fd = -1;
	if (process_reap(c->pid, &status) != 0) {
		msg_errno("waitpid");
		return -1;
	}
	c->pid = 0;
	return status;
}

struct brood {
	struct child *kids;
	int n;
};

/* team_open's question: has a child died before reaching the gate? Looks without reaping. */
static int forked_lost(void *ctx)
{
	struct brood *b = ctx;

	for (int i = 0; i < b->n; i++) {
		struct child *kids = b->kids;
		siginfo_t si = { 0 };

		if (kids[i].pid > 0 && waitid(P_PID, kids[i].pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    si.si_pid != 0)
			return 1;
	}
	return 0;
}

static void forked_kill(struct child *kids, int n)
{
	for (int i = 0; i < n; i++)
		if (kids[i].pid > 0 && kill(kids[i].pid, SIGKILL) != 0 && errno != ESRCH)
			msg_errno("kill");
}

/* One child's pipe is readable: take what it sent, or reap it at its end. Returns 0, 1 once it
 * is reaped well, or -1 once it failed (said, unless the run was already failing). */
static int child_read(const struct job *job, struct child *c, int id, size_t stride, int quiet)
{
	size_t want = c->count * stride;
	char spare, how[96];
	pid_t pid = c->pid;
	ssize_t r = want > c->got ? read(c->fd, c->in + c->got, want - c->got) : read(c->fd, &spare, 1);
	int status;

	if (r < 0 && errno == EINTR)
		return 0;
	if (r < 0) {
		msg_errno("read");
		return -1;
	}
	if (r > 0 && want > c->got) {
		c->got += (size_t)r;
		if (c->got == want)
			team_leave(job->team);	/* its results are in */
		return 0;
	}
	if (r > 0) {
		msg_warn("forked: worker %d sent more than its %zu tasks' results", id, c->count);
		return -1;
	}
	if ((status = child_reap(c)) < 0)
		return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CALLED_OFF)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (!quiet)
			msg_warn("forked: worker %d (pid %d, %zu tasks from task %zu) %s", id, (int)pid,
				 c->count, slice_of(job, id).next, msg_status(status, how, sizeof how));
		return -1;
	}
	if (c->got != want) {
		msg_warn("forked: worker %d sent %zu of %zu bytes of results", id, c->got, want);
		return -1;
	}
	return 1;
}

/* Read every pipe to its end and reap every child; after the first failure, kill the others. */
static int forked_collect(const struct job *job, struct child *kids, int n, size_t stride, int err)
{
	struct pollfd *pfd = malloc((size_t)n * sizeof *pfd);
	int left = n;

	if (!pfd) {
		msg_errno("malloc");
		err = -1;
	}
	if (err || !pfd)
		forked_kill(kids, n);
	while (left > 0) {
		for (int i = 0; i < n && pfd; i++)
			pfd[i] = (struct pollfd){ .fd = kids[i].fd, .events = POLLIN };
		if (pfd && poll(pfd, (nfds_t)n, -1) < 0 && errno != EINTR) {
			msg_errno("poll");
			err = -1;
			forked_kill(kids, n);
			free(pfd);
			pfd = NULL;	/* killed, they all end: read each to its end in turn */
		}
		for (int i = 0; i < n; i++) {
			int rc;

			if (kids[i].fd < 0 || (pfd && !pfd[i].revents))
				continue;
			if ((rc = child_read(job, &kids[i], i, stride, err != 0)) == 0)
				continue;
			if (kids[i].fd >= 0) {	/* a read failed: stop it and reap it */
				forked_kill(&kids[i], 1);
				child_reap(&kids[i]);
			}
			left--;
			if (rc < 0 && !err) {
				err = -1;
				forked_kill(kids, n);
			}
		}
	}
	free(pfd);
	return err;
}

int variant_forked(const struct job *job, void *partials, size_t stride)
{
	struct child *kids = calloc((size_t)job->workers, sizeof *kids);
	struct brood b = { kids, 0 };
	int err = 0;

	if (!kids) {
		msg_errno("calloc");
		return -1;
	}
	for (int i = 0; i < job->workers; i++)
		kids[i].fd = -1;
	for (int i = 0; i < job->workers; i++)
		if (slice_count(slice_of(job, i)) == 0)
			team_leave(job->team);	/* nothing to send: its results are in already */
	for (; b.n < job->workers; b.n++) {
		if (child_start(&kids[b.n], job, b.n, stride) != 0) {
			err = -1;
			break;
		}
	}
	if (err)
		team_cancel(job->team);
	else if (team_open(job->team, job->workers, forked_lost, &b) != 0)
		err = -1;	/* a child died before the gate: collecting says which */
	if (forked_collect(job, kids, b.n, stride, 0) != 0)
		err = -1;
	for (int i = 0; i < b.n && !err; i++) {
		size_t k = 0, t;

		for (size_t st = 0; st < job->steps; st++)
			for (struct slice s = slice_in_step(job, i, st); slice_next(&s, &t);)
				memcpy(partial_at(partials, stride, t), kids[i].in + k++ * stride, stride);
	}
	for (int i = 0; i < job->workers; i++)
		free(kids[i].in);
	free(kids);
	return err;
}
