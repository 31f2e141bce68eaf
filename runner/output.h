/* output.h: the runner's files. Each is written to a temporary name and renamed into place, so
 * an interrupted run never leaves a half-written file. */
#ifndef PARBENCH_OUTPUT_H
#define PARBENCH_OUTPUT_H

#include <stdio.h>

#include "sweep.h"

struct outfile {
	FILE *f;
	char tmp[1024];
	char path[1024];
};

/* Make dir and its parents. Returns 0, or -1 after a message. */
int output_mkdir(const char *dir);
/* Open dir/name for writing (really dir/.name.tmp). Returns 0, or -1 after a message. */
int outfile_open(struct outfile *o, const char *dir, const char *name);
/* Close and rename into place. Returns 0, or -1 after a message (the temporary is removed). */
int outfile_commit(struct outfile *o);

int output_runs_csv(const struct sweep *sw, const char *dir);
int output_summary_csv(const struct sweep *sw, const char *dir);
int output_fits_csv(const struct sweep *sw, const char *dir);
/* <bench>.dat for every bench, and <bench>-cost.dat, -start.dat and -bandwidth.dat for those that
 * reported a per-task cost, start-up or bandwidth (datfiles.c). */
int output_dat(const struct sweep *sw, const char *dir);
/* "1.85 [1.80,1.90]~e": p's speedup and CI, "~" when the CI missed 5%, "e" when its serial was
 * estimated; comma between the CI's ends, space before each mark. */
void output_speedup(const struct sweep *sw, const struct point *p, const char *comma,
		    const char *space, char *buf, size_t len);
/* The speedup table of every bench, on f. */
void output_tables(const struct sweep *sw, FILE *f);

/* The distinct benches, in order of first appearance; returns how many (at most max). */
size_t sweep_benches(const struct sweep *sw, const char **names, size_t max);
/* The distinct non-baseline variants of a bench, in order. */
size_t sweep_variants(const struct sweep *sw, const char *bench, const char **names, size_t max);

#endif
