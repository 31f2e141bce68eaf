/* gil.c: the lock CPython threads take turns on, so that only one of them computes at a time. */
#include "gil.h"

#include <errno.h>
#include <time.h>

#include "msg.h"

int gil_init(struct gil *g, double switch_ms)
{
	pthread_condattr_t attr;
	int rc;

	g->locked = 0;
	g->waiting = 0;
	g->switches = 0;
	atomic_init(&g->drop_request, 0);
	g->interval_ns = (long)(switch_ms * 1e6);
	if ((rc = pthread_mutex_init(&g->mutex, NULL)))
		goto out_fail;
	if ((rc = pthread_condattr_init(&attr)))
		goto out_destroy_mutex;
	/* Monotonic, so a clock change cannot stretch the interval. */
	if ((rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)) ||
	    (rc = pthread_cond_init(&g->released, &attr)))
		goto out_destroy_attr;
	if ((rc = pthread_cond_init(&g->switched, NULL)))
		goto out_destroy_released;
	pthread_condattr_destroy(&attr);
	return 0;

out_destroy_released:
	pthread_cond_destroy(&g->released);
out_destroy_attr:
	pthread_condattr_destroy(&attr);
out_destroy_mutex:
	pthread_mutex_destroy(&g->mutex);
out_fail:
	errno = rc;
	msg_errno("gil_init");
	return -1;
}

void gil_destroy(struct gil *g)
{
	pthread_cond_destroy(&g->switched);
	pthread_cond_destroy(&g->released);
	pthread_mutex_destroy(&g->mutex);
}

static struct timespec deadline_after(long ns)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);	/* cannot fail for CLOCK_MONOTONIC */
	t.tv_nsec += ns % 1000000000L;
	t.tv_sec += ns / 1000000000L + t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}

void gil_acquire(struct gil *g)
{
	pthread_mutex_lock(&g->mutex);
	g->waiting++;
	while (g->locked) {
		uint64_t seen = g->switches;
		struct timespec until = deadline_after(g->interval_ns);
		int rc = pthread_cond_timedwait(&g->released, &g->mutex, &until);

		/* A whole interval went by and the same holder still has it: ask it to let go. */
		if (rc == ETIMEDOUT && g->locked && g->switches == seen)
			atomic_store(&g->drop_request, 1);
	}
	g->waiting--;
	g->locked = 1;
	g->switches++;
	atomic_store(&g->drop_request, 0);
	pthread_cond_broadcast(&g->switched);
	pthread_mutex_unlock(&g->mutex);
}

void gil_release(struct gil *g)
{
	pthread_mutex_lock(&g->mutex);
	g->locked = 0;
	pthread_cond_signal(&g->released);
	pthread_mutex_unlock(&g->mutex);
}

void gil_yield(struct gil *g)
{
	if (!atomic_load_explicit(&g->drop_request, memory_order_relaxed))
		return;
	pthread_mutex_lock(&g->mutex);
	uint64_t mine = g->switches;

	g->locked = 0;
	pthread_cond_signal(&g->released);
	while (g->waiting > 0 && g->switches == mine)	/* forced switching */
		pthread_cond_wait(&g->switched, &g->mutex);
	pthread_mutex_unlock(&g->mutex);
	gil_acquire(g);
}
