/* 09-halo-exchange.c: a heat rod cut into blocks, one per MPI rank, stepped K times; each step
 * every rank swaps its edge cells with its neighbours (the halo exchange), and at the end rank 0
 * gathers the rod and prints it. This is your file: read 09-halo-exchange.h for the contract and
 * README.md for the task; --order ssend-first runs the given wrong exchange instead of yours.
 * Build with mpicc, run with mpirun -np P ./prog [--order sendrecv|ssend-first] [--cells N]
 * [--steps K]. */
#define _POSIX_C_SOURCE 200809L	/* alarm() */
#include "09-halo-exchange.h"

#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG_LEFTWARD 1		/* a cell on its way to the lower rank */
#define TAG_RIGHTWARD 2		/* a cell on its way to the higher rank */
#define ALARM_S 60		/* no run here needs a minute: a rank still running then is stuck,
				 * and SIGALRM ends it even if whoever started it is gone */

int halo_neighbours(int rank, int size, int *left, int *right)
{
	/* TODO 1: the rank before and the rank after this one, or MPI_PROC_NULL at the rod's
	 *         ends (rank 0 has no left neighbour, rank size - 1 no right one). Check that
	 *         rank is one of the size ranks. */
	(void)rank;
	(void)size;
	(void)left;
	(void)right;
	fprintf(stderr, "halo_neighbours: not written yet\n");
	return -1;
}

int halo_exchange(double *u, int n, int left, int right)
{
	/* TODO 2: afterwards u[0] holds the left neighbour's u[n] and u[n + 1] the right
	 *         neighbour's u[1], with MPI_Sendrecv and no other call. Every rank runs the same
	 *         code: in each call, which cell leaves in which direction, and where does the cell
	 *         coming the same way land? Why can that not deadlock the way ssend-first does?
	 *         A call that does not return MPI_SUCCESS: a message, and -1. */
	(void)u;
	(void)n;
	(void)left;
	(void)right;
	fprintf(stderr, "halo_exchange: not written yet\n");
	return -1;
}

/* Given: the wrong order. Every rank sends both its edge cells with MPI_Ssend, and only then
 * receives its halos. */
int halo_exchange_ssend_first(double *u, int n, int left, int right)
{
	if (MPI_Ssend(&u[1], 1, MPI_DOUBLE, left, TAG_LEFTWARD, MPI_COMM_WORLD) != MPI_SUCCESS ||
	    MPI_Ssend(&u[n], 1, MPI_DOUBLE, right, TAG_RIGHTWARD, MPI_COMM_WORLD) != MPI_SUCCESS ||
	    MPI_Recv(&u[n + 1], 1, MPI_DOUBLE, right, TAG_LEFTWARD, MPI_COMM_WORLD,
		     MPI_STATUS_IGNORE) != MPI_SUCCESS ||
	    MPI_Recv(&u[0], 1, MPI_DOUBLE, left, TAG_RIGHTWARD, MPI_COMM_WORLD,
		     MPI_STATUS_IGNORE) != MPI_SUCCESS) {
		fprintf(stderr, "halo_exchange_ssend_first: an MPI call failed\n");
		return -1;
	}
	return 0;
}

/* Given: everything else. */

typedef int exchange_fn(double *u, int n, int left, int right);

struct halo_args {
	exchange_fn *exchange;
	int cells, steps;
};

/* *v = s, a whole number from min up. Returns NULL, or complaint when s is not one. */
static const char *halo_parse_count(const char *s, int min, int *v, const char *complaint)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || *end != '\0' || n < min || n > 100000000)
		return complaint;
	*v = (int)n;
	return NULL;
}

/* Every rank parses the same command line, so every rank fails alike; rank 0 says why.
 * Returns 0, or -1 after a message. */
static int halo_parse_args(int argc, char **argv, int rank, int size, struct halo_args *a)
{
	const char *why = NULL;

	*a = (struct halo_args){ halo_exchange, ROD_CELLS, ROD_STEPS };
	for (int i = 1; i < argc && !why; i += 2) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			why = "an option without its value";
		else if (!strcmp(opt, "--order") && !strcmp(val, "sendrecv"))
			a->exchange = halo_exchange;
		else if (!strcmp(opt, "--order") && !strcmp(val, "ssend-first"))
			a->exchange = halo_exchange_ssend_first;
		else if (!strcmp(opt, "--order"))
			why = "--order is sendrecv or ssend-first";
		else if (!strcmp(opt, "--cells"))
			why = halo_parse_count(val, 1, &a->cells, "--cells: a number >= 1");
		else if (!strcmp(opt, "--steps"))
			why = halo_parse_count(val, 0, &a->steps, "--steps: a number >= 0");
		else
			why = "an unknown option";
	}
	if (!why && a->cells < size)
		why = "fewer cells than ranks: every rank needs a block of at least one cell";
	if (why && rank == 0)
		fprintf(stderr, "halo: %s\nusage: mpirun -np P %s [--order sendrecv|ssend-first] "
			"[--cells N] [--steps K]\n", why, argv[0]);
	return why ? -1 : 0;
}

/* One rank failed: the others may be waiting for it, so end them all. */
static _Noreturn void halo_abort(int rank, const char *what)
{
	fprintf(stderr, "halo (rank %d): %s\n", rank, what);
	MPI_Abort(MPI_COMM_WORLD, 1);
	/* not reached: MPI_Abort does not return, but its declaration does not say so */
	exit(1);
}

/* This rank's block at step 0, in u[1..n], with halos: the fixed temperature at the rod's ends,
 * NaN where a neighbour's cell must come, so that a halo nobody filled shows in the answer. */
static void halo_fill(double *u, int first, int n, int left, int right)
{
	for (int i = 1; i <= n; i++)
		u[i] = rod_cell_at_start(first + i - 1);
	u[0] = left == MPI_PROC_NULL ? ROD_LEFT_END : NAN;
	u[n + 1] = right == MPI_PROC_NULL ? ROD_RIGHT_END : NAN;
}

/* steps Jacobi steps of the block: exchange the halos, then compute every cell from the old
 * values into the other array, and swap. Returns the array holding the last step. */
static double *halo_steps(double *u, double *v, int n, int left, int right,
			  const struct halo_args *a, int rank)
{
	for (int k = 0; k < a->steps; k++) {
		double *t;

		if (a->exchange(u, n, left, right) != 0)
			halo_abort(rank, "the halo exchange failed");
		for (int i = 1; i <= n; i++)
			v[i] = rod_cell_next(u[i - 1], u[i], u[i + 1]);
		t = u;
		u = v;
		v = t;
	}
	return u;
}

/* Rank 0 gathers every block, in rank order, and prints one line a cell: its index, its
 * temperature exactly (%a, which the tests compare bit for bit) and rounded. */
static void halo_print(const double *u, int n, int cells, int rank, int size)
{
	double *rod = NULL;
	int *counts = NULL, *firsts = NULL;

	if (rank == 0) {
		rod = malloc(cells * sizeof *rod);
		counts = malloc(size * sizeof *counts);
		firsts = malloc(size * sizeof *firsts);
		if (!rod || !counts || !firsts)
			halo_abort(rank, "out of memory for the whole rod");
		for (int r = 0; r < size; r++)
			rod_block(cells, r, size, &firsts[r], &counts[r]);
	}
	if (MPI_Gatherv(&u[1], n, MPI_DOUBLE, rod, counts, firsts, MPI_DOUBLE, 0,
			MPI_COMM_WORLD) != MPI_SUCCESS)
		halo_abort(rank, "MPI_Gatherv failed");
	for (int i = 0; rank == 0 && i < cells; i++)
		printf("%d %a %.6f\n", i, rod[i], rod[i]);
	free(rod);
	free(counts);
	free(firsts);
}

int main(int argc, char **argv)
{
	struct halo_args a;
	int rank, size, left, right, first, n;
	double *u, *v, *last;

	if (MPI_Init(&argc, &argv) != MPI_SUCCESS) {
		fprintf(stderr, "halo: MPI_Init failed\n");
		return 1;
	}
	alarm(ALARM_S);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	if (halo_parse_args(argc, argv, rank, size, &a) != 0) {
		MPI_Finalize();
		return 2;
	}
	if (halo_neighbours(rank, size, &left, &right) != 0)
		halo_abort(rank, "halo_neighbours failed");
	rod_block(a.cells, rank, size, &first, &n);
	u = malloc((n + 2) * sizeof *u);
	v = malloc((n + 2) * sizeof *v);
	if (!u || !v)
		halo_abort(rank, "out of memory for the block");
	halo_fill(u, first, n, left, right);
	halo_fill(v, first, n, left, right);
	last = halo_steps(u, v, n, left, right, &a, rank);
	halo_print(last, n, a.cells, rank, size);
	free(u);
	free(v);
	MPI_Finalize();
	return 0;
}
