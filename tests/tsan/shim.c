/*
 * shim.c: the runner and the checks behind the headers in tests/tsan/criterion/, which stand in
 * for Criterion in `make tsan` only (Criterion cannot start under ThreadSanitizer: see
 * criterion/criterion.h).
 *
 * The parent forks one process per test (per parameter, for a parameterized test), up to -j at
 * a time, each in its own process group, and kills the group when the test's .timeout (times
 * PARBENCH_TIMEOUT_SCALE) runs out. A test reports over a pipe: any process or thread of it
 * writes 'F' when a check fails, and the test's own process writes 'P', 'F' or 'S' (skipped)
 * when it has run to its end. A test passes only with a final 'P', no 'F', and exit status 0.
 *
 * usage: run_tests [-j N] [--filter 'suite/name' glob] [--verbose] [--list]
 * Exit status: 0 if every test passed or was skipped, 1 if any failed, 2 on bad usage.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "../watchdog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct shim_test *all_tests;
static struct shim_suite *all_suites;

void shim_register(struct shim_test *t)
{
	t->next = all_tests;
	all_tests = t;
}

void shim_register_suite(struct shim_suite *s)
{
	s->next = all_suites;
	all_suites = s;
}

/* ---- messages: one write each, so that tests running side by side do not mix lines ---- */

static int report_fd = 2;	/* in a test: a copy of its stderr, kept across cr_redirect_stderr */

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	int n;
	size_t done = 0;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	while (done < (size_t)n) {
		ssize_t w = write(report_fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* nowhere left to say it */
		done += w;
	}
}

/* ---- inside a test's process ---- */

static const struct shim_test *cur;
static size_t cur_index;	/* which parameter, for a parameterized test */
static int result_fd = -1;
static pid_t test_pid;
static pthread_t test_thread;
static atomic_int failed;
static int skipped;
static jmp_buf abort_test;

/* suite::name, and [i] for a parameterized test's i-th parameter. */
static void test_name(const struct shim_test *t, size_t index, char *buf, size_t len)
{
	if (t->pfn)
		snprintf(buf, len, "%s::%s[%zu]", t->suite, t->name, index);
	else
		snprintf(buf, len, "%s::%s", t->suite, t->name);
}

static void put_result(char c)
{
	ssize_t w;

	while ((w = write(result_fd, &c, 1)) < 0 && errno == EINTR)
		;
	if (w != 1)
		say("[----] %s: cannot report to the runner: %s\n", cur->name,
		    w < 0 ? strerror(errno) : "short write");
}

/* A check failed. The test's own thread may unwind to .fini; any other thread or process can
 * only say so, and end itself if the check was fatal. */
static void fail(int fatal)
{
	int mine = getpid() == test_pid && pthread_equal(pthread_self(), test_thread);

	atomic_store(&failed, 1);
	if (!mine)
		put_result('F');
	if (!fatal)
		return;
	if (mine)
		longjmp(abort_test, 1);
	say("[----]   (a fatal check off the test's own thread or process: ending that process)\n");
	_exit(1);
}

static void check_failed(int fatal, const char *file, int line, const char *what, const char *detail,
			 const char *fmt, va_list ap)
{
	char msg[4096], name[256];

	vsnprintf(msg, sizeof msg, fmt, ap);
	test_name(cur, cur_index, name, sizeof name);
	say("[----] %s: %s:%d: %s failed: %s%s%s%s\n", name, file, line,
	    fatal ? "Assertion" : "Expectation", what, detail, *msg ? "\n[----]   " : "", msg);
	fail(fatal);
}

void shim_check(int ok, int fatal, const char *file, int line, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	va_start(ap, fmt);
	check_failed(fatal, file, line, what, "", fmt, ap);
	va_end(ap);
}

void shim_check_str(int want_equal, const char *a, const char *b, int fatal, const char *file,
		    int line, const char *what, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	if (a && b && (strcmp(a, b) == 0) == want_equal)
		return;
	snprintf(detail, sizeof detail, " (\"%.400s\" and \"%.400s\")", a ? a : "(null)",
		 b ? b : "(null)");
	va_start(ap, fmt);
	check_failed(fatal, file, line, what, detail, fmt, ap);
	va_end(ap);
}

void shim_check_float(double a, double b, double eps, int fatal, const char *file, int line,
		      const char *what, const char *fmt, ...)
{
	char detail[128];
	va_list ap;

	if (b - a <= eps && a - b <= eps)	/* as Criterion: NaN is never equal */
		return;
	snprintf(detail, sizeof detail, " (%.17g and %.17g)", a, b);
	va_start(ap, fmt);
	check_failed(fatal, file, line, what, detail, fmt, ap);
	va_end(ap);
}

void shim_check_mem(const void *a, const void *b, size_t size, int fatal, const char *file,
		    int line, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (memcmp(a, b, size) == 0)
		return;
	va_start(ap, fmt);
	check_failed(fatal, file, line, what, "", fmt, ap);
	va_end(ap);
}

void shim_skip(const char *file, int line, const char *fmt, ...)
{
	char msg[1024], name[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	test_name(cur, cur_index, name, sizeof name);
	say("[SKIP] %s: %s (%s:%d)\n", name, msg, file, line);
	if (getpid() != test_pid || !pthread_equal(pthread_self(), test_thread)) {
		say("[----]   cr_skip_test off the test's own thread or process\n");
		fail(1);
	}
	skipped = 1;
	longjmp(abort_test, 1);
}

static FILE *redirected;

void cr_redirect_stderr(void)
{
	int fds[2];

	cr_assert_eq(pipe2(fds, O_CLOEXEC), 0, "cr_redirect_stderr: pipe2: %s", strerror(errno));
	fflush(stderr);
	cr_assert_neq(dup2(fds[1], 2), -1, "cr_redirect_stderr: dup2: %s", strerror(errno));
	cr_assert_eq(close(fds[1]), 0, "cr_redirect_stderr: close: %s", strerror(errno));
	redirected = fdopen(fds[0], "r");
	cr_assert_not_null(redirected, "cr_redirect_stderr: fdopen: %s", strerror(errno));
}

FILE *cr_get_redirected_stderr(void)
{
	cr_assert_not_null(redirected, "cr_get_redirected_stderr without cr_redirect_stderr");
	return redirected;
}

static const struct shim_suite *suite_of(const struct shim_test *t)
{
	for (const struct shim_suite *s = all_suites; s; s = s->next)
		if (!strcmp(s->name, t->suite))
			return s;
	return NULL;
}

/* Close every descriptor above stderr but the shim's own two, as Criterion's workers start: a
 * test that lowers RLIMIT_NOFILE counts on finding only 0, 1 and 2 open (make's or flock's would
 * otherwise reach the programs it runs). */
static void close_inherited(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (!d) {
		say("[----] %s: opendir /proc/self/fd: %s\n", cur->name, strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name);

		if (fd > 2 && fd != dirfd(d) && fd != report_fd && fd != result_fd && close(fd) != 0)
			say("[----] %s: close %d: %s\n", cur->name, fd, strerror(errno));
	}
	if (closedir(d) != 0)
		say("[----] %s: closedir: %s\n", cur->name, strerror(errno));
}

/* The test's process: the suite's and the test's .init, the test, their .fini, the verdict.
 * It dies with the runner (PR_SET_PDEATHSIG), and the watchdog limits it even if the runner
 * cannot. */
static void test_main(const struct shim_test *t, void *param, size_t index, int fd,
		      const sigset_t *mask, pid_t runner, double timeout)
{
	const struct shim_suite *s = suite_of(t);
	char name[256];

	cur = t;
	cur_index = index;
	result_fd = fd;
	test_pid = getpid();
	test_thread = pthread_self();
	/* A session of its own, as Criterion's workers have: what the test starts in groups of its
	 * own (a bench's, mpirun's) is still in it, for the guardian to end. */
	if (sigprocmask(SIG_SETMASK, mask, NULL) != 0 || setsid() < 0 ||
	    (report_fd = fcntl(2, F_DUPFD_CLOEXEC, 3)) < 0) {
		say("[----] %s::%s: cannot set up the test's process: %s\n", t->suite, t->name,
		    strerror(errno));
		_exit(1);
	}
	close_inherited();
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != runner) {
		say("[----] %s::%s: the runner is gone, or prctl: %s\n", t->suite, t->name, strerror(errno));
		_exit(1);
	}
	test_name(t, index, name, sizeof name);
	if (watchdog_start(name, timeout) != 0)
		_exit(1);
	if (!setjmp(abort_test)) {
		if (s && s->data.init)
			s->data.init();
		if (t->data.init)
			t->data.init();
		if (t->fn)
			t->fn();
		else
			t->pfn(param);
	}
	if (!setjmp(abort_test)) {
		if (t->data.fini)
			t->data.fini();
		if (s && s->data.fini)
			s->data.fini();
	}
	put_result(atomic_load(&failed) ? 'F' : skipped ? 'S' : 'P');
	exit(0);	/* not _exit: stdio is flushed, and a sanitizer's exit code applies */
}

/* ---- the runner ---- */

struct job {
	const struct shim_test *t;
	void *param;
	size_t index;
	double timeout;
};

struct slot {
	const struct job *job;
	pid_t pid;
	int fd;			/* reading end of the test's result pipe */
	double started, deadline;	/* deadline 0: none */
};

static struct { int passed, failed, crashed, skipped; } tally;
static int verbose;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int start(struct slot *sl, const struct job *j, const sigset_t *mask)
{
	pid_t runner;
	int fds[2];
	char name[256];

	test_name(j->t, j->index, name, sizeof name);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		say("[FAIL] %s: pipe2: %s\n", name, strerror(errno));
		return -1;
	}
	fflush(NULL);
	runner = getpid();
	sl->pid = fork();
	if (sl->pid < 0) {
		say("[FAIL] %s: fork: %s\n", name, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (sl->pid == 0) {
		close(fds[0]);
		test_main(j->t, j->param, j->index, fds[1], mask, runner, j->timeout);
	}
	if (close(fds[1]) != 0)
		say("[----] %s: close: %s\n", name, strerror(errno));
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0)
		say("[----] %s: fcntl: %s\n", name, strerror(errno));
	sl->job = j;
	sl->fd = fds[0];
	sl->started = now();
	sl->deadline = j->timeout > 0 ? sl->started + j->timeout : 0;
	return 0;
}

/* The test's process has ended (status) or timed out: decide, say, count. */
static void finish(struct slot *sl, int status, int timed_out)
{
	char name[256], got[64], last = 0;
	int any_fail = 0;
	ssize_t n;
	double secs = now() - sl->started;

	test_name(sl->job->t, sl->job->index, name, sizeof name);
	/* Leftovers of the test may still hold the pipe: read what is there, without waiting. */
	while ((n = read(sl->fd, got, sizeof got)) > 0 || (n < 0 && errno == EINTR))
		for (ssize_t i = 0; i < n; i++) {
			any_fail |= got[i] == 'F';
			last = got[i];
		}
	if (n < 0 && errno != EAGAIN)
		say("[----] %s: reading its result: %s\n", name, strerror(errno));
	if (close(sl->fd) != 0)
		say("[----] %s: close: %s\n", name, strerror(errno));
	/* Whatever the test left running in its group goes with it. */
	if (kill(-sl->pid, SIGKILL) != 0 && errno != ESRCH)
		say("[----] %s: kill: %s\n", name, strerror(errno));
	sl->job = NULL;

	if (timed_out) {
		say("[FAIL] %s: timed out after %.2fs\n", name, secs);
		tally.failed++;
	} else if (WIFSIGNALED(status)) {
		say("[CRASH] %s: killed by signal %d (%s) (%.2fs)\n", name, WTERMSIG(status),
		    strsignal(WTERMSIG(status)), secs);
		tally.crashed++;
	} else if (any_fail || last == 'F') {
		say("[FAIL] %s (%.2fs)\n", name, secs);
		tally.failed++;
	} else if (last != 'P' && last != 'S') {
		say("[CRASH] %s: exited with status %d before the end of the test (%.2fs)\n", name,
		    WEXITSTATUS(status), secs);
		tally.crashed++;
	} else if (WEXITSTATUS(status) != 0) {
		say("[FAIL] %s: ran to its end, then exited with status %d (86: a sanitizer report) "
		    "(%.2fs)\n", name, WEXITSTATUS(status), secs);
		tally.failed++;
	} else if (last == 'S') {
		tally.skipped++;
	} else {
		if (verbose)
			say("[PASS] %s (%.2fs)\n", name, secs);
		tally.passed++;
	}
}

/* A signal stops the run: kill every running test's group, reap them, say so. */
static int stop_all(struct slot *slots, int jobs, int sig)
{
	sigset_t one;
	int stopped = 0;

	for (int k = 0; k < jobs; k++) {
		if (!slots[k].job)
			continue;
		if (kill(-slots[k].pid, SIGKILL) != 0 && kill(slots[k].pid, SIGKILL) != 0)
			perror("run_tests: kill");
		while (waitpid(slots[k].pid, NULL, 0) < 0 && errno == EINTR)
			;
		stopped++;
	}
	say("[====] %s: stopped %d running test%s; the run is incomplete\n", strsignal(sig), stopped,
	    stopped == 1 ? "" : "s");
	/* Die of it (it is blocked here: raised, then unblocked), so that a shell loop running us
	 * stops too. */
	sigemptyset(&one);
	sigaddset(&one, sig);
	signal(sig, SIG_DFL);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	return 128 + sig;
}

static int by_name(const void *a, const void *b)
{
	const struct shim_test *x = *(const struct shim_test *const *)a;
	const struct shim_test *y = *(const struct shim_test *const *)b;
	int c = strcmp(x->suite, y->suite);

	return c ? c : strcmp(x->name, y->name);
}

/* Every selected test, each parameter apart, sorted by suite and name as Criterion does. */
static struct job *make_jobs(const char *filter, double scale, size_t *njobs)
{
	size_t ntests = 0, n = 0, cap = 0, k = 0;
	struct shim_test **sorted;
	struct job *jobs = NULL;

	for (struct shim_test *t = all_tests; t; t = t->next)
		ntests++;
	sorted = calloc(ntests ? ntests : 1, sizeof *sorted);
	if (!sorted) {
		perror("run_tests: calloc");
		exit(2);
	}
	for (struct shim_test *t = all_tests; t; t = t->next)
		sorted[k++] = t;
	qsort(sorted, ntests, sizeof *sorted, by_name);
	for (k = 0; k < ntests; k++) {
		struct shim_test *t = sorted[k];
		const struct shim_suite *s = suite_of(t);
		struct criterion_test_params p = { 0, NULL, 1 };
		char full[256];
		double timeout = t->data.timeout > 0 ? t->data.timeout : s ? s->data.timeout : 0;

		snprintf(full, sizeof full, "%s/%s", t->suite, t->name);
		if (filter && fnmatch(filter, full, 0) != 0)
			continue;
		if (t->params)
			p = t->params();
		for (size_t i = 0; i < p.length; i++) {
			if (n == cap) {
				struct job *more = realloc(jobs, (cap = cap ? 2 * cap : 256) * sizeof *jobs);

				if (!more) {
					perror("run_tests: realloc");
					exit(2);
				}
				jobs = more;
			}
			jobs[n++] = (struct job){ t, t->params ? (char *)p.params + i * p.size : NULL, i,
						  timeout * scale };
		}
	}
	free(sorted);
	*njobs = n;
	return jobs;
}

static void usage(void)
{
	fprintf(stderr, "usage: run_tests [-j N] [--filter 'suite/name glob'] [--verbose] [--list]\n"
		"  (the Criterion stand-in of `make tsan`; PARBENCH_TIMEOUT_SCALE scales .timeout)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *filter = NULL, *scale_env = getenv("PARBENCH_TIMEOUT_SCALE");
	long nproc = sysconf(_SC_NPROCESSORS_ONLN);
	int jobs = nproc > 0 ? (int)nproc : 1, list = 0, running = 0;
	double scale = 1;
	size_t njobs, next = 0, done = 0;
	struct job *all;
	struct slot *slots;
	sigset_t chld, old;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--verbose"))
			verbose = 1;
		else if (!strcmp(a, "--list"))
			list = 1;
		else if (!strncmp(a, "--filter=", 9))
			filter = a + 9;
		else if (!strcmp(a, "--filter") && i + 1 < argc)
			filter = argv[++i];
		else if (!strncmp(a, "--jobs=", 7) || (!strncmp(a, "-j", 2) && a[2]))
			jobs = atoi(strchr(a, '=') ? strchr(a, '=') + 1 : a + 2);
		else if ((!strcmp(a, "-j") || !strcmp(a, "--jobs")) && i + 1 < argc)
			jobs = atoi(argv[++i]);
		else
			usage();
	}
	if (jobs < 1 || jobs > 64)
		usage();
	if (scale_env) {
		char *end;

		scale = strtod(scale_env, &end);
		if (*end || !(scale > 0) || !isfinite(scale)) {
			fprintf(stderr, "run_tests: PARBENCH_TIMEOUT_SCALE: expected a positive number, "
				"got '%s'\n", scale_env);
			return 2;
		}
	}
	all = make_jobs(filter, scale, &njobs);
	if (list) {
		for (size_t k = 0; k < njobs; k++) {
			char name[256];

			test_name(all[k].t, all[k].index, name, sizeof name);
			printf("%s\n", name);
		}
		free(all);
		return 0;
	}
	slots = calloc(jobs, sizeof *slots);
	if (!slots) {
		perror("run_tests: calloc");
		return 2;
	}
	/* SIGCHLD stays blocked here, so sigtimedwait can wait for it; each test unblocks it. So do
	 * the signals that stop a run: then the running tests go first (stop_all). */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigaddset(&chld, SIGINT);
	sigaddset(&chld, SIGTERM);
	sigaddset(&chld, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &chld, &old) != 0) {
		perror("run_tests: sigprocmask");
		return 2;
	}
	while (done < njobs) {
		double t = now(), wait = 0.1;
		struct timespec ts;

		for (int k = 0; k < jobs && next < njobs; k++) {
			if (slots[k].job)
				continue;
			if (start(&slots[k], &all[next++], &old) == 0) {
				running++;
			} else {
				tally.crashed++;
				done++;
			}
		}
		for (int k = 0; k < jobs; k++)
			if (slots[k].job && slots[k].deadline && slots[k].deadline - t < wait)
				wait = slots[k].deadline - t;
		if (wait > 0 && running) {
			ts.tv_sec = (time_t)wait;
			ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
			int sig = sigtimedwait(&chld, NULL, &ts);

			if (sig < 0 && errno != EAGAIN && errno != EINTR) {
				perror("run_tests: sigtimedwait");
				return 2;
			}
			if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
				return stop_all(slots, jobs, sig);
		}
		for (int k = 0; k < jobs; k++) {
			struct slot *sl = &slots[k];
			int status = 0, timed_out = 0;
			pid_t r;

			if (!sl->job)
				continue;
			while ((r = waitpid(sl->pid, &status, WNOHANG)) < 0 && errno == EINTR)
				;
			if (r == 0 && sl->deadline && now() >= sl->deadline) {
				timed_out = 1;
				if (kill(-sl->pid, SIGKILL) != 0 && kill(sl->pid, SIGKILL) != 0)
					perror("run_tests: kill");
				while ((r = waitpid(sl->pid, &status, 0)) < 0 && errno == EINTR)
					;
			}
			if (r < 0) {
				perror("run_tests: waitpid");
				return 2;
			}
			if (r == 0)
				continue;
			finish(sl, status, timed_out);
			running--;
			done++;
		}
	}
	say("[====] Synthesis: Tested: %d | Passing: %d | Failing: %d | Crashing: %d | Skipped: %d\n",
	    tally.passed + tally.failed + tally.crashed, tally.passed, tally.failed, tally.crashed,
	    tally.skipped);
	free(slots);
	free(all);
	return tally.failed || tally.crashed ? 1 : 0;
}
