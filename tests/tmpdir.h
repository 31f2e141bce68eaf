/* tmpdir.h: a test's own folder under /tmp, made fresh and removed with all it holds. */
#ifndef PARBENCH_TEST_TMPDIR_H
#define PARBENCH_TEST_TMPDIR_H

#include <stddef.h>

/* A new, empty folder /tmp/<prefix>-XXXXXX (mkdtemp), its name into dir (len bytes). Returns 0, or
 * -1 with errno set: dir then holds the name that was tried, for the caller's message. */
int tmpdir_make(char *dir, size_t len, const char *prefix);
/* Remove a folder a test made, and everything in it; "" (a folder never made) is left alone. */
void tmpdir_remove(const char *dir);

#endif
