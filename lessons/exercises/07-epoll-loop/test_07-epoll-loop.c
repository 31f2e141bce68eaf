/* test_07-epoll-loop.c: echo_loop runs in its own thread with the server ends of K socketpairs;
 * the test thread plays every client at once, round by round: it sends one message on each
 * connection, then reads each echo back. A loop that waits on one connection at a time cannot
 * answer the second before the first sends again, so it fails here (after 2 s, not by hanging).
 * While it serves, the test counts the process's threads and epoll instances in /proc/self:
 * echo_loop must add exactly one thread (the one the test started) and at least one epoll fd.
 * Another test has one client send megabytes without reading its echoes for a while: the loop
 * must keep serving the other client meanwhile, and then echo every byte.
 * The loop thread only records its return value; the test thread asserts after joining it. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "07-epoll-loop.h"

#define MAXCONN 64

struct server {
	pthread_t thread;
	int fds[MAXCONN];
	int nconn;
	long echoed;
	atomic_int done;
};

static void *server_main(void *arg)
{
	struct server *s = arg;

	s->echoed = echo_loop(s->fds, s->nconn);
	atomic_store(&s->done, 1);
	return NULL;
}

/* nconn socketpairs: the server's ends into s, the clients' into client. */
static void connect_pairs(struct server *s, int *client)
{
	for (int i = 0; i < s->nconn; i++) {
		int sv[2];

		cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0, "socketpair: %s",
			     strerror(errno));
		s->fds[i] = sv[0];
		client[i] = sv[1];
	}
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

/* Read exactly len bytes from fd, waiting at most limit_ms in all. Returns bytes read (fewer on
 * end-of-file, timeout or error). */
static size_t read_echo(int fd, char *buf, size_t len, long limit_ms)
{
	long end = now_ms() + limit_ms;
	size_t got = 0;

	while (got < len && now_ms() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 50) <= 0)
			continue;
		r = read(fd, buf + got, len - got);
		if (r <= 0)
			break;
		got += r;
	}
	return got;
}

/* Entries in the folder dir of /proc/self; with link, only those that are a link to it. Returns
 * how many, or -1 when it cannot be read. */
static int count_proc_self(const char *dir, const char *link)
{
	char path[64], to[64];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof path, "/proc/self/%s", dir);
	if (!(d = opendir(path)))
		return -1;
	while ((e = readdir(d))) {
		ssize_t len;

		if (e->d_name[0] == '.')
			continue;
		if (link) {
			if ((len = readlinkat(dirfd(d), e->d_name, to, sizeof to - 1)) < 0)
				continue;	/* an fd closed since */
			to[len] = '\0';
			if (strcmp(to, link) != 0)
				continue;
		}
		n++;
	}
	closedir(d);
	return n;
}

static int count_threads(void)
{
	return count_proc_self("task", NULL);
}

static int count_epolls(void)
{
	return count_proc_self("fd", "anon_inode:[eventpoll]");
}

/* Message r on connection i: 1 to 1000 bytes, the length and bytes both from the seed. */
static size_t message_len(uint64_t seed, int r, int i)
{
	return 1 + (seed * 131 + r * 17 + i * 7) % 1000;
}

static void message_fill(char *m, size_t len, uint64_t x)
{
	for (size_t i = 0; i < len; i++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		m[i] = (char)(x >> 56);
	}
}

struct shape {
	int nconn, rounds;
	uint64_t seed;
};

static struct shape shapes[] = {
	{ 1, 50, 1 }, { 2, 50, 2 }, { 3, 40, 3 }, { 8, 30, 4 }, { 64, 10, 5 },
};

ParameterizedTestParameters(echo_loop, serves_every_connection_at_once)
{
	return cr_make_param_array(struct shape, shapes, sizeof shapes / sizeof shapes[0]);
}

ParameterizedTest(struct shape *sh, echo_loop, serves_every_connection_at_once, .timeout = 30)
{
	struct server s = { .nconn = sh->nconn };
	int client[MAXCONN];
	char sent[1000], got[1000], tail;
	long want = 0;
	/* what the test process has of its own (Criterion's and the watchdog's threads, say) */
	int threads0 = count_threads(), epolls0 = count_epolls();

	cr_assert(threads0 > 0 && epolls0 >= 0, "cannot read /proc/self/task or /proc/self/fd");
	connect_pairs(&s, client);
	cr_assert_eq(pthread_create(&s.thread, NULL, server_main, &s), 0);
	for (int r = 0; r < sh->rounds; r++) {
		int threads, epolls;

		for (int i = 0; i < sh->nconn; i++) {	/* a message on every connection... */
			size_t len = message_len(sh->seed, r, i);

			message_fill(sent, len, sh->seed ^ ((uint64_t)r << 32 | i));
			cr_assert_eq(send(client[i], sent, len, MSG_NOSIGNAL), (ssize_t)len,
				     "round %d, connection %d: send: %s", r, i, strerror(errno));
			want += len;
		}
		for (int i = 0; i < sh->nconn; i++) {	/* ...then every echo */
			size_t len = message_len(sh->seed, r, i), n;

			message_fill(sent, len, sh->seed ^ ((uint64_t)r << 32 | i));
			n = read_echo(client[i], got, len, 2000);
			if (n != len || memcmp(got, sent, len) != 0) {
				/* no join: a loop stuck elsewhere would hang it; the test process ends */
				cr_assert_fail("round %d, connection %d of %d: %zu of %zu bytes "
					       "echoed%s%s", r, i, sh->nconn, n, len,
					       n == len ? ", wrong bytes" : "",
					       atomic_load(&s.done) ? "; echo_loop had returned" : "");
			}
		}
		/* Every connection has just been served: whatever threads serve them exist now. */
		threads = count_threads();
		epolls = count_epolls();
		if (threads != threads0 + 1)
			cr_assert_fail("round %d: echo_loop runs %d threads to serve %d connections: it "
				       "must serve them all from the one thread that called it, with no "
				       "thread per connection", r, threads - threads0, sh->nconn);
		if (epolls < epolls0 + 1)
			cr_assert_fail("round %d: no epoll instance is open while echo_loop serves %d "
				       "connections: it must wait for them with epoll_wait on an "
				       "epoll_create1 fd", r, sh->nconn);
	}
	for (int i = 0; i < sh->nconn; i++) {
		cr_assert_eq(shutdown(client[i], SHUT_WR), 0);
		cr_assert_eq(read_echo(client[i], &tail, 1, 2000), 0,
			     "connection %d: no end-of-file after our shutdown: the loop kept it open", i);
		close(client[i]);
	}
	cr_assert_eq(pthread_join(s.thread, NULL), 0);
	cr_assert_eq(s.echoed, want, "echo_loop returned %ld, want %ld bytes", s.echoed, want);
}

/* Peers that close at once, having sent nothing: the loop just ends. */
Test(echo_loop, ends_when_every_peer_closes, .timeout = 10)
{
	struct server s = { .nconn = 5 };
	int client[5];

	connect_pairs(&s, client);
	cr_assert_eq(pthread_create(&s.thread, NULL, server_main, &s), 0);
	cr_assert_eq(send(client[2], "hello", 5, MSG_NOSIGNAL), 5);
	cr_assert_eq(read_echo(client[2], (char[5]){ 0 }, 5, 2000), 5, "no echo for a 5-byte message");
	for (int i = 0; i < s.nconn; i++)
		close(client[i]);
	cr_assert_eq(pthread_join(s.thread, NULL), 0);
	cr_assert_eq(s.echoed, 5);
}

/* ---- A client that sends without reading ----
 * The bulk client sends BULK bytes; its echo can only be queued in the server's send buffer
 * until the client reads. On a socketpair the sender's SO_SNDBUF bounds that queue (the
 * receiver's SO_RCVBUF counts for nothing), so the test makes the server's end small: a few KiB
 * of echo fill it, and the server's sends come up short or fail with EAGAIN. A server that
 * blocks there serves nobody else; one that drops what send did not take loses bytes. */

#define BULK (4L << 20)		/* bytes the bulk client sends */
#define SMALL_SNDBUF 4096	/* the server end's SO_SNDBUF (the kernel doubles it) */
#define STALL_MS 200		/* the bulk client's sends wait this long for room, then it stops */
#define SERVED_MS 5000		/* the other client's echo, while the bulk client is not reading */
#define PROGRESS_MS 5000	/* the bulk transfer once the client reads: at most this long stuck */

#define BLOCKED_HINT "the server blocked in send while a client was not reading: are its sockets " \
	"non-blocking? (an echo that does not fit now must wait for EPOLLOUT, not hold up the loop)"
#define LOST_HINT "bytes were lost: a short send or EAGAIN was not kept for POLLOUT/EPOLLOUT"

/* The bulk stream, made once. It has no period, so bytes lost anywhere show as wrong bytes. */
static unsigned char stream[BULK];

static void stream_make(void)
{
	for (uint64_t k = 0; k < BULK; k++) {
		uint64_t x = k * 0x9e3779b97f4a7c15u;

		x ^= x >> 29;
		x *= 0xbf58476d1ce4e5b9u;
		stream[k] = (unsigned char)(x >> 56);
	}
}

struct bulk {
	int fd;
	long sent, got;
	char why[256];		/* what went wrong, when something did */
};

/* Send what fd takes now of the rest of the stream. Returns 0, or -1 with b->why. */
static int bulk_send(struct bulk *b)
{
	size_t len = BULK - b->sent < 65536 ? (size_t)(BULK - b->sent) : 65536;
	ssize_t w = send(b->fd, stream + b->sent, len, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (w < 0 && errno != EAGAIN && errno != EINTR) {
		snprintf(b->why, sizeof b->why, "bulk client: send: %s, after %ld of %ld bytes",
			 strerror(errno), b->sent, BULK);
		return -1;
	}
	if (w > 0)
		b->sent += w;
	if (w > 0 && b->sent == BULK && shutdown(b->fd, SHUT_WR) != 0) {
		snprintf(b->why, sizeof b->why, "bulk client: shutdown: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Read what fd has now, checking every byte. Returns 0, or -1 with b->why. */
static int bulk_read(struct bulk *b)
{
	unsigned char in[65536];
	ssize_t r = recv(b->fd, in, sizeof in, MSG_DONTWAIT);

	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (r < 0) {
		snprintf(b->why, sizeof b->why, "bulk client: read: %s, after %ld of %ld bytes",
			 strerror(errno), b->got, BULK);
		return -1;
	}
	if (r == 0) {
		snprintf(b->why, sizeof b->why, "bulk client: end-of-file after %ld of %ld bytes "
			 "echoed: " LOST_HINT, b->got, BULK);
		return -1;
	}
	for (ssize_t i = 0; i < r; i++) {
		if (b->got + i >= b->sent || in[i] != stream[b->got + i]) {
			snprintf(b->why, sizeof b->why, "bulk client: byte %ld of %ld came back wrong: "
				 LOST_HINT, b->got + i, BULK);
			return -1;
		}
	}
	b->got += r;
	return 0;
}

/* Send without reading, until the stream is all sent or the server stops taking it for
 * STALL_MS (it has stopped reading: its echo is waiting for us). Returns 0, or -1 with b->why. */
static int bulk_fill(struct bulk *b)
{
	while (b->sent < BULK) {
		struct pollfd p = { .fd = b->fd, .events = POLLOUT };
		int n = poll(&p, 1, STALL_MS);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(b->why, sizeof b->why, "bulk client: poll: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		if (bulk_send(b) < 0)
			return -1;
	}
	return 0;
}

/* Send the rest while reading every echo, until all BULK bytes are back, then want end-of-file.
 * Fails when nothing moves for PROGRESS_MS. Returns 0, or -1 with b->why. */
static int bulk_finish(struct bulk *b)
{
	long last = now_ms();
	char tail;

	while (b->got < BULK) {
		struct pollfd p = { .fd = b->fd, .events = POLLIN | (b->sent < BULK ? POLLOUT : 0) };
		long sent = b->sent, got = b->got;
		int n = poll(&p, 1, 50);

		if (n < 0 && errno != EINTR) {
			snprintf(b->why, sizeof b->why, "bulk client: poll: %s", strerror(errno));
			return -1;
		}
		if (n > 0 && (p.revents & POLLOUT) && bulk_send(b) < 0)
			return -1;
		if (n > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)) && bulk_read(b) < 0)
			return -1;
		if (b->sent != sent || b->got != got)
			last = now_ms();
		else if (now_ms() - last > PROGRESS_MS) {
			snprintf(b->why, sizeof b->why, "bulk client: nothing moved for %d s, with %ld "
				 "of %ld bytes sent and %ld echoed: the server stopped serving it (did "
				 "an echo wait for EPOLLOUT that it never asked for?)", PROGRESS_MS / 1000,
				 b->sent, BULK, b->got);
			return -1;
		}
	}
	if (read_echo(b->fd, &tail, 1, 2000) != 0) {
		snprintf(b->why, sizeof b->why, "bulk client: all %ld bytes echoed, then more bytes "
			 "or no end-of-file after our shutdown", BULK);
		return -1;
	}
	return 0;
}

Test(echo_loop, keeps_serving_while_a_client_is_not_reading, .timeout = 40)
{
	struct server s = { .nconn = 2 };
	int client[2], small = SMALL_SNDBUF;
	struct bulk b = { 0 };
	long want = BULK;
	char tail;

	stream_make();
	connect_pairs(&s, client);
	cr_assert_eq(setsockopt(s.fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small), 0,
		     "setsockopt(SO_SNDBUF): %s", strerror(errno));
	b.fd = client[0];
	cr_assert_eq(pthread_create(&s.thread, NULL, server_main, &s), 0);

	if (bulk_fill(&b) < 0)
		cr_assert_fail("%s", b.why);
	for (int k = 0; k < 3; k++) {	/* the bulk client still reads nothing */
		char msg[32], got[32];
		int len = snprintf(msg, sizeof msg, "are you there? %d", k);

		cr_assert_eq(send(client[1], msg, len, MSG_NOSIGNAL | MSG_DONTWAIT), len,
			     "second client: send: %s", strerror(errno));
		if (read_echo(client[1], got, len, SERVED_MS) != (size_t)len)
			cr_assert_fail("second client: no echo within %d s while the first one had "
				       "sent %ld bytes and read none of its echo: " BLOCKED_HINT,
				       SERVED_MS / 1000, b.sent);
		cr_assert_eq(memcmp(got, msg, len), 0, "second client: its echo came back wrong");
		want += len;
	}
	if (bulk_finish(&b) < 0)
		cr_assert_fail("%s", b.why);

	cr_assert_eq(shutdown(client[1], SHUT_WR), 0);
	cr_assert_eq(read_echo(client[1], &tail, 1, 2000), 0,
		     "second client: no end-of-file after our shutdown: the loop kept it open");
	close(client[0]);
	close(client[1]);
	cr_assert_eq(pthread_join(s.thread, NULL), 0);
	cr_assert_eq(s.echoed, want, "echo_loop returned %ld, want %ld bytes", s.echoed, want);
}
