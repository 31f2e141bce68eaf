/* clock.c: wall-clock and CPU-time readings for timed sections. */
#include "clock.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "msg.h"

double clock_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
		/* Only possible if the kernel lacks CLOCK_MONOTONIC: nothing can be timed then. */
		msg_errno("clock_gettime");
		exit(EXIT_RUNTIME);
	}
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void clock_nap(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	if (s <= 0)
		return;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int clock_ms_until(double due)
{
	double left = due - clock_now();

	return left <= 0 ? 0 : (int)(left * 1000) + 1;
}

double clock_resolution(void)
{
	struct timespec ts;

	if (clock_getres(CLOCK_MONOTONIC, &ts) != 0) {
		msg_errno("clock_getres");
		return -1;
	}
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double tv_seconds(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec * 1e-6;
}

int clock_usage(struct usage *u)
{
	struct rusage self, kids;

	if (getrusage(RUSAGE_SELF, &self) != 0 || getrusage(RUSAGE_CHILDREN, &kids) != 0) {
		msg_errno("getrusage");
		return -1;
	}
	u->user_s = tv_seconds(self.ru_utime) + tv_seconds(kids.ru_utime);
	u->sys_s = tv_seconds(self.ru_stime) + tv_seconds(kids.ru_stime);
	return 0;
}
