/* inproc.h: checks shared by the tests that run a driver inside the test process (test_procpool,
 * test_faults): what it said on stderr, and that it left no child behind. */
#ifndef PARBENCH_TEST_INPROC_H
#define PARBENCH_TEST_INPROC_H

/* What this process wrote on stderr so far, once cr_redirect_stderr() is in force. */
const char *inproc_stderr(void);
/* Fails the test unless waitpid(-1) says ECHILD: no child running, no zombie. */
void inproc_assert_no_children(const char *when);

#endif
