/* mpi_master.c: the mpi variant's dynamic schedule, master-worker. Rank 0 hands out chunks of
 * --chunk tasks on demand and, like pool.c's caller, computes chunks itself between messages.
 * Each worker holds two chunks while plenty is left, so it has the next one at hand while rank 0
 * is busy computing and cannot answer. During the run only two-number messages travel ("run
 * this range", "done"); each worker keeps its results and sends them all at the end. When each
 * chunk's results followed its "done", mandelbrot on 2 ranks ran 1.64 times faster than serial;
 * with them at the end, 1.92 (the worker's busy time had included sends that waited for rank 0
 * to finish its own row). */
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "mpicomm.h"

#define QUEUED 2		/* chunks a worker holds: one it runs, one that waits */
/* Probes that find nothing before rank 0 believes nothing came. Open MPI polls its shared-memory
 * transport only on some calls into the library (every 8th in 4.1), so a single empty
 * MPI_Iprobe missed results that had waited a whole task: the worker sat idle meanwhile. */
#define PROBES 16

/* Dynamic, rank 0's side. A work message is a task range [begin, end); an empty one says stop. */
struct master {
	const struct job *job;
	int size;		/* ranks */
	void *partials;
	size_t stride;
	size_t next;		/* the first task not handed out yet */
	int *held;		/* chunks each worker holds */
	int outstanding;	/* chunks held by all workers */
	int *owner;		/* the rank that runs chunk k, tasks [k * chunk, (k + 1) * chunk) */
};

static void master_send(struct master *m, int to)
{
	uint64_t range[2] = { m->next, m->next };
	int rc;

	if (m->next < m->job->tasks) {
		range[1] = chunk_end(m->next, m->job->chunk, m->job->tasks);
		m->owner[m->next / m->job->chunk] = to;
		m->next = range[1];
		m->held[to]++;
		m->outstanding++;
	}
	if ((rc = MPI_Send(range, 2, MPI_UINT64_T, to, TAG_WORK, MPI_COMM_WORLD)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Send");
}

/* Whether to queue a chunk behind the one a worker holds. Only while plenty is left: near the
 * end a queued chunk finishes later than if rank 0 ran it itself (with 10 equal tasks on 2
 * ranks, always queueing took 6 task-times instead of 5). */
static int master_plenty(const struct master *m)
{
	size_t left = m->job->tasks - m->next;

	return left >= (size_t)(m->size + 1) * m->job->chunk;
}

/* A worker said it finished a chunk: give it more, or the stop it has now earned. */
static void master_collect(struct master *m, int from)
{
	uint64_t range[2];
	int rc;

	if ((rc = MPI_Recv(range, 2, MPI_UINT64_T, from, TAG_RESULT, MPI_COMM_WORLD,
			   MPI_STATUS_IGNORE)) != MPI_SUCCESS)
		mpi_fail(rc, "MPI_Recv");
	m->held[from]--;
	m->outstanding--;
	if (m->held[from] == 0 || (m->next < m->job->tasks && master_plenty(m)))
		master_send(m, from);	/* more work, or the stop it has now earned */
}

/* Tasks [*begin, *end) of chunk k. */
static void chunk_range(const struct master *m, size_t k, size_t *begin, size_t *end)
{
	*begin = k * m->job->chunk;
	*end = *begin + m->job->chunk < m->job->tasks ? *begin + m->job->chunk : m->job->tasks;
}

/* How many tasks worker w ran. */
static size_t master_owned(const struct master *m, int w)
{
	size_t nchunks = (m->job->tasks + m->job->chunk - 1) / m->job->chunk, n = 0, b, e;

	for (size_t k = 0; k < nchunks; k++) {
		chunk_range(m, k, &b, &e);
		if (m->owner[k] == w)
			n += e - b;
	}
	return n;
}

/* Every worker's results, sent after its stop in the order its chunks were handed out, go to
 * their tasks' slots. */
static void master_gather(struct master *m)
{
	size_t nchunks = (m->job->tasks + m->job->chunk - 1) / m->job->chunk, most = 0, b, e;
	char *buf;

	for (int w = 1; w < m->size; w++)
		if (master_owned(m, w) > most)
			most = master_owned(m, w);
	buf = mpi_buffer(most * m->stride);
	for (int w = 1; w < m->size; w++) {
		size_t n = 0;

		mpi_bytes_recv(buf, master_owned(m, w) * m->stride, w, TAG_DATA);
		for (size_t k = 0; k < nchunks; k++) {
			if (m->owner[k] != w)
				continue;
			chunk_range(m, k, &b, &e);
			memcpy(partial_at(m->partials, m->stride, b), buf + n, (e - b) * m->stride);
			n += (e - b) * m->stride;	/* a chunk's slots are contiguous */
		}
	}
	free(buf);
}

void mpi_master(const struct job *job, void *partials, size_t stride, int size)
{
	struct master m = { .job = job, .size = size, .partials = partials, .stride = stride };
	MPI_Status st;
	int rc, flag;

	m.held = calloc((size_t)size, sizeof *m.held);
	m.owner = calloc((job->tasks + job->chunk - 1) / job->chunk, sizeof *m.owner);
	if (!m.held || !m.owner)
		mpi_alloc_fail("mpi: calloc");
	for (int w = 1; w < size; w++) {
		master_send(&m, w);	/* a chunk, or a stop when there are fewer chunks than workers */
		for (int q = 1; q < QUEUED && m.held[w] > 0 && master_plenty(&m); q++)
			master_send(&m, w);
	}
	while (m.next < job->tasks || m.outstanding > 0) {
		/* Answer every worker that reported before computing more: each report means a
		 * worker is about to run out. */
		for (int empty = 0; empty < PROBES;) {
			if ((rc = MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &st)) !=
			    MPI_SUCCESS)
				mpi_fail(rc, "MPI_Iprobe");
			if (!flag) {
				empty++;
				continue;
			}
			master_collect(&m, st.MPI_SOURCE);
			empty = 0;
		}
		if (m.next < job->tasks) {
			size_t begin = m.next;

			m.next = chunk_end(begin, job->chunk, job->tasks);
			for (size_t i = begin; i < m.next; i++)
				if (job->w->task(job, i, partial_at(partials, stride, i)) != 0)
					mpi_task_fail(i);
		} else if (m.outstanding > 0) {
			if ((rc = MPI_Probe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &st)) !=
			    MPI_SUCCESS)
				mpi_fail(rc, "MPI_Probe");
			master_collect(&m, st.MPI_SOURCE);
		}
	}
	master_gather(&m);
	free(m.owner);
	free(m.held);
}

void mpi_worker(const struct job *job, size_t stride)
{
	size_t len = 0, cap = job->chunk * stride;
	char *out = mpi_buffer(cap);		/* my results, chunk after chunk */
	uint64_t range[2];
	int rc;

	for (;;) {
		if ((rc = MPI_Recv(range, 2, MPI_UINT64_T, 0, TAG_WORK, MPI_COMM_WORLD,
				   MPI_STATUS_IGNORE)) != MPI_SUCCESS)
			mpi_fail(rc, "MPI_Recv");
		if (range[0] == range[1])
			break;
		while (len + (range[1] - range[0]) * stride > cap) {
			char *more = realloc(out, 2 * cap);

			if (!more)
				mpi_alloc_fail("mpi: realloc");
			out = more;
			cap *= 2;
		}
		for (uint64_t i = range[0]; i < range[1]; i++, len += stride)
			if (job->w->task(job, i, out + len) != 0)
				mpi_task_fail(i);
		if ((rc = MPI_Send(range, 2, MPI_UINT64_T, 0, TAG_RESULT, MPI_COMM_WORLD)) !=
		    MPI_SUCCESS)
			mpi_fail(rc, "MPI_Send");
	}
	mpi_bytes_send(out, len, 0, TAG_DATA);
	free(out);
}
