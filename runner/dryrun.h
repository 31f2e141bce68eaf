/* dryrun.h: bin/runner --dry-run: the machine model and the plan, printed, nothing run. */
#ifndef PARBENCH_DRYRUN_H
#define PARBENCH_DRYRUN_H

#include <stdio.h>

#include "lib/place.h"
#include "lib/topo.h"
#include "sweep.h"

/* First the machine model in words ("# " lines), then each bench's size and tasks and why
 * ("# size " lines, from sizing: one line per bench), then one key=value line per point:
 *   bench= variant= workers= label= size= tasks= bind= cpus=
 * where cpus= is the CPU of each worker, in worker order (for bind=none, the set they float
 * over), then estimate_s=SECONDS, the whole sweep's duration estimated from the benches' nominal
 * sizes. Returns 0, or -1 after a message. */
int dryrun_print(FILE *f, const struct sweep *sw, const struct topo *t, enum place_policy bind,
		 int repeat, const char *sizing);

#endif
