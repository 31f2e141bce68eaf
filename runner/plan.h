/* plan.h: turning the runner's command line into the list of points to measure. */
#ifndef PARBENCH_PLAN_H
#define PARBENCH_PLAN_H

#include <signal.h>
#include <stddef.h>

#include "lib/topo.h"

#define PLAN_MAX_WORKERS 4096

/* What the list parsers return instead of a count. */
enum plan_list_error { PLAN_LIST_MALFORMED = -1, PLAN_LIST_NOMEM = -2 };

/* "1,2,4", "1-8", "1-4,8,16": sorted, without repeats, each 1..PLAN_MAX_WORKERS, in a list
 * malloc'd into *out (the caller frees it). Returns how many; PLAN_LIST_MALFORMED (no message:
 * the caller names the flag), or PLAN_LIST_NOMEM after a message. */
int plan_parse_workers(const char *text, int **out);
/* The default sweep, from the machine model: 1, 2, 4, ... below the effective CPUs; the
 * physical cores of one socket, all physical cores, all usable hardware threads, the effective
 * CPUs, and twice them, but nothing above twice the effective CPUs. Returns how many, or
 * PLAN_LIST_NOMEM after a message. */
int plan_default_workers(const struct topo *t, int **out);
/* The label of a point with this many workers, the first that applies of: "beyond" (more
 * workers than the bench's parallelism, when it has a limit), "oversubscribed" (more than the
 * effective CPUs), "smt" (more than the physical cores) and "core". */
const char *plan_label(const struct topo *t, long parallelism, int workers);

/* Split "a,b,c" into names; each must be [A-Za-z0-9_-]+ and at most 31 characters.
 * Returns how many, or -1 when malformed. */
int plan_parse_names(const char *text, char names[][32], int max);

struct runner;
/* Plan rn's sweep, once its command line is parsed and the machine model loaded: where the
 * benches are (--bin, or the directory of argv0, the runner's own), then every point
 * (points_plan), whose probes and calibration stop when *stop is set. Returns a plan_status
 * (catalog.h). */
int plan_sweep(struct runner *rn, const char *argv0, volatile sig_atomic_t *stop);
/* The sweep's settings in words, for the report: "strong scaling, size auto, ...; 23 points". */
void plan_describe(const struct runner *rn, char *buf, size_t len);
/* "1:0 2:0,1 4:0,1,0,1": the CPUs of each worker count the sweep plans, by the policy. */
void plan_worker_map(const struct runner *rn, char *buf, size_t len);

#endif
