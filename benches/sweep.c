/* sweep.c: the seeds' 2-D parameter map. Each grid point is a mean-field model of CO oxidation on
 * a catalyst (CO and O2 adsorb, CO2 leaves), integrated with fixed-step RK4 to its steady state;
 * the point's value is the CO2 turnover frequency. Tasks are rows of the grid, so with the
 * default 10 rows no more than 10 workers can help: the granularity lesson. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/args.h"
#include "lib/msg.h"
#include "lib/workload.h"

enum { OPT_GRID, OPT_MAP };

struct grid {
	size_t rows, cols;
};

/* Rate constants (1/s): adsorption of CO and O2, CO desorption, surface reaction. */
#define K_CO 1.0
#define K_O2 1.0
#define K_DES 0.1
#define K_R 10.0
#define DT 0.002

struct cover {
	double co, o;	/* fractions of sites covered by CO and by O */
};

static struct cover rates(struct cover c, double p_co, double p_o2)
{
	double free = 1.0 - c.co - c.o, react = K_R * c.co * c.o;

	return (struct cover){ K_CO * p_co * free - K_DES * c.co - react,
			       2.0 * K_O2 * p_o2 * free * free - react };
}

static struct cover step(struct cover c, double p_co, double p_o2)
{
	struct cover k1 = rates(c, p_co, p_o2);
	struct cover k2 = rates((struct cover){ c.co + DT / 2 * k1.co, c.o + DT / 2 * k1.o }, p_co, p_o2);
	struct cover k3 = rates((struct cover){ c.co + DT / 2 * k2.co, c.o + DT / 2 * k2.o }, p_co, p_o2);
	struct cover k4 = rates((struct cover){ c.co + DT * k3.co, c.o + DT * k3.o }, p_co, p_o2);

	return (struct cover){ c.co + DT / 6 * (k1.co + 2 * k2.co + 2 * k3.co + k4.co),
			       c.o + DT / 6 * (k1.o + 2 * k2.o + 2 * k3.o + k4.o) };
}

/* The grid's pressures: rows vary CO, columns vary O2, both from 0.05 to 1 bar. */
static double pressure(size_t k, size_t n)
{
	return n > 1 ? 0.05 + 0.95 * (double)k / (double)(n - 1) : 0.5;
}

static double turnover(uint64_t steps, double p_co, double p_o2)
{
	struct cover c = { 0, 0 };

	for (uint64_t s = 0; s < steps; s++)
		c = step(c, p_co, p_o2);
	return K_R * c.co * c.o;
}

static size_t sweep_tasks(uint64_t size)
{
	(void)size;
	return 0;	/* setup sets one task per row, once it knows the grid */
}

static int sweep_setup(struct job *job)
{
	const char *text = job->opt[OPT_GRID].str ? job->opt[OPT_GRID].str : "10x10";
	char rows[32], *x;
	struct grid *g;
	uint64_t r, c;

	if (strlen(text) >= sizeof rows || !(x = strchr(strcpy(rows, text), 'x'))) {
		msg_warn("--grid: expected ROWSxCOLS such as 10x10, got '%.40s'", text);
		return EXIT_USAGE;
	}
	*x = '\0';
	if (args_parse_u64(rows, 1, 100000, &r) || args_parse_u64(x + 1, 1, 100000, &c)) {
		msg_warn("--grid: expected ROWSxCOLS, each from 1 to 100000, got '%.40s'", text);
		return EXIT_USAGE;
	}
	if (job->tasks == 0)
		job->tasks = r;
	if (job->tasks > r) {
		msg_warn("--tasks: at most one task per row, and the grid has %zu rows", (size_t)r);
		return EXIT_USAGE;
	}
	g = malloc(sizeof *g);
	if (!g) {
		msg_errno("malloc");
		return EXIT_RUNTIME;
	}
	*g = (struct grid){ r, c };
	job->data = g;
	job->partial_bytes = share_most(r, job->tasks) * c * sizeof(double);
	return 0;
}

static void sweep_teardown(struct job *job)
{
	free(job->data);
}

static int sweep_task(const struct job *job, size_t t, void *partial)
{
	const struct grid *g = job->data;
	double *tof = partial;

	for (size_t r = share_begin(g->rows, job->tasks, t); r < share_begin(g->rows, job->tasks, t + 1); r++)
		for (size_t c = 0; c < g->cols; c++)
			*tof++ = turnover(job->size, pressure(r, g->rows), pressure(c, g->cols));
	return 0;
}

static int sweep_map(const struct job *job, const void *partials, size_t stride, const char *path)
{
	const struct grid *g = job->data;
	FILE *f = fopen(path, "w");

	if (!f) {
		msg_warn("--map: %s: %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	fprintf(f, "# p_co p_o2 tof   (gnuplot: splot '%s' with pm3d)\n"
		"# title: sweep: CO2 turnover frequency over the (p_CO, p_O2) grid\n"
		"# xlabel: p_O2 (bar)\n# ylabel: p_CO (bar)\n# cblabel: turnover frequency (1/s)\n"
		"# using: 2:1:3\n", path);
	for (size_t t = 0; t < job->tasks; t++) {
		const double *tof = partial_get(partials, stride, t);

		for (size_t r = share_begin(g->rows, job->tasks, t); r < share_begin(g->rows, job->tasks, t + 1); r++) {
			for (size_t c = 0; c < g->cols; c++)
				fprintf(f, "%.4f %.4f %.9g\n", pressure(r, g->rows), pressure(c, g->cols), *tof++);
			fprintf(f, "\n");	/* a blank line ends a grid row for gnuplot */
		}
	}
	if (ferror(f) | (fclose(f) != 0)) {
		msg_warn("--map: %s: write failed: %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}

static int sweep_finish(const struct job *job, const void *partials, size_t stride,
			double seconds, struct kv *out)
{
	const struct grid *g = job->data;
	double total = 0;
	char result[64], grid[48];

	(void)seconds;
	for (size_t t = 0; t < job->tasks; t++) {
		const double *tof = partial_get(partials, stride, t);
		size_t n = (share_begin(g->rows, job->tasks, t + 1) - share_begin(g->rows, job->tasks, t)) * g->cols;

		for (size_t k = 0; k < n; k++)
			total += tof[k];	/* in task order, so the sum's rounding never changes */
	}
	snprintf(result, sizeof result, "%.15e", total);
	snprintf(grid, sizeof grid, "%zux%zu", g->rows, g->cols);
	kv_str(out, "result", result);
	kv_str(out, "grid", grid);
	if (job->opt[OPT_MAP].str)
		return sweep_map(job, partials, stride, job->opt[OPT_MAP].str);
	return 0;
}

static const struct workload sweep = {
	.name = "sweep",
	.about = "sweep: 2-D map of a CO-oxidation kinetics model, one RK4 integration per point; "
		 "tasks are grid rows.",
	.size_unit = "RK4 steps per grid point",
	.kind = "cpu",
	.byproduct = { "--map", "sweep-map.dat", "heatmap" },
	.tasks_rule = "rows",
	.irregular = 1,
	.sizes = { 33000, 330000, 3300000 },
	.size_max = UINT64_C(1) << 40,
	.opts = {
		[OPT_GRID] = { .flag = "--grid", .metavar = "RxC",
			.help = "grid rows x columns (default 10x10)" },
		[OPT_MAP] = { .flag = "--map", .metavar = "FILE",
			.help = "also write the map, gnuplot-ready (x y z)" },
	},
	.tasks_for = sweep_tasks,
	.setup = sweep_setup,
	.task = sweep_task,
	.finish = sweep_finish,
	.teardown = sweep_teardown,
};

BENCH_MAIN(sweep)
