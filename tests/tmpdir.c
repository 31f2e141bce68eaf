/* tmpdir.c: the folders of tmpdir.h. No assertions here: netns.c reports its errors in words,
 * the tests assert on the return value. */
#include "tmpdir.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

int tmpdir_make(char *dir, size_t len, const char *prefix)
{
	int n = snprintf(dir, len, "/tmp/%s-XXXXXX", prefix);

	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return mkdtemp(dir) ? 0 : -1;
}

static int tmpdir_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tmpdir_remove(const char *dir)
{
	if (dir[0])
		nftw(dir, tmpdir_remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
