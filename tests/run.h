/* run.h: run a parbench program as a user would, and keep what it printed and how it ended. */
#ifndef PARBENCH_TEST_RUN_H
#define PARBENCH_TEST_RUN_H

#include <stddef.h>
#include <sys/types.h>

struct ran {
	int exited;		/* 1 if it exited, 0 if a signal ended it */
	int code;		/* exit status, or the signal */
	char out[1 << 18];	/* a dry run's plan of hundreds of points */
	char err[8192];
};

/* Run bin/<prog> with argv (NULL-terminated, without the program). Returns 0, or -1 if it could
 * not be started. PARBENCH_BIN overrides the bin/ directory. */
int run_bench(struct ran *r, const char *prog, const char *const argv[]);
/* The same with one resource limit lowered in the child first (RLIMIT_FSIZE, RLIMIT_NOFILE...),
 * and with env (a "NAME=value" string, or NULL) added to its environment. */
int run_bench_limited(struct ran *r, const char *prog, const char *const argv[], int resource,
		      unsigned long limit, const char *env);
/* Run any program, path (looked up in PATH without a slash), the same way. */
int run_program(struct ran *r, const char *path, const char *const argv[]);
/* run_program for a caller that is a subreaper (PR_SET_CHILD_SUBREAPER): it also reaps every
 * process that was re-parented to it, until none is left, so whatever the program started has
 * ended, and said all it had to say, before r is filled. A stray that never ends keeps it
 * waiting: the test's .timeout then fails it, as it should. */
int run_program_reaping(struct ran *r, const char *path, const char *const argv[]);
/* Whether bin/<prog>-mpi was built (make builds it when Open MPI's mpicc is installed). */
int mpi_built(const char *prog);
/* Run bin/<prog>-mpi under mpirun -np np on this machine, oversubscribed if need be. */
int run_mpi(struct ran *r, int np, const char *prog, const char *const argv[]);
/* The same, as the unprivileged user uid when we are root: root ignores RLIMIT_NPROC, so the child
 * drops to uid (groups, gid, then uid) before lowering the limit. Returns RUN_NOT_AS_UID, with
 * r->err saying why, when it cannot become uid or uid cannot run the program (a folder on the
 * way that others may not search, say). */
#define RUN_NOT_AS_UID (-2)
int run_bench_as(struct ran *r, const char *prog, const char *const argv[], unsigned uid,
		 int resource, unsigned long limit, const char *env);
/* run_bench in two halves, for a test that acts on the program while it runs (pid). */
struct running {
	pid_t pid;
	int out, err;		/* its stdout and stderr, kept in temporary files */
	long uid;
};
int run_bench_start(struct running *run, const char *prog, const char *const argv[]);
/* The same for any program (run_program's path). */
int run_program_start(struct running *run, const char *path, const char *const argv[]);
/* Wait for it to end and fill r: the return values of run_bench_as. */
int run_bench_finish(struct running *run, struct ran *r);
/* Fill r from status, for a caller that reaped the program itself (with wait). */
int run_collect(struct running *run, struct ran *r, int status);
/* The benches, as make listed them in bin/benches.txt (the one list). Returns how many, or -1. */
int run_benches(char (*names)[32], int max);
/* The variants bin/<bench> runs, as its --list-variants says. Returns how many, or -1. */
int run_variants(const char *bench, char (*names)[32], int max);
/* dir/name, whole (cut to len - 1 bytes), into buf. Returns 0, or -1 when it cannot be read. */
int run_read_file(const char *dir, const char *name, char *buf, size_t len);
/* The value of key in r->out's key=value line, or "" when absent. */
const char *ran_value(const struct ran *r, const char *key, char *buf, size_t len);

#endif
