/* results.c: reading back a results folder's summary.csv, for `runner compare` and the
 * --dry-run estimate. */
#include "results.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"

/* Split a CSV line on commas (summary.csv has no quoted fields) into at most max fields. */
static int csv_split(char *line, char **fields, int max)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	for (char *p = line; n < max;) {
		fields[n++] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = '\0';
	}
	return n;
}

static int column(char **head, int n, const char *name)
{
	for (int k = 0; k < n; k++)
		if (!strcmp(head[k], name))
			return k;
	return -1;
}

int results_read(const char *dir, struct results *t)
{
	static const char *need[] = { "bench", "variant", "workers", "median_s", "ci_low_s",
				      "ci_high_s", "speedup" };
	char path[1100], head[2048], line[2048], *hf[64], *f[64];
	int col[7], nh, size_col, time_col;
	size_t cap = 0;
	FILE *in;

	snprintf(path, sizeof path, "%s/summary.csv", dir);
	in = fopen(path, "r");
	if (!in) {
		msg_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	t->rows = NULL;
	t->n = 0;
	nh = fgets(head, sizeof head, in) ? csv_split(head, hf, 64) : 0;
	for (int k = 0; k < 7; k++) {
		if ((col[k] = column(hf, nh, need[k])) < 0) {
			msg_warn("%s: not a summary.csv: no column '%s'", path, need[k]);
			fclose(in);
			return -1;
		}
	}
	size_col = column(hf, nh, "size");	/* optional: older folders may lack it */
	time_col = column(hf, nh, "time");	/* likewise: they timed whole runs */
	while (fgets(line, sizeof line, in)) {
		int n = csv_split(line, f, 64);
		struct results_row r;

		for (int k = 0; k < 7; k++)
			if (col[k] >= n)
				goto bad_row;
		snprintf(r.bench, sizeof r.bench, "%s", f[col[0]]);
		snprintf(r.variant, sizeof r.variant, "%s", f[col[1]]);
		r.workers = atoi(f[col[2]]);
		r.median = strtod(f[col[3]], NULL);
		r.ci_low = strtod(f[col[4]], NULL);
		r.ci_high = strtod(f[col[5]], NULL);
		r.speedup = strtod(f[col[6]], NULL);
		snprintf(r.size, sizeof r.size, "%s", size_col >= 0 && size_col < n ? f[size_col] : "");
		snprintf(r.time, sizeof r.time, "%s", time_col >= 0 && time_col < n ? f[time_col] :
			 "whole");
		if (t->n == cap) {
			struct results_row *rows = realloc(t->rows, (cap = cap ? 2 * cap : 64) * sizeof *rows);

			if (!rows) {
				msg_errno("realloc");
				fclose(in);
				return -1;
			}
			t->rows = rows;
		}
		t->rows[t->n++] = r;
		continue;
bad_row:
		msg_warn("%s: skipping a short row", path);
	}
	fclose(in);
	return 0;
}

