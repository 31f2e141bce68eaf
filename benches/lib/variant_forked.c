/* forked: W children made by fork(), a static slice of tasks each. A child computes its slice,
 * writes the partial results down its pipe and exits; the parent reads each pipe to the end,
 * then reaps the child and reports how any child that failed died. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fdio.h"
#include "msg.h"
#include "place.h"
#include "schedule.h"
#include "variants.h"

struct child {
	pid_t pid;
	int fd;			/* read end of its pipe */
	struct slice slice;
};

static void child_main(const struct job *job, int id, struct slice s, size_t stride, int fd)
{
	size_t count = slice_count(s), k = 0, i;
	char *out = malloc(count ? count * stride : 1);

	if (place_enter(job->place, id) != 0)
		_exit(EXIT_RUNTIME);
	if (!out) {
		msg_errno("forked child: malloc");
		_exit(EXIT_RUNTIME);
	}
	while (slice_next(&s, &i))
		if (job->w->task(job, i, out + k++ * stride) != 0)
			_exit(EXIT_RUNTIME);	/* the task said why; the parent says who */
	place_leave(job->place, id);	/* before the parent can see the results */
	if (fd_write_all(fd, out, count * stride) != 0) {
		msg_errno("forked child: write");
		_exit(EXIT_RUNTIME);
	}
	_exit(0);	/* never return into the parent's code, never flush its stdio */
}

static int child_start(struct child *c, const struct job *job, int id, size_t stride)
{
	int fds[2];

	c->slice = slice_of(job, id);
	if (pipe(fds) != 0) {
		msg_errno("pipe");
		return -1;
	}
	c->pid = fork();
	if (c->pid < 0) {
		msg_errno("fork");
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (c->pid == 0) {
		close(fds[0]);
		child_main(job, id, c->slice, stride, fds[1]);
	}
	close(fds[1]);	/* so the parent sees end-of-file when the child is done */
	c->fd = fds[0];
	return 0;
}

/* Read a child's results into their tasks' slots, then reap it. */
static int child_finish(struct child *c, int id, void *partials, size_t stride)
{
	size_t count = slice_count(c->slice), want = count * stride, k = 0, i;
	char *in = malloc(want ? want : 1);
	ssize_t got = in ? fd_read_all(c->fd, in, want) : -1;
	char how[96];
	int status, err = 0;

	if (!in)
		msg_errno("malloc");
	else if (got < 0)
		msg_errno("read");
	if (close(c->fd) != 0)
		msg_errno("close");
	while (waitpid(c->pid, &status, 0) < 0) {
		if (errno != EINTR) {
			msg_errno("waitpid");
			free(in);
			return -1;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		msg_warn("forked: worker %d (pid %d, %zu tasks from task %zu) %s", id, (int)c->pid,
			 count, c->slice.next, msg_status(status, how, sizeof how));
		err = -1;
	} else if (got != (ssize_t)want) {
		msg_warn("forked: worker %d sent %zd of %zu bytes of results", id, got, want);
		err = -1;
	}
	if (err == 0)
		while (slice_next(&c->slice, &i))
			memcpy(partial_at(partials, stride, i), in + k++ * stride, stride);
	free(in);
	return err || !in || got < 0 ? -1 : 0;
}

int variant_forked(const struct job *job, void *partials, size_t stride)
{
	struct child *kids = calloc(job->workers, sizeof *kids);
	int started, err = 0;

	if (!kids) {
		msg_errno("calloc");
		return -1;
	}
	for (started = 0; started < job->workers; started++) {
		if (child_start(&kids[started], job, started, stride) != 0) {
			err = -1;
			break;
		}
	}
	for (int i = 0; i < started; i++)	/* read and reap every child, after a failure too */
		if (child_finish(&kids[i], i, partials, stride) != 0)
			err = -1;
	free(kids);
	return err;
}
