/* hangs.c: planted tests that misbehave, for tests/test_watchdog.c to run one at a time (with
 * --filter). Each must be reported by the watchdog, and nothing it started may outlive it. The
 * limits are small so that the proof is quick: .timeout 1 s, so the watchdog fires at 6 s. */
#include <criterion/criterion.h>

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "../watchdog.h"

/* The case Criterion cannot handle: its .timeout is a SIGPROF, and this test ignores it. */
static void ignore_sigprof(void)
{
	signal(SIGPROF, SIG_IGN);
}

/* A child in the test's group that would wait for ever; its pid on stdout, for the checker. */
static void fork_forever_child(void)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		for (;;)
			pause();
	cr_assert_gt(pid, 0, "fork");
	printf("child %d\n", (int)pid);
	fflush(stdout);
}

static void sleep_forever(void)
{
	for (;;)
		pause();
}

Test(hang, spins, .init = ignore_sigprof, .timeout = 1)
{
	fork_forever_child();
	for (volatile unsigned long i = 0;; i++)
		;
}

Test(hang, sleeps, .init = ignore_sigprof, .timeout = 1)
{
	fork_forever_child();
	sleep_forever();
}

Test(hang, sleeps_with_a_hint, .init = ignore_sigprof, .timeout = 1)
{
	watchdog_hint("planted: the hint names the likely cause");
	sleep_forever();
}

/* Criterion's own .timeout works here; the watchdog only adds the hint. */
Test(hang, times_out_with_a_hint, .timeout = 1)
{
	watchdog_hint("planted: the hint names the likely cause");
	fork_forever_child();
	sleep_forever();
}

/* Passes, but leaves a child behind: the guardian must end it. */
Test(hang, leaves_a_child, .timeout = 10)
{
	fork_forever_child();
}
