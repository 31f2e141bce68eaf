/* csv.h: the runner's CSV files read back as a spreadsheet would: quoted fields may hold commas
 * and "". Not runner/csv.c, the runner's own reader: this one checks what that one forgives, and
 * fails the test on a row whose fields do not match its header. Columns are found by name. */
#ifndef PARBENCH_TEST_CSV_H
#define PARBENCH_TEST_CSV_H

#define CSV_COLS 48
#define CSV_ROWS 64

struct csv {
	int ncols, nrows;
	char head[CSV_COLS][200];
	char cell[CSV_ROWS][CSV_COLS][200];
	char header_line[1024];
};

/* dir/name, whole; fails the test on a missing file or a ragged row. Free it with free(). */
struct csv *csv_load(const char *dir, const char *name);
/* Row row's field in column col; fails the test when there is no such column. */
const char *cell(const struct csv *c, int row, const char *col);
/* The row where bench, variant and workers are as given; fails the test when there is none. */
int find_row(const struct csv *c, const char *bench, const char *variant, int workers);
/* How many rows of runs.csv belong to a point and have this status (NULL: any). */
int count_runs(const struct csv *c, const char *variant, int workers, const char *status);
/* cell() as a number. */
double num(const struct csv *c, int row, const char *col);

#endif
