/* 07-blocking.c, planted: a wrong answer to exercise 07 (lessons/exercises/07-epoll-loop/), kept
 * to prove its tests catch it. One thread and one epoll instance, but the fds stay blocking and
 * send's result is never looked at. It reads once per readiness (reading until EAGAIN would block
 * for ever on a blocking fd), so it passes the tests whose clients read every echo at once. A
 * client that stops reading fills the server's send buffer, and then the loop sits in send() and
 * nobody else is served: tests/test_graders.c wants the "blocked in send" message. */
#include "07-epoll-loop.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

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

		if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) == 0)
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
			char buf[4096];
			ssize_t r = read(fd, buf, sizeof buf);

			if (r > 0) {
				send(fd, buf, r, MSG_NOSIGNAL);	/* blocks until the peer makes room */
				total += r;
				continue;
			}
			epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
			close(fd);
			live--;
		}
	}
	close(ep);
	return total;
}
