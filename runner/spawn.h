/* spawn.h: run one benchmark process with a time limit and keep what it printed. */
#ifndef PARBENCH_SPAWN_H
#define PARBENCH_SPAWN_H

#include <signal.h>
#include <stddef.h>

/* What wait4's rusage says of a process and the children it reaped. */
struct spawn_usage {
	long max_rss_kib;	/* the largest resident set of any one of them */
	long minflt, majflt;	/* page faults served without and with I/O */
	long nvcsw, nivcsw;	/* voluntary (waits) and involuntary (preempted) context switches */
};

struct spawned {
	int exited;		/* 1: exited with code; 0: killed by signal */
	int code;		/* exit code or signal number */
	int timed_out;		/* killed by us at the time limit */
	int interrupted;	/* killed by us because *stop became set */
	double wall_s;		/* fork to reap, as the runner saw it */
	double user_s, sys_s;	/* from wait4: the process and its reaped children */
	struct spawn_usage use;
	char out[32768];	/* stdout, cut to fit: a line is at most KV_LINE_MAX */
	char err[1024];		/* stderr, cut to fit */
};

/* Run argv[0] (looked up in PATH; in directory cwd unless NULL) in its own process group, so that a timeout or an interrupt
 * kills its children too. Polls *stop (a signal handler's flag) while waiting. Returns 0 once
 * the process is reaped, or -1 after a message if it could not be started. */
int spawn_run(char *const argv[], const char *cwd, double timeout_s, volatile sig_atomic_t *stop,
	      struct spawned *r);

#endif
