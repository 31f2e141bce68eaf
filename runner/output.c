/* output.c: runs.csv, summary.csv, fits.csv and the stdout tables (the gnuplot .dat files:
 * datfiles.c; writing each file atomically: outfile.c). */
#include "output.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* CSV fields here never hold commas or quotes except a failure's reason: quote that one. */
static void csv_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s == '\n' ? ' ' : *s, f);
	}
	fputc('"', f);
}

int output_runs_csv(const struct sweep *sw, const char *dir)
{
	struct outfile o;

	if (outfile_open(&o, dir, "runs.csv") != 0)
		return -1;
	fprintf(o.f, "bench,variant,workers,size,tasks,rep,seconds,user_s,sys_s,status,reason,"
		     "label,bind,cpus,steal_s,time,start_s,compute_s,finish_s,whole_s");
	for (int k = 0; k < USAGE_FIELDS; k++)
		fprintf(o.f, ",%s", usage_field[k].name);
	fprintf(o.f, ",per_task_ns,gbytes_per_s,kind,parallelism,source,steal_flagged,sync_s\n");
	for (size_t i = 0; i < sw->nruns; i++) {
		const struct run *r = &sw->runs[i];
		const struct point *p = &sw->pts[r->point];

		fprintf(o.f, "%s,%s,%d,%s,", p->bench, p->variant, p->workers, p->size);
		if (r->tasks >= 0)
			fprintf(o.f, "%ld", r->tasks);
		fprintf(o.f, ",%d,%.6f,%.3f,%.3f,%s,", r->rep, r->seconds, r->user_s, r->sys_s, r->status);
		csv_quoted(o.f, r->reason);
		/* cpus= is a comma list: quoted. --cmd runs are not placed. */
		fprintf(o.f, ",%s,%s,", p->label, p->cmd ? "none" : sw->bind ? sw->bind : "");
		csv_quoted(o.f, r->cpus ? r->cpus : "");
		/* seconds is the time the sweep used (time=); the phases as the run reported them. */
		fprintf(o.f, ",%.3f,%s,%.6f,%.6f,%.6f,%.6f", r->steal_s, sw->whole ? "whole" : "compute",
			r->start_s, r->compute_s, r->finish_s, r->whole_s);
		for (int k = 0; k < USAGE_FIELDS; k++)
			fprintf(o.f, ",%.0f", usage_field[k].value(r));
		/* source: a bench, or an external command (--cmd), which was not placed. */
		fprintf(o.f, ",%.6g,%.6g,%s,%ld,%s,%d,%.6g\n", r->per_task_ns, r->gbps, p->kind,
			p->parallelism, p->cmd ? "command" : "bench", r->steal_flagged, r->sync_s);
	}
	return outfile_commit(&o);
}

static double run_steal(const struct run *r)
{
	return r->steal_s;
}

static double run_sync(const struct run *r)
{
	return r->sync_s;
}

int output_summary_csv(const struct sweep *sw, const char *dir)
{
	struct outfile o;

	if (outfile_open(&o, dir, "summary.csv") != 0)
		return -1;
	fprintf(o.f, "bench,variant,workers,n,median_s,ci_low_s,ci_high_s,min_s,max_s,speedup,"
		     "speedup_low,speedup_high,efficiency,karp_flatt,oversubscribed,"
		     "mean_s,sd_s,q1_s,q3_s,ci_within_5pct,size,failures,label,steal_flagged,time,"
		     "start_s,serial,outliers,steal_s");
	for (int k = 0; k < USAGE_FIELDS; k++)
		fprintf(o.f, ",%s", usage_field[k].name);
	fprintf(o.f, ",sync_s\n");
	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];
		const struct summary *s = &p->s;

		fprintf(o.f, "%s,%s,%d,%zu,%.6f,%.6f,%.6f,%.6f,%.6f,%.4f,%.4f,%.4f,%.4f,%.4f,%d,"
			     "%.6f,%.6f,%.6f,%.6f,%d,%s,%d,%s,%d,%s,%.6f,%s",
			p->bench, p->variant, p->workers, s->n, s->median, s->ci_low, s->ci_high,
			s->min, s->max, p->speedup, p->speedup_low, p->speedup_high, p->efficiency,
			p->karp_flatt, p->oversubscribed, s->mean, s->sd, s->q1, s->q3, p->ci_met,
			p->size, p->failures, p->label, sweep_steal_flagged(sw, i),
			sw->whole ? "whole" : "compute", sweep_start_median(sw, i),
			sw->pts[p->baseline].estimated ? "estimated" : "measured");
		fprintf(o.f, ",%zu,%.3f", p->outliers, sweep_run_median(sw, i, run_steal));
		for (int k = 0; k < USAGE_FIELDS; k++)
			fprintf(o.f, ",%.0f", sweep_run_median(sw, i, usage_field[k].value));
		fprintf(o.f, ",%.6g\n", sweep_run_median(sw, i, run_sync));
	}
	return outfile_commit(&o);
}

int output_fits_csv(const struct sweep *sw, const char *dir)
{
	struct outfile o;

	if (outfile_open(&o, dir, "fits.csv") != 0)
		return -1;
	/* The first six columns as before the CIs, so that older readers still find them. */
	fprintf(o.f, "bench,variant,amdahl_f,usl_sigma,usl_kappa,usl_peak,amdahl_f_low,"
		     "amdahl_f_high,usl_sigma_low,usl_sigma_high,usl_kappa_low,usl_kappa_high,"
		     "usl_peak_low,usl_peak_high,worker_counts,fitted_to,not_fitted\n");
	for (size_t i = 0; i < sw->nfits; i++) {
		const struct fits *f = &sw->fits[i];

		fprintf(o.f, "%s,%s,%.6f,%.6f,%.6f,%.3f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.3f,%d,%d,",
			f->bench, f->variant, f->amdahl_f, f->usl_sigma, f->usl_kappa, f->usl_peak,
			f->amdahl_lo, f->amdahl_hi, f->sigma_lo, f->sigma_hi, f->kappa_lo,
			f->kappa_hi, f->peak_lo, f->peak_hi, f->counts, f->fitmax);
		csv_quoted(o.f, f->why ? f->why : "");
		fputc('\n', o.f);
	}
	return outfile_commit(&o);
}

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
