/* runline.h: the command line of one run of a point. */
#ifndef PARBENCH_RUNLINE_H
#define PARBENCH_RUNLINE_H

#include <stddef.h>

#include "measure.h"

/* argv (room for 40 words, NULL-terminated) for one run of p, its strings in buf (len bytes,
 * 3 PATH_MAX is enough: --bin and --out are shorter than PATH_MAX). A by-product's flag only on
 * the warm-up of a baseline. */
void runline_argv(const struct point *p, const struct measure_opts *o, int warmup, char *buf,
		  size_t len, char **argv);

#endif
