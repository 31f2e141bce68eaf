/* net.c: each task is one request over a new TCP connection, as a crawler or an API client
 * makes them: connect, send the task's index, wait for the server's --service-ms, read
 * --reply-kb KiB to the end. The bench starts its own server on 127.0.0.1 (lib/netserver.c)
 * before the timed section. Waiting costs no CPU, so, as in latency, far more workers than
 * cores help; unlike latency, each task also costs a socket and real system calls. */
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/msg.h"
#include "lib/netserver.h"
#include "lib/process.h"
#include "lib/workload.h"

enum { OPT_SERVICE_MS, OPT_REPLY_KB, OPT_PORT };

/* Open files besides one socket per task in flight (here, and again in the server): stdio, the
 * event loop, the pipes and sockets of forked workers' parent, the server's own few. */
#define SPARE_FDS 32

#define SUM_PRIME 0x100000001b3ull	/* FNV-1a's, here applied to 8-byte words */

struct net_data {
	struct netserver server;
	struct sockaddr_in addr;
	uint64_t reply_bytes;
};

enum net_phase { NET_START, NET_CONNECTING, NET_SENDING, NET_READING, NET_DONE };

/* Zeroed before the first step: NET_START, nothing open. */
struct net_state {
	enum net_phase phase;
	int fd;			/* open from NET_CONNECTING to NET_READING */
	size_t sent;		/* bytes of the request */
	uint64_t got;		/* bytes of the reply */
	uint64_t sum;		/* over the reply's whole 8-byte words */
	uint64_t word;		/* the bytes of the word being read, little-endian */
};

_Static_assert(sizeof(struct net_state) <= IO_STATE_MAX, "a task's state must fit IO_STATE_MAX");

static size_t net_tasks(uint64_t size)
{
	return (size_t)size;
}

static inline uint64_t load_le64(const unsigned char *p)
{
	uint64_t w = 0;

	for (int b = 7; b >= 0; b--)
		w = w << 8 | p[b];
	return w;
}

/* Whole words where the reply has a word boundary, single bytes elsewhere: the same sum however
 * the reads happen to split the reply. */
static void sum_bytes(struct net_state *st, const unsigned char *p, size_t n)
{
	size_t k = 0;

	while (k < n) {
		if (st->got % 8 == 0 && n - k >= 8) {
			st->sum = (st->sum ^ load_le64(p + k)) * SUM_PRIME;
			k += 8;
			st->got += 8;
			continue;
		}
		st->word |= (uint64_t)p[k++] << (8 * (st->got % 8));
		if (++st->got % 8 == 0) {
			st->sum = (st->sum ^ st->word) * SUM_PRIME;
			st->word = 0;
		}
	}
}

/* The last partial word and the length go in too; SplitMix64's finaliser spreads the bits. */
static uint64_t sum_final(const struct net_state *st)
{
	uint64_t z = ((st->sum ^ st->word) * SUM_PRIME) ^ st->got;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A failed step lets go of its socket itself: io_task does not call abandon after a step. */
static int net_fail(struct net_state *st, size_t i, const char *call, int err)
{
	if (st->phase != NET_START && st->phase != NET_DONE)
		close(st->fd);	/* unchecked: err is the failure to report */
	st->phase = NET_DONE;
	msg_warn("task %zu: %s: %s", i, call, strerror(err));
	return -1;
}

/* The steps below return 1 to go on to the next phase at once, 0 with *next set, -1 after a
 * message. */

static int net_connect(const struct net_data *d, struct net_state *st, size_t i,
		       struct wait *next)
{
	st->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (st->fd < 0)
		return net_fail(st, i, "socket", errno);
	st->phase = NET_CONNECTING;
	if (connect(st->fd, (const struct sockaddr *)&d->addr, sizeof d->addr) == 0) {
		st->phase = NET_SENDING;	/* connected at once */
		return 1;
	}
	if (errno != EINPROGRESS)
		return net_fail(st, i, "connect", errno);
	*next = (struct wait){ WAIT_WRITE, st->fd, 0 };	/* writable once it connects or fails */
	return 0;
}

static int net_connected(struct net_state *st, size_t i)
{
	socklen_t len = sizeof(int);
	int err;

	if (getsockopt(st->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		return net_fail(st, i, "getsockopt SO_ERROR", errno);
	if (err)
		return net_fail(st, i, "connect", err);
	st->phase = NET_SENDING;
	return 1;
}

static int net_send(struct net_state *st, size_t i, struct wait *next)
{
	char req[24];
	size_t len = (size_t)snprintf(req, sizeof req, "%zu\n", i);

	while (st->sent < len) {
		ssize_t n = send(st->fd, req + st->sent, len - st->sent, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			*next = (struct wait){ WAIT_WRITE, st->fd, 0 };
			return 0;
		}
		if (n < 0)
			return net_fail(st, i, "send", errno);
		st->sent += (size_t)n;
	}
	st->phase = NET_READING;
	*next = (struct wait){ WAIT_READ, st->fd, 0 };	/* no use reading yet: it takes --service-ms */
	return 0;
}

static int net_read(const struct net_data *d, struct net_state *st, size_t i, void *partial,
		    struct wait *next)
{
	unsigned char buf[16384];

	for (;;) {
		ssize_t n = read(st->fd, buf, sizeof buf);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			*next = (struct wait){ WAIT_READ, st->fd, 0 };
			return 0;
		}
		if (n < 0)
			return net_fail(st, i, "read", errno);
		if (n == 0)
			break;
		sum_bytes(st, buf, (size_t)n);
	}
	st->phase = NET_DONE;
	if (close(st->fd) != 0) {
		msg_warn("task %zu: close: %s", i, strerror(errno));
		return -1;
	}
	if (st->got != d->reply_bytes) {
		msg_warn("task %zu: %s reply: %" PRIu64 " of %" PRIu64 " bytes", i,
			 st->got < d->reply_bytes ? "short" : "long", st->got, d->reply_bytes);
		return -1;
	}
	*(uint64_t *)partial = sum_final(st);
	next->kind = WAIT_NONE;
	return 0;
}

static int net_step(const struct job *job, size_t i, void *state, void *partial,
		    struct wait *next)
{
	const struct net_data *d = job->data;
	struct net_state *st = state;
	int rc;

	do {
		switch (st->phase) {
		case NET_START: rc = net_connect(d, st, i, next); break;
		case NET_CONNECTING: rc = net_connected(st, i); break;
		case NET_SENDING: rc = net_send(st, i, next); break;
		case NET_READING: rc = net_read(d, st, i, partial, next); break;
		default:
			msg_warn("task %zu: a step after the task ended", i);
			rc = -1;
		}
	} while (rc > 0);
	return rc;
}

static void net_abandon(const struct job *job, size_t i, void *state)
{
	struct net_state *st = state;

	(void)job;
	(void)i;
	if (st->phase != NET_START && st->phase != NET_DONE && close(st->fd) != 0)
		msg_errno("close");
	st->phase = NET_DONE;
}

static int net_setup(struct job *job)
{
	struct netserver_opts o = {
		.port = (unsigned)job->opt[OPT_PORT].num,
		.service_s = job->opt[OPT_SERVICE_MS].num * 1e-3,
		.reply_bytes = job->opt[OPT_REPLY_KB].num * 1024,
		.seed = job->seed,
	};
	size_t conns = job->tasks < (size_t)job->workers ? job->tasks : (size_t)job->workers;
	uint64_t limit = process_raise_nofile();
	struct net_data *d;

	if (limit == 0)
		return EXIT_RUNTIME;
	/* Say it now rather than as a task's EMFILE half-way through the run. */
	if (conns + SPARE_FDS > limit) {
		msg_warn("--workers %d: %zu connections at once need about %zu open files, but the "
			 "limit is %" PRIu64 " (ulimit -n)", job->workers, conns, conns + SPARE_FDS,
			 limit);
		return EXIT_RUNTIME;
	}
	d = calloc(1, sizeof *d);
	if (!d) {
		msg_errno("calloc");
		return EXIT_RUNTIME;
	}
	if (netserver_start(&d->server, &o) != 0) {
		free(d);
		return EXIT_RUNTIME;
	}
	d->addr = (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons((uint16_t)d->server.port),
					.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	d->reply_bytes = o.reply_bytes;
	job->data = d;
	return 0;
}

static void net_teardown(struct job *job)
{
	struct net_data *d = job->data;

	if (!d)
		return;
	netserver_stop(&d->server);
	free(d);
	job->data = NULL;
}

static int net_finish(const struct job *job, const void *partials, size_t stride, double seconds,
		      struct kv *out)
{
	kv_u64(out, "result", partials_sum_u64(job, partials, stride));
	kv_f(out, "tasks_per_s", "%.1f", job->tasks / seconds);
	return 0;
}

static const struct workload net = {
	.name = "net",
	.about = "net: each task is a request over a new TCP connection to a local server that "
		 "answers after --service-ms (default 5) with --reply-kb KiB (default 4); I/O-bound.",
	.size_unit = "tasks",
	.kind = "io",
	.no_mpi = 1,
	.sizes = { 64, 640, 6400 },	/* 64 requests of 5 ms: room for concurrency to show */
	.size_max = 10000000,
	.partial_bytes = sizeof(uint64_t),
	.opts = {
		[OPT_SERVICE_MS] = { .flag = "--service-ms", .def = 5, .max = 3600000,
			.help = "the server's time to answer a request, in ms (default 5)" },
		[OPT_REPLY_KB] = { .flag = "--reply-kb", .def = 4, .max = 1048576,
			.help = "size of each reply, in KiB (default 4)" },
		[OPT_PORT] = { .flag = "--port", .max = 65535,
			.help = "the server's port on 127.0.0.1 (default 0: any free one)" },
	},
	.tasks_for = net_tasks,
	.setup = net_setup,
	.task = io_task,
	.state_bytes = sizeof(struct net_state),
	.step = net_step,
	.abandon = net_abandon,
	.finish = net_finish,
	.teardown = net_teardown,
};

BENCH_MAIN(net)
