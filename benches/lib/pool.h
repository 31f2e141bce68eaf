/* pool.h: a thread pool. Submit jobs and wait for them, or run a parallel-for that hands out
 * index ranges through one atomic counter. All state lives in struct pool: pools are independent. */
#ifndef PARBENCH_POOL_H
#define PARBENCH_POOL_H

#include <stddef.h>

struct pool;

typedef void (*pool_fn)(void *arg);
typedef void (*pool_range_fn)(void *arg, size_t begin, size_t end);

/* nthreads may be 0: the calling thread then does all the work in pool_wait and pool_for.
 * Returns once every thread is up and waiting for work, or NULL after a message. */
struct pool *pool_create(int nthreads);
/* The same, each thread placed as a worker of place (place.h), numbered from first_id on. */
struct place;
struct pool *pool_create_placed(int nthreads, const struct place *place, int first_id);
/* Queue fn(arg). Returns 0, or -1 after a message (out of memory). */
int pool_submit(struct pool *p, pool_fn fn, void *arg);
/* Until every submitted job has finished. The caller runs queued jobs meanwhile.
 * Neither this nor pool_for may be called from a job of the same pool: it could wait for itself. */
void pool_wait(struct pool *p);
/* body(arg, begin, end) over [0, n) in claims of chunk indices; the caller takes part, so the
 * pool's threads plus the caller work on it. Returns when every index is done. */
void pool_for(struct pool *p, size_t n, size_t chunk, pool_range_fn body, void *arg);
/* The same, but each lane (the caller, then the pool's threads in the order they started) claims
 * from its own contiguous share of [0, n) first, then from the others' in turn: called again
 * with the same n, a lane gets the same indices unless it runs out, so data a step wrote stays
 * in the cache of the core that wrote it for the next step (heat's rows). */
void pool_for_affine(struct pool *p, size_t n, size_t chunk, pool_range_fn body, void *arg);
/* What the last pool_for's lanes (the threads and the caller) spent not in it, summed: waking up
 * to join, and waiting at its end for the slowest. The cost of a parallel-for as a barrier. */
double pool_idle_s(const struct pool *p);
/* Runs the jobs still queued, then joins every thread. Returns 0, or -1 when a thread of a
 * placed pool could not be pinned (it said why). */
int pool_destroy(struct pool *p);
int pool_threads(const struct pool *p);

#endif
