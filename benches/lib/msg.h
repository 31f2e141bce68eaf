/* msg.h: one way to speak on stderr. Every message starts with the program's name. */
#ifndef PARBENCH_MSG_H
#define PARBENCH_MSG_H

#define EXIT_USAGE 2	/* bad command line */
#define EXIT_RUNTIME 1	/* a system call failed, a worker died */

void msg_set_prog(const char *argv0);
/* Under MPI: messages of ranks above 0 say their rank, and only rank 0 reports bad usage. */
void msg_set_rank(int rank);
const char *msg_prog(void);
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_errno(const char *call);	/* "prog: call: strerror(errno)" */
void msg_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
const char *msg_status(int status, char *buf, int len);	/* waitpid status in words */

#endif
