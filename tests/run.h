/* run.h: run a parbench program as a user would, and keep what it printed and how it ended. */
#ifndef PARBENCH_TEST_RUN_H
#define PARBENCH_TEST_RUN_H

#include <stddef.h>

struct ran {
	int exited;		/* 1 if it exited, 0 if a signal ended it */
	int code;		/* exit status, or the signal */
	char out[8192];
	char err[8192];
};

/* Run bin/<prog> with argv (NULL-terminated, without the program). Returns 0, or -1 if it could
 * not be started. PARBENCH_BIN overrides the bin/ directory. */
int run_bench(struct ran *r, const char *prog, const char *const argv[]);
/* The same with one resource limit lowered in the child first (RLIMIT_FSIZE, RLIMIT_NOFILE...),
 * and with env (a "NAME=value" string, or NULL) added to its environment. */
int run_bench_limited(struct ran *r, const char *prog, const char *const argv[], int resource,
		      unsigned long limit, const char *env);
/* Whether bin/<prog>-mpi was built (make builds it when Open MPI's mpicc is installed). */
int mpi_built(const char *prog);
/* Run bin/<prog>-mpi under mpirun -np np on this machine, oversubscribed if need be. */
int run_mpi(struct ran *r, int np, const char *prog, const char *const argv[]);
/* The value of key in r->out's key=value line, or "" when absent. */
const char *ran_value(const struct ran *r, const char *key, char *buf, size_t len);

#endif
