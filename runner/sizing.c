/* sizing.c: what a sweep gives each bench, the same for all its variants: its size (under
 * --size auto, calibrated for this machine), its task count, and, when it has fewer tasks than
 * the sweep has workers, the worker counts that show its plateau. */
#include "sizing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "plan.h"

int sizing_auto(const struct points *pl)
{
	return !strcmp(pl->size, "auto");
}

/* The largest worker count labelled core: what the sizes are made for. */
static int sizing_max_core(const struct points *pl)
{
	int m = 1;

	for (int k = 0; k < pl->nworkers; k++)
		if (!strcmp(plan_label(pl->topo, 0, pl->workers[k]), "core") && pl->workers[k] > m)
			m = pl->workers[k];
	return m;
}

/* The base size: as asked, or (auto) the one whose serial run takes the target here. */
int sizing_size(struct points *pl, const struct bench_info *bi, struct bench_plan *bp,
		char *why, size_t len)
{
	double target = calibrate_target(sizing_max_core(pl)), small_s;

	if (!sizing_auto(pl) || !bi->size_auto) {
		/* The size asked for, or under auto a fixed bench's small (a quarter, quick). */
		bp->base = bi->size;
		if (sizing_auto(pl) && pl->quick)
			bp->base = bi->size / 4 ? bi->size / 4 : 1;
		bp->serial_s = bi->medium ? catalog_work_ratio(bi, (double)bi->medium,
							       (double)bp->base) : 1.0;
		snprintf(why, len, sizing_auto(pl) ? "small%s: its size is its tasks, which auto "
			 "leaves alone" : "as asked (--size %s)", sizing_auto(pl) ? pl->quick ?
			 " / 4 (quick)" : "" : pl->size);
		/* Weak scaling plans its serial runs from what one takes here, not a nominal time. */
		if (pl->sw->weak && !pl->cal.dry &&
		    calibrate_time(&pl->cal, bi, bp->base, &bp->serial_s) != 0)
			return -1;
		return 0;
	}
	if (pl->quick)
		target /= 4;	/* a smoke sweep needs no precision */
	if (calibrate_size(&pl->cal, bi, target, &bp->base, &small_s) != 0)
		return -1;
	/* What the calibration run says the chosen size takes (short of target when size_max
	 * stopped it), for weak scaling's plans. */
	bp->serial_s = small_s * catalog_work_ratio(bi, (double)bi->small, (double)bp->base);
	snprintf(why, len, "auto: aims at %.3f s serially; size small (%lu) took %.3f s %s", target,
		 (unsigned long)bi->small, small_s, pl->cal.dry ? "by its nominal time" : "here");
	return 0;
}

/* The task count every point of a bench gets: at least 16 x the most workers it runs, by the
 * bench's own rule, so that no worker count runs out of tasks; up to the bench's real limit
 * (its rows) where it has one. I/O benches keep theirs: there tasks are the work itself. */
void sizing_tasks(const struct points *pl, const struct bench_info *bi, int maxw,
		  struct bench_plan *bp)
{
	long want = 16L * maxw;

	bp->tasks[0] = '\0';
	if (pl->tasks) {
		snprintf(bp->tasks, sizeof bp->tasks, "%s", pl->tasks);
		return;
	}
	if (bi->kind_of == KIND_IO || bi->tasks_max <= 0)
		return;	/* an older bench that does not say: its own */
	if (want < bi->tasks_default)
		want = bi->tasks_default;
	if (want > bi->tasks_max)
		want = bi->tasks_max;
	snprintf(bp->tasks, sizeof bp->tasks, "%ld", want);
}

/* A bench that runs out of tasks (its limit L below the sweep's largest count) is swept up to
 * 2L, with L and 2L themselves, so its plateau shows; more would only repeat it. Returns how
 * many counts are in *out (malloc'd, sorted), or -1 after a message. */
int sizing_workers(const int *list, int n, long limit, int **out)
{
	int m = 0, top = list[n - 1];

	if (!(*out = malloc((size_t)(n + 2) * sizeof **out))) {
		msg_errno("malloc");
		return -1;
	}
	for (int k = 0; k < n; k++)
		if (limit <= 0 || limit >= top || list[k] <= 2 * limit)
			(*out)[m++] = list[k];
	for (long e = limit; limit > 0 && limit < top && e <= 2 * limit && e <= top; e += limit) {
		int at = 0;

		while (at < m && (*out)[at] < e)
			at++;
		if (at < m && (*out)[at] == e)
			continue;
		memmove(*out + at + 1, *out + at, (size_t)(m - at) * sizeof **out);
		(*out)[at] = (int)e;
		m++;
	}
	return m;
}
