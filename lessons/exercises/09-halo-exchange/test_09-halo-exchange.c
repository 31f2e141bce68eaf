/* test_09-halo-exchange.c: runs the exercise's program under mpirun on 1 to 4 ranks, each run
 * with a time limit, and sorts it into: finished with serial's answer, finished with another
 * answer, failed, or did not finish (a deadlock). With MPI_Sendrecv the rod must equal a serial
 * computation bit for bit at every np; the given MPI_Ssend-first order must be right on one rank
 * and deadlock on two or more. Built without MPI (it only starts mpirun); skipped, saying why,
 * when Open MPI is not installed. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "09-halo-exchange.h"

#ifndef LESSON_PROGRAM		/* the Makefile names the program it built with mpicc */
#define LESSON_PROGRAM "build/lessons/09/starter_prog"
#endif

/* How long a run may take before it counts as a deadlock. A right run takes well under a second
 * here, so a run that must finish gets 10 s, room for a busy machine; a run that must deadlock
 * gets 3 s, since a wrong one that does not deadlock ends even sooner (and a stuck rank spins). */
#define FINISH_LIMIT_S 10
#define DEADLOCK_LIMIT_S 3
#define GRACE_S 5		/* after SIGTERM, mpirun's time to end its ranks, before SIGKILL */
#define OUT_MAX 65536

enum verdict { RIGHT, WRONG, FAILED, DEADLOCK };

struct run {
	enum verdict verdict;
	char report[1024];	/* what happened, in words, for the test's message */
};

/* What to look at when an order deadlocks. */
static const char *deadlock_hint(const char *order)
{
	if (!strcmp(order, "ssend-first"))
		return "every rank is in MPI_Ssend waiting for a receive nobody posted: pair the "
		       "send with the receive, MPI_Sendrecv";
	return "a rank waits for a message that never comes: the rank each MPI_Sendrecv "
	       "receives from must be sending to it in its own call, the same way and with the "
	       "same tag";
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Is mpirun in PATH? */
static int mpirun_found(void)
{
	const char *path = getenv("PATH");
	char dir[4096];

	while (path && *path) {
		size_t len = strcspn(path, ":");

		snprintf(dir, sizeof dir, "%.*s/mpirun", (int)len, path);
		if (len > 0 && access(dir, X_OK) == 0)
			return 1;
		path += len + (path[len] == ':');
	}
	return 0;
}

/* Criterion only lists a skipped test's reason with --verbose: say it as a warning too. */
static void skip_unless_ready(void)
{
	static const char no_mpirun[] = "skipped: Open MPI is not installed (no mpirun in PATH): "
		"install libopenmpi-dev and openmpi-bin (make deps does it as root)";
	static const char no_program[] = "skipped: " LESSON_PROGRAM " is not built: the Makefile "
		"builds it with mpicc, which is missing (install libopenmpi-dev)";
	const char *why = !mpirun_found() ? no_mpirun
			: access(LESSON_PROGRAM, X_OK) != 0 ? no_program : NULL;

	if (why) {
		cr_log_warn("%s", why);
		cr_skip_test("%s", why);
	}
}

/* Fork mpirun -np np PROGRAM args, in a session of its own, so that mpirun, its ranks and
 * whatever they start can be found and ended together; output goes to out and err. */
static pid_t mpirun_start(int np, const char *const args[], FILE *out, FILE *err)
{
	char ranks[16];
	const char *argv[40];
	/* shared memory only; and a stuck rank spins, so let it yield to others */
	const char *mca[] = { "pml", "ob1", "btl", "self,vader", "mpi_yield_when_idle", "1" };
	int n = 0;
	pid_t pid;

	snprintf(ranks, sizeof ranks, "%d", np);
	argv[n++] = "mpirun";
	if (geteuid() == 0)
		argv[n++] = "--allow-run-as-root";
	argv[n++] = "--oversubscribe";	/* 3 or 4 ranks on a 2-core machine */
	for (int k = 0; k < 6; k += 2) {
		argv[n++] = "--mca";
		argv[n++] = mca[k];
		argv[n++] = mca[k + 1];
	}
	argv[n++] = "--bind-to";
	argv[n++] = "none";
	argv[n++] = "-np";
	argv[n++] = ranks;
	argv[n++] = LESSON_PROGRAM;
	for (int k = 0; args[k] && n < 39; k++)
		argv[n++] = args[k];
	argv[n] = NULL;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		/* mpirun forwards stdin to rank 0: give it nothing to read */
		if (setsid() < 0 || null < 0 || dup2(null, 0) < 0 || dup2(fileno(out), 1) < 0 ||
		    dup2(fileno(err), 2) < 0)
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "exec mpirun: %s\n", strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Wait for pid until deadline (a now_s() time). Returns 1 once reaped, with its status, 0 if it
 * is still running, -1 if waitpid fails. */
static int wait_until(pid_t pid, double deadline, int *status)
{
	for (;;) {
		pid_t got = waitpid(pid, status, WNOHANG);

		if (got == pid)
			return 1;
		if (got < 0 && errno != EINTR)
			return -1;
		if (now_s() >= deadline)
			return 0;
		nap_ms(10);
	}
}

/* End a stuck run. SIGTERM to mpirun's process group: mpirun then kills its ranks (each of
 * them is in a process group of its own) and exits. Whatever is left gets SIGKILL. Then reap. */
static void mpirun_stop(pid_t pid)
{
	int status;

	kill(-pid, SIGTERM);
	if (wait_until(pid, now_s() + GRACE_S, &status) != 0)
		return;
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

/* Send sig (0: none) to every live process of session sid, and count them. */
static int session_signal(pid_t sid, int sig)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int alive = 0;

	while (d && (e = readdir(d))) {
		char path[300], line[512], state;
		const char *close_paren;
		int session;
		FILE *f;
		size_t len;

		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		if (e->d_name[0] < '1' || e->d_name[0] > '9' || !(f = fopen(path, "r")))
			continue;
		len = fread(line, 1, sizeof line - 1, f);
		fclose(f);
		line[len] = '\0';
		/* "pid (comm) state ppid pgrp session ...", and comm may hold spaces or ')' */
		close_paren = strrchr(line, ')');
		if (!close_paren ||
		    sscanf(close_paren + 1, " %c %*d %*d %d", &state, &session) != 2)
			continue;
		if (session == sid && state != 'Z') {
			if (sig)
				kill(atoi(e->d_name), sig);
			alive++;
		}
	}
	if (d)
		closedir(d);
	return alive;
}

/* mpirun may exit before its ranks are gone: it signals them and does not wait. The test is
 * their subreaper, so they become its children and it reaps them here. Whatever is still alive
 * a second later was left behind: it is killed, reaped, and counted. */
static int session_end(pid_t sid)
{
	int left = 0;

	for (int k = 0; k < 200; k++) {
		int alive = session_signal(sid, 0);

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (alive == 0)
			break;
		if (k == 100)
			left = session_signal(sid, SIGKILL);
		nap_ms(10);
	}
	return left;
}

static void file_read(FILE *f, char *buf, size_t len)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* The rod after steps steps, done serially, cells 0..cells-1 into rod. */
static void serial_rod(int cells, int steps, double *rod)
{
	double *u = calloc(cells + 2, sizeof *u), *v = calloc(cells + 2, sizeof *v), *t;

	cr_assert(u && v, "out of memory");
	u[0] = v[0] = ROD_LEFT_END;
	u[cells + 1] = v[cells + 1] = ROD_RIGHT_END;
	for (int i = 1; i <= cells; i++)
		u[i] = rod_cell_at_start(i - 1);
	for (int k = 0; k < steps; k++) {
		for (int i = 1; i <= cells; i++)
			v[i] = rod_cell_next(u[i - 1], u[i], u[i + 1]);
		t = u;
		u = v;
		v = t;
	}
	memcpy(rod, u + 1, cells * sizeof *rod);
	free(u);
	free(v);
}

/* Which rank owns cell i, and where in its block: for the report. */
static const char *cell_owner(int cells, int np, int i, int *owner)
{
	int first = 0, count = 0;

	for (*owner = 0; *owner < np; ++*owner) {
		rod_block(cells, *owner, np, &first, &count);
		if (i < first + count)
			break;
	}
	return i == first && i == first + count - 1 ? "only cell"
	     : i == first ? "first cell"
	     : i == first + count - 1 ? "last cell" : "inner cell";
}

/* Compare the program's lines "i value rounded" with serial's rod, bit for bit. Returns RIGHT,
 * or WRONG with what differs in why. */
static enum verdict rod_compare(const char *out, int cells, int steps, int np, char *why,
				size_t len)
{
	double *want = malloc(cells * sizeof *want);
	int wrong = 0, first_wrong = -1, lines = 0, owner;
	double first_got = 0;
	const char *where;

	cr_assert(want, "out of memory");
	serial_rod(cells, steps, want);
	for (const char *p = out; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
		int i;
		double got;

		if (sscanf(p, "%d %la", &i, &got) != 2 || i != lines || i >= cells) {
			snprintf(why, len, "line %d is not \"%d <value> ...\": %.60s", lines + 1,
				 lines, p);
			free(want);
			return WRONG;
		}
		/* the very bits: == would take -0.0 for 0.0 */
		if (memcmp(&got, &want[i], sizeof got) != 0 && wrong++ == 0) {
			first_wrong = i;
			first_got = got;
		}
		lines++;
	}
	if (lines != cells)
		snprintf(why, len, "%d cells printed, want %d", lines, cells);
	else if (wrong) {
		where = cell_owner(cells, np, first_wrong, &owner);
		snprintf(why, len, "%d of %d cells differ from serial's; the first is cell %d "
			 "(rank %d's %s): %.17g, serial's %.17g. A halo that is wrong or never "
			 "filled (nan) shows first at the edge of a block: try --steps 1", wrong,
			 cells, first_wrong, owner, where, first_got, want[first_wrong]);
	}
	free(want);
	return lines == cells && !wrong ? RIGHT : WRONG;
}

/* Run the program on np ranks with --order order --cells cells --steps steps, for at most
 * limit_s seconds, and say how it ended. */
static void halo_run(struct run *r, int np, const char *order, int cells, int steps, int limit_s)
{
	static char out[OUT_MAX], err[OUT_MAX], what[160], why[600];
	char cells_s[16], steps_s[16];
	const char *args[] = { "--order", order, "--cells", cells_s, "--steps", steps_s, NULL };
	FILE *out_f = tmpfile(), *err_f = tmpfile();
	double t0 = now_s();
	int status, finished, strays;
	pid_t pid;

	snprintf(cells_s, sizeof cells_s, "%d", cells);
	snprintf(steps_s, sizeof steps_s, "%d", steps);
	snprintf(what, sizeof what, "np %d --order %s --cells %d --steps %d", np, order, cells,
		 steps);
	cr_assert(out_f && err_f, "tmpfile: %s", strerror(errno));
	cr_assert_eq(prctl(PR_SET_CHILD_SUBREAPER, 1), 0, "prctl: %s", strerror(errno));
	pid = mpirun_start(np, args, out_f, err_f);
	cr_assert(pid > 0, "fork: %s", strerror(errno));
	finished = wait_until(pid, t0 + limit_s, &status);
	cr_assert_geq(finished, 0, "waitpid mpirun: %s", strerror(errno));
	if (!finished)
		mpirun_stop(pid);
	strays = session_end(pid);
	cr_expect_eq(strays, 0, "%s: %d of its processes outlived mpirun by a second (now killed)",
		     what, strays);
	file_read(out_f, out, sizeof out);
	file_read(err_f, err, sizeof err);

	if (!finished) {
		r->verdict = DEADLOCK;
		snprintf(r->report, sizeof r->report, "%s: did not finish in %d s: deadlock: %s",
			 what, limit_s, deadlock_hint(order));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		r->verdict = FAILED;
		/* the program's own message comes first; Open MPI's banners follow it */
		snprintf(r->report, sizeof r->report, "%s: %s %d: %.*s", what,
			 WIFEXITED(status) ? "exited with status" : "killed by signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			 (int)strcspn(err, "\n"), err);
	} else if ((r->verdict = rod_compare(out, cells, steps, np, why, sizeof why)) == WRONG) {
		snprintf(r->report, sizeof r->report, "%s: finished with a wrong answer: %s", what,
			 why);
	} else {
		snprintf(r->report, sizeof r->report, "%s: finished with serial's answer in %.2f s",
			 what, now_s() - t0);
	}
}

struct case_halo {
	int np, cells, steps;
};

static struct case_halo sendrecv_cases[] = {
	{ 1, ROD_CELLS, ROD_STEPS },	/* no neighbours: both halos are the rod's ends */
	{ 2, ROD_CELLS, ROD_STEPS },
	{ 3, ROD_CELLS, ROD_STEPS },	/* blocks of 16, 17 and 17 cells */
	{ 4, ROD_CELLS, ROD_STEPS },
	{ 4, 7, 30 },			/* rank 0's block is one cell, first and last */
	{ 3, 12, 1 },			/* one step: only cells beside a halo can be wrong */
};

ParameterizedTestParameters(halo, sendrecv_equals_serial)
{
	return cr_make_param_array(struct case_halo, sendrecv_cases,
				   sizeof sendrecv_cases / sizeof sendrecv_cases[0]);
}

ParameterizedTest(struct case_halo *c, halo, sendrecv_equals_serial, .timeout = 60)
{
	struct run r;

	skip_unless_ready();
	halo_run(&r, c->np, "sendrecv", c->cells, c->steps, FINISH_LIMIT_S);
	cr_assert_eq(r.verdict, RIGHT, "%s", r.report);
}

/* With one rank both neighbours are MPI_PROC_NULL: an Ssend to nobody returns at once. */
Test(halo, ssend_first_is_right_on_one_rank, .timeout = 60)
{
	struct run r;

	skip_unless_ready();
	halo_run(&r, 1, "ssend-first", ROD_CELLS, ROD_STEPS, FINISH_LIMIT_S);
	cr_assert_eq(r.verdict, RIGHT, "%s", r.report);
}

static int deadlock_nps[] = { 2, 3, 4 };

ParameterizedTestParameters(halo, ssend_first_deadlocks)
{
	return cr_make_param_array(int, deadlock_nps, sizeof deadlock_nps / sizeof deadlock_nps[0]);
}

/* From two ranks on, every rank starts with an Ssend to a neighbour that is itself sending. */
ParameterizedTest(int *np, halo, ssend_first_deadlocks, .timeout = 60)
{
	struct run r;

	skip_unless_ready();
	halo_run(&r, *np, "ssend-first", ROD_CELLS, ROD_STEPS, DEADLOCK_LIMIT_S);
	cr_assert_eq(r.verdict, DEADLOCK, "on %d ranks Ssend-first must deadlock (every rank "
		     "sends to a neighbour that is sending too); instead %s", *np, r.report);
	cr_assert(strstr(r.report, "MPI_Ssend") && strstr(r.report, "MPI_Sendrecv"),
		  "the deadlock's report gives no hint: %s", r.report);
	cr_log_info("as expected, %s", r.report);
}
