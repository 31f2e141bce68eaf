/* summary.h: what a finished sweep says on the terminal. */
#ifndef PARBENCH_SUMMARY_H
#define PARBENCH_SUMMARY_H

#include "plot.h"
#include "sweep.h"

/* On stdout: the speedup tables, a text chart per bench when gnuplot is there, and the files
 * written into dir, those plots included that were drawn. */
void summary_print(const struct sweep *sw, struct plotter *pl, const char *dir);
/* On stderr: what the runner itself added, the measuring loop's time beyond its runs'
 * processes. */
void summary_cost(const struct sweep *sw);

#endif
