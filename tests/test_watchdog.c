/* test_watchdog.c: the limits that keep a broken test from hanging a run. Planted tests
 * (tests/tools/hangs.c) that spin, sleep, ignore Criterion's timeout or leave a child are each
 * reported with what they were doing, and nothing they started outlives them; guard, which
 * runs every test program, ends what its command leaves, on its limit and on a signal. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/clock.h"
#include "inproc.h"
#include "run.h"

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define HANGS "build/tools/hangs"	/* make test builds both, for every build */
#define GUARD "build/tools/guard"

/* Orphans of the program we run are re-parented to us, so we can see how they ended. */
static void become_subreaper(void)
{
	inproc_become_subreaper();
	cr_assert_eq(access(HANGS, X_OK), 0, HANGS " is missing: make test builds it");
}

/* The pid a planted test printed as "child <pid>", or 0. */
static pid_t planted_child(const struct ran *r)
{
	const char *line = strstr(r->out, "child ");

	return line ? (pid_t)atol(line + 6) : 0;
}

struct hang_case {
	char test[32];		/* in tests/tools/hangs.c */
	int passes;		/* the planted test passes (but leaves a child) */
	char want[96];		/* in the watchdog's message, after "[WATCHDOG] hang::<test>: " */
	char why[64];		/* and this too */
};

static struct hang_case hang_cases[] = {
	{ "spins", 0, "still running", "s after it started, 5 s past its .timeout of 1 s" },
	{ "spins", 0, "still running", "it was spinning" },
	{ "sleeps", 0, "still running", "it was asleep" },
	{ "sleeps_with_a_hint", 0, "still running", "planted: the hint names the likely cause" },
	{ "times_out_with_a_hint", 0, "timed out: planted: the hint names the likely cause",
	  "left 1 process of its own running" },
	{ "leaves_a_child", 1, "its process ended and left 1 process of its own running",
	  "killed them" },
};

ParameterizedTestParameters(watchdog, reports_a_planted_hang_and_ends_what_it_started)
{
	return cr_make_param_array(struct hang_case, hang_cases, NELEMS(hang_cases));
}

/* Without the watchdog the planted test would run for ever, and this one time out. */
ParameterizedTest(struct hang_case *c, watchdog, reports_a_planted_hang_and_ends_what_it_started,
		  .init = become_subreaper, .timeout = 40)
{
	char filter[64], want[160];
	const char *argv[] = { filter, NULL };
	struct ran r;
	pid_t child;

	snprintf(filter, sizeof filter, "--filter=hang/%s", c->test);
	snprintf(want, sizeof want, "[WATCHDOG] hang::%s: %s", c->test, c->want);
	cr_assert_eq(run_program_reaping(&r, HANGS, argv), 0, "could not run " HANGS);
	child = planted_child(&r);
	cr_expect(strstr(r.err, want), "want '%s' in its stderr:\n%s", want, r.err);
	cr_expect(strstr(r.err, c->why), "want '%s' in its stderr:\n%s", c->why, r.err);
	cr_expect_eq(r.exited && r.code == 0, c->passes, "hang/%s: exit %d (exited: %d); stderr:\n%s",
		     c->test, r.code, r.exited, r.err);
	if (strcmp(c->test, "sleeps_with_a_hint") != 0) {
		cr_assert_gt(child, 0, "the planted test printed no child; stdout:\n%s", r.out);
		cr_expect(kill(child, 0) != 0 && errno == ESRCH, "its child %d is still there",
			  (int)child);
	}
}

/* ---- guard ---- */

static int gone(pid_t pid)
{
	return kill(pid, 0) != 0 && errno == ESRCH;
}

/* guard -- sh -c script, run to its end. */
static void guard_sh(struct ran *r, const char *script)
{
	const char *argv[] = { "--", "sh", "-c", script, NULL };

	cr_assert_eq(run_program(r, GUARD, argv), 0, "could not run " GUARD);
}

/* guard -- sh -c script, which ends by itself with nothing left running: guard passes its exit
 * status, code, on and says nothing. */
static void expect_quiet_exit(const char *script, int code)
{
	struct ran r;

	guard_sh(&r, script);
	cr_expect(r.exited && r.code == code, "sh -c '%s': exit %d, want %d", script, r.code, code);
	cr_expect_str_empty(r.err, "sh -c '%s': stderr: %s", script, r.err);
}

Test(guard, kills_and_names_what_its_command_left, .timeout = 30)
{
	struct ran r;
	pid_t left;

	guard_sh(&r, "sleep 1000 & echo $!");
	left = (pid_t)atol(r.out);
	cr_assert_gt(left, 0, "sh printed no pid: %s", r.out);
	cr_expect(r.exited && r.code == 1, "a command that left a process: exit 1, got %d", r.code);
	cr_expect(strstr(r.err, "guard: sh left 1 process running after it ended (sleep["),
		  "stderr: %s", r.err);
	cr_expect(gone(left), "the sleep it left, %d, is still there", (int)left);
}

Test(guard, passes_the_status_on, .timeout = 30)
{
	expect_quiet_exit("exit 3", 3);
}

Test(guard, ends_everything_at_its_limit, .timeout = 30)
{
	const char *argv[] = { "--limit", "1", "--", "sh", "-c", "sleep 1000 & echo $!; sleep 1000",
			       NULL };
	struct ran r;
	pid_t left;

	cr_assert_eq(run_program(&r, GUARD, argv), 0, "could not run " GUARD);
	left = (pid_t)atol(r.out);
	cr_expect(r.exited && r.code == 124, "exit %d, want 124 as timeout(1)", r.code);
	cr_expect(strstr(r.err, "guard: sh still running after 1 s: killing it"), "stderr: %s", r.err);
	cr_expect(left > 0 && gone(left), "the sleep %d is still there", (int)left);
}

/* Until the program has written a line to its stdout (its temporary file). */
static void wait_for_line(const struct running *run, char *buf, size_t len)
{
	ssize_t n = 0;

	while (!memchr(buf, '\n', n > 0 ? (size_t)n : 0)) {
		n = pread(run->out, buf, len - 1, 0);
		cr_assert_geq(n, 0, "pread: %s", strerror(errno));
		buf[n] = '\0';
		clock_nap(0.001);
	}
}

ParameterizedTestParameters(guard, ends_everything_on_a_signal_then_dies_of_it)
{
	static int signals[] = { SIGINT, SIGTERM, SIGHUP };

	return cr_make_param_array(int, signals, NELEMS(signals));
}

ParameterizedTest(int *sig, guard, ends_everything_on_a_signal_then_dies_of_it, .timeout = 30)
{
	const char *argv[] = { "--", "sh", "-c", "sleep 1000 & echo $!; exec sleep 1000", NULL };
	struct running run;
	struct ran r;
	char line[64] = "", want[96];
	pid_t left;

	cr_assert_eq(run_program_start(&run, GUARD, argv), 0, "could not run " GUARD);
	wait_for_line(&run, line, sizeof line);
	left = (pid_t)atol(line);
	cr_assert_eq(kill(run.pid, *sig), 0, "kill: %s", strerror(errno));
	cr_assert_eq(run_bench_finish(&run, &r), 0);
	cr_expect(!r.exited && r.code == *sig, "want death by signal %d, got %s %d", *sig,
		  r.exited ? "exit" : "signal", r.code);
	snprintf(want, sizeof want, "guard: %s: stopping sh", strsignal(*sig));
	cr_expect(strstr(r.err, want), "want '%s'; stderr: %s", want, r.err);
	cr_expect(left > 0 && gone(left), "the sleep %d is still there", (int)left);
}

/* What a command leaves that ends by itself within the grace is not a stray. */
Test(guard, waits_for_a_process_that_ends_by_itself, .timeout = 30)
{
	expect_quiet_exit("(sleep 0.5) & exit 0", 0);
}

Test(guard, gives_128_and_the_signal_of_a_command_killed_by_one, .timeout = 30)
{
	struct ran r;

	guard_sh(&r, "kill -TERM $$");
	cr_expect(r.exited && r.code == 128 + SIGTERM, "exit %d, want %d", r.code, 128 + SIGTERM);
}

Test(guard, says_how_to_use_it, .timeout = 30)
{
	const char *none[] = { NULL }, *bad[] = { "--limit", "soon", "--", "true", NULL };
	struct ran r;

	cr_assert_eq(run_program(&r, GUARD, none), 0);
	cr_expect(r.exited && r.code == 2, "no command: exit %d", r.code);
	cr_expect_str_eq(r.err, "usage: guard [--limit SECONDS] -- COMMAND [ARG...]\n");
	cr_assert_eq(run_program(&r, GUARD, bad), 0);
	cr_expect(r.exited && r.code == 2, "--limit soon: exit %d", r.code);
	cr_expect_str_eq(r.err, "guard: --limit: expected a positive number of seconds, got 'soon'\n");
}
