/* test_io.c: the I/O benches' own promises. Their faults end in a clear message and exit 1 with
 * nothing left behind (no temporary files, no child processes, no hang), and the event loop
 * keeps a thousand tasks in flight. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inproc.h"
#include "run.h"
#include "tmpdir.h"
#include "traits.h"

/* A fresh directory for --dir, so we can see whether a run left anything in it; buf is a
 * char[64]. */
static char *scratch_dir(char *buf)
{
	cr_assert_eq(tmpdir_make(buf, 64, "parbench-io-test"), 0, "mkdtemp: %s", strerror(errno));
	return buf;
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d, "opendir %s", dir);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* bin/<bench> with serial's words, then with async's (r keeps the second run): both must exit 0
 * and print the same result=. */
static void expect_async_agrees(struct ran *r, const char *bench, const char *const serial[],
				const char *const async[])
{
	char want[128], got[128];

	cr_assert_eq(run_bench(r, bench, serial), 0);
	cr_assert_eq(r->code, 0, "%s serial: %s", bench, r->err);
	ran_value(r, "result", want, sizeof want);
	cr_assert_eq(run_bench(r, bench, async), 0);
	cr_assert_eq(r->code, 0, "%s async: %s", bench, r->err);
	cr_expect_str_eq(ran_value(r, "result", got, sizeof got), want, "%s async: result", bench);
}

struct variant_case {
	char variant[16];
};

/* Every variant files lists (--info): a variant added later is tested without a line here. */
ParameterizedTestParameters(files, too_large_is_reported_and_cleaned_up)
{
	static struct variant_case cases[32];
	char names[32][32];
	int n = traits_variants("files", "", names, 32);

	for (int k = 0; k < n; k++)
		snprintf(cases[k].variant, sizeof cases[k].variant, "%.15s", names[k]);
	if (n <= 0) {	/* nothing to test is a failure, not a pass: one case that cannot run */
		snprintf(cases[0].variant, sizeof cases[0].variant, "no-info");
		n = 1;
	}
	return cr_make_param_array(struct variant_case, cases, (size_t)n);
}

/* RLIMIT_FSIZE below one file: every write fails with EFBIG, not with a SIGXFSZ death. */
ParameterizedTest(struct variant_case *c, files, too_large_is_reported_and_cleaned_up,
		  .init = inproc_become_subreaper, .timeout = 60)
{
	char dir[64];
	const char *argv[] = { "--size", "12", "--variant", c->variant, "--workers", "3",
			       "--dir", scratch_dir(dir), NULL };
	struct ran r;

	cr_assert_eq(run_bench_limited(&r, "files", argv, RLIMIT_FSIZE, 65536, NULL), 0);
	cr_expect(r.exited && r.code == 1, "%s: status %d, stderr: %s", c->variant, r.code, r.err);
	cr_expect(strstr(r.err, "File too large") != NULL, "%s", r.err);
	cr_expect(strncmp(r.err, "files: ", 7) == 0, "%s", r.err);
	cr_expect_str_empty(r.out);
	cr_expect_eq(entries(dir), 0, "%s left its temporary directory in %s", c->variant, dir);
	inproc_assert_no_children("after the bench exited");
	rmdir(dir);
}

Test(files, leaves_nothing_and_agrees, .init = inproc_become_subreaper, .timeout = 60)
{
	char dir[64];
	const char *serial[] = { "--size", "20", "--file-kb", "64", "--dir", scratch_dir(dir), NULL };
	const char *async[] = { "--size", "20", "--file-kb", "64", "--dir", dir, "--variant", "async",
				"--workers", "7", NULL };
	struct ran r;

	expect_async_agrees(&r, "files", serial, async);
	cr_expect_eq(entries(dir), 0, "files left behind in %s", dir);
	inproc_assert_no_children("after the bench exited");
	rmdir(dir);
}

Test(files, missing_dir_exits_1, .timeout = 30)
{
	const char *argv[] = { "--size", "4", "--dir", "/nonexistent-parbench-dir", NULL };
	struct ran r;

	cr_assert_eq(run_bench(&r, "files", argv), 0);
	cr_expect(r.exited && r.code == 1, "status %d: %s", r.code, r.err);
	cr_expect(strstr(r.err, "/nonexistent-parbench-dir") != NULL, "%s", r.err);
}

/* Too many open files: each file task needs one more descriptor than the limit allows. */
Test(files, too_many_open_files_exits_1, .init = inproc_become_subreaper, .timeout = 60)
{
	char dir[64];
	const char *argv[] = { "--size", "8", "--variant", "threaded", "--workers", "4",
			       "--dir", scratch_dir(dir), NULL };
	struct ran r;

	/* stdin, stdout, stderr and the directory: no room for a file. */
	cr_assert_eq(run_bench_limited(&r, "files", argv, RLIMIT_NOFILE, 4, NULL), 0);
	cr_expect(r.exited && r.code == 1, "status %d: %s", r.code, r.err);
	cr_expect(strstr(r.err, "Too many open files") != NULL, "%s", r.err);
	cr_expect_eq(entries(dir), 0);
	inproc_assert_no_children("after the bench exited");
	rmdir(dir);
}

/* A thousand tasks in flight in one thread; the result is the same whatever the wait. */
Test(latency, async_with_1000_in_flight, .timeout = 60)
{
	const char *serial[] = { "--size", "1000", "--wait-ms", "0", NULL };
	const char *async[] = { "--size", "1000", "--wait-ms", "50", "--variant", "async",
				"--workers", "1000", NULL };
	char secs[32];
	struct ran r;

	expect_async_agrees(&r, "latency", serial, async);
	/* Not a speed target: only that the waits overlapped at all (1000 x 50 ms in series is
	 * 50 s, and this test would time out long before). */
	cr_expect(atof(ran_value(&r, "seconds", secs, sizeof secs)) < 25, "took %s s", secs);
}

struct net_fault {
	char env[40];
	char says[64];
};

static struct net_fault net_faults[] = {
	{ "PARBENCH_NET_FAULT=reset", "Connection reset by peer" },
	{ "PARBENCH_NET_FAULT=refuse", "Connection refused" },
	{ "PARBENCH_NET_FAULT=nostart", "the server did not start" },
};

ParameterizedTestParameters(net, faults_exit_1_without_leftovers)
{
	return cr_make_param_array(struct net_fault, net_faults,
				   sizeof net_faults / sizeof net_faults[0]);
}

/* The server resets a reply half-way, refuses connections, or never starts. */
ParameterizedTest(struct net_fault *f, net, faults_exit_1_without_leftovers,
		  .init = inproc_become_subreaper, .timeout = 30)
{
	static const char *variants[] = { "serial", "threaded", "procpool", "async" };

	for (size_t k = 0; k < sizeof variants / sizeof variants[0]; k++) {
		const char *argv[] = { "--size", "20", "--variant", variants[k], "--workers", "4",
				       NULL };
		struct ran r;

		cr_assert_eq(run_bench_limited(&r, "net", argv, -1, 0, f->env), 0);
		cr_expect(r.exited && r.code == 1, "%s %s: status %d: %s", f->env, variants[k],
			  r.code, r.err);
		cr_expect(strstr(r.err, f->says) != NULL, "%s %s: %s", f->env, variants[k], r.err);
		cr_expect(strncmp(r.err, "net: ", 5) == 0, "%s", r.err);
		inproc_assert_no_children("after the bench exited");
	}
}

/* A port someone else holds: the bench says so instead of failing later. */
Test(net, busy_port_exits_1, .init = inproc_become_subreaper, .timeout = 30)
{
	const char *first[] = { "--size", "1", NULL };
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	char port[16];
	struct ran r;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_geq(fd, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	cr_assert_eq(listen(fd, 1), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	snprintf(port, sizeof port, "%d", ntohs(a.sin_port));
	const char *argv[] = { "--size", "4", "--port", port, NULL };

	cr_assert_eq(run_bench(&r, "net", argv), 0);
	cr_expect(r.exited && r.code == 1, "status %d: %s", r.code, r.err);
	cr_expect(strstr(r.err, "Address already in use") != NULL, "%s", r.err);
	inproc_assert_no_children("after the bench exited");
	close(fd);
	cr_assert_eq(run_bench(&r, "net", first), 0);
	cr_expect_eq(r.code, 0, "and with the port free again it runs: %s", r.err);
}

/* Too many open files: a clear message at once, not a hang. */
Test(net, too_many_open_files_exits_1, .init = inproc_become_subreaper, .timeout = 30)
{
	const char *argv[] = { "--size", "1000", "--variant", "async", "--workers", "500", NULL };
	struct ran r;

	cr_assert_eq(run_bench_limited(&r, "net", argv, RLIMIT_NOFILE, 64, NULL), 0);
	cr_expect(r.exited && r.code == 1, "status %d: %s", r.code, r.err);
	cr_expect(strstr(r.err, "open files") != NULL, "%s", r.err);
	inproc_assert_no_children("after the bench exited");
}

/* A thousand connections in flight at once from one thread, and the same answer as serial. */
Test(net, async_with_1000_in_flight, .init = inproc_become_subreaper, .timeout = 60)
{
	const char *serial[] = { "--size", "2000", "--service-ms", "0", NULL };
	const char *async[] = { "--size", "2000", "--variant", "async", "--workers", "1000", NULL };
	struct ran r;

	expect_async_agrees(&r, "net", serial, async);
	inproc_assert_no_children("after the bench exited");
}

/* A full disk, made with a 512 KiB tmpfs (needs root; skipped, saying so, without it). */
Test(files, disk_full_is_reported_and_cleaned_up, .init = inproc_become_subreaper, .timeout = 60)
{
	char dir[64], opts[] = "size=512k";
	static const char *variants[] = { "serial", "threaded", "forked", "procpool", "async" };

	scratch_dir(dir);
	if (mount("tmpfs", dir, "tmpfs", 0, opts) != 0) {
		rmdir(dir);
		cr_skip_test("cannot mount a small tmpfs here (%s): disk-full case not run", strerror(errno));
	}
	for (size_t k = 0; k < sizeof variants / sizeof variants[0]; k++) {
		const char *argv[] = { "--size", "6", "--file-kb", "1024", "--variant", variants[k],
				       "--workers", "3", "--dir", dir, NULL };
		struct ran r;

		cr_assert_eq(run_bench(&r, "files", argv), 0);
		cr_expect(r.exited && r.code == 1, "%s: status %d: %s", variants[k], r.code, r.err);
		cr_expect(strstr(r.err, "No space left on device") != NULL, "%s: %s", variants[k], r.err);
		cr_expect_eq(entries(dir), 0, "%s left files on the full disk", variants[k]);
		inproc_assert_no_children("after the bench exited");
	}
	cr_assert_eq(umount(dir), 0, "umount %s: %s", dir, strerror(errno));
	rmdir(dir);
}
