/* publish.h: from measured runs to a results folder's every file, the one way both a sweep and
 * `runner plots DIR` write them. */
#ifndef PARBENCH_PUBLISH_H
#define PARBENCH_PUBLISH_H

#include "plot.h"
#include "sweep.h"

/* Analyse sw, then write summary.csv, fits.csv, results.json, the .dat files, the plots and
 * report.md into dir (runs.csv and machine.txt are the caller's). machine: one line; how,
 * sizing, warnings: as report_write takes them. Returns 0, or -1 when a file could not be
 * written (a plot that failed is only warned about). */
int publish_results(struct sweep *sw, const char *dir, struct plotter *pl, const char *machine,
		    const char *method, const char *sizing, const char *warnings);
/* What the report says about the sweep itself, which runs.csv does not hold: kept in
 * dir/sweep.txt ("how: ...", "scaling: weak|strong", "interrupted: 0|1", then a "sizing: " line
 * per bench and a "warning: " line per line of the warnings), so that `runner plots DIR` writes
 * the same report again. */
struct sweep_notes {
	char method[512], sizing[4096], warnings[2048];
	int weak;		/* --scaling weak */
	int interrupted;	/* Ctrl-C stopped it */
};
int publish_notes_write(const char *dir, const struct sweep_notes *n);
/* Fills n from dir/sweep.txt; a folder without one gets a how that says so. */
void publish_notes_read(const char *dir, struct sweep_notes *n);
/* runner plots DIR [--help]: analyse and draw a folder again from its runs.csv (or, for a folder
 * without one, replay its plots.txt). Returns the exit status. */
int publish_redraw_main(int argc, char **argv, const char *argv0);

#endif
