/* publish.c: the analysis and the files that follow from it. */
#include "publish.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/msg.h"
#include "json.h"
#include "output.h"
#include "reload.h"
#include "report.h"

int publish_results(struct sweep *sw, const char *dir, struct plotter *pl, const char *machine,
		    const char *how, const char *sizing, const char *warnings)
{
	int err = 0;

	sweep_analyse(sw);
	err |= output_summary_csv(sw, dir);
	err |= output_fits_csv(sw, dir);
	err |= output_dat(sw, dir);
	err |= json_write(sw, dir, machine);
	if (plot_sweep(pl, sw, dir, machine) != 0)
		msg_warn(err ? "some plots failed" : "some plots failed; the tables and CSV files are "
			 "complete");
	err |= report_write(sw, dir, machine, how, sizing, warnings);
	return err ? -1 : 0;
}

int publish_notes_write(const char *dir, const struct sweep_notes *n)
{
	const char *lists[2][2] = { { "sizing", n->sizing }, { "warning", n->warnings } };
	struct outfile o;

	if (outfile_open(&o, dir, "sweep.txt") != 0)
		return -1;
	fprintf(o.f, "how: %s\n", n->how);
	for (int k = 0; k < 2; k++)
		for (const char *l = lists[k][1]; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0))
			fprintf(o.f, "%s: %.*s\n", lists[k][0], (int)strcspn(l, "\n"), l);
	return outfile_commit(&o);
}

void publish_notes_read(const char *dir, struct sweep_notes *n)
{
	char path[1200], line[1024];
	FILE *f;

	snprintf(n->how, sizeof n->how, "analysed again by `runner plots` from runs.csv (this "
		 "folder has no sweep.txt, so the sweep's settings and warnings are not known)");
	n->sizing[0] = n->warnings[0] = '\0';
	snprintf(path, sizeof path, "%s/sweep.txt", dir);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof line, f)) {
		char *v = strchr(line, ':');

		if (!v || v[1] != ' ')
			continue;
		*v = '\0';
		v += 2;
		if (!strcmp(line, "how"))
			snprintf(n->how, sizeof n->how, "%.*s", (int)strcspn(v, "\n"), v);
		else if (!strcmp(line, "sizing"))
			strncat(n->sizing, v, sizeof n->sizing - strlen(n->sizing) - 1);
		else if (!strcmp(line, "warning"))
			strncat(n->warnings, v, sizeof n->warnings - strlen(n->warnings) - 1);
	}
	fclose(f);
}

static int redraw(struct plotter *pl, const char *dir)
{
	struct sweep sw = { 0 };
	struct sweep_notes notes;
	struct reloaded in;
	int rc;

	if (reload_sweep(dir, &sw, &in) != 0) {
		sweep_free(&sw);
		return -1;
	}
	publish_notes_read(dir, &notes);
	rc = publish_results(&sw, dir, pl, in.machine, notes.how, notes.sizing, notes.warnings);
	if (rc == 0)
		printf("%s: analysed %zu runs of %zu points again: report.md, summary.csv, fits.csv "
		       "and the plots rewritten\n", dir, sw.nruns, sw.npts);
	sweep_free(&sw);
	return rc;
}

int publish_redraw_main(int argc, char **argv, const char *argv0)
{
	static const struct argspec flags[] = { { "--help", NULL, "show this help" } };
	const char *dir = NULL, *value;
	char runs[1200];
	struct argparse ap;
	struct plotter pl;

	if (argc > 1 && strncmp(argv[1], "--", 2)) {
		dir = argv[1];
		argv++;
		argc--;
	}
	argparse_init(&ap, argc, argv, flags, 1);
	if (argparse_next(&ap, &value) >= 0) {
		printf("usage: runner plots DIR\n\nAnalyses a results folder again from its runs.csv "
		       "and machine.txt, and rewrites its summary.csv, fits.csv, gnuplot data, plots "
		       "and report.md; a folder without runs.csv has its plots drawn again from the "
		       "gnuplot data it holds.\n");
		argparse_help(stdout, flags, 1);
		return 0;
	}
	if (!dir || !*dir)
		msg_usage("plots needs a results folder: runner plots DIR");
	if (plot_init(&pl, argv0, NULL) != 0)
		return EXIT_RUNTIME;
	snprintf(runs, sizeof runs, "%s/runs.csv", dir);
	if (access(runs, R_OK) == 0)
		return redraw(&pl, dir) ? EXIT_RUNTIME : 0;
	return plot_replay(&pl, dir) ? EXIT_RUNTIME : 0;
}
