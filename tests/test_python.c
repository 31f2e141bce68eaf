/* test_python.c: the Python versions of sum and pi (lessons/python/) compute what the C benches
 * do: result= is the serial bench's, byte for byte, with 1 and 2 workers, and the phases add up
 * to seconds, so the runner can measure them against the C benches. Skipped without python3. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/kv.h"
#include "lib/process.h"
#include "run.h"

extern char **environ;

#define SIZE "30000"
#define TASKS "7"

struct py {
	int exited, code;	/* as struct ran's */
	char out[4096];
	char err[4096];
};

/* The rest of fd into buf (cut to len - 1 bytes; what does not fit is read and dropped, so a
 * writer never blocks on a full pipe). Returns 0, or -1 after a failed read. */
static int read_all(int fd, char *buf, size_t len)
{
	size_t got = 0;
	char spill[512];

	for (;;) {
		size_t room = len - 1 - got;
		ssize_t n = room ? read(fd, buf + got, room) : read(fd, spill, sizeof spill);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		if (room)
			got += (size_t)n;
	}
	buf[got] = '\0';
	return 0;
}

/* python3 SCRIPT WORKERS SIZE TASKS, found on PATH (run.h's helpers run bin/ only): stdout
 * through a pipe, stderr into an unlinked temporary file read afterwards, so neither can fill
 * up while the other is read. Returns 0, ENOENT when there is no python3, or -1 with errno set. */
static int run_python(struct py *p, const char *script, const char *workers)
{
	char *const argv[] = { "python3", (char *)script, (char *)workers, SIZE, TASKS, NULL };
	char err_path[] = "/tmp/parbench-py-err-XXXXXX";
	posix_spawn_file_actions_t fa;
	int pipefd[2] = { -1, -1 }, errfd, status, e = 0;
	pid_t pid;

	if ((errfd = mkostemp(err_path, O_CLOEXEC)) < 0)
		return -1;
	if (unlink(err_path) != 0 || pipe2(pipefd, O_CLOEXEC) != 0) {
		e = errno;
		goto out;
	}
	/* dup2 onto 1 and 2 clears close-on-exec there only: python3 gets no other copy. */
	if ((e = posix_spawn_file_actions_init(&fa)) != 0)
		goto out;
	if ((e = posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1)) == 0 &&
	    (e = posix_spawn_file_actions_adddup2(&fa, errfd, 2)) == 0)
		e = posix_spawnp(&pid, "python3", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e != 0)
		goto out;	/* glibc's posix_spawnp returns exec's error: ENOENT, no python3 */
	/* Our end of the pipe closed, or the read never sees its end. A failure here or in the
	 * read kills python3, or it could block on a full pipe and the wait never end. */
	if (close(pipefd[1]) != 0 || read_all(pipefd[0], p->out, sizeof p->out) != 0) {
		e = errno;
		kill(pid, SIGKILL);
	}
	pipefd[1] = -1;
	if (process_reap(pid, &status) != 0) {
		e = e ? e : errno;
		goto out;
	}
	if (e == 0 && (lseek(errfd, 0, SEEK_SET) < 0 || read_all(errfd, p->err, sizeof p->err) != 0))
		e = errno;
	p->exited = WIFEXITED(status);
	p->code = p->exited ? WEXITSTATUS(status) : WTERMSIG(status);
out:
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	close(errfd);
	if (e == ENOENT)
		return ENOENT;
	errno = e;
	return e ? -1 : 0;
}

static double phase(const char *line, const char *key)
{
	char value[64];

	cr_assert_eq(kv_find(line, key, value, sizeof value), 0, "no %s= in: %s", key, line);
	return atof(value);
}

/* lessons/python/SCRIPT (tests run from the repository's root, as they find tests/fakes). */
static void check_script(const char *bench, const char *script)
{
	static struct ran c;
	const char *argv[] = { "--variant", "serial", "--workers", "1", "--size", SIZE, "--tasks",
			       TASKS, NULL };
	const char *workers[] = { "1", "2" };
	char path[128], want[128], got[128];

	snprintf(path, sizeof path, "lessons/python/%s", script);
	cr_assert_eq(access(path, R_OK), 0, "%s: %s (run from the repository's root)", path,
		     strerror(errno));
	cr_assert_eq(run_bench(&c, bench, argv), 0, "cannot run bin/%s", bench);
	cr_assert(c.exited && c.code == 0, "bin/%s: status %d: %s", bench, c.code, c.err);
	cr_assert_str_neq(ran_value(&c, "result", want, sizeof want), "", "bin/%s: %s", bench, c.out);

	for (size_t k = 0; k < sizeof workers / sizeof workers[0]; k++) {
		struct py p;
		int rc = run_python(&p, path, workers[k]);
		const char *nl;
		double sum, seconds;

		if (rc == ENOENT)
			cr_skip_test("python3 is not installed (not on PATH), so the Python versions "
				     "of the benches in lessons/python/ cannot be checked");
		cr_assert_eq(rc, 0, "running python3 %s: %s", path, strerror(errno));
		cr_assert(p.exited && p.code == 0, "python3 %s %s: status %d: %s", path, workers[k],
			  p.code, p.err);
		nl = strchr(p.out, '\n');
		cr_assert(nl && nl[1] == '\0', "python3 %s %s: not one line: '%s'", path, workers[k],
			  p.out);
		cr_assert_eq(kv_find(p.out, "result", got, sizeof got), 0, "no result= in: %s", p.out);
		cr_expect_str_eq(got, want, "python3 %s %s " SIZE " " TASKS ": result %s, bin/%s's %s",
				 path, workers[k], got, bench, want);
		sum = phase(p.out, "start_s") + phase(p.out, "compute_s") + phase(p.out, "finish_s");
		seconds = phase(p.out, "seconds");
		cr_expect(fabs(seconds - sum) < 1e-6, "python3 %s %s: seconds %.9f, the phases %.9f",
			  path, workers[k], seconds, sum);
	}
}

Test(python, sum_pool, .timeout = 60)
{
	check_script("sum", "sum_pool.py");
}

Test(python, sum_threads, .timeout = 60)
{
	check_script("sum", "sum_threads.py");
}

Test(python, pi_pool, .timeout = 60)
{
	check_script("pi", "pi_pool.py");
}

Test(python, pi_threads, .timeout = 60)
{
	check_script("pi", "pi_threads.py");
}
