/* rootfs.h: the /proc and /sys files of the machine the model describes (topo.h): this one, or
 * one captured under HWLOC_FSROOT. The one place that knows where they are. */
#ifndef PARBENCH_ROOTFS_H
#define PARBENCH_ROOTFS_H

#include <stddef.h>
#include <stdio.h>

/* "" for this machine, HWLOC_FSROOT for a captured one, NULL when HWLOC_XMLFILE or
 * HWLOC_SYNTHETIC describes it: then no files do. */
const char *rootfs_root(void);
/* root + path opened for reading. NULL when root is NULL or the file does not exist (normal in
 * /proc and /sys), silently; NULL after a message otherwise. */
FILE *rootfs_open(const char *root, const char *path);
/* The whole file (cut to len - 1 bytes) into buf. Returns 0, or -1 as rootfs_open. */
int rootfs_read(const char *root, const char *path, char *buf, size_t len);
/* Its first line, without the newline. Returns 0, or -1 when missing, empty or unreadable
 * (a read error gets a message). */
int rootfs_line(const char *root, const char *path, char *buf, size_t len);

#endif
