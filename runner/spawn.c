/* spawn.c: fork, exec, read stdout and stderr through pipes while watching a pidfd, so that a
 * process that hangs, or that leaves a child holding its pipes open, never hangs the runner. */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/msg.h"

static int pidfd_open_(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Append what is readable on fd to buf; returns 0 at end-of-file, 1 while open. */
static int drain(int fd, char *buf, size_t cap, size_t *len)
{
	char scratch[4096];
	ssize_t n = read(fd, scratch, sizeof scratch);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	if (n == 0)
		return 0;
	if (*len + 1 < cap) {
		size_t take = (size_t)n < cap - 1 - *len ? (size_t)n : cap - 1 - *len;

		memcpy(buf + *len, scratch, take);
		*len += take;
		buf[*len] = '\0';
	}
	return 1;
}

static void child_exec(char *const argv[], const char *cwd, int out, int err,
		       const sigset_t *mask)
{
	if (setpgid(0, 0) != 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
	    sigprocmask(SIG_SETMASK, mask, NULL) != 0)
		_exit(126);
	if (cwd && chdir(cwd) != 0) {
		fprintf(stderr, "%s: %s\n", cwd, strerror(errno));
		_exit(126);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int spawn_run(char *const argv[], const char *cwd, double timeout_s, volatile int *stop,
	      struct spawned *r)
{
	int out[2], err[2], pidfd, status = 0, open_out = 1, open_err = 1, alive = 1;
	size_t out_len = 0, err_len = 0;
	double t0 = clock_now(), deadline = t0 + timeout_s, drain_until = 0;
	sigset_t block, old;
	struct rusage ru;
	pid_t pid;

	memset(r, 0, sizeof *r);
	/* SIGINT and SIGTERM stay blocked except inside ppoll(), so a stop request can never slip
	 * in between checking *stop and going to sleep. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &block, &old) != 0) {
		msg_errno("sigprocmask");
		return -1;
	}
	if (pipe2(out, O_CLOEXEC) != 0) {
		msg_errno("pipe2");
		goto out_mask;
	}
	if (pipe2(err, O_CLOEXEC) != 0) {
		msg_errno("pipe2");
		goto out_close_out;
	}
	pid = fork();
	if (pid < 0) {
		msg_errno("fork");
		goto out_close_err;
	}
	if (pid == 0)
		child_exec(argv, cwd, out[1], err[1], &old);
	setpgid(pid, pid);	/* also here, so a kill right after fork reaches the group */
	close(out[1]);
	close(err[1]);
	pidfd = pidfd_open_(pid);
	if (pidfd < 0) {
		msg_errno("pidfd_open");	/* cannot watch it, so do not run it */
		kill(-pid, SIGKILL);
		alive = 0;
		drain_until = clock_now() + 0.2;
	}

	while (alive || open_out || open_err) {
		struct pollfd pfd[3] = { { open_out ? out[0] : -1, POLLIN, 0 },
					 { open_err ? err[0] : -1, POLLIN, 0 },
					 { alive ? pidfd : -1, POLLIN, 0 } };
		double left = deadline - clock_now();
		struct timespec ts;
		int n;

		if (stop && *stop && alive && !r->interrupted) {
			r->interrupted = 1;
			kill(-pid, SIGKILL);
		}
		if (left <= 0 && alive && !r->timed_out) {
			r->timed_out = 1;
			kill(-pid, SIGKILL);
		}
		if (!alive && (left = drain_until - clock_now()) <= 0)
			break;	/* whatever it left behind may write for ever: stop reading */
		if (left < 0.001)
			left = 0.001;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		n = ppoll(pfd, 3, &ts, &old);
		if (n < 0 && errno != EINTR) {
			msg_errno("ppoll");
			kill(-pid, SIGKILL);
			break;
		}
		if (n <= 0)
			continue;
		if (pfd[0].revents)
			open_out = drain(out[0], r->out, sizeof r->out, &out_len);
		if (pfd[1].revents)
			open_err = drain(err[0], r->err, sizeof r->err, &err_len);
		if (pfd[2].revents) {
			alive = 0;
			/* It exited: what it left in its group goes now; the pipes get 0.2 s to drain. */
			kill(-pid, SIGKILL);
			drain_until = clock_now() + 0.2;
		}
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		msg_errno("wait4");
		memset(&ru, 0, sizeof ru);
	}
	kill(-pid, SIGKILL);	/* whatever it left behind in its group goes too */
	r->wall_s = clock_now() - t0;
	r->exited = WIFEXITED(status);
	r->code = r->exited ? WEXITSTATUS(status) : WTERMSIG(status);
	r->user_s = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6;
	r->sys_s = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
	r->use.max_rss_kib = ru.ru_maxrss;
	r->use.minflt = ru.ru_minflt;
	r->use.majflt = ru.ru_majflt;
	r->use.nvcsw = ru.ru_nvcsw;
	r->use.nivcsw = ru.ru_nivcsw;
	if (pidfd >= 0)
		close(pidfd);
	close(out[0]);
	close(err[0]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;

out_close_err:
	close(err[0]);
	close(err[1]);
out_close_out:
	close(out[0]);
	close(out[1]);
out_mask:
	sigprocmask(SIG_SETMASK, &old, NULL);
	return -1;
}
