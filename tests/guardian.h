/* guardian.h: a process that waits for a test's process to end, however it ends (a pass, a
 * failure, a crash, a timeout, the watchdog), and then ends whatever the test left running in
 * its process group and its session, saying what. The watchdog (watchdog.c) starts one for
 * every test process. */
#ifndef PARBENCH_TEST_GUARDIAN_H
#define PARBENCH_TEST_GUARDIAN_H

/* Start the guardian of the calling process, which leads its process group (and, in a
 * Criterion worker or under make tsan's stand-in, its session). name: the test's, or "" when it
 * is not known yet; report_fd: where the guardian speaks. Returns a descriptor on which to send
 * the name later (guardian_name), or -1 after saying why on report_fd. */
int guardian_start(const char *name, int report_fd);

/* Say it on fd in one write, so that tests running side by side do not mix their lines (the
 * watchdog speaks through it too). */
void guardian_say(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Tell the guardian behind fd the test's name, for its message. */
void guardian_name(int fd, const char *name, int report_fd);

#endif
