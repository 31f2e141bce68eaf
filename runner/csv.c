/* csv.c: the whole file in memory, each line split in place. */
#include "csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"

/* Split the line at *pos into at most max fields, unquoting in place; *pos moves to the next
 * line. Returns the number of fields. */
static int csv_split(char **pos, char **f, int max)
{
	char *p = *pos, *w;
	int n = 0;

	for (;;) {
		w = p;
		if (n < max)
			f[n] = w;
		n += n < max;
		if (*p == '"') {
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;	/* "" is one quote */
				*w++ = *p;
			}
			if (*p == '"')
				p++;
			while (*p && *p != ',' && *p != '\n')
				p++;
		} else {
			while (*p && *p != ',' && *p != '\n' && *p != '\r')
				*w++ = *p++;
			while (*p == '\r')
				p++;
		}
		if (*p != ',') {
			*pos = *p ? p + 1 : p;
			*w = '\0';
			return n;
		}
		*w = '\0';
		p++;
	}
}

/* The whole file into t->text, NUL-terminated. Returns 0, or -1 after a message. */
static int csv_slurp(const char *path, struct csv_table *t)
{
	size_t cap = 0, len = 0, got;
	FILE *f = fopen(path, "r");
	int rc = -1;

	if (!f) {
		msg_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (len + 4096 + 1 > cap) {
			char *more = realloc(t->text, cap = 2 * cap + 8192);

			if (!more) {
				msg_errno("realloc");
				goto out_close;
			}
			t->text = more;
		}
		got = fread(t->text + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	if (ferror(f)) {
		msg_warn("%s: %s", path, strerror(errno));
		goto out_close;
	}
	t->text[len] = '\0';
	rc = 0;
out_close:
	fclose(f);
	return rc;
}

/* The rows after the header, from pos on, each padded to the header's width. */
static int csv_rows(char *pos, struct csv_table *t)
{
	for (size_t rcap = 0; *pos;) {
		char *f[CSV_MAX_FIELDS], **row;
		int n = csv_split(&pos, f, CSV_MAX_FIELDS);

		if (n == 1 && !f[0][0])
			continue;	/* a blank line */
		if (t->nrows == rcap) {
			char ***more = realloc(t->rows, (rcap = 2 * rcap + 64) * sizeof *more);

			if (!more) {
				msg_errno("realloc");
				return -1;
			}
			t->rows = more;
		}
		if (!(row = malloc(t->ncols * sizeof *row))) {
			msg_errno("malloc");
			return -1;
		}
		for (int c = 0; c < t->ncols; c++)
			row[c] = c < n ? f[c] : "";
		t->rows[t->nrows++] = row;
	}
	return 0;
}

int csv_read(const char *dir, const char *name, struct csv_table *t)
{
	char path[1200], *pos;

	memset(t, 0, sizeof *t);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (csv_slurp(path, t) != 0)
		goto fail;
	pos = t->text;
	t->ncols = *pos ? csv_split(&pos, t->head, CSV_MAX_FIELDS) : 0;
	if (t->ncols == 0 || !t->head[0][0]) {
		msg_warn("%s: no header line", path);
		goto fail;
	}
	if (csv_rows(pos, t) != 0)
		goto fail;
	return 0;
fail:
	csv_free(t);
	return -1;
}

int csv_column(const struct csv_table *t, const char *name)
{
	for (int c = 0; c < t->ncols; c++)
		if (!strcmp(t->head[c], name))
			return c;
	return -1;
}

const char *csv_cell(const struct csv_table *t, size_t r, int c)
{
	return c < 0 || c >= t->ncols ? "" : t->rows[r][c];
}

void csv_free(struct csv_table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		free(t->rows[r]);
	free(t->rows);
	free(t->text);
	memset(t, 0, sizeof *t);
}
