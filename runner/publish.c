/* publish.c: the analysis and the files that follow from it. */
#include "publish.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/msg.h"
#include "csv.h"
#include "json.h"
#include "keyfile.h"
#include "output.h"
#include "reload.h"
#include "report.h"

int publish_results(struct sweep *sw, const char *dir, struct plotter *pl, const char *machine,
		    const char *method, const char *sizing, const char *warnings)
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
	err |= report_write(sw, dir, machine, method, sizing, warnings);
	return err ? -1 : 0;
}

int publish_notes_write(const char *dir, const struct sweep_notes *n)
{
	const char *lists[2][2] = { { "sizing", n->sizing }, { "warning", n->warnings } };
	struct outfile o;

	if (outfile_open(&o, dir, "sweep.txt") != 0)
		return -1;
	fprintf(o.f, "how: %s\nscaling: %s\ninterrupted: %d\n", n->method, n->weak ? "weak" : "strong",
		n->interrupted);
	for (int k = 0; k < 2; k++)
		for (const char *l = lists[k][1]; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0))
			fprintf(o.f, "%s: %.*s\n", lists[k][0], (int)strcspn(l, "\n"), l);
	return outfile_commit(&o);
}

static void note_pair(const char *key, const char *v, void *arg)
{
	struct sweep_notes *n = arg;

	if (!strcmp(key, "how"))
		snprintf(n->method, sizeof n->method, "%s", v);
	else if (!strcmp(key, "scaling"))
		n->weak = !strcmp(v, "weak");
	else if (!strcmp(key, "interrupted"))
		n->interrupted = atoi(v) != 0;
	else if (!strcmp(key, "sizing") || !strcmp(key, "warning")) {
		char *to = key[0] == 's' ? n->sizing : n->warnings;
		size_t len = key[0] == 's' ? sizeof n->sizing : sizeof n->warnings, k = strlen(to);

		snprintf(to + k, len - k, "%s\n", v);	/* a line each, as the report takes them */
	}
}

void publish_notes_read(const char *dir, struct sweep_notes *n)
{
	snprintf(n->method, sizeof n->method, "analysed again by `runner plots` from runs.csv (this "
		 "folder has no sweep.txt, so the sweep's settings and warnings are not known)");
	n->sizing[0] = n->warnings[0] = '\0';
	n->weak = n->interrupted = 0;
	keyfile_each(dir, "sweep.txt", note_pair, n);
}

/* Whether summary.csv says some serial time was estimated (weak scaling past --timeout). */
static int has_estimates(const char *dir)
{
	struct csv_table t;
	char path[1200];
	int c, found = 0;

	snprintf(path, sizeof path, "%s/summary.csv", dir);
	if (access(path, R_OK) != 0 || csv_read(dir, "summary.csv", &t) != 0)
		return 0;
	c = csv_column(&t, "serial");
	for (size_t r = 0; r < t.nrows && !found; r++)
		found = !strcmp(csv_cell(&t, r, c), "estimated");
	csv_free(&t);
	return found;
}

static int redraw(struct plotter *pl, const char *dir)
{
	struct sweep sw = { 0 };
	struct sweep_notes notes;
	struct reloaded in;
	int rc;

	if (has_estimates(dir)) {
		msg_warn("%s: its weak-scaling serial times past --timeout were estimated, and "
			 "runs.csv holds no runs of them: drawing its plots again from its gnuplot data, "
			 "without analysing it again", dir);
		return plot_replay(pl, dir) ? -1 : 0;
	}
	if (reload_sweep(dir, &sw, &in) != 0) {
		sweep_free(&sw);
		return -1;
	}
	publish_notes_read(dir, &notes);
	sw.weak |= notes.weak;
	sw.interrupted = notes.interrupted;
	rc = publish_results(&sw, dir, pl, in.machine, notes.method, notes.sizing, notes.warnings);
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
