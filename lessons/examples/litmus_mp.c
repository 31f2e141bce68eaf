/* litmus_mp.c: the message-passing litmus test, run many times with relaxed atomics and with
 * release/acquire.
 *
 *     data = flag = 0
 *     thread 0 (writer):  data = 1;  flag = 1;
 *     thread 1 (reader):  r0 = flag; r1 = data;
 *
 * r0 = 1, r1 = 0 means the reader saw the flag but not the data it was meant to publish. With
 * relaxed atomics C allows it: the compiler or the CPU may make the two stores, or the two loads,
 * visible in either order. A release store of the flag and an acquire load of it forbid it: if
 * the acquire reads what the release wrote, everything before the release happens before
 * everything after the acquire.
 *
 * On x86 both versions compile to the same plain movs, and x86 keeps stores in order and loads in
 * order, so expect the forbidden-by-release/acquire outcome never to show, relaxed or not. On
 * ARM or POWER, which reorder both, the relaxed version can show it. Passing on x86 proves little.
 *
 *   cc -std=c11 -O2 -Wall -Wextra -pthread litmus_mp.c -o /tmp/mp
 *   /tmp/mp            # 500,000 runs of each
 *   /tmp/mp 100000     # fewer
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_int data, flag;
static int r[2];		/* what the reader read: r[0] the flag, r[1] the data */

#define MP_BODIES(name, st, ld) \
	static void name##_writer(void) \
	{ \
		atomic_store_explicit(&data, 1, memory_order_relaxed); \
		atomic_store_explicit(&flag, 1, st); \
	} \
	static void name##_reader(void) \
	{ \
		r[0] = atomic_load_explicit(&flag, ld); \
		r[1] = atomic_load_explicit(&data, memory_order_relaxed); \
	}

MP_BODIES(relaxed, memory_order_relaxed, memory_order_relaxed)
MP_BODIES(relacq, memory_order_release, memory_order_acquire)

static const struct order {
	const char *name;
	void (*body[2])(void);	/* [0] the writer, [1] the reader */
} orders[] = {
	{ "relaxed", { relaxed_writer, relaxed_reader } },
	{ "release/acquire", { relacq_writer, relacq_reader } },
};

/* The same harness as litmus_sb.c: meet, a little jitter, the bodies, meet, tally. The jitter is
 * longer here, so that the reader's loads land before the writer's stores about as often as after
 * them; the runs that land in between (01, and 10 if it can happen) are the interesting ones. */
#define JITTER 256

static atomic_long at[2];

static void meet(int me, long step)
{
	atomic_store(&at[me], step);
	for (int spins = 0; atomic_load(&at[1 - me]) < step; spins++)
		if (spins > 1000)
			sched_yield();
}

static void jitter(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	for (volatile unsigned i = (*seed >> 16) % JITTER; i > 0; i--)
		;
}

static long runs;
static long seen[4];		/* outcome flag data: 00, 01, 10, 11 */

static void run(int me, const struct order *o, long *step)
{
	unsigned seed = 12345u + (unsigned)me;

	for (long i = 0; i < runs; i++) {
		meet(me, ++*step);
		jitter(&seed);
		o->body[me]();
		meet(me, ++*step);
		if (me == 0) {
			seen[r[0] * 2 + r[1]]++;
			atomic_store_explicit(&data, 0, memory_order_relaxed);
			atomic_store_explicit(&flag, 0, memory_order_relaxed);
		}
	}
}

static void *reader(void *arg)
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
		fprintf(stderr, "mp: expected a number of runs, got '%s'\n", argv[1]);
		return 2;
	}
	if (pthread_create(&t, NULL, reader, NULL) != 0) {
		fprintf(stderr, "mp: pthread_create failed\n");
		return 1;
	}
	printf("message passing, %ld runs each: flag data = 10 is the flag seen without its data\n",
	       runs);
	for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++) {
		for (int o = 0; o < 4; o++)
			seen[o] = 0;
		run(0, &orders[k], &step);
		printf("  %-16s 10: %7ld (%5.2f%%)   00: %7ld   01: %7ld   11: %7ld\n",
		       orders[k].name, seen[2], 100.0 * seen[2] / runs, seen[0], seen[1], seen[3]);
	}
	pthread_join(t, NULL);
	return 0;
}
