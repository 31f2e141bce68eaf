/* json.h: results.json, in Google Benchmark's JSON output format (its --benchmark_format=json):
 * a context object, then a benchmarks array of one entry per measured run and the median, mean
 * and standard deviation of each point as aggregates, so that tools written for it (its
 * tools/compare.py, dashboards) read parbench's results as they are. */
#ifndef PARBENCH_JSON_H
#define PARBENCH_JSON_H

#include "sweep.h"

/* Write dir/results.json for an analysed sweep; the date, host and git revision come from
 * dir/machine.txt. Returns 0, or -1 after a message. */
int json_write(const struct sweep *sw, const char *dir, const char *machine);

#endif
