/* team.h: what a run's workers share, threads or processes alike: the gate that holds them until
 * all have started, the barrier between steps, and the two stamps that split a run into start
 * (until every worker is ready), compute (until the last result is in) and finish (the rest). */
#ifndef PARBENCH_TEAM_H
#define PARBENCH_TEAM_H

#include <stdatomic.h>

/* Lives in MAP_SHARED memory (team_create), so forked children use the same one. The gate's two
 * words are futexes: a worker sleeps on `gate` until it changes, the driver on `arrived`. So is
 * the barrier's `round`, which the last worker to reach the barrier moves on. */
struct team {
	atomic_int arrived;	/* workers waiting at the gate */
	atomic_int gate;	/* 0: closed; 1: go; -1: the run was called off */
	int workers;		/* W: who meets at the barrier, who must leave */
	int spin;		/* 1: W CPUs for W workers, so a wait at the barrier spins first */
	atomic_int at_step;	/* workers at the barrier of this round */
	atomic_int round;	/* barriers passed */
	atomic_int sleepers;	/* workers asleep at the barrier */
	atomic_int left;	/* workers whose last task is done */
	_Atomic double started, computed;	/* clock_now() stamps; 0 until made */
	atomic_ullong waited_ns;	/* time workers spent waiting between steps, summed */
};

/* A team of W workers. Returns NULL after a message. */
struct team *team_create(int workers);
void team_free(struct team *t);

/* Worker side. team_arrive: this worker is ready; wait for the gate. Returns 0 to go on, -1 when
 * the run was called off (another worker could not start). */
int team_arrive(struct team *t);
/* Between two steps: wait until all W workers get here. The wait counts in team_sync_s. */
void team_step(struct team *t);
/* For drivers that wait between steps their own way (a pool's parallel-for, an OpenMP barrier,
 * MPI's halo exchange): add seconds one worker, or several together, spent waiting. */
void team_waited(struct team *t, double seconds);
/* What the workers spent waiting between steps, summed over them and divided by W: sync_s. */
double team_sync_s(const struct team *t);
/* This worker's last result is in; the last of the W to say so stamps the end of compute. */
void team_leave(struct team *t);

/* Driver side. team_open: wait until `arrivals` workers have arrived, then stamp the end of start
 * and let them go. lost(ctx), asked every 50 ms meanwhile, says whether a worker died on the way
 * (NULL: they are threads, which cannot). Returns 0, or -1 after calling the run off. */
int team_open(struct team *t, int arrivals, int (*lost)(void *), void *ctx);
/* Call the run off: workers at the gate, and those yet to come, get -1. */
void team_cancel(struct team *t);
/* For drivers whose workers are ready, or done, when the driver says so (serial, pools, openmp). */
void team_started(struct team *t);
void team_computed(struct team *t);

#endif
