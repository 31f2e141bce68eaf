/* reading.c: what report.md says in words about a bench: its fits (a claim only where its 95% CI
 * supports it, and the CI quoted with it), its bandwidth ceiling and its outliers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootstrap.h"
#include "lib/msg.h"
#include "plot.h"
#include "report.h"
#include "stats.h"

/* One plain-words reading of an Amdahl fit, the ceiling claimed only when the CI keeps f inside
 * (0, 1). */
static void amdahl_reading(const struct fits *x, char *buf, size_t len)
{
	double f = x->amdahl_f, lo = x->amdahl_lo, hi = x->amdahl_hi;
	char said[96];

	if (isnan(f)) {
		snprintf(buf, len, "no Amdahl fit");
		return;
	}
	if (isnan(lo) || isnan(hi)) {	/* the runs could not be resampled */
		snprintf(buf, len, "serial fraction %.1f%%, without a CI: no limit is claimed", 100 * f);
		return;
	}
	snprintf(said, sizeof said, "serial fraction %.1f%% (95%% CI [%.1f%%, %.1f%%])", 100 * f,
		 100 * lo, 100 * hi);
	if (lo >= 1)
		snprintf(buf, len, "%s: no faster than serial on any number of cores", said);
	else if (hi < 0)
		snprintf(buf, len, "%s: below 0, a speedup above the workers (superlinear: caches, or "
			 "less work per worker), which Amdahl's law does not model: no limit is "
			 "claimed", said);
	else if (lo > 0 && hi < 1)
		snprintf(buf, len, "%s: at most %.3gx on any number of cores (95%% CI [%.3gx, %.3gx])",
			 said, 1 / f, 1 / hi, 1 / lo);
	else
		snprintf(buf, len, "%s: the CI %s, so these points set no ceiling", said,
			 lo <= 0 ? "includes 0" : "reaches 100% (no speedup at all)");
}

static void usl_reading(const struct fits *x, char *buf, size_t len)
{
	int k;

	if (isnan(x->usl_sigma)) {
		snprintf(buf, len, " No USL fit: its two parameters need 4 worker counts.");
		return;
	}
	if (isnan(x->sigma_lo) || isnan(x->kappa_lo)) {
		snprintf(buf, len, " USL: sigma %.4f, kappa %.5f, without CIs: no peak is claimed.",
			 x->usl_sigma, x->usl_kappa);
		return;
	}
	k = snprintf(buf, len, " USL: sigma %.4f [%.4f, %.4f], kappa %.5f [%.5f, %.5f]",
		     x->usl_sigma, x->sigma_lo, x->sigma_hi, x->usl_kappa, x->kappa_lo, x->kappa_hi);
	if (k < 0 || (size_t)k >= len)
		return;
	/* A peak is claimed only when both CIs keep the law in its own terms: contention and
	 * coherence costs that are not negative, and a peak in every resample. */
	if (x->sigma_lo < 0)
		snprintf(buf + k, len - k, "; sigma's CI goes below 0 (superlinear), which the USL "
			 "does not model: no peak is claimed.");
	else if (x->kappa_lo > 0 && isfinite(x->peak_lo) && isfinite(x->peak_hi) &&
		 !isnan(x->usl_peak))
		snprintf(buf + k, len - k, "; speedup peaks near %.0f workers (95%% CI [%.0f, %.0f])%s.",
			 x->usl_peak, x->peak_lo, x->peak_hi, x->usl_peak > x->fitmax ?
			 ", past the counts fitted on: a prediction" : "");
	else
		snprintf(buf + k, len - k, "; no peak can be claimed (%s).", x->kappa_lo > 0 ?
			 "some resamples have none" : "kappa's CI reaches 0");
}

/* Why a fit was not made, in words; the count of worker counts where that was the reason. */
static void report_why(const struct fits *x, const struct sweep *sw, char *buf, size_t len)
{
	int room = sw->cores < sw->cpus ? sw->cores : sw->cpus;

	if (strcmp(x->why, "too few worker counts to fit"))
		snprintf(buf, len, "%s", x->why);
	else if (room < 3)
		snprintf(buf, len, "%s (need 3 up to the physical cores; this machine has %d)",
			 x->why, room);
	else
		snprintf(buf, len, "%s (need 3 up to the physical cores; this sweep measured %d "
			 "there)", x->why, x->counts);
}

/* The bench's fits, one line per variant; or one line for them all when none could be made for
 * the same reason. */
void report_fits(FILE *f, const struct sweep *sw, const char *bench)
{
	const struct fits *first = NULL;
	char amdahl[320], usl[320];
	int all_same = 1;

	for (size_t k = 0; k < sw->nfits; k++) {
		const struct fits *x = &sw->fits[k];

		if (strcmp(x->bench, bench))
			continue;
		if (!first)
			first = x;
		all_same &= x->why && first->why && !strcmp(x->why, first->why);
	}
	if (!first)
		return;
	if (all_same) {
		report_why(first, sw, amdahl, sizeof amdahl);
		fprintf(f, "\nFits: %s.\n", amdahl);
		return;
	}
	fprintf(f, "\nFits (over the `core` points only, up to the %d physical cores; each 95%% CI "
		   "from %d bootstrap resamples of the runs):\n\n",
		sw->cores < sw->cpus ? sw->cores : sw->cpus, BOOT_REPLICATES);
	for (size_t k = 0; k < sw->nfits; k++) {
		const struct fits *x = &sw->fits[k];

		if (strcmp(x->bench, bench))
			continue;
		if (x->why) {
			report_why(x, sw, amdahl, sizeof amdahl);
			fprintf(f, "- %s: %s.\n", x->variant, amdahl);
			continue;
		}
		amdahl_reading(x, amdahl, sizeof amdahl);
		usl_reading(x, usl, sizeof usl);
		fprintf(f, "- %s, fitted on 1-%d workers (%d counts): %s.%s\n", x->variant, x->fitmax,
			x->counts, amdahl, usl);
	}
}

void report_bandwidth(FILE *f, const struct sweep *sw, const char *bench)
{
	struct bandwidth bw;

	if (plot_bandwidth_facts(sw, bench, &bw) != 0)
		return;
	fprintf(f, "\nBandwidth (`gbytes_per_s`, median): serial %.2f GB/s; the highest measured "
		   "%.2f GB/s (%s, %d workers), %.1fx serial's. ", bw.serial, bw.ceiling, bw.variant,
		bw.workers, bw.ceiling / bw.serial);
	/* A ceiling is one only if more workers were tried and did not beat it. */
	if (bw.workers < bw.most)
		fprintf(f, "Serial's bandwidth times W reaches it at W = %.1f, and up to %d workers no "
			   "more was measured: the memory system's ceiling here.\n",
			bw.ceiling / bw.serial, bw.most);
	else
		fprintf(f, "That is at the most workers measured, so no ceiling was reached: the "
			   "sweep stopped first.\n");
}

void report_outliers(FILE *f, const struct sweep *sw, const char *bench)
{
	int said = 0, runs = 0;

	for (size_t i = 0; i < sw->npts; i++)
		runs += !strcmp(sw->pts[i].bench, bench) ? (int)sw->pts[i].outliers : 0;
	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];
		size_t k = 0;
		int *flag;

		if (strcmp(p->bench, bench) || !p->outliers)
			continue;
		if (said == 8) {	/* enough to see the pattern; summary.csv has the rest */
			fprintf(f, "; and more in `summary.csv`");
			break;
		}
		if (!(flag = malloc(p->n * sizeof *flag))) {
			msg_errno("malloc");
			break;
		}
		stats_outliers(p->times, p->n, flag);
		if (!said)
			fprintf(f, "\nOutliers (modified z-score on the MAD above 3.5; still counted in "
				"the medians): %d run(s), `outliers` in `summary.csv`:", runs);
		fprintf(f, "%s %s at %d worker%s:", said++ ? ";" : "", p->variant, p->workers,
			p->workers == 1 ? "" : "s");
		for (size_t r = 0; r < sw->nruns; r++) {	/* the point's ok runs, in order */
			const struct run *run = &sw->runs[r];

			if (run->point != (int)i || strcmp(run->status, "ok"))
				continue;
			if (k < p->n && flag[k])
				fprintf(f, " rep %d (%.4g s, median %.4g s)", run->rep, run->seconds,
					p->s.median);
			k++;
		}
		free(flag);
	}
	if (said)
		fprintf(f, ".\n");
}
