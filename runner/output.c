/* output.c: the CSV files, runs.csv, summary.csv and fits.csv (the gnuplot .dat files:
 * datfiles.c; the stdout tables: tables.c; writing each file atomically: outfile.c). */
#include "output.h"

#include <stdio.h>

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
