/* reload.h: a results folder read back into a sweep (runs.csv and machine.txt), so that
 * `runner plots DIR` can analyse, tabulate, draw and report it again: after a change to the
 * analysis or the plots, or for a folder built by hand (a big machine's runs, simulated). */
#ifndef PARBENCH_RELOAD_H
#define PARBENCH_RELOAD_H

#include <stddef.h>

#include "sweep.h"

/* What the sweep's strings point into. */
struct reloaded {
	char machine[512];	/* machine.txt's summary line */
	char bind[32];
};

/* Fill sw (zeroed by the caller) from dir/runs.csv, and in with machine.txt's summary. Points are rebuilt from the runs: a bench's serial point at the same size is
 * each point's baseline (an external command's own section's, its 1-worker point); a bench whose serial
 * ran at several sizes was a weak-scaling sweep. Returns 0, or -1 after a message. */
int reload_sweep(const char *dir, struct sweep *sw, struct reloaded *in);

/* "key: value" from dir/machine.txt into buf; returns 0, or -1 when it is not there. */
int reload_machine_key(const char *dir, const char *key, char *buf, size_t len);

#endif
