/* cli.h: the runner's command line. */
#ifndef PARBENCH_CLI_H
#define PARBENCH_CLI_H

#include "runner.h"

/* Fill rn's options from argv, with their defaults. --help prints the help and exits 0; a bad
 * flag or value exits 2 after a message (msg_usage); what needs the machine is checked later,
 * when the sweep is planned (plan.c). */
void cli_parse(struct runner *rn, int argc, char **argv);

#endif
