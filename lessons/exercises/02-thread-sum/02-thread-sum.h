/* 02-thread-sum.h: the sum of lesson 01 with POSIX threads instead of processes, the C
 * counterpart of threading.Thread, minus the GIL: here the threads really run at once. */
#ifndef LESSON_THREAD_SUM_H
#define LESSON_THREAD_SUM_H

#include <stddef.h>
#include <stdint.h>

/* One term of the sum. It is called from several threads at once, so it must be thread-safe. */
typedef uint64_t (*term_fn)(size_t i, void *arg);

/*
 * *sum = term(0, arg) + term(1, arg) + ... + term(n - 1, arg), in uint64_t (wrapping around).
 *
 * Split [0, n) into `workers` contiguous blocks whose sizes differ by at most one, and start one
 * thread per block; a block may be empty when workers > n. Each thread sums its block into its
 * own slot (no shared accumulator, so no lock is needed); the caller never calls term itself:
 * it joins every thread it started, on the failure path too, then adds the slots.
 *
 * Returns 0, or -1 after a message on stderr: workers < 1, out of memory, or a failed
 * pthread_create or pthread_join.
 */
int thread_sum(size_t n, int workers, term_fn term, void *arg, uint64_t *sum);

#endif
