/* machine.c: describe the machine a sweep ran on. Everything comes from /proc, /sys and a few
 * system calls; anything a machine or container lacks reads "unknown" or "none", never fails. */
#include "machine.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "lib/clock.h"
#include "lib/msg.h"

#ifndef PARBENCH_CC
#define PARBENCH_CC "unknown"
#endif
#ifndef PARBENCH_CFLAGS
#define PARBENCH_CFLAGS "unknown"
#endif

#define SYS_CPU "/sys/devices/system/cpu"

struct topology {
	int sockets, cores, threads;	/* cores in all sockets; threads per core; 0 when unknown */
};

/* First line of a sysfs or procfs file without its newline. Silent: missing files are normal. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fgets(buf, (int)len, f) != NULL;
	if (fclose(f) != 0 || !ok)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static const char *line_or(const char *path, char *buf, size_t len, const char *fallback)
{
	return read_line(path, buf, len) == 0 && buf[0] ? buf : fallback;
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

int machine_online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 1 << 20 ? 1 << 20 : (int)n;
}

/* The model name, and whether the kernel saw the CPUID "hypervisor" bit. */
static void machine_cpuinfo(char *model, size_t len, int *hypervisor)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
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

struct core_id {
	long package, core;
};

static int cmp_core(const void *a, const void *b)
{
	const struct core_id *x = a, *y = b;

	if (x->package != y->package)
		return (x->package > y->package) - (x->package < y->package);
	return (x->core > y->core) - (x->core < y->core);
}

/* Offline CPUs have no topology directory, so this counts the online ones. */
static void machine_topology(struct topology *t)
{
	DIR *dir = opendir(SYS_CPU);
	struct core_id *ids = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	char path[512], pkg[32], core[32];

	memset(t, 0, sizeof *t);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (strncmp(d->d_name, "cpu", 3) || !isdigit((unsigned char)d->d_name[3]))
			continue;
		snprintf(path, sizeof path, SYS_CPU "/%s/topology/physical_package_id", d->d_name);
		if (read_line(path, pkg, sizeof pkg) < 0)
			continue;
		snprintf(path, sizeof path, SYS_CPU "/%s/topology/core_id", d->d_name);
		if (read_line(path, core, sizeof core) < 0)
			continue;
		if (n == cap) {
			struct core_id *more = realloc(ids, (cap = cap ? 2 * cap : 64) * sizeof *ids);

			if (!more)
				goto out;	/* topology unknown rather than wrong */
			ids = more;
		}
		ids[n++] = (struct core_id){ strtol(pkg, NULL, 10), strtol(core, NULL, 10) };
	}
	qsort(ids, n, sizeof *ids, cmp_core);
	for (size_t i = 0, run = 0; i < n; i++) {
		t->sockets += i == 0 || ids[i].package != ids[i - 1].package;
		run = i > 0 && !cmp_core(&ids[i], &ids[i - 1]) ? run + 1 : 1;
		t->cores += run == 1;
		if ((int)run > t->threads)
			t->threads = (int)run;
	}
out:
	free(ids);
	closedir(dir);
}

/* A short name for the hypervisor: CPUID's vendor leaf when the bit is set (it names KVM even
 * without DMI, as in a Firecracker VM), then DMI, else what little the flag says. */
static const char *machine_virt(int hypervisor, char *buf, size_t len)
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

	if (hypervisor) {	/* without the bit, leaf 0x40000000 returns unrelated data */
		__cpuid(0x40000000, a, b, c, d);
		memcpy(sig, &b, 4), memcpy(sig + 4, &c, 4), memcpy(sig + 8, &d, 4);
	}
#endif
	read_line("/sys/class/dmi/id/sys_vendor", vendor, sizeof vendor);
	read_line("/sys/class/dmi/id/product_name", product, sizeof product);
	for (size_t i = sizeof by_dmi / sizeof by_dmi[0]; i-- > 0;)
		if (strstr(vendor, by_dmi[i][0]) || strstr(product, by_dmi[i][0]))
			name = by_dmi[i][1];
	for (size_t i = 0; i < sizeof by_cpuid / sizeof by_cpuid[0]; i++)
		if (!strcmp(sig, by_cpuid[i][0]))
			name = by_cpuid[i][1];
	snprintf(buf, len, "%s", name);
	return buf;
}

void machine_summary(char *buf, size_t len)
{
	char model[256], virt[64], topo[128] = "topology unknown";
	struct topology t;
	int hv, n = machine_online_cpus();

	machine_cpuinfo(model, sizeof model, &hv);
	machine_topology(&t);
	machine_virt(hv, virt, sizeof virt);
	if (t.sockets > 0)
		snprintf(topo, sizeof topo, "%d socket%s, %d core%s, %d thread%s per core",
			 t.sockets, t.sockets == 1 ? "" : "s", t.cores, t.cores == 1 ? "" : "s",
			 t.threads, t.threads == 1 ? "" : "s");
	snprintf(buf, len, "%s, %s, %d online CPU%s%s%s", model, topo, n, n == 1 ? "" : "s",
		 strcmp(virt, "none detected") ? ", " : "", strcmp(virt, "none detected") ? virt : "");
}

/* cpu0's caches only: enough to say which working sets fit, and which CPUs share the last level. */
static void print_caches(FILE *f)
{
	char dir[128], path[192], level[16], type[32], size[32], shared[256];
	int i;

	for (i = 0; i < 32; i++) {
		snprintf(dir, sizeof dir, SYS_CPU "/cpu0/cache/index%d", i);
		snprintf(path, sizeof path, "%s/level", dir);
		if (read_line(path, level, sizeof level) < 0)
			break;
		snprintf(path, sizeof path, "%s/type", dir);
		line_or(path, type, sizeof type, "");
		snprintf(path, sizeof path, "%s/size", dir);
		fprintf(f, "cache_l%s%s: %s", level,
			!strcmp(type, "Data") ? "d" : !strcmp(type, "Instruction") ? "i" : "",
			line_or(path, size, sizeof size, "unknown"));
		snprintf(path, sizeof path, "%s/shared_cpu_list", dir);
		fprintf(f, ", shared_cpu_list %s\n", line_or(path, shared, sizeof shared, "unknown"));
	}
	if (i == 0)
		fprintf(f, "cache: unknown\n");
}

/* The kernel's list syntax, "0-3,8": a mask of hundreds of CPUs stays one short line. */
static void print_affinity(FILE *f)
{
	for (int n = 1024; n <= 1 << 20; n *= 2) {
		cpu_set_t *set = CPU_ALLOC(n);
		size_t size = CPU_ALLOC_SIZE(n);
		const char *sep = "";

		if (!set)
			break;
		CPU_ZERO_S(size, set);
		if (sched_getaffinity(0, size, set) != 0) {
			int e = errno;

			CPU_FREE(set);
			if (e == EINVAL)	/* the kernel's mask is wider: try a bigger one */
				continue;
			errno = e;
			msg_errno("sched_getaffinity");
			break;
		}
		fprintf(f, "affinity: ");
		for (int i = 0; i < n; i++) {
			int j = i;

			if (!CPU_ISSET_S(i, size, set))
				continue;
			while (j + 1 < n && CPU_ISSET_S(j + 1, size, set))
				j++;
			fprintf(f, j > i ? "%s%d-%d" : "%s%d", sep, i, j);
			sep = ",", i = j;
		}
		fprintf(f, "\naffinity_cpus: %d\n", CPU_COUNT_S(size, set));
		CPU_FREE(set);
		return;
	}
	fprintf(f, "affinity: unknown\n");
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

int machine_describe(FILE *f, const struct machine_load *start, const struct machine_load *end,
		     const char *srcdir)
{
	char buf[4096], model[256], virt[64];
	struct utsname u;
	struct topology t;
	int hv;
	double res = clock_resolution();

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

	machine_cpuinfo(model, sizeof model, &hv);
	machine_topology(&t);
	fprintf(f, "cpu_model: %s\n", model);
	if (t.sockets > 0)
		fprintf(f, "sockets: %d\ncores: %d\ncores_per_socket: %g\nthreads_per_core: %d\n",
			t.sockets, t.cores, (double)t.cores / t.sockets, t.threads);
	else
		fprintf(f, "sockets: unknown\ncores: unknown\ncores_per_socket: unknown\n"
			"threads_per_core: unknown\n");
	fprintf(f, "cpus_online: %s\n", line_or(SYS_CPU "/online", buf, sizeof buf, "unknown"));
	fprintf(f, "online_cpus: %d\n", machine_online_cpus());
	print_caches(f);
	print_affinity(f);
	/* A cgroup quota caps speedup below the CPU count while every CPU still looks online. */
	fprintf(f, "cgroup_cpu_max: %s\n", line_or("/sys/fs/cgroup/cpu.max", buf, sizeof buf, "none"));
	print_load(f, "load_start", start);
	print_load(f, "load_end", end);

	fprintf(f, "cpufreq_governor: %s\n",
		line_or(SYS_CPU "/cpu0/cpufreq/scaling_governor", buf, sizeof buf, "none"));
	fprintf(f, "virtualization: %s\n", machine_virt(hv, virt, sizeof virt));
	fprintf(f, "hypervisor_flag: %s\n", hv ? "yes" : "no");
	fprintf(f, "dmi_sys_vendor: %s\n",
		line_or("/sys/class/dmi/id/sys_vendor", buf, sizeof buf, "unknown"));
	fprintf(f, "dmi_product_name: %s\n",
		line_or("/sys/class/dmi/id/product_name", buf, sizeof buf, "unknown"));
	fprintf(f, "container: %s\n", !access("/.dockerenv", F_OK) ? "docker" :
		!access("/run/.containerenv", F_OK) ? "podman" : "none detected");

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

	/* Flush so that a full disk is seen here and not only at the caller's fclose. */
	if (fflush(f) != 0 || ferror(f)) {
		msg_warn("writing the machine description failed");
		return -1;
	}
	return 0;
}
