/* inproc.c: see inproc.h. */
#include "inproc.h"

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

const char *inproc_stderr(void)
{
	static char buf[16384];
	static size_t len;
	ssize_t got;
	int fd;

	/* Non-blocking: the pipe stays open, so a read would wait for more forever. */
	fflush(stderr);
	fd = fileno(cr_get_redirected_stderr());
	cr_assert_neq(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), -1);
	while (len < sizeof buf - 1 && (got = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += got;
	buf[len] = '\0';
	return buf;
}

void inproc_become_subreaper(void)
{
	cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0, "prctl PR_SET_CHILD_SUBREAPER: %s",
		     strerror(errno));
}

/* Criterion runs each test in its own process: a driver's workers are its only children. */
void inproc_assert_no_children(const char *when)
{
	int status, err;
	pid_t r;

	errno = 0;
	r = waitpid(-1, &status, WNOHANG);
	err = errno;
	cr_assert(r == -1 && err == ECHILD, "%s: waitpid(-1) returned %d (%s), not ECHILD", when,
		  (int)r, r == 0 ? "a child is still running" : r > 0 ? "a zombie was left" :
		  strerror(err));
}

void inproc_die_of(int sig)
{
	if (sig != SIGKILL)	/* SIGKILL has no handler to undo */
		signal(sig, SIG_DFL);
	raise(sig);
}
