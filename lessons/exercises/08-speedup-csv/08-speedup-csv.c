/* 08-speedup-csv.c: your summary CSV reader. Read 08-speedup-csv.h for the contract and
 * README.md for the task; parbench's runner/analyse.c and runner/fit.c compute the same laws. */
#include "08-speedup-csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Given: Karp–Flatt's experimentally determined serial fraction. */
static double karp_flatt(double speedup, int p)
{
	if (p <= 1 || speedup <= 0)
		return NAN;
	return (1 / speedup - 1.0 / p) / (1 - 1.0 / p);
}

int speedup_parse(const char *csv, struct speedup_row *rows, int max)
{
	/* TODO 1: split the header line on commas; find the index of each of the four columns.
	 * TODO 2: for each further non-empty line: split it, check the field count, copy bench and
	 *         variant (checking their length), parse workers with strtol and median_s with
	 *         strtod, checking that the whole field was used (the end pointer) and the range.
	 * TODO 3: once every row is read, find each row's serial row, and fill speedup, efficiency
	 *         and karp_flatt. */
	(void)karp_flatt;
	(void)csv;
	(void)rows;
	(void)max;
	fprintf(stderr, "speedup_parse: not written yet\n");
	return -1;
}
