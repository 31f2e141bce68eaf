/* litmus_sb.c: the store-buffering litmus test, run many times under three memory orders.
 *
 *     x = y = 0
 *     thread 0:  x = 1;  r0 = y;        thread 1:  y = 1;  r1 = x;
 *
 * Can both loads read 0? Not if the four operations happen in some single order (sequential
 * consistency): whichever store comes first, the other thread's load comes after it. But a core
 * puts its store in its store buffer and goes on to the load before the store reaches the cache,
 * so on x86 (and everywhere else) both loads can read 0. Release and acquire do not forbid it:
 * they order a store after earlier accesses and a load before later ones, never a store before a
 * later load. Only seq_cst (or a seq_cst fence between the two) does; on x86 it costs an mfence or
 * a locked instruction.
 *
 *   cc -std=c11 -O2 -Wall -Wextra -pthread litmus_sb.c -o /tmp/sb
 *   /tmp/sb            # 500,000 runs of each order
 *   /tmp/sb 100000     # fewer
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_int x, y;
static int r[2];		/* what each thread's load read, tallied by thread 0 */

/* Each body is written out with constant orders: an order the compiler cannot see at compile
 * time is treated as seq_cst. */
#define SB_BODIES(name, st, ld) \
	static void name##_0(void) \
	{ \
		atomic_store_explicit(&x, 1, st); \
		r[0] = atomic_load_explicit(&y, ld); \
	} \
	static void name##_1(void) \
	{ \
		atomic_store_explicit(&y, 1, st); \
		r[1] = atomic_load_explicit(&x, ld); \
	}

SB_BODIES(relaxed, memory_order_relaxed, memory_order_relaxed)
SB_BODIES(relacq, memory_order_release, memory_order_acquire)
SB_BODIES(seqcst, memory_order_seq_cst, memory_order_seq_cst)

static const struct order {
	const char *name;
	void (*body[2])(void);
} orders[] = {
	{ "relaxed", { relaxed_0, relaxed_1 } },
	{ "release/acquire", { relacq_0, relacq_1 } },
	{ "seq_cst", { seqcst_0, seqcst_1 } },
};

/* Two threads meet: each says how far it has got and waits until the other has got as far. */
static atomic_long at[2];

static void meet(int me, long step)
{
	atomic_store(&at[me], step);
	for (int spins = 0; atomic_load(&at[1 - me]) < step; spins++)
		if (spins > 1000)
			sched_yield();	/* the other thread is not running: let it */
}

/* A few random nanoseconds of delay, so that the two bodies start at slightly different moments
 * each run and some runs overlap exactly. The window here is the time a store waits in the store
 * buffer: short, so the jitter is short too. */
#define JITTER 32

static void jitter(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	for (volatile unsigned i = (*seed >> 16) % JITTER; i > 0; i--)
		;
}

static long runs;
static long seen[4];		/* outcome r0 r1: 00, 01, 10, 11 */

static void run(int me, const struct order *o, long *step)
{
	unsigned seed = 12345u + (unsigned)me;

	for (long i = 0; i < runs; i++) {
		meet(me, ++*step);	/* both start */
		jitter(&seed);
		o->body[me]();
		meet(me, ++*step);	/* both done */
		if (me == 0) {
			seen[r[0] * 2 + r[1]]++;
			atomic_store_explicit(&x, 0, memory_order_relaxed);
			atomic_store_explicit(&y, 0, memory_order_relaxed);
		}
	}
}

static void *thread1(void *arg)
{
	long step = 0;

	(void)arg;
	for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++)
		run(1, &orders[k], &step);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	long step = 0;

	runs = argc > 1 ? atol(argv[1]) : 500000;
	if (runs < 1) {
		fprintf(stderr, "sb: expected a number of runs, got '%s'\n", argv[1]);
		return 2;
	}
	if (pthread_create(&t, NULL, thread1, NULL) != 0) {
		fprintf(stderr, "sb: pthread_create failed\n");
		return 1;
	}
	printf("store buffering, %ld runs each: r0 r1 = 00 is the outcome no single order allows\n",
	       runs);
	for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++) {
		for (int o = 0; o < 4; o++)
			seen[o] = 0;
		run(0, &orders[k], &step);
		printf("  %-16s 00: %7ld (%5.2f%%)   01: %7ld   10: %7ld   11: %7ld\n",
		       orders[k].name, seen[0], 100.0 * seen[0] / runs, seen[1], seen[2], seen[3]);
	}
	pthread_join(t, NULL);
	return 0;
}
