/* 07-threads.c, planted: a wrong answer to exercise 07 (lessons/exercises/07-epoll-loop/), kept
 * to prove its tests catch it. One thread per connection with blocking I/O, and no epoll at all:
 * it echoes every byte and keeps every connection served, so only the tests' count of the
 * process's threads (in /proc/self/task) can tell. tests/test_graders.c wants that message. */
#include "07-epoll-loop.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct conn {
	pthread_t thread;
	int fd, started;
	long echoed;
};

/* Echo fd until the peer shuts down: a blocking read, then a blocking send of all of it. */
static void *conn_main(void *arg)
{
	struct conn *c = arg;
	char buf[4096];
	ssize_t r;

	while ((r = read(c->fd, buf, sizeof buf)) > 0) {
		for (ssize_t off = 0; off < r;) {
			ssize_t w = send(c->fd, buf + off, r - off, MSG_NOSIGNAL);

			if (w < 0)
				goto out;
			off += w;
		}
		c->echoed += r;
	}
out:
	close(c->fd);
	return NULL;
}

long echo_loop(const int *fds, int nconn)
{
	struct conn *conns = calloc(nconn > 0 ? nconn : 1, sizeof *conns);
	long total = 0;
	int err = 0;

	if (!conns) {
		fprintf(stderr, "echo_loop: out of memory\n");
		for (int i = 0; i < nconn; i++)
			close(fds[i]);
		return -1;
	}
	for (int i = 0; i < nconn; i++) {
		int rc;

		conns[i].fd = fds[i];
		if ((rc = pthread_create(&conns[i].thread, NULL, conn_main, &conns[i])) != 0) {
			fprintf(stderr, "echo_loop: pthread_create: %s\n", strerror(rc));
			close(fds[i]);
			err = -1;
			continue;
		}
		conns[i].started = 1;
	}
	for (int i = 0; i < nconn; i++) {
		if (conns[i].started && pthread_join(conns[i].thread, NULL) == 0)
			total += conns[i].echoed;
	}
	free(conns);
	return err ? -1 : total;
}
