/* output.h: the runner's files: the CSV files, the gnuplot .dat files and the stdout tables. */
#ifndef PARBENCH_OUTPUT_H
#define PARBENCH_OUTPUT_H

#include <stdio.h>

#include "outfile.h"	/* each is written atomically */
#include "sweep.h"

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

#endif
