/* calibrate.h: --size auto, a size per machine. */
#ifndef PARBENCH_CALIBRATE_H
#define PARBENCH_CALIBRATE_H

#include <signal.h>
#include <stdint.h>

#include "catalog.h"

struct calibration {
	const char *bin, *bind;	/* where the benches are; --bind for the run */
	int whole;		/* time the whole run, not its compute phase */
	int dry;		/* plan only: trust the nominal small (~0.1 s) instead of running */
	double timeout_s;
	volatile sig_atomic_t *stop;
};

/* The serial time a sweep's sizes aim at: max(0.1 s, 10 ms x the largest worker count among
 * those labelled core), so that starting the workers stays small beside the work. */
double calibrate_target(int max_core_workers);
/* The size of bench (bi as --info said at its small size) whose serial run takes about target
 * seconds: one serial run at small, not counted, times the work here, and the size follows by
 * the bench's work_power. *small_s is what that run took (or the nominal 0.1 s when dry).
 * Returns 0, or -1 after a message (the run failed). */
int calibrate_size(const struct calibration *c, const struct bench_info *bi, double target,
		   uint64_t *size, double *small_s);
/* One serial run of the bench at size, not counted: *t is its time (compute_s, or seconds when
 * timing the whole or when the bench only says that). Returns 0, or -1 after a message. */
int calibrate_time(const struct calibration *c, const struct bench_info *bi, uint64_t size,
		   double *t);

#endif
