/* run.c: fork, exec, capture stdout and stderr through temporary files, reap. */
#include "run.h"

#include <errno.h>
#include <grp.h>
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

#define NO_UID (-1L)
#define CANNOT_RUN_AS 123	/* the child's exit status when it cannot run the program as uid */

/* Drop every privilege for uid; then uid must be able to run path. Returns 0, or -1 after
 * saying why on stderr. */
static int become(long uid, const char *path)
{
	gid_t gid = (gid_t)uid;

	if (geteuid() != 0)
		return 0;	/* not root: already bound by the limits */
	if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid((uid_t)uid) != 0) {
		fprintf(stderr, "cannot become uid %ld: %s\n", uid, strerror(errno));
		return -1;
	}
	if (access(path, X_OK) != 0) {
		fprintf(stderr, "uid %ld cannot run %s: %s\n", uid, path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Fork and exec bin/<prog>, its output going to two unlinked temporary files. */
static int start_child(struct running *run, const char *prog, const char *const argv[], long uid,
		       int resource, unsigned long limit, const char *env)
{
	char out_path[] = "/tmp/parbench-out-XXXXXX", err_path[] = "/tmp/parbench-err-XXXXXX";
	const char *dir = getenv("PARBENCH_BIN") ? getenv("PARBENCH_BIN") : "bin";
	char path[512];
	const char *args[64];
	int n = 0;

	snprintf(path, sizeof path, "%s/%s", dir, prog);
	args[n++] = path;
	while (argv[n - 1] && n < 63) {
		args[n] = argv[n - 1];
		n++;
	}
	args[n] = NULL;
	run->uid = uid;
	run->out = mkstemp(out_path);
	run->err = mkstemp(err_path);
	if (run->out < 0 || run->err < 0)
		goto fail;
	unlink(out_path);
	unlink(err_path);
	fflush(NULL);
	run->pid = fork();
	if (run->pid < 0)
		goto fail;
	if (run->pid == 0) {
		struct rlimit rl = { limit, limit };

		if (dup2(run->out, 1) < 0 || dup2(run->err, 2) < 0)
			_exit(126);
		if (uid != NO_UID && become(uid, path) != 0)
			_exit(CANNOT_RUN_AS);
		if (resource >= 0 && setrlimit(resource, &rl) != 0)
			_exit(125);
		if (env && putenv((char *)env) != 0)
			_exit(124);
		execv(path, (char *const *)args);
		fprintf(stderr, "exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	return 0;

fail:
	if (run->out >= 0)
		close(run->out);
	if (run->err >= 0)
		close(run->err);
	return -1;
}

int run_bench_finish(struct running *run, struct ran *r)
{
	int status;

	while (waitpid(run->pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	r->exited = WIFEXITED(status);
	r->code = r->exited ? WEXITSTATUS(status) : WTERMSIG(status);
	if (slurp(run->out, r->out, sizeof r->out) || slurp(run->err, r->err, sizeof r->err))
		return -1;
	return run->uid != NO_UID && r->exited && r->code == CANNOT_RUN_AS ? -2 : 0;
}

static int run_child(struct ran *r, const char *prog, const char *const argv[], long uid,
		     int resource, unsigned long limit, const char *env)
{
	struct running run;

	if (start_child(&run, prog, argv, uid, resource, limit, env) != 0)
		return -1;
	return run_bench_finish(&run, r);
}

int run_bench_start(struct running *run, const char *prog, const char *const argv[])
{
	return start_child(run, prog, argv, NO_UID, -1, 0, NULL);
}

int run_bench(struct ran *r, const char *prog, const char *const argv[])
{
	return run_child(r, prog, argv, NO_UID, -1, 0, NULL);
}

int run_bench_limited(struct ran *r, const char *prog, const char *const argv[], int resource,
		      unsigned long limit, const char *env)
{
	return run_child(r, prog, argv, NO_UID, resource, limit, env);
}

int run_bench_as(struct ran *r, const char *prog, const char *const argv[], unsigned uid,
		 int resource, unsigned long limit, const char *env)
{
	return run_child(r, prog, argv, uid, resource, limit, env);
}

const char *ran_value(const struct ran *r, const char *key, char *buf, size_t len)
{
	if (kv_find(r->out, key, buf, len) != 0)
		buf[0] = '\0';
	return buf;
}
