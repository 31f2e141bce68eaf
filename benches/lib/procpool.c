/* procpool.c: worker processes, a shared claim counter, and one socket per worker. The socket
 * carries "go", "quit" and "done"; its end-of-file is how the parent learns at once that a worker
 * died, so a dead worker is reported instead of waited on (Python's Pool hangs here: gh-66587). */
#include "procpool.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chunk.h"
#include "clock.h"
#include "msg.h"
#include "place.h"
#include "process.h"
#include "shm.h"

#define NO_TASK SIZE_MAX

/* In MAP_SHARED memory: written by the parent before "go", read and claimed by workers. */
struct pp_shared {
	atomic_size_t next;
	size_t n, chunk;
	procpool_fn body;
	void *arg;
	const struct place *place;	/* the parent's, copied into each worker by fork */
	int (*ready)(const void *arg);	/* run in each worker once placed; NULL: nothing */
	const void *ready_arg;
	atomic_ullong busy_ns;		/* the workers' time in this round's claims, summed */
	atomic_size_t current[];	/* per worker: first task of the claim it runs, or NO_TASK */
};

struct procpool {
	int workers;
	int broken;
	struct pp_shared *sh;
	size_t sh_bytes;
	pid_t *pids;		/* 0 once reaped */
	int *fds;		/* the parent's end of each worker's socket; -1 once closed */
	double idle_s;		/* of the last procpool_for: see procpool_idle_s */
};

/* Claim and run chunks until none are left, then say "done". */
static void worker_round(struct pp_shared *sh, int w, int fd)
{
	double t0 = clock_now();
	size_t begin;

	while ((begin = atomic_fetch_add(&sh->next, sh->chunk)) < sh->n) {
		atomic_store_explicit(&sh->current[w], begin, memory_order_relaxed);
		sh->body(sh->arg, begin, chunk_end(begin, sh->chunk, sh->n));
	}
	atomic_store_explicit(&sh->current[w], NO_TASK, memory_order_relaxed);
	atomic_fetch_add(&sh->busy_ns, (unsigned long long)((clock_now() - t0) * 1e9));
	place_leave(sh->place, w);	/* before "done": the parent reads it then */
	if (write(fd, "d", 1) != 1)
		_exit(EXIT_RUNTIME);	/* the parent is gone */
}

/* Placed, the worker says it is ready ("r"), then runs a round at each "go". */
static void worker_loop(struct pp_shared *sh, int w, int fd)
{
	char c;

	if (place_enter(sh->place, w) != 0)
		_exit(EXIT_RUNTIME);
	if (sh->ready && sh->ready(sh->ready_arg) != 0)
		_exit(EXIT_RUNTIME);	/* it said why */
	if (write(fd, "r", 1) != 1)
		_exit(EXIT_RUNTIME);	/* the parent is gone */
	for (;;) {
		ssize_t r = read(fd, &c, 1);

		/* "quit", not only end-of-file: any process forked later (another pool's worker, say)
		 * holds a copy of the parent's end, so end-of-file may never come. */
		if (r == 0 || c == 'q')
			_exit(0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			msg_errno("procpool worker: read");
			_exit(EXIT_RUNTIME);
		}
		worker_round(sh, w, fd);
	}
}

static void procpool_reap(struct procpool *pp, int i, int *status)
{
	*status = 0;
	if (pp->pids[i] <= 0)
		return;
	if (process_reap(pp->pids[i], status) != 0)
		msg_errno("waitpid");
	pp->pids[i] = 0;
}

static void procpool_close(struct procpool *pp, int i)
{
	if (pp->fds[i] >= 0 && close(pp->fds[i]) != 0)
		msg_errno("close");
	pp->fds[i] = -1;
}

/* Kill and reap every worker still alive: after a death, or when creation fails half-way. */
static void procpool_kill_all(struct procpool *pp)
{
	int status;

	for (int i = 0; i < pp->workers; i++) {
		if (pp->pids[i] > 0 && kill(pp->pids[i], SIGKILL) != 0 && errno != ESRCH)
			msg_errno("kill");
		procpool_close(pp, i);
		procpool_reap(pp, i, &status);
	}
	pp->broken = 1;
}

static void procpool_free(struct procpool *pp)
{
	shm_free(pp->sh, pp->sh_bytes);
	free(pp->pids);
	free(pp->fds);
	free(pp);
}

/* Publish a parallel-for in shared memory; workers see it when told "go", or at birth. */
static void procpool_publish(struct procpool *pp, size_t n, size_t chunk, procpool_fn body,
			     void *arg)
{
	pp->sh->n = n;
	pp->sh->chunk = chunk ? chunk : 1;
	pp->sh->body = body;
	pp->sh->arg = arg;
	atomic_store(&pp->sh->busy_ns, 0);
	atomic_store(&pp->sh->next, 0);	/* seq_cst: the fields above are published with it */
}

/* The pool's memory and its shared page, before any worker is forked. Returns NULL after a
 * message. */
static struct procpool *procpool_alloc(int workers, const struct place *place,
				       int (*ready)(const void *arg), const void *ready_arg)
{
	struct procpool *pp;

	if (workers < 1) {
		msg_warn("procpool_create: %d workers; at least 1 is needed", workers);
		return NULL;
	}
	pp = calloc(1, sizeof *pp);
	if (!pp) {
		msg_errno("calloc");
		return NULL;
	}
	pp->workers = workers;
	pp->pids = calloc(workers, sizeof *pp->pids);
	pp->fds = malloc(workers * sizeof *pp->fds);
	pp->sh_bytes = sizeof *pp->sh + workers * sizeof pp->sh->current[0];
	if (!pp->pids || !pp->fds) {
		msg_errno("malloc");
		goto out_free;
	}
	for (int i = 0; i < workers; i++)
		pp->fds[i] = -1;
	pp->sh = shm_alloc(pp->sh_bytes);
	if (!pp->sh)
		goto out_free;
	for (int i = 0; i < workers; i++)
		atomic_init(&pp->sh->current[i], NO_TASK);
	pp->sh->place = place;
	pp->sh->ready = ready;
	pp->sh->ready_arg = ready_arg;
	return pp;

out_free:
	procpool_free(pp);
	return NULL;
}

/* Fork worker i, which places itself, gets ready and says so. Returns 0, or -1 after a message. */
static int procpool_fork_worker(struct procpool *pp, int i)
{
	pid_t parent = getpid(), pid;
	int sv[2];

	/* A socket, not a pipe: send() with MSG_NOSIGNAL turns a dead reader into EPIPE. */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		msg_errno("socketpair");
		return -1;
	}
	pid = process_fork(sv);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* Drop the parent's ends we inherited, or a sibling would hold them open. */
		for (int j = 0; j < i; j++)
			close(pp->fds[j]);
		close(sv[0]);
		/* Die with the parent rather than linger as an orphan. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
			_exit(EXIT_RUNTIME);
		worker_loop(pp->sh, i, sv[1]);
	}
	close(sv[1]);
	pp->fds[i] = sv[0];
	pp->pids[i] = pid;
	return 0;
}

/* Fork the workers; each places itself, gets ready and says so. */
static struct procpool *procpool_spawn(int workers, const struct place *place,
				       int (*ready)(const void *arg), const void *ready_arg)
{
	struct procpool *pp = procpool_alloc(workers, place, ready, ready_arg);

	if (!pp)
		return NULL;
	for (int i = 0; i < workers; i++) {
		if (procpool_fork_worker(pp, i) != 0) {
			procpool_kill_all(pp);
			procpool_free(pp);
			return NULL;
		}
	}
	return pp;
}

/* A worker's socket hung up before it said "done": reap it, say what it was doing, stop all. */
static int procpool_lost(struct procpool *pp, int i)
{
	size_t task = atomic_load(&pp->sh->current[i]);
	pid_t pid = pp->pids[i];
	char how[96], what[96];
	int status;

	procpool_close(pp, i);
	procpool_reap(pp, i, &status);
	msg_status(status, how, sizeof how);
	if (task == NO_TASK)
		snprintf(what, sizeof what, "between tasks");
	else if (pp->sh->chunk == 1)
		snprintf(what, sizeof what, "while running task %zu", task);
	else
		snprintf(what, sizeof what, "while running tasks %zu..%zu", task,
			 chunk_end(task, pp->sh->chunk, pp->sh->n) - 1);
	msg_warn("procpool: worker %d (pid %d) %s %s", i, (int)pid, how, what);
	procpool_kill_all(pp);
	return -1;
}

/* Wait for one byte from every worker ("r" or "done"), sending "go" first when asked to. A
 * hang-up instead is a dead worker. */
static int procpool_collect(struct procpool *pp, int send_go)
{
	struct pollfd *pfd = malloc(pp->workers * sizeof *pfd);
	int left = pp->workers, err = 0;

	if (!pfd) {
		msg_errno("malloc");
		procpool_kill_all(pp);
		return -1;
	}
	for (int i = 0; i < pp->workers; i++) {
		pfd[i] = (struct pollfd){ .fd = pp->fds[i], .events = POLLIN };
		if (send_go && send(pp->fds[i], "g", 1, MSG_NOSIGNAL) != 1) {
			err = procpool_lost(pp, i);	/* EPIPE: it is already dead */
			goto out;
		}
	}
	while (left > 0) {
		if (poll(pfd, pp->workers, -1) < 0) {
			if (errno == EINTR)
				continue;
			msg_errno("poll");
			procpool_kill_all(pp);
			err = -1;
			goto out;
		}
		for (int i = 0; i < pp->workers; i++) {
			char c;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			if (recv(pfd[i].fd, &c, 1, 0) != 1) {
				err = procpool_lost(pp, i);
				goto out;
			}
			pfd[i].fd = -1;	/* poll skips negative fds */
			left--;
		}
	}
out:
	free(pfd);
	return err;
}

struct procpool *procpool_create(int workers)
{
	return procpool_create_placed(workers, NULL, NULL, NULL);
}

struct procpool *procpool_create_placed(int workers, const struct place *place,
					int (*ready)(const void *arg), const void *arg)
{
	struct procpool *pp = procpool_spawn(workers, place, ready, arg);

	if (pp && procpool_collect(pp, 0) != 0) {	/* every "r"; a worker lost is reported */
		procpool_destroy(pp);
		return NULL;
	}
	return pp;
}

int procpool_run(int workers, size_t n, size_t chunk, procpool_fn body, void *arg)
{
	struct procpool *pp = procpool_create(workers);
	int err;

	if (!pp)
		return -1;
	err = procpool_for(pp, n, chunk, body, arg);
	procpool_destroy(pp);
	return err;
}

int procpool_for(struct procpool *pp, size_t n, size_t chunk, procpool_fn body, void *arg)
{
	double t0 = clock_now();
	int err;

	if (pp->broken) {
		msg_warn("procpool: the pool lost a worker earlier and cannot run tasks");
		return -1;
	}
	procpool_publish(pp, n, chunk, body, arg);
	err = procpool_collect(pp, 1);
	pp->idle_s = pp->workers * (clock_now() - t0) - (double)atomic_load(&pp->sh->busy_ns) / 1e9;
	return err;
}

double procpool_idle_s(const struct procpool *pp)
{
	return pp->idle_s > 0 ? pp->idle_s : 0;
}

void procpool_destroy(struct procpool *pp)
{
	char how[96];
	int status;

	if (!pp)
		return;
	for (int i = 0; i < pp->workers; i++) {
		/* EPIPE only means that worker is gone already; reaping tells how. */
		if (pp->fds[i] >= 0 && send(pp->fds[i], "q", 1, MSG_NOSIGNAL) != 1 && errno != EPIPE &&
		    errno != ECONNRESET)
			msg_errno("send");
		procpool_close(pp, i);
	}
	for (int i = 0; i < pp->workers; i++) {
		pid_t pid = pp->pids[i];

		procpool_reap(pp, i, &status);
		if (pid > 0 && status != 0)
			msg_warn("procpool: worker %d (pid %d) %s at shutdown", i, (int)pid,
				 msg_status(status, how, sizeof how));
	}
	procpool_free(pp);
}

int procpool_pid(const struct procpool *pp, int i)
{
	return pp->pids[i];
}
