/* runline.h: the command line of one run of a point. */
#ifndef PARBENCH_RUNLINE_H
#define PARBENCH_RUNLINE_H

#include <stddef.h>

#include "measure.h"

/* What an mpirun line says before the program's path. */
struct mpirun_line {
	int as_root;		/* Open MPI refuses root unless told it is allowed */
	const char *hostfile;	/* the hosts to run on, or NULL for this machine alone */
	int oversubscribe;	/* this machine: more ranks than Open MPI's slots (only without a
				 * hostfile, unless oversubscribe_first) */
	int oversubscribe_first;	/* its --oversubscribe ahead of the rest: where the tests'
					 * line has always had it (mpirun takes it anywhere) */
	const char *np;		/* the number of ranks, as a word */
};

/* mpirun's words for m into argv (room for 16), not NULL-terminated: the program's path and
 * its flags follow. Returns the number of words. */
int runline_mpirun(const struct mpirun_line *m, char **argv);

/* argv (room for 40 words, NULL-terminated) for one run of p, its strings in buf (len bytes,
 * 3 PATH_MAX is enough: --bin and --out are shorter than PATH_MAX). A by-product's flag only on
 * the warm-up of a baseline. */
void runline_argv(const struct point *p, const struct measure_opts *o, int warmup, char *buf,
		  size_t len, char **argv);

#endif
