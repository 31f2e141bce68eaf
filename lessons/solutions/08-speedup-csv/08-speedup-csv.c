/* 08-speedup-csv.c: read the header to learn where the four columns are, read every row, and only
 * then compute: a bench's serial row may come after its other rows. */
#include "08-speedup-csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_LEN 1024
#define FIELDS_MAX 64

enum { COL_BENCH, COL_VARIANT, COL_WORKERS, COL_MEDIAN, NCOLS };
static const char *const col_names[NCOLS] = { "bench", "variant", "workers", "median_s" };

static double karp_flatt(double speedup, int p)
{
	if (p <= 1 || speedup <= 0)
		return NAN;
	return (1 / speedup - 1.0 / p) / (1 - 1.0 / p);
}

/* Copy the line at *p into buf without its "\n" or "\r\n", and step past it.
 * Returns its length, -1 at the end of the text, or -2 if it does not fit. */
static long line_next(const char **p, char *buf)
{
	size_t len = strcspn(*p, "\n"), step = (*p)[len] ? len + 1 : len;

	if (**p == '\0')
		return -1;
	if (len >= LINE_MAX_LEN)
		return -2;
	memcpy(buf, *p, len);
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	*p += step;
	return len;
}

/* Split line in place at its commas. Returns the number of fields, or -1 if too many. */
static int line_split(char *line, char **fields)
{
	int n = 0;

	for (;;) {
		if (n == FIELDS_MAX)
			return -1;
		fields[n++] = line;
		line = strchr(line, ',');
		if (!line)
			return n;
		*line++ = '\0';
	}
}

/* One data line's fields into row. Returns 0, or -1 after a message. */
static int row_fill(struct speedup_row *row, char **f, const int *col, int lineno)
{
	char *end;
	long w;

	if (strlen(f[col[COL_BENCH]]) >= SPEEDUP_NAME_MAX ||
	    strlen(f[col[COL_VARIANT]]) >= SPEEDUP_NAME_MAX) {
		fprintf(stderr, "speedup_parse: line %d: a name longer than %d characters\n", lineno,
			SPEEDUP_NAME_MAX - 1);
		return -1;
	}
	strcpy(row->bench, f[col[COL_BENCH]]);
	strcpy(row->variant, f[col[COL_VARIANT]]);
	errno = 0;
	w = strtol(f[col[COL_WORKERS]], &end, 10);
	if (end == f[col[COL_WORKERS]] || *end || errno || w < 1 || w > 1 << 20) {
		fprintf(stderr, "speedup_parse: line %d: workers: expected a whole number from 1, "
			"got '%s'\n", lineno, f[col[COL_WORKERS]]);
		return -1;
	}
	row->workers = (int)w;
	errno = 0;
	row->median_s = strtod(f[col[COL_MEDIAN]], &end);
	if (end == f[col[COL_MEDIAN]] || *end || errno || !(row->median_s > 0) ||
	    isinf(row->median_s)) {	/* !(x > 0) also rejects nan */
		fprintf(stderr, "speedup_parse: line %d: median_s: expected a number above 0, "
			"got '%s'\n", lineno, f[col[COL_MEDIAN]]);
		return -1;
	}
	return 0;
}

int speedup_parse(const char *csv, struct speedup_row *rows, int max)
{
	char line[LINE_MAX_LEN], *f[FIELDS_MAX];
	int col[NCOLS], nfields, n = 0, lineno = 1;
	long len = line_next(&csv, line);

	if (len < 0 || (nfields = line_split(line, f)) < 0) {
		fprintf(stderr, "speedup_parse: no header line, or one too long\n");
		return -1;
	}
	for (int c = 0; c < NCOLS; c++) {
		for (col[c] = 0; col[c] < nfields && strcmp(f[col[c]], col_names[c]) != 0; col[c]++)
			;
		if (col[c] == nfields) {
			fprintf(stderr, "speedup_parse: the header has no column '%s'\n", col_names[c]);
			return -1;
		}
	}
	while ((len = line_next(&csv, line)) != -1) {
		lineno++;
		if (len == -2) {
			fprintf(stderr, "speedup_parse: line %d: longer than %d\n", lineno, LINE_MAX_LEN - 1);
			return -1;
		}
		if (len == 0)
			continue;
		if (line_split(line, f) != nfields) {
			fprintf(stderr, "speedup_parse: line %d: not %d fields as in the header\n", lineno,
				nfields);
			return -1;
		}
		if (n == max) {
			fprintf(stderr, "speedup_parse: line %d: more than %d rows\n", lineno, max);
			return -1;
		}
		if (row_fill(&rows[n], f, col, lineno) != 0)
			return -1;
		n++;
	}
	for (int i = 0; i < n; i++) {
		int s;

		for (s = 0; s < n; s++)
			if (!strcmp(rows[s].bench, rows[i].bench) && !strcmp(rows[s].variant, "serial"))
				break;
		if (s == n) {
			fprintf(stderr, "speedup_parse: bench %s has no serial row\n", rows[i].bench);
			return -1;
		}
		rows[i].speedup = rows[s].median_s / rows[i].median_s;
		rows[i].efficiency = rows[i].speedup / rows[i].workers;
		rows[i].karp_flatt = karp_flatt(rows[i].speedup, rows[i].workers);
	}
	return n;
}
