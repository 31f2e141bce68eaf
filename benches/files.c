/* files.c: real disk I/O. Task i writes a file of --file-kb in a fresh directory, fsyncs it, reads
 * it back and checksums it. The directory is new for every run (under --dir, by default the
 * system's temporary directory) and is removed at the end, after a failure too. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/fdio.h"
#include "lib/msg.h"
#include "lib/workload.h"

enum { OPT_FILE_KB, OPT_DIR };

struct files {
	char dir[4096];
	int dirfd;
};

static size_t files_tasks(uint64_t size)
{
	return (size_t)size;
}

static int files_setup(struct job *job)
{
	const char *base = job->opt[OPT_DIR].str ? job->opt[OPT_DIR].str
		: getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	struct files *f = calloc(1, sizeof *f);

	if (!f) {
		msg_errno("calloc");
		return EXIT_RUNTIME;
	}
	f->dirfd = -1;
	job->data = f;
	/* A file past RLIMIT_FSIZE would kill us with SIGXFSZ before we could clean up; ignored,
	 * the write fails with EFBIG instead, and we say so. */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR) {
		msg_errno("signal");
		return EXIT_RUNTIME;
	}
	if (snprintf(f->dir, sizeof f->dir, "%s/parbench-files-XXXXXX", base) >= (int)sizeof f->dir) {
		msg_warn("--dir: path too long");
		f->dir[0] = '\0';	/* nothing was made: teardown must not remove the cut path */
		return EXIT_USAGE;
	}
	if (!mkdtemp(f->dir)) {
		msg_warn("--dir: cannot make a directory in %s: %s", base, strerror(errno));
		f->dir[0] = '\0';
		return EXIT_RUNTIME;
	}
	f->dirfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f->dirfd < 0) {
		msg_warn("%s: %s", f->dir, strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}

static uint64_t checksum(const uint64_t *w, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t k = 0; k < n; k++)
		h = (h ^ w[k]) * 0x100000001b3ull;
	return h;
}

/* Write the task's file, fsync it and close it. Returns 0, or -1 after a message (closed all the
 * same). */
static int files_write(const struct files *f, size_t i, const char *name, int fd,
		       const uint64_t *buf, size_t len)
{
	if (fd_write_all(fd, buf, len) != 0) {
		msg_warn("task %zu: write %s/%s: %s", i, f->dir, name, strerror(errno));
		goto out_close;
	}
	if (fsync(fd) != 0) {
		msg_warn("task %zu: fsync %s/%s: %s", i, f->dir, name, strerror(errno));
		goto out_close;
	}
	if (close(fd) != 0) {
		msg_warn("task %zu: close %s/%s: %s", i, f->dir, name, strerror(errno));
		return -1;
	}
	return 0;

out_close:
	close(fd);	/* the task has failed and said why: how the close goes adds nothing */
	return -1;
}

/* Read the task's file back into buf, len bytes of it. Returns 0, or -1 after a message. */
static int files_read_back(const struct files *f, size_t i, const char *name, uint64_t *buf,
			   size_t len)
{
	int fd = openat(f->dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0) {
		msg_warn("task %zu: open %s/%s: %s", i, f->dir, name, strerror(errno));
		return -1;
	}
	got = fd_read_all(fd, buf, len);
	if (got != (ssize_t)len) {
		msg_warn("task %zu: read %s/%s: %s", i, f->dir, name,
			 got < 0 ? strerror(errno) : "the file is shorter than what was written");
		close(fd);	/* as in files_write */
		return -1;
	}
	if (close(fd) != 0) {
		msg_warn("task %zu: close: %s", i, strerror(errno));
		return -1;
	}
	return 0;
}

static int files_task(const struct job *job, size_t i, void *partial)
{
	const struct files *f = job->data;
	size_t words = job->opt[OPT_FILE_KB].num * 1024 / 8;
	uint64_t *buf = malloc(words ? words * 8 : 8);
	struct rng r = rng_for_task(job->seed, i);
	char name[32];
	int fd, err = -1;

	snprintf(name, sizeof name, "f%zu", i);
	if (!buf) {
		msg_errno("malloc");
		return -1;
	}
	for (size_t k = 0; k < words; k++)
		buf[k] = rng_next(&r);
	io_blocking_begin(job);	/* from here to the checksum, the task waits on the disk */
	fd = openat(f->dirfd, name, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0) {
		msg_warn("task %zu: create %s/%s: %s", i, f->dir, name, strerror(errno));
		goto out_free;
	}
	if (files_write(f, i, name, fd, buf, words * 8) == 0) {
		memset(buf, 0, words * 8);	/* what we checksum must come from the disk */
		err = files_read_back(f, i, name, buf, words * 8);
	}
	if (unlinkat(f->dirfd, name, 0) != 0 && errno != ENOENT) {
		msg_warn("task %zu: unlink %s/%s: %s", i, f->dir, name, strerror(errno));
		err = -1;
	}
out_free:
	io_blocking_end(job);
	if (err == 0)
		*(uint64_t *)partial = checksum(buf, words);
	free(buf);
	return err;
}

static int files_finish(const struct job *job, const void *partials, size_t stride,
			double seconds, struct kv *out)
{
	kv_u64(out, "result", partials_sum_u64(job, partials, stride));
	kv_f(out, "tasks_per_s", "%.1f", job->tasks / seconds);
	kv_f(out, "mbytes_per_s", "%.1f",
	     2.0 * job->tasks * job->opt[OPT_FILE_KB].num / 1024.0 / seconds);
	return 0;
}

/* Whatever a failed task left behind goes, then the directory itself. */
static void files_teardown(struct job *job)
{
	struct files *f = job->data;
	struct dirent *e;
	DIR *d;

	if (!f)
		return;
	if (f->dirfd >= 0) {
		d = fdopendir(f->dirfd);
		if (!d) {
			msg_errno("fdopendir");
			close(f->dirfd);
		} else {
			while ((e = readdir(d)))
				if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
				    unlinkat(dirfd(d), e->d_name, 0) != 0)
					msg_warn("unlink %s/%s: %s", f->dir, e->d_name, strerror(errno));
			closedir(d);
		}
	}
	if (f->dir[0] && rmdir(f->dir) != 0)
		msg_warn("rmdir %s: %s", f->dir, strerror(errno));
	free(f);
}

static const struct workload files = {
	.name = "files",
	.about = "files: each task writes a file, fsyncs it, reads it back and checksums it.",
	.size_unit = "tasks (files)",
	.kind = "io",
	.no_mpi = 1,
	.sizes = { 160, 1600, 16000 },
	.size_max = 10000000,
	.partial_bytes = sizeof(uint64_t),
	.opts = {
		[OPT_FILE_KB] = { .flag = "--file-kb", .def = 256, .max = 1048576,
			.help = "size of each file in KiB (default 256)" },
		[OPT_DIR] = { .flag = "--dir", .metavar = "DIR",
			.help = "where the fresh directory is made (default: $TMPDIR or /tmp)" },
	},
	.tasks_for = files_tasks,
	.setup = files_setup,
	.task = files_task,
	.finish = files_finish,
	.teardown = files_teardown,
};

BENCH_MAIN(files)
