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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/msg.h"
#include "lib/process.h"

/* The parent's side of one child while it runs. */
struct spawn_child {
	pid_t pid;
	int pidfd;		/* -1: could not be opened, the child is killed unwatched */
	int out, err;		/* the read ends of its stdout and stderr */
	size_t out_len, err_len;
	int open_out, open_err, alive;
	double drain_until;	/* once it is dead: when to stop reading what it left behind */
	sigset_t old;		/* the caller's signal mask, which ppoll() waits under */
};

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

/* Block SIGINT and SIGTERM, make the pipes, fork and exec, and open the child's pidfd. Returns
 * 0 with c filled, or -1 after a message with everything undone. */
static int spawn_start(char *const argv[], const char *cwd, struct spawn_child *c)
{
	int out[2], err[2];
	sigset_t block;

	*c = (struct spawn_child){ .open_out = 1, .open_err = 1, .alive = 1 };
	/* SIGINT and SIGTERM stay blocked except inside ppoll(), so a stop request can never slip
	 * in between checking *stop and going to sleep. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &block, &c->old) != 0) {
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
	c->pid = fork();
	if (c->pid < 0) {
		msg_errno("fork");
		goto out_close_err;
	}
	if (c->pid == 0)
		child_exec(argv, cwd, out[1], err[1], &c->old);
	setpgid(c->pid, c->pid);	/* also here, so a kill right after fork reaches the group */
	close(out[1]);
	close(err[1]);
	c->out = out[0];
	c->err = err[0];
	c->pidfd = process_pidfd(c->pid);
	if (c->pidfd < 0) {
		msg_errno("pidfd_open");	/* cannot watch it, so do not run it */
		kill(-c->pid, SIGKILL);
		c->alive = 0;
		c->drain_until = clock_now() + 0.2;
	}
	return 0;

out_close_err:
	close(err[0]);
	close(err[1]);
out_close_out:
	close(out[0]);
	close(out[1]);
out_mask:
	sigprocmask(SIG_SETMASK, &c->old, NULL);
	return -1;
}

/* Kill the child's group once *stop is set or the deadline has passed (left <= 0), and say so
 * in r, once each. */
static void spawn_enforce(struct spawn_child *c, double left, volatile sig_atomic_t *stop,
			  struct spawned *r)
{
	if (stop && *stop && c->alive && !r->interrupted) {
		r->interrupted = 1;
		kill(-c->pid, SIGKILL);
	}
	if (left <= 0 && c->alive && !r->timed_out) {
		r->timed_out = 1;
		kill(-c->pid, SIGKILL);
	}
}

/* Read the pipes until they close and the child is dead, killing it at the deadline or on
 * *stop; once it is dead, the pipes get 0.2 s more, no longer. */
static void spawn_watch(struct spawn_child *c, double deadline, volatile sig_atomic_t *stop,
			struct spawned *r)
{
	while (c->alive || c->open_out || c->open_err) {
		struct pollfd pfd[3] = { { c->open_out ? c->out : -1, POLLIN, 0 },
					 { c->open_err ? c->err : -1, POLLIN, 0 },
					 { c->alive ? c->pidfd : -1, POLLIN, 0 } };
		double left = deadline - clock_now();
		struct timespec ts;
		int n;

		spawn_enforce(c, left, stop, r);
		if (!c->alive && (left = c->drain_until - clock_now()) <= 0)
			break;	/* whatever it left behind may write for ever: stop reading */
		if (left < 0.001)
			left = 0.001;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		n = ppoll(pfd, 3, &ts, &c->old);
		if (n < 0 && errno != EINTR) {
			msg_errno("ppoll");
			kill(-c->pid, SIGKILL);
			break;
		}
		if (n <= 0)
			continue;
		if (pfd[0].revents)
			c->open_out = drain(c->out, r->out, sizeof r->out, &c->out_len);
		if (pfd[1].revents)
			c->open_err = drain(c->err, r->err, sizeof r->err, &c->err_len);
		if (pfd[2].revents) {
			c->alive = 0;
			/* It exited: what it left in its group goes now; the pipes get 0.2 s to drain. */
			kill(-c->pid, SIGKILL);
			c->drain_until = clock_now() + 0.2;
		}
	}
}

/* Reap the child, say in r how it ended and what it used, and undo what spawn_start did. */
static void spawn_collect(struct spawn_child *c, double t0, struct spawned *r)
{
	struct rusage ru;
	int status = 0;

	if (wait4(c->pid, &status, 0, &ru) < 0) {
		msg_errno("wait4");
		memset(&ru, 0, sizeof ru);
	}
	kill(-c->pid, SIGKILL);	/* whatever it left behind in its group goes too */
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
	if (c->pidfd >= 0)
		close(c->pidfd);
	close(c->out);
	close(c->err);
	sigprocmask(SIG_SETMASK, &c->old, NULL);
}

int spawn_run(char *const argv[], const char *cwd, double timeout_s, volatile sig_atomic_t *stop,
	      struct spawned *r)
{
	double t0 = clock_now();
	struct spawn_child c;

	memset(r, 0, sizeof *r);
	if (spawn_start(argv, cwd, &c) != 0)
		return -1;
	spawn_watch(&c, t0 + timeout_s, stop, r);
	spawn_collect(&c, t0, r);
	return 0;
}
