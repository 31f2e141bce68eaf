/* test_graders.c: the exercises' tests must fail the wrong answers a student is likely to write.
 * Each wrong answer is kept in tests/planted/NN-what.c, a whole NN-name.c, and make builds it
 * against the exercise's tests as build/lessons/NN/planted-what_tests, the way it builds the
 * starter. Here each of those programs is run with a filter on the test meant to catch it: it
 * must fail, say what is wrong in the words the table wants, and leave no process behind. A
 * hang is cut short with Criterion's --timeout, so the watchdog's hint shows at once. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inproc.h"
#include "run.h"

/* Arrays, not pointers: Criterion copies parameters into each test's own process. */
struct planted {
	char path[64];		/* from the repo root, the tests' working directory */
	char filter[96];	/* Criterion's --filter: the test that must catch it */
	char timeout[8];	/* Criterion's --timeout, a cap on the test's own ("" to keep it) */
	char says[160];		/* what its failure message must contain */
};

static struct planted planted[] = {
	/* a consumer that busy-waits and never looks at closed: it spins for ever */
	{ "build/lessons/04/planted-spin_tests", "bbuf/close_drains_then_ends", "3",
	  "[WATCHDOG] bbuf::close_drains_then_ends: timed out: a call to bbuf_put or bbuf_get never "
	  "returned" },
	/* a mutex in shared memory that is not process-shared: the children block for ever */
	{ "build/lessons/06/planted-private-mutex_tests",
	  "shared_counter/parent_and_children_together", "3",
	  "timed out: the processes are blocked on the mutex. A mutex that processes share must be "
	  "in MAP_SHARED memory" },
	/* one thread per connection, blocking I/O, no epoll */
	{ "build/lessons/07/planted-threads_tests", "echo_loop/serves_every_connection_at_once", "",
	  "it must serve them all from the one thread that called it" },
	/* epoll, but blocking fds and an unchecked send */
	{ "build/lessons/07/planted-blocking_tests",
	  "echo_loop/keeps_serving_while_a_client_is_not_reading", "",
	  "the server blocked in send while a client was not reading: are its sockets non-blocking?" },
	/* non-blocking fds, but what send does not take is dropped */
	{ "build/lessons/07/planted-unchecked_tests",
	  "echo_loop/keeps_serving_while_a_client_is_not_reading", "",
	  "bytes were lost: a short send or EAGAIN was not kept for POLLOUT/EPOLLOUT" },
};

ParameterizedTestParameters(graders, fail_planted_answers)
{
	return cr_make_param_array(struct planted, planted, sizeof planted / sizeof planted[0]);
}

/* It must fail, say why, and leave nothing running: run_program_reaping waits for every
 * process it started, so one left blocked for ever makes this test time out. */
ParameterizedTest(struct planted *p, graders, fail_planted_answers, .init = inproc_become_subreaper,
		  .timeout = 60)
{
	static struct ran r;
	char filter[128], timeout[32];
	const char *argv[] = { filter, timeout, NULL };

	cr_assert_eq(access(p->path, X_OK), 0, "%s is not built: make builds it from tests/planted/",
		     p->path);
	snprintf(filter, sizeof filter, "--filter=%s", p->filter);
	if (*p->timeout)
		snprintf(timeout, sizeof timeout, "--timeout=%s", p->timeout);
	else
		argv[1] = NULL;
	cr_assert_eq(run_program_reaping(&r, p->path, argv), 0, "cannot run %s", p->path);
	cr_assert(r.exited && r.code != 0, "%s %s passed (%s %d): that test cannot fail this wrong "
		  "answer; stderr:\n%s", p->path, filter, r.exited ? "exit" : "signal", r.code, r.err);
	cr_assert(strstr(r.err, p->says), "%s %s failed, but without saying \"%s\"; stderr:\n%s",
		  p->path, filter, p->says, r.err);
}
