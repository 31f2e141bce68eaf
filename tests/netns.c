/* netns.c: the hosts pbA and pbB (network namespaces joined by a veth pair), made and torn down
 * with iproute2's `ip`, and commands run with a time limit. See netns.h. */
#include "netns.h"

#include "lib/clock.h"
#include "lib/process.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tmpdir.h"

#define ARGV(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define IP_LIMIT 10.0		/* seconds for one ip command: they take milliseconds */
#define KILL_LIMIT 5.0		/* seconds for a namespace's processes to die of SIGKILL */
#define LOCK_LIMIT 60.0		/* seconds to wait for another run of the test to finish */

static const struct host {
	const char *name, *cidr;
} hosts[] = { { NETNS_A, NETNS_ADDR_A "/24" }, { NETNS_B, NETNS_ADDR_B "/24" } };

/* Another run of this test (a second checkout, or Criterion running two of its tests at once)
 * would fight over the same names, so one run at a time holds this lock; /run/lock is the
 * system's place for such files (and, unlike /tmp, never private to a service). */
static const char *const lock_paths[] = { "/run/lock/parbench-hosts.lock",
					  "/tmp/parbench-hosts.lock" };

static int lock_fd = -1;	/* >= 0 while we hold the lock, and so own pbA and pbB */
static pid_t watchdog = -1;
static int watchdog_fd = -1;	/* its pipe: 'q' tells it all is torn down */
static char scratch[64];

static void say(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

/* ---- commands with a time limit ---- */

int job_start(struct job *j, const char *const argv[], const char *const env[], char *why,
	      size_t len)
{
	char out_path[] = "/tmp/parbench-netns-out-XXXXXX", err_path[] = "/tmp/parbench-netns-err-XXXXXX";
	size_t k = 0;

	j->name[0] = '\0';
	for (int i = 0; argv[i] && k + 1 < sizeof j->name; i++)
		k += (size_t)snprintf(j->name + k, sizeof j->name - k, "%s%s", i ? " " : "", argv[i]);
	j->out = mkostemp(out_path, O_CLOEXEC);
	j->err = mkostemp(err_path, O_CLOEXEC);
	if (j->out < 0 || j->err < 0) {
		say(why, len, "%s: a temporary file in /tmp: %s", j->name, strerror(errno));
		goto fail;
	}
	unlink(out_path);
	unlink(err_path);
	fflush(NULL);
	j->pid = fork();
	if (j->pid < 0) {
		say(why, len, "%s: fork: %s", j->name, strerror(errno));
		goto fail;
	}
	if (j->pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		/* A group of its own, so that a timeout kills mpirun and all it started with it. */
		setpgid(0, 0);
		if (null < 0 || dup2(null, 0) < 0 || dup2(j->out, 1) < 0 || dup2(j->err, 2) < 0)
			_exit(126);
		for (int i = 0; env && env[i]; i++)
			if (putenv((char *)env[i]) != 0)
				_exit(125);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	/* Here too, so the group exists before a timeout could need to kill it. */
	setpgid(j->pid, j->pid);
	j->started = clock_now();
	return 0;

fail:
	if (j->out >= 0)
		close(j->out);
	if (j->err >= 0)
		close(j->err);
	return -1;
}

static int slurp(int fd, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while (got + 1 < len && ((n = read(fd, buf + got, len - 1 - got)) > 0 || (n < 0 && errno == EINTR)))
		if (n > 0)
			got += (size_t)n;
	buf[got] = '\0';
	return close(fd);
}

int job_wait(struct job *j, double limit, struct timed *t, char *why, size_t len)
{
	int status = 0;
	pid_t got;

	t->timed_out = 0;
	while ((got = waitpid(j->pid, &status, WNOHANG)) == 0) {
		if (clock_now() - j->started > limit) {
			t->timed_out = 1;
			killpg(j->pid, SIGKILL);
			got = process_reap(j->pid, &status) == 0 ? j->pid : -1;
			break;
		}
		clock_nap(0.01);
	}
	t->seconds = clock_now() - j->started;
	if (got < 0) {
		say(why, len, "%s: waitpid: %s", j->name, strerror(errno));
		close(j->out);
		close(j->err);
		return -1;
	}
	t->exited = WIFEXITED(status);
	t->code = t->exited ? WEXITSTATUS(status) : WTERMSIG(status);
	if (slurp(j->out, t->out, sizeof t->out) | slurp(j->err, t->err, sizeof t->err)) {
		say(why, len, "%s: reading its output: %s", j->name, strerror(errno));
		return -1;
	}
	return 0;
}

int job_ended(const struct job *j)
{
	siginfo_t si = { 0 };

	return waitid(P_PID, (id_t)j->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == j->pid;
}

int timed_run(struct timed *t, double limit, const char *const argv[], const char *const env[],
	      char *why, size_t len)
{
	struct job j;

	if (job_start(&j, argv, env, why, len) != 0)
		return -1;
	return job_wait(&j, limit, t, why, len);
}

const char *timed_say(const struct timed *t, const char *name, char *buf, size_t len)
{
	int line = (int)strcspn(t->err, "\n");

	if (t->timed_out)
		snprintf(buf, len, "%s: still running after %.0f s, killed", name, t->seconds);
	else if (!t->exited)
		snprintf(buf, len, "%s: killed by signal %d (%s)", name, t->code, strsignal(t->code));
	else if (t->code == 127 && strncmp(t->err, "exec ", 5) == 0)
		snprintf(buf, len, "%s: %.*s", name, line, t->err);
	else
		snprintf(buf, len, "%s: exit %d%s%.*s", name, t->code, line ? ": " : "", line, t->err);
	return buf;
}

static int ok(const struct timed *t)
{
	return !t->timed_out && t->exited && t->code == 0;
}

/* Run one setup or teardown command; 0 if it succeeded, or -1 with why. */
static int step(const char *const argv[], char *why, size_t len)
{
	struct timed t;
	char name[160];
	size_t k = 0;

	for (int i = 0; argv[i] && k + 1 < sizeof name; i++)
		k += (size_t)snprintf(name + k, sizeof name - k, "%s%s", i ? " " : "", argv[i]);
	if (timed_run(&t, IP_LIMIT, argv, NULL, why, len) != 0)
		return -1;
	if (!ok(&t)) {
		timed_say(&t, name, why, len);
		return -1;
	}
	return 0;
}

/* ---- the namespaces ---- */

const char **netns_argv(const char *host, const char *const cmd[], const char **argv, int max)
{
	/* Open MPI knows a node by its host name: were both to have this machine's, its messages
	 * would name the same host for both, and it could not tell the hostfile's pbA from itself
	 * by name. So each gets the name it has in the hostfile, in a UTS namespace of its own ($0
	 * is the host), as tests/netns-agent does for the daemons on pbB. */
	static const char *const prefix[] = {
		"ip", "netns", "exec", NULL, "unshare", "--uts", "/bin/sh", "-c",
		"echo \"$0\" >/proc/sys/kernel/hostname || exit 126; exec \"$@\"", NULL
	};
	int n = 0;

	for (int i = 0; i < (int)(sizeof prefix / sizeof prefix[0]); i++, n++)
		if (n < max)
			argv[n] = i == 3 || i == 9 ? host : prefix[i];
	for (int i = 0; cmd[i]; i++, n++)
		if (n < max)
			argv[n] = cmd[i];
	if (n >= max)
		return NULL;
	argv[n] = NULL;
	return argv;
}

/* Is namespace ns there (`ip netns list`)? 1, 0, or -1 with why. */
static int netns_exists(const char *ns, char *why, size_t len)
{
	struct timed t;

	if (timed_run(&t, IP_LIMIT, ARGV("ip", "netns", "list"), NULL, why, len) != 0)
		return -1;
	if (!ok(&t)) {
		timed_say(&t, "ip netns list", why, len);
		return -1;
	}
	/* A line is "pbA" or "pbA (id: 0)". */
	for (char *line = strtok(t.out, "\n"); line; line = strtok(NULL, "\n"))
		if (strncmp(line, ns, strlen(ns)) == 0 &&
		    (line[strlen(ns)] == '\0' || line[strlen(ns)] == ' '))
			return 1;
	return 0;
}

int netns_pids(const char *ns, pid_t *pids, int max, char *why, size_t len)
{
	struct timed t;
	char name[64];
	int n = 0;

	if (timed_run(&t, IP_LIMIT, ARGV("ip", "netns", "pids", ns), NULL, why, len) != 0)
		return -1;
	if (!ok(&t)) {
		snprintf(name, sizeof name, "ip netns pids %s", ns);
		timed_say(&t, name, why, len);
		return -1;
	}
	for (char *p = t.out, *end; n < max; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		pids[n++] = (pid_t)pid;
	}
	return n;
}

/* Kill everything in ns, until nothing is left there or KILL_LIMIT passes. */
static int kill_all(const char *ns, char *why, size_t len)
{
	double start = clock_now();
	pid_t pids[256];
	int n;

	while ((n = netns_pids(ns, pids, 256, why, len)) > 0) {
		if (clock_now() - start > KILL_LIMIT) {
			size_t k = (size_t)snprintf(why, len, "%d processes still in %s %.0f s after "
						    "SIGKILL:", n, ns, KILL_LIMIT);
			for (int i = 0; i < n && k < len; i++)
				k += (size_t)snprintf(why + k, len - k, " %ld", (long)pids[i]);
			return -1;
		}
		for (int i = 0; i < n; i++)
			kill(pids[i], SIGKILL);
		clock_nap(0.05);
	}
	return n;
}

static void etc_path(char *buf, size_t len, const char *ns, const char *file)
{
	snprintf(buf, len, "/etc/netns/%s%s%s", ns, file ? "/" : "", file ? file : "");
}

/* Remove every trace of pbA and pbB: their processes, the namespaces (the veth pair dies with
 * them) and their files in /etc/netns. Goes on after a failure, and reports the first. */
static int remove_hosts(char *why, size_t len)
{
	char path[128], first[1024] = "";
	int rc = 0;

	for (int h = 0; h < 2; h++) {
		const char *ns = hosts[h].name;
		int there = netns_exists(ns, why, len);

		if (there > 0 && kill_all(ns, why, len) != 0 && !first[0])
			snprintf(first, sizeof first, "%s", why);
		if (there > 0 && step(ARGV("ip", "netns", "delete", ns), why, len) != 0 && !first[0])
			snprintf(first, sizeof first, "%s", why);
		if (there < 0 && !first[0])
			snprintf(first, sizeof first, "%s", why);
		for (int f = 0; f < 2; f++) {
			etc_path(path, sizeof path, ns, f ? "resolv.conf" : "hosts");
			if (unlink(path) != 0 && errno != ENOENT && !first[0])
				snprintf(first, sizeof first, "unlink %s: %s", path, strerror(errno));
		}
		etc_path(path, sizeof path, ns, NULL);
		if (rmdir(path) != 0 && errno != ENOENT && !first[0])
			snprintf(first, sizeof first, "rmdir %s: %s", path, strerror(errno));
	}
	/* /etc/netns itself, only if nothing else uses it. */
	if (rmdir("/etc/netns") != 0 && errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST &&
	    !first[0])
		snprintf(first, sizeof first, "rmdir /etc/netns: %s", strerror(errno));
	if (first[0]) {
		snprintf(why, len, "%s", first);
		rc = -1;
	}
	return rc;
}

/* The watchdog: a process in a session of its own (so that a kill of the test's process group
 * spares it) that waits on a pipe from the test. 'q' means netns_down ran; end of file without
 * it means the test died (its .timeout's SIGKILL, a crash), and it tears everything down. It
 * holds the lock too, so no next run can start before it is done. */
static int watchdog_start(char *why, size_t len)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) != 0) {
		say(why, len, "the watchdog's pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	watchdog = fork();
	if (watchdog < 0) {
		say(why, len, "fork (the watchdog): %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (watchdog == 0) {
		char c = 0, msg[1024];
		long max = sysconf(_SC_OPEN_MAX);
		ssize_t n;

		setsid();
		/* Nothing of the test runner's: its pipes would not see their end while we hold them. */
		for (int fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
			if (fd != fds[0] && fd != lock_fd)
				close(fd);
		while ((n = read(fds[0], &c, 1)) < 0 && errno == EINTR)
			;
		if (n == 1 && c == 'q')
			_exit(0);
		fprintf(stderr, "test_hosts: the test ended before tearing down pbA and pbB "
			"(a timeout, a crash): tearing them down\n");
		if (remove_hosts(msg, sizeof msg) != 0)
			fprintf(stderr, "test_hosts: tearing down pbA and pbB: %s\n", msg);
		tmpdir_remove(scratch);
		_exit(0);
	}
	close(fds[0]);
	watchdog_fd = fds[1];
	return 0;
}

static void watchdog_stop(void)
{
	if (watchdog_fd >= 0) {
		(void)!write(watchdog_fd, "q", 1);
		close(watchdog_fd);
		watchdog_fd = -1;
	}
	if (watchdog > 0) {
		(void)process_reap(watchdog, NULL);
		watchdog = -1;
	}
}

static int lock_take(char *why, size_t len)
{
	const size_t paths = sizeof lock_paths / sizeof lock_paths[0];
	double start = clock_now();
	size_t i = 0;

	while ((lock_fd = open(lock_paths[i], O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		if (++i == paths) {
			say(why, len, "open %s: %s", lock_paths[i - 1], strerror(errno));
			return -1;
		}
	while (flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
		int err = errno;

		if ((err == EWOULDBLOCK || err == EINTR) && clock_now() - start < LOCK_LIMIT) {
			clock_nap(0.05);
			continue;
		}
		if (err == EWOULDBLOCK)
			say(why, len, "another run of this test has held %s for %.0f s, and pbA and "
			    "pbB with it", lock_paths[i], LOCK_LIMIT);
		else
			say(why, len, "flock %s: %s", lock_paths[i], strerror(err));
		close(lock_fd);
		lock_fd = -1;
		return -1;
	}
	return 0;
}

/* Whether cmd runs at all (for a tool that may be missing); 0, or -1 with why. */
static int have(const char *const argv[], const char *what, char *why, size_t len)
{
	struct timed t;

	if (timed_run(&t, IP_LIMIT, argv, NULL, why, len) != 0)
		return -1;
	if (t.exited && t.code == 127) {
		say(why, len, "%s not found (%s)", argv[0], what);
		return -1;
	}
	return 0;
}

static int write_file(const char *path, const char *text, char *why, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		say(why, len, "writing %s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

/* The namespaces, the veth, the addresses and the names. Returns NETNS_OK, _SKIP or _FAIL. */
static int build(char *why, size_t len)
{
	char path[128], text[512], got[256];
	struct timed t;

	/* What the kernel or container may not allow: skips, not failures. */
	for (int h = 0; h < 2; h++)
		if (step(ARGV("ip", "netns", "add", hosts[h].name), why, len) != 0) {
			size_t k = strlen(why);

			snprintf(why + k, len - k, " (making a network namespace needs CAP_SYS_ADMIN, "
				 "which a container may lack)");
			return NETNS_SKIP;
		}
	if (step(ARGV("ip", "link", "add", NETNS_IF, "netns", NETNS_A, "type", "veth", "peer", "name",
		      NETNS_IF, "netns", NETNS_B), why, len) != 0)
		return NETNS_SKIP;
	for (int h = 0; h < 2; h++) {
		const char *ns = hosts[h].name;

		/* lo: Open MPI's daemons and their ranks talk over it (PMIx) on each host. No IPv6
		 * link-local address on the veth (addrgenmode none): the one address there is ours. */
		if (step(ARGV("ip", "-n", ns, "link", "set", "lo", "up"), why, len) ||
		    step(ARGV("ip", "-n", ns, "link", "set", NETNS_IF, "addrgenmode", "none"), why, len) ||
		    step(ARGV("ip", "-n", ns, "addr", "add", hosts[h].cidr, "dev", NETNS_IF), why, len) ||
		    step(ARGV("ip", "-n", ns, "link", "set", NETNS_IF, "up"), why, len))
			return NETNS_FAIL;
	}
	/* The names: /etc/hosts is the machine's, shared by every namespace, but `ip netns exec NS`
	 * mounts each file of /etc/netns/NS/ over its namesake in /etc, for what it runs alone. No
	 * name servers either: a name outside these fails at once, inside the namespace. */
	if (mkdir("/etc/netns", 0755) != 0 && errno != EEXIST) {
		say(why, len, "mkdir /etc/netns: %s", strerror(errno));
		return NETNS_SKIP;	/* a read-only /etc */
	}
	snprintf(text, sizeof text, "# parbench's tests/test_hosts.c: removed when the test ends\n"
		 "127.0.0.1\tlocalhost\n%s\t%s\n%s\t%s\n", NETNS_ADDR_A, NETNS_A, NETNS_ADDR_B, NETNS_B);
	for (int h = 0; h < 2; h++) {
		etc_path(path, sizeof path, hosts[h].name, NULL);
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			say(why, len, "mkdir %s: %s", path, strerror(errno));
			return NETNS_FAIL;
		}
		etc_path(path, sizeof path, hosts[h].name, "hosts");
		if (write_file(path, text, why, len) != 0)
			return NETNS_FAIL;
		etc_path(path, sizeof path, hosts[h].name, "resolv.conf");
		if (write_file(path, "# parbench's tests/test_hosts.c: no name servers\n", why, len))
			return NETNS_FAIL;
	}
	/* Each name as the other host sees it, through the same resolver Open MPI uses. */
	for (int h = 0; h < 2; h++) {
		const char *ns = hosts[h].name, *other = hosts[!h].name;

		if (timed_run(&t, IP_LIMIT, ARGV("ip", "netns", "exec", ns, "getent", "hosts", other),
			      NULL, why, len) != 0)
			return NETNS_FAIL;
		snprintf(got, sizeof got, "%.*s", (int)strcspn(t.out, "\n"), t.out);
		if (!ok(&t) || strncmp(got, h ? NETNS_ADDR_A : NETNS_ADDR_B, strlen(NETNS_ADDR_A)) != 0) {
			say(why, len, "in %s, getent hosts %s gives '%s' (exit %d, %s), not %s", ns, other,
			    got, t.code, t.err, h ? NETNS_ADDR_A : NETNS_ADDR_B);
			return NETNS_FAIL;
		}
	}
	return NETNS_OK;
}

int netns_up(char *dir, size_t dirlen, char *why, size_t len)
{
	char msg[1024];
	int rc;

	if (geteuid() != 0) {
		say(why, len, "not root: making network namespaces needs root (CAP_SYS_ADMIN)");
		return NETNS_SKIP;
	}
	if (have(ARGV("ip", "-V"), "iproute2; make deps installs it as root", why, len) ||
	    have(ARGV("unshare", "--version"), "util-linux", why, len) ||
	    have(ARGV("mpirun", "--version"), "Open MPI's openmpi-bin; make deps installs it", why, len))
		return NETNS_SKIP;
	if (lock_take(why, len) != 0)
		return NETNS_FAIL;
	/* Before the watchdog, which removes it too. */
	if (tmpdir_make(scratch, sizeof scratch, "parbench-hosts") != 0) {
		say(why, len, "mkdtemp %s: %s", scratch, strerror(errno));
		scratch[0] = '\0';
		netns_down(msg, sizeof msg);
		return NETNS_FAIL;
	}
	if (watchdog_start(why, len) != 0) {
		netns_down(msg, sizeof msg);
		return NETNS_FAIL;
	}
	/* An earlier run that died before tearing down (a SIGKILL before the watchdog existed). */
	if (remove_hosts(why, len) != 0) {
		size_t k = strlen(why);

		snprintf(why + k, len - k, " (removing pbA and pbB left by an earlier run)");
		netns_down(msg, sizeof msg);
		return NETNS_FAIL;
	}
	snprintf(dir, dirlen, "%s", scratch);
	if ((rc = build(why, len)) != NETNS_OK)
		netns_down(msg, sizeof msg);
	return rc;
}

int netns_down(char *why, size_t len)
{
	int rc = 0;

	if (lock_fd < 0)
		return 0;	/* pbA and pbB are not ours: another run's, or nobody's */
	rc = remove_hosts(why, len);
	tmpdir_remove(scratch);
	scratch[0] = '\0';
	watchdog_stop();
	close(lock_fd);
	lock_fd = -1;
	return rc;
}
