/* heat.c: explicit 2-D heat diffusion, a 5-point Jacobi stencil, for K steps. The top edge is held
 * hot, the bottom cold, the sides fall linearly from hot to cold; the inside starts cold. Each
 * step reads one grid and writes the other, and task t updates a block of rows: it reads the row
 * above and below its block, which its neighbours wrote in the step before. So every worker
 * must finish step k before any starts step k+1 (a barrier), and under mpi each rank swaps its
 * edge rows with its neighbours' (halo exchange). Each cell's arithmetic is fixed, so the final
 * grid, and its checksum, are the same bit for bit whoever computes which rows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"
#include "lib/schedule.h"
#include "lib/shm.h"
#include "lib/workload.h"

enum { OPT_GRID, OPT_STEPS, OPT_FIELD };

#define COLS 1024		/* columns of the grid, unless --grid */
#define STEPS 500		/* steps, unless --steps */
#define TASKS 64		/* tasks, unless --tasks or fewer rows: blocks of rows */
#define HOT 1.0
#define COLD 0.0
#define FIELD_MAX 256		/* rows and columns of the --field picture, at most */

struct heat {
	uint64_t rows, cols;	/* the whole grid, its fixed edges included */
	uint64_t first;		/* the first row this process holds */
	uint64_t held;		/* rows it holds, halo rows included */
	size_t bytes;		/* of each of the two grids it holds */
	double *grid[2];	/* step k reads grid[k % 2] and writes grid[(k + 1) % 2] */
};

/* The inside rows 1 .. rows - 2 split over the tasks; first_row(tasks) ends the last. */
static uint64_t heat_first_row(const struct job *job, size_t t)
{
	const struct heat *h = job->data;

	return 1 + share_begin(h->rows - 2, job->tasks, t);
}

static void *heat_row(const struct job *job, size_t k, uint64_t r)
{
	const struct heat *h = job->data;

	return h->grid[k % 2] + (r - h->first) * h->cols;
}

static size_t heat_row_bytes(const struct job *job)
{
	const struct heat *h = job->data;

	return h->cols * sizeof(double);
}

static size_t heat_tasks(uint64_t size)
{
	(void)size;
	return 0;	/* setup decides, once it knows the grid (--grid) */
}

/* One task per inside row at most. The default is fewer, blocks of rows: a claim per row costs
 * the dynamic variants an atomic each, and hands a row's neighbours to another CPU's cache. */
static size_t heat_tasks_most(const struct job *job)
{
	uint64_t rows = job->opt[OPT_GRID].num ? job->opt[OPT_GRID].num : job->size;

	return rows > 2 ? (size_t)(rows - 2) : 1;
}

/* The fixed edges and the cold inside, in both grids, for the rows this process holds. */
static void heat_fill(const struct job *job, struct heat *h)
{
	for (int g = 0; g < 2; g++) {
		for (uint64_t r = h->first; r < h->first + h->held; r++) {
			double *row = heat_row(job, (size_t)g, r);
			double side = HOT + (COLD - HOT) * (double)r / (double)(h->rows - 1);

			for (uint64_t c = 0; c < h->cols; c++)
				row[c] = r == 0 ? HOT : COLD;
			if (r > 0 && r < h->rows - 1)
				row[0] = row[h->cols - 1] = side;
		}
	}
}

/* The grid, the steps and the tasks, checked, and said once under mpi (by rank 0, which holds
 * its own block or every row). --field is written after the run, so a path that cannot be
 * written is said now, before the work, not after it. */
static int heat_check(struct job *job, const struct heat *h, uint64_t side)
{
	int say = job->held_by <= 0;
	const char *field = job->opt[OPT_FIELD].str;
	FILE *f;

	if (h->rows < 3 || h->cols < 3) {
		if (say)
			msg_warn("%s: the grid needs at least 3 rows and 3 columns, got %zux%zu",
				 side ? "--grid" : "--size", (size_t)h->rows, (size_t)h->cols);
		return EXIT_USAGE;
	}
	if (job->opt[OPT_STEPS].num == 0) {
		if (say)
			msg_warn("--steps: at least 1");
		return EXIT_USAGE;
	}
	if (job->tasks > h->rows - 2) {
		if (say)
			msg_warn("--tasks: at most one task per row, and the grid has %zu inside rows",
				 (size_t)(h->rows - 2));
		return EXIT_USAGE;
	}
	if (field && job->held_by < 0 && !job->planning) {
		if (!(f = fopen(field, "a"))) {
			msg_warn("--field: %s: %s", field, strerror(errno));
			return EXIT_RUNTIME;
		}
		fclose(f);
	}
	return 0;
}

static int heat_setup(struct job *job)
{
	uint64_t side = job->opt[OPT_GRID].num;
	struct heat *h = calloc(1, sizeof *h);
	struct slice s;
	int rc;

	if (!h) {
		msg_errno("calloc");
		return EXIT_RUNTIME;
	}
	job->data = h;
	h->rows = side ? side : job->size;
	h->cols = side ? side : COLS;
	if (job->tasks == 0 && h->rows >= 3)
		job->tasks = h->rows - 2 < TASKS ? h->rows - 2 : TASKS;
	if ((rc = heat_check(job, h, side)) != 0)
		return rc;
	job->steps = job->opt[OPT_STEPS].num;
	if (job->planning)
		return 0;
	s = slice_held(job);
	h->first = heat_first_row(job, s.next) - 1;	/* a halo row on each side */
	h->held = heat_first_row(job, s.end) + 1 - h->first;
	h->bytes = h->held * h->cols * sizeof(double);
	/* Shared, so that forked and procpool workers write the grids the others read. */
	if (!(h->grid[0] = shm_alloc(h->bytes)) || !(h->grid[1] = shm_alloc(h->bytes)))
		return EXIT_RUNTIME;	/* teardown frees what was made */
	heat_fill(job, h);
	return 0;
}

static void heat_teardown(struct job *job)
{
	struct heat *h = job->data;

	if (!h)
		return;
	for (int g = 0; g < 2; g++)
		if (h->grid[g])
			shm_free(h->grid[g], h->bytes);
	free(h);
}

/* One row of the next grid. Apart, so restrict tells the compiler the rows never overlap. */
static void heat_row_step(double *restrict out, const double *restrict up,
			  const double *restrict mid, const double *restrict down, uint64_t cols)
{
	for (uint64_t c = 1; c + 1 < cols; c++)
		out[c] = 0.25 * ((up[c] + down[c]) + (mid[c - 1] + mid[c + 1]));
}

/* The checksum: the sum of the cells' bit patterns, which whole-number wrap-around makes the
 * same in any order of adding, so it does not depend on the task count either. */
static uint64_t heat_row_sum(const double *row, uint64_t cols)
{
	uint64_t sum = 0, bits;

	for (uint64_t c = 0; c < cols; c++) {
		memcpy(&bits, &row[c], sizeof bits);
		sum += bits;
	}
	return sum;
}

/* Task i is block i % tasks of step i / tasks. The last step's tasks also sum their rows. */
static int heat_task(const struct job *job, size_t i, void *partial)
{
	const struct heat *h = job->data;
	size_t k = i / job->tasks, t = i % job->tasks;
	uint64_t sum = 0;

	for (uint64_t r = heat_first_row(job, t); r < heat_first_row(job, t + 1); r++) {
		double *out = heat_row(job, k + 1, r);

		heat_row_step(out, heat_row(job, k, r - 1), heat_row(job, k, r),
			      heat_row(job, k, r + 1), h->cols);
		if (k + 1 == job->steps)
			sum += heat_row_sum(out, h->cols);
	}
	*(uint64_t *)partial = sum;
	return 0;
}

/* The final grid as gnuplot's x y z, every n-th row and column so that it has at most FIELD_MAX
 * of each, each row ended by a blank line; the header names the plot for the runner. */
static int heat_field(const struct job *job, const char *path)
{
	const struct heat *h = job->data;
	uint64_t dr = (h->rows + FIELD_MAX - 1) / FIELD_MAX, dc = (h->cols + FIELD_MAX - 1) / FIELD_MAX;
	FILE *f = fopen(path, "w");

	if (!f) {
		msg_warn("--field: %s: %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	fprintf(f, "# title: heat: temperature after %zu steps on a %zux%zu grid (row 0 held hot, "
		"the last row cold)\n# xlabel: column\n# ylabel: row\n# cblabel: temperature\n"
		"# using: 1:2:3\n",
		job->steps, (size_t)h->rows, (size_t)h->cols);
	for (uint64_t r = 0; r < h->rows; r += dr) {
		const double *row = heat_row(job, job->steps, r);

		for (uint64_t c = 0; c < h->cols; c += dc)
			fprintf(f, "%zu %zu %.6g\n", (size_t)c, (size_t)r, row[c]);
		fprintf(f, "\n");
	}
	if (ferror(f) | (fclose(f) != 0)) {
		msg_warn("--field: %s: write failed: %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}

static int heat_finish(const struct job *job, const void *partials, size_t stride,
		       double seconds, struct kv *out)
{
	const struct heat *h = job->data;
	uint64_t sum = 0;
	char grid[48];

	(void)seconds;
	for (size_t t = 0; t < job->tasks; t++)
		sum += *(const uint64_t *)partial_get(partials, stride, (job->steps - 1) * job->tasks + t);
	snprintf(grid, sizeof grid, "%zux%zu", (size_t)h->rows, (size_t)h->cols);
	kv_u64(out, "result", sum);
	kv_str(out, "grid", grid);
	if (job->opt[OPT_FIELD].str)
		return heat_field(job, job->opt[OPT_FIELD].str);
	return 0;
}

static const struct workload heat = {
	.name = "heat",
	.about = "heat: 2-D heat diffusion, a 5-point stencil over a grid for K steps, with a barrier "
		 "(mpi: a halo exchange) between steps; tasks are blocks of rows; result = checksum "
		 "of the final grid.",
	.size_unit = "rows of the grid (1024 columns each)",
	.kind = "cpu",
	.byproduct = { "--field", "heat-field.dat", "heatmap" },
	.tasks_rule = "rows",
	.sizes = { 200, 1300, 13000 },
	.partial_bytes = sizeof(uint64_t),
	.size_max = 10000000,
	.opts = {
		[OPT_GRID] = { .flag = "--grid", .max = 100000,
			.help = "an N x N grid instead (default: --size rows of 1024 columns)" },
		[OPT_STEPS] = { .flag = "--steps", .def = STEPS, .max = 1000000,
			.help = "time steps (default 500)" },
		[OPT_FIELD] = { .flag = "--field", .metavar = "FILE",
			.help = "also write the final grid, gnuplot-ready (x y z)" },
	},
	.halo = { heat_first_row, heat_row, heat_row_bytes },
	.tasks_for = heat_tasks,
	.tasks_most = heat_tasks_most,
	.setup = heat_setup,
	.task = heat_task,
	.finish = heat_finish,
	.teardown = heat_teardown,
};

BENCH_MAIN(heat)
