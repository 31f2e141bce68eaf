/* proc.h: the processes of this machine as /proc shows them, for the watchdog and the guard,
 * which must find and end whatever a test left running. */
#ifndef PARBENCH_TEST_PROC_H
#define PARBENCH_TEST_PROC_H

#include <sys/types.h>

struct proc_info {
	pid_t pid, ppid, pgrp, sid;
	char state;		/* R, S, D, Z... */
	char comm[32];
};

/* Fill p from /proc/<pid>/stat. Returns 0, or -1 when the process is gone (or unreadable). */
int proc_read(pid_t pid, struct proc_info *p);
/* Call fn on every process of the machine, until it returns non-zero (which proc_each then
 * returns). Returns 0 after the last one, or -1 if /proc cannot be read (errno says why). */
int proc_each(int (*fn)(const struct proc_info *p, void *arg), void *arg);

#endif
