/* compare.c: read two summary.csv files, pair their points, print and write the comparison and
 * draw one overlay plot per bench. */
#include "compare.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/args.h"
#include "lib/msg.h"
#include "output.h"
#include "plot.h"
#include "results.h"

static const struct results_row *table_find(const struct results *t, const struct results_row *r)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].workers == r->workers && !strcmp(t->rows[i].bench, r->bench) &&
		    !strcmp(t->rows[i].variant, r->variant))
			return &t->rows[i];
	return NULL;
}

/* compare-<bench>.dat: one block per variant: workers, speedup in A, speedup in B. */
static int compare_plot(struct plotter *pl, const struct results *a, const struct results *b,
			const char *bench, const char *out, const char *alabel, const char *blabel)
{
	char name[64], vs[1024] = "", assign[2048], variants[32][32];
	int nv = 0, maxw = 1;
	struct outfile o;

	snprintf(name, sizeof name, "compare-%s.dat", bench);
	if (outfile_open(&o, out, name) != 0)
		return -1;
	for (size_t i = 0; i < b->n; i++) {	/* the variants of this bench that A has too */
		const struct results_row *r = &b->rows[i];
		int k = 0;

		if (strcmp(r->bench, bench) || !table_find(a, r) || !strcmp(r->variant, "serial"))
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
		}
	}
	if (outfile_commit(&o) != 0 || !pl->have_gnuplot || !nv)
		return 0;
	snprintf(assign, sizeof assign, "dat='%s'; out='compare-%s.png'; bench='%s'; variants='%s'; "
		 "alabel='%s'; blabel='%s'; maxw=%d", name, bench, bench, vs, alabel, blabel, maxw);
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

int compare_main(int argc, char **argv, const char *argv0)
{
	static const struct argspec flags[] = {
		{ "--out", "DIR", "where compare.csv and the plots go (default: B)" },
		{ "--help", NULL, "show this help" },
	};
	const char *dirs[2] = { NULL, NULL }, *out = NULL, *value;
	char alabel[64], blabel[64];
	struct results a = { 0 }, b = { 0 };
	struct argparse ap;
	struct plotter pl;
	struct outfile o;
	int nd = 0, k, paired = 0, resized = 0, rc = EXIT_RUNTIME;

	/* Two folder names, then flags. */
	while (nd < 2 && argc > 1 && strncmp(argv[1], "--", 2)) {
		dirs[nd++] = argv[1];
		argv++;
		argc--;
	}
	argparse_init(&ap, argc, argv, flags, 2);
	while ((k = argparse_next(&ap, &value)) >= 0) {
		if (k == 0) {
			out = args_str("--out", value, 900);
		} else {
			printf("usage: runner compare A B [--out DIR]\n\nFor every (bench, variant, "
			       "workers) measured in both results folders: both medians, the ratio of "
			       "the speedups (B/A), and whether the two CIs overlap.\n");
			argparse_help(stdout, flags, 2);
			return 0;
		}
	}
	if (nd != 2 || !*dirs[0] || !*dirs[1])
		msg_usage("compare needs two results folders: runner compare A B");
	if (!out)
		out = dirs[1];
	if (results_read(dirs[0], &a) != 0 || results_read(dirs[1], &b) != 0)
		goto out;
	if (plot_init(&pl, argv0, NULL) != 0)
		pl.have_gnuplot = 0;
	snprintf(alabel, sizeof alabel, "%s", base_name(dirs[0]));
	snprintf(blabel, sizeof blabel, "%s", base_name(dirs[1]));
	if (output_mkdir(out) != 0 || outfile_open(&o, out, "compare.csv") != 0)
		goto out;
	fprintf(o.f, "bench,variant,workers,median_a_s,median_b_s,time_ratio_b_over_a,speedup_a,"
		     "speedup_b,speedup_ratio_b_over_a,cis_overlap\n");
	if (a.n && b.n && strcmp(a.rows[0].time, b.rows[0].time))
		msg_warn("warning: %s timed the %s, %s the %s: their times and speedups measure "
			 "different things", dirs[0], a.rows[0].time, dirs[1], b.rows[0].time);
	printf("A = %s (times: %s)\nB = %s (times: %s)\n\n%-10s %-10s %7s %11s %11s %9s %9s %9s %s\n",
	       dirs[0], a.n ? a.rows[0].time : "-", dirs[1], b.n ? b.rows[0].time : "-",
	       "bench", "variant", "workers", "median A", "median B", "speedupA", "speedupB",
	       "B/A", "CIs");
	for (size_t i = 0; i < b.n; i++) {
		const struct results_row *rb = &b.rows[i], *ra = table_find(&a, rb);
		int overlap;

		if (!ra)
			continue;
		paired++;
		overlap = ra->ci_low <= rb->ci_high && rb->ci_low <= ra->ci_high;
		resized += strcmp(ra->size, rb->size) != 0;
		fprintf(o.f, "%s,%s,%d,%.6f,%.6f,%.4f,%.4f,%.4f,%.4f,%d\n", rb->bench, rb->variant,
			rb->workers, ra->median, rb->median, rb->median / ra->median, ra->speedup,
			rb->speedup, rb->speedup / ra->speedup, overlap);
		printf("%-10s %-10s %7d %10.4fs %10.4fs %9.2f %9.2f %9.2f %s%s\n", rb->bench,
		       rb->variant, rb->workers, ra->median, rb->median, ra->speedup, rb->speedup,
		       rb->speedup / ra->speedup, overlap ? "overlap" : "differ",
		       strcmp(ra->size, rb->size) ? " (sizes differ)" : "");
	}
	if (outfile_commit(&o) != 0)
		goto out;
	if (resized)
		msg_warn("%d pairs were measured at different sizes: their times do not compare, "
			 "their speedups only roughly", resized);
	if (!paired) {
		msg_warn("the two folders have no (bench, variant, workers) in common");
		goto out;
	}
	for (size_t i = 0; i < b.n; i++) {
		size_t j = 0;

		while (j < i && strcmp(b.rows[j].bench, b.rows[i].bench))
			j++;
		if (j == i && compare_plot(&pl, &a, &b, b.rows[i].bench, out, alabel, blabel) != 0)
			msg_warn("%s: the overlay plot failed", b.rows[i].bench);
	}
	printf("\nwrote %s/compare.csv%s\n", out, pl.have_gnuplot ? " and compare-<bench>.png" : "");
	rc = 0;
out:
	free(a.rows);
	free(b.rows);
	return rc;
}
