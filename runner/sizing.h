/* sizing.h: a bench's size, tasks and worker counts for one sweep (sizing.c). */
#ifndef PARBENCH_SIZING_H
#define PARBENCH_SIZING_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "points.h"

/* What is fixed for a bench across its points: its base size, serial time and task count. */
struct bench_plan {
	const struct bench_info *bi;	/* at the base size and task count */
	uint64_t base;			/* the size, or weak scaling's size at 1 worker */
	double serial_s;		/* the serial time expected at base */
	char tasks[24];			/* --tasks for every point; "" for the bench's own */
};

/* --size auto: each bench's size is chosen for this machine. */
int sizing_auto(const struct points *pl);
/* bp->base and bp->serial_s: the size asked for, or under auto the one whose serial run takes
 * max(0.1 s, 10 ms x the most core workers), from one calibration run at small (bi is --info at
 * small); a bench whose --info says size_auto=no stays at small. why says which, in words.
 * Returns 0, or -1 after a message. */
int sizing_size(struct points *pl, const struct bench_info *bi, struct bench_plan *bp,
		char *why, size_t len);
/* bp->tasks: --tasks as given, or at least 16 x maxw by the bench's rule, capped at its
 * tasks_max; "" (its own) for I/O benches and benches that do not say. */
void sizing_tasks(const struct points *pl, const struct bench_info *bi, int maxw,
		  struct bench_plan *bp);
/* The counts of list (n, sorted) up to 2 x limit, with limit and 2 x limit added: the plateau
 * of a bench that has only `limit` tasks. Returns how many are in *out (malloc'd), or -1 after
 * a message. */
int sizing_workers(const int *list, int n, long limit, int **out);

#endif
