/* cpufreq.h: how the CPUs' clocks are set, read from the described machine's /sys (rootfs.h):
 * a governor other than performance, or boost, moves a core's speed with the load, and so
 * with the worker count. */
#ifndef PARBENCH_CPUFREQ_H
#define PARBENCH_CPUFREQ_H

#include <stddef.h>

#include "lib/topo.h"

#define CPUFREQ_GOVERNORS 8	/* distinct governors kept apart; Linux has six */

struct cpufreq_governor {
	char name[32];		/* "performance"...; "none" for CPUs without cpufreq */
	int cpus;		/* how many usable CPUs run it */
	char list[TOPO_LIST_MAX];	/* which, in the kernel's list syntax, "0-3,8" */
};

struct cpufreq_governors {
	int kinds;		/* 0 when no usable CPU has cpufreq (or t was NULL) */
	struct cpufreq_governor kind[CPUFREQ_GOVERNORS];	/* in order of first CPU */
};

/* The cpufreq governor of every usable CPU of t, grouped by governor. */
void cpufreq_governors(const struct topo *t, struct cpufreq_governors *g);
/* "performance x2" when every CPU agrees, else "cpu0-3 powersave, cpu4-7 performance"; "none"
 * without cpufreq. Returns buf, or that word. */
const char *cpufreq_governors_text(const struct cpufreq_governors *g, char *buf, size_t len);
/* Boost (turbo): "on", "off" or "unknown", from cpufreq/boost or intel_pstate/no_turbo. from
 * gets the file and what it read ("" when unknown). */
const char *cpufreq_boost(char *from, size_t len);

#endif
