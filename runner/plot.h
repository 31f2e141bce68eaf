/* plot.h: gnuplot, run as a separate program. Every plot the runner draws is also recorded in
 * DIR/plots.txt, so `bin/runner plots DIR` (make plots DIR=...) can draw them again later. */
#ifndef PARBENCH_PLOT_H
#define PARBENCH_PLOT_H

#include <signal.h>
#include <stdio.h>

#include "sweep.h"

struct plotter {
	char scripts[4200];	/* absolute path of plots/ */
	int have_gnuplot;
	volatile sig_atomic_t *stop;
};

/* Finds plots/ next to the runner's bin/ and checks for gnuplot. Returns 0, or -1 after a
 * message when plots/ is missing. */
int plot_init(struct plotter *pl, const char *argv0, volatile sig_atomic_t *stop);
/* Write DIR/plots.txt for a finished sweep and draw every PNG in it (when gnuplot is there).
 * machine is a one-line label. Returns the number of plots that failed. */
int plot_sweep(struct plotter *pl, const struct sweep *sw, const char *dir, const char *machine);
/* The name of the PNG a bench's by-product is drawn into (sweep-map.png for sweep-map.dat),
 * in a results folder, into buf. Returns 0, or -1 when the bench has none. */
int plot_byproduct_png(const struct sweep *sw, const char *bench, char *buf, size_t len);
/* Draw again every plot listed in DIR/plots.txt. Returns the number that failed, or -1. */
int plot_replay(struct plotter *pl, const char *dir);
/* A text speedup chart of one bench on f, with gnuplot's dumb terminal. */
void plot_text_chart(struct plotter *pl, const struct sweep *sw, const char *dir,
		     const char *bench, FILE *f);
/* Run one script with assignments, in directory dir; returns 0 or -1 after a message. */
int plot_run(struct plotter *pl, const char *dir, const char *script, const char *assign,
	     char *out, size_t outlen);

/* The worker counts w[0..n) (sorted, distinct) as gnuplot's xtics list, "(\"1\" 1 0, ...)": a
 * labelled tic each, unless its label would crowd the previous one on a plot 700 pixels wide
 * (6.5 a digit), where it gets a bare minor tic. */
void plot_tics(const int *w, int n, int maxw, char *buf, size_t len);
/* Add x to the sorted, distinct counts w[0..*n) (room for max). */
void plot_tics_add(int *w, int *n, int max, int x);
/* Inside the runner's plotting (plot.c, plotlaws.c): */
/* The assignments every per-bench plot takes: the data's ranges and tics, the machine's regions
 * and the labels. */
void plot_bench_assign(const struct sweep *sw, const char *bench, const char *machine,
		       char *buf, size_t len);
/* s as the inside of a gnuplot single-quoted string: a quote is doubled. */
void plot_quoted(char *buf, size_t len, const char *s);
/* A bench's by-product, when its warm-up wrote one (byproduct.c). Returns 1 when it failed. */
int plot_byproduct(struct plotter *pl, FILE *list, const struct sweep *sw, const char *bench,
		   const char *dir);
/* One plot: record it in plots.txt (list), then draw it. Returns 0, or -1 when it failed. */
int plot_one(struct plotter *pl, FILE *list, const char *dir, const char *script,
	     const char *assign);
/* <bench>-fits.png, when any variant was fitted (plotlaws.c). Returns 1 when it failed. */
int plot_fits(struct plotter *pl, FILE *list, const struct sweep *sw, const char *bench,
	      const char *dir, const char *assign);
/* <bench>-bandwidth.png for a bench that reported gbytes_per_s (plotlaws.c). Returns 1 when it
 * failed. */
int plot_bandwidth(struct plotter *pl, FILE *list, const struct sweep *sw, const char *bench,
		   const char *dir, const char *assign);
/* What a bandwidth plot shows, from the medians of the runs' gbytes_per_s. */
struct bandwidth {
	double serial;		/* serial's */
	double ceiling;		/* the highest median, by variant at workers */
	const char *variant;
	int workers;
	int most;		/* the most workers that reported a bandwidth */
	double lowest;		/* the lowest end of any CI, for the plot's range */
};
/* Fill bw for bench. Returns 0, or -1 when the bench (or its serial) reported no bandwidth. */
int plot_bandwidth_facts(const struct sweep *sw, const char *bench, struct bandwidth *bw);

#endif
