/* plan.h: turning the runner's command line into the list of points to measure. */
#ifndef PARBENCH_PLAN_H
#define PARBENCH_PLAN_H

#include <stddef.h>

#define PLAN_MAX_WORKERS 4096

/* "1,2,4", "1-8", "1-4,8,16": sorted, without repeats, each 1..PLAN_MAX_WORKERS.
 * Returns how many, or -1 when text is malformed (no message: the caller names the flag). */
int plan_parse_workers(const char *text, int *out, int max);
/* The default sweep: 1, 2, 4, ... below cpus, cpus itself, and 2 * cpus. */
int plan_default_workers(int cpus, int *out, int max);

/* Split "a,b,c" into names; each must be [A-Za-z0-9_-]+ and at most 31 characters.
 * Returns how many, or -1 when malformed. */
int plan_parse_names(const char *text, char names[][32], int max);

#endif
