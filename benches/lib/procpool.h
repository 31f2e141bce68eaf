/* procpool.h: a pool of worker processes forked up front, the C counterpart of
 * multiprocessing.Pool. Tasks are claimed through an atomic counter in shared memory. */
#ifndef PARBENCH_PROCPOOL_H
#define PARBENCH_PROCPOOL_H

#include <stddef.h>

struct procpool;

typedef void (*procpool_fn)(void *arg, size_t begin, size_t end);

/* Fork `workers` processes and wait until each is up. Returns NULL after a message; no child is
 * left behind then. */
struct procpool *procpool_create(int workers);
/* The same with worker i placed as worker i of place (place.h; NULL: not placed), then
 * ready(arg) run in it before it says it is up (NULL: nothing; non-zero: it exits, failed). */
struct place;
struct procpool *procpool_create_placed(int workers, const struct place *place,
					int (*ready)(const void *arg), const void *arg);
/* body(arg, begin, end) over [0, n) in claims of chunk indices, run by the workers.
 * arg and whatever body writes must be visible across processes: memory that existed before
 * procpool_create, read-only, and shm_alloc'd memory for results.
 * Returns 0, or -1 after a message naming the worker, its task and how it died. A pool whose
 * worker died is broken: the others have been killed and reaped, and later calls return -1. */
int procpool_for(struct procpool *pp, size_t n, size_t chunk, procpool_fn body, void *arg);
/* What the last procpool_for's workers spent not running it, summed: the "go" reaching them, and
 * waiting at its end for the slowest (see pool_idle_s). */
double procpool_idle_s(const struct procpool *pp);
/* A one-shot pool: create, one procpool_for, destroy. Returns 0, or -1 after a message; every
 * worker is reaped either way. */
int procpool_run(int workers, size_t n, size_t chunk, procpool_fn body, void *arg);
/* Tell the workers to exit and reap them all. */
void procpool_destroy(struct procpool *pp);
/* For tests: the pid of worker i. */
int procpool_pid(const struct procpool *pp, int i);

#endif
