/* tables.c: the speedup tables a sweep prints on stdout, a bench each: a row per worker count,
 * a column per variant, each cell a speedup with its CI (output_speedup, which report.md's
 * tables share). */
#include "output.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Two decimals, or two significant digits below 0.1 (Python against C: 0.0029, not 0.00). */
static void num2(double x, char *buf, size_t len)
{
	snprintf(buf, len, fabs(x) < 0.095 && x != 0 ? "%.2g" : "%.2f", x);
}

void output_speedup(const struct sweep *sw, const struct point *p, const char *comma,
		    const char *space, char *buf, size_t len)
{
	char s[16], lo[16], hi[16];

	num2(p->speedup, s, sizeof s);
	num2(p->speedup_low, lo, sizeof lo);
	num2(p->speedup_high, hi, sizeof hi);
	snprintf(buf, len, "%s [%s%s%s]%s%s%s%s", s, lo, comma, hi, p->ci_met ? "" : space,
		 p->ci_met ? "" : "~", sw->pts[p->baseline].estimated ? space : "",
		 sw->pts[p->baseline].estimated ? "e" : "");
}

static const struct point *find_point(const struct sweep *sw, const char *bench,
				      const char *variant, int workers)
{
	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];

		if (p->workers == workers && !strcmp(p->bench, bench) && !strcmp(p->variant, variant) &&
		    !(point_is_baseline(sw, i) && !p->traits.baseline))
			return p;
	}
	return NULL;
}

/* What the bench's speedups are over, its baseline's time, and the column heads. */
static void table_heading(const struct sweep *sw, const char *bench, const char **variants,
			  size_t nv, FILE *f)
{
	const struct point *base = NULL;

	for (size_t i = 0; i < sw->npts && !base; i++)
		if (!strcmp(sw->pts[i].bench, bench))
			base = &sw->pts[sw->pts[i].baseline];
	if (!base)
		return;	/* not a bench of this sweep */
	fprintf(f, "\n%s: speedup over %s (median, 95%% CI; times of the %s)", bench,
		base->cmd ? "its 1-worker run" : base->variant, sweep_timing(sw));
	if (base->n && !sw->weak)
		fprintf(f, "; %s baseline %.4f s [%.4f, %.4f], n=%zu",
			base->cmd ? "1-worker" : base->variant, base->s.median, base->s.ci_low,
			base->s.ci_high, base->s.n);
	else if (sw->weak)
		fprintf(f, "; weak scaling: the work grows with workers, serial re-measured at each "
			"size (or, past --timeout, estimated from 1 worker's: marked e)");
	fprintf(f, "\n%8s", "workers");
	for (size_t v = 0; v < nv; v++)
		fprintf(f, "  %-20s", variants[v]);
	fprintf(f, "\n");
}

/* One worker count's row. Returns whether its label is marked (not core). */
static int table_row(const struct sweep *sw, const char *bench, const char **variants,
		     size_t nv, int workers, FILE *f)
{
	const char *label = sweep_label(sw, bench, workers);
	char mark = !strcmp(label, "smt") ? '+' : !strcmp(label, "oversubscribed") ? '*' :
		    !strcmp(label, "beyond") ? '>' : ' ';

	fprintf(f, "%7d%c", workers, mark);
	for (size_t v = 0; v < nv; v++) {
		const struct point *p = find_point(sw, bench, variants[v], workers);
		char cell[64];

		if (!p || (p->n == 0 && !p->failures))
			snprintf(cell, sizeof cell, "-");	/* not measured */
		else if (isnan(p->speedup))
			snprintf(cell, sizeof cell, "failed");
		else
			output_speedup(sw, p, ",", "", cell, sizeof cell);
		fprintf(f, "  %-20s", cell);
	}
	fprintf(f, "\n");
	return mark != ' ';
}

void output_tables(const struct sweep *sw, FILE *f)
{
	const char *benches[64];
	size_t nb = sweep_benches(sw, benches, 64);

	for (size_t b = 0; b < nb; b++) {
		const char *variants[64];
		size_t nv = sweep_variants(sw, benches[b], variants, 64);
		int workers[256], nw = sweep_workers(sw, benches[b], sw->weak, workers, 256), over = 0;

		table_heading(sw, benches[b], variants, nv, f);
		for (int k = 0; k < nw; k++)
			over |= table_row(sw, benches[b], variants, nv, workers[k], f);
		if (over)
			fprintf(f, "  + smt: more workers than the %d physical cores;  * oversubscribed: "
				"more than the %d effective CPUs;  > beyond: more than the bench's tasks\n",
				sw->cores, sw->cpus);
	}
	fprintf(f, "\n  ~ the CI of the median did not come within 5%% of it by --max-repeat runs\n");
}
