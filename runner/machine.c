/* machine.c: machine.txt, the machine a sweep ran on in "key: value" lines. The topology comes
 * from the machine model (lib/topo.h), the rest from /proc, /sys and a few system calls;
 * anything a machine or container lacks reads "unknown" or "none", never fails. (The one-line
 * summary, the CPU model and the hypervisor: machineid.c; the picture: machinepic.c.) */
#include "machine.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cpufreq.h"
#include "lib/clock.h"
#include "lib/msg.h"
#include "lib/rootfs.h"

/* The compiler and flags the suite was built with: the Makefile passes them to this file. */
#ifndef PARBENCH_CC
#define PARBENCH_CC "unknown"
#endif
#ifndef PARBENCH_CFLAGS
#define PARBENCH_CFLAGS "unknown"
#endif

#define SYS_CPU "/sys/devices/system/cpu"

/* The file's first line, or fallback; "unknown" when no files describe the machine. */
static const char *line_or(const char *root, const char *path, char *buf, size_t len,
			   const char *fallback)
{
	if (!root)
		return "unknown";
	return rootfs_line(root, path, buf, len) == 0 ? buf : fallback;
}

static int now_string(char *buf, size_t len, const char *fmt)
{
	time_t t = time(NULL);
	struct tm tm;

	if (t == (time_t)-1 || !localtime_r(&t, &tm) || strftime(buf, len, fmt, &tm) == 0) {
		msg_warn("time: cannot tell the local time");
		return -1;
	}
	return 0;
}

int machine_load_now(struct machine_load *l)
{
	if (getloadavg(l->avg, 3) != 3) {
		msg_warn("getloadavg: the load averages are not available");
		return -1;
	}
	return now_string(l->when, sizeof l->when, "%Y-%m-%d %H:%M:%S");
}

/* cpu0's caches only: enough to say which working sets fit, and which CPUs share the last level. */
static void print_caches(FILE *f, const char *root)
{
	char dir[128], path[192], level[16], type[32], size[32], shared[256];
	int i;

	for (i = 0; i < 32; i++) {
		snprintf(dir, sizeof dir, SYS_CPU "/cpu0/cache/index%d", i);
		snprintf(path, sizeof path, "%s/level", dir);
		if (rootfs_line(root, path, level, sizeof level) < 0)
			break;
		snprintf(path, sizeof path, "%s/type", dir);
		line_or(root, path, type, sizeof type, "");
		snprintf(path, sizeof path, "%s/size", dir);
		fprintf(f, "cache_l%s%s: %s", level,
			!strcmp(type, "Data") ? "d" : !strcmp(type, "Instruction") ? "i" : "",
			line_or(root, path, size, sizeof size, "unknown"));
		snprintf(path, sizeof path, "%s/shared_cpu_list", dir);
		fprintf(f, ", shared_cpu_list %s\n",
			line_or(root, path, shared, sizeof shared, "unknown"));
	}
	if (i == 0)
		fprintf(f, "cache: unknown\n");
}

/* This process's mask, even for a simulated machine: it is about this run (usable_cpus is the
 * model's). The kernel's list syntax keeps a mask of hundreds of CPUs one short line. */
static void print_affinity(FILE *f)
{
	char list[TOPO_LIST_MAX];
	int n;

	if (topo_affinity(list, sizeof list, &n) != 0)
		fprintf(f, "affinity: unknown\n");
	else
		fprintf(f, "affinity: %s\naffinity_cpus: %d\n", list, n);
}

static void print_load(FILE *f, const char *key, const struct machine_load *l)
{
	if (l)
		fprintf(f, "%s: %.2f %.2f %.2f at %s\n", key, l->avg[0], l->avg[1], l->avg[2], l->when);
	else
		fprintf(f, "%s: unknown\n", key);
}

/* Runs "git -C srcdir args" and keeps its first line of output. Reads to the end so that git
 * never dies of SIGPIPE, which would make a clean tree look like a failure. */
static int git_line(const char *srcdir, const char *args, char *buf, size_t len)
{
	char cmd[4096] = "git -C '", line[256];
	size_t n = strlen(cmd);
	const char *s;
	FILE *p;
	int status;

	for (s = srcdir; *s && n + 8 < sizeof cmd; s++) {	/* quoted for sh: ' becomes '\'' */
		if (*s == '\'')
			memcpy(cmd + n, "'\\''", 4), n += 4;
		else
			cmd[n++] = *s;
	}
	if (*s || n + strlen(args) + 32 >= sizeof cmd)
		return -1;	/* a path too long to quote: unknown, not a truncated path */
	snprintf(cmd + n, sizeof cmd - n, "' %s 2>/dev/null", args);
	if (!(p = popen(cmd, "r")))
		return -1;
	buf[0] = '\0';
	while (fgets(line, sizeof line, p))
		if (!buf[0])
			snprintf(buf, len, "%.*s", (int)strcspn(line, "\n"), line);
	status = pclose(p);
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void describe_host(FILE *f)
{
	char buf[512];
	struct utsname u;

	fprintf(f, "date: %s\n", now_string(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z") ? "unknown" : buf);
	if (gethostname(buf, sizeof buf) != 0) {
		msg_errno("gethostname");
		snprintf(buf, sizeof buf, "unknown");
	}
	buf[sizeof buf - 1] = '\0';	/* truncation need not terminate it */
	fprintf(f, "hostname: %s\n", buf);
	if (uname(&u) != 0) {
		msg_errno("uname");
		strcpy(u.sysname, "unknown"), strcpy(u.release, "unknown");
		strcpy(u.version, "unknown"), strcpy(u.machine, "unknown");
	}
	fprintf(f, "uname_sysname: %s\nuname_release: %s\nuname_version: %s\nuname_machine: %s\n",
		u.sysname, u.release, u.version, u.machine);
}

/* The model's CPUs. sockets, cores and threads_per_core are the old keys (tools read them);
 * physical_cores and smt_threads_per_core say the same in the model's words. */
static void describe_cpus(FILE *f, const char *root, const struct topo *t)
{
	char buf[TOPO_LIST_MAX];

	fprintf(f, "topology_source: %s\n", t ? t->source : "unknown");
	if (t)
		fprintf(f, "sockets: %d\ncores: %d\ncores_per_socket: %g\nthreads_per_core: %d\n"
			"physical_cores: %d\nsmt_threads_per_core: %d\n", t->sockets, t->cores,
			(double)t->cores / t->sockets, t->smt, t->cores, t->smt);
	else
		fprintf(f, "sockets: unknown\ncores: unknown\ncores_per_socket: unknown\n"
			"threads_per_core: unknown\nphysical_cores: unknown\n"
			"smt_threads_per_core: unknown\n");
	fprintf(f, "cpus_online: %s\n", t ? t->online_list :
		line_or(root, SYS_CPU "/online", buf, sizeof buf, "unknown"));
	fprintf(f, "online_cpus: %d\n", t ? t->online : machine_online_cpus());
	if (t)
		fprintf(f, "usable_cpus: %s\neffective_cpus: %d\neffective_cpus_limit: %s\n",
			t->usable_list, t->effective, t->limit);
	else
		fprintf(f, "usable_cpus: unknown\neffective_cpus: unknown\n"
			"effective_cpus_limit: unknown\n");
}

/* NUMA nodes with their memory, then the caches: what decides which working sets fit where. */
static void describe_memory(FILE *f, const char *root, const struct topo *t)
{
	if (t)
		fprintf(f, "numa_nodes: %d\n", t->nnuma);
	else
		fprintf(f, "numa_nodes: unknown\n");
	for (int i = 0; t && i < t->nnuma; i++) {
		const struct topo_numa *m = &t->numa[i];

		fprintf(f, "numa_node%d: cpus %s, ", m->os, m->cpus[0] ? m->cpus : "none");
		if (m->bytes)
			fprintf(f, "memory %" PRIu64 " bytes (%.2f GiB)\n", m->bytes,
				(double)m->bytes / (1u << 30));
		else
			fprintf(f, "memory unknown\n");
	}
	print_caches(f, root);
	if (t && t->llc_level > 0)
		fprintf(f, "llc_level: L%d\nllc_total_bytes: %" PRIu64 "\n", t->llc_level,
			t->llc_bytes);
	else
		fprintf(f, "llc_level: unknown\nllc_total_bytes: unknown\n");
}

/* What caps the CPUs a sweep may use besides the hardware. */
static void describe_limits(FILE *f, const char *root, const struct topo *t)
{
	char buf[256];

	print_affinity(f);
	/* A cgroup quota caps speedup below the CPU count while every CPU still looks online. */
	fprintf(f, "cgroup_cpu_max: %s\n",
		line_or(root, "/sys/fs/cgroup/cpu.max", buf, sizeof buf, "none"));
	if (t && t->quota_cpus > 0)
		fprintf(f, "cgroup_cpu_quota: %g CPU%s from %s\n", t->quota_cpus,
			t->quota_cpus == 1 ? "" : "s", t->quota_from);
	else
		fprintf(f, "cgroup_cpu_quota: %s\n", t && root ? "none" : "unknown");
}

/* The clock's policy: a governor that is not performance, or boost, moves the speed of a core
 * with the load, and so with the worker count. */
static void describe_power(FILE *f, const char *root, const struct topo *t)
{
	struct cpufreq_governors g;
	char buf[CPUFREQ_GOVERNORS * (TOPO_LIST_MAX + 48)];
	const char *thp, *open, *close;

	fprintf(f, "cpufreq_governor: %s\n", line_or(root, SYS_CPU "/cpu0/cpufreq/scaling_governor",
						     buf, sizeof buf, "none"));
	cpufreq_governors(t, &g);
	fprintf(f, "cpufreq_governors: %s\n",
		t && root ? cpufreq_governors_text(&g, buf, sizeof buf) : "unknown");
	fprintf(f, "boost: %s\n", cpufreq_boost(buf, sizeof buf));
	/* "always [madvise] never": the brackets mark the mode in force. */
	thp = line_or(root, "/sys/kernel/mm/transparent_hugepage/enabled", buf, sizeof buf, "");
	if ((open = strchr(thp, '[')) && (close = strchr(open, ']')))
		fprintf(f, "thp: %.*s\n", (int)(close - open - 1), open + 1);
	else
		fprintf(f, "thp: unknown\n");
}

/* Whether the machine is a VM or a container, which shares or emulates what it reports. */
static void describe_virt(FILE *f, const char *root, int hv)
{
	char buf[256];

	fprintf(f, "virtualization: %s\n", machine_virt(root, hv, buf, sizeof buf));
	fprintf(f, "hypervisor_flag: %s\n", !root ? "unknown" : hv ? "yes" : "no");
	fprintf(f, "dmi_sys_vendor: %s\n",
		line_or(root, "/sys/class/dmi/id/sys_vendor", buf, sizeof buf, "unknown"));
	fprintf(f, "dmi_product_name: %s\n",
		line_or(root, "/sys/class/dmi/id/product_name", buf, sizeof buf, "unknown"));
	/* This run's: the container a simulated machine was captured in is not known. */
	fprintf(f, "container: %s\n", !access("/.dockerenv", F_OK) ? "docker" :
		!access("/run/.containerenv", F_OK) ? "podman" : "none detected");
}

static void describe_build(FILE *f, const char *srcdir)
{
	char buf[256];
	double res = clock_resolution();

	fprintf(f, "cc: %s\ncflags: %s\ncc_version: %s\n", PARBENCH_CC, PARBENCH_CFLAGS, __VERSION__);
	fprintf(f, "git_revision: %s\n",
		srcdir && !git_line(srcdir, "rev-parse HEAD", buf, sizeof buf) && buf[0] ? buf : "unknown");
	fprintf(f, "git_dirty: %s\n",
		!srcdir || git_line(srcdir, "status --porcelain --untracked-files=no", buf, sizeof buf)
			? "unknown" : buf[0] ? "yes" : "no");
	if (res > 0)
		fprintf(f, "clock_resolution_ns: %.0f\n", res * 1e9);
	else
		fprintf(f, "clock_resolution_ns: unknown\n");
}

int machine_describe(FILE *f, const struct machine_load *start, const struct machine_load *end,
		     const char *srcdir, const struct topo *t, const char *bind,
		     const char *worker_map)
{
	const char *root = rootfs_root();
	char model[256];
	int hv;

	describe_host(f);
	machine_cpuinfo(root, model, sizeof model, &hv);
	fprintf(f, "cpu_model: %s\n", model);
	machine_summary(model, sizeof model, t);
	fprintf(f, "summary: %s\n", model);	/* the report's line, for runner plots DIR */
	describe_cpus(f, root, t);
	describe_memory(f, root, t);
	describe_limits(f, root, t);
	print_load(f, "load_start", start);
	print_load(f, "load_end", end);
	describe_power(f, root, t);
	fprintf(f, "bind: %s\n", bind && *bind ? bind : "none");
	fprintf(f, "worker_cpus: %s\n", worker_map && *worker_map ? worker_map : "none");
	describe_virt(f, root, hv);
	describe_build(f, srcdir);

	/* Flush so that a full disk is seen here and not only at the caller's fclose. */
	if (fflush(f) != 0 || ferror(f)) {
		msg_warn("writing the machine description failed");
		return -1;
	}
	return 0;
}
