/* pool.c: a thread pool built from one mutex, two condition variables and a ring of jobs. */
#include "pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "clock.h"
#include "msg.h"
#include "place.h"

struct pool_job {
	pool_fn fn;
	void *arg;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work;	/* a job was queued, or the pool is stopping */
	pthread_cond_t done;	/* a job finished or a thread came up: waiters re-check */
	struct pool_job *ring;	/* queued jobs, ring[head] first */
	size_t cap, head, queued;
	size_t unfinished;	/* queued plus running */
	int stopping;
	int nthreads;
	int up;			/* threads placed and serving */
	pthread_t *threads;
	const struct place *place;	/* where the threads run; NULL: anywhere */
	int first_id;			/* the worker number of the first thread to start */
	atomic_int next_id;
	atomic_int unplaced;		/* threads that could not be pinned (they said why) */
	double idle_s;			/* of the last pool_for: see pool_idle_s */
};

static void pool_warn(const char *call, int rc)
{
	errno = rc;
	msg_errno(call);
}

/* Under the lock: take the oldest job. */
static struct pool_job pool_pop(struct pool *p)
{
	struct pool_job job = p->ring[p->head];

	p->head = (p->head + 1) % p->cap;
	p->queued--;
	return job;
}

/* Called under the lock: let go of it to run one job, then take it back to account for it. */
static void pool_run_unlocked(struct pool *p, struct pool_job job)
{
	pthread_mutex_unlock(&p->lock);
	job.fn(job.arg);
	pthread_mutex_lock(&p->lock);
	if (--p->unfinished == 0)
		pthread_cond_broadcast(&p->done);
}

/* Which pool this thread serves, and as which lane of its parallel-fors: 1 to nthreads, the
 * caller being lane 0. An affine parallel-for gives each lane its own share first. */
static _Thread_local const struct pool *lane_pool;
static _Thread_local int lane_self;

static void *pool_worker(void *arg)
{
	struct pool *p = arg;
	int id = p->first_id + atomic_fetch_add(&p->next_id, 1);

	lane_pool = p;
	lane_self = id - p->first_id + 1;
	/* A thread that cannot be placed still serves, so nothing waits for it; pool_destroy
	 * then fails, as every other variant's run does. */
	if (place_enter(p->place, id) != 0)
		atomic_fetch_add(&p->unplaced, 1);
	pthread_mutex_lock(&p->lock);
	p->up++;
	pthread_cond_broadcast(&p->done);
	for (;;) {
		while (p->queued == 0 && !p->stopping)
			pthread_cond_wait(&p->work, &p->lock);	/* idle workers block, never spin */
		if (p->queued == 0)
			break;	/* stopping, and nothing left to run */
		pool_run_unlocked(p, pool_pop(p));
	}
	pthread_mutex_unlock(&p->lock);
	place_leave(p->place, id);
	return NULL;
}

static void pool_stop_threads(struct pool *p, int started)
{
	pthread_mutex_lock(&p->lock);
	p->stopping = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < started; i++) {
		int rc = pthread_join(p->threads[i], NULL);

		if (rc)
			pool_warn("pthread_join", rc);
	}
}

struct pool *pool_create(int nthreads)
{
	return pool_create_placed(nthreads, NULL, 0);
}

static void pool_free(struct pool *p)
{
	free(p->threads);
	free(p->ring);
	free(p);
}

/* The pool's memory and fields, before its lock, conditions and threads. Returns NULL after a
 * message. */
static struct pool *pool_alloc(int nthreads, const struct place *place, int first_id)
{
	struct pool *p;

	if (nthreads < 0) {
		msg_warn("pool_create: %d threads", nthreads);
		return NULL;
	}
	p = calloc(1, sizeof *p);
	if (!p) {
		msg_errno("calloc");
		return NULL;
	}
	p->nthreads = nthreads;
	p->place = place;
	p->first_id = first_id;
	atomic_init(&p->next_id, 0);
	atomic_init(&p->unplaced, 0);
	p->cap = 64;
	p->ring = malloc(p->cap * sizeof *p->ring);
	p->threads = malloc((nthreads ? nthreads : 1) * sizeof *p->threads);
	if (!p->ring || !p->threads) {
		msg_errno("malloc");
		pool_free(p);
		return NULL;
	}
	return p;
}

struct pool *pool_create_placed(int nthreads, const struct place *place, int first_id)
{
	struct pool *p = pool_alloc(nthreads, place, first_id);
	int rc, started;

	if (!p)
		return NULL;
	if ((rc = pthread_mutex_init(&p->lock, NULL))) {
		pool_warn("pthread_mutex_init", rc);
		goto out_free;
	}
	if ((rc = pthread_cond_init(&p->work, NULL))) {
		pool_warn("pthread_cond_init", rc);
		goto out_destroy_lock;
	}
	if ((rc = pthread_cond_init(&p->done, NULL))) {
		pool_warn("pthread_cond_init", rc);
		goto out_destroy_work;
	}
	for (started = 0; started < nthreads; started++) {
		rc = pthread_create(&p->threads[started], NULL, pool_worker, p);
		if (rc) {
			pool_warn("pthread_create", rc);
			goto out_join;
		}
	}
	/* Returns a pool that is ready: what starting it costs is paid here, not in the first job. */
	pthread_mutex_lock(&p->lock);
	while (p->up < nthreads)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
	return p;

out_join:
	pool_stop_threads(p, started);
	pthread_cond_destroy(&p->done);
out_destroy_work:
	pthread_cond_destroy(&p->work);
out_destroy_lock:
	pthread_mutex_destroy(&p->lock);
out_free:
	pool_free(p);
	return NULL;
}

/* Under the lock: double the ring, unwrapping it so the queue starts at 0. */
static int pool_grow(struct pool *p)
{
	struct pool_job *ring = malloc(2 * p->cap * sizeof *ring);

	if (!ring) {
		msg_errno("malloc");
		return -1;
	}
	for (size_t i = 0; i < p->queued; i++)
		ring[i] = p->ring[(p->head + i) % p->cap];
	free(p->ring);
	p->ring = ring;
	p->cap *= 2;
	p->head = 0;
	return 0;
}

int pool_submit(struct pool *p, pool_fn fn, void *arg)
{
	pthread_mutex_lock(&p->lock);
	if (p->queued == p->cap && pool_grow(p) != 0) {
		pthread_mutex_unlock(&p->lock);
		return -1;
	}
	p->ring[(p->head + p->queued) % p->cap] = (struct pool_job){ fn, arg };
	p->queued++;
	p->unfinished++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

void pool_wait(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	while (p->unfinished > 0) {
		if (p->queued > 0)
			pool_run_unlocked(p, pool_pop(p));	/* help rather than sleep */
		else
			pthread_cond_wait(&p->done, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
}

/* A lane's share of an affine parallel-for, claimed from its start; a cache line each, so that
 * lanes claiming from their own shares do not bounce one line between their cores. */
struct pool_share {
	_Alignas(64) atomic_size_t next;
	size_t end;
};

/* One parallel-for: lives on the caller's stack until every helper has left it. */
struct pool_for {
	struct pool *p;
	atomic_size_t next;	/* without shares: the one claim counter */
	size_t n, chunk;
	pool_range_fn body;
	void *arg;
	struct pool_share *shares;	/* affine: one per lane; NULL: one counter for all */
	int lanes;
	int helpers;		/* under p->lock: helpers that have not left yet */
	double busy_s;		/* under p->lock: time the lanes spent claiming and running */
};

static void pool_for_range(struct pool_for *pf, atomic_size_t *next, size_t end)
{
	size_t begin;

	while ((begin = atomic_fetch_add_explicit(next, pf->chunk, memory_order_relaxed)) < end)
		pf->body(pf->arg, begin, chunk_end(begin, pf->chunk, end));
}

/* Claim and run until nothing is left, in an affine parallel-for from the lane's own share on,
 * then from the others' in turn; returns the time that took. */
static double pool_for_claim(struct pool_for *pf, int lane)
{
	double t0 = clock_now();

	if (!pf->shares)
		pool_for_range(pf, &pf->next, pf->n);
	for (int s = 0; pf->shares && s < pf->lanes; s++) {
		struct pool_share *sh = &pf->shares[(lane + s) % pf->lanes];

		pool_for_range(pf, &sh->next, sh->end);
	}
	return clock_now() - t0;
}

static void pool_for_helper(void *arg)
{
	struct pool_for *pf = arg;
	struct pool *p = pf->p;
	double busy = pool_for_claim(pf, lane_pool == p ? lane_self : 0);

	pthread_mutex_lock(&p->lock);
	pf->busy_s += busy;
	if (--pf->helpers == 0)
		pthread_cond_broadcast(&p->done);	/* pf may vanish once we unlock */
	pthread_mutex_unlock(&p->lock);
}

static void pool_for_run(struct pool *p, struct pool_for *pf)
{
	size_t claims = (pf->n + pf->chunk - 1) / pf->chunk;
	int want = claims > 1 ? (claims - 1 < (size_t)p->nthreads ? (int)(claims - 1) : p->nthreads) : 0;
	double t0 = clock_now(), busy;

	pthread_mutex_lock(&p->lock);
	pf->helpers = want;
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < want; i++) {
		if (pool_submit(p, pool_for_helper, pf) != 0) {
			/* Fewer helpers is slower, not wrong: the caller covers what they leave. */
			pthread_mutex_lock(&p->lock);
			pf->helpers -= want - i;
			pthread_mutex_unlock(&p->lock);
			break;
		}
	}
	busy = pool_for_claim(pf, 0);
	pthread_mutex_lock(&p->lock);
	while (pf->helpers > 0)
		pthread_cond_wait(&p->done, &p->lock);
	busy += pf->busy_s;
	p->idle_s = (p->nthreads + 1) * (clock_now() - t0) - busy;
	pthread_mutex_unlock(&p->lock);
}

void pool_for(struct pool *p, size_t n, size_t chunk, pool_range_fn body, void *arg)
{
	struct pool_for pf = { .p = p, .n = n, .chunk = chunk ? chunk : 1, .body = body, .arg = arg };

	atomic_init(&pf.next, 0);
	pool_for_run(p, &pf);
}

void pool_for_affine(struct pool *p, size_t n, size_t chunk, pool_range_fn body, void *arg)
{
	struct pool_for pf = { .p = p, .n = n, .chunk = chunk ? chunk : 1, .body = body, .arg = arg,
			       .lanes = p->nthreads + 1 };

	atomic_init(&pf.next, 0);
	pf.shares = aligned_alloc(_Alignof(struct pool_share), (size_t)pf.lanes * sizeof *pf.shares);
	if (!pf.shares) {	/* slower without its shares, not wrong */
		pool_for_run(p, &pf);
		return;
	}
	for (int l = 0; l < pf.lanes; l++) {
		atomic_init(&pf.shares[l].next, n * (size_t)l / (size_t)pf.lanes);
		pf.shares[l].end = n * (size_t)(l + 1) / (size_t)pf.lanes;
	}
	pool_for_run(p, &pf);
	free(pf.shares);
}

double pool_idle_s(const struct pool *p)
{
	return p->idle_s > 0 ? p->idle_s : 0;
}

int pool_destroy(struct pool *p)
{
	int unplaced;

	if (!p)
		return 0;
	pool_wait(p);
	pool_stop_threads(p, p->nthreads);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	unplaced = atomic_load(&p->unplaced);
	pool_free(p);
	return unplaced ? -1 : 0;
}

int pool_threads(const struct pool *p)
{
	return p->nthreads;
}
