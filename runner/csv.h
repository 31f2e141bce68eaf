/* csv.h: reading back the runner's own CSV files (RFC 4180 quoting: a field in double quotes may
 * hold commas, and "" is one quote), a table at a time, columns found by name. */
#ifndef PARBENCH_CSV_H
#define PARBENCH_CSV_H

#include <stddef.h>

#define CSV_MAX_FIELDS 64

struct csv_table {
	char *text;		/* the file, split in place */
	char *head[CSV_MAX_FIELDS];
	int ncols;
	char ***rows;		/* rows[r][c], every row ncols wide (short rows padded with "") */
	size_t nrows;
};

/* dir/name into t. Returns 0, or -1 after a message (missing file, no header, no memory). */
int csv_read(const char *dir, const char *name, struct csv_table *t);
/* The column's index, or -1. */
int csv_column(const struct csv_table *t, const char *name);
/* Row r's field in column c, "" when c < 0. */
const char *csv_cell(const struct csv_table *t, size_t r, int c);
void csv_free(struct csv_table *t);

#endif
