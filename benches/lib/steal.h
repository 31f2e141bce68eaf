/* steal.h: a work-stealing scheduler, as in Cilk, TBB and Rayon. W workers, the calling thread
 * among them, each own a deque (deque.h): a worker pushes the tasks it spawns at the bottom and
 * pops them back from there, newest first, so it runs its own work depth-first as a plain
 * recursion would; a worker with nothing to do steals the oldest, biggest task of a victim
 * chosen at random. Idle workers back off, then sleep; a spawn onto an empty deque wakes one.
 * All state lives in struct steal: schedulers are independent. */
#ifndef PARBENCH_STEAL_H
#define PARBENCH_STEAL_H

#include <stddef.h>

#include "fj.h"

struct steal;
struct place;

/* W workers: the caller, which becomes worker 0 and runs every steal_run, and W-1 threads, each
 * placed as worker k of place (NULL: anywhere). Returns once they are all up, or NULL after a
 * message. */
struct steal *steal_create(int workers, const struct place *place);
/* Run fn(fj, arg) on the caller as worker 0, with the others stealing what it spawns, until it
 * returns. fn must sync every task it spawns, and so must each task. */
void steal_run(struct steal *s, fj_fn fn, void *arg);
/* body(arg, begin, end) over [0, n): the range is halved, one half spawned and the other run,
 * until a piece holds at most `chunk` indices (0 counts as 1). */
typedef void (*steal_range_fn)(void *arg, size_t begin, size_t end);
void steal_for(struct steal *s, size_t n, size_t chunk, steal_range_fn body, void *arg);
/* What the last run's workers spent looking for work and not finding it, summed over them:
 * its cost as a barrier between steps. */
double steal_idle_s(const struct steal *s);
/* How many tasks were stolen since the scheduler was made. */
unsigned long steal_count(const struct steal *s);
/* Stop and join the threads. Returns 0, or -1 when a thread could not be placed (it said why). */
int steal_destroy(struct steal *s);

#endif
