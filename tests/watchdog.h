/* watchdog.h: a time limit on every test process that holds even when the test framework's
 * own does not, and a guardian that ends whatever a test started when the test ends.
 *
 * Criterion's .timeout is a signal its runner sends; a test that ignores it, or a runner that
 * misses the deadline (Snaipe/Criterion#279, #345), lets a broken test run for ever. So every
 * test process of tests/ and of the exercises arms its own limit, at its .timeout plus
 * WATCHDOG_MARGIN_S: a thread that sleeps until then, says which test overran and what is the
 * likely cause, and kills the test's process group. Tests do not call watchdog_start: the glue
 * in watchdog.c does it in every Criterion worker (whose programs are linked with
 * -Wl,--wrap=criterion_internal_test_setup, to learn each test's name as it starts), and
 * tests/tsan/shim.c in make tsan. */
#ifndef PARBENCH_TEST_WATCHDOG_H
#define PARBENCH_TEST_WATCHDOG_H

#define WATCHDOG_MARGIN_S 5.0	/* after .timeout, so that the framework's limit fires first */
#define WATCHDOG_DEFAULT_S 60.0	/* the limit of a test without a .timeout */

/* Arm the limit of this process (name: "suite::test"; timeout_s: its .timeout, 0 for none) and
 * start its guardian. Returns 0, or -1 after saying why on stderr. */
int watchdog_start(const char *name, double timeout_s);

/* The likely cause of this test's overrun, in words for whoever reads the failure, such as
 * "the children are blocked on the mutex: is it PTHREAD_PROCESS_SHARED?". Without one, the
 * watchdog says whether the test was spinning or asleep. why must outlive the test (a literal). */
void watchdog_hint(const char *why);

#endif
