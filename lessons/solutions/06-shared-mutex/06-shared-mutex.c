/* 06-shared-mutex.c: the counter and its mutex live in one MAP_SHARED page, which fork does not
 * copy, and the mutex is PTHREAD_PROCESS_SHARED, so its waits and wake-ups work across processes. */
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
	if ((rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) == 0)
		rc = pthread_mutex_init(&c->lock, &attr);
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
