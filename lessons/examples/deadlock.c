/* deadlock.c: two threads move money back and forth between two accounts, each locking the
 * account it takes money from first. Sooner or later each holds one lock and waits for the other.
 * The second lock is taken with pthread_mutex_timedlock: a wait of a whole second, for a lock that
 * is held for a microsecond at a time, is taken to be a deadlock, and the program says who held
 * what and stops. With "ordered", both threads lock the account with the lower id first, and the
 * program finishes.
 *
 *   cc -std=c11 -O2 -Wall -Wextra -pthread deadlock.c -o /tmp/deadlock
 *   /tmp/deadlock            # from, then to: deadlocks
 *   /tmp/deadlock ordered    # lower id first: finishes
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRANSFERS 1000000	/* per thread */

struct account {
	pthread_mutex_t lock;
	long balance;
	int id;
};

static struct account acct[2] = {
	{ PTHREAD_MUTEX_INITIALIZER, 1000, 0 },
	{ PTHREAD_MUTEX_INITIALIZER, 1000, 1 },
};
static int ordered;

/* Lock want while holding held, or report a deadlock after 1 s and stop the program. The deadline
 * is on CLOCK_REALTIME, the clock pthread_mutex_timedlock measures against. */
static void lock_second(struct account *held, struct account *want, long done)
{
	struct timespec deadline;
	int rc;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 1;
	rc = pthread_mutex_timedlock(&want->lock, &deadline);
	if (rc == ETIMEDOUT) {
		printf("deadlock: a thread holding account %d waited 1 s for account %d "
		       "(after %ld transfers)\n", held->id, want->id, done);
		exit(1);	/* the other thread is stuck the same way: end them both */
	}
	if (rc != 0) {
		fprintf(stderr, "deadlock: pthread_mutex_timedlock: %s\n", strerror(rc));
		exit(1);
	}
}

static void transfer(struct account *from, struct account *to, long amount, long done)
{
	struct account *first = from, *second = to;

	if (ordered && to->id < from->id) {	/* every thread takes the lower id first */
		first = to;
		second = from;
	}
	pthread_mutex_lock(&first->lock);
	lock_second(first, second, done);
	from->balance -= amount;
	to->balance += amount;
	pthread_mutex_unlock(&second->lock);
	pthread_mutex_unlock(&first->lock);
}

static void *mover(void *arg)
{
	int me = *(int *)arg;	/* thread 0 moves from account 0 to 1, thread 1 the other way */

	for (long i = 0; i < TRANSFERS; i++)
		transfer(&acct[me], &acct[1 - me], 1, i);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[2];
	int who[2] = { 0, 1 };

	ordered = argc > 1 && strcmp(argv[1], "ordered") == 0;
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, mover, &who[i]) != 0) {
			fprintf(stderr, "deadlock: pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("no deadlock: 2 x %d transfers, balances %ld and %ld\n", TRANSFERS,
	       acct[0].balance, acct[1].balance);
	return 0;
}
