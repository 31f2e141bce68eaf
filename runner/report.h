/* report.h: report.md, the results folder's front page. */
#ifndef PARBENCH_REPORT_H
#define PARBENCH_REPORT_H

#include <stdio.h>

#include "sweep.h"

/* machine: one line; method: the sweep's settings in words; sizing: each bench's size and tasks
 * and why, a line each; warnings: what may distort the numbers, a Markdown list ("" for none).
 * Returns 0, or -1 after a message. */
int report_write(const struct sweep *sw, const char *dir, const char *machine, const char *method,
		 const char *sizing, const char *warnings);
/* A bench's fits in words, or why there are none (reading.c). */
void report_fits(FILE *f, const struct sweep *sw, const char *bench);

/* A memory-bound bench's bandwidth in words: where serial's times W meets the ceiling. */
void report_bandwidth(FILE *f, const struct sweep *sw, const char *bench);
/* The runs whose modified z-score exceeds 3.5, named (they stay in the medians). */
void report_outliers(FILE *f, const struct sweep *sw, const char *bench);
/* Resources that changed notably with the workers (wait4's rusage), in words (usage.c). */
void report_usage(FILE *f, const struct sweep *sw, const char *bench);
/* A bench in steps: its waits between steps, and their share of compute (syncshare.c). */
void report_sync(FILE *f, const struct sweep *sw, const char *bench);

#endif
