/* openmp: the compiler's own dynamic schedule, the yardstick for the pools' per-task cost; in
 * steps, its static schedule, one loop per step in one parallel region. A recursive bench runs
 * its solve in one thread of the team with its spawns as OpenMP tasks, which the others run. */
#include "clock.h"
#include "fj.h"
#include "msg.h"
#include "place.h"
#include "team.h"
#include "variants.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* ThreadSanitizer cannot see inside libgomp, which is not built with it, so it misses the
 * barriers that end a parallel region or a step and reports every partial result read after
 * them. In a -fsanitize=thread build, these name those barriers for it (as LLVM's Archer does);
 * otherwise they are nothing. */
#ifdef __SANITIZE_THREAD__
#include <sanitizer/tsan_interface.h>
static char omp_region;
#define REGION_RELEASE() __tsan_release(&omp_region)
#define REGION_ACQUIRE() __tsan_acquire(&omp_region)
#define TASKS_DEFERRED 0
#else
#define REGION_RELEASE() ((void)0)
#define REGION_ACQUIRE() ((void)0)
#define TASKS_DEFERRED 1
#endif

#ifdef _OPENMP
/* Task i, unless one has failed: an OpenMP loop cannot be left early. */
static void omp_task(const struct job *job, void *partials, size_t stride, size_t i, int *failed)
{
	int skip;

#pragma omp atomic read
	skip = *failed;
	if (!skip && job->w->task(job, i, partial_at(partials, stride, i)) != 0) {
#pragma omp atomic write
		*failed = 1;
	}
}
#endif

#ifdef _OPENMP
/* fork-join as OpenMP tasks: a spawn is a task, a sync a taskwait (which waits for every task
 * its caller spawned so far, so for t among them). A deferred task lives in a block libgomp
 * mallocs in one thread and frees in another, ordered by its task queue, which ThreadSanitizer
 * cannot see: every task would be reported. So in a -fsanitize=thread build each task runs at
 * once, undeferred (if(0)), in the thread that spawns it; the recursions themselves are checked
 * in parallel by the stealing variant, and this file's loops by the flat benches. */
static void omp_spawn(struct fj *fj, struct fj_task *t)
{
#pragma omp task firstprivate(fj, t) if(TASKS_DEFERRED)
	t->fn(fj, t->arg);
}

static void omp_sync(struct fj *fj, struct fj_task *t)
{
	(void)fj;
	(void)t;
#pragma omp taskwait
}

static const struct fj_ops omp_tasks = { omp_spawn, omp_sync };

/* The recursion, started by one thread; the team runs its tasks, at the latest at the barrier
 * that ends the single construct, which waits for all of them. */
static void omp_solve(const struct job *job, void *partials, size_t stride, int *failed)
{
#pragma omp single
	{
		struct fj fj = { &omp_tasks };
		int skip;

#pragma omp atomic read
		skip = *failed;

		if (!skip)
			job->w->solve(job, &fj, partials, stride);
		REGION_RELEASE();
	}
	REGION_ACQUIRE();
}

/* The tasks, one loop per step, each ending in a barrier, made explicit so that it can be
 * named to ThreadSanitizer too. After a failure the other tasks are skipped. */
static void omp_steps(const struct job *job, void *partials, size_t stride, int *failed)
{
	long n = (long)job->tasks;
	int chunk = (int)job->chunk;

	for (long base = 0; base < n * (long)job->steps; base += n) {
		double t0;

		/* In steps, a static schedule, as OpenMP stencils are written: each thread gets the
		 * same tasks every step, so the rows it wrote are still in its cache when it reads
		 * them. Dealt dynamically, heat medium on 2 threads ran half its runs at 0.70-0.84 s
		 * instead of 0.37-0.61 (pooled keeps shares for the same reason). */
		if (job->steps > 1) {
#pragma omp for schedule(static) nowait
			for (long i = base; i < base + n; i++)
				omp_task(job, partials, stride, (size_t)i, failed);
		} else {
#pragma omp for schedule(dynamic, chunk) nowait
			for (long i = base; i < base + n; i++)
				omp_task(job, partials, stride, (size_t)i, failed);
		}
		t0 = clock_now();

		REGION_RELEASE();
#pragma omp barrier
		REGION_ACQUIRE();
		if (base + n < n * (long)job->steps)	/* between steps, as team_step counts */
			team_waited(job->team, clock_now() - t0);
	}
}
#endif

int variant_openmp(const struct job *job, void *partials, size_t stride)
{
#ifdef _OPENMP
	int failed = 0;

	REGION_RELEASE();
#pragma omp parallel num_threads(job->workers)
	{
		REGION_ACQUIRE();
		/* Each thread of the team places itself: the policy is parbench's, not OMP_PROC_BIND's.
		 * Then the team meets at parbench's gate, where waiting sleeps: at an OpenMP barrier
		 * the first thread spins, and a new thread the kernel started on its CPU cannot run,
		 * let alone move to its own, until the spinner is preempted (5 ms here, at 2 of 2 CPUs). */
		int id = omp_get_thread_num(), ok = place_enter(job->place, id) == 0;

		if (id == 0) {
			if (omp_get_num_threads() != job->workers) {
				msg_warn("openmp: got %d threads of the %d asked for (OMP_THREAD_LIMIT?)",
					 omp_get_num_threads(), job->workers);
				ok = 0;
			}
			if (ok)
				ok = team_open(job->team, omp_get_num_threads() - 1, NULL, NULL) == 0;
			else
				team_cancel(job->team);
		} else if (!ok) {
			team_cancel(job->team);	/* the others give up at the gate */
		} else {
			ok = team_arrive(job->team) == 0;
		}
		if (!ok) {
#pragma omp atomic write
			failed = 1;
		}
		if (job->recursive)
			omp_solve(job, partials, stride, &failed);
		else
			omp_steps(job, partials, stride, &failed);
#pragma omp master
		team_computed(job->team);	/* after the last loop's barrier: every result is in */
		place_leave(job->place, omp_get_thread_num());
		REGION_RELEASE();
	}
	REGION_ACQUIRE();
	return failed ? -1 : 0;
#else
	(void)job;
	(void)partials;
	(void)stride;
	msg_warn("openmp: this build has no OpenMP (the compiler did not accept -fopenmp)");
	return -1;
#endif
}
