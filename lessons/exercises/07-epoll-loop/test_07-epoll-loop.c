/* test_07-epoll-loop.c: echo_loop runs in its own thread with the server ends of K socketpairs;
 * the test thread plays every client at once, round by round: it sends one message on each
 * connection, then reads each echo back. A loop that waits on one connection at a time cannot
 * answer the second before the first sends again, so it fails here (after 2 s, not by hanging).
 * The loop thread only records its return value; the test thread asserts after joining it. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
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

/* Read exactly len bytes from fd, waiting at most 2 s in all. Returns bytes read (fewer on
 * end-of-file, timeout or error). */
static size_t read_echo(int fd, char *buf, size_t len)
{
	size_t got = 0;

	for (int waited_ms = 0; got < len && waited_ms < 2000;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t r;

		if (poll(&p, 1, 50) == 0) {
			waited_ms += 50;
			continue;
		}
		r = read(fd, buf + got, len - got);
		if (r <= 0)
			break;
		got += r;
	}
	return got;
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

	for (int i = 0; i < sh->nconn; i++) {
		int sv[2];

		cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0, "socketpair: %s",
			     strerror(errno));
		s.fds[i] = sv[0];
		client[i] = sv[1];
	}
	cr_assert_eq(pthread_create(&s.thread, NULL, server_main, &s), 0);
	for (int r = 0; r < sh->rounds; r++) {
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
			n = read_echo(client[i], got, len);
			if (n != len || memcmp(got, sent, len) != 0) {
				/* no join: a loop stuck elsewhere would hang it; the test process ends */
				cr_assert_fail("round %d, connection %d of %d: %zu of %zu bytes "
					       "echoed%s%s", r, i, sh->nconn, n, len,
					       n == len ? ", wrong bytes" : "",
					       atomic_load(&s.done) ? "; echo_loop had returned" : "");
			}
		}
	}
	for (int i = 0; i < sh->nconn; i++) {
		cr_assert_eq(shutdown(client[i], SHUT_WR), 0);
		cr_assert_eq(read_echo(client[i], &tail, 1), 0,
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

	for (int i = 0; i < s.nconn; i++) {
		int sv[2];

		cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
		s.fds[i] = sv[0];
		client[i] = sv[1];
	}
	cr_assert_eq(pthread_create(&s.thread, NULL, server_main, &s), 0);
	cr_assert_eq(send(client[2], "hello", 5, MSG_NOSIGNAL), 5);
	cr_assert_eq(read_echo(client[2], (char[5]){ 0 }, 5), 5, "no echo for a 5-byte message");
	for (int i = 0; i < s.nconn; i++)
		close(client[i]);
	cr_assert_eq(pthread_join(s.thread, NULL), 0);
	cr_assert_eq(s.echoed, 5);
}
