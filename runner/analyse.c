/* analyse.c: from run times to summaries, outliers, speedups with conservative CIs, and fits
 * (fits.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "sweep.h"

void sweep_point_add(struct point *p, const struct run *r)
{
	if (p->n >= p->cap)
		return;
	p->times[p->n] = r->seconds;
	p->per_task_ns[p->n] = r->per_task_ns;
	p->gbps[p->n] = r->gbps;
	p->has_cost |= !isnan(r->per_task_ns);
	p->has_gbps |= !isnan(r->gbps);
	p->n++;
}

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

void sweep_analyse(struct sweep *sw)
{
	for (size_t i = 0; i < sw->npts; i++) {
		struct point *p = &sw->pts[i];

		stats_summarize(p->times, p->n, &p->s);
		p->outliers = stats_outliers(p->times, p->n, NULL);
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

	sweep_fit(sw);
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

double sweep_run_median(const struct sweep *sw, size_t i, double (*value)(const struct run *))
{
	double *v = malloc((sw->nruns ? sw->nruns : 1) * sizeof *v), m = NAN;
	size_t n = 0;

	for (size_t r = 0; v && r < sw->nruns; r++)
		if (sw->runs[r].point == (int)i && !strcmp(sw->runs[r].status, "ok") &&
		    !isnan(value(&sw->runs[r])))
			v[n++] = value(&sw->runs[r]);
	if (n) {
		struct summary s;

		stats_summarize(v, n, &s);
		m = s.median;
	}
	free(v);
	return m;
}

static double use_rss(const struct run *r) { return (double)r->use.max_rss_kib; }
static double use_minflt(const struct run *r) { return (double)r->use.minflt; }
static double use_majflt(const struct run *r) { return (double)r->use.majflt; }
static double use_nvcsw(const struct run *r) { return (double)r->use.nvcsw; }
static double use_nivcsw(const struct run *r) { return (double)r->use.nivcsw; }

const struct usage_field usage_field[USAGE_FIELDS] = {
	{ "max_rss_kib", "peak memory of the largest process (KiB)", use_rss },
	{ "minflt", "minor page faults", use_minflt },
	{ "majflt", "major page faults", use_majflt },
	{ "nvcsw", "voluntary context switches", use_nvcsw },
	{ "nivcsw", "involuntary context switches", use_nivcsw },
};

static double run_start(const struct run *r)
{
	return r->start_s;
}

double sweep_start_median(const struct sweep *sw, size_t i)
{
	return sweep_run_median(sw, i, run_start);
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
		free(sw->pts[i].gbps);
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
