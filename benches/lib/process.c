/* process.c: forking, reaping and the open-file limit, one way for every part that forks (the
 * forked and procpool variants, the net bench's server, the runner, the tests' bench runs). */
#include "process.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "msg.h"

pid_t process_fork(int pair[2])
{
	pid_t pid = fork();

	if (pid < 0) {
		msg_errno("fork");
		close(pair[0]);
		close(pair[1]);
	}
	return pid;
}

int process_reap(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

int process_pidfd(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

uint64_t process_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		msg_errno("getrlimit RLIMIT_NOFILE");
		return 0;
	}
	if (rl.rlim_cur != rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
			msg_errno("setrlimit RLIMIT_NOFILE");
			return 0;
		}
	}
	return rl.rlim_cur == RLIM_INFINITY ? UINT64_MAX : (uint64_t)rl.rlim_cur;
}
