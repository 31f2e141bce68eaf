/* process.h: the process-level calls that the parts which fork share: forking a child that gets
 * one end of a pipe or socket pair, reaping it across signals, and raising the open-file limit
 * that many children's pipes and sockets need. (Not tests/proc.h, which reads /proc.) */
#ifndef PARBENCH_PROCESS_H
#define PARBENCH_PROCESS_H

#include <stdint.h>
#include <sys/types.h>

/* fork(), for a child that is to keep one end of pair. Returns what fork returns; when it fails,
 * -1 after a message naming fork, with both ends of pair closed. */
pid_t process_fork(int pair[2]);
/* waitpid(pid, status, 0), resumed after a signal. Returns 0, or -1 with errno set: the caller
 * says so (naming waitpid), or not, as it sees fit. */
int process_reap(pid_t pid, int *status);
/* A pidfd for pid (pidfd_open, Linux 5.3), which polls readable once pid has ended. Returns
 * it, or -1 with errno set: the caller says so, or watches pid another way. */
int process_pidfd(pid_t pid);
/* Raise this process's soft limit on open files to the hard one (a child forked afterwards
 * inherits it). Returns the limit now in force, RLIM_INFINITY as UINT64_MAX, or 0 after a
 * message. */
uint64_t process_raise_nofile(void);

#endif
