/* futex.h: sleeping on a 32-bit word until another thread or process changes it. The word may
 * lie in MAP_SHARED memory: a futex works across fork too (team.c, steal.c). */
#ifndef PARBENCH_FUTEX_H
#define PARBENCH_FUTEX_H

#include <stdatomic.h>
#include <time.h>

/* Sleep while *word == value, or for at most `timeout` (NULL: no limit); any wake-up means "look
 * again". A futex that fails otherwise would fail again at once in its caller's loop, so the
 * process says why and exits. */
void futex_wait(atomic_int *word, int value, const struct timespec *timeout);
/* Wake up to n sleepers on word (INT_MAX: all). */
void futex_wake(atomic_int *word, int n);

#endif
