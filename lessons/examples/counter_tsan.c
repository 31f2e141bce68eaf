/* counter_tsan.c: exercise 03's counter, the file you work in, added to by two threads, to run
 * under ThreadSanitizer. The tests of the exercises use Criterion, which cannot start under
 * ThreadSanitizer, so this small driver stands in for them. It compiles your
 * lessons/exercises/03-racy-counter/03-racy-counter.c into itself.
 *
 * From the top of parbench:
 *   cc -std=c11 -g -O1 -fsanitize=thread -pthread lessons/examples/counter_tsan.c \
 *      -o /tmp/counter-tsan
 *   /tmp/counter-tsan
 *
 * Try it on the untouched starter, then on your fix.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#include "../exercises/03-racy-counter/03-racy-counter.c"

#define ADDS 20000	/* per thread */

void counter_pause(void)	/* as in the exercise's tests: let the other thread in */
{
	sched_yield();
}

static struct counter c;

static void *adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < ADDS; i++)
		counter_add(&c, 1);
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	if (counter_init(&c) != 0)
		return 1;
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, adder, NULL) != 0) {
			fprintf(stderr, "counter_tsan: pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("total %ld, want %d\n", counter_get(&c), 2 * ADDS);
	counter_destroy(&c);
	return 0;
}
