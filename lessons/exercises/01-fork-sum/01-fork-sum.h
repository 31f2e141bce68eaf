/* 01-fork-sum.h: a parallel sum with fork() and pipes, the C counterpart of
 * multiprocessing.Process plus a Queue that carries each worker's partial sum back. */
#ifndef LESSON_FORK_SUM_H
#define LESSON_FORK_SUM_H

#include <stddef.h>
#include <stdint.h>

/* One term of the sum. It runs in a child process: whatever it writes to ordinary memory stays
 * in that child. */
typedef uint64_t (*term_fn)(size_t i, void *arg);

/*
 * *sum = term(0, arg) + term(1, arg) + ... + term(n - 1, arg), in uint64_t (wrapping around).
 *
 * Split [0, n) into `workers` contiguous blocks whose sizes differ by at most one, and fork one
 * child per block; a block may be empty when workers > n. Each child sums its block, writes
 * its partial sum down its own pipe and ends with _exit. The parent never calls term itself: it
 * reads every pipe, adds the partial sums, and reaps every child it started, on the failure
 * path too.
 *
 * Returns 0, or -1 after a message on stderr: workers < 1, a failed pipe, fork, read or
 * waitpid, a child that exited non-zero or was killed, or a child that sent no partial sum.
 */
int fork_sum(size_t n, int workers, term_fn term, void *arg, uint64_t *sum);

#endif
