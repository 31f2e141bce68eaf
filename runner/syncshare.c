/* syncshare.c: what synchronisation costs, for a bench in steps: its runs' sync_s (the time the
 * workers waited between steps, summed over them and divided by W) as a share of their compute
 * time, per variant and worker count. A bag of independent tasks never waits between steps and
 * says nothing, so neither does its report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "report.h"
#include "stats.h"

/* The median over point i's measured runs of sync_s, and of sync_s / compute_s. Returns how many
 * runs said sync_s. */
static size_t sync_median(const struct sweep *sw, size_t i, double *sync, double *share)
{
	double *s = malloc((sw->nruns ? sw->nruns : 1) * 2 * sizeof *s), *f;
	struct summary sum;
	size_t n = 0;

	if (!s)
		return 0;	/* out of memory: the section is left out, nothing is claimed */
	f = s + (sw->nruns ? sw->nruns : 1);
	for (size_t r = 0; r < sw->nruns; r++) {
		const struct run *run = &sw->runs[r];

		if (run->point != (int)i || strcmp(run->status, "ok") || isnan(run->sync_s) ||
		    !(run->compute_s > 0))
			continue;
		s[n] = run->sync_s;
		f[n++] = run->sync_s / run->compute_s;
	}
	if (n) {
		stats_summarize(s, n, &sum);
		*sync = sum.median;
		stats_summarize(f, n, &sum);
		*share = sum.median;
	}
	free(s);
	return n;
}

static int bench_has_sync(const struct sweep *sw, const char *bench)
{
	for (size_t r = 0; r < sw->nruns; r++)
		if (!isnan(sw->runs[r].sync_s) && !strcmp(sw->pts[sw->runs[r].point].bench, bench))
			return 1;
	return 0;
}

void report_sync(FILE *f, const struct sweep *sw, const char *bench)
{
	const char *variants[64];
	size_t nv = sweep_variants(sw, bench, variants, 64);

	if (!bench_has_sync(sw, bench))
		return;
	fprintf(f, "\nSynchronisation: `sync_s`, the time the workers waited between steps (at a "
		   "barrier, at the end of a step's parallel-for, or for MPI's halo rows), summed "
		   "over the workers and divided by W; the median over runs, and in brackets its "
		   "median share of the run's compute time:\n\n| variant | workers: sync_s (share) |\n"
		   "|---|---|\n");
	for (size_t v = 0; v < nv; v++) {
		int any = 0;

		for (size_t i = 0; i < sw->npts; i++) {
			const struct point *p = &sw->pts[i];
			double sync, share;

			if (strcmp(p->bench, bench) || strcmp(p->variant, variants[v]) ||
			    p->workers < 2 || !sync_median(sw, i, &sync, &share))
				continue;
			if (!any++)
				fprintf(f, "| %s | ", variants[v]);
			else
				fprintf(f, ", ");
			fprintf(f, "%d: %.4f s (%.1f%%)", p->workers, sync, 100 * share);
		}
		if (any)
			fprintf(f, " |\n");
	}
}
