/*
 * guard.c: run a test program so that nothing it starts outlives it, and not for ever.
 *
 * usage: guard [--limit SECONDS] -- COMMAND [ARG...]
 *
 * make test, make asan, make tsan and the exercise targets run their test binaries under it.
 * It is a subreaper (PR_SET_CHILD_SUBREAPER): whatever the command starts stays its
 * descendant, even a process whose parent has died, so it can find all of them. It ends them:
 *   - when the command exits: what still runs after a grace of 3 s (for the tests' own
 *     guardians and teardowns) is named, killed, and counts as a failure;
 *   - on SIGINT, SIGTERM or SIGHUP (a Ctrl-C, a killed make): the command gets the signal
 *     first, then everything goes;
 *   - when the limit runs out: it says so, and everything goes.
 * It also goes when its own parent dies (SIGTERM then).
 *
 * Exit status: the command's (128 + its signal if one ended it; 127 when it could not be run);
 * 124 when the limit ran out, as timeout(1); 1 when the command left processes behind or guard
 * itself failed; 2 on bad usage. After a signal, guard dies of that signal, once all is ended.
 */
#include "../proc.h"
#include "lib/clock.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

struct guard {
	const char *name;	/* the command, for messages */
	pid_t self, child;
	int child_done, child_status;
};

static void usage(void)
{
	fprintf(stderr, "usage: guard [--limit SECONDS] -- COMMAND [ARG...]\n");
	exit(2);
}

/* Reap every child that has ended; note the command's status when it is one of them. */
static void guard_reap(struct guard *g)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (pid == g->child) {
			g->child_done = 1;
			g->child_status = status;
		}
}

struct census {
	struct proc_info *all;
	size_t n, cap;
};

static int census_add(const struct proc_info *p, void *arg)
{
	struct census *c = arg;

	if (c->n == c->cap) {
		struct proc_info *more = realloc(c->all, (c->cap = c->cap ? 2 * c->cap : 512) * sizeof *more);

		if (!more)
			return -1;
		c->all = more;
	}
	c->all[c->n++] = *p;
	return 0;
}

/* How many of our descendants still run (names: the first few), killing them if asked. One
 * look at /proc, then the tree from it: a process descends from us if its parent does. */
static int guard_census(struct guard *g, int kill_them, char *names, size_t len)
{
	struct census c = { NULL, 0, 0 };
	unsigned char *ours;
	int alive = 0, grew = 1;
	size_t k = 0;

	if (proc_each(census_add, &c) != 0 || !(ours = calloc(c.n ? c.n : 1, 1))) {
		fprintf(stderr, "guard: reading /proc: %s\n", strerror(errno ? errno : ENOMEM));
		free(c.all);
		return 0;
	}
	for (size_t i = 0; i < c.n; i++)
		ours[i] = c.all[i].ppid == g->self;
	while (grew) {
		grew = 0;
		for (size_t i = 0; i < c.n; i++)
			for (size_t j = 0; !ours[i] && j < c.n; j++)
				if (ours[j] && c.all[i].ppid == c.all[j].pid)
					ours[i] = grew = 1;
	}
	if (names && len)
		names[0] = '\0';
	for (size_t i = 0; i < c.n; i++) {
		if (!ours[i] || c.all[i].state == 'Z')
			continue;
		alive++;
		if (kill_them && kill(c.all[i].pid, SIGKILL) != 0 && errno != ESRCH)
			fprintf(stderr, "guard: kill %d: %s\n", (int)c.all[i].pid, strerror(errno));
		if (names && alive <= 5)
			k += (size_t)snprintf(names + k, k < len ? len - k : 0, "%s%s[%d]", k ? ", " : "",
					      c.all[i].comm, (int)c.all[i].pid);
	}
	free(ours);
	free(c.all);
	return alive;
}

/* Wait up to grace seconds for the descendants to end by themselves, then kill them until none
 * is left. Returns how many had to be killed, naming them in names. */
static int guard_end_all(struct guard *g, double grace, char *names, size_t len)
{
	double until = clock_now() + grace;
	int left;

	names[0] = '\0';
	while ((left = guard_census(g, 0, names, len)) > 0 && clock_now() < until) {
		guard_reap(g);
		clock_nap(0.02);
	}
	for (int round = 0; round < 500 && guard_census(g, 1, NULL, 0) > 0; round++) {
		guard_reap(g);
		clock_nap(0.01);
	}
	guard_reap(g);
	return left;
}

/* Run until the command ends, a signal comes or the limit passes. Returns the signal, -1 on
 * the limit, 0 when the command ended. */
static int guard_watch(struct guard *g, const sigset_t *set, double limit)
{
	double deadline = clock_now() + limit;

	while (!g->child_done) {
		double left = limit > 0 ? deadline - clock_now() : 1;
		struct timespec ts;
		int sig;

		if (left <= 0)
			return -1;
		if (left > 1)
			left = 1;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		sig = sigtimedwait(set, NULL, &ts);
		if (sig < 0 && errno != EAGAIN && errno != EINTR) {
			fprintf(stderr, "guard: sigtimedwait: %s\n", strerror(errno));
			return SIGTERM;	/* cannot watch: end it all, as on a signal */
		}
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
			return sig;
		guard_reap(g);
	}
	return 0;
}

static pid_t guard_spawn(char **argv, const sigset_t *old)
{
	pid_t pid = fork();

	if (pid < 0) {
		fprintf(stderr, "guard: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/* If guard is killed outright, its command goes too, and with it (by their own
		 * death signals and guardians) the tests. */
		if (sigprocmask(SIG_SETMASK, old, NULL) != 0 || prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
			fprintf(stderr, "guard: setting up %s: %s\n", argv[0], strerror(errno));
			_exit(127);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "guard: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* After a signal: die of it, now that all is ended, so that a shell loop running us stops too. */
static int guard_die_of(int sig)
{
	sigset_t one;

	sigemptyset(&one);
	sigaddset(&one, sig);
	signal(sig, SIG_DFL);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	return 128 + sig;
}

/* The command has ended, or must: stop what is left and choose the exit status. */
static int guard_finish(struct guard *g, int why, double limit)
{
	char names[200];
	int left, rc;

	if (why > 0)
		fprintf(stderr, "guard: %s: stopping %s and everything it started\n", strsignal(why),
			g->name);
	else if (why < 0)
		fprintf(stderr, "guard: %s still running after %g s: killing it and everything it "
			"started\n", g->name, limit);
	if (!g->child_done) {
		if (kill(g->child, why > 0 ? why : SIGTERM) != 0)
			fprintf(stderr, "guard: kill %s: %s\n", g->name, strerror(errno));
		for (int i = 0; i < 100 && !g->child_done; i++) {
			clock_nap(0.02);
			guard_reap(g);
		}
	}
	left = guard_end_all(g, g->child_done && !why ? 3 : 0.5, names, sizeof names);
	if (why && left > 0)
		fprintf(stderr, "guard: killed %d process%s it had started (%s)\n", left,
			left > 1 ? "es" : "", names);
	if (why > 0)
		return guard_die_of(why);
	if (why < 0)
		return 124;
	rc = WIFEXITED(g->child_status) ? WEXITSTATUS(g->child_status) : 128 + WTERMSIG(g->child_status);
	if (left > 0) {
		fprintf(stderr, "guard: %s left %d process%s running after it ended (%s): killed them\n",
			g->name, left, left > 1 ? "es" : "", names);
		if (rc == 0)
			rc = 1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct guard g = { 0 };
	pid_t parent;
	double limit = 0;
	sigset_t set, old;
	int i = 1;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: guard [--limit SECONDS] -- COMMAND [ARG...]\n"
		       "Runs COMMAND; when it ends, on SIGINT/SIGTERM/SIGHUP, or after SECONDS, ends\n"
		       "every process it started. Exit: the command's, 124 on the limit, 1 when it\n"
		       "left processes behind.\n");
		return 0;
	}
	if (i + 1 < argc && !strcmp(argv[i], "--limit")) {
		char *end;

		limit = strtod(argv[i + 1], &end);
		if (*end || !(limit > 0) || !isfinite(limit)) {
			fprintf(stderr, "guard: --limit: expected a positive number of seconds, got '%s'\n",
				argv[i + 1]);
			return 2;
		}
		i += 2;
	}
	if (i >= argc || strcmp(argv[i], "--") || i + 1 >= argc)
		usage();
	g.name = argv[i + 1];
	g.self = getpid();
	parent = getppid();
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0 || prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) {
		fprintf(stderr, "guard: prctl: %s\n", strerror(errno));
		return 1;
	}
	if (getppid() != parent) {
		fprintf(stderr, "guard: whoever started it is gone\n");
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, &old) != 0) {
		fprintf(stderr, "guard: sigprocmask: %s\n", strerror(errno));
		return 1;
	}
	if ((g.child = guard_spawn(argv + i + 1, &old)) < 0)
		return 1;
	return guard_finish(&g, guard_watch(&g, &set, limit), limit);
}
