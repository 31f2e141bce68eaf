/* plotlaws.c: the two plots that draw a law next to the data: the fits (Amdahl and the USL, over
 * the worker counts they were fitted on, dashed to the largest measured) and a memory-bound
 * bench's bandwidth (1 worker's times W, and the ceiling measured). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "plot.h"
#include "stats.h"

/* Append " word" (or "word" first) to a list of at most len bytes. */
static void list_add(char *list, size_t len, const char *fmt, double x)
{
	size_t k = strlen(list);

	if (k && k + 1 < len)
		list[k++] = ' ';
	snprintf(list + k, len - k, fmt, x);
}

int plot_fits(struct plotter *pl, FILE *list, const struct sweep *sw, const char *bench,
	      const char *dir, const char *assign)
{
	const char *variants[64];
	size_t nv = sweep_variants(sw, bench, variants, 64);
	char lists[6][1024] = { "", "", "", "", "", "" }, extra[20000];
	int nfit = 0;

	for (size_t v = 0; v < nv; v++) {
		const struct fits *x = NULL;

		for (size_t k = 0; k < sw->nfits && !x; k++)
			if (!strcmp(sw->fits[k].bench, bench) && !strcmp(sw->fits[k].variant, variants[v]))
				x = &sw->fits[k];
		if (!x || x->why || isnan(x->amdahl_f))
			continue;	/* drawn are only the variants fitted: blocks names them */
		nfit++;
		list_add(lists[0], 1024, "%.0f", (double)v + 1);
		/* Outside [0, 1) the law has no meaning (superlinear, or a slowdown) and its curve a
		 * pole: not drawn. */
		list_add(lists[1], 1024, "%.6g", x->amdahl_f >= 0 && x->amdahl_f < 1 ? x->amdahl_f : NAN);
		list_add(lists[2], 1024, "%.6g", x->usl_sigma);
		list_add(lists[3], 1024, "%.6g", x->usl_kappa);
		list_add(lists[4], 1024, "%.0f", x->fitmax);
		list_add(lists[5], 1024, "%.0f", x->maxw);
	}
	if (!nfit)
		return 0;
	snprintf(extra, sizeof extra, "%s; blocks='%s'; amdahl='%s'; sigma='%s'; kappa='%s'; "
		 "fitto='%s'; measured='%s'; out='%s-fits.png'", assign, lists[0], lists[1], lists[2],
		 lists[3], lists[4], lists[5], bench);
	return plot_one(pl, list, dir, "fits.gp", extra) != 0;
}

int plot_bandwidth_facts(const struct sweep *sw, const char *bench, struct bandwidth *bw)
{
	int any = 0;

	memset(bw, 0, sizeof *bw);
	bw->serial = NAN;
	bw->lowest = INFINITY;
	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];
		struct summary s;

		if (strcmp(p->bench, bench) || !p->has_gbps || !p->n)
			continue;
		stats_summarize(p->gbps, p->n, &s);
		any = 1;
		if (point_is_baseline(sw, i))
			bw->serial = s.median;
		if (s.median > bw->ceiling) {
			bw->ceiling = s.median;
			bw->variant = p->variant;
			bw->workers = p->workers;
		}
		bw->lowest = fmin(bw->lowest, s.ci_low);
		bw->most = p->workers > bw->most ? p->workers : bw->most;
	}
	return any && !isnan(bw->serial) ? 0 : -1;
}

int plot_bandwidth(struct plotter *pl, FILE *list, const struct sweep *sw, const char *bench,
		   const char *dir, const char *assign)
{
	char extra[20000];
	struct bandwidth bw;

	if (plot_bandwidth_facts(sw, bench, &bw) != 0)
		return 0;
	snprintf(extra, sizeof extra, "%s; dat='%s-bandwidth.dat'; out='%s-bandwidth.png'; "
		 "bw1=%.6g; ceiling=%.6g; blo=%.6g", assign, bench, bench, bw.serial, bw.ceiling,
		 bw.lowest);
	return plot_one(pl, list, dir, "bandwidth.gp", extra) != 0;
}
