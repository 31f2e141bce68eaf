/* benchargs.h: a bench's command line (benchargs.c): the common flags and the workload's own,
 * --help and --list-variants, and the checks that need the chosen variant. */
#ifndef PARBENCH_BENCHARGS_H
#define PARBENCH_BENCHARGS_H

#include "mpiranks.h"
#include "place.h"
#include "variants.h"

/* What the command line says beyond the job itself. */
struct run_opts {
	enum place_policy bind;
	int info;		/* --info: describe the bench, run nothing */
};

/* Fill job and ro from argv; exits on --help, --list-variants and usage errors. default_variant
 * is the variant without --variant: main.c's, as main.c alone is compiled again for mpi. */
const struct variant *bench_parse(const struct workload *w, int argc, char **argv,
				  const char *default_variant, struct job *job,
				  const struct ranks *rk, struct run_opts *ro);

#endif
