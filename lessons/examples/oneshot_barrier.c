/* oneshot_barrier.c: a barrier made of a count, a mutex and a condition variable, and nothing
 * else, used for several rounds in a row by 4 threads. After each barrier_wait a thread checks
 * that all 4 have arrived at that round; a thread that finds fewer has been let through too early.
 *
 *   cc -std=c11 -O2 -Wall -Wextra -pthread oneshot_barrier.c -o /tmp/oneshot
 *   /tmp/oneshot          # the count is never reset
 *   /tmp/oneshot reset    # the last to arrive resets the count to 0 for the next round
 *
 * A waiter waits at most 1 s (pthread_cond_timedwait), so that a barrier that never opens says so
 * instead of hanging.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define THREADS 4
#define ROUNDS 3

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_here = PTHREAD_COND_INITIALIZER;
static int count, reset;
static atomic_int arrived[ROUNDS];	/* the check: how many threads reached round r */

static void barrier_wait(int me, int round)
{
	struct timespec deadline;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 1;
	pthread_mutex_lock(&lock);
	if (++count == THREADS) {
		if (reset)
			count = 0;	/* ready for the next round... */
		pthread_cond_broadcast(&all_here);
	}
	while (count < THREADS) {	/* ...but then this is true again at once */
		if (pthread_cond_timedwait(&all_here, &lock, &deadline) == ETIMEDOUT) {
			printf("round %d: thread %d has waited 1 s, count is %d: "
			       "nobody will wake it\n", round + 1, me, count);
			pthread_mutex_unlock(&lock);
			exit(1);
		}
	}
	pthread_mutex_unlock(&lock);
}

static void *worker(void *arg)
{
	int me = *(int *)arg;

	for (int r = 0; r < ROUNDS; r++) {
		struct timespec nap = { 0, (me + 1) * 1000000L };	/* k + 1 ms late */

		nanosleep(&nap, NULL);
		atomic_fetch_add(&arrived[r], 1);
		barrier_wait(me, r);
		int seen = atomic_load(&arrived[r]);
		if (seen < THREADS)
			printf("round %d: thread %d left the barrier when %d of %d had arrived\n",
			       r + 1, me, seen, THREADS);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[THREADS];
	int id[THREADS];

	reset = argc > 1 && strcmp(argv[1], "reset") == 0;
	for (int i = 0; i < THREADS; i++) {
		id[i] = i;
		if (pthread_create(&t[i], NULL, worker, &id[i]) != 0) {
			fprintf(stderr, "oneshot: pthread_create failed\n");
			return 1;
		}
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("%d rounds done\n", ROUNDS);
	return 0;
}
