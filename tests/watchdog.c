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
	pthread_mutex_t lock;	/* name, timeout and limit, which the test's thread may set late */
	pthread_cond_t changed;	/* (on CLOCK_MONOTONIC) they were set */
	char name[256];		/* "suite::test"; "" until known */
	double timeout;		/* the test's own limit, seconds; 0 until known */
	double limit;		/* seconds after started: timeout + WATCHDOG_MARGIN_S */
	struct timespec started;
	pid_t test;		/* the test's process, the leader of its process group */
	int report_fd;		/* a copy of stderr: a test that redirects stderr still shows ours */
	int name_fd;		/* to the guardian, which starts before the name may be known */
	_Atomic(const char *) hint;
};

/* One per process, as the process it guards is one. */
static struct watchdog the_watchdog = { .lock = PTHREAD_MUTEX_INITIALIZER, .report_fd = 2,
					 .name_fd = -1 };

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

	if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
		return 0;
	return (double)(t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static struct timespec after(const struct timespec *t0, double s)
{
	struct timespec t = { t0->tv_sec + (time_t)s,
			      t0->tv_nsec + (long)((s - (double)(time_t)s) * 1e9) };

	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
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

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) != 0)
		return 0;
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

/* Until the test's process has ended; its name may arrive on name_fd meanwhile. Without a
 * pidfd (Linux before 5.3), or should poll fail, it asks every 50 ms whether the test is there. */
static void guardian_wait(pid_t test, int pidfd, int name_fd, char *name, size_t len)
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
			ssize_t got = read(fds[1].fd, name, len - 1);

			if (got > 0)
				name[got] = '\0';
			fds[1].fd = -1;		/* once */
		}
		if (pidfd >= 0 ? fds[0].revents != 0 : kill(test, 0) != 0 && errno == ESRCH)
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
static void guardian_sweep(const struct watchdog *w, const char *name)
{
	struct sweep s = { w->test, getpid(), 0, 1, 0, "" };
	int first = 0;

	for (int round = 0; round < 200 && !s.recycled; round++) {
		s.alive = 0;
		s.first = round == 0;
		if (proc_each(sweep_one, &s) < 0)
			say(w, "[WATCHDOG] guardian: reading /proc: %s\n", strerror(errno));
		if (round == 0)
			first = s.alive;
		if (!s.alive)
			break;
		nap(0.01);
	}
	if (first > 0)
		say(w, "[WATCHDOG] %s: its process ended and left %d process%s of its own running (%s): "
		    "killed them\n", *name ? name : "a test whose name was not yet known", first,
		    first > 1 ? "es" : "", s.names);
}

/* ready: told once the guardian has left the test's group, so no kill of it can take us. */
static void guardian_main(const struct watchdog *w, int pidfd, int name_fd, int ready)
{
	char name[sizeof w->name];

	snprintf(name, sizeof name, "%s", w->name);
	if (setsid() < 0)
		say(w, "[WATCHDOG] guardian: setsid: %s\n", strerror(errno));
	if (write(ready, "", 1) != 1)
		_exit(1);
	close(ready);
	guardian_close_fds((int[3]){ w->report_fd, name_fd, pidfd });
	guardian_wait(w->test, pidfd, name_fd, name, sizeof name);
	guardian_sweep(w, name);
	_exit(0);
}

/* Fork twice, so that the guardian is not our child; wait for the middle one, then for the
 * guardian to be ready. The pidfd is opened here, while we certainly exist. */
static int guardian_start(struct watchdog *w)
{
	int names[2], ready[2], status, pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	pid_t mid, got;
	char c;

	if (pipe2(names, O_CLOEXEC) != 0) {
		say(w, "[WATCHDOG] %s: pipe2: %s\n", w->name, strerror(errno));
		goto out_pidfd;
	}
	if (pipe2(ready, O_CLOEXEC) != 0) {
		say(w, "[WATCHDOG] %s: pipe2: %s\n", w->name, strerror(errno));
		goto out_names;
	}
	mid = fork();
	if (mid < 0) {
		say(w, "[WATCHDOG] %s: fork (the guardian): %s\n", w->name, strerror(errno));
		close(ready[0]);
		close(ready[1]);
		goto out_names;
	}
	if (mid == 0) {
		pid_t g = fork();

		if (g == 0) {
			close(ready[0]);
			guardian_main(w, pidfd, names[0], ready[1]);
		}
		_exit(g < 0 ? 1 : 0);
	}
	if (pidfd >= 0)
		close(pidfd);
	close(names[0]);
	close(ready[1]);
	w->name_fd = names[1];
	while ((got = waitpid(mid, &status, 0)) < 0 && errno == EINTR)
		;
	if (got != mid || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || read(ready[0], &c, 1) != 1) {
		say(w, "[WATCHDOG] %s: the guardian did not start (its fork failed or it died)\n", w->name);
		close(ready[0]);
		return -1;
	}
	close(ready[0]);
	return 0;

out_names:
	close(names[0]);
	close(names[1]);
out_pidfd:
	if (pidfd >= 0)
		close(pidfd);
	return -1;
}

/* ---- the limit ---- */

/* Until t seconds after the start; t may grow meanwhile (the name and timeout come late). */
static void wait_until(struct watchdog *w, double before_limit)
{
	pthread_mutex_lock(&w->lock);
	while (seconds_since(&w->started) < w->limit - before_limit) {
		struct timespec until = after(&w->started, w->limit - before_limit);

		pthread_cond_timedwait(&w->changed, &w->lock, &until);
	}
	pthread_mutex_unlock(&w->lock);
}

/* Say what overran and why, then end it: the test's whole group, this process included. */
static void watchdog_fire(struct watchdog *w, double busy)
{
	const char *why = atomic_load(&w->hint);
	char timeout[64];

	pthread_mutex_lock(&w->lock);
	if (w->timeout > 0)
		snprintf(timeout, sizeof timeout, "its .timeout of %g s", w->timeout);
	else
		snprintf(timeout, sizeof timeout, "the default limit of %g s", WATCHDOG_DEFAULT_S);
	if (!why)
		why = busy > 0.1 ? "it was spinning: a loop whose condition never changes, or a busy "
				   "wait for a flag that nobody sets"
				 : "it was asleep: a thread is probably waiting for a wake-up that never "
				   "comes (a lost signal, a deadlock, a child or a peer that never answers)";
	say(w, "[WATCHDOG] %s: still running %.0f s after it started, %g s past %s (%.0f%% of a "
	    "CPU in its last seconds): %s. Killing it and every process of its group.\n",
	    *w->name ? w->name : "a test whose name was not yet known", seconds_since(&w->started),
	    WATCHDOG_MARGIN_S, timeout, 100 * busy, why);
	pthread_mutex_unlock(&w->lock);
	if (getpgrp() == w->test && kill(-w->test, SIGKILL) != 0)
		say(w, "[WATCHDOG] kill its group: %s\n", strerror(errno));
	kill(w->test, SIGKILL);
}

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;
	double window = 2, before, t0;

	wait_until(w, window);
	before = cpu_seconds();
	t0 = seconds_since(&w->started);
	wait_until(w, 0);
	watchdog_fire(w, (cpu_seconds() - before) / (seconds_since(&w->started) - t0 + 1e-9));
	return NULL;
}

/* Start the guardian, then the thread, with every signal blocked in it: signals meant for the
 * process go to the test's threads. */
static int watchdog_arm(struct watchdog *w, const char *name, double timeout)
{
	pthread_condattr_t attr;
	sigset_t all, old;
	pthread_t thread;
	int rc;

	w->test = getpid();
	snprintf(w->name, sizeof w->name, "%s", name);
	w->timeout = timeout;
	w->limit = (timeout > 0 ? timeout : WATCHDOG_DEFAULT_S) + WATCHDOG_MARGIN_S;
	if (clock_gettime(CLOCK_MONOTONIC, &w->started) != 0 || pthread_condattr_init(&attr) != 0 ||
	    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&w->changed, &attr) != 0) {
		say(w, "[WATCHDOG] %s: the clock or the condition variable failed\n", name);
		return -1;
	}
	pthread_condattr_destroy(&attr);
	if ((w->report_fd = fcntl(2, F_DUPFD_CLOEXEC, 3)) < 0)
		w->report_fd = 2;
	if (guardian_start(w) != 0)
		return -1;
	sigfillset(&all);
	if ((rc = pthread_sigmask(SIG_SETMASK, &all, &old)) == 0) {
		rc = pthread_create(&thread, NULL, watchdog_main, w);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	if (rc != 0) {
		say(w, "[WATCHDOG] %s: pthread_create: %s\n", name, strerror(rc));
		return -1;
	}
	return pthread_detach(thread) == 0 ? 0 : -1;
}

int watchdog_start(const char *name, double timeout_s)
{
	return watchdog_arm(&the_watchdog, name, timeout_s);
}

/* ---- Criterion: each test runs in a worker, a fresh process named "boxfort-worker" ---- */
#ifndef PARBENCH_SHIM_CRITERION_H	/* make tsan's stand-in calls watchdog_start itself */

/* Name the test and set its limit, from the test's own thread as it starts. */
static void watchdog_name(struct watchdog *w, const char *name, double timeout)
{
	pthread_mutex_lock(&w->lock);
	snprintf(w->name, sizeof w->name, "%s", name);
	w->timeout = timeout;
	w->limit = (timeout > 0 ? timeout : WATCHDOG_DEFAULT_S) + WATCHDOG_MARGIN_S;
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
	if (w->name_fd >= 0 && write(w->name_fd, w->name, strlen(w->name)) < 0)
		say(w, "[WATCHDOG] %s: telling the guardian its name: %s\n", w->name, strerror(errno));
}

/* Each test's code calls criterion_internal_test_setup first, on its own thread, once Criterion
 * has set criterion_current_test. The test programs are linked with
 * -Wl,--wrap=criterion_internal_test_setup, so here is where the watchdog learns its test. */
void __real_criterion_internal_test_setup(void);
void __wrap_criterion_internal_test_setup(void);

void __wrap_criterion_internal_test_setup(void)
{
	const struct criterion_test *t = criterion_current_test;
	const struct criterion_suite *s = criterion_current_suite;
	double timeout = 0;
	char name[256];

	if (t && s) {
		if (s->data && s->data->timeout > 0)
			timeout = s->data->timeout;
		if (t->data && t->data->timeout > 0)
			timeout = t->data->timeout;
		snprintf(name, sizeof name, "%s::%s", t->category, t->name);
		if (the_watchdog.test == getpid())
			watchdog_name(&the_watchdog, name, timeout);
	}
	__real_criterion_internal_test_setup();
}

static void append(char *buf, size_t len, size_t *k, const char *s)
{
	while (*s && *k + 1 < len)
		buf[(*k)++] = *s++;
}

/* Criterion's .timeout is a SIGPROF from its runner, which would end the test without a word:
 * say first what the likely cause is (async-signal-safe: no stdio, no lock), then die of it. */
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

/* Armed before the test is known, with the default limit: a worker that stalls before its test
 * starts is limited too. */
__attribute__((constructor)) static void watchdog_criterion_worker(void)
{
	if (!getenv("BXFI_MAP") || strcmp(program_invocation_short_name, "boxfort-worker"))
		return;
	if (watchdog_arm(&the_watchdog, "", 0) != 0)
		_exit(1);	/* said why; a test without its limit must not pass unnoticed */
	if (signal(SIGPROF, on_criterion_timeout) == SIG_ERR)
		say(&the_watchdog, "[WATCHDOG] signal SIGPROF: %s\n", strerror(errno));
}
#endif
