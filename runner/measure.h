/* measure.h: running the points, round after round, until each has enough measurements. */
#ifndef PARBENCH_MEASURE_H
#define PARBENCH_MEASURE_H

#include <signal.h>

#include "sweep.h"

struct measure_opts {
	const char *bindir;	/* where bin/<bench> lives */
	const char *outdir;	/* for the warm-up's by-products (sweep map, mandelbrot image) */
	const char *chunk;	/* --chunk to pass on, or NULL */
	int repeat, max_repeat;
	double timeout_s;
	volatile sig_atomic_t *stop;	/* set by SIGINT or SIGTERM */
	int tty;		/* stderr is a terminal: one progress line instead of log lines */
	const char *hostfile;	/* mpi: the hostfile for mpirun, or NULL for this machine */
	int as_root;		/* mpi: Open MPI refuses root unless told it is allowed */
	const char *bind;	/* --bind for every bench run */
	int cores;		/* physical cores: Open MPI's slots, past which it must oversubscribe */
	int online;		/* online CPUs, to tell what share of the machine steal took */
	int whole;		/* --time whole: a run's seconds, not its compute_s */
};

/* Warm up every point once, then measure each at least repeat times in interleaved rounds, then
 * keep measuring the points whose CI is wider than 5% until max_repeat. Records every run in
 * sw->runs. after_round(sw, arg) is called after each round (to save what is measured so far).
 * Returns 0, or -1 when interrupted. */
int measure_sweep(struct sweep *sw, const struct measure_opts *o,
		  void (*after_round)(struct sweep *sw, void *arg), void *arg);

#endif
