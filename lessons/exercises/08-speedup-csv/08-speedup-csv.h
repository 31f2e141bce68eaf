/* 08-speedup-csv.h: from a table of measured times to speedup, efficiency and the Karp–Flatt
 * serial fraction, as bin/runner writes them in summary.csv. */
#ifndef LESSON_SPEEDUP_CSV_H
#define LESSON_SPEEDUP_CSV_H

#define SPEEDUP_NAME_MAX 32	/* bench and variant names, with their terminating 0 */

struct speedup_row {
	char bench[SPEEDUP_NAME_MAX];
	char variant[SPEEDUP_NAME_MAX];
	int workers;		/* p */
	double median_s;	/* T(p) */
	double speedup;		/* S = T_serial / T(p), T_serial from the same bench's serial row */
	double efficiency;	/* S / p */
	double karp_flatt;	/* e = (1/S - 1/p) / (1 - 1/p); NAN when p == 1 */
};

/*
 * Parse csv, the text of a summary CSV, into rows[0..max), one per data line, in file order.
 *
 * The first line is a header naming the columns, comma-separated, in any order; the columns
 * bench, variant, workers and median_s must be there, any others are ignored. Lines end in "\n"
 * or "\r\n"; the last may have no line end; empty lines are skipped. No field is quoted.
 * The baseline of a row is median_s of the row with the same bench and variant "serial", which
 * may come anywhere in the file; serial rows are returned too (speedup 1).
 *
 * Returns the number of rows, or -1 after a message naming the line: no header or a missing
 * column, a line with a different number of fields from the header, workers not a whole number
 * from 1 up, median_s not a number above 0, a name longer than SPEEDUP_NAME_MAX - 1, a bench
 * with no serial row, or more than max rows.
 */
int speedup_parse(const char *csv, struct speedup_row *rows, int max);

#endif
