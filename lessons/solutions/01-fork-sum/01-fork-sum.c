/* 01-fork-sum.c: one child per block of terms; each sends its partial sum back down a pipe. */
#include "01-fork-sum.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct kid {
	pid_t pid;
	int fd;		/* read end of its pipe */
};

static void warn_errno(const char *call)
{
	fprintf(stderr, "fork_sum: %s: %s\n", call, strerror(errno));
}

static void kid_main(size_t lo, size_t hi, term_fn term, void *arg, int fd)
{
	uint64_t part = 0;
	const char *p = (const char *)&part;
	size_t left = sizeof part;

	for (size_t i = lo; i < hi; i++)
		part += term(i, arg);
	while (left > 0) {	/* 8 bytes never split on a pipe, but write may still be interrupted */
		ssize_t w = write(fd, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(1);
		p += w;
		left -= w;
	}
	_exit(0);	/* never return into the caller's code, never flush its stdio buffers */
}

static int kid_start(struct kid *k, size_t lo, size_t hi, term_fn term, void *arg)
{
	int fds[2];

	if (pipe(fds) != 0) {
		warn_errno("pipe");
		return -1;
	}
	k->pid = fork();
	if (k->pid < 0) {
		warn_errno("fork");
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (k->pid == 0) {
		close(fds[0]);
		kid_main(lo, hi, term, arg, fds[1]);
	}
	close(fds[1]);	/* or the parent would never see end-of-file from a dead child */
	k->fd = fds[0];
	return 0;
}

/* Read one child's partial sum, then reap it. */
static int kid_finish(struct kid *k, int w, uint64_t *part)
{
	size_t got = 0;
	int status, err = 0;

	while (got < sizeof *part) {
		ssize_t r = read(k->fd, (char *)part + got, sizeof *part - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			warn_errno("read");
			err = -1;
		}
		if (r <= 0)
			break;
		got += r;
	}
	if (close(k->fd) != 0)
		warn_errno("close");
	while (waitpid(k->pid, &status, 0) < 0) {
		if (errno != EINTR) {
			warn_errno("waitpid");
			return -1;
		}
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "fork_sum: worker %d (pid %d) killed by signal %d\n", w, (int)k->pid,
			WTERMSIG(status));
		return -1;
	}
	if (WEXITSTATUS(status) != 0) {
		fprintf(stderr, "fork_sum: worker %d (pid %d) exited with %d\n", w, (int)k->pid,
			WEXITSTATUS(status));
		return -1;
	}
	if (!err && got != sizeof *part) {
		fprintf(stderr, "fork_sum: worker %d sent %zu of %zu bytes\n", w, got, sizeof *part);
		return -1;
	}
	return err;
}

int fork_sum(size_t n, int workers, term_fn term, void *arg, uint64_t *sum)
{
	struct kid *kids;
	int started, err = 0;

	*sum = 0;
	if (workers < 1) {
		fprintf(stderr, "fork_sum: %d workers: need at least 1\n", workers);
		return -1;
	}
	kids = calloc(workers, sizeof *kids);
	if (!kids) {
		warn_errno("calloc");
		return -1;
	}
	for (started = 0; started < workers; started++) {
		size_t lo = n * started / workers, hi = n * (started + 1) / workers;

		if (kid_start(&kids[started], lo, hi, term, arg) != 0) {
			err = -1;
			break;
		}
	}
	for (int w = 0; w < started; w++) {	/* read and reap every child, after a failure too */
		uint64_t part = 0;

		if (kid_finish(&kids[w], w, &part) != 0)
			err = -1;
		*sum += part;
	}
	free(kids);
	return err;
}
