/* fdio.h: read and write a whole buffer through a file descriptor, across short transfers. */
#ifndef PARBENCH_FDIO_H
#define PARBENCH_FDIO_H

#include <stddef.h>
#include <sys/types.h>

/* Returns 0, or -1 with errno set. */
int fd_write_all(int fd, const void *buf, size_t len);
/* Returns the bytes read: fewer than len only at end-of-file; -1 with errno set on error. */
ssize_t fd_read_all(int fd, void *buf, size_t len);

#endif
