/* cgroup.h: the CPU quota a cgroup puts on this process (or on a captured root's), v2 cpu.max or
 * v1 cpu.cfs_quota_us over cpu.cfs_period_us, along the process's own path in
 * /proc/self/cgroup up to the hierarchy's root: a parent's quota binds its children too. */
#ifndef PARBENCH_CGROUP_H
#define PARBENCH_CGROUP_H

#include <stddef.h>

/* The tightest quota, as CPUs (0 when there is none), with the file it came from in from.
 * root is rootfs.h's. */
double cgroup_quota(const char *root, char *from, size_t len);

#endif
