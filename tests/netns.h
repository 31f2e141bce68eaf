/* netns.h: two hosts on one machine, for tests/test_hosts.c: the network namespaces pbA and pbB,
 * joined by a veth pair with link-local addresses and nothing else, so that MPI ranks on them
 * have separate network stacks and can reach each other only over that link. And commands with
 * a time limit, each in a process group of its own, killed whole when the limit runs out. */
#ifndef PARBENCH_TEST_NETNS_H
#define PARBENCH_TEST_NETNS_H

#include <stddef.h>
#include <sys/types.h>

#define NETNS_A "pbA"
#define NETNS_B "pbB"
#define NETNS_IF "pbeth"		/* the veth's name, the same at both ends */
#define NETNS_ADDR_A "169.254.77.1"	/* link-local (RFC 3927): never routed anywhere */
#define NETNS_ADDR_B "169.254.77.2"
#define NETNS_NET "169.254.77."		/* the /24 both addresses are in */

/* A command started by job_start. */
struct job {
	pid_t pid;		/* also its process group */
	int out, err;		/* its stdout and stderr, in unlinked temporary files */
	double started;		/* CLOCK_MONOTONIC seconds */
	char name[64];		/* the command's words, cut short, for messages */
};

/* How it ended. */
struct timed {
	int exited;		/* 1 if it exited, 0 if a signal ended it */
	int code;		/* exit status, or the signal */
	int timed_out;		/* it ran past its limit, and its process group was killed */
	double seconds;		/* from start to end */
	char out[16384], err[16384];
};

/* Start argv (looked up in PATH) with stdin from /dev/null, env ("NAME=value" strings, NULL-
 * terminated, or NULL) added to its environment. Returns 0, or -1 with why. */
int job_start(struct job *j, const char *const argv[], const char *const env[], char *why,
	      size_t len);
/* Wait for it, at most limit seconds from its start; past that, kill its group with SIGKILL.
 * Returns 0 (t says how it ended), or -1 with why when it could not wait or read its output. */
int job_wait(struct job *j, double limit, struct timed *t, char *why, size_t len);
/* Whether it has ended (it is left for job_wait to reap). */
int job_ended(const struct job *j);
/* Both: run argv to its end or its limit. */
int timed_run(struct timed *t, double limit, const char *const argv[], const char *const env[],
	      char *why, size_t len);
/* "NAME: exit 1: <its stderr's first line>" (or "timed out after Ns", "killed by signal N"). */
const char *timed_say(const struct timed *t, const char *name, char *buf, size_t len);

/* What netns_up found. */
enum { NETNS_OK, NETNS_SKIP, NETNS_FAIL };

/* Make both hosts: take the lock that keeps any other run of this test off pbA and pbB (waiting
 * for it, a minute at most), start a watchdog that tears everything down should this process
 * die without netns_down (a timeout's SIGKILL), remove any pbA and pbB left by an earlier run,
 * then make the namespaces, the veth and each one's /etc/netns/<name>/hosts (which `ip netns
 * exec` puts over /etc/hosts there), and a scratch folder, into dir. Returns NETNS_OK, or
 * NETNS_SKIP (no root, no ip, no unshare, no mpirun, the kernel or container cannot make
 * namespaces) or NETNS_FAIL, with why; after those two everything made is gone again. */
int netns_up(char *dir, size_t dirlen, char *why, size_t len);
/* Tear down what netns_up made, if it made anything: kill every process in pbA and pbB, delete
 * them (the veth goes with them), their /etc/netns files and the scratch folder, then stop the
 * watchdog and let go of the lock. Safe to call more than once. Returns 0, or -1 with why. */
int netns_down(char *why, size_t len);
/* The processes in namespace ns (`ip netns pids`). Returns how many (at most max), or -1 with
 * why. */
int netns_pids(const char *ns, pid_t *pids, int max, char *why, size_t len);
/* argv to run cmd on host: inside its network namespace, with a UTS namespace of its own whose
 * host name is host (ip netns exec HOST unshare --uts sh -c ...). Returns argv, or NULL when
 * max words are too few. */
const char **netns_argv(const char *host, const char *const cmd[], const char **argv, int max);

#endif
