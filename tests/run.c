/* run.c: fork, exec, capture stdout and stderr through temporary files, reap. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/kv.h"
#include "lib/process.h"
#include "runner/runline.h"

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

static const char *bin_dir(void)
{
	return getenv("PARBENCH_BIN") ? getenv("PARBENCH_BIN") : "bin";
}

/* Fork and exec args[0] (looked up in PATH when it has no slash), its output going to two
 * unlinked temporary files. */
static int start_args(struct running *run, const char *const args[], long uid, int resource,
		      unsigned long limit, const char *env)
{
	char out_path[] = "/tmp/parbench-out-XXXXXX", err_path[] = "/tmp/parbench-err-XXXXXX";
	const char *path = args[0];

	run->uid = uid;
	/* Close-on-exec: the program gets them as its stdout and stderr only, not as 3 and 4 too
	 * (a test that lowers RLIMIT_NOFILE counts on every other descriptor being free). */
	run->out = mkostemp(out_path, O_CLOEXEC);
	run->err = mkostemp(err_path, O_CLOEXEC);
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
		/* Criterion's mark of its sandbox: a Criterion program we run that saw it would take
		 * itself for a test worker. */
		unsetenv("BXFI_MAP");
		execvp(path, (char *const *)args);
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

/* Fork and exec bin/<prog> with argv. */
static int start_child(struct running *run, const char *prog, const char *const argv[], long uid,
		       int resource, unsigned long limit, const char *env)
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
	return start_args(run, args, uid, resource, limit, env);
}

int run_collect(struct running *run, struct ran *r, int status)
{
	r->exited = WIFEXITED(status);
	r->code = r->exited ? WEXITSTATUS(status) : WTERMSIG(status);
	if (slurp(run->out, r->out, sizeof r->out) || slurp(run->err, r->err, sizeof r->err))
		return -1;
	return run->uid != NO_UID && r->exited && r->code == CANNOT_RUN_AS ? RUN_NOT_AS_UID : 0;
}

int run_bench_finish(struct running *run, struct ran *r)
{
	int status;

	if (process_reap(run->pid, &status) != 0)
		return -1;
	return run_collect(run, r, status);
}

static int run_child(struct ran *r, const char *prog, const char *const argv[], long uid,
		     int resource, unsigned long limit, const char *env)
{
	struct running run;

	if (start_child(&run, prog, argv, uid, resource, limit, env) != 0)
		return -1;
	return run_bench_finish(&run, r);
}

int run_program_start(struct running *run, const char *path, const char *const argv[])
{
	const char *args[64];
	int n = 0;

	args[n++] = path;
	for (int k = 0; argv[k] && n < 63; k++)
		args[n++] = argv[k];
	args[n] = NULL;
	return start_args(run, args, NO_UID, -1, 0, NULL);
}

int run_program(struct ran *r, const char *path, const char *const argv[])
{
	struct running run;

	if (run_program_start(&run, path, argv) != 0)
		return -1;
	return run_bench_finish(&run, r);
}

int run_program_reaping(struct ran *r, const char *path, const char *const argv[])
{
	struct running run;
	int status, mine = 0;
	pid_t got;

	if (run_program_start(&run, path, argv) != 0)
		return -1;
	for (;;) {
		got = wait(&status);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			break;
		if (got == run.pid)
			mine = status;
	}
	if (errno != ECHILD)
		return -1;
	return run_collect(&run, r, mine);
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
	struct running run;
	int n = 0;

	snprintf(path, sizeof path, "%s/%s-mpi", bin_dir(), prog);
	snprintf(ranks, sizeof ranks, "%d", np);
	/* The runner's line on one machine, oversubscribed: np 3 on a 2-core machine. */
	n = runline_mpirun(&(struct mpirun_line){ .as_root = geteuid() == 0, .oversubscribe = 1,
						  .oversubscribe_first = 1, .np = ranks },
			   (char **)args);
	args[n++] = path;
	for (int k = 0; argv[k] && n < 79; k++)
		args[n++] = argv[k];
	args[n] = NULL;
	if (start_args(&run, args, NO_UID, -1, 0, NULL) != 0)
		return -1;
	return run_bench_finish(&run, r);
}

int run_benches(char (*names)[32], int max)
{
	char path[512], line[64];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof path, "%s/benches.txt", bin_dir());
	if (!(f = fopen(path, "r")))
		return -1;
	while (n < max && fgets(line, sizeof line, f))
		if (sscanf(line, "%31s", names[n]) == 1)
			n++;
	fclose(f);
	return n;
}

int run_variants(const char *bench, char (*names)[32], int max)
{
	static struct ran r;
	const char *argv[] = { "--list-variants", NULL };
	int n = 0;

	if (run_bench(&r, bench, argv) != 0 || !r.exited || r.code != 0)
		return -1;
	for (char *p = r.out; n < max && sscanf(p, "%31s", names[n]) == 1; n++)
		p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0');
	return n;
}

int run_read_file(const char *dir, const char *name, char *buf, size_t len)
{
	char path[1024];
	size_t n;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "r")))
		return -1;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return 0;
}

const char *ran_value(const struct ran *r, const char *key, char *buf, size_t len)
{
	if (kv_find(r->out, key, buf, len) != 0)
		buf[0] = '\0';
	return buf;
}
