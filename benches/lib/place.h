/* place.h: one placement policy for every variant, in OpenMP's words.
 *   spread  one worker per physical core, round-robin over the sockets, then the cores' SMT
 *           siblings, then round again when there are more workers than effective CPUs;
 *   close   the same, but one socket's cores are filled before the next socket's;
 *   none    nothing is pinned: workers float over the affinity mask.
 * Only the effective CPUs are ever used (topo.h): under a quota of E CPUs, the first E of the
 * policy's order. Worker i runs on order[i % n]. */
#ifndef PARBENCH_PLACE_H
#define PARBENCH_PLACE_H

#include <stddef.h>

#include "topo.h"

enum place_policy { PLACE_NONE, PLACE_CLOSE, PLACE_SPREAD };

#define PLACE_NAMES "none, close or spread"

/* "none", "close", "spread". Returns 0, or -1 for any other word. */
int place_parse(const char *name, enum place_policy *p);
const char *place_name(enum place_policy p);
/* The policy's order of the effective CPUs (their CPU numbers) into order[], which holds
 * t->ncpus entries. Returns how many: t->effective, or 0 for none. */
int place_order(const struct topo *t, enum place_policy p, int *order);
/* The CPUs W workers get, in worker order ("0,32,1,33"), or for none the set they float over
 * ("0-63"). Returns 0, or -1 when buf is too short. */
int place_describe(const struct topo *t, enum place_policy p, int workers, char *buf, size_t len);

/* A bench's placement: where each worker goes, and where each said it ran. */
struct place {
	enum place_policy policy;
	int *order;		/* the CPU of worker i is order[i % n] */
	int n;
	int *seen;		/* MAP_SHARED, so forked workers write it too: sched_getcpu() */
	int nseen;		/* at the worker's end, -1 until then */
};

/* For `workers` workers. none loads no topology. Returns 0, or EXIT_USAGE (the topology is
 * simulated, so there is nothing real to pin to) or EXIT_RUNTIME after a message. */
int place_init(struct place *pl, enum place_policy p, int workers);
void place_free(struct place *pl);
/* Pin the calling thread as worker id. pl may be NULL (nothing to do). Returns 0, or -1 after a
 * message. */
int place_enter(const struct place *pl, int id);
/* Note the CPU worker id ends on. */
void place_leave(const struct place *pl, int id);
/* Where the workers said they ran, "0,1,0,1", in worker order. Returns 0, or -1 when buf is
 * too short. */
int place_seen(const struct place *pl, char *buf, size_t len);

#endif
