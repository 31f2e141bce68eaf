/* feasible.c: whether a point of the sweep can run here at all (its worker count, the open
 * files it needs, an mpi program and mpirun), and the I/O benches' longer worker lists. */
#include "points.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lib/msg.h"
#include "spawn.h"

#define IO_WORKERS_MAX 64	/* 1, 2, 4, ... 64, and with tasks in flight on to 1024 */

/* The default sweep of an I/O bench goes far past the cores: waiting costs no CPU, and tasks
 * in flight on one thread (in_flight) cost not even a thread. */
int points_io_workers(int cpus, int in_flight, int **out)
{
	int n = 0, top = in_flight ? 1024 : IO_WORKERS_MAX;
	int *list = malloc(16 * sizeof *list);

	if (!(*out = list)) {
		msg_errno("malloc");
		return -1;
	}
	for (int w = 1; w <= top; w *= 2)
		list[n++] = w;
	for (int k = 0; k < n; k++)
		if (list[k] == cpus)
			return n;
	if (cpus < top) {	/* the core count itself, so the plot can mark it */
		int k = n++;

		while (k > 0 && list[k - 1] > cpus) {
			list[k] = list[k - 1];
			k--;
		}
		list[k] = cpus;
	}
	return n;
}

/* Whether a point can run here at all; says why not. */
int points_feasible(const char *bench, const struct variant_traits *vt, int w,
			  enum bench_kind kind)
{
	const char *variant = vt->name;
	struct rlimit rl;
	int max = vt->max_workers;

	if (w > max) {
		msg_warn("skipping %s %s with %d workers: %s takes at most %d", bench, variant, w,
			 variant, max);
		return 0;
	}
	/* Each task in flight of an I/O bench may hold a socket or a file, and its server too. */
	if (kind == KIND_IO && getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && (rlim_t)(2 * w + 64) > rl.rlim_cur) {
		msg_warn("skipping %s %s with %d workers: it needs about %d open files and the limit "
			 "is %lu", bench, variant, w, 2 * w + 64, (unsigned long)rl.rlim_cur);
		return 0;
	}
	return 1;
}

/* Whether the mpi variant of a bench can run: its program is built and mpirun starts, probed
 * the way plot.c probes gnuplot. */
int points_mpi_ready(const struct points *pl, const struct bench_info *bi, const char *variant)
{
	char path[PATH_MAX + 48];
	char *probe[] = { "mpirun", "--version", NULL };
	struct spawned *s;
	int ok;

	if (!bi->mpi) {
		msg_warn("skipping %s %s: its --info says it has no %s program", bi->name, variant,
			 variant);
		return 0;
	}
	snprintf(path, sizeof path, "%s/%s-%s", pl->bin, bi->name, variant);
	if (access(path, X_OK) != 0) {
		msg_warn("skipping %s %s: %s: %s (make builds it when mpicc is installed: "
			 "libopenmpi-dev)", bi->name, variant, path, strerror(errno));
		return 0;
	}
	if (!(s = malloc(sizeof *s))) {
		msg_errno("malloc");
		return 0;
	}
	ok = spawn_run(probe, NULL, 10, pl->stop, s) == 0 && s->exited && s->code == 0;
	free(s);
	if (!ok)
		msg_warn("skipping %s %s: mpirun --version did not run (install openmpi-bin)",
			 bi->name, variant);
	return ok;
}
