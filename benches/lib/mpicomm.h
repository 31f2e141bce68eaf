/* mpicomm.h: what the mpi variant's files share inside bin/<bench>-mpi: its message tags, and
 * calls that end every rank with a message when MPI or a task fails, since a rank left waiting
 * for a message that will never come would hang. */
#ifndef PARBENCH_MPICOMM_H
#define PARBENCH_MPICOMM_H

#include <stddef.h>

#include "workload.h"

enum { TAG_WORK = 1, TAG_RESULT, TAG_DATA, TAG_HALO_UP, TAG_HALO_DOWN, TAG_ROWS };

/* Say which call failed and how, then abort every rank. */
_Noreturn void mpi_fail(int rc, const char *call);
/* Task i failed (it said why): abort every rank. */
_Noreturn void mpi_task_fail(size_t i);
/* call (malloc...) failed: say so with errno, abort every rank. */
_Noreturn void mpi_alloc_fail(const char *call);
/* malloc, or abort every rank. */
void *mpi_buffer(size_t bytes);
/* len bytes to or from one rank, in pieces of at most 1 GiB (MPI counts are ints). */
void mpi_bytes_send(const void *buf, size_t len, int to, int tag);
void mpi_bytes_recv(void *buf, size_t len, int from, int tag);

/* The dynamic schedule (mpi_master.c): rank 0 hands out chunks and ends with every partial
 * result in task order; every other rank runs what it is handed. */
void mpi_master(const struct job *job, void *partials, size_t stride, int size);
void mpi_worker(const struct job *job, size_t stride);

/* A bench with halo rows (workload.halo), on this rank of size (mpi_halo.c). Rank 0 ends with
 * every partial result in task order, and, with job->rows_to_0, every row of the last grid. */
void mpi_halo(const struct job *job, void *partials, size_t stride, int rank, int size);

#endif
