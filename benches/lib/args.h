/* args.h: the one argument parser, for the benches and the runner alike.
 * Flags are --name VALUE or --name=VALUE; a flag given twice is a usage error. */
#ifndef PARBENCH_ARGS_H
#define PARBENCH_ARGS_H

#include <stdint.h>
#include <stdio.h>

struct argspec {
	const char *flag;	/* "--workers" */
	const char *metavar;	/* "N"; NULL for a switch that takes no value */
	const char *help;
};

struct argparse {
	int argc;
	char **argv;
	int i;
	const struct argspec *specs;
	int nspecs;		/* at most 64 */
	uint64_t seen;
	uint64_t repeats;	/* bit k: specs[k] may be given more than once (set after init) */
};

void argparse_init(struct argparse *ap, int argc, char **argv, const struct argspec *specs,
		   int nspecs);
/* The index in specs of the next flag, or -1 when the words run out. *value is the flag's value
 * (NULL for a switch). Unknown flags, stray words, missing values and repeats exit with 2. */
int argparse_next(struct argparse *ap, const char **value);
void argparse_help(FILE *f, const struct argspec *specs, int nspecs);

/* Strict numbers: digits only, no sign, no spaces, no overflow. Return 0 or -1. */
int args_parse_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out);
int args_parse_double(const char *text, double min, double max, double *out);

/* The same, but a bad value is a usage error that names the flag: exits with 2. */
uint64_t args_u64(const char *flag, const char *text, uint64_t min, uint64_t max);
double args_double(const char *flag, const char *text, double min, double max);
const char *args_str(const char *flag, const char *text, size_t max_len);	/* non-empty */

#endif
