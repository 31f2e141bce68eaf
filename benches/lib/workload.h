/* workload.h: what a bench defines. A workload says how to run task i and how to combine the
 * partial results in task order; the variant drivers decide who runs which task, and when. */
#ifndef PARBENCH_WORKLOAD_H
#define PARBENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "kv.h"
#include "rng.h"

/* Static schedules say up front which tasks each worker runs (schedule.h); dynamic, a choice of
 * the mpi variant only, hands tasks out on demand (pooled, procpool and openmp always do). */
enum schedule { SCHEDULE_BLOCK, SCHEDULE_CYCLIC, SCHEDULE_DYNAMIC };

/* What an I/O task waits for before its next step. */
enum wait_kind { WAIT_NONE, WAIT_READ, WAIT_WRITE, WAIT_UNTIL };

struct wait {
	enum wait_kind kind;	/* WAIT_NONE: the task is done */
	int fd;			/* WAIT_READ, WAIT_WRITE */
	double until;		/* WAIT_UNTIL: a clock_now() time */
};

#define IO_STATE_MAX 256	/* bytes of a waiting task's state, at most */

#define WORKLOAD_MAX_OPTS 4
#define TASKS_MAX (UINT64_C(1) << 30)	/* the most tasks --tasks takes */

/* A flag of the workload's own, such as mandelbrot's --image FILE. */
struct workload_flag {
	const char *flag;	/* "--image" */
	const char *metavar;	/* "FILE"; NULL for a flag that takes a whole number */
	const char *help;
	uint64_t def;		/* default for a number */
	uint64_t max;		/* largest number accepted */
};

/* The value a workload flag was given (or its default), in job.opt. */
union workload_value {
	uint64_t num;
	const char *str;	/* NULL when not given */
};

struct workload;
struct place;
struct team;
struct fj;

/* One run: everything a task may read. Filled by the argument parser and the workload's setup. */
struct job {
	const struct workload *w;
	const char *variant;
	int workers;
	uint64_t size;
	const char *size_name;	/* "small", "medium", "large", or the number as given */
	size_t tasks;		/* per step */
	/* Work in steps (setup may set it; 1 otherwise): every task of step k is done before any
	 * of step k+1 starts. Task i of step k has the index k * tasks + i, and its own slot. */
	size_t steps;
	uint64_t seed;
	size_t chunk;		/* tasks per claim in the dynamic variants */
	enum schedule schedule;
	double switch_ms;	/* the gil variant's switch interval */
	size_t partial_bytes;	/* bytes of one task's partial result; setup may change it */
	union workload_value opt[WORKLOAD_MAX_OPTS];	/* the workload's own flags, in the order of w->opts */
	void *data;		/* made by setup; tasks read it, and write only their own rows (heat) */
	/* Whose rows this process holds, for a bench with halo rows (workload.halo): -1, every
	 * task's; r, worker r's block only, as an mpi rank does (slice_held in schedule.h).
	 * rows_to_0: the ranks send their rows to rank 0 at the end, for a by-product of the
	 * whole grid (heat's --field); rank 0 then holds every row. Set before setup. */
	int held_by;
	int rows_to_0;
	/* 1: the variant runs the workload's solve, one recursion that spawns tasks as it goes,
	 * instead of its tasks (serial, stealing and openmp, when the workload has a solve). Set
	 * before setup, which then need not lay out the tasks for the others. */
	int recursive;
	/* 1 while --info asks setup what it decides (the task count): nothing will run, so setup
	 * may return before it builds the inputs (heat's grids, which take seconds at 2 GiB). */
	int planning;
	/* Where each worker runs: every driver pins worker k with place_enter(job->place, k) as it
	 * starts and notes its CPU with place_leave at its end (place.h). */
	const struct place *place;
	/* Shared by the workers: the gate that starts them together, the barrier between steps,
	 * and the stamps that end start and compute (team.h). Every driver uses it. */
	struct team *team;
	/* Called around every blocking wait of an I/O task; the gil variant releases its lock
	 * there, as CPython does around a blocking call. */
	void (*wait_begin)(void *ctx);
	void (*wait_end)(void *ctx);
	void *wait_ctx;
};

struct workload {
	const char *name;
	const char *about;		/* one line for --help */
	const char *size_unit;		/* what --size NUMBER counts */
	const char *kind;		/* "cpu", "memory" or "io": how the runner sweeps it */
	int irregular;			/* tasks differ in cost: the mpi variant defaults to dynamic */
	uint64_t sizes[3];		/* small (~0.1 s serial), medium (~1 s), large (~10 s) */
	uint64_t size_max;
	size_t partial_bytes;
	struct workload_flag opts[WORKLOAD_MAX_OPTS];	/* ends at the first entry without a flag */
	/* A file the first serial run writes for the runner to draw, such as sweep's map: the
	 * flag that asks for it, the file's name in a results folder, and which plot draws it
	 * ("heatmap" or "image"). NULL flag: none. */
	struct byproduct {
		const char *flag, *file, *plot;
	} byproduct;
	int optional;			/* 1: not in the runner's default list of benches */
	/* 1: --size auto keeps it at small. Its size is its task count and the point is what one
	 * task costs, not how long they all take (overhead). I/O benches are kept so too: their
	 * tasks are the concurrency they are swept over. */
	int fixed_size;
	int no_mpi;			/* 1: no bin/<bench>-mpi (its tasks share memory or files) */
	/* How --tasks may be chosen, as one word for --info: "any" (1 to 2^30), or "rows" (at
	 * most one task per row of its grid or image). */
	const char *tasks_rule;
	/* How the work grows with --size: as size^work_power (0 means 1). mandelbrot's size is a
	 * side, so 2; trial division to N costs about N^1.5. The runner scales sizes by it. */
	double work_power;
	/* Or, when not 0, the work grows as work_base^size: fib's calls, as 1.618^n. */
	double work_base;

	/* Default task count for a size. */
	size_t (*tasks_for)(uint64_t size);
	/* If not 0, the default is at least this many tasks per worker: a recursion unrolled into
	 * tasks needs enough of them for every worker to get its share (fib, sort). */
	size_t tasks_per_worker;
	/* Optional: the most tasks the job takes (heat's inside rows, fib's leaves, sort's keys),
	 * when that is not what the rule says (the default under "rows", 2^30 under "any"). A
	 * default task count above it is cut down to it; a --tasks above it, setup refuses. */
	size_t (*tasks_most)(const struct job *job);
	/* Optional, not timed: check the job and build inputs. Returns 0, or EXIT_USAGE or
	 * EXIT_RUNTIME after printing why; teardown runs after a failed setup too. */
	int (*setup)(struct job *job);
	/* Run task i, writing its partial result. Must not depend on which worker runs it.
	 * Returns 0, or -1 after a message (an I/O error). I/O benches set it to io_task. */
	int (*task)(const struct job *job, size_t i, void *partial);
	/* I/O benches: task i as steps that never block. A step does what it can, then says in
	 * *next what to wait for; state (state_bytes <= IO_STATE_MAX, zeroed before the first step)
	 * keeps its place. Returns 0, or -1 after a message. io_task runs the steps and waits in
	 * between; the async variant runs many tasks' steps from one event loop. */
	size_t state_bytes;
	int (*step)(const struct job *job, size_t i, void *state, void *partial, struct wait *next);
	/* Releases what an unfinished task holds (its socket) when a run is abandoned. */
	void (*abandon)(const struct job *job, size_t i, void *state);
	/* Combine the partials in task order; add result= and any keys of its own. Returns 0 or an
	 * exit code. seconds is the compute phase, for rates such as gbytes_per_s. */
	int (*finish)(const struct job *job, const void *partials, size_t stride, double seconds,
		      struct kv *out);
	/* Optional: run in each worker process a driver forks (forked, procpool) once it is placed,
	 * before it says it is ready. A fork copies no page tables of shared mappings, so stream
	 * maps its arrays in here instead of faulting them in while timed. Returns 0, or -1 after
	 * a message. */
	int (*process_ready)(const struct job *job);
	/* Optional, for --info: keys of the bench's own that a plan needs (stream's array_mib).
	 * Returns 0 or an exit code after a message. */
	int (*info)(struct job *job, struct kv *out);
	/* Optional, for a bench in steps whose task t updates the rows [first_row(t),
	 * first_row(t + 1)) of a grid from the grid of the step before, reading one row beyond
	 * each end (heat's stencil). The mpi variant then runs a block of tasks per rank; a rank
	 * holds only its block's rows and one halo row each side, and before every step but the
	 * first it swaps its end rows with the ranks beside it. */
	struct halo {
		uint64_t (*first_row)(const struct job *job, size_t t);
		/* Where row r of the grid that step k reads lies in this process, for a row it
		 * holds. A grid's rows lie one after another, row_bytes apart. */
		void *(*row)(const struct job *job, size_t k, uint64_t r);
		size_t (*row_bytes)(const struct job *job);
	} halo;
	/* Optional, for a recursive bench (fib, sort): the whole work as one recursion, written with
	 * fj_spawn and fj_sync (fj.h), for the variants that schedule tasks as they appear (job->
	 * recursive). It leaves the result where finish looks for it. The other variants run the
	 * tasks instead: the same recursion unrolled by setup into a frontier of subproblems, and
	 * combined (fib's partials are summed; sort's merges are steps of their own). */
	void (*solve)(const struct job *job, struct fj *fj, void *partials, size_t stride);
	/* Optional: free what setup made, however far it got (job->data starts NULL). */
	void (*teardown)(struct job *job);
};

/* The slot of task i in an array of partials laid out stride bytes apart. */
static inline void *partial_at(void *partials, size_t stride, size_t i)
{
	return (char *)partials + i * stride;
}

static inline const void *partial_get(const void *partials, size_t stride, size_t i)
{
	return (const char *)partials + i * stride;
}

/* Splitting `total` units over the tasks as evenly as can be: task t gets
 * [share_begin(t), share_begin(t + 1)), the first total % tasks tasks one unit more. */
static inline uint64_t share_begin(uint64_t total, size_t tasks, size_t t)
{
	uint64_t q = total / tasks, r = total % tasks;

	return q * t + (t < r ? t : r);
}

/* The most units any task gets, which sizes a partial-result slot that holds one per unit. */
static inline uint64_t share_most(uint64_t total, size_t tasks)
{
	return total / tasks + (total % tasks != 0);
}

/* The sum of the tasks' uint64_t partials, the combine step of every counting bench. */
static inline uint64_t partials_sum_u64(const struct job *job, const void *partials, size_t stride)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < job->tasks * job->steps; i++)
		sum += *(const uint64_t *)partial_get(partials, stride, i);
	return sum;
}

/* A task made of steps, run to the end with blocking waits (see workload.step). */
int io_task(const struct job *job, size_t i, void *partial);
/* One blocking wait, with the job's wait hooks around it. Returns 0, or -1 after a message. */
int io_wait(const struct job *job, const struct wait *w);
/* Around blocking system calls a task makes itself (file I/O): the gil is let go meanwhile. */
void io_blocking_begin(const struct job *job);
void io_blocking_end(const struct job *job);

/* Each bench's file ends with BENCH_MAIN(its workload); main() itself is shared. */
int bench_main(const struct workload *w, int argc, char **argv);
#define BENCH_MAIN(wl) \
	int main(int argc, char **argv) { return bench_main(&(wl), argc, argv); }

#endif
