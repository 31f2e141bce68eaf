/* fj.h: fork-join, the one way a recursive bench is written for every task scheduler. fj_spawn
 * starts a call that may run in parallel with the rest of its caller; fj_sync waits until that
 * call is done. A spawned task is a future: Python's apply_async returns one, and its .get() is
 * fj_sync. Three schedulers implement it: the work-stealing one (steal.h), OpenMP's tasks
 * (variant_openmp.c), and fj_inline below, which runs each call at once (the serial elision). */
#ifndef PARBENCH_FJ_H
#define PARBENCH_FJ_H

#include <stdatomic.h>

struct fj;
typedef void (*fj_fn)(struct fj *fj, void *arg);

/* One spawned call. It lives in its spawner's frame, which must sync it before returning. */
struct fj_task {
	fj_fn fn;
	void *arg;
	/* The stealing scheduler's (steal.c): whether it is done, and who stole it, which is
	 * where its own spawns are for a waiting spawner to help with. */
	atomic_int state;
	atomic_int thief;
};

/* A scheduler, as the worker running a task sees it: tasks get the fj of whoever runs them. */
struct fj_ops {
	void (*spawn)(struct fj *fj, struct fj_task *t);
	void (*sync)(struct fj *fj, struct fj_task *t);
};

struct fj {
	const struct fj_ops *ops;
};

/* Start fn(fj, arg) as task t. Spawns made from inside it are its own, not its caller's. */
static inline void fj_spawn(struct fj *fj, struct fj_task *t, fj_fn fn, void *arg)
{
	t->fn = fn;
	t->arg = arg;
	fj->ops->spawn(fj, t);
}

/* Until task t has run; what it wrote is visible afterwards. It may wait for other tasks this
 * caller spawned too (OpenMP's taskwait waits for all of them). */
static inline void fj_sync(struct fj *fj, struct fj_task *t)
{
	fj->ops->sync(fj, t);
}

/* The serial elision: spawn runs the call there and then, sync does nothing. */
extern const struct fj_ops fj_inline;

#endif
