/* reload.c: rebuilding a sweep's points and runs from the CSV it wrote. */
#include "reload.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "csv.h"
#include "keyfile.h"
#include "lib/msg.h"

/* runs.csv's columns read here; the first 8 name the point. */
static const char *const run_cols[] = {
	"bench", "variant", "workers", "size", "label", "bind", "kind", "parallelism",
	"rep", "seconds", "status", "reason", "tasks", "steal_s", "time", "start_s",
	"compute_s", "finish_s", "whole_s", "user_s", "sys_s", "per_task_ns", "gbytes_per_s",
	"source", "steal_flagged", "sync_s",
};
enum { C_REP = 8, C_SECONDS, C_STATUS, C_REASON, C_TASKS, C_STEAL, C_TIME, C_START, C_COMPUTE,
       C_FINISH, C_WHOLE, C_USER, C_SYS, C_COST, C_GBPS, C_SOURCE, C_STEAL_FLAGGED, C_SYNC,
       C_NCOLS };

int reload_machine_key(const char *dir, const char *key, char *buf, size_t len)
{
	return keyfile_get(dir, "machine.txt", key, buf, len);
}

static int machine_int(const char *dir, const char *key, int fallback)
{
	char v[64];

	return reload_machine_key(dir, key, v, sizeof v) == 0 && atoi(v) > 0 ? atoi(v) : fallback;
}

static double cell_num(const struct csv_table *t, size_t r, int c)
{
	const char *s = csv_cell(t, r, c);
	char *end;
	double v = strtod(s, &end);

	return *s && end != s ? v : NAN;
}

/* The point of row r, found or added; -1 when out of memory. */
static int reload_point(struct sweep *sw, const struct csv_table *t, size_t r, const int *col)
{
	const char *bench = csv_cell(t, r, col[0]), *variant = csv_cell(t, r, col[1]);
	const char *size = csv_cell(t, r, col[3]);
	int workers = atoi(csv_cell(t, r, col[2]));
	struct point *p;
	size_t i;

	for (i = 0; i < sw->npts; i++)
		if (sw->pts[i].workers == workers && !strcmp(sw->pts[i].bench, bench) &&
		    !strcmp(sw->pts[i].variant, variant) && !strcmp(sw->pts[i].size, size))
			return (int)i;
	p = realloc(sw->pts, (sw->npts + 1) * sizeof *p);
	if (!p) {
		msg_errno("realloc");
		return -1;
	}
	sw->pts = p;
	p = &sw->pts[sw->npts];
	memset(p, 0, sizeof *p);
	snprintf(p->bench, sizeof p->bench, "%s", bench);
	snprintf(p->variant, sizeof p->variant, "%s", variant);
	catalog_traits_of(variant, &p->traits);
	snprintf(p->size, sizeof p->size, "%s", size);
	snprintf(p->label, sizeof p->label, "%s", csv_cell(t, r, col[4]));
	snprintf(p->kind, sizeof p->kind, "%s", col[6] >= 0 ? csv_cell(t, r, col[6]) : "cpu");
	p->workers = workers;
	p->parallelism = atol(csv_cell(t, r, col[7]));
	p->oversubscribed = !strcmp(p->label, "oversubscribed") || !strcmp(p->label, "beyond");
	/* Said by source=, or in folders from before it by bind=none: commands were not placed
	 * (which misreads a sweep run with --bind none). */
	if (col[C_SOURCE] >= 0)
		p->cmd = !strcmp(csv_cell(t, r, col[C_SOURCE]), "command") ? "(external command)" : NULL;
	else
		p->cmd = !strcmp(csv_cell(t, r, col[5]), "none") ? "(external command)" : NULL;
	sw->npts++;
	return (int)sw->npts - 1;
}

/* Room in p's arrays for one more run: they grow as the runs come. Returns 0, or -1. */
static int point_room(struct point *p)
{
	size_t cap = p->cap ? 2 * p->cap : 16;
	double *t, *c, *g;

	if (p->n < p->cap)
		return 0;
	t = realloc(p->times, cap * sizeof *t);
	if (t)
		p->times = t;
	c = realloc(p->per_task_ns, cap * sizeof *c);
	if (c)
		p->per_task_ns = c;
	g = realloc(p->gbps, cap * sizeof *g);
	if (g)
		p->gbps = g;
	if (!t || !c || !g) {
		msg_errno("realloc");
		return -1;
	}
	p->cap = cap;
	return 0;
}

/* Each point's baseline: the baseline variant (serial) at its bench and size, or for a command
 * of its own its 1-worker point. */
static void reload_baselines(struct sweep *sw)
{
	for (size_t i = 0; i < sw->npts; i++) {
		struct point *p = &sw->pts[i];
		/* A command of its own is named as its bench; one run --vs BENCH is in BENCH's. */
		int own = p->cmd && !strcmp(p->bench, p->variant);

		p->baseline = (int)i;
		for (size_t j = 0; j < sw->npts; j++) {
			const struct point *q = &sw->pts[j];

			if (strcmp(q->bench, p->bench) || strcmp(q->size, p->size))
				continue;
			if (own ? !strcmp(q->variant, p->variant) && q->workers == 1 :
			    q->traits.baseline)
				p->baseline = (int)j;
		}
		/* A serial at another size of the same bench: the sweep grew the work. */
		for (size_t j = 0; j < sw->npts; j++)
			if (sw->pts[j].traits.baseline && !strcmp(sw->pts[j].bench, p->bench) &&
			    strcmp(sw->pts[j].size, p->size))
				sw->weak = 1;
	}
}


static int reload_run(struct sweep *sw, const struct csv_table *t, size_t r, const int *col,
		      const int *use_col)
{
	struct run run = { 0 };
	const char *status = csv_cell(t, r, col[C_STATUS]);
	int i = reload_point(sw, t, r, col);
	long v[USAGE_FIELDS];

	if (i < 0)
		return -1;
	run.point = i;
	run.rep = atoi(csv_cell(t, r, col[C_REP]));
	run.status = !strcmp(status, "ok") ? "ok" : !strcmp(status, "warmup") ? "warmup" : "failed";
	snprintf(run.reason, sizeof run.reason, "%s", csv_cell(t, r, col[C_REASON]));
	run.tasks = *csv_cell(t, r, col[C_TASKS]) ? atol(csv_cell(t, r, col[C_TASKS])) : -1;
	run.seconds = cell_num(t, r, col[C_SECONDS]);
	run.steal_s = col[C_STEAL] >= 0 ? cell_num(t, r, col[C_STEAL]) : 0;
	run.start_s = cell_num(t, r, col[C_START]);
	run.compute_s = cell_num(t, r, col[C_COMPUTE]);
	run.finish_s = cell_num(t, r, col[C_FINISH]);
	run.whole_s = cell_num(t, r, col[C_WHOLE]);
	run.user_s = cell_num(t, r, col[C_USER]);
	run.sys_s = cell_num(t, r, col[C_SYS]);
	run.per_task_ns = cell_num(t, r, col[C_COST]);
	run.gbps = cell_num(t, r, col[C_GBPS]);
	run.sync_s = cell_num(t, r, col[C_SYNC]);
	run.steal_flagged = atoi(csv_cell(t, r, col[C_STEAL_FLAGGED]));
	for (int k = 0; k < USAGE_FIELDS; k++)
		v[k] = use_col[k] >= 0 ? atol(csv_cell(t, r, use_col[k])) : 0;
	run.use = (struct spawn_usage){ v[0], v[1], v[2], v[3], v[4] };
	sw->whole = !strcmp(csv_cell(t, r, col[C_TIME]), "whole");
	if (run.tasks > 0)
		sw->pts[i].tasks = run.tasks;
	if (!strcmp(run.status, "ok")) {
		if (isnan(run.seconds)) {
			msg_warn("runs.csv row %zu: an ok run without seconds", r + 2);
			return -1;
		}
		if (point_room(&sw->pts[i]) != 0)
			return -1;
		sweep_point_add(&sw->pts[i], &run);
	}
	sw->pts[i].attempts += strcmp(run.status, "warmup") != 0;
	sw->pts[i].failures += !strcmp(run.status, "failed");
	if (sw->nruns == sw->cap) {
		struct run *more = realloc(sw->runs, (sw->cap = 2 * sw->cap + 64) * sizeof *more);

		if (!more) {
			msg_errno("realloc");
			return -1;
		}
		sw->runs = more;
	}
	sw->runs[sw->nruns++] = run;
	return 0;
}

int reload_sweep(const char *dir, struct sweep *sw, struct reloaded *in)
{
	struct csv_table t;
	int col[C_NCOLS], use_col[USAGE_FIELDS], rc = 0;

	if (csv_read(dir, "runs.csv", &t) != 0)
		return -1;
	for (int k = 0; k < C_NCOLS; k++) {
		col[k] = csv_column(&t, run_cols[k]);
		/* Older folders lack the rest; a missing one reads as unknown. */
		if (col[k] < 0 && k <= C_STATUS && k != 6 && k != 7) {
			msg_warn("%s/runs.csv: no column '%s'", dir, run_cols[k]);
			csv_free(&t);
			return -1;
		}
	}
	for (int k = 0; k < USAGE_FIELDS; k++)
		use_col[k] = csv_column(&t, usage_field[k].name);
	for (size_t r = 0; r < t.nrows && rc == 0; r++)
		rc = reload_run(sw, &t, r, col, use_col);
	if (rc == 0 && t.nrows)
		snprintf(in->bind, sizeof in->bind, "%s", csv_cell(&t, 0, col[5]));
	csv_free(&t);
	if (rc != 0)
		return -1;
	if (!sw->npts) {
		msg_warn("%s/runs.csv: no runs", dir);
		return -1;
	}
	reload_baselines(sw);
	sw->bind = in->bind;
	sw->cores = machine_int(dir, "physical_cores", 1);
	sw->cpus = machine_int(dir, "effective_cpus", sw->cores);
	if (reload_machine_key(dir, "summary", in->machine, sizeof in->machine) != 0 &&
	    reload_machine_key(dir, "cpu_model", in->machine, sizeof in->machine) != 0)
		snprintf(in->machine, sizeof in->machine, "machine unknown (no machine.txt)");
	return 0;
}
