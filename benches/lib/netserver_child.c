/* netserver_child.c: the net bench's server process (see netserver.h), forked by netserver.c
 * with the listening socket already bound. One epoll loop with non-blocking sockets. Every
 * request has the same service time, so replies fall due in the order their requests came: a
 * FIFO queue of connections is the whole timer structure, and epoll_wait's timeout wakes the
 * loop when the head of it is due. The faults it can be told to make: netserver_child.h. */
#include "netserver_child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "args.h"
#include "clock.h"
#include "msg.h"
#include "process.h"
#include "rng.h"

#define NOSTART_STATUS 3

enum fault { FAULT_NONE, FAULT_RESET, FAULT_REFUSE, FAULT_NOSTART };

enum phase { C_REQUEST, C_QUEUED, C_REPLY };

struct conn {
	int fd;
	enum phase phase;
	uint32_t watching;	/* the events it is registered for in epoll; 0: not registered */
	size_t reqlen;
	char req[24];		/* the request line so far, NUL-terminated */
	size_t task;
	double due;		/* C_QUEUED: when its reply starts */
	uint64_t off;		/* C_REPLY: bytes of the reply sent */
	struct rng r;		/* C_REPLY: the task's stream, positioned at word off / 8 */
	struct conn *next;	/* in the queue */
};

struct server {
	const struct netserver_opts *o;
	enum fault fault;
	uint64_t reply_end;	/* bytes sent before the close: all of them, or half for FAULT_RESET */
	int lfd, epfd;
	int spare;		/* a reserve fd, given up to turn a connection away at EMFILE */
	int said_emfile;
	struct conn *head, *tail;	/* replies not yet due, earliest first */
	unsigned char buf[65536];	/* reply bytes on their way to send() */
};

static volatile sig_atomic_t stopping;

static void on_sigterm(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Reply bytes [off, off + len): the little-endian bytes of the task's numbers in turn, the same
 * on any host. r is positioned at word off / 8 and passed by value, so the caller's stays put
 * until send() says how much went. */
static void reply_fill(struct rng r, uint64_t off, unsigned char *buf, size_t len)
{
	unsigned b = off % 8;
	size_t k = 0;

	while (k < len) {
		uint64_t w = rng_next(&r);

		for (; b < 8 && k < len; b++)
			buf[k++] = (unsigned char)(w >> (8 * b));
		b = 0;
	}
}

static void reply_advance(struct conn *c, uint64_t sent)
{
	for (uint64_t words = (c->off + sent) / 8 - c->off / 8; words > 0; words--)
		rng_next(&c->r);
	c->off += sent;
}

static void conn_close(struct conn *c)
{
	if (close(c->fd) != 0)
		msg_errno("server: close");
	free(c);
}

/* Ask epoll for the next edge of events (EPOLLIN or EPOLLOUT). Edge-triggered, so a connection
 * that waits in the queue is not woken again and again by its client's end-of-file. Returns 0,
 * or -1 after a message, the connection closed. */
static int conn_watch(struct server *sv, struct conn *c, uint32_t events)
{
	struct epoll_event ev = { .events = events | EPOLLET, .data.ptr = c };

	if (epoll_ctl(sv->epfd, c->watching ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->fd, &ev) != 0) {
		msg_errno("server: epoll_ctl");
		conn_close(c);
		return -1;
	}
	c->watching = events;
	return 0;
}

/* Send as much of the reply as the socket takes; at the end close, or reset for FAULT_RESET.
 * Returns 0, or -1 after a message: the server cannot go on. */
static int conn_write(struct server *sv, struct conn *c)
{
	while (c->off < sv->reply_end) {
		uint64_t left = sv->reply_end - c->off;
		size_t len = left < sizeof sv->buf ? (size_t)left : sizeof sv->buf;
		ssize_t n;

		reply_fill(c->r, c->off, sv->buf, len);
		n = send(c->fd, sv->buf, len, MSG_NOSIGNAL);	/* a client gone: EPIPE, not SIGPIPE */
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))	/* a partial write */
			return c->watching == EPOLLOUT ? 0 : conn_watch(sv, c, EPOLLOUT);
		if (n < 0) {
			conn_close(c);	/* the client went away; its task says so, not the server */
			return 0;
		}
		reply_advance(c, (uint64_t)n);
	}
	if (sv->fault == FAULT_RESET) {
		struct linger abort_it = { 1, 0 };	/* close() then sends RST instead of FIN */

		if (setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &abort_it, sizeof abort_it) != 0)
			msg_errno("server: setsockopt SO_LINGER");
	}
	conn_close(c);
	return 0;
}

/* Read the request line; once it is whole, queue the reply. Returns 0, or -1 after a message. */
static int conn_read(struct server *sv, struct conn *c)
{
	for (;;) {
		ssize_t n = read(c->fd, c->req + c->reqlen, sizeof c->req - 1 - c->reqlen);
		uint64_t task;
		char *nl;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return c->watching ? 0 : conn_watch(sv, c, EPOLLIN);
		if (n <= 0) {
			conn_close(c);	/* gone before it asked: there is no one to answer */
			return 0;
		}
		c->reqlen += (size_t)n;
		c->req[c->reqlen] = '\0';
		nl = memchr(c->req, '\n', c->reqlen);
		if (!nl && c->reqlen < sizeof c->req - 1)
			continue;
		/* Not a task index: close, and its client reports a short reply. */
		if (!nl || (*nl = '\0', args_parse_u64(c->req, 0, SIZE_MAX, &task) != 0)) {
			conn_close(c);
			return 0;
		}
		c->task = (size_t)task;
		c->phase = C_QUEUED;
		c->due = clock_now() + sv->o->service_s;
		c->next = NULL;		/* every due is now + the same time: the tail is the latest */
		if (sv->tail)
			sv->tail->next = c;
		else
			sv->head = c;
		sv->tail = c;
		return 0;
	}
}

/* Start every reply that is due. Returns 0, or -1 after a message. */
static int server_reply_due(struct server *sv)
{
	double now = clock_now();

	while (sv->head && sv->head->due <= now) {
		struct conn *c = sv->head;

		sv->head = c->next;
		if (!sv->head)
			sv->tail = NULL;
		c->phase = C_REPLY;
		c->r = rng_for_task(sv->o->seed, c->task);
		if (conn_write(sv, c) != 0)
			return -1;
	}
	return 0;
}

/* At EMFILE or ENFILE the connection stays in the backlog and the listening socket stays ready,
 * so the loop would spin. Give up the spare fd, take the connection and close it at once (its
 * client sees a reset), take the spare back. accept4 says EMFILE before it looks for a
 * connection, so there may be none: then the caller must wait in epoll, not try again.
 * Returns 1 after turning one away, 0 when none was waiting, -1 after a message. */
static int server_turn_away(struct server *sv, int err)
{
	int fd, got;

	if (close(sv->spare) != 0)
		msg_errno("server: close");
	while ((fd = accept4(sv->lfd, NULL, NULL, SOCK_CLOEXEC)) < 0 &&
	       (errno == EINTR || errno == ECONNABORTED))
		;
	if (fd < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
		msg_errno("server: accept4");	/* as in server_accept: the server cannot go on */
		return -1;
	}
	got = fd >= 0;
	if (got && close(fd) != 0)
		msg_errno("server: close");
	if (got && !sv->said_emfile) {	/* once: the clients' own messages follow */
		msg_warn("server: accept4: %s; turning connections away", strerror(err));
		sv->said_emfile = 1;
	}
	sv->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (sv->spare < 0) {
		msg_errno("server: open /dev/null");
		return -1;
	}
	return got;
}

/* Take every connection waiting and read its request at once: TCP_DEFER_ACCEPT hands a
 * connection over only once its request has come. Returns 0, or -1 after a message. */
static int server_accept(struct server *sv)
{
	for (;;) {
		int fd = accept4(sv->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct conn *c;

		if (fd < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE) {
				int rc = server_turn_away(sv, errno);

				if (rc <= 0)
					return rc;	/* none waiting: epoll says when one comes */
				continue;
			}
			msg_errno("server: accept4");
			return -1;
		}
		c = calloc(1, sizeof *c);
		if (!c) {
			msg_errno("server: calloc");
			if (close(fd) != 0)
				msg_errno("server: close");
			return -1;
		}
		c->fd = fd;
		if (conn_read(sv, c) != 0)
			return -1;
	}
}


/* Until SIGTERM. Returns 0, or -1 after a message. */
static int server_loop(struct server *sv, const sigset_t *waking)
{
	struct epoll_event ev[256];

	while (!stopping) {
		int timeout = sv->head ? clock_ms_until(sv->head->due) : -1, n;

		/* SIGTERM is blocked but during the wait: it cannot slip in between check and wait. */
		n = epoll_pwait(sv->epfd, ev, 256, timeout, waking);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			msg_errno("server: epoll_pwait");
			return -1;
		}
		for (int k = 0; k < n; k++) {
			struct conn *c = ev[k].data.ptr;
			int rc = 0;

			if (!c)
				rc = server_accept(sv);
			else if (c->phase == C_REQUEST)
				rc = conn_read(sv, c);
			else if (c->phase == C_REPLY)
				rc = conn_write(sv, c);
			/* C_QUEUED: its client hung up early, say; the reply will find out. */
			if (rc != 0)
				return -1;
		}
		if (server_reply_due(sv) != 0)
			return -1;
	}
	return 0;
}

static int server_fault(enum fault *f)
{
	const char *v = getenv("PARBENCH_NET_FAULT");

	*f = FAULT_NONE;
	if (!v || !*v)
		return 0;
	if (strcmp(v, "reset") == 0)
		*f = FAULT_RESET;
	else if (strcmp(v, "refuse") == 0)
		*f = FAULT_REFUSE;
	else if (strcmp(v, "nostart") == 0)
		*f = FAULT_NOSTART;
	else {
		msg_warn("server: PARBENCH_NET_FAULT: expected reset, refuse or nostart, got '%.40s'", v);
		return -1;
	}
	return 0;
}


/* The epoll set, the spare fd, and the listening socket in the set, or closed for FAULT_REFUSE.
 * Returns 0, or -1 after a message. */
static int server_open(struct server *sv)
{
	struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };

	sv->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sv->epfd < 0) {
		msg_errno("server: epoll_create1");
		return -1;
	}
	sv->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (sv->spare < 0) {
		msg_errno("server: open /dev/null");
		return -1;
	}
	if (sv->fault == FAULT_REFUSE) {
		if (close(sv->lfd) != 0)
			msg_errno("server: close");
	} else if (epoll_ctl(sv->epfd, EPOLL_CTL_ADD, sv->lfd, &lev) != 0) {
		msg_errno("server: epoll_ctl");
		return -1;
	}
	return 0;
}

void netserver_child_run(const struct netserver_opts *o, int lfd, int ready, pid_t parent)
{
	struct sigaction sa = { .sa_handler = on_sigterm };
	struct server *sv;
	sigset_t term, waking;

	/* Never outlive the bench, even one killed outright: the kernel sends us SIGKILL. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
		msg_errno("server: prctl PR_SET_PDEATHSIG");
		_exit(EXIT_RUNTIME);
	}
	if (getppid() != parent)
		_exit(EXIT_RUNTIME);	/* the bench died before prctl took effect */
	sv = calloc(1, sizeof *sv);
	if (!sv) {
		msg_errno("server: calloc");
		_exit(EXIT_RUNTIME);
	}
	*sv = (struct server){ .o = o, .reply_end = o->reply_bytes, .lfd = lfd };
	if (server_fault(&sv->fault) != 0)
		_exit(EXIT_RUNTIME);
	if (sv->fault == FAULT_NOSTART)
		_exit(NOSTART_STATUS);
	if (sv->fault == FAULT_RESET)
		sv->reply_end = o->reply_bytes / 2;
	/* The bench raised it before the fork; raising here too keeps the server whole on its own. */
	if (process_raise_nofile() == 0)
		_exit(EXIT_RUNTIME);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &term, &waking) != 0 || sigaction(SIGTERM, &sa, NULL) != 0) {
		msg_errno("server: SIGTERM");
		_exit(EXIT_RUNTIME);
	}
	sigdelset(&waking, SIGTERM);	/* the loop's wait lets SIGTERM in, and only it */
	if (server_open(sv) != 0)
		_exit(EXIT_RUNTIME);
	if (write(ready, "r", 1) != 1) {
		msg_errno("server: write (ready)");
		_exit(EXIT_RUNTIME);
	}
	if (close(ready) != 0)
		msg_errno("server: close");
	_exit(server_loop(sv, &waking) == 0 ? 0 : EXIT_RUNTIME);
}
