/* topo.c: the machine model, built from hwloc, the affinity mask and the cgroup CPU quota. */
#include "topo.h"

#include <errno.h>
#include <hwloc.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "msg.h"
#include "rootfs.h"

static const char *const sim_vars[] = { "HWLOC_FSROOT", "HWLOC_XMLFILE", "HWLOC_SYNTHETIC" };

const char *topo_simulated(void)
{
	for (size_t k = 0; k < sizeof sim_vars / sizeof sim_vars[0]; k++) {
		const char *v = getenv(sim_vars[k]);

		if (v && *v)
			return sim_vars[k];
	}
	return "";
}

/* A set in the kernel's list syntax, "0-3,8-11" ("none" when empty). Returns 0, or -1 after a
 * message when it does not fit (it is cut there). */
static int topo_list(char *buf, size_t len, hwloc_const_bitmap_t set)
{
	int n;

	if (hwloc_bitmap_iszero(set)) {
		snprintf(buf, len, "none");
		return 0;
	}
	n = hwloc_bitmap_list_snprintf(buf, len, set);
	if (n < 0 || (size_t)n >= len) {
		msg_warn("a CPU list of %d characters does not fit in %zu: cut short", n, len);
		return -1;
	}
	return 0;
}

/* This process's affinity mask, however many CPUs the kernel has. */
static int topo_real_mask(hwloc_bitmap_t mask)
{
	for (int n = 1024; n <= 1 << 20; n *= 2) {
		cpu_set_t *set = CPU_ALLOC(n);
		size_t size = CPU_ALLOC_SIZE(n);

		if (!set) {
			msg_errno("CPU_ALLOC");
			return -1;
		}
		CPU_ZERO_S(size, set);
		if (sched_getaffinity(0, size, set) != 0) {
			int e = errno;

			CPU_FREE(set);
			if (e == EINVAL)	/* the kernel's mask is wider: try a bigger one */
				continue;
			errno = e;
			msg_errno("sched_getaffinity");
			return -1;
		}
		hwloc_bitmap_zero(mask);
		for (int i = 0; i < n; i++)
			if (CPU_ISSET_S(i, size, set))
				hwloc_bitmap_set(mask, (unsigned)i);
		CPU_FREE(set);
		return 0;
	}
	msg_warn("sched_getaffinity: no mask size was accepted");
	return -1;
}

int topo_affinity(char *list, size_t len, int *count)
{
	hwloc_bitmap_t mask = hwloc_bitmap_alloc();
	int err = -1;

	if (!mask) {
		msg_errno("hwloc_bitmap_alloc");
		return -1;
	}
	if (topo_real_mask(mask) == 0 && topo_list(list, len, mask) == 0) {
		*count = hwloc_bitmap_weight(mask);
		err = 0;
	}
	hwloc_bitmap_free(mask);
	return err;
}

/* The mask a captured root recorded: Cpus_allowed_list in its /proc/self/status. Returns 1
 * when it has one, 0 when not. */
static int topo_fake_mask(const char *root, hwloc_bitmap_t mask)
{
	char buf[16384], *line;

	if (rootfs_read(root, "/proc/self/status", buf, sizeof buf) != 0 ||
	    !(line = strstr(buf, "Cpus_allowed_list:")))
		return 0;
	line += strlen("Cpus_allowed_list:");
	line += strspn(line, " \t");
	line[strcspn(line, "\n")] = '\0';
	if (hwloc_bitmap_list_sscanf(mask, line) != 0) {
		msg_warn("%s/proc/self/status: Cpus_allowed_list '%.60s' is not a CPU list: no mask "
			 "applies", root, line);
		return 0;
	}
	return 1;
}

static int topo_ancestor_index(hwloc_topology_t h, hwloc_obj_t pu, hwloc_obj_type_t type)
{
	hwloc_obj_t a = hwloc_get_ancestor_obj_by_type(h, type, pu);

	return a ? (int)a->logical_index : type == HWLOC_OBJ_CORE ? -1 : 0;
}

/* The usable CPUs, one entry each, with their core, socket, NUMA node and thread rank. */
static int topo_fill_cpus(struct topo *t, hwloc_topology_t h, hwloc_const_bitmap_t usable)
{
	int n = hwloc_bitmap_weight(usable), k = 0, most_sock = 0;
	unsigned os;

	t->cpus = calloc(n > 0 ? (size_t)n : 1, sizeof *t->cpus);
	if (!t->cpus) {
		msg_errno("calloc");
		return -1;
	}
	hwloc_bitmap_foreach_begin(os, usable) {
		hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(h, os);
		hwloc_obj_t node = NULL;
		struct topo_cpu *c = &t->cpus[k];

		c->os = (int)os;
		c->core = pu ? topo_ancestor_index(h, pu, HWLOC_OBJ_CORE) : -1;
		if (c->core < 0)	/* a PU without a core object is a core of its own */
			c->core = 100000 + (int)os;
		c->socket = pu ? topo_ancestor_index(h, pu, HWLOC_OBJ_PACKAGE) : 0;
		c->numa = -1;
		while ((node = hwloc_get_next_obj_by_type(h, HWLOC_OBJ_NUMANODE, node)))
			if (node->cpuset && hwloc_bitmap_isset(node->cpuset, os)) {
				c->numa = (int)node->logical_index;
				break;
			}
		c->thread = 0;
		for (int j = 0; j < k; j++)
			c->thread += t->cpus[j].core == c->core;
		if (c->thread == 0)
			t->cores++;
		if (c->thread + 1 > t->smt)
			t->smt = c->thread + 1;
		most_sock = c->socket > most_sock ? c->socket : most_sock;
		k++;
	} hwloc_bitmap_foreach_end();
	t->ncpus = k;
	for (int s = 0; s <= most_sock; s++) {
		int cores = 0;

		for (int j = 0; j < k; j++)
			cores += t->cpus[j].socket == s && t->cpus[j].thread == 0;
		t->sockets += cores > 0;
		if (cores > t->socket_cores)
			t->socket_cores = cores;
	}
	return 0;
}

static int topo_fill_numa(struct topo *t, hwloc_topology_t h)
{
	int n = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_NUMANODE);
	hwloc_obj_t node = NULL;

	t->numa = calloc(n > 0 ? (size_t)n : 1, sizeof *t->numa);
	if (!t->numa) {
		msg_errno("calloc");
		return -1;
	}
	while ((node = hwloc_get_next_obj_by_type(h, HWLOC_OBJ_NUMANODE, node)) && t->nnuma < n) {
		struct topo_numa *m = &t->numa[t->nnuma++];

		m->os = (int)node->os_index;
		m->bytes = node->attr ? node->attr->numanode.local_memory : 0;
		if (!node->cpuset)
			snprintf(m->cpus, sizeof m->cpus, "unknown");
		else
			topo_list(m->cpus, sizeof m->cpus, node->cpuset);
	}
	return 0;
}

/* The last level of cache: the sum over its distinct instances (one per socket, or per CCX). */
static void topo_fill_llc(struct topo *t, hwloc_topology_t h)
{
	static const hwloc_obj_type_t levels[] = { HWLOC_OBJ_L5CACHE, HWLOC_OBJ_L4CACHE,
		HWLOC_OBJ_L3CACHE, HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L1CACHE };

	for (size_t k = 0; k < sizeof levels / sizeof levels[0]; k++) {
		hwloc_obj_t c = NULL;

		while ((c = hwloc_get_next_obj_by_type(h, levels[k], c)))
			t->llc_bytes += c->attr ? c->attr->cache.size : 0;
		if (t->llc_bytes) {
			t->llc_level = 5 - (int)k;
			return;
		}
	}
}

/* What memory is free: the described machine's /proc/meminfo when it has files, else what its
 * NUMA nodes hold (hwloc knows that of a synthetic or XML machine too). */
static void topo_fill_mem(struct topo *t, const char *root)
{
	char buf[8192], *at;
	unsigned long long kib;

	t->mem_from = "unknown";
	if (root && rootfs_read(root, "/proc/meminfo", buf, sizeof buf) == 0 &&
	    (at = strstr(buf, "MemAvailable:")) && sscanf(at, "MemAvailable: %llu kB", &kib) == 1) {
		t->mem_bytes = (uint64_t)kib * 1024;
		t->mem_from = "MemAvailable";
		return;
	}
	for (int i = 0; i < t->nnuma; i++)
		t->mem_bytes += t->numa[i].bytes;
	if (t->mem_bytes)
		t->mem_from = "NUMA nodes";
}

/* online, cpuset, mask, quota: each may only narrow what the one before allowed; the last that
 * did is the limit. */
static void topo_effective(struct topo *t, int online, int in_cpuset, int usable)
{
	t->online = online;
	t->usable = usable;
	t->limit = in_cpuset < online ? "cgroup cpuset" : "online CPUs";
	if (usable < in_cpuset)
		t->limit = "affinity mask";
	t->effective = usable;
	if (t->quota_cpus > 0 && ceil(t->quota_cpus - 1e-9) < t->effective) {
		t->effective = (int)ceil(t->quota_cpus - 1e-9);
		t->limit = "CPU quota";
	}
	if (t->effective < 1)
		t->effective = 1;	/* a process runs somewhere */
}

/* hwloc's view of the machine, this one or the one the HWLOC_ variables describe (root is
 * rootfs.h's). Returns 0, or -1 after a message (nothing to destroy then). */
static int topo_open(const struct topo *t, const char *root, hwloc_topology_t *h)
{
	if (hwloc_topology_init(h) != 0) {
		msg_errno("hwloc_topology_init");
		return -1;
	}
	/* Every online CPU, also those the cgroup forbids: their cause is worth telling. */
	if (hwloc_topology_set_flags(*h, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED) != 0) {
		msg_errno("hwloc_topology_set_flags");
		goto out_destroy;
	}
	/* The x86 component reads this CPU's CPUID, which does not describe a captured machine. */
	if (root && root[0] &&
	    hwloc_topology_set_components(*h, HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST, "x86") != 0) {
		msg_errno("hwloc_topology_set_components (x86)");
		goto out_destroy;
	}
	if (hwloc_topology_load(*h) != 0) {
		msg_warn("hwloc_topology_load: %s%s%s", strerror(errno), t->fake ? " for " : "",
			 t->fake ? t->source : "");
		goto out_destroy;
	}
	/* hwloc falls back to this machine when it cannot use the variable (a typo in a
	 * synthetic description, a missing file): say so rather than plan for the wrong one. */
	if (t->fake && hwloc_topology_is_thissystem(*h)) {
		msg_warn("hwloc could not use %s, and would describe this machine instead: check it",
			 t->source);
		goto out_destroy;
	}
	return 0;
out_destroy:
	hwloc_topology_destroy(*h);
	return -1;
}

/* The sets that narrow the online CPUs to the usable ones, and what comes of them. */
static int topo_describe(struct topo *t, hwloc_topology_t h, const char *root)
{
	hwloc_bitmap_t online = hwloc_bitmap_dup(hwloc_topology_get_topology_cpuset(h));
	hwloc_bitmap_t allowed = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(h));
	hwloc_bitmap_t mask = hwloc_bitmap_alloc_full(), usable = hwloc_bitmap_alloc();
	int have_mask = 0, in_cpuset, err = -1;

	if (!online || !allowed || !mask || !usable) {
		msg_errno("hwloc_bitmap_alloc");
		goto out_free;
	}
	if (!t->fake)
		have_mask = topo_real_mask(mask) == 0;
	else if (root)
		have_mask = topo_fake_mask(root, mask);
	if (root)
		t->quota_cpus = cgroup_quota(root, t->quota_from, sizeof t->quota_from);
	hwloc_bitmap_and(usable, online, allowed);
	in_cpuset = hwloc_bitmap_weight(usable);
	if (have_mask)
		hwloc_bitmap_and(usable, usable, mask);
	if (hwloc_bitmap_iszero(usable)) {
		msg_warn("no usable CPU: the affinity mask and the cgroup cpuset share no online CPU");
		goto out_free;
	}
	topo_list(t->online_list, sizeof t->online_list, online);
	topo_list(t->usable_list, sizeof t->usable_list, usable);
	if (have_mask)
		topo_list(t->mask_list, sizeof t->mask_list, mask);
	else
		snprintf(t->mask_list, sizeof t->mask_list, "none");
	topo_effective(t, hwloc_bitmap_weight(online), in_cpuset, hwloc_bitmap_weight(usable));
	if (topo_fill_cpus(t, h, usable) != 0 || topo_fill_numa(t, h) != 0) {
		topo_free(t);
		goto out_free;
	}
	topo_fill_llc(t, h);
	topo_fill_mem(t, root);
	err = 0;
out_free:
	hwloc_bitmap_free(online);
	hwloc_bitmap_free(allowed);
	hwloc_bitmap_free(mask);
	hwloc_bitmap_free(usable);
	return err;
}

int topo_load(struct topo *t)
{
	const char *sim = topo_simulated(), *root = rootfs_root();
	hwloc_topology_t h;
	int err;

	memset(t, 0, sizeof *t);
	t->fake = sim[0] != '\0';
	if (t->fake)
		snprintf(t->source, sizeof t->source, "%s=%.250s", sim, getenv(sim));
	else
		snprintf(t->source, sizeof t->source, "this machine");
	if (topo_open(t, root, &h) != 0)
		return -1;
	err = topo_describe(t, h, root);
	hwloc_topology_destroy(h);
	return err;
}

void topo_free(struct topo *t)
{
	free(t->cpus);
	free(t->numa);
	t->cpus = NULL;
	t->numa = NULL;
	t->ncpus = t->nnuma = 0;
}
