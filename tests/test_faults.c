/* test_faults.c: what the process and thread drivers do when the system fails them.
 * - In this process, the forked and procpool drivers run a workload whose task at a chosen index
 *   kills its worker (SIGKILL), crashes it (SIGSEGV), exits it (_exit(0)) or fails: the driver
 *   returns -1 with a message naming the worker, its pid, its tasks and how it died, and leaves
 *   no child behind.
 * - As programs, the benches run with RLIMIT_NPROC lowered (as an unprivileged user when we are
 *   root, whom the limit does not bind): fork and pthread_create fail, and each bench exits 1
 *   with one line naming the call and the error, leaving no process behind. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inproc.h"
#include "lib/shm.h"
#include "lib/team.h"
#include "lib/variants.h"
#include "run.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* ---- the drivers in this process ---- */

enum fault { FAULT_NONE, FAULT_SIGKILL, FAULT_SIGSEGV, FAULT_EXIT0, FAULT_FAILS };

/* In MAP_SHARED memory: the workers' only way to tell the test who died. */
struct plan {
	size_t at;		/* the task that meets the fault */
	enum fault how;
	pid_t died;		/* the worker process that ran it */
};

static int faulty_task(const struct job *job, size_t i, void *partial)
{
	struct plan *p = job->data;

	if (i == p->at && p->how != FAULT_NONE) {
		p->died = getpid();
		switch (p->how) {
		case FAULT_SIGKILL:
			inproc_die_of(SIGKILL);
			break;
		case FAULT_SIGSEGV:
			inproc_die_of(SIGSEGV);
			break;
		case FAULT_EXIT0:
			_exit(0);
		case FAULT_FAILS:
			fprintf(stderr, "faulty: task %zu failed\n", i);
			return -1;
		case FAULT_NONE:
			break;
		}
	}
	*(uint64_t *)partial = (uint64_t)i * i;
	return 0;
}

static const struct workload faulty = { .name = "faulty", .partial_bytes = sizeof(uint64_t),
					.task = faulty_task };

struct driver_fault {
	char variant[16];
	enum fault how;
	int workers;
	enum schedule schedule;
	size_t at;
	char says[3][64];	/* what the message must hold; PID stands for the dead worker's pid */
};

/* 100 tasks: on 4 workers, block gives worker 1 tasks 25..49, cyclic tasks 1, 5, 9, ... */
static struct driver_fault driver_faults[] = {
	{ "forked", FAULT_SIGKILL, 4, SCHEDULE_BLOCK, 37,
	  { "forked: worker 1 (pid PID, ", "25 tasks from task 25", "killed by signal 9" } },
	{ "forked", FAULT_SIGSEGV, 4, SCHEDULE_BLOCK, 37,
	  { "forked: worker 1 (pid PID, ", "25 tasks from task 25", "killed by signal 11" } },
	{ "forked", FAULT_SIGSEGV, 4, SCHEDULE_CYCLIC, 37,
	  { "forked: worker 1 (pid PID, ", "25 tasks from task 1", "killed by signal 11" } },
	{ "forked", FAULT_SIGKILL, 1, SCHEDULE_BLOCK, 0,
	  { "forked: worker 0 (pid PID, ", "100 tasks from task 0", "killed by signal 9" } },
	{ "forked", FAULT_EXIT0, 4, SCHEDULE_BLOCK, 37,
	  { "forked: worker 1 sent 0 of 200 bytes", "", "" } },
	{ "forked", FAULT_FAILS, 4, SCHEDULE_BLOCK, 37,
	  { "faulty: task 37 failed", "forked: worker 1 (pid PID, ", "exited with status 1" } },
	{ "procpool", FAULT_SIGKILL, 4, SCHEDULE_BLOCK, 37,
	  { "procpool: worker", "(pid PID) killed by signal 9", "while running task 37" } },
	{ "procpool", FAULT_SIGSEGV, 4, SCHEDULE_BLOCK, 37,
	  { "procpool: worker", "(pid PID) killed by signal 11", "while running task 37" } },
	{ "procpool", FAULT_SIGKILL, 1, SCHEDULE_BLOCK, 99,
	  { "procpool: worker 0 (pid PID)", "killed by signal 9", "while running task 99" } },
	{ "procpool", FAULT_EXIT0, 4, SCHEDULE_BLOCK, 37,
	  { "procpool: worker", "(pid PID) exited with status 0", "while running task 37" } },
	{ "procpool", FAULT_FAILS, 4, SCHEDULE_BLOCK, 37,
	  { "faulty: task 37 failed", "(pid PID) exited with status 1", "while running task 37" } },
};

static void redirect_stderr(void)
{
	const struct rlimit no_core = { 0, 0 };

	cr_redirect_stderr();
	/* The workers inherit this: a crash meant to happen writes no core file. */
	cr_assert_eq(setrlimit(RLIMIT_CORE, &no_core), 0);
}

static variant_fn driver(const char *name)
{
	const struct variant *v = variant_find(name);

	cr_assert_not_null(v, "no variant %s", name);
	return v->run;
}

static int run_driver(const char *variant, int workers, enum schedule schedule,
		      struct plan *p, uint64_t *partials)
{
	struct job job = { .w = &faulty, .variant = variant, .workers = workers, .size = 100,
			   .size_name = "100", .tasks = 100, .steps = 1, .seed = 1, .chunk = 1,
			   .schedule = schedule, .partial_bytes = sizeof(uint64_t), .data = p,
			   .team = team_create(workers) };
	int rc;

	cr_assert_not_null(job.team);
	rc = driver(variant)(&job, partials, sizeof(uint64_t));
	team_free(job.team);
	return rc;
}

ParameterizedTestParameters(faults, driver_reports_a_dead_worker)
{
	return cr_make_param_array(struct driver_fault, driver_faults, NELEMS(driver_faults));
}

ParameterizedTest(struct driver_fault *f, faults, driver_reports_a_dead_worker,
		  .init = redirect_stderr, .timeout = 20)
{
	struct plan *p = shm_alloc(sizeof *p);	/* before the fork, so the workers share it */
	uint64_t partials[100];
	char pid[32];

	cr_assert_not_null(p);
	*p = (struct plan){ .at = f->at, .how = f->how };
	inproc_assert_no_children("before the run");
	cr_assert_eq(run_driver(f->variant, f->workers, f->schedule, p, partials), -1,
		     "%s: a task that dies went unreported: %s", f->variant, inproc_stderr());
	inproc_assert_no_children("after the failed run");
	cr_assert_gt(p->died, 0, "the fault never ran");
	cr_assert_neq(p->died, getpid(), "the task ran in the test process, not in a worker");
	snprintf(pid, sizeof pid, "%d", (int)p->died);
	for (int k = 0; k < 3; k++) {
		char want[96], *at;

		snprintf(want, sizeof want, "%s", f->says[k]);
		if ((at = strstr(want, "PID"))) {	/* only the run knows the pid */
			char rest[64];

			snprintf(rest, sizeof rest, "%s", at + 3);
			snprintf(at, want + sizeof want - at, "%s%s", pid, rest);
		}
		cr_expect(strstr(inproc_stderr(), want) != NULL, "%s: stderr lacks \"%s\":\n%s",
			  f->variant, want, inproc_stderr());
	}
	shm_free(p, sizeof *p);
}

static const char *const some_drivers[] = { "forked", "procpool" };

/* The harness above can tell a working driver from a broken one. */
Test(faults, drivers_without_a_fault_run_every_task, .init = redirect_stderr, .timeout = 20)
{
	struct plan *p = shm_alloc(sizeof *p);

	cr_assert_not_null(p);
	*p = (struct plan){ .at = 37, .how = FAULT_NONE };
	for (size_t d = 0; d < NELEMS(some_drivers); d++) {
		uint64_t partials[100] = { 0 };

		cr_assert_eq(run_driver(some_drivers[d], 4, SCHEDULE_BLOCK, p, partials), 0, "%s: %s",
			     some_drivers[d], inproc_stderr());
		for (size_t i = 0; i < 100; i++)
			cr_assert_eq(partials[i], (uint64_t)i * i, "%s: task %zu", some_drivers[d], i);
		inproc_assert_no_children(some_drivers[d]);
	}
	cr_expect_str_empty(inproc_stderr());
	shm_free(p, sizeof *p);
}

/* ---- the benches as programs, with fork and pthread_create failing ---- */

/* RLIMIT_NPROC counts every process and thread of a user. Each case runs as a user of its own
 * that runs nothing else (nobody and the uids below it, on a test machine), so the limit counts
 * only that bench's processes and threads, also while other cases run at once. */
struct nproc_case {
	char prog[16];
	char variant[16];
	char size[8];
	unsigned long limit;	/* 0: the first fork or thread fails; 2: the second does */
	char call[16];		/* what the message must name */
	unsigned uid;		/* as whom it runs when we are root */
};

static struct nproc_case nproc_cases[] = {
	{ "pi", "forked", "small", 0, "fork", 65534 },
	{ "pi", "forked", "small", 2, "fork", 65533 },
	{ "pi", "procpool", "small", 0, "fork", 65532 },
	{ "pi", "procpool", "small", 2, "fork", 65531 },
	{ "pi", "threaded", "small", 0, "pthread_create", 65530 },
	{ "pi", "threaded", "small", 2, "pthread_create", 65529 },
	{ "pi", "pooled", "small", 0, "pthread_create", 65528 },
	{ "pi", "pooled", "small", 2, "pthread_create", 65527 },
	{ "sum", "gil", "small", 2, "pthread_create", 65526 },
	{ "files", "async", "8", 0, "pthread_create", 65525 },	/* its helper pool for file I/O */
	{ "net", "serial", "8", 0, "fork", 65524 },		/* its server process */
};

ParameterizedTestParameters(faults, nproc_exhausted_exits_1)
{
	return cr_make_param_array(struct nproc_case, nproc_cases, NELEMS(nproc_cases));
}

ParameterizedTest(struct nproc_case *c, faults, nproc_exhausted_exits_1,
		  .init = inproc_become_subreaper, .timeout = 30)
{
	const char *argv[] = { "--variant", c->variant, "--workers", "3", "--size", c->size, NULL };
	char want[64];
	struct ran r;
	int rc;

	/* The limit would stop the leak checker's own thread, too. */
	rc = run_bench_as(&r, c->prog, argv, c->uid, RLIMIT_NPROC, c->limit,
			  "LSAN_OPTIONS=detect_leaks=0");
	if (rc == RUN_NOT_AS_UID)
		cr_skip_test("cannot run %s as uid %u, which the limit needs when we are root: %s",
			     c->prog, c->uid, r.err);
	cr_assert_eq(rc, 0, "could not run bin/%s", c->prog);
	cr_assert(r.exited, "%s %s: killed by signal %d; stderr: %s", c->prog, c->variant, r.code,
		  r.err);
	cr_expect_eq(r.code, 1, "%s %s, RLIMIT_NPROC %lu: want exit 1, got %d; stderr: %s",
		     c->prog, c->variant, c->limit, r.code, r.err);
	snprintf(want, sizeof want, "%s: %s: %s\n", c->prog, c->call, strerror(EAGAIN));
	cr_expect_str_eq(r.err, want, "%s %s, RLIMIT_NPROC %lu: one line naming the call",
			 c->prog, c->variant, c->limit);
	cr_expect_str_empty(r.out, "%s %s: no result after a failure: %s", c->prog, c->variant,
			    r.out);
	inproc_assert_no_children("after the bench exited");
}
