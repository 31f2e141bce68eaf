/* info.h: bin/<bench> --info (info.c). */
#ifndef PARBENCH_INFO_H
#define PARBENCH_INFO_H

#include "workload.h"

/* Print the bench's --info line for job's --size and --tasks (job->tasks 0: the bench's own).
 * Returns 0, or an exit code after a message (a size or task count it refuses). */
int info_print(const struct workload *w, struct job *job);

#endif
