/* machine.h: what machine a sweep ran on, for machine.txt and the report. Hoefler and Belli
 * (SC'15): a result that does not name its environment cannot be compared or repeated.
 *
 * The hardware comes from the machine model (lib/topo.h). Under HWLOC_FSROOT the model is a
 * captured machine, and its /proc and /sys files are read under that root; under
 * HWLOC_XMLFILE or HWLOC_SYNTHETIC no files describe it, so those facts read "unknown". What
 * is about this run (load, affinity, hostname, compiler, git) always comes from here. */
#ifndef PARBENCH_MACHINE_H
#define PARBENCH_MACHINE_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/topo.h"

struct machine_load {
	double avg[3];		/* 1, 5, 15-minute load averages */
	char when[32];		/* local time it was taken, "YYYY-mm-dd HH:MM:SS" */
};

int machine_load_now(struct machine_load *l);	/* 0, or -1 after a message */
int machine_online_cpus(void);			/* sysconf(_SC_NPROCESSORS_ONLN), at least 1 */

/* The model name from root's /proc/cpuinfo ("unknown" when it names none), and whether the
 * kernel saw the CPUID "hypervisor" bit (machineid.c, as are the two below). */
void machine_cpuinfo(const char *root, char *model, size_t len, int *hypervisor);
/* A short name for the hypervisor: CPUID's vendor leaf when the bit is set (it names KVM even
 * without DMI, as in a Firecracker VM), then DMI, else what little the flag says. CPUID is
 * this CPU's, so a captured machine (root not "") goes by its DMI files alone. Written into
 * buf, which it returns; "unknown" when root is NULL. */
const char *machine_virt(const char *root, int hypervisor, char *buf, size_t len);
/* One line for a report's heading, e.g. "Intel(R) Xeon(R) Processor, 1 socket, 2 cores, 1 thread
 * per core, 8 online CPUs, 2 effective (CPU quota), KVM". t may be NULL (no model). */
void machine_summary(char *buf, size_t len, const struct topo *t);
/* Write machine.txt's content to f, one "key: value" a line. start/end are the load snapshots
 * taken at the sweep's start and end (end may be NULL if not yet known). srcdir is the source
 * tree (for git). t is the machine model (NULL: the topology reads "unknown"). bind is the
 * placement policy ("spread"), worker_map the CPUs each worker count got ("1:0 2:0,1"); either
 * may be NULL ("none"). Returns 0, or -1 after a message if writing failed. */
int machine_describe(FILE *f, const struct machine_load *start, const struct machine_load *end,
		     const char *srcdir, const struct topo *t, const char *bind,
		     const char *worker_map);

/* dir/machine.png (machinepic.c): hwloc's lstopo draws this machine's cores, caches and NUMA nodes. Returns 0,
 * or -1 when it could not (no lstopo, or one built without PNG: Debian's hwloc-nox). */
int machine_picture(const char *dir, volatile sig_atomic_t *stop);

#endif
