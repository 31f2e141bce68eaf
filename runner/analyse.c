/* analyse.c: from run times to summaries, speedups with conservative CIs, and fits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "sweep.h"

int sweep_failed_runs(const struct sweep *sw)
{
	int n = 0;

	for (size_t i = 0; i < sw->nruns; i++)
		n += strcmp(sw->runs[i].status, "failed") == 0;
	return n;
}

static void point_speedup(struct sweep *sw, struct point *p)
{
	const struct point *b = &sw->pts[p->baseline];

	p->speedup = p->speedup_low = p->speedup_high = p->efficiency = p->karp_flatt = NAN;
	if (p->n == 0 || !(b->s.median > 0))
		return;
	p->speedup = b->s.median / p->s.median;
	/* Conservative: the slowest baseline over the fastest run, and the other way round. */
	p->speedup_low = b->s.ci_low / p->s.ci_high;
	p->speedup_high = b->s.ci_high / p->s.ci_low;
	p->efficiency = p->speedup / p->workers;
	p->karp_flatt = fit_karp_flatt(p->speedup, p->workers);
}

/* Fits use the core points only: past the physical cores, workers share a core's units (smt),
 * time-share CPUs (oversubscribed) or wait for tasks (beyond), and neither law models that. */
static void fit_series(struct sweep *sw, const char *bench, const char *variant, struct fits *f)
{
	double p[256], s[256];
	size_t n = 0;

	memset(f, 0, sizeof *f);
	strcpy(f->bench, bench);
	strcpy(f->variant, variant);
	f->amdahl_f = f->usl_sigma = f->usl_kappa = f->usl_peak = NAN;
	for (size_t i = 0; i < sw->npts && n < 256; i++) {
		const struct point *q = &sw->pts[i];

		if (strcmp(q->bench, bench) || strcmp(q->variant, variant) ||
		    strcmp(q->label, "core") || !(q->speedup > 0))
			continue;
		p[n] = q->workers;
		s[n++] = q->speedup;
	}
	if (fit_amdahl(p, s, n, &f->amdahl_f) != 0)
		f->amdahl_f = NAN;
	if (fit_usl(p, s, n, &f->usl_sigma, &f->usl_kappa, &f->usl_peak) != 0)
		f->usl_sigma = f->usl_kappa = f->usl_peak = NAN;
}

void sweep_analyse(struct sweep *sw)
{
	for (size_t i = 0; i < sw->npts; i++) {
		struct point *p = &sw->pts[i];

		stats_summarize(p->times, p->n, &p->s);
		/* Both ends of the 95% CI within 5% of the median. */
		p->ci_met = p->n > 0 && p->s.ci_exact && p->s.ci_low >= 0.95 * p->s.median &&
			    p->s.ci_high <= 1.05 * p->s.median;
	}
	/* Estimated serial times: the measured one's, scaled by the work (points.c). */
	for (size_t i = 0; i < sw->npts; i++) {
		struct point *p = &sw->pts[i];
		const struct point *from;

		if (!p->estimated)
			continue;
		from = &sw->pts[p->scaled_from];
		p->s = from->s;
		p->s.median *= p->scale;
		p->s.ci_low *= p->scale;
		p->s.ci_high *= p->scale;
		p->s.min *= p->scale;
		p->s.max *= p->scale;
		p->ci_met = from->ci_met;
	}
	for (size_t i = 0; i < sw->npts; i++)
		point_speedup(sw, &sw->pts[i]);

	free(sw->fits);
	sw->fits = calloc(sw->npts ? sw->npts : 1, sizeof *sw->fits);
	sw->nfits = 0;
	for (size_t i = 0; sw->fits && i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];
		size_t k;

		if (p->baseline == (int)i && !p->cmd)
			continue;	/* serial itself */
		for (k = 0; k < sw->nfits; k++)
			if (!strcmp(sw->fits[k].bench, p->bench) && !strcmp(sw->fits[k].variant, p->variant))
				break;
		if (k == sw->nfits)
			fit_series(sw, p->bench, p->variant, &sw->fits[sw->nfits++]);
	}
}

const char *sweep_label(const struct sweep *sw, const char *bench, int workers)
{
	for (size_t i = 0; i < sw->npts; i++)
		if (!strcmp(sw->pts[i].bench, bench) && sw->pts[i].workers == workers)
			return sw->pts[i].label;
	return "core";
}

int sweep_steal_flagged(const struct sweep *sw, size_t i)
{
	int n = 0;

	for (size_t r = 0; r < sw->nruns; r++)
		n += sw->runs[r].point == (int)i && sw->runs[r].steal_flagged;
	return n;
}

const char *sweep_timing(const struct sweep *sw)
{
	return sw->whole ? "whole run" : "compute phase";
}

double sweep_start_median(const struct sweep *sw, size_t i)
{
	double *v = malloc((sw->nruns ? sw->nruns : 1) * sizeof *v), m = NAN;
	size_t n = 0;

	for (size_t r = 0; v && r < sw->nruns; r++)
		if (sw->runs[r].point == (int)i && !strcmp(sw->runs[r].status, "ok") &&
		    !isnan(sw->runs[r].start_s))
			v[n++] = sw->runs[r].start_s;
	if (n) {
		struct summary s;

		stats_summarize(v, n, &s);
		m = s.median;
	}
	free(v);
	return m;
}

int sweep_has_start(const struct sweep *sw, const char *bench)
{
	for (size_t i = 0; i < sw->npts; i++)
		if (!strcmp(sw->pts[i].bench, bench) && !isnan(sweep_start_median(sw, i)))
			return 1;
	return 0;
}

int sweep_has_cost(const struct sweep *sw, const char *bench)
{
	for (size_t i = 0; i < sw->npts; i++)
		if (!strcmp(sw->pts[i].bench, bench) && sw->pts[i].has_cost)
			return 1;
	return 0;
}

void sweep_free(struct sweep *sw)
{
	for (size_t i = 0; sw->pts && i < sw->npts; i++) {
		free(sw->pts[i].times);
		free(sw->pts[i].per_task_ns);
	}
	for (size_t i = 0; sw->runs && i < sw->nruns; i++)
		free(sw->runs[i].cpus);
	free(sw->pts);
	free(sw->runs);
	free(sw->fits);
	sw->pts = NULL;
	sw->runs = NULL;
	sw->fits = NULL;
	sw->npts = sw->nruns = sw->cap = sw->nfits = 0;
}
