/* test_procpool.c: the process pool. Every index runs exactly once, in the workers, over many
 * (n, chunk, workers) on a reused pool; a worker that dies (SIGKILL, SIGSEGV, _exit, killed
 * while idle) makes procpool_for return -1 at once with a message naming the task and the cause,
 * and leaves no child behind. Workers only write shm_alloc'd memory; the test process asserts. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "counts.h"
#include "inproc.h"
#include "lib/procpool.h"
#include "lib/shm.h"

#define NMAX 100000
#define NEVER SIZE_MAX

/* One mapping made before procpool_create, so the workers share it: their only way to report. */
struct shared {
	struct counted_range r;	/* of the current call, for the range checks; r.counts is counts */
	pid_t parent;
	size_t die_at;		/* the index whose task kills its worker, or NEVER */
	int die_sig;		/* how: SIGKILL or SIGSEGV, or 0 for _exit(0) */
	int others_hang;	/* every other index blocks until its worker is killed */
	pid_t died;		/* the worker that took die_at */
	atomic_int in_parent;
	pthread_barrier_t meet;
	pid_t pid_at[8];
	atomic_int counts[NMAX];
};

static struct shared *shared_new(void)
{
	struct shared *s = shm_alloc(sizeof *s);

	cr_assert_not_null(s, "shm_alloc");
	s->r.counts = s->counts;
	s->parent = getpid();
	s->die_at = NEVER;
	return s;
}

static void shared_reset(struct shared *s, size_t n, size_t chunk)
{
	counts_range_reset(&s->r, n, chunk);
	atomic_store(&s->in_parent, 0);
}

static void die(struct shared *s)
{
	s->died = getpid();
	if (s->die_sig)
		inproc_die_of(s->die_sig);	/* not the exit 86 a sanitizer's handler would make */
	_exit(0);
}

static void count_body(void *arg, size_t begin, size_t end)
{
	struct shared *s = arg;

	atomic_fetch_add(&s->r.calls, 1);
	if (getpid() == s->parent)
		atomic_fetch_add(&s->in_parent, 1);
	if (begin >= end || end > s->r.n || end - begin > s->r.chunk) {
		atomic_fetch_add(&s->r.bad, 1);
		return;
	}
	for (size_t i = begin; i < end; i++) {
		if (i == s->die_at)
			die(s);
		while (s->others_hang)
			pause();
		atomic_fetch_add_explicit(&s->counts[i], 1, memory_order_relaxed);
	}
}

static void redirect_stderr(void)
{
	cr_redirect_stderr();
}

#define assert_said(needle)								\
	cr_assert_not_null(strstr(inproc_stderr(), (needle)), "stderr lacks \"%s\":\n%s",	\
			   (needle), inproc_stderr())

static struct procpool *procpool_new(int workers)
{
	struct procpool *pp = procpool_create(workers);

	cr_assert_not_null(pp, "procpool_create(%d)", workers);
	return pp;
}

/* The end of a test's pool: destroyed, with no worker left behind, and s freed. */
static void pool_end(struct procpool *pp, struct shared *s)
{
	procpool_destroy(pp);
	inproc_assert_no_children("after procpool_destroy");
	shm_free(s, sizeof *s);
}

/* procpool_for over n in pieces of chunk, whose index die_at ends its worker by signal sig (0:
 * _exit(0)): the call must fail. */
static void run_to_death(struct procpool *pp, struct shared *s, size_t n, size_t chunk,
			 size_t die_at, int sig)
{
	s->die_at = die_at;
	s->die_sig = sig;
	shared_reset(s, n, chunk);
	cr_assert_eq(procpool_for(pp, n, chunk, count_body, s), -1, "%s in task %zu went unseen",
		     sig ? strsignal(sig) : "_exit(0)", die_at);
}

static void run_checked(struct procpool *pp, struct shared *s, int workers, size_t n, size_t chunk)
{
	shared_reset(s, n, chunk);
	cr_assert_eq(procpool_for(pp, n, chunk, count_body, s), 0, "n %zu, chunk %zu, %d workers",
		     n, chunk, workers);
	cr_assert_eq(atomic_load(&s->r.bad), 0, "bad ranges: n %zu, chunk %zu, %d workers", n,
		     chunk, workers);
	cr_assert_eq(atomic_load(&s->in_parent), 0, "body ran in the parent");
	counts_assert(s->counts, n, 1, "n %zu, chunk %zu, %d workers", n, chunk, workers);
	cr_assert_eq((size_t)atomic_load(&s->r.calls), (n + chunk - 1) / chunk,
		     "body calls: n %zu, chunk %zu, %d workers", n, chunk, workers);
}

static int some_workers[] = { 1, 2, 3, 4 };

ParameterizedTestParameters(procpool, covers_each_index_once)
{
	return cr_make_param_array(int, some_workers,
				   sizeof some_workers / sizeof some_workers[0]);
}

/* One pool for every case: each call must start from a clean claim counter. */
ParameterizedTest(int *workers, procpool, covers_each_index_once, .timeout = 30)
{
	static const size_t ns[] = { 0, 1, 2, 3, 5, 64, 1000, NMAX };
	static const size_t chunks[] = { 1, 3, 64, 1000 };
	struct shared *s = shared_new();
	struct procpool *pp = procpool_new(*workers);

	for (size_t a = 0; a < sizeof ns / sizeof ns[0]; a++) {
		size_t n = ns[a];

		for (size_t b = 0; b < sizeof chunks / sizeof chunks[0]; b++)
			run_checked(pp, s, *workers, n, chunks[b]);
		if (n > 0)
			run_checked(pp, s, *workers, n, n);	/* one claim */
		run_checked(pp, s, *workers, n, n + 1);	/* chunk > n */
	}
	pool_end(pp, s);
}

/* n = workers claims that each wait for all the others: done only if every worker takes one. */
static void meet_body(void *arg, size_t begin, size_t end)
{
	struct shared *s = arg;

	if (begin + 1 != end || end > s->r.n) {
		atomic_fetch_add(&s->r.bad, 1);
		return;
	}
	s->pid_at[begin] = getpid();
	pthread_barrier_wait(&s->meet);
	atomic_fetch_add(&s->counts[begin], 1);
}

Test(procpool, workers_run_at_once, .timeout = 10)
{
	enum { W = 4 };
	struct shared *s = shared_new();
	pthread_barrierattr_t attr;
	struct procpool *pp;

	cr_assert_eq(pthread_barrierattr_init(&attr), 0);
	cr_assert_eq(pthread_barrierattr_setpshared(&attr, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_barrier_init(&s->meet, &attr, W), 0);
	pthread_barrierattr_destroy(&attr);
	pp = procpool_new(W);
	for (int rep = 0; rep < 10; rep++) {
		shared_reset(s, W, 1);
		cr_assert_eq(procpool_for(pp, W, 1, meet_body, s), 0);
		cr_assert_eq(atomic_load(&s->r.bad), 0);
		for (int i = 0; i < W; i++) {
			int mine = 0;

			cr_assert_eq(atomic_load(&s->counts[i]), 1, "index %d", i);
			for (int j = 0; j < W; j++)
				mine += s->pid_at[j] == procpool_pid(pp, i);
			cr_assert_eq(mine, 1, "worker %d (pid %d) ran %d of the %d indices", i,
				     procpool_pid(pp, i), mine, W);
		}
	}
	procpool_destroy(pp);
	pthread_barrier_destroy(&s->meet);
	shm_free(s, sizeof *s);
}

Test(procpool, destroy_reaps_workers, .timeout = 10)
{
	struct shared *s = shared_new();
	struct procpool *pp;

	inproc_assert_no_children("before the first pool");
	pp = procpool_new(4);
	procpool_destroy(pp);	/* never used */
	inproc_assert_no_children("after destroying an unused pool");
	pp = procpool_new(4);
	run_checked(pp, s, 4, 1000, 10);
	procpool_destroy(pp);
	inproc_assert_no_children("after destroying a used pool");
	shm_free(s, sizeof *s);
}

Test(procpool, worker_killed_mid_run, .init = redirect_stderr, .timeout = 10)
{
	struct shared *s = shared_new();
	struct procpool *pp;
	char pid[32];

	inproc_assert_no_children("before the pool");
	pp = procpool_new(3);
	run_to_death(pp, s, 200, 1, 37, SIGKILL);
	inproc_assert_no_children("right after the failed call");	/* procpool.h: killed and reaped */
	assert_said("task 37");
	assert_said("signal 9");
	snprintf(pid, sizeof pid, "(pid %d)", (int)s->died);
	assert_said(pid);

	s->die_at = NEVER;
	shared_reset(s, 10, 1);
	cr_assert_eq(procpool_for(pp, 10, 1, count_body, s), -1, "a broken pool ran again");
	cr_assert_eq(atomic_load(&s->r.calls), 0, "a broken pool ran %d tasks",
		     atomic_load(&s->r.calls));
	pool_end(pp, s);
}

/* The survivors are stuck in their tasks: only killing them lets procpool_for return. */
Test(procpool, others_killed_when_one_dies, .init = redirect_stderr, .timeout = 10)
{
	struct shared *s = shared_new();
	struct procpool *pp = procpool_new(4);

	s->others_hang = 1;
	run_to_death(pp, s, 4, 1, 2, SIGKILL);
	inproc_assert_no_children("right after the failed call");
	assert_said("task 2");
	pool_end(pp, s);
}

Test(procpool, task_segfault, .init = redirect_stderr, .timeout = 10)
{
	const struct rlimit no_core = { 0, 0 };
	struct shared *s = shared_new();
	struct procpool *pp;

	/* The workers inherit this: a crash meant to happen should not write a core file. */
	cr_assert_eq(setrlimit(RLIMIT_CORE, &no_core), 0);
	pp = procpool_new(2);
	run_to_death(pp, s, 100, 1, 17, SIGSEGV);
	assert_said("task 17");
	assert_said("signal 11");
	pool_end(pp, s);
}

Test(procpool, task_exits, .init = redirect_stderr, .timeout = 10)
{
	struct shared *s = shared_new();
	struct procpool *pp = procpool_new(3);

	run_to_death(pp, s, 100, 4, 37, 0);
	assert_said("exited with status 0");
	assert_said("tasks 36..39");	/* the whole claim that held index 37 */
	pool_end(pp, s);
}

static int victims[] = { 0, 2 };	/* the first worker told to go, and the last */

ParameterizedTestParameters(procpool, worker_killed_while_idle)
{
	return cr_make_param_array(int, victims, sizeof victims / sizeof victims[0]);
}

ParameterizedTest(int *victim, procpool, worker_killed_while_idle, .init = redirect_stderr,
		  .timeout = 10)
{
	struct shared *s = shared_new();
	struct procpool *pp = procpool_new(3);
	char who[32];

	run_checked(pp, s, 3, 1000, 1);
	/* Not reaped here: noticing and reaping the death is the pool's job. */
	cr_assert_eq(kill(procpool_pid(pp, *victim), SIGKILL), 0);
	shared_reset(s, 1000, 1);
	cr_assert_eq(procpool_for(pp, 1000, 1, count_body, s), -1);
	snprintf(who, sizeof who, "worker %d ", *victim);
	assert_said(who);
	assert_said("signal 9");
	assert_said("between tasks");
	pool_end(pp, s);
}

/* A second pool's workers inherit the first pool's sockets; shutting the first down must not
 * depend on its sockets reaching end-of-file. */
Test(procpool, two_pools_destroyed_oldest_first, .timeout = 10)
{
	struct shared *s = shared_new();
	struct procpool *a = procpool_new(2), *b = procpool_new(2);

	run_checked(a, s, 2, 100, 1);
	run_checked(b, s, 2, 100, 3);
	procpool_destroy(a);
	run_checked(b, s, 2, 500, 7);	/* b is unharmed by a's end */
	procpool_destroy(b);
	inproc_assert_no_children("after destroying both pools");
	shm_free(s, sizeof *s);
}

Test(procpool, worker_killed_before_first_call, .init = redirect_stderr, .timeout = 10)
{
	struct shared *s = shared_new();
	struct procpool *pp = procpool_new(2);

	cr_assert_eq(kill(procpool_pid(pp, 0), SIGKILL), 0);
	shared_reset(s, 10, 1);
	cr_assert_eq(procpool_for(pp, 10, 1, count_body, s), -1);
	assert_said("between tasks");
	pool_end(pp, s);
}

Test(procpool, zero_workers_refused, .init = redirect_stderr, .timeout = 10)
{
	cr_assert_null(procpool_create(0), "a pool with no workers would drop every task");
	assert_said("procpool_create");
	inproc_assert_no_children("after the refusal");
}

/* The one-shot pool the procpool variant uses: same coverage, same report of a death, and
 * every worker reaped on both paths. */
Test(procpool, run_once_covers_and_reaps, .init = redirect_stderr, .timeout = 10)
{
	struct shared *s = shared_new();

	shared_reset(s, 5000, 3);
	cr_assert_eq(procpool_run(4, 5000, 3, count_body, s), 0);
	counts_assert(s->counts, 5000, 1, "a one-shot pool of 4");
	cr_assert_eq(atomic_load(&s->in_parent), 0);
	inproc_assert_no_children("after a one-shot pool");

	s->die_at = 77;
	s->die_sig = SIGKILL;
	shared_reset(s, 300, 1);
	cr_assert_eq(procpool_run(3, 300, 1, count_body, s), -1);
	assert_said("task 77");
	inproc_assert_no_children("after a one-shot pool lost a worker");
	shm_free(s, sizeof *s);
}
