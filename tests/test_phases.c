/* test_phases.c: start, compute and finish, and work in steps.
 * - The gate (team.c): every worker waits until the driver opens it; a run called off, before
 *   or after a worker arrives, lets every waiting worker go with -1; a worker lost on the way
 *   calls it off.
 * - As programs: each variant prints start_s, compute_s and finish_s, whose sum is seconds;
 *   128 threaded workers with no work spend their time starting, not computing.
 * - In this process: a workload in steps, where step k + 1 reads what step k wrote, gives
 *   serial's values under every driver (a missing barrier reads a neighbour's value too early),
 *   and a forked worker killed between barriers is reported, with no child left behind. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <criterion/redirect.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "inproc.h"
#include "lib/clock.h"
#include "lib/shm.h"
#include "lib/team.h"
#include "lib/variants.h"
#include "run.h"
#include "traits.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

/* ---- the gate ---- */

struct arrival {
	struct team *team;
	int got;		/* what team_arrive returned */
	pthread_t tid;
};

static void *arrive(void *arg)
{
	struct arrival *a = arg;

	a->got = team_arrive(a->team);
	return NULL;
}

static void start_arrivals(struct arrival *a, int n, struct team *t)
{
	for (int i = 0; i < n; i++) {
		a[i] = (struct arrival){ t, 99, 0 };
		cr_assert_eq(pthread_create(&a[i].tid, NULL, arrive, &a[i]), 0);
	}
}

static void join_arrivals(struct arrival *a, int n, int want)
{
	for (int i = 0; i < n; i++) {
		cr_assert_eq(pthread_join(a[i].tid, NULL), 0);
		cr_expect_eq(a[i].got, want, "arrival %d got %d", i, a[i].got);
	}
}

Test(phases, gate_opens_once_all_arrived, .timeout = 10)
{
	struct team *t = team_create(4);
	struct arrival a[4];
	double before;

	cr_assert_not_null(t);
	start_arrivals(a, 4, t);
	before = clock_now();
	cr_assert_eq(team_open(t, 4, NULL, NULL), 0);
	join_arrivals(a, 4, 0);
	cr_expect_geq(atomic_load(&t->started), before, "the end of start is stamped when it opens");
	cr_expect_eq(atomic_load(&t->arrived), 4);
	team_free(t);
}

Test(phases, called_off_gate_releases_everyone, .timeout = 10)
{
	struct team *t = team_create(3);
	struct arrival a[3];

	cr_assert_not_null(t);
	start_arrivals(a, 2, t);
	team_cancel(t);			/* say, the third worker could not be placed */
	join_arrivals(a, 2, -1);
	cr_expect_eq(team_arrive(t), -1, "one arriving after the call-off gives up too");
	cr_expect_eq(team_open(t, 3, NULL, NULL), -1, "the driver learns it was called off");
	cr_expect_eq(atomic_load(&t->started), 0.0, "no start was stamped");
	team_free(t);
}

struct opener {
	struct team *team;
	int arrivals, got;
	atomic_int lwp;		/* the driver thread's kernel id, once it runs */
	pthread_t tid;
};

static void *open_gate(void *arg)
{
	struct opener *o = arg;

	atomic_store(&o->lwp, (int)syscall(SYS_gettid));
	o->got = team_open(o->team, o->arrivals, NULL, NULL);
	return NULL;
}

/* Until the kernel says thread lwp sleeps (state S: here, only in the gate's futex wait). */
static void wait_asleep(int lwp)
{
	char path[64], stat[512], *state;

	snprintf(path, sizeof path, "/proc/self/task/%d/stat", lwp);
	for (;;) {
		FILE *f = fopen(path, "r");

		cr_assert_not_null(f, "%s", path);
		cr_assert_not_null(fgets(stat, sizeof stat, f));
		fclose(f);
		state = strrchr(stat, ')');
		if (state && state[1] == ' ' && state[2] == 'S')
			return;
		sched_yield();
	}
}

/* The driver waits for a third worker, which calls the run off instead of arriving (it could
 * not be placed): the driver must wake and say so, and the two at the gate give up. */
Test(phases, call_off_wakes_a_waiting_driver, .timeout = 10)
{
	struct team *t = team_create(3);
	struct opener o = { t, 3, 99, 0, 0 };
	struct arrival a[2];

	cr_assert_not_null(t);
	start_arrivals(a, 2, t);
	cr_assert_eq(pthread_create(&o.tid, NULL, open_gate, &o), 0);
	while (atomic_load(&t->arrived) < 2 || !atomic_load(&o.lwp))
		sched_yield();
	wait_asleep(atomic_load(&o.lwp));	/* the driver waits for the third: call it off now */
	team_cancel(t);
	cr_assert_eq(pthread_join(o.tid, NULL), 0);
	cr_expect_eq(o.got, -1, "the driver's team_open returned %d", o.got);
	join_arrivals(a, 2, -1);
	team_free(t);
}

static int always_lost(void *ctx)
{
	(*(int *)ctx)++;
	return 1;
}

Test(phases, lost_worker_calls_the_run_off, .timeout = 10)
{
	struct team *t = team_create(3);
	struct arrival a[2];
	int asked = 0;

	cr_assert_not_null(t);
	start_arrivals(a, 2, t);	/* the third never comes: it died */
	cr_expect_eq(team_open(t, 3, always_lost, &asked), -1);
	cr_expect_gt(asked, 0, "team_open asked whether a worker was lost");
	join_arrivals(a, 2, -1);
	team_free(t);
}

/* ---- the phases as the benches print them ---- */

static double phase(const struct ran *r, const char *key)
{
	char v[64];

	cr_assert_neq(ran_value(r, key, v, sizeof v)[0], '\0', "no %s= in %s", key, r->out);
	return atof(v);
}

Test(phases, sum_to_seconds_in_every_variant, .timeout = 60)
{
	char all_variants[32][32];
	int nv = traits_variants("pi", "", all_variants, 32);

	cr_assert_gt(nv, 1, "bin/pi --info lists no variants");
	for (int v = 0; v < nv; v++) {
		const char *argv[] = { "--size", "2000000", "--variant", all_variants[v], "--workers",
				       "3", NULL };
		double start, compute, finish, whole;
		struct ran r;

		cr_assert_eq(run_bench(&r, "pi", argv), 0);
		cr_assert(r.exited && r.code == 0, "%s: exit %d: %s", all_variants[v], r.code, r.err);
		start = phase(&r, "start_s");
		compute = phase(&r, "compute_s");
		finish = phase(&r, "finish_s");
		whole = phase(&r, "seconds");
		cr_expect(start >= 0 && compute > 0 && finish >= 0, "%s: %s", all_variants[v], r.out);
		/* Printed to the nanosecond: four roundings of half a nanosecond at most. */
		cr_expect_float_eq(start + compute + finish, whole, 2.5e-9 + clock_resolution(),
				   "%s: %.9f + %.9f + %.9f != %.9f", all_variants[v], start, compute,
				   finish, whole);
	}
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* 128 workers of one dart each: what they cost is starting. On two CPUs, waking 128 threads
 * and letting them finish still takes a few context switches each, so the bound is a half, on
 * the median of five runs, against 1 or more should the gate let them go before all are up. */
Test(phases, starting_128_threads_costs_more_than_their_empty_work, .timeout = 60)
{
	const char *argv[] = { "--size", "128", "--tasks", "128", "--variant", "threaded",
			       "--workers", "128", NULL };
	double share[5];

	for (int k = 0; k < 5; k++) {
		struct ran r;

		cr_assert_eq(run_bench(&r, "pi", argv), 0);
		cr_assert(r.exited && r.code == 0, "exit %d: %s", r.code, r.err);
		share[k] = phase(&r, "compute_s") / phase(&r, "start_s");
	}
	qsort(share, 5, sizeof *share, by_value);
	cr_expect_lt(share[2], 0.5, "compute_s / start_s: median %.3f (of %.3f %.3f %.3f %.3f %.3f)",
		     share[2], share[0], share[1], share[2], share[3], share[4]);
}

/* ---- work in steps, in this process ---- */

#define STEPS 4
#define TASKS 24

/* In MAP_SHARED memory, so forked and procpool workers read and write the same values. */
struct relay {
	uint64_t v[STEPS + 1][TASKS];
	pid_t kill_in;		/* FAULT: the worker running task kill_at is killed */
	size_t kill_at;
	int kill;
};

/* Task i of step k sums its own and its right neighbour's values of step k. Task 0 of each step
 * dawdles first, so without a barrier the others would read its neighbours' next values, or
 * task TASKS - 1 would read task 0's value before it is written. */
static int relay_task(const struct job *job, size_t g, void *partial)
{
	struct relay *r = job->data;
	size_t k = g / job->tasks, i = g % job->tasks;

	if (r->kill && g == r->kill_at) {
		r->kill_in = getpid();
		kill(getpid(), SIGKILL);
	}
	if (i == 0)
		for (double until = clock_now() + 0.002; clock_now() < until;)
			;
	r->v[k + 1][i] = r->v[k][i] + 2 * r->v[k][(i + 1) % job->tasks] + 1;
	*(uint64_t *)partial = r->v[k + 1][i];
	return 0;
}

static const struct workload relay = { .name = "relay", .partial_bytes = sizeof(uint64_t),
				       .task = relay_task };

/* sync, when not NULL: the run's sync_s, what its workers waited between steps. */
static int run_steps(const char *variant, int workers, struct relay *r, uint64_t *partials,
		     double *sync)
{
	struct job job = { .w = &relay, .variant = variant, .workers = workers, .size = TASKS,
			   .size_name = "24", .tasks = TASKS, .steps = STEPS, .seed = 1,
			   .chunk = 1, .schedule = SCHEDULE_BLOCK, .partial_bytes = sizeof(uint64_t),
			   .data = r, .team = team_create(workers) };
	int rc;

	cr_assert_not_null(job.team);
	memset(r->v, 0, sizeof r->v);	/* a value read too early is 0, not the last run's */
	for (size_t i = 0; i < TASKS; i++)
		r->v[0][i] = i;
	rc = variant_find(variant)->run(&job, partials, sizeof(uint64_t));
	cr_expect(rc != 0 || atomic_load(&job.team->computed) > atomic_load(&job.team->started),
		  "%s stamped no end of compute after its start", variant);
	if (sync)
		*sync = team_sync_s(job.team);
	team_free(job.team);
	return rc;
}

/* One driver and worker count a case, each in a process of its own: libgomp keeps its threads
 * from one parallel region to the next, and ThreadSanitizer cannot follow that hand-over. */
struct step_case {
	char variant[16];
	int workers;
};

ParameterizedTestParameters(phases, steps_wait_for_each_other_in_every_driver)
{
	static const int workers[] = { 2, 3, 5 };
	static struct step_case cases[32 * NELEMS(workers)];
	size_t n = 0;

	/* Every driver of the catalogue this program runs but the baseline. */
	for (const struct variant *v = variants; v->name && n + NELEMS(workers) <= NELEMS(cases); v++)
		for (size_t w = 0; w < NELEMS(workers) && !v->baseline; w++, n++) {
			snprintf(cases[n].variant, sizeof cases[n].variant, "%s", v->name);
			cases[n].workers = workers[w];
		}
	return cr_make_param_array(struct step_case, cases, n);
}

ParameterizedTest(struct step_case *c, phases, steps_wait_for_each_other_in_every_driver,
		  .timeout = 60)
{
	struct relay *r = shm_alloc(sizeof *r);
	uint64_t want[STEPS * TASKS], got[STEPS * TASKS] = { 0 };
	double sync, least = (c->workers - 1.0) / c->workers * (STEPS - 1) * 0.001;

	cr_assert_not_null(r);
	cr_assert_eq(run_steps("serial", 1, r, want, NULL), 0);
	cr_assert_eq(run_steps(c->variant, c->workers, r, got, &sync), 0, "%s", c->variant);
	for (size_t i = 0; i < STEPS * TASKS; i++)
		cr_expect_eq(got[i], want[i], "%s, %d workers: step %zu, task %zu", c->variant,
			     c->workers, i / TASKS, i % TASKS);
	/* While task 0 dawdles 2 ms, the W - 1 other workers have next to nothing to do and wait
	 * at each of the STEPS - 1 barriers: sync_s, their waits over W, is at least half that.
	 * async runs every task on one thread, which never waits; under gil the others wait for
	 * the lock, not at the barrier. */
	if (!strcmp(c->variant, "async"))
		cr_expect_eq(sync, 0.0, "async waited %.6f s between steps", sync);
	else if (strcmp(c->variant, "gil") != 0)
		cr_expect_geq(sync, least, "%s, %d workers: sync_s %.6f, below %.6f", c->variant,
			      c->workers, sync, least);
	shm_free(r, sizeof *r);
}

static void quiet(void)
{
	const struct rlimit no_core = { 0, 0 };

	cr_redirect_stderr();
	cr_assert_eq(setrlimit(RLIMIT_CORE, &no_core), 0);
}

/* The others wait at the next barrier for the dead one: the driver must kill them, not wait. */
Test(phases, forked_worker_killed_between_steps_is_reported, .init = quiet, .timeout = 20)
{
	struct relay *r = shm_alloc(sizeof *r);
	uint64_t got[STEPS * TASKS];
	char pid[32];

	cr_assert_not_null(r);
	r->kill = 1;
	r->kill_at = TASKS + 13;	/* step 1, task 13: worker 1 of 3 under block */
	inproc_assert_no_children("before the run");
	cr_assert_eq(run_steps("forked", 3, r, got, NULL), -1, "a dead worker went unreported");
	inproc_assert_no_children("after the failed run");
	snprintf(pid, sizeof pid, "(pid %d,", (int)r->kill_in);
	cr_expect(strstr(inproc_stderr(), "forked: worker 1 ") && strstr(inproc_stderr(), pid) &&
		  strstr(inproc_stderr(), "killed by signal 9"), "stderr: %s", inproc_stderr());
	shm_free(r, sizeof *r);
}
