/* test_11-bank-transfer.c: bank_transfer moves money exactly and refuses what it must, holds both
 * accounts while it moves money, never deadlocks however many threads transfer in whichever
 * directions, and lets transfers between different accounts run at the same time.
 *
 * account_lock and account_unlock live here. They take an account's mutex with
 * pthread_mutex_timedlock and a limit of 2 s, and keep a record of which accounts each thread
 * holds. A thread that waits 2 s is taken to be in a deadlock: its wait is recorded, what it holds
 * is released, and it jumps out of bank_transfer back into the test (longjmp), so the other
 * threads can finish and the test fails with a message instead of hanging. Threads only record;
 * the test thread asserts. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "11-bank-transfer.h"
#include "tests/watchdog.h"

#define WAIT_S 2	/* waiting this long for one account is a deadlock */
#define MAX_HELD 8
#define GAVE_UP -100	/* do_transfer: the transfer was abandoned in a deadlock */

/* What the watchdog says when a test here overruns its limit. account_lock gives up after 2 s,
 * so a test that hangs is waiting somewhere else. */
static void name_the_likely_cause(void)
{
	watchdog_hint("a transfer never returned, although account_lock gives up after 2 s: does "
		      "bank_transfer take a lock without account_lock (pthread_mutex_lock on an "
		      "account's lock, or a mutex of its own) that transfers can wait for in "
		      "opposite orders, or that an earlier call left locked? Or does it loop for "
		      "ever?");
}

TestSuite(bank, .init = name_the_likely_cause);

/* ---- what went wrong first, kept for the test thread ---- */

/* A deadlock: a thread that holds an account waited 2 s for another. Blocked: a thread that holds
 * none waited 2 s (behind a deadlock, or for an account left locked). A problem: a broken rule. */
enum { DEADLOCK, BLOCKED, PROBLEM, KINDS };

static struct {
	pthread_mutex_t lock;
	int count[KINDS];
	char first[KINDS][256];
} rec = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void note(int kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(int kind, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&rec.lock);
	if (rec.count[kind]++ == 0) {
		va_start(ap, fmt);
		vsnprintf(rec.first[kind], sizeof rec.first[kind], fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&rec.lock);
}

/* ---- the bank under test, and each thread's view of it ---- */

static struct bank *cur;	/* each test runs in a process of its own: tests do not share it */
static atomic_int stop;		/* set at the first deadlock: the other threads stop soon after */

/* The meetings of two tests: threads that hold their first (or both) accounts wait up to a
 * limit for the other thread to get as far. */
enum { MEET_NONE, MEET_FIRST, MEET_BOTH };
static struct {
	int mode;
	long wait_ns;
	atomic_int met, late;
} meet;

static _Thread_local struct {
	int held[MAX_HELD], nheld;	/* the accounts it holds, in the order it took them */
	int in_transfer, from, to;	/* the transfer it is in */
	int locks_taken, held_both;	/* in it: locks taken; held from and to at once? */
	jmp_buf out;			/* back into do_transfer when it gives up */
} me;

static struct bank *bank_new(int n, long balance)
{
	struct bank *b = malloc(sizeof *b);
	pthread_mutexattr_t attr;

	cr_assert_not_null(b);
	b->n = n;
	b->accounts = calloc(n, sizeof *b->accounts);
	cr_assert_not_null(b->accounts);
	/* Error-checking mutexes: a wrong unlock returns EPERM instead of doing harm. */
	cr_assert_eq(pthread_mutexattr_init(&attr), 0);
	cr_assert_eq(pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK), 0);
	for (int i = 0; i < n; i++) {
		cr_assert_eq(pthread_mutex_init(&b->accounts[i].lock, &attr), 0);
		b->accounts[i].balance = balance;
		b->accounts[i].id = i;
	}
	pthread_mutexattr_destroy(&attr);
	cur = b;
	return b;
}

static void bank_free(struct bank *b)
{
	for (int i = 0; i < b->n; i++)
		pthread_mutex_destroy(&b->accounts[i].lock);
	free(b->accounts);
	free(b);
	cur = NULL;
}

static int account_index(const struct account *a)
{
	uintptr_t p = (uintptr_t)a, lo = (uintptr_t)cur->accounts;

	if (p < lo || p >= lo + (uintptr_t)cur->n * sizeof *a || (p - lo) % sizeof *a)
		return -1;
	return (int)((p - lo) / sizeof *a);
}

static int holds(int i)
{
	for (int k = 0; k < me.nheld; k++)
		if (me.held[k] == i)
			return 1;
	return 0;
}

static void release_all(void)
{
	while (me.nheld > 0)
		pthread_mutex_unlock(&cur->accounts[me.held[--me.nheld]].lock);
}

static const char *held_list(char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = 0;
	for (int k = 0; k < me.nheld && len < size; k++)
		len += snprintf(buf + len, size - len, "%s%d", k ? " and " : "", me.held[k]);
	return buf;
}

/* Let go of everything and jump back into do_transfer: the transfer is abandoned. */
static _Noreturn void give_up(void)
{
	release_all();
	atomic_store(&stop, 1);
	if (!me.in_transfer)
		abort();	/* account_lock outside bank_transfer: nowhere to jump to */
	longjmp(me.out, 1);
}

static long ns_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000000000L + (now.tv_nsec - t0->tv_nsec);
}

/* Wait, up to meet.wait_ns, until two threads have got this far. */
static void meet_up(void)
{
	const struct timespec ms = { 0, 1000000L };
	struct timespec t0;

	atomic_fetch_add(&meet.met, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (atomic_load(&meet.met) < 2) {
		if (ns_since(&t0) >= meet.wait_ns) {
			atomic_fetch_add(&meet.late, 1);
			return;
		}
		nanosleep(&ms, NULL);
	}
}

void account_lock(struct account *a)
{
	int i = account_index(a), rc;
	struct timespec deadline;
	char held[64];

	if (i < 0) {
		note(PROBLEM, "transfer %d -> %d: account_lock(%p) is not an account of the bank",
		     me.from, me.to, (void *)a);
		give_up();
	}
	if (holds(i)) {
		note(PROBLEM, "transfer %d -> %d locked account %d twice: a thread that locks a "
		     "mutex it holds waits for itself forever", me.from, me.to, i);
		give_up();
	}
	if (me.nheld == MAX_HELD) {
		note(PROBLEM, "transfer %d -> %d holds more than %d accounts", me.from, me.to,
		     MAX_HELD);
		give_up();
	}
	clock_gettime(CLOCK_REALTIME, &deadline);	/* timedlock's deadline is on this clock */
	deadline.tv_sec += WAIT_S;
	rc = pthread_mutex_timedlock(&a->lock, &deadline);
	if (rc == ETIMEDOUT) {
		if (me.nheld == 0)
			note(BLOCKED, "a thread holding no account waited %d s for account %d "
			     "(transfer %d -> %d): was it left locked?", WAIT_S, i, me.from, me.to);
		else
			note(DEADLOCK, "deadlock: a thread holding account %s waited %d s for "
			     "account %d (transfer %d -> %d)", held_list(held, sizeof held), WAIT_S,
			     i, me.from, me.to);
		give_up();
	}
	if (rc != 0) {
		note(PROBLEM, "pthread_mutex_timedlock on account %d: %s", i, strerror(rc));
		give_up();
	}
	me.held[me.nheld++] = i;
	me.locks_taken++;
	if (holds(me.from) && holds(me.to))
		me.held_both = 1;
	if (me.nheld == 1)
		sched_yield();	/* holding one: let another thread in now, so bad orders show */
	if ((meet.mode == MEET_FIRST && me.nheld == 1) || (meet.mode == MEET_BOTH && me.nheld == 2))
		meet_up();
}

void account_unlock(struct account *a)
{
	int i = account_index(a), k, rc;

	if (i < 0) {
		note(PROBLEM, "transfer %d -> %d: account_unlock(%p) is not an account of the bank",
		     me.from, me.to, (void *)a);
		return;
	}
	for (k = 0; k < me.nheld && me.held[k] != i; k++)
		;
	if (k == me.nheld) {
		note(PROBLEM, "transfer %d -> %d unlocked account %d, which this thread did not "
		     "hold (take every lock with account_lock)", me.from, me.to, i);
		return;		/* not unlocked: it may be another thread's */
	}
	for (; k + 1 < me.nheld; k++)
		me.held[k] = me.held[k + 1];
	me.nheld--;
	if ((rc = pthread_mutex_unlock(&a->lock)) != 0)
		note(PROBLEM, "pthread_mutex_unlock on account %d: %s", i, strerror(rc));
}

/* One call of bank_transfer, checked: what it locked, what it still holds, what it returned. */
static int do_transfer(int from, int to, long amount)
{
	int valid = from >= 0 && from < cur->n && to >= 0 && to < cur->n && from != to &&
		    amount > 0;
	volatile int rc = GAVE_UP;	/* volatile: set between setjmp and a longjmp */

	me.in_transfer = 1;
	me.from = from;
	me.to = to;
	me.locks_taken = 0;
	me.held_both = 0;
	me.nheld = 0;
	if (setjmp(me.out) == 0)
		rc = bank_transfer(cur, from, to, amount);
	me.in_transfer = 0;
	if (rc == GAVE_UP)
		return rc;
	if (me.nheld > 0) {
		note(PROBLEM, "bank_transfer(%d -> %d) returned still holding account %d: unlock "
		     "both before you return, on every path", from, to, me.held[0]);
		release_all();
	}
	if (rc != 0 && rc != -1)
		note(PROBLEM, "bank_transfer(%d -> %d, %ld) returned %d: want 0 or -1", from, to,
		     amount, rc);
	else if (!valid && (rc != -1 || me.locks_taken > 0))
		note(PROBLEM, "bank_transfer(%d -> %d, %ld) must return -1 at once, locking "
		     "nothing: it returned %d after taking %d locks", from, to, amount, rc,
		     me.locks_taken);
	else if (valid && !me.held_both)
		note(PROBLEM, "bank_transfer(%d -> %d) %s without holding both accounts at once",
		     from, to, rc == 0 ? "moved money" : "refused");
	return rc;
}

/* After the threads are done: the first deadlock or broken rule, if any. */
static void assert_clean(void)
{
	int gave_up = rec.count[DEADLOCK] + rec.count[BLOCKED];

	cr_assert_eq(rec.count[DEADLOCK], 0, "%s; %d transfers gave up after waiting %d s",
		     rec.first[DEADLOCK], gave_up, WAIT_S);
	cr_assert_eq(rec.count[BLOCKED], 0, "%s; %d transfers gave up after waiting %d s",
		     rec.first[BLOCKED], gave_up, WAIT_S);
	cr_assert_eq(rec.count[PROBLEM], 0, "%s (%d problems)", rec.first[PROBLEM],
		     rec.count[PROBLEM]);
}

/* ---- one thread: the sums, and what is refused ---- */

Test(bank, moves_and_refuses, .timeout = 10)
{
	struct bank *b = bank_new(3, 0);
	struct { int from, to; long amount; int want; long after[3]; } steps[] = {
		{ 0, 1, 30, 0, { 70, 80, 0 } },
		{ 2, 0, 1, -1, { 70, 80, 0 } },		/* no money: refused */
		{ 1, 2, 80, 0, { 70, 0, 80 } },		/* all of it is allowed */
		{ 1, 0, 1, -1, { 70, 0, 80 } },
		{ 2, 0, 81, -1, { 70, 0, 80 } },
		{ 2, 0, 80, 0, { 150, 0, 0 } },
		{ 0, 0, 10, -1, { 150, 0, 0 } },	/* refused at once, locking nothing */
		{ -1, 1, 10, -1, { 150, 0, 0 } },
		{ 0, 3, 10, -1, { 150, 0, 0 } },
		{ 0, 1, 0, -1, { 150, 0, 0 } },
		{ 0, 1, -5, -1, { 150, 0, 0 } },
	};

	b->accounts[0].balance = 100;
	b->accounts[1].balance = 50;
	for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
		int rc = do_transfer(steps[s].from, steps[s].to, steps[s].amount);

		assert_clean();
		cr_assert_eq(rc, steps[s].want, "bank_transfer(%d -> %d, %ld) returned %d, want %d",
			     steps[s].from, steps[s].to, steps[s].amount, rc, steps[s].want);
		for (int i = 0; i < 3; i++)
			cr_assert_eq(b->accounts[i].balance, steps[s].after[i],
				     "after bank_transfer(%d -> %d, %ld): account %d holds %ld, "
				     "want %ld", steps[s].from, steps[s].to, steps[s].amount, i,
				     b->accounts[i].balance, steps[s].after[i]);
	}
	bank_free(b);
}

/* ---- two threads, made to meet ---- */

struct one {
	pthread_t thread;
	int from, to;
	int rc;
};

static void *one_main(void *arg)
{
	struct one *o = arg;

	o->rc = do_transfer(o->from, o->to, 10);
	return NULL;
}

static void run_pair(int mode, long wait_ns, struct one pair[2])
{
	meet.mode = mode;
	meet.wait_ns = wait_ns;
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&pair[i].thread, NULL, one_main, &pair[i]), 0);
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_join(pair[i].thread, NULL), 0);
}

/* 0 -> 1 and 1 -> 0 at once. Each thread, once it holds its first account, waits up to 0.2 s for
 * the other to hold its first too. Locked from-then-to, that is the deadlock every time: each
 * holds what the other wants. In one order, the second thread is still waiting for its first
 * account, so the first goes on after 0.2 s. */
Test(bank, opposite_directions, .timeout = 15)
{
	struct bank *b = bank_new(2, 1000);
	struct one pair[2] = { { .from = 0, .to = 1 }, { .from = 1, .to = 0 } };

	run_pair(MEET_FIRST, 200000000L, pair);
	assert_clean();
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pair[i].rc, 0, "transfer %d -> %d returned %d", pair[i].from,
			     pair[i].to, pair[i].rc);
	cr_assert_eq(b->accounts[0].balance + b->accounts[1].balance, 2000);
	bank_free(b);
}

/* 0 -> 1 and 3 -> 2 share no account, so they can hold their locks at the same time. Each, once
 * it holds both its accounts, waits up to 2 s for the other to hold both of its own. */
Test(bank, different_accounts_at_once, .timeout = 15)
{
	struct bank *b = bank_new(4, 1000);
	struct one pair[2] = { { .from = 0, .to = 1 }, { .from = 3, .to = 2 } };

	run_pair(MEET_BOTH, WAIT_S * 1000000000L, pair);
	assert_clean();
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pair[i].rc, 0, "transfer %d -> %d returned %d", pair[i].from,
			     pair[i].to, pair[i].rc);
	cr_assert_eq(atomic_load(&meet.late), 0,
		     "transfers 0 -> 1 and 3 -> 2 share no account, but they did not hold their "
		     "accounts at the same time: one waited %d s for the other. Is something "
		     "locking more than the two accounts of a transfer?", WAIT_S);
	bank_free(b);
}

/* ---- many threads, random transfers in every direction, and an auditor ---- */

struct stress {
	int threads, accounts;
	long transfers;		/* per thread */
};

static struct stress stresses[] = {
	{ 2, 2, 20000 }, { 3, 2, 10000 }, { 4, 3, 10000 }, { 8, 4, 5000 }, { 8, 16, 5000 },
};

#define BALANCE 1000L

struct mover {
	pthread_t thread;
	pthread_barrier_t *start;
	uint64_t rng;
	long transfers, moved;
	long delta[16];		/* per account: what this thread's successful transfers moved */
};

static uint64_t next(uint64_t *x)	/* xorshift64 */
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void *mover_main(void *arg)
{
	struct mover *m = arg;
	int n = cur->n;

	pthread_barrier_wait(m->start);	/* all start together, so they overlap */
	for (long k = 0; k < m->transfers && !atomic_load(&stop); k++) {
		int from = (int)(next(&m->rng) % n), to = (int)(next(&m->rng) % (n - 1));
		long amount = 1 + (long)(next(&m->rng) % 300);

		to += to >= from;	/* any other account, in either direction */
		if (do_transfer(from, to, amount) == 0) {
			m->delta[from] -= amount;
			m->delta[to] += amount;
			m->moved++;
		}
	}
	return NULL;
}

/* Now and then, with every account locked, the money in the bank must add up. It only tries its
 * locks (trylock), so it can never be part of a deadlock itself. */
struct auditor {
	pthread_t thread;
	atomic_int done;
	long total, audits, bad, bad_sum;
	int negative;		/* an account seen below 0, or -1 */
};

static void *auditor_main(void *arg)
{
	const struct timespec pause = { 0, 20000L };
	struct auditor *au = arg;

	while (!atomic_load(&au->done)) {
		int got = 0;

		while (got < cur->n && pthread_mutex_trylock(&cur->accounts[got].lock) == 0)
			got++;
		if (got == cur->n) {
			long sum = 0;

			for (int i = 0; i < cur->n; i++) {
				sum += cur->accounts[i].balance;
				if (cur->accounts[i].balance < 0 && au->negative < 0)
					au->negative = i;
			}
			au->audits++;
			if (sum != au->total && au->bad++ == 0)
				au->bad_sum = sum;
		}
		while (got > 0)
			pthread_mutex_unlock(&cur->accounts[--got].lock);
		nanosleep(&pause, NULL);
	}
	return NULL;
}

ParameterizedTestParameters(bank, no_deadlock_and_no_money_lost)
{
	return cr_make_param_array(struct stress, stresses, sizeof stresses / sizeof stresses[0]);
}

ParameterizedTest(struct stress *s, bank, no_deadlock_and_no_money_lost, .timeout = 30)
{
	struct bank *b = bank_new(s->accounts, BALANCE);
	struct mover *m = calloc(s->threads, sizeof *m);
	struct auditor au = { .total = s->accounts * BALANCE, .negative = -1 };
	pthread_barrier_t start;
	long moved = 0, sum = 0;

	cr_assert_not_null(m);
	cr_assert_eq(pthread_barrier_init(&start, NULL, s->threads), 0);
	cr_assert_eq(pthread_create(&au.thread, NULL, auditor_main, &au), 0);
	for (int t = 0; t < s->threads; t++) {
		m[t] = (struct mover){
			.start = &start, .transfers = s->transfers,
			.rng = 0x9e3779b97f4a7c15u * (uint64_t)(t + 1) + (uint64_t)s->accounts,
		};
		cr_assert_eq(pthread_create(&m[t].thread, NULL, mover_main, &m[t]), 0);
	}
	for (int t = 0; t < s->threads; t++) {
		cr_assert_eq(pthread_join(m[t].thread, NULL), 0);
		moved += m[t].moved;
	}
	atomic_store(&au.done, 1);
	cr_assert_eq(pthread_join(au.thread, NULL), 0);

	assert_clean();
	cr_assert_gt(moved, 0, "%d threads, %d accounts: no transfer moved any money", s->threads,
		     s->accounts);
	for (int i = 0; i < s->accounts; i++)
		sum += b->accounts[i].balance;
	cr_assert_eq(sum, au.total, "%d threads, %d accounts: the bank holds %ld at the end, "
		     "want %ld", s->threads, s->accounts, sum, au.total);
	for (int i = 0; i < s->accounts; i++) {
		long want = BALANCE;

		for (int t = 0; t < s->threads; t++)
			want += m[t].delta[i];
		cr_assert_eq(b->accounts[i].balance, want,
			     "%d threads, %d accounts: account %d holds %ld at the end, but the "
			     "transfers that returned 0 leave it %ld", s->threads, s->accounts, i,
			     b->accounts[i].balance, want);
		cr_assert_geq(b->accounts[i].balance, 0, "account %d ends below 0", i);
	}
	cr_assert_eq(au.bad, 0, "%ld of %ld audits, taken with every account locked, found a total "
		     "other than %ld (the first: %ld): money was missing while a transfer ran",
		     au.bad, au.audits, au.total, au.bad_sum);
	cr_assert_lt(au.negative, 0, "an audit found account %d below 0", au.negative);
	pthread_barrier_destroy(&start);
	free(m);
	bank_free(b);
}
