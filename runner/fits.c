/* fits.c: Amdahl's law and the USL, fitted to a (bench, variant)'s core points only where the
 * data can carry them, each parameter with a 95% percentile-bootstrap CI over the runs.
 * Only core points: past the physical cores, workers share a core's units (smt), time-share CPUs
 * (oversubscribed) or wait for tasks (beyond), and neither law models that. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bootstrap.h"
#include "fit.h"
#include "lib/msg.h"
#include "sweep.h"

#define FIT_MAX_POINTS 64

/* The runs behind point i's median: its own, or for an estimated serial time, those of the point
 * it was scaled from, times the scale. */
static const double *point_runs(const struct sweep *sw, size_t i, size_t *n, double *scale)
{
	const struct point *p = &sw->pts[i];

	*scale = 1;
	if (p->estimated) {
		*scale = p->scale;
		p = &sw->pts[p->scaled_from];
	}
	*n = p->n;
	return p->times;
}

struct series {
	size_t pt[FIT_MAX_POINTS];	/* the core points fitted, and their baselines */
	size_t n;
	double p[FIT_MAX_POINTS], s[FIT_MAX_POINTS];
};

static void series_fit(const struct series *se, struct fits *f, double *amdahl, double *sigma,
		       double *kappa, double *peak)
{
	*amdahl = *sigma = *kappa = *peak = NAN;
	if (fit_amdahl(se->p, se->s, se->n, amdahl) != 0)
		*amdahl = NAN;
	/* Two parameters: at least three worker counts above 1, so that the fit has a residual. */
	if (f->counts >= 4 && fit_usl(se->p, se->s, se->n, sigma, kappa, peak) != 0)
		*sigma = *kappa = *peak = NAN;
}

/* One bootstrap replicate of every speedup in the series: each point's runs and its baseline's
 * resampled, the baseline once per replicate however many points share it. */
static int series_resample(const struct sweep *sw, const struct series *se, struct boot *b,
			   double *scratch, size_t room, double *speedup)
{
	double med[FIT_MAX_POINTS];
	size_t base[FIT_MAX_POINTS], nb = 0;
	double base_med[FIT_MAX_POINTS];

	for (size_t k = 0; k < se->n; k++) {
		size_t bi = (size_t)sw->pts[se->pt[k]].baseline, n, j;
		double scale;
		const double *x;

		for (j = 0; j < nb && base[j] != bi; j++)
			;
		if (j == nb) {
			x = point_runs(sw, bi, &n, &scale);
			if (!n || n > room)
				return -1;
			base[nb] = bi;
			base_med[nb++] = scale * boot_median(b, x, n, scratch);
		}
		x = point_runs(sw, se->pt[k], &n, &scale);
		if (!n || n > room)
			return -1;
		med[k] = scale * boot_median(b, x, n, scratch);
		speedup[k] = base_med[j] / med[k];
	}
	return 0;
}

static void fits_bootstrap(const struct sweep *sw, struct series *se, struct fits *f)
{
	double *rep = malloc(4 * BOOT_REPLICATES * sizeof *rep), *scratch, *fa, *fs, *fk, *fp;
	struct series r = *se;
	struct boot b;
	size_t n = 0, room = 1;

	for (size_t i = 0; i < sw->npts; i++)	/* the most runs any point has */
		room = sw->pts[i].n > room ? sw->pts[i].n : room;
	scratch = malloc(room * sizeof *scratch);
	if (!rep || !scratch) {
		msg_errno("malloc");	/* the fit stands; its CIs stay NAN */
		goto out_free;
	}
	fa = rep;
	fs = rep + BOOT_REPLICATES;
	fk = rep + 2 * BOOT_REPLICATES;
	fp = rep + 3 * BOOT_REPLICATES;
	boot_init(&b, 0x2545f4914f6cdd1dull);
	for (int i = 0; i < BOOT_REPLICATES; i++) {
		if (series_resample(sw, se, &b, scratch, room, r.s) != 0)
			break;
		series_fit(&r, f, &fa[n], &fs[n], &fk[n], &fp[n]);
		n++;
	}
	boot_interval(fa, n, &f->amdahl_lo, &f->amdahl_hi);
	if (!isnan(f->usl_sigma)) {
		boot_interval(fs, n, &f->sigma_lo, &f->sigma_hi);
		boot_interval(fk, n, &f->kappa_lo, &f->kappa_hi);
		boot_interval(fp, n, &f->peak_lo, &f->peak_hi);
	}
out_free:
	free(scratch);
	free(rep);
}

static void fits_series(struct sweep *sw, const char *bench, const char *variant, struct fits *f)
{
	struct series se = { .n = 0 };
	int memory = 0;

	memset(f, 0, sizeof *f);
	strcpy(f->bench, bench);
	strcpy(f->variant, variant);
	f->amdahl_f = f->amdahl_lo = f->amdahl_hi = NAN;
	f->usl_sigma = f->sigma_lo = f->sigma_hi = f->usl_kappa = f->kappa_lo = f->kappa_hi = NAN;
	f->usl_peak = f->peak_lo = f->peak_hi = NAN;
	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *q = &sw->pts[i];

		if (strcmp(q->bench, bench) || strcmp(q->variant, variant) || !(q->speedup > 0))
			continue;
		memory = catalog_kind(q->kind) == KIND_MEMORY;
		if (q->workers > f->maxw)
			f->maxw = q->workers;
		if (strcmp(q->label, "core") || q->workers <= 1 || se.n == FIT_MAX_POINTS)
			continue;
		if (q->workers > f->fitmax)
			f->fitmax = q->workers;
		se.pt[se.n] = i;
		se.p[se.n] = q->workers;
		se.s[se.n++] = q->speedup;
	}
	/* The plan has one point per count. Serial is the count 1: S(1) = 1 anchors both laws. */
	f->counts = (int)se.n + 1;
	if (memory) {
		f->why = "memory-bound: no serial fraction to fit (see the bandwidth plot)";
		return;
	}
	if (sw->weak) {
		f->why = "weak scaling: Amdahl's law and the USL model a fixed amount of work";
		return;
	}
	if (f->counts < 3) {
		f->why = "too few worker counts to fit";
		return;
	}
	series_fit(&se, f, &f->amdahl_f, &f->usl_sigma, &f->usl_kappa, &f->usl_peak);
	fits_bootstrap(sw, &se, f);
}

void sweep_fit(struct sweep *sw)
{
	free(sw->fits);
	sw->fits = calloc(sw->npts ? sw->npts : 1, sizeof *sw->fits);
	sw->nfits = 0;
	for (size_t i = 0; sw->fits && i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];
		size_t k;

		if (point_is_baseline(sw, i))
			continue;	/* serial itself */
		for (k = 0; k < sw->nfits; k++)
			if (!strcmp(sw->fits[k].bench, p->bench) && !strcmp(sw->fits[k].variant, p->variant))
				break;
		if (k == sw->nfits)
			fits_series(sw, p->bench, p->variant, &sw->fits[sw->nfits++]);
	}
}
