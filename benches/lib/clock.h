/* clock.h: the one timing helper. Wall time from CLOCK_MONOTONIC, CPU time from getrusage. */
#ifndef PARBENCH_CLOCK_H
#define PARBENCH_CLOCK_H

struct usage {
	double user_s;
	double sys_s;
};

double clock_now(void);		/* seconds on CLOCK_MONOTONIC */
void clock_nap(double s);	/* sleep s seconds, resuming after a signal */
double clock_resolution(void);	/* seconds */
/* The milliseconds from now until due (a clock_now() time), as poll's or epoll_wait's timeout:
 * 0 once it is due, otherwise rounded up, so that the wait never wakes early. */
int clock_ms_until(double due);
/* CPU time of this process plus its reaped children. Returns 0, or -1 after a message. */
int clock_usage(struct usage *u);

#endif
