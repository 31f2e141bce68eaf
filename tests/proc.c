/* proc.c: reading /proc/<pid>/stat (see proc.h). */
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int proc_read(pid_t pid, struct proc_info *p)
{
	char path[64], buf[512], *lparen, *rparen;
	ssize_t n;
	int fd, got;
	long ppid, pgrp, sid;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	while ((n = read(fd, buf, sizeof buf - 1)) < 0 && errno == EINTR)
		;
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses, so the
	 * fields start after the last ')'. */
	lparen = strchr(buf, '(');
	rparen = strrchr(buf, ')');
	if (!lparen || !rparen || rparen < lparen)
		return -1;
	got = sscanf(rparen + 1, " %c %ld %ld %ld", &p->state, &ppid, &pgrp, &sid);
	if (got != 4)
		return -1;
	*rparen = 0;
	snprintf(p->comm, sizeof p->comm, "%s", lparen + 1);
	p->pid = pid;
	p->ppid = (pid_t)ppid;
	p->pgrp = (pid_t)pgrp;
	p->sid = (pid_t)sid;
	return 0;
}

int proc_each(int (*fn)(const struct proc_info *p, void *arg), void *arg)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int rc = 0;

	if (!d)
		return -1;
	while (rc == 0 && (e = readdir(d))) {
		struct proc_info p;
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (*end || pid <= 0 || proc_read((pid_t)pid, &p) != 0)
			continue;	/* not a process, or one that has just ended */
		rc = fn(&p, arg);
	}
	closedir(d);
	return rc;
}
