/* cmdpoints.c: the external commands' points (--cmd): a section of their own, each over its own
 * 1-worker run, or with --vs BENCH one more variant of BENCH, over its serial. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/msg.h"
#include "plan.h"
#include "points.h"

/* With --vs BENCH, external command c is one more variant of BENCH: at its size and tasks, over
 * its serial, and checked against serial's result. */
int points_cmd_vs(struct points *pl, int c, const struct bench_info *bi, int nb)
{
	const struct bench_info *b = NULL;
	const struct point *serial = NULL;
	int base = -1;
	char size[SWEEP_NAME];

	for (int k = 0; k < nb; k++)
		if (!strcmp(bi[k].name, pl->vs))
			b = &bi[k];
	for (size_t i = 0; b && i < pl->sw->npts && !serial; i++)
		if (!strcmp(pl->sw->pts[i].bench, pl->vs) && pl->sw->pts[i].traits.baseline)
			serial = &pl->sw->pts[base = (int)i];
	if (!serial) {
		msg_warn("--vs %s: %s is not among the benches swept (add it to --bench)", pl->vs,
			 pl->vs);
		return PLAN_USAGE;
	}
	for (size_t i = 0; i < pl->sw->npts; i++)
		if (!strcmp(pl->sw->pts[i].bench, pl->vs) &&
		    !strcmp(pl->sw->pts[i].variant, pl->cmds[c].name)) {
			msg_warn("--name %s: %s has a variant of that name already: name the command "
				 "otherwise", pl->cmds[c].name, pl->vs);
			return PLAN_USAGE;
		}
	if (pl->sw->weak) {
		msg_warn("--vs %s: not under weak scaling, where serial's size changes with the "
			 "workers", pl->vs);
		return PLAN_USAGE;
	}
	/* {size} is a number: a named size is the number its bench gave for it. */
	snprintf(size, sizeof size, "%s", serial->size);
	if (strspn(size, "0123456789") != strlen(size))
		snprintf(size, sizeof size, "%" PRIu64, b->size);
	for (int k = 0; k < pl->nworkers; k++) {
		char tasks[24];
		struct point *p;

		snprintf(tasks, sizeof tasks, "%s", pl->sw->pts[base].tasks_arg);
		if (!(p = points_add(pl, b, pl->vs, pl->cmds[c].name, pl->workers[k], size)))
			return -1;
		serial = &pl->sw->pts[base];	/* points_add may have moved the points */
		p->cmd = pl->cmds[c].line;
		p->baseline = base;
		/* The bench as planned for the sweep (its tasks for the largest count), not as the
		 * probe at small described it. */
		p->tasks = serial->tasks;
		p->parallelism = serial->parallelism;
		snprintf(p->label, sizeof p->label, "%s", plan_label(pl->topo, p->parallelism,
								      p->workers));
		if (!tasks[0])
			snprintf(tasks, sizeof tasks, "%ld", serial->tasks > 0 ? serial->tasks : b->tasks);
		snprintf(p->tasks_arg, sizeof p->tasks_arg, "%s", tasks);
	}
	return 0;
}

/* External command c's points, a section of its own. Its speedup is over its own 1-worker run,
 * so that run is always measured. */
int points_cmd(struct points *pl, int c)
{
	int base = (int)pl->sw->npts;
	const char *name = pl->cmds[c].name;
	struct point *p;

	if (pl->workers[0] != 1) {
		if (!(p = points_add(pl, NULL, name, name, 1, "")))
			return -1;
		p->cmd = pl->cmds[c].line;
	}
	for (int k = 0; k < pl->nworkers; k++) {
		if (!(p = points_add(pl, NULL, name, name, pl->workers[k], "")))
			return -1;
		p->cmd = pl->cmds[c].line;
		p->baseline = base;
	}
	return 0;
}
