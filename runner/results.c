/* results.c: reading back a results folder's summary.csv, for `runner compare` and the
 * --dry-run estimate. */
#include "results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "lib/msg.h"

int results_read(const char *dir, struct results *t)
{
	static const char *need[] = { "bench", "variant", "workers", "median_s", "ci_low_s",
				      "ci_high_s", "speedup" };
	struct csv_table c;
	int col[7], size_col, time_col;

	t->rows = NULL;
	t->n = 0;
	if (csv_read(dir, "summary.csv", &c) != 0)
		return -1;
	for (int k = 0; k < 7; k++) {
		if ((col[k] = csv_column(&c, need[k])) < 0) {
			msg_warn("%s/summary.csv: not a summary.csv: no column '%s'", dir, need[k]);
			csv_free(&c);
			return -1;
		}
	}
	size_col = csv_column(&c, "size");	/* optional: older folders may lack it */
	time_col = csv_column(&c, "time");	/* likewise: they timed whole runs */
	t->rows = calloc(c.nrows ? c.nrows : 1, sizeof *t->rows);
	if (!t->rows) {
		msg_errno("calloc");
		csv_free(&c);
		return -1;
	}
	for (size_t i = 0; i < c.nrows; i++) {
		struct results_row *r = &t->rows[t->n++];

		snprintf(r->bench, sizeof r->bench, "%s", csv_cell(&c, i, col[0]));
		snprintf(r->variant, sizeof r->variant, "%s", csv_cell(&c, i, col[1]));
		r->workers = atoi(csv_cell(&c, i, col[2]));
		r->median = strtod(csv_cell(&c, i, col[3]), NULL);
		r->ci_low = strtod(csv_cell(&c, i, col[4]), NULL);
		r->ci_high = strtod(csv_cell(&c, i, col[5]), NULL);
		r->speedup = strtod(csv_cell(&c, i, col[6]), NULL);
		snprintf(r->size, sizeof r->size, "%s", csv_cell(&c, i, size_col));
		snprintf(r->time, sizeof r->time, "%s", time_col >= 0 ? csv_cell(&c, i, time_col) :
			 "whole");
	}
	csv_free(&c);
	return 0;
}
