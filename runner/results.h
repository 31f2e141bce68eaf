/* results.h: a results folder's summary.csv, read back: one row per point. */
#ifndef PARBENCH_RESULTS_H
#define PARBENCH_RESULTS_H

#include <stddef.h>

struct results_row {
	char bench[32], variant[32], size[32];
	char time[16];		/* "compute" or "whole"; folders from before the phases: "whole" */
	int workers;
	double median, ci_low, ci_high, speedup;
};

struct results {
	struct results_row *rows;	/* malloc'd: the caller frees it */
	size_t n;
};

/* dir/summary.csv into t, by its column names. Returns 0, or -1 after a message. */
int results_read(const char *dir, struct results *t);

#endif
