/* machinepic.c: machine.png, the machine's cores, caches and NUMA nodes as hwloc's lstopo draws
 * them. */
#include "machine.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spawn.h"

int machine_picture(const char *dir, volatile sig_atomic_t *stop)
{
	char path[1200], *argv[] = { "lstopo", "--of", "png", "-f", path, NULL };
	struct spawned r;
	struct stat st;

	snprintf(path, sizeof path, "%s/machine.png", dir);
	/* Like gnuplot, lstopo may not notice a write that fails (a full disk): empty is none. */
	if (spawn_run(argv, NULL, 10, stop, &r) != 0 || !r.exited || r.code != 0 ||
	    stat(path, &st) != 0 || st.st_size == 0) {
		unlink(path);
		return -1;
	}
	return 0;
}
