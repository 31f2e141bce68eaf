/* usage.c: what wait4's rusage says that explains a curve, in words: involuntary context switches
 * that climb once the workers outnumber the CPUs (they time-share), and a variant that takes
 * many times the page faults of another on the same work (each process faulting its own pages
 * in, or copies on write). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "report.h"

/* The median of the rusage field called name over a point's runs; NAN when it has none. */
static double point_usage(const struct sweep *sw, const char *bench, const char *variant,
			  int workers, const char *name)
{
	int k = 0;

	while (k < USAGE_FIELDS && strcmp(usage_field[k].name, name))
		k++;
	for (size_t i = 0; k < USAGE_FIELDS && i < sw->npts; i++)
		if (sw->pts[i].workers == workers && !strcmp(sw->pts[i].bench, bench) &&
		    !strcmp(sw->pts[i].variant, variant))
			return sweep_run_median(sw, i, usage_field[k].value);
	return NAN;
}

void report_usage(FILE *f, const struct sweep *sw, const char *bench)
{
	const char *variants[64];
	size_t nv = sweep_variants(sw, bench, variants, 64);
	int said = 0, top = 0;

	for (size_t v = 0; v < nv; v++) {
		int in = 0, over = 0;
		double a, b;

		for (size_t i = 0; i < sw->npts; i++) {
			const struct point *p = &sw->pts[i];

			if (strcmp(p->bench, bench) || strcmp(p->variant, variants[v]) || !p->n)
				continue;
			if (p->workers <= sw->cpus && p->workers > in)
				in = p->workers;
			if (p->workers > sw->cpus && p->workers > over)
				over = p->workers;
			top = p->workers > top ? p->workers : top;
		}
		a = point_usage(sw, bench, variants[v], in, "nivcsw");
		b = point_usage(sw, bench, variants[v], over, "nivcsw");
		/* A rise of a few switches is noise: only hundreds a run tell of time-sharing. */
		if (in && over && b >= 5 * fmax(a, 1) && b >= 100) {
			fprintf(f, "%s %s: involuntary context switches rise %.0fx past the %d effective "
				"CPUs (median `nivcsw` %.0f at %d workers, %.0f at %d)",
				said++ ? ";" : "\nResources (medians of `runs.csv`'s rusage columns):",
				variants[v], b / fmax(a, 1), sw->cpus, a, in, b, over);
		}
	}
	for (size_t v = 0; v < nv; v++) {	/* page faults against the fewest, at the most workers */
		double mine = point_usage(sw, bench, variants[v], top, "minflt"), least = INFINITY;
		const char *who = NULL;

		for (size_t w = 0; w < nv; w++) {
			double x = point_usage(sw, bench, variants[w], top, "minflt");

			if (x > 0 && x < least) {
				least = x;
				who = variants[w];
			}
		}
		if (who && mine >= 3 * least && mine - least >= 1000)
			fprintf(f, "%s %s takes %.1fx the minor page faults of %s at %d workers (%.0f "
				"against %.0f)", said++ ? ";" : "\nResources (medians of `runs.csv`'s "
				"rusage columns):", variants[v], mine / least, who, top, mine, least);
	}
	if (said)
		fprintf(f, ".\n");
}
