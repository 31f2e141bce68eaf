/* cgroup.c: the cgroup CPU quota, v2 and v1. */
#include "cgroup.h"

#include <stdio.h>
#include <string.h>

#include "rootfs.h"

/* The tightest quota found so far, and where. */
struct quota {
	double cpus;
	char *from;
	size_t len;
};

/* One cgroup folder's quota as CPUs (0 when none): v2 cpu.max "QUOTA PERIOD" or "max PERIOD",
 * v1 cpu.cfs_quota_us (-1 for none) over cpu.cfs_period_us. */
static double cgroup_quota_at(const char *root, const char *dir, int v2)
{
	char path[1100], buf[128];
	double quota, period;

	if (v2) {
		snprintf(path, sizeof path, "%s/cpu.max", dir);
		if (rootfs_read(root, path, buf, sizeof buf) != 0 || !strncmp(buf, "max", 3) ||
		    sscanf(buf, "%lf %lf", &quota, &period) != 2)
			return 0;
	} else {
		snprintf(path, sizeof path, "%s/cpu.cfs_quota_us", dir);
		if (rootfs_read(root, path, buf, sizeof buf) != 0 || sscanf(buf, "%lf", &quota) != 1)
			return 0;
		snprintf(path, sizeof path, "%s/cpu.cfs_period_us", dir);
		if (rootfs_read(root, path, buf, sizeof buf) != 0 || sscanf(buf, "%lf", &period) != 1)
			return 0;
	}
	return quota > 0 && period > 0 ? quota / period : 0;
}

/* The tightest quota on the way from the process's own cgroup up to the hierarchy's root. */
static void cgroup_walk(struct quota *q, const char *root, const char *mount, const char *path,
			int v2)
{
	char dir[1024];

	snprintf(dir, sizeof dir, "%s%s", mount, strcmp(path, "/") ? path : "");
	for (;;) {
		double cpus = cgroup_quota_at(root, dir, v2);
		char *slash;

		if (cpus > 0 && (q->cpus == 0 || cpus < q->cpus)) {
			q->cpus = cpus;
			snprintf(q->from, q->len, "%s%s/%s", root, dir, v2 ? "cpu.max" : "cpu.cfs_quota_us");
		}
		if (strlen(dir) <= strlen(mount) || !(slash = strrchr(dir, '/')))
			return;
		*slash = '\0';
	}
}

/* /proc/self/cgroup: "0::/path" for v2, "N:cpu,cpuacct:/path" for v1's cpu controller. */
double cgroup_quota(const char *root, char *from, size_t len)
{
	char buf[8192], *save = NULL;
	struct quota q = { 0, from, len };

	from[0] = '\0';
	if (rootfs_read(root, "/proc/self/cgroup", buf, sizeof buf) != 0)
		return 0;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL, mount[512];
		char ctl[256];

		if (!c2)
			continue;
		snprintf(ctl, sizeof ctl, "%.*s", (int)(c2 - c1 - 1), c1 + 1);
		if (!ctl[0]) {
			cgroup_walk(&q, root, "/sys/fs/cgroup", c2 + 1, 1);
			continue;
		}
		if (strcmp(ctl, "cpu") && !strstr(ctl, "cpu,") && !strstr(ctl, ",cpu"))
			continue;
		snprintf(mount, sizeof mount, "/sys/fs/cgroup/%s", ctl);
		cgroup_walk(&q, root, mount, c2 + 1, 0);
		cgroup_walk(&q, root, "/sys/fs/cgroup/cpu", c2 + 1, 0);
	}
	return q.cpus;
}
