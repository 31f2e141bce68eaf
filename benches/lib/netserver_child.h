/* netserver_child.h: between netserver.c, which forks the net bench's server, and
 * netserver_child.c, which is that server. Nothing else includes it. */
#ifndef PARBENCH_NETSERVER_CHILD_H
#define PARBENCH_NETSERVER_CHILD_H

#include <sys/types.h>

#include "netserver.h"

/* The forked child, given the bound, listening socket lfd and the write end of the "ready" pipe:
 * it sets itself up, writes "r" down ready, then serves until SIGTERM. parent is the bench's
 * pid, to tell whether it died before the child could ask to die with it. Never returns; _exit
 * closes whatever is left open and never flushes the stdio buffers it shares with the bench.
 *
 * Fault injection, for the tests: the server reads PARBENCH_NET_FAULT from its environment.
 *   reset    every reply stops half-way and the connection is reset (SO_LINGER 0, then close)
 *   refuse   the server closes its listening socket before it says it is ready: every connect
 *            is refused (closed before, not after, so no connection can slip in between)
 *   nostart  the server exits with status 3 before it is ready */
_Noreturn void netserver_child_run(const struct netserver_opts *o, int lfd, int ready,
				   pid_t parent);

#endif
