/* test_01-fork-sum.c: fork_sum adds every term exactly once, in min(workers, n) children, none of
 * them the parent, and reaps them all, on the failure path too. The terms run in children, so
 * they record what they saw in MAP_SHARED memory; only the test process asserts. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "01-fork-sum.h"

#define MAXN 100000

/* Shared with the children: per index, how often it ran and in which process. */
struct seen {
	uint64_t seed;
	size_t die_at;		/* the child holding this index dies, or SIZE_MAX */
	int die_how;		/* 0: _exit(3), else the signal it raises */
	atomic_int runs[MAXN];
	atomic_int pid[MAXN];
};

static struct seen *seen_new(uint64_t seed)
{
	struct seen *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			      -1, 0);

	cr_assert_neq(s, MAP_FAILED, "mmap: %s", strerror(errno));
	s->seed = seed;
	s->die_at = SIZE_MAX;
	return s;
}

static uint64_t value_of(uint64_t seed, size_t i)
{
	uint64_t x = i ^ seed;

	return x + x * x + x * x * x;	/* wraps around: the sum must wrap the same way */
}

static uint64_t term_record(size_t i, void *arg)
{
	struct seen *s = arg;

	atomic_fetch_add(&s->runs[i], 1);
	atomic_store(&s->pid[i], (int)getpid());
	if (i == s->die_at) {
		if (s->die_how)
			raise(s->die_how);
		_exit(3);
	}
	return value_of(s->seed, i);
}

/* Every child was reaped: none is left, zombie or running. */
static void assert_no_children(const char *what)
{
	pid_t left = waitpid(-1, NULL, WNOHANG);

	cr_assert(left == -1 && errno == ECHILD, "%s: a child was left unreaped (waitpid gave %d)",
		  what, (int)left);
}

struct sum_case {
	size_t n;
	int workers;
	uint64_t seed;
};

static struct sum_case sum_cases[] = {
	{ 0, 1, 1 }, { 0, 3, 1 }, { 1, 1, 2 }, { 1, 4, 3 }, { 5, 8, 4 }, { 7, 2, 5 },
	{ 1000, 1, 6 }, { 1000, 2, 7 }, { 1001, 3, 8 }, { 99999, 4, 9 }, { MAXN, 8, 10 },
	{ MAXN, 16, 11 },
};

ParameterizedTestParameters(fork_sum, matches_serial)
{
	return cr_make_param_array(struct sum_case, sum_cases, sizeof sum_cases / sizeof sum_cases[0]);
}

ParameterizedTest(struct sum_case *c, fork_sum, matches_serial, .timeout = 20)
{
	struct seen *s = seen_new(c->seed);
	uint64_t want = 0, got = 12345;
	size_t busy = c->n < (size_t)c->workers ? c->n : (size_t)c->workers;
	int pids[16], npids = 0;

	for (size_t i = 0; i < c->n; i++)
		want += value_of(c->seed, i);
	cr_assert_eq(fork_sum(c->n, c->workers, term_record, s, &got), 0, "n %zu, %d workers",
		     c->n, c->workers);
	cr_assert_eq(got, want, "n %zu, %d workers: sum %#jx, want %#jx", c->n, c->workers,
		     (uintmax_t)got, (uintmax_t)want);
	for (size_t i = 0; i < c->n; i++) {
		int pid = atomic_load(&s->pid[i]), k;

		cr_assert_eq(atomic_load(&s->runs[i]), 1, "term %zu ran %d times", i,
			     atomic_load(&s->runs[i]));
		cr_assert_neq(pid, (int)getpid(), "term %zu ran in the parent, not a child", i);
		for (k = 0; k < npids && pids[k] != pid; k++)
			;
		if (k == npids) {
			cr_assert_lt(npids, c->workers, "more processes than %d workers", c->workers);
			pids[npids++] = pid;
		}
	}
	cr_assert_eq((size_t)npids, busy, "n %zu, %d workers: terms ran in %d processes, want %zu",
		     c->n, c->workers, npids, busy);
	assert_no_children("after success");
	munmap(s, sizeof *s);
}

Test(fork_sum, rejects_no_workers, .timeout = 10)
{
	struct seen *s = seen_new(1);
	uint64_t got;

	cr_assert_eq(fork_sum(10, 0, term_record, s, &got), -1);
	cr_assert_eq(fork_sum(10, -2, term_record, s, &got), -1);
	cr_assert_eq(atomic_load(&s->runs[0]), 0, "a term ran with no workers");
	/* and a valid call still works: the starter's -1 alone must not pass this test */
	cr_assert_eq(fork_sum(10, 2, term_record, s, &got), 0);
	munmap(s, sizeof *s);
}

struct death {
	int workers, how;
	size_t at;
};

static struct death deaths[] = {
	{ 1, 0, 0 }, { 4, 0, 999 }, { 4, SIGKILL, 0 }, { 3, SIGSEGV, 500 }, { 8, SIGKILL, 999 },
};

ParameterizedTestParameters(fork_sum, reports_and_reaps_dead_child)
{
	return cr_make_param_array(struct death, deaths, sizeof deaths / sizeof deaths[0]);
}

/* A dead child means no partial sum: -1, and every child, the dead one too, reaped. */
ParameterizedTest(struct death *d, fork_sum, reports_and_reaps_dead_child, .timeout = 20)
{
	struct seen *s = seen_new(42);
	uint64_t got;

	s->die_at = d->at;
	s->die_how = d->how;
	cr_assert_eq(fork_sum(1000, d->workers, term_record, s, &got), -1,
		     "a child died at term %zu (signal %d), yet fork_sum returned success", d->at,
		     d->how);
	assert_no_children("after a child died");
	s->die_at = SIZE_MAX;	/* then a clean run works, so -1 alone cannot pass */
	cr_assert_eq(fork_sum(1000, d->workers, term_record, s, &got), 0);
	munmap(s, sizeof *s);
}
