/* tests/planted/06-private-mutex.c: a wrong exercise 06 for tests/test_graders.c. The mutex is
 * in MAP_SHARED memory but not PTHREAD_PROCESS_SHARED: a wake-up in one process never reaches a
 * waiter in another, and the children block for ever. The grader must end them all and name it. */
#include "06-shared-mutex.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

struct shared_counter *shared_counter_create(void)
{
	struct shared_counter *c;
	pthread_mutexattr_t attr;
	int rc;

	c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED) {
		fprintf(stderr, "shared_counter_create: mmap: %s\n", strerror(errno));
		return NULL;
	}
	c->value = 0;	/* an anonymous mapping starts zeroed; said here for the reader */
	if ((rc = pthread_mutexattr_init(&attr)) != 0)
		goto out_unmap;
	rc = pthread_mutex_init(&c->lock, &attr);	/* the planted mistake: not process-shared */
	pthread_mutexattr_destroy(&attr);
	if (rc == 0)
		return c;
out_unmap:
	fprintf(stderr, "shared_counter_create: mutex: %s\n", strerror(rc));
	munmap(c, sizeof *c);
	return NULL;
}

void shared_counter_destroy(struct shared_counter *c)
{
	pthread_mutex_destroy(&c->lock);
	if (munmap(c, sizeof *c) != 0)
		fprintf(stderr, "shared_counter_destroy: munmap: %s\n", strerror(errno));
}

void shared_counter_add(struct shared_counter *c, long delta)
{
	long v;

	pthread_mutex_lock(&c->lock);
	v = c->value;
	counter_pause();
	c->value = v + delta;
	pthread_mutex_unlock(&c->lock);
}

long shared_counter_get(struct shared_counter *c)
{
	long v;

	pthread_mutex_lock(&c->lock);
	v = c->value;
	pthread_mutex_unlock(&c->lock);
	return v;
}
