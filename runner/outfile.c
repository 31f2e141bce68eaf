/* outfile.c: mkdir -p, and files written atomically: to a temporary name, then renamed. */
#include "outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/msg.h"

/* mkdir -p */
int output_mkdir(const char *dir)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof buf, "%s", dir);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || !*p) {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
				msg_warn("mkdir %s: %s", buf, strerror(errno));
				return -1;
			}
			*p = c;
			if (!c)
				return 0;
		}
	}
}

int outfile_open(struct outfile *o, const char *dir, const char *name)
{
	snprintf(o->path, sizeof o->path, "%s/%s", dir, name);
	snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp", dir, name);
	o->f = fopen(o->tmp, "w");
	if (!o->f) {
		msg_warn("%s: %s", o->tmp, strerror(errno));
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o)
{
	int bad = ferror(o->f);

	if (fclose(o->f) != 0 || bad) {
		msg_warn("%s: write failed: %s", o->tmp, strerror(errno ? errno : EIO));
		unlink(o->tmp);
		return -1;
	}
	if (rename(o->tmp, o->path) != 0) {
		msg_warn("rename %s: %s", o->path, strerror(errno));
		unlink(o->tmp);
		return -1;
	}
	return 0;
}
