/* watchdog.c: the limit of one test process (see watchdog.h), with its guardian (guardian.c),
 * and the glue that arms them in every Criterion worker.
 *
 * The limit is a thread, not alarm(): a signal would interrupt the test's own waits (epoll_wait
 * and nanosleep return EINTR whatever SA_RESTART says), and a test may block or ignore it. */
#include "watchdog.h"
#include "guardian.h"

#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"

struct watchdog {
	pthread_mutex_t lock;	/* name, timeout and limit, which the test's thread may set late */
	pthread_cond_t changed;	/* (on CLOCK_MONOTONIC) they were set */
	char name[256];		/* "suite::test"; "" until known */
	double timeout;		/* the test's own limit, seconds; 0 until known */
	double limit;		/* seconds after started: timeout + WATCHDOG_MARGIN_S */
	double started;		/* clock_now() */
	pid_t test;		/* the test's process, the leader of its process group */
	int report_fd;		/* a copy of stderr: a test that redirects stderr still shows ours */
	int name_fd;		/* to the guardian, which starts before the name may be known */
	_Atomic(const char *) hint;
};

/* One per process, as the process it guards is one. */
static struct watchdog the_watchdog = { .lock = PTHREAD_MUTEX_INITIALIZER, .report_fd = 2,
					 .name_fd = -1 };

/* An absolute time on CLOCK_MONOTONIC (clock_now's), for pthread_cond_timedwait. */
static struct timespec at(double t)
{
	return (struct timespec){ (time_t)t, (long)((t - (double)(time_t)t) * 1e9) };
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

/* ---- the limit ---- */

/* Until t seconds after the start; t may grow meanwhile (the name and timeout come late). */
static void wait_until(struct watchdog *w, double before_limit)
{
	pthread_mutex_lock(&w->lock);
	while (clock_now() - w->started < w->limit - before_limit) {
		struct timespec until = at(w->started + w->limit - before_limit);

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
	guardian_say(w->report_fd, "[WATCHDOG] %s: still running %.0f s after it started, %g s past "
		     "%s (%.0f%% of a CPU in its last seconds): %s. Killing it and every process "
		     "of its group.\n", *w->name ? w->name : "a test whose name was not yet known",
		     clock_now() - w->started, WATCHDOG_MARGIN_S, timeout, 100 * busy, why);
	pthread_mutex_unlock(&w->lock);
	if (getpgrp() == w->test && kill(-w->test, SIGKILL) != 0)
		guardian_say(w->report_fd, "[WATCHDOG] kill its group: %s\n", strerror(errno));
	kill(w->test, SIGKILL);
}

static void *watchdog_main(void *arg)
{
	struct watchdog *w = arg;
	double window = 2, before, t0;

	wait_until(w, window);
	before = cpu_seconds();
	t0 = clock_now();
	wait_until(w, 0);
	watchdog_fire(w, (cpu_seconds() - before) / (clock_now() - t0 + 1e-9));
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
	w->started = clock_now();
	if (pthread_condattr_init(&attr) != 0 ||
	    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&w->changed, &attr) != 0) {
		guardian_say(w->report_fd, "[WATCHDOG] %s: the condition variable failed\n", name);
		return -1;
	}
	pthread_condattr_destroy(&attr);
	if ((w->report_fd = fcntl(2, F_DUPFD_CLOEXEC, 3)) < 0)
		w->report_fd = 2;
	if ((w->name_fd = guardian_start(w->name, w->report_fd)) < 0)
		return -1;
	sigfillset(&all);
	if ((rc = pthread_sigmask(SIG_SETMASK, &all, &old)) == 0) {
		rc = pthread_create(&thread, NULL, watchdog_main, w);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	if (rc != 0) {
		guardian_say(w->report_fd, "[WATCHDOG] %s: pthread_create: %s\n", name, strerror(rc));
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
	guardian_name(w->name_fd, w->name, w->report_fd);
}

/* Each test's code calls criterion_internal_test_setup first, on its own thread, once Criterion
 * has set criterion_current_test. The test programs are linked with
 * -Wl,--wrap=criterion_internal_test_setup, so here is where the watchdog learns its test. */
void __real_criterion_internal_test_setup(void);
void __wrap_criterion_internal_test_setup(void);

/* Its .timeout, or 0. Criterion keeps the extra data in its arena, not always aligned: copied
 * out, not read through the pointer (which UBSan rightly reports). */
static double timeout_of(const void *data)
{
	struct criterion_test_extra_data d;

	if (!data)
		return 0;
	memcpy(&d, data, sizeof d);
	return d.timeout > 0 ? d.timeout : 0;
}

void __wrap_criterion_internal_test_setup(void)
{
	const struct criterion_test *t = criterion_current_test;
	const struct criterion_suite *s = criterion_current_suite;
	double timeout;
	char name[256];

	if (t && s) {
		timeout = timeout_of(t->data);
		if (timeout == 0)
			timeout = timeout_of(s->data);
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
		guardian_say(the_watchdog.report_fd, "[WATCHDOG] signal SIGPROF: %s\n",
			     strerror(errno));
}
#endif
