/* 07-unchecked.c, planted: a wrong answer to exercise 07 (lessons/exercises/07-epoll-loop/), kept
 * to prove its tests catch it. One thread, epoll, non-blocking fds read until EAGAIN: all right,
 * except that send's result is ignored. When the peer's buffer is full, send takes part of a
 * chunk or fails with EAGAIN, and the rest is dropped. The clients that read every echo at once
 * never fill a buffer, so only the client that stops reading sees it: tests/test_graders.c wants
 * the "bytes were lost" message. */
#include "07-epoll-loop.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

/* Echo what fd has now. Returns 0, or -1 once the peer has shut down (or on an error). */
static int echo_ready(int fd, long *total)
{
	char buf[4096];

	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);

		if (r < 0 && errno == EAGAIN)
			return 0;
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		send(fd, buf, r, MSG_NOSIGNAL);	/* a short send or EAGAIN drops the rest */
		*total += r;
	}
}

long echo_loop(const int *fds, int nconn)
{
	struct epoll_event evs[64];
	long total = 0;
	int ep = epoll_create1(EPOLL_CLOEXEC), live = 0;

	if (ep < 0) {
		fprintf(stderr, "echo_loop: epoll_create1: %s\n", strerror(errno));
		for (int i = 0; i < nconn; i++)
			close(fds[i]);
		return -1;
	}
	for (int i = 0; i < nconn; i++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };
		int fl = fcntl(fds[i], F_GETFL);

		if (fl >= 0 && fcntl(fds[i], F_SETFL, fl | O_NONBLOCK) == 0 &&
		    epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) == 0)
			live++;
		else
			close(fds[i]);
	}
	while (live > 0) {
		int n = epoll_wait(ep, evs, sizeof evs / sizeof evs[0], -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (int i = 0; i < n; i++) {
			int fd = fds[evs[i].data.u32];

			if (echo_ready(fd, &total) == 0)
				continue;
			epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
			close(fd);
			live--;
		}
	}
	close(ep);
	return total;
}
