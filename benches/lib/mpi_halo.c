/* mpi_halo.c: the mpi variant of a bench with halo rows (workload.halo), such as heat's stencil.
 * Rank r runs worker r's block of tasks in every step, and holds only their rows (its band) plus
 * one halo row on each side. Before every step but the first it sends its band's end rows to
 * the ranks above and below, and receives theirs into its halo rows: the rows they computed in
 * the step before. Meanwhile it computes the tasks that need no halo row: at heat medium on 2
 * ranks that took a median 0.537 s of compute against 0.557 s for two blocking MPI_Sendrecv
 * before the step (10 runs each, interleaved). Nothing else travels
 * until the end, when rank 0 gathers the partial results (and the rows, for a picture of the
 * whole grid). The time a rank waits for its halos is its sync_s. */
#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "mpicomm.h"
#include "mpiranks.h"
#include "msg.h"
#include "schedule.h"
#include "team.h"

/* This rank's part of the grid. */
struct band {
	const struct job *job;
	struct slice block;	/* my tasks, the same in every step */
	uint64_t first, end;	/* my rows, [first, end) */
	int up, down;		/* the ranks whose bands are above and below mine; MPI_PROC_NULL */
	int bytes;		/* of a row */
	char *out;		/* my partial results, step after step */
	size_t stride;
	double waited;		/* seconds spent waiting for halos */
};

/* The rows of rank r's block; 0 when it has none (more ranks than tasks). */
static int band_rows(const struct job *job, int r, uint64_t *first, uint64_t *end)
{
	struct slice s = slice_of(job, r);

	*first = job->w->halo.first_row(job, s.next);
	*end = job->w->halo.first_row(job, s.end);
	return *first < *end;
}

/* The nearest rank from `from` on, stepping by `dir`, that has rows; MPI_PROC_NULL past the
 * edge of the grid. */
static int band_neighbour(const struct job *job, int from, int dir, int size)
{
	uint64_t first, end;

	for (int r = from; r >= 0 && r < size; r += dir)
		if (band_rows(job, r, &first, &end))
			return r;
	return MPI_PROC_NULL;
}

static int band_init(struct band *b, const struct job *job, size_t stride, int rank, int size)
{
	size_t bytes = job->w->halo.row_bytes(job);

	if (bytes > INT_MAX) {
		msg_warn("mpi: a row of %zu bytes is more than one message can carry", bytes);
		return -1;
	}
	*b = (struct band){ .job = job, .block = slice_of(job, rank), .bytes = (int)bytes,
			    .stride = stride };
	b->out = mpi_buffer(slice_count(b->block) * job->steps * stride);
	if (band_rows(job, rank, &b->first, &b->end)) {
		b->up = band_neighbour(job, rank - 1, -1, size);
		b->down = band_neighbour(job, rank + 1, 1, size);
	} else {
		b->up = b->down = MPI_PROC_NULL;	/* no rows: nobody's neighbour either */
	}
	return 0;
}

/* Task t of my block in step k, its partial result in my buffer. */
static void band_task(struct band *b, size_t k, size_t t)
{
	const struct job *job = b->job;
	size_t i = k * job->tasks + t, slot = k * slice_count(b->block) + (t - b->block.next);

	if (job->w->task(job, i, b->out + slot * b->stride) != 0)
		mpi_task_fail(i);
}

/* Post the four messages of step k's halo exchange: my end rows out, my halo rows in. */
static void band_post(struct band *b, size_t k, MPI_Request rq[4])
{
	const struct job *job = b->job;
	void *(*row)(const struct job *, size_t, uint64_t) = job->w->halo.row;
	int rc;

	if ((rc = MPI_Irecv(row(job, k, b->first - 1), b->bytes, MPI_BYTE, b->up, TAG_HALO_DOWN,
			    MPI_COMM_WORLD, &rq[0])) != MPI_SUCCESS ||
	    (rc = MPI_Irecv(row(job, k, b->end), b->bytes, MPI_BYTE, b->down, TAG_HALO_UP,
			    MPI_COMM_WORLD, &rq[1])) != MPI_SUCCESS ||
	    (rc = MPI_Isend(row(job, k, b->first), b->bytes, MPI_BYTE, b->up, TAG_HALO_UP,
			    MPI_COMM_WORLD, &rq[2])) != MPI_SUCCESS ||
	    (rc = MPI_Isend(row(job, k, b->end - 1), b->bytes, MPI_BYTE, b->down, TAG_HALO_DOWN,
			    MPI_COMM_WORLD, &rq[3])) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Isend/MPI_Irecv (halo rows)");
}

/* One step. The tasks inside my block read only my rows, so they run while the halos travel;
 * the first and last tasks read a halo row, and run once it is in. */
static void band_step(struct band *b, size_t k)
{
	size_t t0 = b->block.next, t1 = b->block.end;
	MPI_Request rq[4];
	double t;
	int rc;

	if (t0 == t1)
		return;
	if (k == 0) {	/* setup filled the halo rows of the first step */
		for (size_t i = t0; i < t1; i++)
			band_task(b, k, i);
		return;
	}
	band_post(b, k, rq);
	for (size_t i = t0 + 1; i + 1 < t1; i++)
		band_task(b, k, i);
	t = clock_now();
	if ((rc = MPI_Waitall(4, rq, MPI_STATUSES_IGNORE)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Waitall (halo rows)");
	b->waited += clock_now() - t;
	band_task(b, k, t0);
	if (t1 - 1 > t0)
		band_task(b, k, t1 - 1);
}

/* Every rank's partial results to rank 0, each at its task's slot. */
static void band_gather(struct band *b, void *partials, int rank, int size)
{
	const struct job *job = b->job;

	if (rank != 0) {
		mpi_bytes_send(b->out, slice_count(b->block) * job->steps * b->stride, 0, TAG_DATA);
		return;
	}
	for (int r = 0; r < size; r++) {
		struct slice s = slice_of(job, r);
		size_t n = slice_count(s);
		char *in = r == 0 ? b->out : mpi_buffer(n * job->steps * b->stride);

		if (r != 0)
			mpi_bytes_recv(in, n * job->steps * b->stride, r, TAG_DATA);
		for (size_t k = 0; k < job->steps; k++)
			memcpy(partial_at(partials, b->stride, k * job->tasks + s.next),
			       in + k * n * b->stride, n * b->stride);
		if (r != 0)
			free(in);
	}
}

/* The last grid's rows to rank 0, which holds them all (job->rows_to_0). */
static void band_gather_rows(struct band *b, int rank, int size)
{
	const struct job *job = b->job;
	uint64_t first, end;

	if (rank != 0) {
		mpi_bytes_send(job->w->halo.row(job, job->steps, b->first),
			       (size_t)(b->end - b->first) * (size_t)b->bytes, 0, TAG_ROWS);
		return;
	}
	for (int r = 1; r < size; r++) {
		band_rows(job, r, &first, &end);
		mpi_bytes_recv(job->w->halo.row(job, job->steps, first),
			       (size_t)(end - first) * (size_t)b->bytes, r, TAG_ROWS);
	}
}

void mpi_halo(const struct job *job, void *partials, size_t stride, int rank, int size)
{
	struct band b;
	double waited = 0;
	int rc;

	if (band_init(&b, job, stride, rank, size) != 0)
		mpi_abort(EXIT_RUNTIME);
	for (size_t k = 0; k < job->steps; k++)
		band_step(&b, k);
	band_gather(&b, partials, rank, size);
	team_computed(job->team);	/* rank 0 holds every result: what follows is by-product */
	if ((rc = MPI_Reduce(&b.waited, &waited, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD)) !=
	    MPI_SUCCESS)
		mpi_fail(rc, "MPI_Reduce (sync_s)");
	if (rank == 0)
		team_waited(job->team, waited);
	if (job->rows_to_0)
		band_gather_rows(&b, rank, size);
	free(b.out);
}
