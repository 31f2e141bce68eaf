/* msg.c: error messages on stderr, each one line that names the program and the problem. */
#include "msg.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* The program name and MPI rank are the one piece of process-wide state: they name the
 * process, not a pool. rank stays -1 outside MPI. */
static const char *prog = "parbench";
static int rank = -1;

void msg_set_prog(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

	if (argv0 && *argv0)
		prog = slash ? slash + 1 : argv0;
}

void msg_set_rank(int r)
{
	rank = r;
}

const char *msg_prog(void)
{
	return prog;
}

void msg_warn(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	/* Format first, write once: lines from several processes do not interleave. */
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (rank > 0)
		fprintf(stderr, "%s[rank %d]: %s\n", prog, rank, line);
	else
		fprintf(stderr, "%s: %s\n", prog, line);
}

void msg_errno(const char *call)
{
	msg_warn("%s: %s", call, strerror(errno));
}

void msg_usage(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (rank > 0)
		exit(EXIT_USAGE);	/* every rank parsed the same line: rank 0 says what is wrong */
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: %s (try --help)\n", prog, line);
	exit(EXIT_USAGE);
}

const char *msg_status(int status, char *buf, int len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "stopped with status 0x%x", status);
	return buf;
}
