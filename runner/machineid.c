/* machineid.c: what the machine is, in one line for a report's heading: the CPU model, the
 * topology, the CPUs a sweep may use and the hypervisor (machine.txt says it all: machine.c). */
#include "machine.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "lib/rootfs.h"

/* printf onto the end of the string in buf; what does not fit is cut off. */
static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strnlen(buf, len);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

int machine_online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 1 << 20 ? 1 << 20 : (int)n;
}

void machine_cpuinfo(const char *root, char *model, size_t len, int *hypervisor)
{
	FILE *f = rootfs_open(root, "/proc/cpuinfo");
	char *line = NULL, *colon, *value, *hit;
	size_t cap = 0;

	snprintf(model, len, "unknown");	/* e.g. some ARM kernels print no "model name" */
	*hypervisor = 0;
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		if (!(colon = strchr(line, ':')))
			continue;
		value = colon + 1 + strspn(colon + 1, " \t");
		if (!strncmp(line, "model name", 10) && !strcmp(model, "unknown") &&
		    *value && *value != '\n')
			snprintf(model, len, "%.*s", (int)strcspn(value, "\n"), value);
		else if (!strncmp(line, "flags", 5) && (hit = strstr(colon, " hypervisor")))
			*hypervisor |= hit[11] == ' ' || hit[11] == '\n' || hit[11] == '\0';
	}
	free(line);
	fclose(f);	/* read-only: a failing close loses nothing */
}

const char *machine_virt(const char *root, int hypervisor, char *buf, size_t len)
{
	static const char *const by_cpuid[][2] = {
		{ "KVMKVMKVM", "KVM" }, { "Microsoft Hv", "Hyper-V" }, { "VMwareVMware", "VMware" },
		{ "XenVMMXenVMM", "Xen" }, { "TCGTCGTCGTCG", "QEMU" }, { "VBoxVBoxVBox", "VirtualBox" },
	};
	static const char *const by_dmi[][2] = {
		{ "KVM", "KVM" }, { "QEMU", "QEMU" }, { "VMware", "VMware" }, { "Xen", "Xen" },
		{ "Microsoft", "Hyper-V" }, { "VirtualBox", "VirtualBox" }, { "Amazon EC2", "Amazon EC2" },
	};
	char sig[13] = "", vendor[128] = "", product[128] = "";
	const char *name = hypervisor ? "unknown hypervisor" : "none detected";

#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;

	if (hypervisor && root && !root[0]) {	/* without the bit, leaf 0x40000000 returns unrelated data */
		__cpuid(0x40000000, a, b, c, d);
		memcpy(sig, &b, 4), memcpy(sig + 4, &c, 4), memcpy(sig + 8, &d, 4);
	}
#endif
	rootfs_line(root, "/sys/class/dmi/id/sys_vendor", vendor, sizeof vendor);
	rootfs_line(root, "/sys/class/dmi/id/product_name", product, sizeof product);
	for (size_t i = sizeof by_dmi / sizeof by_dmi[0]; i-- > 0;)
		if (strstr(vendor, by_dmi[i][0]) || strstr(product, by_dmi[i][0]))
			name = by_dmi[i][1];
	for (size_t i = 0; i < sizeof by_cpuid / sizeof by_cpuid[0]; i++)
		if (!strcmp(sig, by_cpuid[i][0]))
			name = by_cpuid[i][1];
	snprintf(buf, len, "%s", root ? name : "unknown");
	return buf;
}

void machine_summary(char *buf, size_t len, const struct topo *t)
{
	char model[256], virt[64], topo[128] = "topology unknown", cpus[384];
	const char *root = rootfs_root();
	int hv, online = t ? t->online : machine_online_cpus();

	machine_cpuinfo(root, model, sizeof model, &hv);
	machine_virt(root, hv, virt, sizeof virt);
	if (t)
		snprintf(topo, sizeof topo, "%d socket%s, %d core%s, %d thread%s per core",
			 t->sockets, plural(t->sockets), t->cores, plural(t->cores), t->smt,
			 plural(t->smt));
	snprintf(cpus, sizeof cpus, "%d online CPU%s", online, plural(online));
	if (t && t->effective < t->online)
		append(cpus, sizeof cpus, ", %d effective (%s)", t->effective, t->limit);
	if (t && t->fake)
		append(cpus, sizeof cpus, ", simulated by %s", t->source);
	if (strcmp(virt, "none detected") && strcmp(virt, "unknown"))
		append(cpus, sizeof cpus, ", %s", virt);
	snprintf(buf, len, "%s, %s, %s", model, topo, cpus);
}
