/* datfiles.c: the gnuplot data, one file per bench and quantity, each a block per variant (gnuplot:
 * index i) in sweep_variants' order, a row per worker count; serial is no block. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output.h"

/* Point i's row, or nothing when it has no value for this file. */
typedef void (*dat_row)(FILE *f, const struct sweep *sw, size_t i);

static int dat_write(const struct sweep *sw, const char *dir, const char *bench,
		     const char *suffix, const char *what, const char *columns, dat_row row)
{
	const char *variants[64];
	size_t nv = sweep_variants(sw, bench, variants, 64);
	char name[128];
	struct outfile o;

	snprintf(name, sizeof name, "%s%s.dat", bench, suffix);
	if (outfile_open(&o, dir, name) != 0)
		return -1;
	fprintf(o.f, "# %s: %s; one block per variant (gnuplot: index i), in the order:", bench,
		what);
	for (size_t v = 0; v < nv; v++)
		fprintf(o.f, " %s", variants[v]);
	fprintf(o.f, "\n");
	for (size_t v = 0; v < nv; v++) {
		fprintf(o.f, "%s# variant %s\n# workers %s\n", v ? "\n\n" : "", variants[v], columns);
		for (size_t i = 0; i < sw->npts; i++) {
			const struct point *p = &sw->pts[i];

			if (!strcmp(p->bench, bench) && !strcmp(p->variant, variants[v]) &&
			    !point_is_baseline(sw, i))
				row(o.f, sw, i);
		}
	}
	return outfile_commit(&o);
}

static void speedup_row(FILE *f, const struct sweep *sw, size_t i)
{
	const struct point *p = &sw->pts[i];

	if (!p->n)
		return;
	fprintf(f, "%d %.4f %.4f %.4f %.4f %.6f %.1f %.1f %.1f\n", p->workers, p->speedup,
		p->speedup_low, p->speedup_high, p->efficiency, p->s.median,
		p->tasks > 0 ? p->tasks / p->s.median : NAN,
		p->tasks > 0 ? p->tasks / p->s.ci_high : NAN,
		p->tasks > 0 ? p->tasks / p->s.ci_low : NAN);
}

static void value_row(FILE *f, int workers, double x)
{
	if (!isnan(x))
		fprintf(f, "%d %.9g\n", workers, x);
}

static void cost_row(FILE *f, const struct sweep *sw, size_t i)
{
	const struct point *p = &sw->pts[i];
	struct summary s;

	if (!p->n || !p->has_cost)
		return;
	stats_summarize(p->per_task_ns, p->n, &s);
	value_row(f, p->workers, s.median);
}

static void start_row(FILE *f, const struct sweep *sw, size_t i)
{
	value_row(f, sw->pts[i].workers, sweep_start_median(sw, i));
}

static void bandwidth_row(FILE *f, const struct sweep *sw, size_t i)
{
	const struct point *p = &sw->pts[i];
	struct summary s;

	if (!p->n || !p->has_gbps)
		return;
	stats_summarize(p->gbps, p->n, &s);
	fprintf(f, "%d %.4f %.4f %.4f\n", p->workers, s.median, s.ci_low, s.ci_high);
}

static int bench_has_gbps(const struct sweep *sw, const char *bench)
{
	for (size_t i = 0; i < sw->npts; i++)
		if (!strcmp(sw->pts[i].bench, bench) && sw->pts[i].has_gbps)
			return 1;
	return 0;
}

int output_dat(const struct sweep *sw, const char *dir)
{
	const char *benches[64];
	size_t nb = sweep_benches(sw, benches, 64);
	int err = 0;

	for (size_t b = 0; b < nb; b++) {
		const char *bench = benches[b];

		err |= dat_write(sw, dir, bench, "", "speedup and throughput", "speedup low high "
				 "efficiency median_s tasks_per_s tasks_per_s_low tasks_per_s_high",
				 speedup_row);
		if (sweep_has_cost(sw, bench))
			err |= dat_write(sw, dir, bench, "-cost", "median per-task cost in ns", "cost",
					 cost_row);
		if (bench_has_gbps(sw, bench))
			err |= dat_write(sw, dir, bench, "-bandwidth", "bandwidth (gbytes_per_s as the "
					 "bench reported it)", "gbps_median gbps_ci_low gbps_ci_high",
					 bandwidth_row);
		if (sweep_has_start(sw, bench))
			err |= dat_write(sw, dir, bench, "-start", "median start-up (start_s) in seconds",
					 "start", start_row);
	}
	return err ? -1 : 0;
}
