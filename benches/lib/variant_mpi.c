/* variant_mpi.c: the mpi variant, in bin/<bench>-mpi started by `mpirun -np W`. Every rank runs
 * this same program (SPMD) in its own memory, maybe on another machine: only messages cross.
 *  - static (--schedule block or cyclic): rank r runs the slice schedule.h gives worker r, then
 *    sends its partial results to rank 0, which puts each at its task's index (a gather).
 *  - dynamic (--schedule dynamic, the default for irregular benches): master-worker
 *    (mpi_master.c).
 *  - a bench with halo rows (heat): a band of rows per rank, halos swapped (mpi_halo.c).
 * Either way rank 0 ends with every partial in task order, so finish() gives serial's result.
 * A task or an MPI call that fails ends the whole job with MPI_Abort, after saying why: a rank
 * left waiting for a message that will never come would hang. */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpicomm.h"
#include "mpiranks.h"
#include "msg.h"
#include "place.h"
#include "team.h"
#include "schedule.h"
#include "variants.h"

#define PIECE (1 << 30)		/* MPI counts are ints: larger transfers go in pieces */

_Noreturn void mpi_fail(int rc, const char *call)
{
	char text[MPI_MAX_ERROR_STRING];
	int len = 0;

	if (MPI_Error_string(rc, text, &len) != MPI_SUCCESS)
		snprintf(text, sizeof text, "error %d", rc);
	msg_warn("%s: %s", call, text);
	MPI_Abort(MPI_COMM_WORLD, EXIT_RUNTIME);
	_exit(EXIT_RUNTIME);	/* MPI_Abort does not return; this is in case it does */
}

_Noreturn void mpi_abort(int code)
{
	MPI_Abort(MPI_COMM_WORLD, code);
	_exit(code);	/* MPI_Abort does not return; this is in case it does */
}

_Noreturn void mpi_task_fail(size_t i)
{
	msg_warn("mpi: task %zu failed: aborting every rank", i);	/* the task said why */
	MPI_Abort(MPI_COMM_WORLD, EXIT_RUNTIME);
	_exit(EXIT_RUNTIME);
}

int mpi_start(int *argc, char ***argv, struct ranks *rk)
{
	int rc;

	if ((rc = MPI_Init(argc, argv)) != MPI_SUCCESS) {
		msg_warn("MPI_Init failed (error %d)", rc);
		return -1;
	}
	/* Failures come back as return codes, checked at each call, instead of a silent abort. */
	if ((rc = MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Comm_set_errhandler");
	if ((rc = MPI_Comm_rank(MPI_COMM_WORLD, &rk->rank)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Comm_rank");
	if ((rc = MPI_Comm_size(MPI_COMM_WORLD, &rk->size)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Comm_size");
	msg_set_rank(rk->rank);
	return 0;
}

int mpi_stop(void)
{
	int rc = MPI_Finalize();

	if (rc != MPI_SUCCESS) {
		msg_warn("MPI_Finalize failed (error %d)", rc);
		return -1;
	}
	return 0;
}

void mpi_bytes_send(const void *buf, size_t len, int to, int tag)
{
	const char *p = buf;
	int rc;

	do {	/* at least one message, even for 0 bytes: the receiver expects one */
		int n = len > PIECE ? PIECE : (int)len;

		if ((rc = MPI_Send(p, n, MPI_BYTE, to, tag, MPI_COMM_WORLD)) != MPI_SUCCESS)
			mpi_fail(rc, "MPI_Send");
		p += n;
		len -= (size_t)n;
	} while (len > 0);
}

void mpi_bytes_recv(void *buf, size_t len, int from, int tag)
{
	char *p = buf;
	int rc;

	do {
		int n = len > PIECE ? PIECE : (int)len;

		if ((rc = MPI_Recv(p, n, MPI_BYTE, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE)) !=
		    MPI_SUCCESS)
			mpi_fail(rc, "MPI_Recv");
		p += n;
		len -= (size_t)n;
	} while (len > 0);
}

_Noreturn void mpi_alloc_fail(const char *call)
{
	msg_errno(call);
	MPI_Abort(MPI_COMM_WORLD, EXIT_RUNTIME);
	_exit(EXIT_RUNTIME);
}

void *mpi_buffer(size_t bytes)
{
	void *buf = malloc(bytes ? bytes : 1);

	if (!buf)
		mpi_alloc_fail("mpi: malloc");
	return buf;
}

/* Static: compute my slice, then gather every slice on rank 0 in task order. */
static void mpi_static(const struct job *job, void *partials, size_t stride, int rank, int size)
{
	struct slice s = slice_of(job, rank);
	size_t mine = slice_count(s), most = 0, k = 0, i;
	char *buf;

	if (rank != 0) {
		buf = mpi_buffer(mine * stride);
		while (slice_next(&s, &i))
			if (job->w->task(job, i, buf + k++ * stride) != 0)
				mpi_task_fail(i);
		mpi_bytes_send(buf, mine * stride, 0, TAG_DATA);
		free(buf);
		return;
	}
	while (slice_next(&s, &i))	/* rank 0 writes its own slice in place */
		if (job->w->task(job, i, partial_at(partials, stride, i)) != 0)
			mpi_task_fail(i);
	for (int r = 1; r < size; r++)
		if (slice_count(slice_of(job, r)) > most)
			most = slice_count(slice_of(job, r));
	buf = mpi_buffer(most * stride);
	for (int r = 1; r < size; r++) {
		struct slice t = slice_of(job, r);

		mpi_bytes_recv(buf, slice_count(t) * stride, r, TAG_DATA);
		for (k = 0; slice_next(&t, &i); k++)
			memcpy(partial_at(partials, stride, i), buf + k * stride, stride);
	}
	free(buf);
}


/* The rank among those on this host: Open MPI says so in the environment; without it, one host. */
static int mpi_local_rank(int rank)
{
	const char *local = getenv("OMPI_COMM_WORLD_LOCAL_RANK");

	return local && *local ? atoi(local) : rank;
}

int variant_mpi(const struct job *job, void *partials, size_t stride)
{
	struct ranks rk;
	int rc;

	if ((rc = MPI_Comm_rank(MPI_COMM_WORLD, &rk.rank)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Comm_rank");
	if ((rc = MPI_Comm_size(MPI_COMM_WORLD, &rk.size)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Comm_size");
	/* mpirun binds nothing (the runner passes --bind-to none): each rank places itself by the
	 * same rule as every other variant, as the local worker it is on its host. */
	if (job->steps > 1 && !job->w->halo.row) {
		if (rk.rank == 0)
			msg_warn("mpi: %s works in steps but has no halo rows to exchange, which the "
				 "mpi variant cannot run", job->w->name);
		return -1;
	}
	if (place_enter(job->place, mpi_local_rank(rk.rank)) != 0) {
		msg_warn("mpi: rank %d cannot be placed: aborting every rank", rk.rank);
		mpi_abort(EXIT_RUNTIME);
	}
	/* Start ends when every rank is placed and here; compute when rank 0 holds every result. */
	if ((rc = MPI_Barrier(MPI_COMM_WORLD)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Barrier");
	team_started(job->team);
	if (job->w->halo.row) {
		mpi_halo(job, partials, stride, rk.rank, rk.size);	/* it stamps compute's end */
	} else {
		if (job->schedule != SCHEDULE_DYNAMIC)
			mpi_static(job, partials, stride, rk.rank, rk.size);
		else if (rk.rank == 0)
			mpi_master(job, partials, stride, rk.size);
		else
			mpi_worker(job, stride);
		team_computed(job->team);
	}
	place_leave(job->place, rk.rank);
	return 0;
}

int mpi_gather_cpus(int *seen, int nseen, const struct ranks *rk)
{
	int mine = rk->rank < nseen ? seen[rk->rank] : -1, *all = NULL, rc;

	if (rk->rank == 0 && !(all = malloc((size_t)rk->size * sizeof *all))) {
		msg_errno("malloc");
		MPI_Abort(MPI_COMM_WORLD, EXIT_RUNTIME);
	}
	if ((rc = MPI_Gather(&mine, 1, MPI_INT, all, 1, MPI_INT, 0, MPI_COMM_WORLD)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Gather");
	for (int r = 0; rk->rank == 0 && r < rk->size && r < nseen; r++)
		seen[r] = all[r];
	free(all);
	return 0;
}
