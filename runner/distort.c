/* distort.c: what may distort the numbers. Each check is one sentence that says what was seen
 * and what it does to a speedup, so that a reader can judge the results without the source. */
#include "distort.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cpufreq.h"
#include "lib/msg.h"
#include "lib/rootfs.h"
#include "machine.h"

/* One Markdown list item onto the end of buf, counted in *n. */
static void warn_add(char *buf, size_t len, int *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void warn_add(char *buf, size_t len, int *n, const char *fmt, ...)
{
	size_t used = strnlen(buf, len);
	va_list ap;

	++*n;	/* counted even when cut off: the caller learns that there was more */
	if (used + 3 >= len)
		return;
	memcpy(buf + used, "- ", 3);	/* with its terminator, in case fmt adds nothing */
	used += 2;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
	used += strnlen(buf + used, len - used);
	if (used + 1 < len)
		memcpy(buf + used, "\n", 2);
}

/* A quota, cpuset or mask: the sweep may ask for more workers than it can run at once. */
static void check_effective(const struct topo *t, char *buf, size_t len, int *n)
{
	char why[TOPO_LIST_MAX + sizeof ((struct topo *)0)->quota_from + 32];

	if (t->effective >= t->online)
		return;
	if (t->quota_cpus > 0 && !strcmp(t->limit, "CPU quota"))
		snprintf(why, sizeof why, "%g CPU%s from %s", t->quota_cpus,
			 t->quota_cpus == 1 ? "" : "s", t->quota_from);
	else
		snprintf(why, sizeof why, "CPUs %s", t->usable_list);
	warn_add(buf, len, n, "Only %d of the %d online CPUs %s effective, set by the %s (%s): "
		 "speedup cannot pass %d, and more workers than that take turns.", t->effective,
		 t->online, t->effective == 1 ? "is" : "are", t->limit, why, t->effective);
}

/* A governor other than performance sets the clock by the load, so a core may run slower
 * with one worker than with all, or the other way round. */
static void check_governors(const struct topo *t, char *buf, size_t len, int *n)
{
	struct cpufreq_governors g;
	char which[CPUFREQ_GOVERNORS * (TOPO_LIST_MAX + 64)] = "";
	int slow = 0;

	cpufreq_governors(t, &g);
	for (int k = 0; k < g.kinds; k++) {
		const struct cpufreq_governor *m = &g.kind[k];
		size_t used = strlen(which);

		if (!strcmp(m->name, "performance") || !strcmp(m->name, "none"))
			continue;	/* "none": no cpufreq on those CPUs, nothing to judge */
		snprintf(which + used, sizeof which - used, "%s%s on %d (CPU%s %s)",
			 slow ? ", " : "", m->name, m->cpus, m->cpus == 1 ? "" : "s", m->list);
		slow += m->cpus;
	}
	if (slow > 0)
		warn_add(buf, len, n, "%d of the %d usable CPUs %s not run the cpufreq governor "
			 "performance: %s. Their clock follows the load, so times depend on how "
			 "busy the machine is, and speedup with them.", slow, t->ncpus,
			 slow == 1 ? "does" : "do", which);
}

static void check_boost(char *buf, size_t len, int *n)
{
	char from[512];

	if (!strcmp(cpufreq_boost(from, sizeof from), "on"))
		warn_add(buf, len, n, "Boost (turbo) is on (%s): a core runs faster while few "
			 "are busy, so one worker gets a higher clock than each of many, and speedup "
			 "reads lower than the cores alone would give.", from);
}

int distort_check(const struct topo *t, double load1, char *buf, size_t len)
{
	int n = 0, cpus = t ? t->effective : machine_online_cpus();

	if (t) {
		check_effective(t, buf, len, &n);
		check_governors(t, buf, len, &n);
	}
	check_boost(buf, len, &n);
	/* Above a tenth of a CPU per CPU, other work competes with the sweep's workers. */
	if (load1 > 0.1 * cpus)
		warn_add(buf, len, &n, "The 1-minute load average was %.2f at the start, above "
			 "10%% of the %d %s CPU%s: other work competes for them, and every time "
			 "includes its share.", load1, cpus, t ? "effective" : "online",
			 cpus == 1 ? "" : "s");
	return n;
}

double distort_steal_s(void)
{
	FILE *f = rootfs_open("", "/proc/stat");
	unsigned long long v[8];
	long tick = sysconf(_SC_CLK_TCK);
	char line[512];
	int got = 0;

	if (!f)
		return -1;
	/* "cpu  user nice system idle iowait irq softirq steal ...": kernels before 2.6.11
	 * have no steal, so fewer values are "unknown", not an error. */
	if (fgets(line, sizeof line, f))
		got = sscanf(line, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
			     &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	else if (ferror(f))
		msg_errno("/proc/stat");
	fclose(f);	/* read-only: a failing close loses nothing */
	if (got != 8 || tick <= 0)
		return -1;
	return (double)v[7] / (double)tick;
}
