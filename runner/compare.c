/* compare.c: read two results folders (summary.csv and runs.csv), pair their points, test each
 * pair's runs, print and write the comparison and draw one overlay plot per bench. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootstrap.h"
#include "catalog.h"
#include "csv.h"
#include "lib/args.h"
#include "lib/msg.h"
#include "output.h"
#include "plot.h"
#include "ranktest.h"
#include "results.h"

/* A point's measured times, from a folder's runs.csv (malloc'd x; n = 0 when none). */
struct samples {
	double *x;
	size_t n;
};

static int runs_of(const struct csv_table *t, const struct results_row *r, struct samples *s)
{
	int cb = csv_column(t, "bench"), cv = csv_column(t, "variant"), cw = csv_column(t, "workers");
	int cs = csv_column(t, "status"), ct = csv_column(t, "seconds"), cz = csv_column(t, "size");

	s->n = 0;
	s->x = malloc((t->nrows ? t->nrows : 1) * sizeof *s->x);
	if (!s->x) {
		msg_errno("malloc");
		return -1;
	}
	/* The size too: under weak scaling serial ran at several, all at 1 worker. */
	for (size_t i = 0; i < t->nrows; i++)
		if (!strcmp(csv_cell(t, i, cs), "ok") && atoi(csv_cell(t, i, cw)) == r->workers &&
		    !strcmp(csv_cell(t, i, cb), r->bench) && !strcmp(csv_cell(t, i, cv), r->variant) &&
		    (cz < 0 || !strcmp(csv_cell(t, i, cz), r->size)))
			s->x[s->n++] = strtod(csv_cell(t, i, ct), NULL);
	return 0;
}

/* dir/runs.csv, or an empty table (after a warning) when the folder has none. */
static int runs_read(const char *dir, struct csv_table *t)
{
	char path[1200];

	snprintf(path, sizeof path, "%s/runs.csv", dir);
	if (access(path, F_OK) != 0) {
		msg_warn("warning: %s has no runs.csv: its points get no CI and no test", dir);
		memset(t, 0, sizeof *t);
		return 0;
	}
	return csv_read(dir, "runs.csv", t);
}

/* B's median over A's with its 95% bootstrap CI, and the Mann-Whitney p-value of the two sets
 * of runs; the verdict comes from the ratio's CI alone: "faster" when it lies below 1 (B takes
 * less time), "slower" above, else "no difference". */
struct verdict {
	double ratio, lo, hi, u, p;
	const char *word;
};

static void compare_runs(const struct samples *a, const struct samples *b, double ma, double mb,
			 struct verdict *v)
{
	double rep[BOOT_REPLICATES], *scratch;
	struct boot bt;

	v->ratio = mb / ma;
	v->lo = v->hi = v->u = v->p = NAN;
	v->word = "no runs";
	if (!a->n || !b->n)
		return;
	scratch = malloc((a->n > b->n ? a->n : b->n) * sizeof *scratch);
	if (!scratch) {
		msg_errno("malloc");
		return;
	}
	boot_init(&bt, 0x9e3779b97f4a7c15ull);
	for (int i = 0; i < BOOT_REPLICATES; i++) {
		double da = boot_median(&bt, a->x, a->n, scratch);

		rep[i] = boot_median(&bt, b->x, b->n, scratch) / da;
	}
	free(scratch);
	boot_interval(rep, BOOT_REPLICATES, &v->lo, &v->hi);
	if (rank_mann_whitney(b->x, b->n, a->x, a->n, &v->u, &v->p) != 0)
		v->u = v->p = NAN;
	v->word = v->hi < 1 ? "faster" : v->lo > 1 ? "slower" : "no difference";
}

/* r's point in t: the same (bench, variant, workers), at the same size if t has it there. */
static const struct results_row *table_find(const struct results *t, const struct results_row *r)
{
	const struct results_row *any = NULL;

	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].workers == r->workers && !strcmp(t->rows[i].bench, r->bench) &&
		    !strcmp(t->rows[i].variant, r->variant)) {
			if (!strcmp(t->rows[i].size, r->size))
				return &t->rows[i];
			any = any ? any : &t->rows[i];
		}
	return any;
}

/* compare-<bench>.dat: one block per variant: workers, speedup in A, speedup in B. */
static int compare_plot(struct plotter *pl, const struct results *a, const struct results *b,
			const char *bench, const char *out, const char *alabel, const char *blabel)
{
	char name[64], vs[1024] = "", assign[12288], variants[32][32], tics[8192];
	int nv = 0, maxw = 1, w[512], nw = 0;
	struct outfile o;

	snprintf(name, sizeof name, "compare-%s.dat", bench);
	if (outfile_open(&o, out, name) != 0)
		return -1;
	for (size_t i = 0; i < b->n; i++) {	/* the variants of this bench that A has too */
		const struct results_row *r = &b->rows[i];
		struct variant_traits vt;
		int k = 0;

		catalog_traits_of(r->variant, &vt);
		if (strcmp(r->bench, bench) || !table_find(a, r) || vt.baseline)
			continue;
		while (k < nv && strcmp(variants[k], r->variant))
			k++;
		if (k == nv && nv < 32) {
			snprintf(variants[nv++], 32, "%s", r->variant);
			snprintf(vs + strlen(vs), sizeof vs - strlen(vs), "%s%s", nv > 1 ? " " : "", r->variant);
		}
	}
	for (int k = 0; k < nv; k++) {
		fprintf(o.f, "%s# variant %s\n# workers speedup_a speedup_b\n", k ? "\n\n" : "",
			variants[k]);
		for (size_t i = 0; i < b->n; i++) {
			const struct results_row *r = &b->rows[i], *q = table_find(a, r);

			if (!q || strcmp(r->bench, bench) || strcmp(r->variant, variants[k]))
				continue;
			fprintf(o.f, "%d %.4f %.4f\n", r->workers, q->speedup, r->speedup);
			if (r->workers > maxw)
				maxw = r->workers;
			plot_tics_add(w, &nw, 512, r->workers);
		}
	}
	if (outfile_commit(&o) != 0 || !pl->have_gnuplot || !nv)
		return 0;
	plot_tics(w, nw, maxw, tics, sizeof tics);
	snprintf(assign, sizeof assign, "dat='%s'; out='compare-%s.png'; bench='%s'; variants='%s'; "
		 "alabel='%s'; blabel='%s'; maxw=%d; xt='%s'", name, bench, bench, vs, alabel, blabel,
		 maxw, tics);
	return plot_run(pl, out, "compare.gp", assign, NULL, 0);
}

static const char *base_name(const char *path)
{
	const char *s = path + strlen(path);

	while (s > path && s[-1] == '/')
		s--;
	while (s > path && s[-1] != '/')
		s--;
	return s;
}

/* The two folders, read. */
struct comparison {
	const char *dirs[2], *out;
	struct results res[2];
	struct csv_table runs[2];
};

/* The command line: two folder names, then flags. Returns 1 when it printed the help. */
static int compare_args(int argc, char **argv, struct comparison *c)
{
	static const struct argspec flags[] = {
		{ "--out", "DIR", "where compare.csv and the plots go (default: B)" },
		{ "--help", NULL, "show this help" },
	};
	const char *value;
	struct argparse ap;
	int nd = 0, k;

	while (nd < 2 && argc > 1 && strncmp(argv[1], "--", 2)) {
		c->dirs[nd++] = argv[1];
		argv++;
		argc--;
	}
	argparse_init(&ap, argc, argv, flags, 2);
	while ((k = argparse_next(&ap, &value)) >= 0) {
		if (k == 0) {
			c->out = args_str("--out", value, 900);
			continue;
		}
		printf("usage: runner compare A B [--out DIR]\n\nFor every (bench, variant, workers) "
		       "measured in both results folders: both medians and speedups, B's median time "
		       "over A's with a 95%% bootstrap CI over their runs, a Mann-Whitney U p-value, "
		       "and a verdict from the CI (faster, slower, no difference).\n");
		argparse_help(stdout, flags, 2);
		return 1;
	}
	if (nd != 2 || !*c->dirs[0] || !*c->dirs[1])
		msg_usage("compare needs two results folders: runner compare A B");
	if (!c->out)
		c->out = c->dirs[1];
	return 0;
}

static void compare_header(const struct comparison *c, FILE *csv)
{
	const struct results *a = &c->res[0], *b = &c->res[1];

	fprintf(csv, "bench,variant,workers,median_a_s,median_b_s,time_ratio_b_over_a,speedup_a,"
		     "speedup_b,speedup_ratio_b_over_a,cis_overlap,time_ratio_low,time_ratio_high,"
		     "mann_whitney_u,p_value,verdict\n");
	if (a->n && b->n && strcmp(a->rows[0].time, b->rows[0].time))
		msg_warn("warning: %s timed the %s, %s the %s: their times and speedups measure "
			 "different things", c->dirs[0], a->rows[0].time, c->dirs[1], b->rows[0].time);
	printf("A = %s (times: %s)\nB = %s (times: %s)\nB/A: B's median time over A's, its 95%% CI "
	       "from %d bootstrap resamples of each folder's runs; p: Mann-Whitney U, two-sided; the "
	       "verdict is the CI's: faster (below 1), slower (above 1) or no difference.\n\n"
	       "%-10s %-10s %7s %11s %11s %8s %8s %21s %8s  %s\n", c->dirs[0],
	       a->n ? a->rows[0].time : "-", c->dirs[1], b->n ? b->rows[0].time : "-",
	       BOOT_REPLICATES, "bench", "variant", "workers", "median A", "median B", "speedupA",
	       "speedupB", "B/A [95% CI]", "p", "verdict");
}

/* One pair of points: tested, written to compare.csv and printed. Returns 0, or -1. */
static int compare_pair(const struct comparison *c, const struct results_row *ra,
			const struct results_row *rb, FILE *csv)
{
	struct samples sa = { NULL, 0 }, sb = { NULL, 0 };
	int overlap = ra->ci_low <= rb->ci_high && rb->ci_low <= ra->ci_high;
	struct verdict v;
	char ci[48];

	if (runs_of(&c->runs[0], ra, &sa) != 0 || runs_of(&c->runs[1], rb, &sb) != 0) {
		free(sa.x);
		return -1;
	}
	compare_runs(&sa, &sb, ra->median, rb->median, &v);
	free(sa.x);
	free(sb.x);
	if (strcmp(ra->size, rb->size))	/* different work: no verdict on the times */
		v.word = "sizes differ";
	fprintf(csv, "%s,%s,%d,%.6f,%.6f,%.4f,%.4f,%.4f,%.4f,%d,%.4f,%.4f,%.1f,%.6g,%s\n",
		rb->bench, rb->variant, rb->workers, ra->median, rb->median, v.ratio, ra->speedup,
		rb->speedup, rb->speedup / ra->speedup, overlap, v.lo, v.hi, v.u, v.p, v.word);
	snprintf(ci, sizeof ci, "%.3f [%.3f, %.3f]", v.ratio, v.lo, v.hi);
	printf("%-10s %-10s %7d %10.4fs %10.4fs %8.2f %8.2f %21s %8.2g  %s\n", rb->bench,
	       rb->variant, rb->workers, ra->median, rb->median, ra->speedup, rb->speedup, ci, v.p,
	       v.word);
	return 0;
}

/* One overlay plot per bench of B that A has too. */
static void compare_plots(const struct comparison *c, const char *argv0)
{
	const struct results *b = &c->res[1];
	char alabel[64], blabel[64];
	struct plotter pl;

	if (plot_init(&pl, argv0, NULL) != 0)
		pl.have_gnuplot = 0;
	snprintf(alabel, sizeof alabel, "%s", base_name(c->dirs[0]));
	snprintf(blabel, sizeof blabel, "%s", base_name(c->dirs[1]));
	for (size_t i = 0; i < b->n; i++) {
		size_t j = 0;

		while (j < i && strcmp(b->rows[j].bench, b->rows[i].bench))
			j++;
		if (j == i && compare_plot(&pl, &c->res[0], b, b->rows[i].bench, c->out, alabel,
					   blabel) != 0)
			msg_warn("%s: the overlay plot failed", b->rows[i].bench);
	}
	printf("\nwrote %s/compare.csv%s\n", c->out, pl.have_gnuplot ? " and compare-<bench>.png" :
	       "");
}

int compare_main(int argc, char **argv, const char *argv0)
{
	struct comparison c = { { NULL, NULL }, NULL, { { 0 }, { 0 } }, { { 0 }, { 0 } } };
	int paired = 0, resized = 0, failed = 0, rc = EXIT_RUNTIME;
	struct outfile o;

	if (compare_args(argc, argv, &c))
		return 0;
	if (results_read(c.dirs[0], &c.res[0]) != 0 || results_read(c.dirs[1], &c.res[1]) != 0)
		goto out;
	/* Without the runs (a folder of summaries only) there is no CI or test to make. */
	if (runs_read(c.dirs[0], &c.runs[0]) != 0 || runs_read(c.dirs[1], &c.runs[1]) != 0)
		goto out;
	if (output_mkdir(c.out) != 0 || outfile_open(&o, c.out, "compare.csv") != 0)
		goto out;
	compare_header(&c, o.f);
	for (size_t i = 0; i < c.res[1].n; i++) {
		const struct results_row *rb = &c.res[1].rows[i], *ra = table_find(&c.res[0], rb);

		if (!ra)
			continue;
		paired++;
		resized += strcmp(ra->size, rb->size) != 0;
		if ((failed = compare_pair(&c, ra, rb, o.f) != 0))
			break;	/* out of memory: what was compared is kept, and the exit says so */
	}
	if (outfile_commit(&o) != 0 || failed)
		goto out;
	if (resized)
		msg_warn("%d pairs were measured at different sizes: their times do not compare, "
			 "their speedups only roughly", resized);
	if (!paired) {
		msg_warn("the two folders have no (bench, variant, workers) in common");
		goto out;
	}
	compare_plots(&c, argv0);
	rc = 0;
out:
	for (int k = 0; k < 2; k++) {
		csv_free(&c.runs[k]);
		free(c.res[k].rows);
	}
	return rc;
}
