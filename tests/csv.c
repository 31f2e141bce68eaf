/* csv.c: the test's CSV reader of csv.h. */
#include "csv.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

/* Split one line into fields; returns how many, or -1 when there are more than max. */
static int csv_split(const char *p, char f[][200], int max)
{
	int n = 0;

	for (;;) {
		size_t k = 0;

		if (n == max)
			return -1;
		if (*p == '"') {
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;	/* "" is one quote */
				if (k < 199)
					f[n][k++] = *p;
			}
			if (*p == '"')
				p++;
		} else {
			for (; *p && *p != ',' && *p != '\n'; p++)
				if (k < 199)
					f[n][k++] = *p;
		}
		f[n++][k] = '\0';
		if (*p != ',')
			return n;
		p++;
	}
}

struct csv *csv_load(const char *dir, const char *name)
{
	static char text[65536];
	struct csv *c = calloc(1, sizeof *c);
	char *line, *save = NULL;

	cr_assert_not_null(c);
	slurp(dir, name, text, sizeof text);
	line = strtok_r(text, "\n", &save);
	cr_assert_not_null(line, "%s: empty", name);
	snprintf(c->header_line, sizeof c->header_line, "%s", line);
	c->ncols = csv_split(line, c->head, CSV_COLS);
	cr_assert_gt(c->ncols, 0, "%s: header", name);
	while ((line = strtok_r(NULL, "\n", &save))) {
		int n;

		cr_assert_lt(c->nrows, CSV_ROWS, "%s: too many rows for this test", name);
		n = csv_split(line, c->cell[c->nrows], CSV_COLS);
		cr_assert_eq(n, c->ncols, "%s: row %d has %d fields, the header %d: %s", name,
			     c->nrows + 1, n, c->ncols, line);
		c->nrows++;
	}
	return c;
}

const char *cell(const struct csv *c, int row, const char *col)
{
	for (int k = 0; k < c->ncols; k++)
		if (!strcmp(c->head[k], col))
			return c->cell[row][k];
	cr_assert_fail("no column '%s' in: %s", col, c->header_line);
	return NULL;
}

int find_row(const struct csv *c, const char *bench, const char *variant, int workers)
{
	for (int r = 0; r < c->nrows; r++)
		if (!strcmp(cell(c, r, "bench"), bench) && !strcmp(cell(c, r, "variant"), variant) &&
		    atoi(cell(c, r, "workers")) == workers)
			return r;
	cr_assert_fail("no row for %s %s on %d in: %s", bench, variant, workers, c->header_line);
	return -1;
}

int count_runs(const struct csv *c, const char *variant, int workers, const char *status)
{
	int n = 0;

	for (int r = 0; r < c->nrows; r++)
		n += !strcmp(cell(c, r, "variant"), variant) && atoi(cell(c, r, "workers")) == workers &&
		     (!status || !strcmp(cell(c, r, "status"), status));
	return n;
}

double num(const struct csv *c, int row, const char *col)
{
	return strtod(cell(c, row, col), NULL);
}
