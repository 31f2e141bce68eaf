/* 10-spawn-sum.h: a recursive parallel sum written with spawn and sync (lib/fj.h), run by
 * parbench's work-stealing scheduler (lib/steal.h). It is the C counterpart of a task that calls
 * pool.apply_async for one half of its work, does the other half itself, and then calls .get().
 * A plain Python Pool cannot run that: a worker blocked in .get() holds its process, and when
 * every worker waits for a child, nobody is left to run the children. A work-stealing worker
 * that waits runs other tasks instead. */
#ifndef LESSON_SPAWN_SUM_H
#define LESSON_SPAWN_SUM_H

#include <stddef.h>
#include <stdint.h>

#include "lib/fj.h"

/* Sums a[0, n) serially, in uint64_t (wrapping around). The tests give their own, which also
 * checks how it is called. It may be called from several threads at once. */
typedef uint64_t (*leaf_fn)(const uint64_t *a, size_t n);

/*
 * a[0] + a[1] + ... + a[n - 1], in uint64_t (wrapping around), worked out by the tasks of fj.
 *
 * - n <= cutoff: return leaf(a, n). This is the only place that adds up elements. (A cutoff of 0
 *   counts as 1: a piece of one element cannot be split.)
 * - n > cutoff: split at h = n / 2 into a[0, h) and a[h, n). fj_spawn a task that sums one half
 *   with spawn_sum, sum the other half here with spawn_sum, fj_sync the task, and return the
 *   two sums added.
 *
 * fj is the scheduler as the caller sees it. A spawned task is given its own fj (the first
 * argument of its fj_fn): inside the task, spawn and sync with that one, never the caller's.
 * Every task spawned must be synced before spawn_sum returns, and its result may be read only
 * after the sync. Whatever the task needs (its half, the cutoff, leaf, a place for its sum)
 * lives in spawn_sum's own frame, which outlives the task because of the sync.
 */
uint64_t spawn_sum(struct fj *fj, const uint64_t *a, size_t n, size_t cutoff, leaf_fn leaf);

#endif
