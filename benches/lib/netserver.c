/* netserver.c: the net bench's server, the parent's side (see netserver.h). The parent binds
 * the listening socket, so that a busy port is the bench's own error, then forks the server
 * (netserver_child.c), waits for its word that it is ready, and at the end stops and reaps it. */
#include "netserver.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "msg.h"
#include "netserver_child.h"
#include "process.h"

#define LISTEN_BACKLOG 4096	/* the kernel caps it at net.core.somaxconn */
#define READY_TIMEOUT_S 5
#define STOP_TIMEOUT_S 2.0

/* Wait for the server's "ready" byte. When it dies first, or stays silent, kill it (a dead
 * one's exit status stays as it was), reap it and say how it ended. Returns 0 or -1. */
static int await_ready(struct netserver *s, int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	double give_up = clock_now() + READY_TIMEOUT_S;
	ssize_t got = -1;
	char c, how[96];
	int status, n;

	while ((n = poll(&p, 1, clock_ms_until(give_up))) < 0 && errno == EINTR)
		;
	if (n < 0)
		msg_errno("poll");
	if (n > 0) {
		while ((got = read(fd, &c, 1)) < 0 && errno == EINTR)
			;
		if (got < 0)
			msg_errno("read (server ready)");
		if (got == 1)
			return 0;
	}
	if (kill(s->pid, SIGKILL) != 0 && errno != ESRCH)
		msg_errno("kill");
	if (process_reap(s->pid, &status) != 0)
		msg_errno("waitpid");
	else if (n == 0)
		msg_warn("the server did not start: no word from it in %d s", READY_TIMEOUT_S);
	else if (got == 0)
		msg_warn("the server did not start: %s", msg_status(status, how, sizeof how));
	s->pid = 0;
	return -1;
}

/* The listening socket on 127.0.0.1:o->port, non-blocking, and in *addr where it is bound.
 * Returns it, or -1 after a message. */
static int netserver_listen(const struct netserver_opts *o, struct sockaddr_in *addr)
{
	socklen_t alen = sizeof *addr;
	int lfd, one = 1, defer_s = READY_TIMEOUT_S;

	*addr = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons((uint16_t)o->port),
				      .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lfd < 0) {
		msg_errno("socket");
		return -1;
	}
	/* A port used a moment ago lingers in TIME_WAIT; SO_REUSEADDR lets us have it again, but
	 * never a port that something listens on. */
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
		msg_errno("setsockopt SO_REUSEADDR");
		goto out_close;
	}
	if (bind(lfd, (struct sockaddr *)addr, sizeof *addr) != 0) {
		msg_warn("bind 127.0.0.1:%u: %s", o->port, strerror(errno));
		goto out_close;
	}
	/* Accept only once the request has come too: then it can be read at once, with no
	 * EAGAIN and no epoll_ctl for the connection (a timeout, in seconds, after which the
	 * kernel hands over a silent connection all the same). */
	if (setsockopt(lfd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer_s, sizeof defer_s) != 0) {
		msg_errno("setsockopt TCP_DEFER_ACCEPT");
		goto out_close;
	}
	if (listen(lfd, LISTEN_BACKLOG) != 0) {
		msg_warn("listen 127.0.0.1:%u: %s", o->port, strerror(errno));
		goto out_close;
	}
	if (getsockname(lfd, (struct sockaddr *)addr, &alen) != 0) {
		msg_errno("getsockname");
		goto out_close;
	}
	return lfd;

out_close:
	if (close(lfd) != 0)
		msg_errno("close");
	return -1;
}

int netserver_start(struct netserver *s, const struct netserver_opts *o)
{
	struct sockaddr_in addr;
	pid_t parent = getpid();
	int lfd, pfd[2], rc;

	*s = (struct netserver){ 0 };
	lfd = netserver_listen(o, &addr);
	if (lfd < 0)
		return -1;
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		msg_errno("pipe2");
		goto out_close;
	}
	s->pid = process_fork(pfd);
	if (s->pid < 0) {
		s->pid = 0;
		goto out_close;
	}
	if (s->pid == 0) {
		close(pfd[0]);
		netserver_child_run(o, lfd, pfd[1], parent);
	}
	s->owner = parent;
	s->port = ntohs(addr.sin_port);
	/* The server alone holds the listening socket: when it closes it, connects are refused at
	 * once, and no worker forked later can inherit it. Our copy of the pipe's write end goes
	 * too, so that a server that dies shows as end-of-file. */
	if (close(lfd) != 0)
		msg_errno("close");
	if (close(pfd[1]) != 0)
		msg_errno("close");
	rc = await_ready(s, pfd[0]);
	if (close(pfd[0]) != 0)
		msg_errno("close");
	return rc;

out_close:
	if (close(lfd) != 0)
		msg_errno("close");
	return -1;
}

void netserver_stop(struct netserver *s)
{
	double give_up = clock_now() + STOP_TIMEOUT_S;
	struct timespec tick = { 0, 1000000 };
	char how[96];
	int status = 0, killed = 0;
	pid_t r;

	if (s->pid <= 0 || getpid() != s->owner)
		return;
	if (kill(s->pid, SIGTERM) != 0 && errno != ESRCH)
		msg_errno("kill");
	/* It stops within a loop turn; a bounded wait all the same, so a stuck server cannot hang
	 * the bench. */
	while ((r = waitpid(s->pid, &status, WNOHANG)) == 0 && clock_now() < give_up)
		nanosleep(&tick, NULL);
	if (r == 0) {
		msg_warn("the server (pid %d) did not stop within %.0f s of SIGTERM; killing it",
			 (int)s->pid, STOP_TIMEOUT_S);
		if (kill(s->pid, SIGKILL) != 0 && errno != ESRCH)
			msg_errno("kill");
		killed = 1;
	}
	if (r <= 0) {	/* killed, or waitpid failed: EINTR, most likely */
		r = process_reap(s->pid, &status) == 0 ? s->pid : -1;
		if (r < 0)
			msg_errno("waitpid");
	}
	/* SIGTERM makes it exit 0: anything else means it died on its own, during the run. */
	if (r > 0 && !killed && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		msg_warn("the server (pid %d) %s", (int)s->pid, msg_status(status, how, sizeof how));
	s->pid = 0;
}

