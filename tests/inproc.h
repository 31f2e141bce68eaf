/* inproc.h: checks shared by the tests that run a driver inside the test process, or a program
 * whose every process they want to see end (test_procpool, test_faults, test_io, test_graders,
 * test_watchdog): what it said on stderr, and that it left no child behind. */
#ifndef PARBENCH_TEST_INPROC_H
#define PARBENCH_TEST_INPROC_H

/* What this process wrote on stderr so far, once cr_redirect_stderr() is in force. */
const char *inproc_stderr(void);
/* A test's .init: this process becomes a subreaper, so the orphans of what it runs are
 * re-parented to it, where inproc_assert_no_children (or run_program_reaping) sees them. */
void inproc_become_subreaper(void);
/* Fails the test unless waitpid(-1) says ECHILD: no child running, no zombie. */
void inproc_assert_no_children(const char *when);
/* For a worker of the driver under test: die of sig (SIGKILL, SIGSEGV) as a crash would, by the
 * default action even where a sanitizer's handler would turn the crash into an exit. */
void inproc_die_of(int sig);

#endif
