/* outfile.h: the runner's files, each written to a temporary name and renamed into place, so
 * that an interrupted run never leaves a half-written file; and the folders they go in. */
#ifndef PARBENCH_OUTFILE_H
#define PARBENCH_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *f;
	char tmp[1024];
	char path[1024];
};

/* Make dir and its parents. Returns 0, or -1 after a message. */
int output_mkdir(const char *dir);
/* Open dir/name for writing (really dir/.name.tmp). Returns 0, or -1 after a message. */
int outfile_open(struct outfile *o, const char *dir, const char *name);
/* Close and rename into place. Returns 0, or -1 after a message (the temporary is removed). */
int outfile_commit(struct outfile *o);

#endif
