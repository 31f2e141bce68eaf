/* points.h: the sweep's points, planned from what was asked, what each bench's --info says and
 * the machine model: which benches, variants and worker counts, each point's size, label and
 * by-product, serial first in each bench so its result is known before the others'. */
#ifndef PARBENCH_POINTS_H
#define PARBENCH_POINTS_H

#include <signal.h>

#include "calibrate.h"
#include "catalog.h"
#include "lib/topo.h"
#include "sweep.h"

#define POINTS_MAX_BENCHES 64
#define POINTS_MAX_VARIANTS 32
#define POINTS_MAX_CMDS 8

struct points {
	/* What was asked; lists left NULL take the defaults. */
	const char *bin;		/* where the benches are */
	const char *bench_list, *variant_list, *worker_list;
	char benches[POINTS_MAX_BENCHES][32], variants[POINTS_MAX_VARIANTS][32];
	struct {
		const char *line;	/* --cmd's template */
		char name[32];		/* the --name given with it, "cmd" (cmd2, ...) without */
		int named;		/* its --name was given */
	} cmds[POINTS_MAX_CMDS];
	int ncmds;
	char vs[32];			/* --vs: the bench every --cmd joins ("" for none) */
	int nbenches, nvariants;	/* the lists parsed (the defaults filled in by planning) */
	int *workers, nworkers;		/* malloc'd */
	const char *size, *tasks;	/* --size ("auto" by default), --tasks */
	int quick, size_given;
	struct calibration cal;		/* how --size auto measures */
	const struct topo *topo;
	volatile sig_atomic_t *stop;		/* a signal handler's flag, for the probes */
	/* What planning makes. */
	struct sweep *sw;
	size_t cap_pts;			/* room in sw->pts */
	char sizing[4096];		/* each bench's size and tasks, and why, one line each */
};

/* Fill pl->sw with every point. Returns a plan_status (catalog.h). */
int points_plan(struct points *pl);
/* Inside the planning (points.c, cmdpoints.c): */
/* A point added to pl->sw (which may move the points), its label and kind from bi (NULL for an
 * external command); its baseline is itself until the caller says otherwise. NULL after a
 * message when out of memory. */
struct point *points_add(struct points *pl, const struct bench_info *bi, const char *name,
			 const char *variant, int workers, const char *size);
/* External command c's points (cmdpoints.c): a section of its own, or with --vs one more variant
 * of that bench (bi, nb: the benches' --info). Return a plan_status. */
int points_cmd(struct points *pl, int c);
int points_cmd_vs(struct points *pl, int c, const struct bench_info *bi, int nb);
/* Whether w workers of variant vt can run here at all (feasible.c); says why not. */
int points_feasible(const char *bench, const struct variant_traits *vt, int w,
		    enum bench_kind kind);
/* The default worker counts of an I/O bench, into *out (malloc'd): far past the cores, for
 * in_flight variants further still. Returns how many, or -1 after a message. */
int points_io_workers(int cpus, int in_flight, int **out);
/* Whether bi's program for variant, which runs under mpirun (bin/<bench>-<variant>), is built
 * and mpirun starts; says why not. */
int points_mpi_ready(const struct points *pl, const struct bench_info *bi, const char *variant);
/* Whether variant was asked for. */
int points_wants(const struct points *pl, const char *variant);

#endif
