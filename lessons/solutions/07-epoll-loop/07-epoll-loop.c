/* 07-epoll-loop.c: one epoll instance, every connection non-blocking. A ready connection is read
 * until EAGAIN and echoed; the loop then goes back to epoll_wait instead of waiting on it. */
#include "07-epoll-loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static void warn_errno(const char *call)
{
	fprintf(stderr, "echo_loop: %s: %s\n", call, strerror(errno));
}

/* Write all of buf; a full socket buffer is waited out on this fd alone (the peers are small). */
static int echo_write(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		/* MSG_NOSIGNAL: a peer that has gone is an error, not a SIGPIPE */
		ssize_t w = send(fd, buf, len, MSG_NOSIGNAL);

		if (w < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };

			if (poll(&p, 1, -1) < 0 && errno != EINTR)
				return -1;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		len -= w;
	}
	return 0;
}

/* Echo what fd has now, adding to *total. Returns 0, or -1 when fd is finished (end-of-file or
 * error); the bytes echoed before that still count. */
static int echo_ready(int fd, long *total)
{
	char buf[4096];

	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);

		if (r < 0 && errno == EAGAIN)
			return 0;	/* drained: back to epoll_wait */
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			warn_errno("read");
		if (r <= 0)
			return -1;
		if (echo_write(fd, buf, r) != 0) {
			warn_errno("send");
			return -1;
		}
		*total += r;
	}
}

long echo_loop(const int *fds, int nconn)
{
	struct epoll_event evs[64];
	long total = 0;
	int ep, live = 0, err = 0;
	char *closed = calloc(nconn > 0 ? nconn : 1, 1);	/* by index: what is left to close */

	ep = closed ? epoll_create1(EPOLL_CLOEXEC) : -1;
	if (!closed) {
		warn_errno("calloc");
		err = -1;
	} else if (ep < 0) {
		warn_errno("epoll_create1");
		err = -1;
	}
	for (; !err && live < nconn; live++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = live };
		int fl = fcntl(fds[live], F_GETFL);

		if (fl < 0 || fcntl(fds[live], F_SETFL, fl | O_NONBLOCK) < 0) {
			warn_errno("fcntl");
			err = -1;
		} else if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[live], &ev) < 0) {
			warn_errno("epoll_ctl");
			err = -1;
		}
	}
	while (!err && live > 0) {
		int n = epoll_wait(ep, evs, sizeof evs / sizeof evs[0], -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			warn_errno("epoll_wait");
			err = -1;
			break;
		}
		for (int i = 0; i < n; i++) {
			int k = evs[i].data.u32, fd = fds[k];

			if (echo_ready(fd, &total) == 0)
				continue;
			if (epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL) < 0)
				warn_errno("epoll_ctl");
			close(fd);	/* the peer reads end-of-file */
			closed[k] = 1;
			live--;
		}
	}
	for (int i = 0; i < nconn; i++)	/* none left on success; on failure, the rest */
		if (!closed || !closed[i])
			close(fds[i]);
	free(closed);
	if (ep >= 0)
		close(ep);
	return err ? -1 : total;
}
