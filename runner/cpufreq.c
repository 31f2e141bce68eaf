/* cpufreq.c: how the CPUs' clocks are set: each usable CPU's governor, and boost (turbo). */
#include "cpufreq.h"

#include <stdio.h>
#include <string.h>

#include "lib/rootfs.h"

#define SYS_CPU "/sys/devices/system/cpu"

/* The slot for governor name: its own, a new one, or the last ("other") when all are taken. */
static int governor_kind(struct cpufreq_governors *g, const char *name)
{
	int k;

	for (k = 0; k < g->kinds; k++)
		if (!strcmp(g->kind[k].name, name))
			return k;
	if (k == CPUFREQ_GOVERNORS) {
		k--;
		snprintf(g->kind[k].name, sizeof g->kind[k].name, "other");
		return k;
	}
	snprintf(g->kind[k].name, sizeof g->kind[k].name, "%s", name);
	g->kinds++;
	return k;
}

/* Adds the CPUs first..last to a list in the kernel's syntax; what does not fit is cut off. */
static void list_run(char *list, size_t len, int first, int last)
{
	size_t n = strlen(list);

	if (n + 1 >= len)
		return;
	if (first == last)
		snprintf(list + n, len - n, "%s%d", n ? "," : "", first);
	else
		snprintf(list + n, len - n, "%s%d-%d", n ? "," : "", first, last);
}

void cpufreq_governors(const struct topo *t, struct cpufreq_governors *g)
{
	const char *root = rootfs_root();
	int first[CPUFREQ_GOVERNORS] = { 0 }, last[CPUFREQ_GOVERNORS] = { 0 };	/* unlisted runs */
	char path[128], name[32];

	memset(g, 0, sizeof *g);
	for (int i = 0; t && i < t->ncpus; i++) {	/* by CPU number, so runs are ranges */
		int os = t->cpus[i].os, k;

		snprintf(path, sizeof path, SYS_CPU "/cpu%d/cpufreq/scaling_governor", os);
		if (rootfs_line(root, path, name, sizeof name) != 0 || !name[0])
			snprintf(name, sizeof name, "none");
		k = governor_kind(g, name);
		if (g->kind[k].cpus > 0 && os == last[k] + 1) {
			last[k] = os;
		} else {
			if (g->kind[k].cpus > 0)
				list_run(g->kind[k].list, sizeof g->kind[k].list, first[k],
					 last[k]);
			first[k] = last[k] = os;
		}
		g->kind[k].cpus++;
	}
	for (int k = 0; k < g->kinds; k++)
		list_run(g->kind[k].list, sizeof g->kind[k].list, first[k], last[k]);
	if (g->kinds == 1 && !strcmp(g->kind[0].name, "none"))
		g->kinds = 0;	/* no cpufreq at all, as in most VMs */
}

const char *cpufreq_governors_text(const struct cpufreq_governors *g, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (g->kinds == 0)
		return "none";
	if (g->kinds == 1)
		snprintf(buf, len, "%s x%d", g->kind[0].name, g->kind[0].cpus);
	for (int k = 0; g->kinds > 1 && k < g->kinds && n + 1 < len; k++, n = strlen(buf))
		snprintf(buf + n, len - n, "%scpu%s %s", k ? ", " : "", g->kind[k].list,
			 g->kind[k].name);
	return buf;
}

const char *cpufreq_boost(char *from, size_t len)
{
	static const struct {
		const char *path;
		char on;	/* what the file reads when boost is on */
	} files[] = {
		{ SYS_CPU "/cpufreq/boost", '1' }, { SYS_CPU "/intel_pstate/no_turbo", '0' },
	};
	const char *root = rootfs_root();
	char v[16];

	snprintf(from, len, "%s", "");
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (rootfs_line(root, files[i].path, v, sizeof v) != 0 ||
		    (strcmp(v, "0") && strcmp(v, "1")))
			continue;
		snprintf(from, len, "%s%s reads %s", root, files[i].path, v);
		return v[0] == files[i].on ? "on" : "off";
	}
	return "unknown";
}

