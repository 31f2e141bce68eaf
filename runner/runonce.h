/* runonce.h: one run of one point, measured. */
#ifndef PARBENCH_RUNONCE_H
#define PARBENCH_RUNONCE_H

#include "measure.h"

/* How one run ended. */
enum run_outcome {
	RUN_OK,			/* measured: r->seconds holds its time */
	RUN_FAILED,		/* r->reason says why */
	RUN_INTERRUPTED,	/* a signal stopped the sweep: nothing to record */
};

/* Run point p once (with its by-product's flag when warmup), checking its result= against its
 * baseline's; fill r. */
enum run_outcome runonce_measure(struct sweep *sw, struct point *p, const struct measure_opts *o,
				 int warmup, struct run *r);

#endif
