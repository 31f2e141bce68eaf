/* keyfile.h: the runner's "key: value" files (machine.txt, sweep.txt), read back: one way for
 * every reader. A line without ": " is not a pair and is skipped. */
#ifndef PARBENCH_KEYFILE_H
#define PARBENCH_KEYFILE_H

#include <stddef.h>

/* fn(key, value, arg) for every pair of dir/name, in order. Returns 0, or -1 when the file
 * cannot be read (no message: a folder may lack it). */
int keyfile_each(const char *dir, const char *name,
		 void (*fn)(const char *key, const char *value, void *arg), void *arg);
/* The first value of key in dir/name into buf. Returns 0, or -1 when it is not there. */
int keyfile_get(const char *dir, const char *name, const char *key, char *buf, size_t len);

#endif
