/* sweep.h: the runner's data. A point is one configuration (bench, variant, workers, size);
 * a run is one measurement of a point. */
#ifndef PARBENCH_SWEEP_H
#define PARBENCH_SWEEP_H

#include <stddef.h>

#include "catalog.h"
#include "spawn.h"
#include "stats.h"

#define SWEEP_NAME 32	/* a bench, variant or size, with its NUL */

struct point {
	char bench[SWEEP_NAME];
	char variant[SWEEP_NAME];
	char size[SWEEP_NAME];	/* as passed to --size ("" for an external command) */
	char kind[16];		/* the bench's: cpu, memory or io */
	struct variant_traits traits;	/* its variant's (catalog.h); all 0 for an external command */
	long tasks;		/* as its runs reported, for throughput; 0 until known */
	char tasks_arg[24];	/* --tasks for its runs, the same for a bench's every point ("" none) */
	int workers;
	char label[16];		/* core, smt, oversubscribed or beyond (plan.h) */
	int oversubscribed;	/* more workers than effective CPUs: the label is not core or smt */
	long parallelism;	/* the bench's: no more workers than this can help (0: no limit) */
	double nominal_s;	/* its serial time by the bench's nominal sizes (medium ~1 s) */
	double setup_bytes;	/* what the bench's setup writes before each run, for estimates */
	char byproduct[32];	/* the flag of what the first serial run writes, "" for none */
	char byproduct_file[64];
	char byproduct_plot[16];	/* which plot draws it: "heatmap" or "image" */
	const char *cmd;	/* an external command's template, or NULL for a bench */
	int baseline;		/* index of the point whose median is this one's T_serial */
	/* Weak scaling, a serial run too long to make: an estimated point is not run; its times
	 * are those of point scaled_from times `scale`, the work's ratio. */
	int estimated;
	int scaled_from;
	double scale;

	double *times;		/* seconds of the measured runs that succeeded */
	double *per_task_ns;	/* a per-task cost, one per measured run, when the bench reports one */
	int has_cost;		/* its runs printed per_task_ns */
	double *gbps;		/* bandwidth, one per measured run, when the bench reports gbytes_per_s */
	int has_gbps;
	size_t n, cap;
	int failures;
	size_t outliers;	/* runs whose modified z-score exceeds 3.5 (stats_outliers) */
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
	int steal_flagged;	/* lost more than 2% of its CPU time to steal */
	long tasks;		/* -1 when the run did not say */
	double seconds;		/* the time the sweep uses (struct sweep's timing) */
	double start_s, compute_s, finish_s, whole_s;	/* the run's phases; NAN when not said */
	double user_s, sys_s;
	double wall_s;		/* fork to reap, as the runner saw it: process start included */
	double steal_s;		/* CPU time the hypervisor stole from all CPUs during the run */
	struct spawn_usage use;	/* wait4's rusage: memory, page faults, context switches */
	double per_task_ns, gbps;	/* the bench's per_task_ns and gbytes_per_s; NAN when not said */
	double sync_s;		/* the bench's sync_s, its waits between steps; NAN when not said */
	char *cpus;		/* the bench's cpus=: where each worker ran (malloc'd, or NULL) */
	const char *status;	/* "ok", "warmup", "failed" */
	char reason[200];
};

/* The laws fitted to one (bench, variant)'s core points (fits.c), each parameter with its 95%
 * percentile-bootstrap CI over the runs. NAN where there was nothing to fit. */
struct fits {
	char bench[SWEEP_NAME], variant[SWEEP_NAME];
	int counts;		/* distinct worker counts among its core points, 1 included */
	int fitmax;		/* the largest of them: the fits hold from 1 to here */
	int maxw;		/* the largest worker count it was measured at */
	const char *why;	/* why nothing was fitted, or NULL */
	double amdahl_f, amdahl_lo, amdahl_hi;
	double usl_sigma, sigma_lo, sigma_hi, usl_kappa, kappa_lo, kappa_hi;
	double usl_peak, peak_lo, peak_hi;	/* peak_hi INFINITY: no peak in some resamples */
};

struct sweep {
	struct point *pts;
	size_t npts;
	struct run *runs;
	size_t nruns, cap;
	struct fits *fits;
	size_t nfits;
	int cpus;		/* effective CPUs (topo.h) */
	int cores;		/* physical cores among them */
	const char *bind;	/* the placement policy every run was given */
	int weak;		/* --scaling weak */
	int whole;		/* --time whole: runs are timed start to finish, not compute alone */
	int interrupted;
	double measuring_s;	/* wall time of the measuring loop, for the runner's own cost */
};

/* Whether point i is its bench's baseline run (its serial), which the tables, plots and fits
 * leave out of the variants; a command's own 1-worker baseline is not: it is drawn (sweep.c). */
int point_is_baseline(const struct sweep *sw, size_t i);
/* The distinct benches, in order of first appearance; returns how many (at most max). */
size_t sweep_benches(const struct sweep *sw, const char **names, size_t max);
/* The distinct non-baseline variants of a bench, in order. */
size_t sweep_variants(const struct sweep *sw, const char *bench, const char **names, size_t max);
/* The bench's first point of this variant and worker count, or NULL. */
const struct point *sweep_find_point(const struct sweep *sw, const char *bench,
				     const char *variant, int workers);
/* The distinct worker counts of a bench's points, in order of first appearance, at most max;
 * with skip_baseline, those of its baseline (point_is_baseline) left out. Returns how many. */
int sweep_workers(const struct sweep *sw, const char *bench, int skip_baseline, int *workers,
		  int max);
/* Keep a measured run that succeeded among p's: its time and rates (up to p->cap of them). */
void sweep_point_add(struct point *p, const struct run *r);
/* The label of a bench's points with this many workers (they all share it), "core" if none. */
const char *sweep_label(const struct sweep *sw, const char *bench, int workers);
/* How many runs of point i lost more than 2% of the machine to steal (runonce.c flags them). */
int sweep_steal_flagged(const struct sweep *sw, size_t i);
/* "compute phase" or "whole run": what every time and speedup of the sweep measures. */
const char *sweep_timing(const struct sweep *sw);
/* The run's resources as runs.csv and summary.csv name them: one list, in column order. */
#define USAGE_FIELDS 5
struct usage_field {
	const char *name;	/* max_rss_kib, minflt, majflt, nvcsw, nivcsw */
	const char *what;	/* in words, for the report */
	double (*value)(const struct run *r);
};
extern const struct usage_field usage_field[USAGE_FIELDS];

/* The median of value(run) over point i's measured runs (NAN values left out); NAN when none. */
double sweep_run_median(const struct sweep *sw, size_t i, double (*value)(const struct run *));
/* The median start-up (start_s) of point i's measured runs; NAN when none said. */
double sweep_start_median(const struct sweep *sw, size_t i);
/* Whether a bench's runs reported their start-up (start_s; an external command does not). */
int sweep_has_start(const struct sweep *sw, const char *bench);
/* Whether a bench's runs reported a per-task cost (per_task_ns), drawn as <bench>.png. */
int sweep_has_cost(const struct sweep *sw, const char *bench);
/* Derive every point's summary, outliers and speedup, and the fits per (bench, variant). */
void sweep_analyse(struct sweep *sw);
/* The fits per (bench, variant), from the points' speedups (fits.c; sweep_analyse calls it). */
void sweep_fit(struct sweep *sw);
int sweep_failed_runs(const struct sweep *sw);
/* Free what the sweep's arrays and points hold; the sweep itself is the caller's. */
void sweep_free(struct sweep *sw);

#endif
