/* race.c: two threads add 1 to one ordinary long, a million times each, with nothing to order them.
 * The total comes out short, and ThreadSanitizer says where the race is. With "atomic" they add
 * with atomic_fetch_add instead, the total is right, and ThreadSanitizer is quiet.
 *
 *   cc -std=c11 -O2 -Wall -Wextra -pthread race.c -o /tmp/race && /tmp/race
 *   cc -std=c11 -g -O1 -fsanitize=thread -pthread race.c -o /tmp/race-tsan && /tmp/race-tsan
 *   /tmp/race-tsan atomic
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define ADDS 1000000

/* Shared, and no lock: the bug. volatile only makes the compiler load and store count on every
 * turn of the loop. Without it, gcc -O2 adds the million in one go, the threads hardly ever
 * overlap and the total usually comes out right; the race is still there (ThreadSanitizer
 * reports it either way), it just does no visible harm. volatile makes nothing atomic. */
static volatile long count;
static atomic_long atomic_count;
static int use_atomic;

static void *adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < ADDS; i++) {
		if (use_atomic)
			atomic_fetch_add_explicit(&atomic_count, 1, memory_order_relaxed);
		else
			count++;	/* load, add, store: the other thread can come in between */
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[2];

	use_atomic = argc > 1 && strcmp(argv[1], "atomic") == 0;
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, adder, NULL) != 0) {
			fprintf(stderr, "race: pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("total %ld, want %d\n", use_atomic ? atomic_load(&atomic_count) : count, 2 * ADDS);
	return 0;
}
