/* report.c: report.md: the machine, a table and plots per bench, the fits in words, failures. */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "plot.h"

static int exists_in(const char *dir, const char *name)
{
	char path[1200];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return access(path, R_OK) == 0;
}

/* What starting the workers cost at the most workers each variant ran (start_s, median). */
static void report_start(FILE *f, const struct sweep *sw, const char *bench)
{
	const char *variants[64];
	size_t nv = sweep_variants(sw, bench, variants, 64);
	int said = 0;

	for (size_t v = 0; v < nv; v++) {
		size_t best = sw->npts;
		double t;

		for (size_t i = 0; i < sw->npts; i++)
			if (!strcmp(sw->pts[i].bench, bench) && !strcmp(sw->pts[i].variant, variants[v]) &&
			    (best == sw->npts || sw->pts[i].workers > sw->pts[best].workers))
				best = i;
		if (best == sw->npts || isnan(t = sweep_start_median(sw, best)))
			continue;
		fprintf(f, "%s %s %.3f ms at %d workers", said++ ? "," : "\nStart-up (median `start_s`, "
			"until every worker is ready; not in the compute times):", variants[v], 1e3 * t,
			sw->pts[best].workers);
	}
	if (said)
		fprintf(f, ".\n");
}

/* The bench's plots that were drawn, in the order a reader wants them. */
static void report_images(FILE *f, const struct sweep *sw, const char *dir, const char *bench)
{
	static const char *const plots[][2] = {
		{ "-speedup", "speedup" }, { "-efficiency", "efficiency" }, { "-fits", "fits" },
		{ "-bandwidth", "bandwidth" }, { "-throughput", "throughput" },
		{ "", "per-task cost" }, { "-start", "start-up" },
	};
	char img[200];

	for (size_t k = 0; k < sizeof plots / sizeof plots[0]; k++) {
		snprintf(img, sizeof img, "%s%s.png", bench, plots[k][0]);
		/* <bench>.png is the cost plot only for a bench that reported one. */
		if (exists_in(dir, img) && (plots[k][0][0] || sweep_has_cost(sw, bench)))
			fprintf(f, "![%s %s](%s)\n", bench, plots[k][1], img);
	}
}

/* The baseline's median and CI, which every speedup of the bench divides (none when weak). */
static void report_baseline(FILE *f, const struct sweep *sw, const char *bench)
{
	for (size_t i = 0; i < sw->npts && !sw->weak; i++) {
		const struct point *p = &sw->pts[i];

		if (!strcmp(p->bench, bench) && p->baseline == (int)i)
			fprintf(f, "Baseline (%s): median %.4f s, 95%% CI [%.4f, %.4f], n = %zu.\n\n",
				p->cmd ? "its 1-worker run" : p->variant, p->s.median, p->s.ci_low,
				p->s.ci_high, p->s.n);
	}
}

/* One worker count's row of the speedup table. */
static void report_row(FILE *f, const struct sweep *sw, const char *bench,
		       const char **variants, size_t nv, int workers)
{
	const char *label = sweep_label(sw, bench, workers);

	fprintf(f, "| %d%s%s |", workers, strcmp(label, "core") ? " " : "",
		strcmp(label, "core") ? label : "");
	for (size_t v = 0; v < nv; v++) {
		const struct point *p = sweep_find_point(sw, bench, variants[v], workers);

		if (!p || (p->n == 0 && !p->failures))
			fprintf(f, " - |");
		else if (isnan(p->speedup))
			fprintf(f, " failed |");
		else {
			char cell[80];

			output_speedup(sw, p, ", ", " ", cell, sizeof cell);
			fprintf(f, " %s |", cell);
		}
	}
	fprintf(f, "\n");
}

static void report_table(FILE *f, const struct sweep *sw, const char *bench)
{
	const char *variants[64];
	size_t nv = sweep_variants(sw, bench, variants, 64);
	int workers[256], nw = sweep_workers(sw, bench, 1, workers, 256);

	fprintf(f, "Speedup, median and 95%% CI%s:\n\n| workers |",
		sw->weak ? " (weak scaling: scaled speedup)" : "");
	for (size_t v = 0; v < nv; v++)
		fprintf(f, " %s |", variants[v]);
	fprintf(f, "\n|---|");
	for (size_t v = 0; v < nv; v++)
		fprintf(f, "---|");
	fprintf(f, "\n");
	for (int k = 0; k < nw; k++)
		report_row(f, sw, bench, variants, nv, workers[k]);
	fprintf(f, "\n");
}

static void report_bench(FILE *f, const struct sweep *sw, const char *dir, const char *bench)
{
	char img[200];

	fprintf(f, "\n## %s\n\n", bench);
	report_baseline(f, sw, bench);
	report_table(f, sw, bench);
	report_images(f, sw, dir, bench);
	report_start(f, sw, bench);
	if (plot_byproduct_png(sw, bench, img, sizeof img) == 0 && exists_in(dir, img))
		fprintf(f, "![%s by-product](%s)\n", bench, img);

	report_bandwidth(f, sw, bench);
	report_sync(f, sw, bench);
	report_fits(f, sw, bench);
	report_outliers(f, sw, bench);
	report_usage(f, sw, bench);
}

/* The points whose runs lost more than 2% of the machine to steal (runonce.c flags them). */
static void report_steal(FILE *f, const struct sweep *sw)
{
	int flagged = 0;
	double total = 0;

	for (size_t i = 0; i < sw->nruns; i++) {
		total += sw->runs[i].steal_s;
		flagged += sw->runs[i].steal_flagged;
	}
	if (!flagged)
		return;
	fprintf(f, "\n**Steal:** the hypervisor took %.2f s of CPU time during the runs; %d run(s) "
		   "lost more than 2%% of the machine's CPU time to it (`steal_s` in `runs.csv`):\n\n",
		total, flagged);
	for (size_t i = 0; i < sw->npts; i++) {
		int n = sweep_steal_flagged(sw, i);

		if (n)
			fprintf(f, "- %s %s, %d workers: %d run(s)\n", sw->pts[i].bench,
				sw->pts[i].variant, sw->pts[i].workers, n);
	}
}

/* The machine, the sweep's settings, the placement and what the times measure. */
static void report_front(FILE *f, const struct sweep *sw, const char *dir, const char *machine,
			 const char *method)
{
	fprintf(f, "# parbench results\n\n**Machine:** %s (details in `machine.txt`).\n\n%s"
		     "\n\n**Sweep:** %s.%s\n", machine, exists_in(dir, "machine.png") ?
		     "![the machine's cores, caches and NUMA nodes, drawn by hwloc's lstopo](machine.png)" :
		     "No topology picture: hwloc's `lstopo` (Debian package `hwloc`; `hwloc-nox` draws no "
		     "PNG) could not draw one here.", method,
		sw->interrupted ? " **Interrupted: these are the results measured until then.**" : "");
	fprintf(f, "\n**Placement:** `--bind %s`. Labels: `core` up to the %d physical cores, "
		     "`smt` past them up to the hardware threads, `oversubscribed` past the %d "
		     "effective CPUs, `beyond` past a bench's own parallelism (its task count); the "
		     "first that applies wins.\n", sw->bind ? sw->bind : "spread", sw->cores, sw->cpus);
	fprintf(f, "\n**Times:** the %s. %s Each run's `start_s`, `compute_s` and `finish_s` "
		     "(which sum to its `whole_s`) are in `runs.csv`.\n", sweep_timing(sw), sw->whole ?
		     "From the program's start of its workers to their teardown: what a user waits "
		     "for (`--time whole`)." : "From the moment every worker is started, placed and "
		     "ready until the last result is in; starting and tearing down the workers is "
		     "left out (`--time whole` counts them).");
}

/* The failed runs, a row each, then how many points missed a CI within 5%. */
static void report_failures(FILE *f, const struct sweep *sw)
{
	int failed = sweep_failed_runs(sw), unmet = 0;

	fprintf(f, "\n## Failures\n\n");
	if (!failed)
		fprintf(f, "None: every run succeeded and reported serial's result.\n");
	else
		fprintf(f, "%d run(s) failed:\n\n| bench | variant | workers | rep | reason |\n"
			     "|---|---|---|---|---|\n", failed);
	for (size_t i = 0; i < sw->nruns; i++) {
		const struct run *r = &sw->runs[i];
		const struct point *p = &sw->pts[r->point];

		if (!strcmp(r->status, "failed"))
			fprintf(f, "| %s | %s | %d | %d | %s |\n", p->bench, p->variant, p->workers,
				r->rep, r->reason);
	}
	for (size_t i = 0; i < sw->npts; i++)
		unmet += sw->pts[i].n > 0 && !sw->pts[i].ci_met;
	if (unmet)
		fprintf(f, "\n%d point(s) did not reach a CI within 5%% of the median; "
			     "see `summary.csv` (ci_within_5pct = 0).\n", unmet);
}

int report_write(const struct sweep *sw, const char *dir, const char *machine, const char *method,
		 const char *sizing, const char *warnings)
{
	const char *benches[64];
	size_t nb = sweep_benches(sw, benches, 64);
	struct outfile o;

	if (outfile_open(&o, dir, "report.md") != 0)
		return -1;
	report_front(o.f, sw, dir, machine, method);
	if (sizing && sizing[0]) {
		fprintf(o.f, "\n**Sizes and tasks:**\n\n");
		for (const char *l = sizing; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0))
			fprintf(o.f, "- %.*s\n", (int)strcspn(l, "\n"), l);
	}
	if (warnings && warnings[0])
		fprintf(o.f, "\n**What may distort these numbers:**\n\n%s", warnings);
	report_steal(o.f, sw);
	fprintf(o.f, "\nSpeedup S(p) = median serial time / median time on p workers; its CI is "
		     "built from the two medians' 95%% CIs (Hoefler and Belli, SC'15). "
		     "`~` marks a point whose CI did not come within 5%% of its median%s.\n",
		sw->weak ? "; `e`, one whose serial time is estimated from 1 worker's by the work's "
		"ratio, since running it would pass --timeout" : "");
	for (size_t b = 0; b < nb; b++)
		report_bench(o.f, sw, dir, benches[b]);
	report_failures(o.f, sw);
	return outfile_commit(&o);
}
