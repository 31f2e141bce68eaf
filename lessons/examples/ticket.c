/* ticket.c: two spin locks built from C11 atomics, each taken over and over by W threads (2
 * unless told) for 0.3 s, with a few stores of shared data inside.
 *
 *   test-and-set: whoever swaps `held` from 0 to 1 first gets the lock.
 *   ticket:       take a number (fetch_add on `next`), wait until `now_serving` shows it; unlock
 *                 moves `now_serving` on by one. First come, first served.
 *
 * For each lock it prints how often each thread got it, the time per acquisition, how often the
 * lock went to a different thread than the one before, and how many times, at most, a thread that
 * wanted the lock was overtaken: how many acquisitions by others it had to wait for.
 *
 *   cc -std=c11 -O2 -Wall -Wextra -pthread ticket.c -o /tmp/ticket
 *   /tmp/ticket        # 2 threads
 *   /tmp/ticket 3      # 3 threads: more than this 2-core machine has
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_THREADS 8
#define RUN_NS 300000000L

static inline void cpu_relax(void)	/* tell the core we are spinning */
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

struct tas_lock {
	atomic_bool held;
};

/* Acquisitions so far: counted inside the lock, and read by a thread as it starts to wait, so
 * that it can tell how many others got the lock before it did. */
static atomic_long served;

static void tas_acquire(struct tas_lock *l, long *asked)
{
	*asked = atomic_load_explicit(&served, memory_order_relaxed);
	while (atomic_exchange_explicit(&l->held, true, memory_order_acquire))
		while (atomic_load_explicit(&l->held, memory_order_relaxed))
			cpu_relax();	/* wait with loads, which keep the line shared, then swap */
}

static void tas_release(struct tas_lock *l)
{
	atomic_store_explicit(&l->held, false, memory_order_release);
}

struct ticket_lock {
	atomic_uint next;		/* the next number to hand out */
	atomic_uint now_serving;	/* the number that holds the lock */
};

static void ticket_acquire(struct ticket_lock *l, long *asked)
{
	unsigned me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);

	*asked = atomic_load_explicit(&served, memory_order_relaxed);	/* in the queue from now */

	/* acquire: pairs with the release in ticket_release; the last holder's stores are seen */
	while (atomic_load_explicit(&l->now_serving, memory_order_acquire) != me)
		cpu_relax();
}

static void ticket_release(struct ticket_lock *l)
{
	/* Only the holder writes now_serving, so a plain load of it is enough; the store is a
	 * release, so everything done inside the lock is visible to the next holder. */
	unsigned n = atomic_load_explicit(&l->now_serving, memory_order_relaxed);

	atomic_store_explicit(&l->now_serving, n + 1, memory_order_release);
}

static struct tas_lock tas;
static struct ticket_lock ticket;
static int use_ticket;
static atomic_bool go, stop;

/* Shared data, touched only while holding the lock. */
static int last_owner = -1;
static long handovers, overtaken_most;

struct worker {
	pthread_t thread;
	int id;
	long got;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	while (!atomic_load(&go))
		cpu_relax();
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		long asked, now;

		if (use_ticket)
			ticket_acquire(&ticket, &asked);
		else
			tas_acquire(&tas, &asked);
		now = atomic_load_explicit(&served, memory_order_relaxed);
		atomic_store_explicit(&served, now + 1, memory_order_relaxed);
		if (now - asked > overtaken_most)	/* others had it while we waited */
			overtaken_most = now - asked;
		if (last_owner != w->id) {
			handovers++;
			last_owner = w->id;
		}
		w->got++;
		if (use_ticket)
			ticket_release(&ticket);
		else
			tas_release(&tas);
	}
	return NULL;
}

static void run(const char *name, int threads)
{
	struct worker w[MAX_THREADS];
	struct timespec run_for = { 0, RUN_NS };

	last_owner = -1;
	handovers = overtaken_most = 0;
	atomic_store(&served, 0);
	atomic_store(&go, false);
	atomic_store(&stop, false);
	for (int i = 0; i < threads; i++) {
		w[i] = (struct worker){ .id = i };
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]) != 0) {
			fprintf(stderr, "ticket: pthread_create failed\n");
			exit(1);
		}
	}
	atomic_store(&go, true);
	nanosleep(&run_for, NULL);
	atomic_store(&stop, true);
	for (int i = 0; i < threads; i++)
		pthread_join(w[i].thread, NULL);
	long total = atomic_load(&served);

	printf("%-13s %9ld acquisitions, %6.1f ns each; per thread:", name, total,
	       RUN_NS / (double)total);
	for (int i = 0; i < threads; i++)
		printf(" %ld", w[i].got);
	printf("\n              changed hands %.1f%% of the time; a waiting thread was overtaken "
	       "up to %ld times\n", 100.0 * handovers / total, overtaken_most);
}

int main(int argc, char **argv)
{
	int threads = argc > 1 ? atoi(argv[1]) : 2;

	if (threads < 1 || threads > MAX_THREADS) {
		fprintf(stderr, "ticket: expected 1 to %d threads, got '%s'\n", MAX_THREADS,
			argv[1]);
		return 2;
	}
	use_ticket = 0;
	run("test-and-set", threads);
	use_ticket = 1;
	run("ticket", threads);
	return 0;
}
