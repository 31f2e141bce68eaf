/* summary.c: what a finished sweep says on the terminal: the tables and charts, the files it
 * wrote, and what the runner itself cost. */
#include "summary.h"

#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/msg.h"
#include "output.h"

/* The plots that are drawn only for some benches: listed when they are there. */
static void summary_some_plots(const struct sweep *sw, const char *dir, const char *bench)
{
	char path[PATH_MAX + 200], name[128];

	snprintf(path, sizeof path, "%s/%s.png", dir, bench);
	if (sweep_has_cost(sw, bench) && access(path, F_OK) == 0)
		printf("  %s\n", path);
	snprintf(path, sizeof path, "%s/%s-throughput.png", dir, bench);
	if (access(path, F_OK) == 0)
		printf("  %s\n", path);
	snprintf(path, sizeof path, "%s/%s-start.png", dir, bench);
	if (access(path, F_OK) == 0)
		printf("  %s\n", path);
	if (plot_byproduct_png(sw, bench, name, sizeof name) == 0) {
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (access(path, F_OK) == 0)
			printf("  %s\n", path);
	}
}

void summary_print(const struct sweep *sw, struct plotter *pl, const char *dir)
{
	const char *benches[64];
	size_t nb = sweep_benches(sw, benches, 64);
	static const char *files[] = { "report.md", "summary.csv", "runs.csv", "fits.csv", "machine.txt" };

	output_tables(sw, stdout);
	for (size_t b = 0; b < nb && pl->have_gnuplot; b++)
		plot_text_chart(pl, sw, dir, benches[b], stdout);
	printf("\nwrote:\n");
	for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
		printf("  %s/%s\n", dir, files[k]);
	for (size_t b = 0; b < nb; b++) {
		printf("  %s/%s.dat", dir, benches[b]);
		if (pl->have_gnuplot)
			printf(", %s-speedup.png, %s-efficiency.png", benches[b], benches[b]);
		printf("\n");
	}
	for (size_t b = 0; b < nb && pl->have_gnuplot; b++)
		summary_some_plots(sw, dir, benches[b]);
	if (!pl->have_gnuplot)
		printf("gnuplot was not found, so no plots were drawn. Install it (Debian: apt-get "
		       "install gnuplot-nox), then run: make plots DIR=%s\n", dir);
	fflush(stdout);
}

void summary_cost(const struct sweep *sw)
{
	double runs = 0, timed = 0;

	for (size_t i = 0; i < sw->nruns; i++) {
		runs += sw->runs[i].wall_s;
		timed += sw->runs[i].seconds;
	}
	fprintf(stderr, "%s: %zu runs in %.1f s; their processes took %.1f s (timed sections "
		"%.1f s); the runner's own work between them %.3f s (%.2f%% of the timed sections)\n",
		msg_prog(), sw->nruns, sw->measuring_s, runs, timed, sw->measuring_s - runs,
		timed > 0 ? 100 * (sw->measuring_s - runs) / timed : 0.0);
}
