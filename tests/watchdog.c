/* watchdog.c: the limit and the guardian of one test process (see watchdog.h), and the glue
 * that arms them in every Criterion worker.
 *
 * The limit is a thread, not alarm(): a signal would interrupt the test's own waits (epoll_wait
 * and nanosleep return EINTR whatever SA_RESTART says), and a test may block or ignore it.
 * The guardian is a process of its own session, so that killing the test's group spares it; it
 * is not the test's child either (a test that waits for "all my children" must not find it). */
#include "watchdog.h"
#include "proc.h"

#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct watchdog {
	char name[256];		/* "suite::test" */
	double limit;		/* seconds after started */
	struct timespec started;
	pid_t test;		/* the test's process, the leader of its process group */
	int report_fd;		/* a copy of stderr: a test that redirects stderr still shows ours */
	int name_fd;		/* to the guardian, which starts before the name is known */
	int (*resolve)(struct watchdog *w);	/* fills name and limit; 0 while they are unknown */
	_Atomic(const char *) hint;
};

/* One per process, as the process it guards is one. */
static struct watchdog the_watchdog = { .report_fd = 2, .name_fd = -1 };

static void say(const struct watchdog *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One write, so that tests running side by side do not mix their lines. */
static void say(const struct watchdog *w, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0 && write(w->report_fd, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1) < 0)
		(void)0;	/* nowhere left to say it */
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void nap(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static double cpu_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void watchdog_hint(const char *why)
{
	atomic_store(&the_watchdog.hint, why);
}

/* ---- the guardian: when the test's process ends, so does everything in its group ---- */

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

/* Until the test's process has ended; its name arrives on name_fd meanwhile. */
static void guardian_wait(pid_t test, int pidfd, int name_fd, char *name, size_t len)
{
	struct pollfd fds[2] = { { pidfd, POLLIN, 0 }, { name_fd, POLLIN, 0 } };

	for (;;) {
		/* Without pidfd_open (Linux before 5.3), ask every 50 ms whether it is still there. */
		int n = poll(fds, 2, pidfd < 0 ? 50 : -1);

		if (n < 0 && errno != EINTR)
			return;
		if (fds[1].revents) {
			ssize_t got = read(fds[1].fd, name, len - 1);

			name[got > 0 ? got : 0] = '\0';
			fds[1].fd = -1;		/* once */
		}
		if (pidfd >= 0 ? fds[0].revents != 0 : kill(test, 0) != 0 && errno == ESRCH)
			return;
	}
}

struct sweep {
	pid_t test, self;
	int alive, first;	/* first: the first look, whose names the message gives */
	char names[160];
};

static int sweep_one(const struct proc_info *p, void *arg)
{
	struct sweep *s = arg;
	size_t k = strlen(s->names);

	if ((p->pgrp != s->test && p->sid != s->test) || p->pid == s->self || p->state == 'Z')
		return 0;
	kill(p->pid, SIGKILL);
	if (s->alive++ < 4 && s->first)
		snprintf(s->names + k, sizeof s->names - k, "%s%s[%d]", k ? ", " : "", p->comm, (int)p->pid);
	return 0;
}

/* Kill what is left in the test's group and session, until nothing is (a process may fork
 * between two looks), for at most 2 s. */
static void guardian_sweep(const struct watchdog *w, const char *name)
{
	struct sweep s = { w->test, getpid(), 0, 1, "" };
	int first = 0;

	for (int round = 0; round < 200; round++) {
		s.alive = 0;
		s.first = round == 0;
		proc_each(sweep_one, &s);
		if (round == 0)
			first = s.alive;
		if (!s.alive)
			break;
		nap(0.01);
	}
	if (first > 0)
		say(w, "[WATCHDOG] %s: its process ended and left %d process%s running (%s): "
		    "killed them\n", *name ? name : "a test that ended at once", first,
		    first > 1 ? "es" : "", s.names);
}

static void guardian_main(const struct watchdog *w, int name_fd)
{
	char name[sizeof w->name] = "";
	int pidfd;

	if (setsid() < 0)
		say(w, "[WATCHDOG] guardian: setsid: %s\n", strerror(errno));
	pidfd = (int)syscall(SYS_pidfd_open, w->test, 0);
	guardian_close_fds((int[3]){ w->report_fd, name_fd, pidfd });
	guardian_wait(w->test, pidfd, name_fd, name, sizeof name);
	guardian_sweep(w, name);
	_exit(0);
}

/* Fork twice, so that the guardian is not our child, and wait for the middle one. */
static int guardian_start(struct watchdog *w)
{
	int fds[2], status;
	pid_t mid, got;

	if (pipe2(fds, O_CLOEXEC) != 0) {
		say(w, "[WATCHDOG] %s: pipe2: %s\n", w->name, strerror(errno));
		return -1;
	}
	mid = fork();
	if (mid < 0) {
		say(w, "[WATCHDOG] %s: fork: %s\n", w->name, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (mid == 0) {
		pid_t g = fork();

		if (g == 0)
			guardian_main(w, fds[0]);
		_exit(g < 0 ? 1 : 0);
	}
	close(fds[0]);
	w->name_fd = fds[1];
	while ((got = waitpid(mid, &status, 0)) < 0 && errno == EINTR)
		;
	if (got != mid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		say(w, "[WATCHDOG] %s: the guardian did not start (fork)\n", w->name);
		return -1;
	}
	return 0;
}

/* ---- the limit ---- */

static void sleep_until(const struct watchdog *w, double t)
{
	double left;

	while ((left = t - seconds_since(&w->started)) > 0)
		nap(left);
}

/* Say what overran and why, then end it: the test's whole group, this process included. */
static void watchdog_fire(const struct watchdog *w, double busy)
{
	const char *why = atomic_load(&w->hint);

	if (!why)
		why = busy > 0.5 ? "it was spinning: a loop whose condition never changes, or a busy "
				   "wait for a flag that nobody sets"
				 : "it was asleep: a thread is probably waiting for a wake-up that never "
				   "comes (a lost signal, a deadlock, a child or a peer that never answers)";
	say(w, "[WATCHDOG] %s: still running after %.0f s, %.0f s past its limit (%.0f%% of a CPU "
	    "in the last seconds): %s. Killing it and every process it started.\n", w->name,
	    seconds_since(&w->started), WATCHDOG_MARGIN_S, 100 * busy, why);
	if (getpgrp() == w->test)
		kill(-w->test, SIGKILL);
	kill(w->test, SIGKILL);
}

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;
	double sample, before;

	while (!w->resolve(w))
		nap(0.001);	/* a test that ends quicker leaves the guardian without its name */
	if (write(w->name_fd, w->name, strlen(w->name)) < 0)
		say(w, "[WATCHDOG] %s: telling the guardian its name: %s\n", w->name, strerror(errno));
	sample = w->limit > 4 ? 2 : w->limit / 2;
	sleep_until(w, w->limit - sample);
	before = cpu_seconds();
	sleep_until(w, w->limit);
	watchdog_fire(w, (cpu_seconds() - before) / sample);
	return NULL;
}

/* Start the guardian, then the thread, with every signal blocked in it: signals meant for the
 * process go to the test's threads. */
static int watchdog_arm(struct watchdog *w, int (*resolve)(struct watchdog *w))
{
	sigset_t all, old;
	pthread_t thread;
	int rc;

	w->test = getpid();
	w->resolve = resolve;
	clock_gettime(CLOCK_MONOTONIC, &w->started);
	if ((w->report_fd = fcntl(2, F_DUPFD_CLOEXEC, 3)) < 0)
		w->report_fd = 2;
	if (guardian_start(w) != 0)
		return -1;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&thread, NULL, watchdog_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		say(w, "[WATCHDOG] %s: pthread_create: %s\n", w->name, strerror(rc));
		return -1;
	}
	pthread_detach(thread);
	return 0;
}

static int known(struct watchdog *w)
{
	(void)w;
	return 1;
}

int watchdog_start(const char *name, double limit_s)
{
	struct watchdog *w = &the_watchdog;

	snprintf(w->name, sizeof w->name, "%s", name);
	w->limit = limit_s;
	return watchdog_arm(w, known);
}

/* ---- Criterion: each test runs in a worker, a fresh process named "boxfort-worker" ---- */
#ifndef PARBENCH_SHIM_CRITERION_H	/* make tsan's stand-in calls watchdog_start itself */

/* Copy n bytes from src, which may no longer be mapped: write(2) fails with EFAULT where a load
 * would crash. Returns 0, or -1. */
static int copy_safely(void *dst, const void *src, size_t n)
{
	static int fds[2] = { -1, -1 };

	if (fds[0] < 0 && pipe2(fds, O_CLOEXEC) != 0)
		return -1;
	if (write(fds[1], src, n) != (ssize_t)n)
		return -1;
	return read(fds[0], dst, n) == (ssize_t)n ? 0 : -1;
}

static void copy_string_safely(char *dst, size_t len, const char *src)
{
	size_t k = 0;

	while (k + 1 < len && copy_safely(dst + k, src + k, 1) == 0 && dst[k])
		k++;
	dst[k] = '\0';
}

/* The worker learns its test a moment after it starts; until then, 0. criterion_current_test
 * points into the frame of Criterion's function that runs the test, which is gone once a quick
 * test has ended: so every read goes through copy_safely, and a timeout that makes no sense
 * counts as none (the process is ending then anyway, long before any limit). */
static int criterion_resolve(struct watchdog *w)
{
	const struct criterion_test *pt =
		*(const struct criterion_test *volatile *)&criterion_current_test;
	const struct criterion_suite *ps =
		*(const struct criterion_suite *volatile *)&criterion_current_suite;
	struct criterion_test t;
	struct criterion_suite s;
	struct criterion_test_extra_data d;
	double timeout = 0;
	char suite[96], name[128];

	if (!pt || !ps || copy_safely(&t, pt, sizeof t) != 0 || copy_safely(&s, ps, sizeof s) != 0)
		return 0;
	if (s.data && copy_safely(&d, s.data, sizeof d) == 0 && d.timeout > 0)
		timeout = d.timeout;
	if (t.data && copy_safely(&d, t.data, sizeof d) == 0 && d.timeout > 0)
		timeout = d.timeout;
	if (!(timeout > 0 && timeout < 1e6))
		timeout = WATCHDOG_DEFAULT_S;
	copy_string_safely(suite, sizeof suite, t.category);
	copy_string_safely(name, sizeof name, t.name);
	snprintf(w->name, sizeof w->name, "%s::%s", suite, name);
	w->limit = timeout + WATCHDOG_MARGIN_S;
	return 1;
}

static void append(char *buf, size_t len, size_t *k, const char *s)
{
	while (*s && *k + 1 < len)
		buf[(*k)++] = *s++;
}

/* Criterion's .timeout is a SIGPROF from its runner, which would end the test without a word:
 * say first what the likely cause is (async-signal-safe: no stdio), then die of it. */
static void on_criterion_timeout(int sig)
{
	const struct watchdog *w = &the_watchdog;
	const char *why = atomic_load(&w->hint);
	char buf[1024];
	size_t k = 0;

	if (why) {
		append(buf, sizeof buf, &k, "[WATCHDOG] ");
		append(buf, sizeof buf, &k, w->name);
		append(buf, sizeof buf, &k, ": timed out: ");
		append(buf, sizeof buf, &k, why);
		append(buf, sizeof buf, &k, "\n");
		if (write(w->report_fd, buf, k) < 0)
			(void)0;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

__attribute__((constructor)) static void watchdog_criterion_worker(void)
{
	if (!getenv("BXFI_MAP") || strcmp(program_invocation_short_name, "boxfort-worker"))
		return;
	if (watchdog_arm(&the_watchdog, criterion_resolve) != 0)
		return;
	if (signal(SIGPROF, on_criterion_timeout) == SIG_ERR)
		say(&the_watchdog, "[WATCHDOG] signal SIGPROF: %s\n", strerror(errno));
}
#endif
