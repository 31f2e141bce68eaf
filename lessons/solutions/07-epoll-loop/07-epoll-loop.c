/* 07-epoll-loop.c: one epoll instance, every connection non-blocking. A ready connection is read
 * and echoed until read would block; an echo the peer has no room for is kept, and the
 * connection waits for EPOLLOUT instead of EPOLLIN until it is sent. The loop never waits on
 * any one connection. */
#include "07-epoll-loop.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

struct conn {
	int fd, open;
	uint32_t events;	/* what it is registered for: EPOLLIN, or EPOLLOUT while out waits */
	size_t off, len;	/* out[off, len): read, not yet echoed */
	char out[4096];
};

static void warn_errno(const char *call)
{
	fprintf(stderr, "echo_loop: %s: %s\n", call, strerror(errno));
}

/* Register c for events instead of what it waits for now. Returns 0, or -1 after a message. */
static int conn_wait_for(int ep, struct conn *c, uint32_t k, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.u32 = k };

	if (c->events == events)
		return 0;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) {
		warn_errno("epoll_ctl");
		return -1;
	}
	c->events = events;
	return 0;
}

/* Send what c holds. Returns 1 once all of it is sent, 0 when the socket is full (the rest is
 * kept), -1 on an error. */
static int conn_flush(struct conn *c, long *total)
{
	while (c->off < c->len) {
		/* MSG_NOSIGNAL: a peer that has gone is an error, not a SIGPIPE */
		ssize_t w = send(c->fd, c->out + c->off, c->len - c->off, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (w < 0) {
			warn_errno("send");
			return -1;
		}
		c->off += w;
		*total += w;
	}
	c->off = c->len = 0;
	return 1;
}

/* Work on a ready connection until it would block: send what waits, then read and echo. Returns
 * 1 to keep it, 0 when it is finished (end-of-file, or a read or send error), -1 when the loop
 * cannot go on (epoll_ctl failed). */
static int conn_serve(int ep, struct conn *c, uint32_t k, long *total)
{
	for (;;) {
		int sent = conn_flush(c, total);
		ssize_t r;

		if (sent < 0)
			return 0;
		if (sent == 0)	/* read no more until the peer makes room */
			return conn_wait_for(ep, c, k, EPOLLOUT) < 0 ? -1 : 1;
		r = read(c->fd, c->out, sizeof c->out);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return conn_wait_for(ep, c, k, EPOLLIN) < 0 ? -1 : 1;	/* back to epoll_wait */
		if (r < 0)
			warn_errno("read");
		if (r <= 0)
			return 0;
		c->len = r;
	}
}

/* Make every fd non-blocking and register it for EPOLLIN. Returns 0, or -1 after a message. */
static int conns_add(int ep, struct conn *conns, int nconn)
{
	for (int k = 0; k < nconn; k++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = k };
		int fd = conns[k].fd, fl = fcntl(fd, F_GETFL);

		if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
			warn_errno("fcntl");
			return -1;
		}
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
			warn_errno("epoll_ctl");
			return -1;
		}
		conns[k].events = EPOLLIN;
	}
	return 0;
}

long echo_loop(const int *fds, int nconn)
{
	struct epoll_event evs[64];
	struct conn *conns = calloc(nconn > 0 ? nconn : 1, sizeof *conns);
	long total = 0;
	int ep = -1, live = nconn, err = 0;

	if (!conns) {
		warn_errno("calloc");
		for (int k = 0; k < nconn; k++)
			close(fds[k]);
		return -1;
	}
	for (int k = 0; k < nconn; k++)
		conns[k] = (struct conn){ .fd = fds[k], .open = 1 };
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		warn_errno("epoll_create1");
		err = -1;
	} else if (conns_add(ep, conns, nconn) < 0) {
		err = -1;
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
		for (int i = 0; i < n && !err; i++) {
			uint32_t k = evs[i].data.u32;
			struct conn *c = &conns[k];
			int keep = conn_serve(ep, c, k, &total);

			if (keep < 0)
				err = -1;
			if (keep != 0)
				continue;
			if (epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL) < 0)
				warn_errno("epoll_ctl");
			close(c->fd);	/* the peer reads end-of-file */
			c->open = 0;
			live--;
		}
	}
	for (int k = 0; k < nconn; k++)	/* none left on success; on failure, the rest */
		if (conns[k].open)
			close(conns[k].fd);
	free(conns);
	if (ep >= 0)
		close(ep);
	return err ? -1 : total;
}
