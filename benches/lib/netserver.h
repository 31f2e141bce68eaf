/* netserver.h: the net bench's TCP server, a child process on 127.0.0.1. A request is a task
 * index as a decimal line ("17\n"); the reply, service_s later, is reply_bytes made of that
 * task's random numbers, then the server closes the connection. One epoll loop serves
 * thousands of connections at once, so the server is never what limits its clients. */
#ifndef PARBENCH_NETSERVER_H
#define PARBENCH_NETSERVER_H

#include <stdint.h>
#include <sys/types.h>

struct netserver_opts {
	unsigned port;		/* 0: an ephemeral port */
	double service_s;	/* how long after its request a reply starts */
	uint64_t reply_bytes;
	uint64_t seed;		/* replies are made of rng_for_task(seed, task)'s numbers */
};

struct netserver {
	pid_t pid;		/* the server; 0 once reaped */
	pid_t owner;		/* the process that started it, the only one that may stop it */
	unsigned port;		/* where it listens, on 127.0.0.1 */
};

/* Bind 127.0.0.1:o->port, fork the server and wait (5 s at most) until it says it is ready.
 * Returns 0, or -1 after a message with no process left behind. */
int netserver_start(struct netserver *s, const struct netserver_opts *o);

/* SIGTERM, a bounded wait, SIGKILL if need be; reaps it. Says so if it had died on its own.
 * Does nothing in any other process than the one that started it (a forked worker, say). */
void netserver_stop(struct netserver *s);

#endif
