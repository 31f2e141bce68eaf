/* guardian.c: the guardian of one test process (see guardian.h). It is a process of its own
 * session, so that killing the test's group spares it, and not the test's child either: a test
 * that waits for "all my children" must not find it. It learns that the test has ended from a
 * pidfd, opened by the test while it certainly exists. */
#include "guardian.h"
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/process.h"

struct guardian {
	pid_t test;		/* the test's process, the leader of its group */
	int report_fd;
	char name[256];		/* the test's, once known */
};

void guardian_say(int fd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0 && write(fd, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1) < 0)
		(void)0;	/* nowhere left to say it */
}

/* Close every descriptor but keep's: a pipe the test made must see its end when the test ends. */
static void guardian_close_fds(const int keep[3])
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name);

		if (fd > 2 && fd != dirfd(d) && fd != keep[0] && fd != keep[1] && fd != keep[2])
			close(fd);
	}
	closedir(d);
}

/* Until the test's process has ended; its name may arrive on name_fd meanwhile. Without a
 * pidfd (Linux before 5.3), or should poll fail, it asks every 50 ms whether the test is there. */
static void guardian_wait(struct guardian *g, int pidfd, int name_fd)
{
	struct pollfd fds[2] = { { pidfd, POLLIN, 0 }, { name_fd, POLLIN, 0 } };

	for (;;) {
		int n = poll(fds, 2, pidfd < 0 ? 50 : -1);

		if (n < 0) {
			if (errno != EINTR)
				fds[0].fd = pidfd = -1;
			continue;
		}
		if (fds[1].fd >= 0 && fds[1].revents) {
			ssize_t got = read(fds[1].fd, g->name, sizeof g->name - 1);

			if (got > 0)
				g->name[got] = '\0';
			fds[1].fd = -1;		/* once */
		}
		if (pidfd >= 0 ? fds[0].revents != 0 : kill(g->test, 0) != 0 && errno == ESRCH)
			return;
	}
}

struct sweep {
	pid_t test, self;
	int alive, first;	/* first: the first look, whose names the message gives */
	int recycled;		/* the test's pid belongs to a new process: its session is not ours */
	char names[160];
};

static int sweep_one(const struct proc_info *p, void *arg)
{
	struct sweep *s = arg;
	size_t k = strlen(s->names);

	if (p->pid == s->test && p->state != 'Z') {
		s->recycled = 1;
		return 1;
	}
	if ((p->pgrp != s->test && p->sid != s->test) || p->pid == s->self || p->state == 'Z')
		return 0;
	if (kill(p->pid, SIGKILL) != 0)
		return 0;	/* gone meanwhile */
	if (s->alive++ < 4 && s->first)
		snprintf(s->names + k, sizeof s->names - k, "%s%s[%d]", k ? ", " : "", p->comm, (int)p->pid);
	return 0;
}

/* Kill what is left in the test's group and session, until nothing is (a process may fork
 * between two looks), for at most 2 s. */
static void guardian_sweep(const struct guardian *g)
{
	struct sweep s = { g->test, getpid(), 0, 1, 0, "" };
	int first = 0;

	for (int round = 0; round < 200 && !s.recycled; round++) {
		s.alive = 0;
		s.first = round == 0;
		if (proc_each(sweep_one, &s) < 0)
			guardian_say(g->report_fd, "[WATCHDOG] guardian: reading /proc: %s\n",
				     strerror(errno));
		if (round == 0)
			first = s.alive;
		if (!s.alive)
			break;
		clock_nap(0.01);
	}
	if (first > 0)
		guardian_say(g->report_fd, "[WATCHDOG] %s: its process ended and left %d process%s "
			     "of its own running (%s): killed them\n",
			     *g->name ? g->name : "a test whose name was not yet known", first,
			     first > 1 ? "es" : "", s.names);
}

/* ready: told once the guardian has left the test's group, so no kill of it can take us. */
static void guardian_main(struct guardian *g, int pidfd, int name_fd, int ready)
{
	if (setsid() < 0)
		guardian_say(g->report_fd, "[WATCHDOG] guardian: setsid: %s\n", strerror(errno));
	if (write(ready, "", 1) != 1)
		_exit(1);
	close(ready);
	guardian_close_fds((int[3]){ g->report_fd, name_fd, pidfd });
	guardian_wait(g, pidfd, name_fd);
	guardian_sweep(g);
	_exit(0);
}

/* Fork twice, so that the guardian is not our child; wait for the middle one, then for the
 * guardian to be ready. The pidfd is opened here, while we certainly exist. */
int guardian_start(const char *name, int report_fd)
{
	struct guardian g = { getpid(), report_fd, "" };
	int names[2], ready[2], status, pidfd = process_pidfd(getpid());
	pid_t mid, got;
	char c;

	snprintf(g.name, sizeof g.name, "%s", name);
	if (pipe2(names, O_CLOEXEC) != 0) {
		guardian_say(report_fd, "[WATCHDOG] %s: pipe2: %s\n", name, strerror(errno));
		goto out_pidfd;
	}
	if (pipe2(ready, O_CLOEXEC) != 0) {
		guardian_say(report_fd, "[WATCHDOG] %s: pipe2: %s\n", name, strerror(errno));
		goto out_names;
	}
	mid = fork();
	if (mid < 0) {
		guardian_say(report_fd, "[WATCHDOG] %s: fork (the guardian): %s\n", name,
			     strerror(errno));
		close(ready[0]);
		close(ready[1]);
		goto out_names;
	}
	if (mid == 0) {
		pid_t pid = fork();

		if (pid == 0) {
			close(ready[0]);
			guardian_main(&g, pidfd, names[0], ready[1]);
		}
		_exit(pid < 0 ? 1 : 0);
	}
	if (pidfd >= 0)
		close(pidfd);
	close(names[0]);
	close(ready[1]);
	got = process_reap(mid, &status) == 0 ? mid : -1;
	if (got != mid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || read(ready[0], &c, 1) != 1) {
		guardian_say(report_fd, "[WATCHDOG] %s: the guardian did not start (its fork failed "
			     "or it died)\n", name);
		close(ready[0]);
		close(names[1]);
		return -1;
	}
	close(ready[0]);
	return names[1];

out_names:
	close(names[0]);
	close(names[1]);
out_pidfd:
	if (pidfd >= 0)
		close(pidfd);
	return -1;
}

void guardian_name(int fd, const char *name, int report_fd)
{
	if (fd >= 0 && write(fd, name, strlen(name)) < 0)
		guardian_say(report_fd, "[WATCHDOG] %s: telling the guardian its name: %s\n", name,
			     strerror(errno));
}
