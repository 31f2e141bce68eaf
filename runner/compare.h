/* compare.h: `runner compare A B`: the same points measured in two results folders, side by
 * side. This is how new hardware is compared with old. */
#ifndef PARBENCH_COMPARE_H
#define PARBENCH_COMPARE_H

int compare_main(int argc, char **argv, const char *argv0);

#endif
