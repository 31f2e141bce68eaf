/* report.h: report.md, the results folder's front page. */
#ifndef PARBENCH_REPORT_H
#define PARBENCH_REPORT_H

#include "sweep.h"

/* machine: one line; how: the sweep's settings in words; sizing: each bench's size and tasks
 * and why, a line each; warnings: what may distort the numbers, a Markdown list ("" for none).
 * Returns 0, or -1 after a message. */
int report_write(const struct sweep *sw, const char *dir, const char *machine, const char *how,
		 const char *sizing, const char *warnings);
/* One plain-words reading of an Amdahl fit, e.g. "serial fraction 3.0%: at most 33x ...". */
void report_amdahl_reading(double f, char *buf, size_t len);

#endif
