/* mpiranks.h: what main() needs from MPI, for bin/<bench>-mpi. Outside MPI a program is rank 0
 * of 1, and none of these functions is linked. */
#ifndef PARBENCH_MPIRANKS_H
#define PARBENCH_MPIRANKS_H

struct ranks {
	int rank;	/* this process's rank, 0 to size - 1 */
	int size;	/* how many processes mpirun started */
};

/* MPI_Init, with errors returned to the caller instead of aborting; fills rk. Returns 0 or -1
 * after a message. */
int mpi_start(int *argc, char ***argv, struct ranks *rk);
/* Rank 0 gathers every rank's seen[rank] into its own seen[], so its cpus= names the CPU of
 * every rank. Returns 0 or -1 after a message. */
int mpi_gather_cpus(int *seen, int nseen, const struct ranks *rk);
/* End every rank with this exit code, after the caller said why. */
_Noreturn void mpi_abort(int code);
/* MPI_Finalize. Returns 0 or -1 after a message. */
int mpi_stop(void);

#endif
