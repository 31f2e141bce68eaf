/* gil.h: a global interpreter lock modelled on CPython's (3.2+): a thread that waits longer than
 * the switch interval asks the holder to drop the lock, and the holder waits until another
 * thread has taken it (forced switching), so the lock really changes hands. */
#ifndef PARBENCH_GIL_H
#define PARBENCH_GIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct gil {
	pthread_mutex_t mutex;
	pthread_cond_t released;	/* the gil became free */
	pthread_cond_t switched;	/* a new holder took it */
	int locked;
	int waiting;
	uint64_t switches;
	atomic_int drop_request;
	long interval_ns;
};

int gil_init(struct gil *g, double switch_ms);	/* 0, or -1 after a message */
void gil_destroy(struct gil *g);
void gil_acquire(struct gil *g);
void gil_release(struct gil *g);
/* Called between pieces of work, like CPython's eval loop: gives the gil up if asked. */
void gil_yield(struct gil *g);

#endif
