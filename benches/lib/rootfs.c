/* rootfs.c: reading the described machine's /proc and /sys files. */
#include "rootfs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "topo.h"

const char *rootfs_root(void)
{
	const char *sim = topo_simulated();

	if (!sim[0])
		return "";
	return !strcmp(sim, "HWLOC_FSROOT") ? getenv("HWLOC_FSROOT") : NULL;
}

FILE *rootfs_open(const char *root, const char *path)
{
	char full[4096];
	FILE *f;

	if (!root)
		return NULL;
	if (snprintf(full, sizeof full, "%s%s", root, path) >= (int)sizeof full) {
		msg_warn("%s: the path under HWLOC_FSROOT is too long", path);
		return NULL;
	}
	/* ENOTDIR too: a captured root may hold a file where this kernel has a folder. */
	if (!(f = fopen(full, "r")) && errno != ENOENT && errno != ENOTDIR)
		msg_warn("%s: %s", full, strerror(errno));
	return f;
}

int rootfs_read(const char *root, const char *path, char *buf, size_t len)
{
	FILE *f = rootfs_open(root, path);
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	if (ferror(f))
		msg_warn("%s%s: %s", root, path, strerror(errno));
	fclose(f);	/* read-only: a failing close loses nothing */
	buf[n] = '\0';
	return 0;
}

int rootfs_line(const char *root, const char *path, char *buf, size_t len)
{
	FILE *f = rootfs_open(root, path);
	int ok;

	if (!f)
		return -1;
	ok = fgets(buf, (int)len, f) != NULL;
	if (!ok && ferror(f))
		msg_warn("%s%s: %s", root, path, strerror(errno));
	fclose(f);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return buf[0] ? 0 : -1;
}
