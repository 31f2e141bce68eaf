/* selfcheck.c: proves the shim fails what must fail. `make tsan` builds this with the shim and
 * ThreadSanitizer and checks its output: 3 tests pass, 1 is skipped, and each of the others fails
 * or crashes, the way its name says. If the shim ever passed a broken test, this would show it. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <unistd.h>

Test(selfcheck, passes, .timeout = 10)
{
	cr_assert(1 + 1 == 2);
	cr_expect_str_eq("a", "a");
}

Test(selfcheck, assert_fails, .timeout = 10)
{
	cr_assert(1 + 1 == 3, "one and one");
	cr_expect(0, "NOT REACHED: a failed cr_assert must end the test");
}

Test(selfcheck, expect_fails, .timeout = 10)
{
	cr_expect_eq(2, 3);
}

Test(selfcheck, str_differs, .timeout = 10)
{
	cr_expect_str_eq("a", "b");
}

Test(selfcheck, float_differs, .timeout = 10)
{
	cr_expect_float_eq(1.0, 1.1, 0.01);
}

Test(selfcheck, times_out, .timeout = 1)
{
	sleep(30);
}

Test(selfcheck, crashes, .timeout = 10)
{
	raise(SIGKILL);
}

static int shared;

static void *racer(void *arg)
{
	(void)arg;
	shared++;
	return NULL;
}

/* No check fails here: only ThreadSanitizer's exit status can fail it. */
Test(selfcheck, races, .timeout = 10)
{
	pthread_t t;

	cr_assert_eq(pthread_create(&t, NULL, racer, NULL), 0);
	shared++;
	cr_assert_eq(pthread_join(t, NULL), 0);
}

static void *expect_off_thread(void *arg)
{
	(void)arg;
	cr_expect(0, "a failed check on another thread");
	return NULL;
}

Test(selfcheck, fails_on_other_thread, .timeout = 10)
{
	pthread_t t;

	cr_assert_eq(pthread_create(&t, NULL, expect_off_thread, NULL), 0);
	cr_assert_eq(pthread_join(t, NULL), 0);
}

Test(selfcheck, fails_in_forked_child, .timeout = 10)
{
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		cr_expect(0, "a failed check in a child process");
		_exit(0);
	}
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
}

static void say_fini(void)
{
	fprintf(stderr, "FINI RAN\n");
}

TestSuite(withfini, .fini = say_fini);

Test(withfini, fini_runs_after_failure, .timeout = 10)
{
	cr_assert_fail("fails, and .fini still runs");
}

Test(selfcheck, skips, .timeout = 10)
{
	cr_skip_test("skipped on purpose");
}

static int params[] = { 1, 2, 3 };

ParameterizedTestParameters(selfcheck, one_param_fails)
{
	return cr_make_param_array(int, params, 3);
}

ParameterizedTest(int *p, selfcheck, one_param_fails, .timeout = 10)
{
	cr_expect_neq(*p, 2);
}
