/* counter.c: N increments of ONE shared counter, each task adding its share. The counter lives
 * in MAP_SHARED memory made by setup, so threads, forked children and the process pool all add to
 * the same one. --sync says how an increment is made safe, and what that costs:
 *   atomic  (default) one atomic_fetch_add per increment: the counter's cache line has to come to
 *           whichever core adds next
 *   mutex   a PTHREAD_PROCESS_SHARED mutex beside the counter, locked and unlocked per increment
 *   local   each task counts in a local variable and adds its count once: nothing shared to fight over
 *   none    a plain load, then a plain store: the race.
 * Why `none` exists: it is a demonstration, and the only run in parbench whose result depends on
 * the workers. Two workers that load the same old value both store old + 1, and one increment is
 * lost; with one worker, or one at a time, it is exact. The counter is volatile so that the
 * compiler keeps one load and one store in every turn of the loop, as the hardware then races
 * them (C11 calls this a data race, and promises nothing; that is the point). The runner, which
 * checks every result against the 1-worker one, reports those runs as failed.
 * result= is the final counter, N unless updates were lost; lost= is N minus it. The sizes are
 * for the default, atomic, run serially. */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "lib/opaque.h"
#include "lib/shm.h"
#include "lib/workload.h"

enum { OPT_SYNC };

enum sync { SYNC_ATOMIC, SYNC_MUTEX, SYNC_LOCAL, SYNC_NONE };

static const char *const sync_names[] = { "atomic", "mutex", "local", "none" };

/* One MAP_SHARED mapping. The pointer in job->data is read-only while tasks run; what it points
 * to is the one thing in parbench that tasks write together. */
struct tally {
	enum sync sync;
	pthread_mutex_t lock;	/* mutex: process-shared, so forked workers can wait on it too */
	volatile uint64_t plain;	/* mutex (under the lock) and none (not): one load, one store */
	_Atomic uint64_t count;	/* atomic and local */
};

static size_t counter_tasks(uint64_t size)
{
	(void)size;
	return 64;
}

/* The counter starts at 0 here: shm_alloc's mapping is zeroed, and setup runs once, before the
 * timed section, in the one process every variant starts from. Each run is a new process, so
 * no run ever sees another's count. */
static int counter_setup(struct job *job)
{
	const char *name = job->opt[OPT_SYNC].str ? job->opt[OPT_SYNC].str : "atomic";
	struct tally *t;
	pthread_mutexattr_t attr;
	int k = 0, rc;

	while (k < 4 && strcmp(name, sync_names[k]))
		k++;
	if (k == 4) {
		msg_warn("--sync: expected atomic, mutex, local or none, got '%.40s'", name);
		return EXIT_USAGE;
	}
	t = shm_alloc(sizeof *t);
	if (!t)
		return EXIT_RUNTIME;
	job->data = t;
	t->sync = (enum sync)k;
	t->plain = 0;
	atomic_init(&t->count, 0);
	if ((rc = pthread_mutexattr_init(&attr)) != 0)
		goto fail;
	if ((rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) == 0)
		rc = pthread_mutex_init(&t->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	if (rc == 0)
		return 0;
fail:
	msg_warn("process-shared mutex: %s", strerror(rc));
	shm_free(t, sizeof *t);
	job->data = NULL;
	return EXIT_RUNTIME;
}

static int counter_task(const struct job *job, size_t t, void *partial)
{
	struct tally *c = job->data;
	uint64_t lo = share_begin(job->size, job->tasks, t), hi = share_begin(job->size, job->tasks, t + 1);
	uint64_t i, mine = 0;
	int rc = 0;

	switch (c->sync) {
	case SYNC_ATOMIC:
		for (i = lo; i < hi; i++)
			atomic_fetch_add_explicit(&c->count, 1, memory_order_relaxed);
		break;
	case SYNC_MUTEX:
		for (i = lo; i < hi; i++) {
			if ((rc = pthread_mutex_lock(&c->lock)) != 0)
				break;
			c->plain = c->plain + 1;	/* exactly none's update, made one at a time */
			if ((rc = pthread_mutex_unlock(&c->lock)) != 0)
				break;
		}
		if (rc != 0) {
			msg_warn("task %zu: pthread mutex: %s", t, strerror(rc));
			return -1;
		}
		break;
	case SYNC_LOCAL:
		for (i = lo; i < hi; i++) {
			mine++;
			OPAQUE(mine);	/* count one by one, as the others do, not hi - lo at once */
		}
		atomic_fetch_add_explicit(&c->count, mine, memory_order_relaxed);
		break;
	case SYNC_NONE:
		for (i = lo; i < hi; i++)
			c->plain = c->plain + 1;	/* volatile: a load, then a store, every time */
		break;
	}
	*(uint64_t *)partial = hi - lo;
	return 0;
}

/* The result is the shared counter itself, not the sum of the tasks' shares: that sum is always
 * N, and is only checked here. Joining the threads or reaping the children has ordered their
 * adds before this read. */
static int counter_finish(const struct job *job, const void *partials, size_t stride,
			  double seconds, struct kv *out)
{
	const struct tally *c = job->data;
	uint64_t done = partials_sum_u64(job, partials, stride), value;

	(void)seconds;
	if (done != job->size) {
		msg_warn("the tasks made %" PRIu64 " increments, not %" PRIu64, done, job->size);
		return EXIT_RUNTIME;
	}
	value = c->sync == SYNC_MUTEX || c->sync == SYNC_NONE ? c->plain
							       : atomic_load(&c->count);
	kv_u64(out, "result", value);
	kv_f(out, "lost", "%.0f", (double)job->size - (double)value);
	kv_str(out, "sync", sync_names[c->sync]);
	return 0;
}

static void counter_teardown(struct job *job)
{
	struct tally *c = job->data;

	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	shm_free(c, sizeof *c);
}

static const struct workload counter = {
	.name = "counter",
	.about = "counter: N increments of one shared counter; --sync atomic (default), mutex, local "
		 "or none (the race: updates are lost).",
	.size_unit = "N, the number of increments",
	.kind = "cpu",
	.optional = 1,	/* lesson 05's race: not a speedup to sweep by default */
	.no_mpi = 1,
	.sizes = { 15000000, 150000000, 1500000000 },
	.size_max = UINT64_C(1) << 50,
	.partial_bytes = sizeof(uint64_t),
	.opts = { [OPT_SYNC] = { .flag = "--sync", .metavar = "MODE",
		.help = "atomic (default), mutex, local or none" } },
	.tasks_for = counter_tasks,
	.setup = counter_setup,
	.task = counter_task,
	.finish = counter_finish,
	.teardown = counter_teardown,
};

BENCH_MAIN(counter)
