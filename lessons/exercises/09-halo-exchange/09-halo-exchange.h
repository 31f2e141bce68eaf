/* 09-halo-exchange.h: a heat rod cut into blocks, one block per MPI rank. To update its first and
 * last cells each step, a rank needs one cell of each neighbour's block: its halo. The problem
 * itself (the rod, its ends, one Jacobi step, who owns which cells) is defined here, so that the
 * program and the tests' serial computation do the very same arithmetic, bit for bit.
 * No MPI types here: the tests include this file and are built without MPI. */
#ifndef LESSON_HALO_EXCHANGE_H
#define LESSON_HALO_EXCHANGE_H

#define ROD_CELLS 50		/* default --cells: the rod's inner cells */
#define ROD_STEPS 200		/* default --steps */
#define ROD_LEFT_END 100.0	/* the ends are held at fixed temperatures */
#define ROD_RIGHT_END 0.0
#define ROD_ALPHA 0.25		/* diffusion per step; below 0.5, so the scheme is stable */

/* Cell i's temperature at step 0: a jagged start, so that a wrong halo shows at once. */
static inline double rod_cell_at_start(int i)
{
	return (double)(i * 7 % 13);
}

/* One Jacobi step of one cell, from its own and its two neighbours' temperatures. */
static inline double rod_cell_next(double left, double mid, double right)
{
	return mid + ROD_ALPHA * (left - 2 * mid + right);
}

/* The block of cells [*first, *first + *count) that rank owns, of size ranks. */
static inline void rod_block(int cells, int rank, int size, int *first, int *count)
{
	*first = (int)((long)cells * rank / size);
	*count = (int)((long)cells * (rank + 1) / size) - *first;
}

/*
 * A rank's block lives in u[1..n]; u[0] and u[n+1] are its halos, copies of the last cell of the
 * left neighbour's block and of the first cell of the right neighbour's. At the ends of the rod
 * there is no neighbour: it is MPI_PROC_NULL, a send to it does nothing and a receive from it
 * leaves the halo as it is, holding the end's fixed temperature.
 */

/* Set *left and *right to the ranks beside rank, of size ranks in MPI_COMM_WORLD, or to
 * MPI_PROC_NULL at the rod's ends. Returns 0, or -1 after a message. */
int halo_neighbours(int rank, int size, int *left, int *right);

/* Fill u[0] from left and u[n+1] from right, sending u[1] to left and u[n] to right, with
 * MPI_Sendrecv. Every rank calls it at the same step. Returns 0, or -1 after a message. */
int halo_exchange(double *u, int n, int left, int right);

/* The same exchange in the wrong order: every rank first sends both cells with MPI_Ssend, then
 * receives. Correct on one rank; on two or more it deadlocks. Given, to watch that happen. */
int halo_exchange_ssend_first(double *u, int n, int left, int right);

#endif
