/* points.c: the sweep's points, from the command line, the benches' --info and the machine. */
#include "points.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "lib/msg.h"
#include "plan.h"
#include "sizing.h"

int points_wants(const struct points *pl, const char *variant)
{
	for (int v = 0; v < pl->nvariants; v++)
		if (!strcmp(pl->variants[v], variant))
			return 1;
	return 0;
}

/* The benches to run, each with what its --info says, into *infos (in pl->benches' order):
 * --bench, checked against bin/benches.txt, or every bench there whose --info says default=yes,
 * CPU-bound first, then memory-, then I/O-bound. Returns a plan_status. */
static int points_benches(struct points *pl, struct bench_info **infos)
{
	char known[POINTS_MAX_BENCHES][CATALOG_NAME], all[POINTS_MAX_BENCHES * CATALOG_NAME] = "";
	int n = catalog_names(pl->bin, known, POINTS_MAX_BENCHES), rc = 0, chosen = 0;
	struct bench_info *each;

	*infos = NULL;
	if (n < 0)
		return -1;
	for (int k = 0; k < n; k++)
		snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", k ? "," : "", known[k]);
	for (int b = 0; b < pl->nbenches; b++)
		if (!catalog_has(all, pl->benches[b])) {
			msg_warn("--bench: unknown bench '%s' (known: %s)", pl->benches[b], all);
			return PLAN_USAGE;
		}
	if (pl->ncmds && !pl->bench_list)
		return 0;	/* only the external command */
	if (pl->bench_list) {
		for (int b = 0; b < pl->nbenches; b++)
			snprintf(known[b], sizeof known[b], "%s", pl->benches[b]);
		n = pl->nbenches;
	}
	each = calloc(n > 0 ? (size_t)n : 1, sizeof *each);
	*infos = calloc(n > 0 ? (size_t)n : 1, sizeof **infos);
	if (!each || !*infos) {
		msg_errno("calloc");
		free(each);
		return -1;
	}
	for (int k = 0; k < n && rc == 0; k++)
		rc = catalog_info(pl->bin, known[k], sizing_auto(pl) ? "small" : pl->size, pl->tasks,
				  pl->stop, &each[k]);
	for (enum bench_kind kd = KIND_CPU; kd <= KIND_IO && rc == 0; kd++)
		for (int k = 0; k < n; k++)
			if (pl->bench_list ? kd == KIND_CPU : each[k].kind_of == kd && each[k].in_default)
				(*infos)[chosen++] = each[k];
	pl->nbenches = chosen;
	for (int b = 0; b < chosen; b++)
		snprintf(pl->benches[b], sizeof pl->benches[b], "%s", (*infos)[b].name);
	free(each);
	return rc;
}
/* --variant checked against what the benches run (and those under mpirun, in bin/<bench>-mpi),
 * or by default all of those but mpi's, which need Open MPI: PLAN_OK, or PLAN_USAGE after a
 * message. Without a bench (--cmd alone), the runner's own table's baseline and mpi's. */
static int points_variants(struct points *pl, const struct bench_info *bi)
{
	struct bench_info none = { .ntraits = 0 };
	const struct bench_info *first = pl->nbenches ? &bi[0] : &none;
	char known[512];

	if (!pl->nbenches) {
		catalog_table(&none);
		snprintf(none.variants, sizeof none.variants, "%s", catalog_baseline(&none));
	}
	snprintf(known, sizeof known, "%s", first->variants);
	for (int k = 0; k < first->ntraits; k++)
		if (first->traits[k].mpirun)
			snprintf(known + strlen(known), sizeof known - strlen(known), ",%s",
				 first->traits[k].name);
	for (int b = 1; b < pl->nbenches; b++)
		for (const char *v = bi[b].variants, *end; *v; v = *end ? end + 1 : end) {
			char one[32];

			end = v + strcspn(v, ",");
			snprintf(one, sizeof one, "%.*s", (int)(end - v), v);
			if (!catalog_has(known, one))
				snprintf(known + strlen(known), sizeof known - strlen(known), ",%s", one);
		}
	if (!pl->variant_list) {
		pl->nvariants = plan_parse_names(first->variants, pl->variants,
						 POINTS_MAX_VARIANTS);
		return pl->nvariants < 0 ? PLAN_USAGE : PLAN_OK;
	}
	for (int v = 0; v < pl->nvariants; v++)
		if (!catalog_has(known, pl->variants[v])) {
			msg_warn("--variant: unknown variant '%s' (known: %s)", pl->variants[v], known);
			return PLAN_USAGE;
		}
	return 0;
}

struct point *points_add(struct points *pl, const struct bench_info *bi, const char *name,
			  const char *variant, int workers, const char *size)
{
	struct sweep *sw = pl->sw;
	struct point *p;

	if (sw->npts == pl->cap_pts) {
		size_t cap = pl->cap_pts ? 2 * pl->cap_pts : 64;

		if (!(p = realloc(sw->pts, cap * sizeof *p))) {
			msg_errno("realloc");
			return NULL;
		}
		sw->pts = p;
		pl->cap_pts = cap;
	}
	p = &sw->pts[sw->npts];
	memset(p, 0, sizeof *p);
	snprintf(p->bench, sizeof p->bench, "%s", name);
	snprintf(p->variant, sizeof p->variant, "%s", variant);
	snprintf(p->size, sizeof p->size, "%s", size);
	p->workers = workers;
	p->parallelism = bi ? bi->parallelism : 0;
	p->setup_bytes = bi ? bi->setup_bytes : 0;
	p->tasks = bi ? bi->tasks : 0;
	p->nominal_s = bi && bi->medium ? catalog_work_ratio(bi, (double)bi->medium,
							     (double)bi->size) : 1.0;
	snprintf(p->label, sizeof p->label, "%s", plan_label(pl->topo, p->parallelism, workers));
	p->oversubscribed = workers > pl->topo->effective;
	if (bi) {
		catalog_variant(bi, variant, &p->traits);
		snprintf(p->kind, sizeof p->kind, "%s", bi->kind);
		if (p->traits.baseline)
			snprintf(p->byproduct, sizeof p->byproduct, "%s", bi->byproduct);
		snprintf(p->byproduct_file, sizeof p->byproduct_file, "%s", bi->byproduct_file);
		snprintf(p->byproduct_plot, sizeof p->byproduct_plot, "%s", bi->byproduct_plot);
	}
	p->baseline = (int)sw->npts;
	sw->npts++;
	return p;
}

/* The size of one point, and the bench's parallelism at that size (its task count). Weak
 * scaling grows the work with the workers: a side as w^(1/work_power), say (catalog_size_for). */
static int point_size(struct points *pl, const struct bench_plan *bp, int w, char *size,
		      size_t len, struct bench_info *at)
{
	*at = *bp->bi;
	snprintf(size, len, "%lu", (unsigned long)bp->base);
	if (!pl->sw->weak || w == 1)
		return 0;
	snprintf(size, len, "%.0f", nearbyint(catalog_size_for(bp->bi, (double)bp->base, w)));
	return catalog_info(pl->bin, bp->bi->name, size, bp->tasks[0] ? bp->tasks : NULL, pl->stop,
			    at);
}

/* Whether variant may run w workers of a bench. One that computes on one thread at a time
 * (one_thread) gives the same time at every count on a CPU- or memory-bound bench: 1, 2 and
 * the most the machine runs at once (no more than its effective CPUs) show that flat line. */
static int point_teaches(const struct points *pl, const struct bench_info *bi,
			 const struct variant_traits *vt, int w)
{
	int top = 1;

	if (!pl->variant_list && catalog_repeats(bi, vt))
		return 0;
	if (bi->kind_of == KIND_IO || !vt->one_thread)
		return 1;
	for (int k = 0; k < pl->nworkers; k++)
		if (pl->workers[k] <= pl->topo->effective && pl->workers[k] > top)
			top = pl->workers[k];
	return w <= 2 || w == top;
}

/* The serial point for w workers under weak scaling: measured, or when its run would pass
 * --timeout, estimated from the measured one at 1 worker by the work's ratio. */
static struct point *weak_serial(struct points *pl, const struct bench_plan *bp,
				 const struct bench_info *at, const char *size, int first)
{
	double work = catalog_work_ratio(at, (double)bp->base, atof(size));	/* against base's */
	struct point *p = points_add(pl, at, at->name, catalog_baseline(at), 1, size);

	if (p && first >= 0 && bp->serial_s * work > pl->cal.timeout_s) {
		p->estimated = 1;
		p->scaled_from = first;
		/* Against the measured point's work, which is base's only when the list starts at 1. */
		p->scale = catalog_work_ratio(at, atof(pl->sw->pts[first].size), atof(size));
	}
	return p;
}

/* The variant that runs under mpirun that was asked for, or NULL. */
static const char *points_wants_mpirun(const struct points *pl, const struct bench_info *bi)
{
	for (int k = 0; k < bi->ntraits; k++)
		if (bi->traits[k].mpirun && points_wants(pl, bi->traits[k].name))
			return bi->traits[k].name;
	return NULL;
}

/* One bench's points, serial first so its result is known before the others'. list[0] is for
 * every variant, list[1] for those with tasks in flight (in_flight), which can keep far more. */
static int plan_bench(struct points *pl, const struct bench_plan *bp, int *const list[2],
		      const int nlist[2])
{
	const struct bench_info *bi = bp->bi;
	const char *mpirun = points_wants_mpirun(pl, bi);
	int serial = -1, first = -1, rc, have_mpi = mpirun && points_mpi_ready(pl, bi, mpirun);
	struct bench_info at;
	char size[32];

	for (int a = 0; a < 2; a++) {
		for (int k = 0; k < nlist[a]; k++) {
			int w = list[a][k];

			if (a == 1 && k < nlist[0] && list[0][k] == w)
				continue;	/* already planned in the first pass */
			if ((rc = point_size(pl, bp, w, size, sizeof size, &at)) != 0)
				return rc;	/* PLAN_USAGE: the bench refused that size */
			/* Strong scaling: one serial point; weak: one at each scaled size, list[1]'s
			 * extra counts included. */
			if (serial < 0 || pl->sw->weak) {
				serial = (int)pl->sw->npts;
				if (!weak_serial(pl, bp, &at, size, first))
					return -1;
				snprintf(pl->sw->pts[serial].tasks_arg, sizeof pl->sw->pts[serial].tasks_arg,
					 "%s", bp->tasks);
				if (first < 0)
					first = serial;
			}
			for (int v = 0; v < pl->nvariants; v++) {
				const char *var = pl->variants[v];
				struct variant_traits vt;
				struct point *p;

				catalog_variant(bi, var, &vt);
				if ((vt.mpirun && !have_mpi) || vt.baseline || (a == 1 && !vt.in_flight) ||
				    (!vt.mpirun && !catalog_has(bi->variants, var)) ||
				    !point_teaches(pl, bi, &vt, w) ||
				    !points_feasible(bi->name, &vt, w, bi->kind_of))
					continue;
				if (!(p = points_add(pl, &at, bi->name, var, w, size)))
					return -1;
				p->baseline = serial;
				snprintf(p->tasks_arg, sizeof p->tasks_arg, "%s", bp->tasks);
			}
		}
	}
	return 0;
}

/* One bench: its size, tasks and worker counts, then its points. */
static int points_bench(struct points *pl, const struct bench_info *small)
{
	int *list[2] = { pl->workers, pl->workers }, nlist[2] = { pl->nworkers, pl->nworkers };
	int *own[3] = { NULL, NULL, NULL }, rc = 0, top;
	struct bench_plan bp = { 0 };
	struct bench_info bi;
	char why[300], base[32];

	if ((rc = sizing_size(pl, small, &bp, why, sizeof why)) != 0)
		return rc;
	snprintf(base, sizeof base, "%lu", (unsigned long)bp.base);
	if ((rc = catalog_info(pl->bin, small->name, base, NULL, pl->stop, &bi)) != 0)
		return rc;
	if (!pl->worker_list && !pl->quick && bi.kind_of == KIND_IO)
		for (int a = 0; a < 2 && rc == 0; a++) {
			if ((nlist[a] = points_io_workers(pl->topo->effective, a, &own[a])) < 0)
				rc = -1;
			else
				list[a] = own[a];
		}
	top = list[0][nlist[0] - 1];
	if (rc == 0)
		sizing_tasks(pl, &bi, top, &bp);
	if (rc == 0 && bp.tasks[0])
		rc = catalog_info(pl->bin, small->name, base, bp.tasks, pl->stop, &bi);
	/* Its rows are all it has: past them, workers wait (beyond). */
	if (rc == 0 && bp.tasks[0] && bi.tasks_max > 0 && bi.parallelism >= bi.tasks_max &&
	    bi.parallelism < top) {
		int n = sizing_workers(list[0], nlist[0], bi.parallelism, &own[2]);

		if (n < 0)
			rc = -1;
		else {
			if (list[1] == list[0])
				list[1] = own[2], nlist[1] = n;
			list[0] = own[2], nlist[0] = n;
		}
	}
	if (rc == 0) {
		bp.bi = &bi;
		snprintf(pl->sizing + strlen(pl->sizing), sizeof pl->sizing - strlen(pl->sizing),
			 "%s: size %s, %s; tasks %ld, %s%s%s\n", bi.name, base, why, bi.tasks,
			 !bp.tasks[0] ? "its own" : pl->tasks ? "as asked (--tasks)" :
			 bi.parallelism < 16L * top ? "all it can have at this size (its limit)" :
			 bi.tasks > 16L * top ? "its own, more than 16 x the most workers" :
			 "16 x the most workers", bi.own[0] ? "; " : "", bi.own);
		rc = plan_bench(pl, &bp, list, nlist);
	}
	for (int a = 0; a < 3; a++)
		free(own[a]);
	return rc;
}

/* Every point of the sweep. Returns a plan_status. */
int points_plan(struct points *pl)
{
	struct bench_info *bi = NULL;
	int rc = points_benches(pl, &bi);

	if (rc == 0)
		rc = points_variants(pl, bi);
	if (rc == 0 && !pl->worker_list &&
	    (pl->nworkers = plan_default_workers(pl->topo, &pl->workers)) < 0)
		rc = -1;
	for (int b = 0; b < pl->nbenches && rc == 0; b++) {
		if (!bi[b].size && !sizing_auto(pl)) {	/* neither a number nor a size name */
			msg_warn("--size: %s has no size '%s' (auto, small, medium, large or a whole "
				 "number from 1)", bi[b].name, pl->size);
			rc = PLAN_USAGE;
			break;
		}
		rc = points_bench(pl, &bi[b]);
	}
	for (int c = 0; c < pl->ncmds && rc == 0; c++)
		rc = pl->vs[0] ? points_cmd_vs(pl, c, bi, pl->nbenches) : points_cmd(pl, c);
	free(bi);
	return rc;
}
