/* 05-parallel-for.h: a parallel-for with dynamic scheduling, the C counterpart of
 * Pool.map(f, range(n), chunksize=C) and of OpenMP's schedule(dynamic, C). Threads claim chunks of
 * indices from one atomic counter, so a thread that got cheap chunks comes back for more. */
#ifndef LESSON_PARALLEL_FOR_H
#define LESSON_PARALLEL_FOR_H

#include <stddef.h>

/* Runs indices [begin, end): 0 <= begin < end <= n and end - begin <= chunk. Called from several
 * threads at once. */
typedef void (*pfor_body)(void *arg, size_t begin, size_t end);

/*
 * body(arg, begin, end) over [0, n), in claims of chunk indices: claim k covers
 * [k * chunk, min((k + 1) * chunk, n)), so there are exactly ceil(n / chunk) calls.
 *
 * Starts `threads` threads; each repeatedly takes the next claim with one atomic fetch-and-add
 * on a shared counter until the counter passes n. The caller waits: it joins every thread it
 * started, on the failure path too (a failed pthread_create is not fatal while one thread runs:
 * the others take its share).
 *
 * Returns 0, or -1 after a message: threads < 1, chunk == 0, or no thread could be started.
 */
int parallel_for(size_t n, size_t chunk, int threads, pfor_body body, void *arg);

#endif
