/* runner.h: the runner's state through one sweep, from its command line to its summary: what
 * each phase (runner.c's runner_run) fills in and the next reads. */
#ifndef PARBENCH_RUNNER_H
#define PARBENCH_RUNNER_H

#include <limits.h>
#include <time.h>

#include "lib/place.h"
#include "lib/topo.h"
#include "machine.h"
#include "plot.h"
#include "points.h"
#include "sweep.h"

struct runner {
	struct points pts;	/* what to measure, and the plan of it */
	const char *chunk, *out, *bindir, *hostfile;
	int repeat, max_repeat, dry_run;
	enum place_policy bind;
	struct topo topo;
	double timeout_s;
	time_t started;		/* when it was started: the default results folder's name */
	char outdir[PATH_MAX], bin[PATH_MAX], machine[512], method[512];
	char warnings[2048];	/* what may distort the numbers, a Markdown list */
	struct machine_load load_start;
	struct sweep sw;
	struct plotter pl;
};

#endif
