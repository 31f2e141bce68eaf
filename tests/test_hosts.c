/* test_hosts.c: the mpi variant across two hosts, for real. The hosts are network namespaces on
 * this machine, pbA and pbB (tests/netns.c): each has its own network stack, with loopback and
 * one end of a veth pair whose only addresses are link-local (169.254.77.1 and .2), so nothing
 * else can be reached, and the hostfile names them, "pbA slots=2" and "pbB slots=2". mpirun runs
 * inside pbA and starts its daemon on pbB through tests/netns-agent, its launcher agent in place
 * of ssh; Open MPI is held to the veth, for its own connections (oob) and the ranks' (the TCP
 * BTL, with the ob1 PML). The filesystem is shared: parbench is at the same path on both.
 * - heat and mandelbrot at 4 ranks, 2 a host, give serial's result;
 * - bin/runner --variant mpi --hostfile runs a sweep point across them, with serial's result;
 * - a rank killed with SIGKILL on pbB aborts the job, with a message and a non-zero status,
 *   and leaves no process in either namespace; before the kill, pbB's daemon and that rank are
 *   seen connected to pbA over the veth, and no connection anywhere goes beyond the two hosts.
 * Every step has a time limit, and .fini (or, after a timeout, a watchdog) removes the
 * namespaces. Skipped, saying why, without root, ip, unshare, mpirun, bin/<bench>-mpi, or where
 * namespaces cannot be made. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/clock.h"
#include "lib/kv.h"
#include "netns.h"
#include "run.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])
#define RUN_LIMIT 60.0		/* seconds for one bench or sweep: they take one or two */
#define ABORT_LIMIT 20.0	/* for mpirun to end after a rank is killed: it takes two */
#define GONE_LIMIT 10.0		/* for every process in pbA and pbB to be gone after that */

/* What the test made: the scratch folder (the hostfile, the agent's log, the runner's results),
 * and the absolute paths mpirun needs, since its daemon on pbB starts elsewhere. */
static char dir[64], hostfile[128], agent_log[128], agent[PATH_MAX], bindir[PATH_MAX];

/* .fini of every test here: the namespaces go, whether the test passed, failed or skipped. */
static void hosts_down(void)
{
	char why[1024];

	cr_expect_eq(netns_down(why, sizeof why), 0, "tearing down pbA and pbB: %s", why);
}

static void skip_unless_built(const char *bench)
{
	if (!mpi_built(bench))
		cr_skip_test("%s-mpi is not built: make builds it when Open MPI's mpicc is installed "
			     "(libopenmpi-dev, openmpi-bin; make deps installs them as root), and "
			     "sanitizer builds leave it out", bench);
}

/* Make pbA and pbB and the files the runs need, or skip or fail saying why. */
static void hosts_up(void)
{
	const char *bin = getenv("PARBENCH_BIN") ? getenv("PARBENCH_BIN") : "bin";
	char why[2048];
	FILE *f;

	cr_assert_not_null(realpath("tests/netns-agent", agent), "tests/netns-agent: %s (the tests "
			   "run from parbench's top folder)", strerror(errno));
	cr_assert_eq(access(agent, X_OK), 0, "%s is not executable: %s", agent, strerror(errno));
	cr_assert_not_null(realpath(bin, bindir), "%s: %s", bin, strerror(errno));
	switch (netns_up(dir, sizeof dir, why, sizeof why)) {
	case NETNS_SKIP:
		cr_skip_test("cannot make the hosts pbA and pbB: %s", why);
		break;
	case NETNS_FAIL:
		cr_assert_fail("making the hosts pbA and pbB: %s", why);
		break;
	}
	snprintf(hostfile, sizeof hostfile, "%s/hosts", dir);
	snprintf(agent_log, sizeof agent_log, "%s/agent.log", dir);
	f = fopen(hostfile, "w");
	cr_assert_not_null(f, "%s: %s", hostfile, strerror(errno));
	fprintf(f, "%s slots=2\n%s slots=2\n", NETNS_A, NETNS_B);
	cr_assert_eq(fclose(f), 0, "%s: %s", hostfile, strerror(errno));
}

/* Open MPI's settings, the same whether given as --mca KEY VALUE or as OMPI_MCA_KEY=VALUE (how
 * they reach mpirun through the runner, which passes its environment on). */
static const char *const mca[][2] = {
	{ "plm_rsh_agent", agent },		/* tests/netns-agent, not ssh */
	{ "pml", "ob1" },			/* not UCX: ob1 takes its transports from btl */
	{ "btl", "tcp,self" },			/* TCP between ranks, on one host too */
	{ "btl_tcp_if_include", NETNS_IF },	/* the ranks' connections, on the veth only */
	{ "oob_tcp_if_include", NETNS_IF },	/* mpirun's and its daemons' too */
};

static char mca_env[NELEMS(mca) + 1][PATH_MAX + 64];

/* The environment for a run: Open MPI's settings and the agent's log. */
static const char *const *run_env(int with_mca)
{
	static const char *env[NELEMS(mca) + 2];
	size_t n = 0;

	for (size_t i = 0; with_mca && i < NELEMS(mca); i++, n++) {
		snprintf(mca_env[n], sizeof mca_env[n], "OMPI_MCA_%s=%s", mca[i][0], mca[i][1]);
		env[n] = mca_env[n];
	}
	snprintf(mca_env[n], sizeof mca_env[n], "PARBENCH_AGENT_LOG=%s", agent_log);
	env[n] = mca_env[n];
	env[n + 1] = NULL;
	return env;
}

/* mpirun -np 4 over both hosts, run inside pbA: the words, into argv. */
static const char **mpirun_argv(const char **argv, int max, const char *prog, const char *const args[])
{
	const char *cmd[64] = { "mpirun", "--allow-run-as-root", "--hostfile", hostfile,
				"--bind-to", "none" };	/* placement is the bench's --bind */
	int n = 6;

	for (size_t i = 0; i < NELEMS(mca); i++) {
		cmd[n++] = "--mca";
		cmd[n++] = mca[i][0];
		cmd[n++] = mca[i][1];
	}
	cmd[n++] = "-np";
	cmd[n++] = "4";
	cmd[n++] = prog;
	for (int i = 0; args[i] && n < 63; i++)
		cmd[n++] = args[i];
	cmd[n] = NULL;
	cr_assert_not_null(netns_argv(NETNS_A, cmd, argv, max), "too many words for mpirun");
	return argv;
}

/* The agent started Open MPI's daemon on pbB, and only there: mpirun on pbA is pbA's. */
static void assert_launched_on_b(const char *what)
{
	static char log[65536];

	cr_assert_eq(run_read_file(dir, "agent.log", log, sizeof log), 0, "%s: tests/netns-agent "
		     "was never called (no %s): did mpirun use ssh?", what, agent_log);
	cr_expect(strncmp(log, NETNS_B " ", 3) == 0 && strstr(log, "orted"), "%s: the agent's "
		  "log should start Open MPI's daemon on pbB: %s", what, log);
	cr_expect_null(strstr(log, NETNS_A " "), "%s: the agent was called for pbA, where mpirun "
		       "is: %s", what, log);
}

static void result_of(const struct timed *t, char *buf, size_t len)
{
	if (kv_find(t->out, "result", buf, len) != 0)
		buf[0] = '\0';
}

/* ---- heat and mandelbrot on 4 ranks over both hosts: serial's result ---- */

struct case_hosts {
	char bench[16];
};

static struct case_hosts cases[] = { { "heat" }, { "mandelbrot" } };

ParameterizedTestParameters(hosts, four_ranks_equal_serial)
{
	return cr_make_param_array(struct case_hosts, cases, NELEMS(cases));
}

ParameterizedTest(struct case_hosts *c, hosts, four_ranks_equal_serial, .fini = hosts_down,
		  .timeout = 150)
{
	char serial[PATH_MAX + 32], prog[PATH_MAX + 32], want[128], got[128], why[1024];
	const char *args[] = { "--size", "small", "--variant", "mpi", NULL };
	const char *argv[96];
	struct timed t;

	skip_unless_built(c->bench);
	hosts_up();
	snprintf(serial, sizeof serial, "%s/%s", bindir, c->bench);
	cr_assert_eq(timed_run(&t, RUN_LIMIT, (const char *[]){ serial, "--size", "small", NULL },
			       NULL, why, sizeof why), 0, "%s", why);
	cr_assert(t.exited && t.code == 0 && !t.timed_out, "%s", timed_say(&t, serial, why, sizeof why));
	result_of(&t, want, sizeof want);
	cr_assert_neq(want[0], '\0', "serial %s printed no result: %s", c->bench, t.out);

	snprintf(prog, sizeof prog, "%s/%s-mpi", bindir, c->bench);
	cr_assert_eq(timed_run(&t, RUN_LIMIT, mpirun_argv(argv, NELEMS(argv), prog, args),
			       run_env(0), why, sizeof why), 0, "%s", why);
	cr_assert(t.exited && t.code == 0 && !t.timed_out, "%s; stdout: %s; stderr: %s",
		  timed_say(&t, "mpirun -np 4 over pbA and pbB", why, sizeof why), t.out, t.err);
	result_of(&t, got, sizeof got);
	cr_expect_str_eq(got, want, "%s-mpi on 4 ranks over pbA and pbB: result %s, serial's %s",
			 c->bench, got, want);
	cr_expect(strstr(t.out, " workers=4 "), "%s", t.out);
	assert_launched_on_b(c->bench);
}

/* ---- the runner: a sweep point across both hosts ---- */

/* runs.csv's first 10 columns (bench,...,status) of every row; returns the ok mpi rows. */
static int mpi_rows_ok(const char *csv, char *bad, size_t len)
{
	char line[1024];
	int ok = 0;

	bad[0] = '\0';
	for (const char *p = strchr(csv, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
		char *col[10], *s = line;
		int n = 0;

		snprintf(line, sizeof line, "%.*s", (int)strcspn(p + 1, "\n"), p + 1);
		for (char *c = strsep(&s, ","); c && n < 10; c = strsep(&s, ","))
			col[n++] = c;
		if (n < 10)
			continue;
		/* Every run, warm-up included, must have succeeded: a wrong result= is a failure. */
		if (strcmp(col[9], "ok") != 0 && strcmp(col[9], "warmup") != 0 && !bad[0])
			snprintf(bad, len, "%.*s", (int)strcspn(p + 1, "\n"), p + 1);
		ok += !strcmp(col[0], "mandelbrot") && !strcmp(col[1], "mpi") && !strcmp(col[2], "4") &&
		      !strcmp(col[9], "ok");
	}
	return ok;
}

Test(hosts, runner_sweeps_across_hosts, .fini = hosts_down, .timeout = 150)
{
	static char csv[1 << 16];
	char runner[PATH_MAX + 16], out[128], why[1024], bad[1024];
	const char *argv[64];
	struct timed t;

	skip_unless_built("mandelbrot");
	hosts_up();
	snprintf(runner, sizeof runner, "%s/runner", bindir);
	snprintf(out, sizeof out, "%s/results", dir);
	/* No --mca here: the runner's own mpirun line gets the settings from the environment. */
	netns_argv(NETNS_A, (const char *[]){ runner, "--bench", "mandelbrot", "--variant", "mpi",
					      "--workers", "4", "--size", "small", "--repeat", "1",
					      "--max-repeat", "1", "--hostfile", hostfile, "--out", out,
					      NULL }, argv, NELEMS(argv));
	cr_assert_eq(timed_run(&t, RUN_LIMIT, argv, run_env(1), why, sizeof why), 0, "%s", why);
	cr_assert(t.exited && t.code == 0 && !t.timed_out, "%s; stderr: %s",
		  timed_say(&t, "bin/runner --variant mpi --hostfile", why, sizeof why), t.err);
	cr_assert_eq(run_read_file(out, "runs.csv", csv, sizeof csv), 0, "no %s/runs.csv", out);
	cr_expect_geq(mpi_rows_ok(csv, bad, sizeof bad), 1, "no successful mpi run at 4 workers "
		      "in runs.csv: %s", csv);
	cr_expect_str_empty(bad, "a run failed: %s", bad);
	assert_launched_on_b("the runner's mpirun");
}

/* ---- a rank killed on pbB ---- */

/* One TCP connection of `ss -tnp` (not listening sockets). */
struct conn {
	char state[16], local[64], peer[64], proc[32];
	long pid;
};

/* The TCP connections in namespace ns. Returns how many, or -1 with why. */
static int connections(const char *ns, struct conn *c, int max, char *why, size_t len)
{
	struct timed t;
	int n = 0;

	if (timed_run(&t, 10, (const char *[]){ "ip", "netns", "exec", ns, "ss", "-Htnp", NULL },
		      NULL, why, len) != 0)
		return -1;
	if (!t.exited || t.code != 0 || t.timed_out) {
		timed_say(&t, "ss -Htnp", why, len);
		return -1;
	}
	/* ESTAB 0 0 169.254.77.2:46464 169.254.77.1:43223 users:(("orted",pid=21240,fd=17)) */
	for (char *line = strtok(t.out, "\n"); line && n < max; line = strtok(NULL, "\n")) {
		const char *users = strstr(line, "users:((\"");

		memset(&c[n], 0, sizeof c[n]);
		if (sscanf(line, "%15s %*s %*s %63s %63s", c[n].state, c[n].local, c[n].peer) != 3)
			continue;
		if (users) {
			sscanf(users + 9, "%31[^\"]", c[n].proc);
			if (strstr(users, "pid="))
				c[n].pid = strtol(strstr(users, "pid=") + 4, NULL, 10);
		}
		n++;
	}
	return n;
}

/* An address (with its port) on this test's hosts: loopback or the veth's /24. */
static int ours(const char *addr)
{
	static const char *const prefixes[] = { "127.", NETNS_NET, "[::1]", "[::ffff:127.",
						("[::ffff:" NETNS_NET) };

	for (size_t i = 0; i < NELEMS(prefixes); i++)
		if (strncmp(addr, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/* A rank of mandelbrot-mpi on pbB with a connection to pbA over the veth, once pbB's daemon has
 * one too; its pid, or 0 if not yet. */
static pid_t rank_talking_to_a(const struct conn *c, int n)
{
	int daemon = 0;
	pid_t rank = 0;

	for (int i = 0; i < n; i++) {
		int to_a = !strcmp(c[i].state, "ESTAB") && !strncmp(c[i].peer, NETNS_ADDR_A ":",
								  strlen(NETNS_ADDR_A) + 1);

		daemon |= to_a && !strcmp(c[i].proc, "orted");
		if (to_a && !strcmp(c[i].proc, "mandelbrot-mpi") && !rank)
			rank = (pid_t)c[i].pid;
	}
	return daemon ? rank : 0;
}

static void assert_only_ours(const char *ns, const struct conn *c, int n)
{
	for (int i = 0; i < n; i++)
		cr_expect(ours(c[i].local) && ours(c[i].peer), "in %s, %s (pid %ld) has a connection "
			  "beyond the two hosts: %s -> %s", ns, c[i].proc, c[i].pid, c[i].local,
			  c[i].peer);
}

static int listed(pid_t pid, const pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

static void say_pids(const char *ns, const pid_t *pids, int n, char *buf, size_t len)
{
	size_t k = (size_t)snprintf(buf, len, "%s:", ns);

	for (int i = 0; i < n && k < len; i++) {
		char path[64], comm[32] = "?";
		FILE *f;

		snprintf(path, sizeof path, "/proc/%ld/comm", (long)pids[i]);
		if ((f = fopen(path, "r"))) {
			if (fscanf(f, "%31s", comm) != 1)
				strcpy(comm, "?");
			fclose(f);
		}
		k += (size_t)snprintf(buf + k, len - k, " %ld (%s)", (long)pids[i], comm);
	}
}

Test(hosts, killed_remote_rank_aborts_the_job, .fini = hosts_down, .timeout = 150)
{
	/* About 5 s on 4 ranks here: long enough to be killed midway. */
	const char *args[] = { "--size", "large", "--variant", "mpi", NULL };
	char prog[PATH_MAX + 32], why[1024], left[2][1024];
	static struct conn a[256], b[256];
	const char *argv[96];
	pid_t victim = 0, pids[2][256];
	struct timed t;
	struct job j;
	int na = 0, nb = 0, gone = 0;
	double killed;

	skip_unless_built("mandelbrot");
	hosts_up();
	snprintf(prog, sizeof prog, "%s/mandelbrot-mpi", bindir);
	cr_assert_eq(job_start(&j, mpirun_argv(argv, NELEMS(argv), prog, args), run_env(0), why,
			       sizeof why), 0, "%s", why);

	/* Until pbB's daemon and one of its ranks have connected back to pbA over the veth. */
	while (!victim && clock_now() - j.started < RUN_LIMIT) {
		if (job_ended(&j)) {
			job_wait(&j, 0, &t, why, sizeof why);
			cr_assert_fail("mpirun ended before a rank on pbB was seen talking to pbA: %s; "
				       "stderr: %s", timed_say(&t, "mpirun", why, sizeof why), t.err);
		}
		cr_assert_geq(nb = connections(NETNS_B, b, NELEMS(b), why, sizeof why), 0, "%s", why);
		if (!(victim = rank_talking_to_a(b, nb)))
			usleep(50000);
	}
	cr_assert_neq(victim, 0, "no rank on pbB connected to pbA within %.0f s", RUN_LIMIT);
	cr_assert_geq(na = connections(NETNS_A, a, NELEMS(a), why, sizeof why), 0, "%s", why);
	assert_only_ours(NETNS_A, a, na);
	assert_only_ours(NETNS_B, b, nb);
	cr_assert_geq(nb = netns_pids(NETNS_B, pids[1], 256, why, sizeof why), 0, "%s", why);
	cr_assert(listed(victim, pids[1], nb), "rank %ld is not among pbB's processes",
		  (long)victim);

	cr_assert_eq(kill(victim, SIGKILL), 0, "kill -9 %ld: %s", (long)victim, strerror(errno));
	killed = clock_now();
	cr_assert_eq(job_wait(&j, killed - j.started + ABORT_LIMIT, &t, why, sizeof why), 0, "%s", why);
	cr_assert(!t.timed_out, "mpirun was still running %.0f s after rank %ld on pbB was killed",
		  ABORT_LIMIT, (long)victim);
	cr_expect(!(t.exited && t.code == 0), "mpirun exited 0 after a rank was killed: %s", t.out);
	/* Open MPI's words: "mpirun noticed that process rank 2 with PID 1234 on node pbB exited
	 * on signal 9 (Killed)." */
	cr_expect(strstr(t.err, NETNS_B) && strstr(t.err, "signal 9"), "mpirun's stderr should name "
		  "pbB and signal 9: %s", t.err);
	cr_expect_str_empty(t.out, "the job was killed before rank 0 could print");

	/* Nothing left behind on either host: no daemon, no rank. */
	for (double start = clock_now(); !gone && clock_now() - start < GONE_LIMIT;) {
		cr_assert_geq(na = netns_pids(NETNS_A, pids[0], 256, why, sizeof why), 0, "%s", why);
		cr_assert_geq(nb = netns_pids(NETNS_B, pids[1], 256, why, sizeof why), 0, "%s", why);
		gone = na == 0 && nb == 0;
		if (!gone)
			usleep(50000);
	}
	say_pids(NETNS_A, pids[0], na, left[0], sizeof left[0]);
	say_pids(NETNS_B, pids[1], nb, left[1], sizeof left[1]);
	cr_expect(gone, "%.0f s after mpirun ended, processes are left in %s; %s", GONE_LIMIT,
		  left[0], left[1]);
}
