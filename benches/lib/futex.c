/* futex.c: the two futex calls parbench makes, with their checks. */
#include "futex.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "msg.h"

void futex_wait(atomic_int *word, int value, const struct timespec *timeout)
{
	if (syscall(SYS_futex, word, FUTEX_WAIT, value, timeout, NULL, 0) != 0 && errno != EAGAIN &&
	    errno != EINTR && errno != ETIMEDOUT) {
		msg_errno("futex (wait)");
		_exit(EXIT_RUNTIME);
	}
}

void futex_wake(atomic_int *word, int n)
{
	if (syscall(SYS_futex, word, FUTEX_WAKE, n, NULL, NULL, 0) < 0)
		msg_errno("futex (wake)");
}
