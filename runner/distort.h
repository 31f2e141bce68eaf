/* distort.h: what may distort the numbers, said before a sweep starts, as Google Benchmark
 * warns of CPU scaling: a quota or mask below the online CPUs, a clock that follows the load
 * (a governor that is not performance, boost), a machine already busy. And the CPU time a
 * hypervisor stole, to compare before and after. */
#ifndef PARBENCH_DISTORT_H
#define PARBENCH_DISTORT_H

#include <stddef.h>

#include "lib/topo.h"

/* Appends one line per warning ("- ...\n", Markdown list items, each a plain sentence) to the
 * string in buf; what does not fit in len is cut off. t is the machine model (NULL: only the
 * load and boost are judged, the load against the online CPUs); for a simulated model the
 * governors and boost are the captured machine's. load1 is the 1-minute load average at the
 * start (negative: unknown). Returns how many warnings, also those cut off. */
int distort_check(const struct topo *t, double load1, char *buf, size_t len);

/* Seconds of CPU time stolen by the hypervisor from all CPUs so far: /proc/stat's first "cpu "
 * line, the 8th value (steal), divided by sysconf(_SC_CLK_TCK). This machine's, even when the
 * model is simulated: it is about this run. Returns -1 when unknown. */
double distort_steal_s(void);

#endif
