/* runonce.h: one run of one point, measured. */
#ifndef PARBENCH_RUNONCE_H
#define PARBENCH_RUNONCE_H

#include "measure.h"

/* Run point p once (with its by-product's flag when warmup), checking its result= against its
 * baseline's; fill r. Returns its measured seconds, -1 when the run failed (r->reason says why),
 * or -2 when it was interrupted. */
double runonce_measure(struct sweep *sw, struct point *p, const struct measure_opts *o,
		       int warmup, struct run *r);

#endif
