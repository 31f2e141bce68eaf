/* run.c: fork, exec, capture stdout and stderr through temporary files, reap. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/kv.h"

static int slurp(int fd, char *buf, size_t len)
{
	ssize_t n;
	size_t got = 0;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while (got + 1 < len && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	return close(fd);
}

int run_bench(struct ran *r, const char *prog, const char *const argv[])
{
	return run_bench_limited(r, prog, argv, -1, 0, NULL);
}

static const char *bin_dir(void)
{
	return getenv("PARBENCH_BIN") ? getenv("PARBENCH_BIN") : "bin";
}

/* Run args[0] (looked up in PATH when it has no slash) and collect what it printed. */
static int run_args(struct ran *r, const char *const args[], int resource, unsigned long limit,
		    const char *env)
{
	char out_path[] = "/tmp/parbench-out-XXXXXX", err_path[] = "/tmp/parbench-err-XXXXXX";
	int out, err, status;
	pid_t pid;

	/* Close-on-exec: the program gets them as its stdout and stderr only, not as 3 and 4 too
	 * (a test that lowers RLIMIT_NOFILE counts on every other descriptor being free). */
	out = mkostemp(out_path, O_CLOEXEC);
	err = mkostemp(err_path, O_CLOEXEC);
	if (out < 0 || err < 0)
		return -1;
	unlink(out_path);
	unlink(err_path);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct rlimit rl = { limit, limit };

		if (dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(126);
		if (resource >= 0 && setrlimit(resource, &rl) != 0)
			_exit(125);
		if (env && putenv((char *)env) != 0)
			_exit(124);
		execvp(args[0], (char *const *)args);
		fprintf(stderr, "exec %s: %s\n", args[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	r->exited = WIFEXITED(status);
	r->code = r->exited ? WEXITSTATUS(status) : WTERMSIG(status);
	if (slurp(out, r->out, sizeof r->out) || slurp(err, r->err, sizeof r->err))
		return -1;
	return 0;
}

int run_bench_limited(struct ran *r, const char *prog, const char *const argv[], int resource,
		      unsigned long limit, const char *env)
{
	char path[512];
	const char *args[64];
	int n = 0;

	snprintf(path, sizeof path, "%s/%s", bin_dir(), prog);
	args[n++] = path;
	while (argv[n - 1] && n < 63) {
		args[n] = argv[n - 1];
		n++;
	}
	args[n] = NULL;
	return run_args(r, args, resource, limit, env);
}

int mpi_built(const char *prog)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s-mpi", bin_dir(), prog);
	return access(path, X_OK) == 0;
}

int run_mpi(struct ran *r, int np, const char *prog, const char *const argv[])
{
	char path[512], ranks[16];
	const char *args[80];
	int n = 0;

	snprintf(path, sizeof path, "%s/%s-mpi", bin_dir(), prog);
	snprintf(ranks, sizeof ranks, "%d", np);
	args[n++] = "mpirun";
	if (geteuid() == 0)
		args[n++] = "--allow-run-as-root";
	args[n++] = "--oversubscribe";	/* np 3 on a 2-core machine */
	args[n++] = "--mca";		/* shared memory only, as the runner does on one machine */
	args[n++] = "pml";
	args[n++] = "ob1";
	args[n++] = "--mca";
	args[n++] = "btl";
	args[n++] = "self,vader";
	args[n++] = "-np";
	args[n++] = ranks;
	args[n++] = path;
	for (int k = 0; argv[k] && n < 79; k++)
		args[n++] = argv[k];
	args[n] = NULL;
	return run_args(r, args, -1, 0, NULL);
}

const char *ran_value(const struct ran *r, const char *key, char *buf, size_t len)
{
	if (kv_find(r->out, key, buf, len) != 0)
		buf[0] = '\0';
	return buf;
}
