/* topo.h: the machine model. hwloc gives the topology (packages, NUMA nodes, caches, cores,
 * hardware threads); this adds what hwloc does not know: the affinity mask and the cgroup CPU
 * quota. From them come the effective CPUs, the one number every other part asks for.
 *
 * HWLOC_FSROOT, HWLOC_XMLFILE or HWLOC_SYNTHETIC make the model describe that machine alone:
 * this process's mask and cgroup then do not apply. A captured root (HWLOC_FSROOT) may carry
 * its own /proc/self/status (the mask), /proc/self/cgroup and cgroup files (the quota). */
#ifndef PARBENCH_TOPO_H
#define PARBENCH_TOPO_H

#include <stddef.h>
#include <stdint.h>

#define TOPO_LIST_MAX 8192	/* a CPU list in the kernel's syntax, "0-3,8-11" */

struct topo_cpu {
	int os;			/* the CPU number the kernel uses */
	int core;		/* which physical core, 0.. in hwloc's order */
	int socket;		/* which package, 0.. */
	int thread;		/* 0 for its core's first usable hardware thread, 1 for the next... */
	int numa;		/* which NUMA node, 0.. (-1 when unknown) */
};

struct topo_numa {
	int os;
	uint64_t bytes;		/* local memory */
	char cpus[TOPO_LIST_MAX];
};

struct topo {
	char source[300];	/* "this machine", or which HWLOC_ variable described it */
	int fake;		/* 1: another machine, so nothing may be pinned here */
	int online;		/* hardware threads online */
	int usable;		/* online, allowed by the cpuset and by the affinity mask */
	int effective;		/* usable, capped at the quota's ceil(quota / period) */
	const char *limit;	/* what set effective: "online CPUs", "cgroup cpuset",
				 * "affinity mask" or "CPU quota" */
	double quota_cpus;	/* quota / period, 0 when there is none */
	char quota_from[2200];	/* the file it came from */
	int cores;		/* physical cores among the usable CPUs */
	int sockets;		/* packages among the usable CPUs */
	int socket_cores;	/* the most usable cores on one package */
	int smt;		/* the most usable hardware threads on one core */
	uint64_t llc_bytes;	/* the sum over the distinct last-level caches */
	int llc_level;		/* 3 for L3...; 0 when no cache is known */
	uint64_t mem_bytes;	/* memory a run may take: MemAvailable, or for a described
				 * machine without files, its NUMA nodes' memory; 0: unknown */
	const char *mem_from;	/* "MemAvailable", "NUMA nodes" or "unknown" */
	char online_list[TOPO_LIST_MAX], usable_list[TOPO_LIST_MAX], mask_list[TOPO_LIST_MAX];
	struct topo_cpu *cpus;	/* the usable CPUs, by CPU number */
	int ncpus;
	struct topo_numa *numa;
	int nnuma;
};

/* Build the model. Returns 0, or -1 after a message (hwloc failed; nothing to free then). */
int topo_load(struct topo *t);
void topo_free(struct topo *t);
/* This process's own affinity mask in the kernel's list syntax, and how many CPUs it holds,
 * whatever machine the model describes. Returns 0, or -1 after a message. */
int topo_affinity(char *list, size_t len, int *count);
/* Whether the HWLOC_ variables describe another machine, and which ("" when none). */
const char *topo_simulated(void);

#endif
