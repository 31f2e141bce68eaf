/* sweep.h: the runner's data. A point is one configuration (bench, variant, workers, size);
 * a run is one measurement of a point. */
#ifndef PARBENCH_SWEEP_H
#define PARBENCH_SWEEP_H

#include <stddef.h>

#include "stats.h"

#define NAME_MAX_ 32

struct point {
	char bench[NAME_MAX_];
	char variant[NAME_MAX_];
	char size[NAME_MAX_];	/* as passed to --size ("" for an external command) */
	char kind[16];		/* the bench's: cpu, memory or io */
	long tasks;		/* as its runs reported, for throughput; 0 until known */
	int workers;
	int oversubscribed;	/* more workers than online CPUs */
	const char *cmd;	/* an external command's template, or NULL for a bench */
	int baseline;		/* index of the point whose median is this one's T_serial */

	double *times;		/* seconds of the measured runs that succeeded */
	double *per_task_ns;	/* overhead's per-task cost, one per measured run */
	size_t n, cap;
	int failures;
	int attempts;		/* measured runs tried, failed ones included: the next rep number */
	int dropped;		/* no longer scheduled: it failed again and again */
	char result[160];	/* the first result= it reported */

	struct summary s;
	int ci_met;		/* the CI of the median is within 5% of it */
	double speedup, speedup_low, speedup_high, efficiency, karp_flatt;
};

struct run {
	int point;
	int rep;		/* 0 for the warm-up */
	long tasks;		/* -1 when the run did not say */
	double seconds, user_s, sys_s;
	double wall_s;		/* fork to reap, as the runner saw it: process start included */
	const char *status;	/* "ok", "warmup", "failed" */
	char reason[200];
};

struct fits {
	char bench[NAME_MAX_], variant[NAME_MAX_];
	double amdahl_f, usl_sigma, usl_kappa, usl_peak;	/* NAN when not enough points */
};

struct sweep {
	struct point *pts;
	size_t npts;
	struct run *runs;
	size_t nruns, cap;
	struct fits *fits;
	size_t nfits;
	int cpus;		/* online CPUs */
	int weak;		/* --scaling weak */
	int interrupted;
	double measuring_s;	/* wall time of the measuring loop, for the runner's own cost */
};

/* Derive every point's summary and speedup, and the fits per (bench, variant). */
void sweep_analyse(struct sweep *sw);
int sweep_failed_runs(const struct sweep *sw);
/* Free what the sweep's arrays and points hold; the sweep itself is the caller's. */
void sweep_free(struct sweep *sw);

#endif
