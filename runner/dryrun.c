/* dryrun.c: the plan a sweep would run, on this machine or a simulated one, without running it. */
#include "dryrun.h"

#include <stdlib.h>
#include <string.h>

#include "lib/msg.h"

/* The machine model in words: what a user checks before booking a node. */
static void dryrun_machine(FILE *f, const struct topo *t)
{
	fprintf(f, "# machine: %s\n", t->source);
	fprintf(f, "# effective CPUs: %d, set by the %s (%d online: %s; %d usable: %s; affinity "
		"mask %s", t->effective, t->limit, t->online, t->online_list, t->usable,
		t->usable_list, t->mask_list);
	if (t->quota_cpus > 0)
		fprintf(f, "; CPU quota %.2f CPUs from %s", t->quota_cpus, t->quota_from);
	fprintf(f, ")\n# physical cores: %d, SMT: %d thread%s per core, sockets: %d (at most %d "
		"cores on one), NUMA nodes: %d\n", t->cores, t->smt, t->smt == 1 ? "" : "s",
		t->sockets, t->socket_cores, t->nnuma);
	if (t->llc_level)
		fprintf(f, "# last-level cache: L%d, %.1f MiB in all\n", t->llc_level,
			(double)t->llc_bytes / (1 << 20));
	else
		fprintf(f, "# last-level cache: unknown\n");
}

/* Threads or processes a point starts: async keeps W tasks in flight on one thread. */
static int dryrun_threads(const struct point *p)
{
	return !strcmp(p->variant, "async") || !strcmp(p->variant, "serial") ? 1 : p->workers;
}

/* One run's time, guessed: the nominal serial time over the speedup the point could have at
 * best, plus starting its workers (about 0.1 ms each, mpirun a quarter of a second). */
static double dryrun_run_s(const struct point *p, const struct topo *t)
{
	double best = dryrun_threads(p);

	if (!strcmp(p->variant, "gil"))
		best = 1;	/* one lock: one thread computes at a time */
	if (best > t->effective)
		best = t->effective;
	if (p->parallelism > 0 && best > p->parallelism)
		best = (double)p->parallelism;
	return p->nominal_s / best + 0.003 + 1e-4 * p->workers +
	       (!strcmp(p->variant, "mpi") ? 0.25 : 0);
}

int dryrun_print(FILE *f, const struct sweep *sw, const struct topo *t, enum place_policy bind,
		 int repeat)
{
	size_t len = 65536;
	char *cpus = malloc(len);
	double total = 0;

	if (!cpus) {
		msg_errno("malloc");
		return -1;
	}
	dryrun_machine(f, t);
	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];
		enum place_policy b = p->cmd ? PLACE_NONE : bind;	/* a command places itself */

		if (place_describe(t, b, dryrun_threads(p), cpus, len) != 0)
			snprintf(cpus, len, "too-many");
		fprintf(f, "bench=%s variant=%s workers=%d label=%s size=%s tasks=%ld bind=%s cpus=%s\n",
			p->bench, p->variant, p->workers, p->label, p->cmd ? "-" : p->size, p->tasks,
			place_name(b), cpus);
		total += (1 + repeat) * dryrun_run_s(p, t);
	}
	fprintf(f, "# estimate: %zu points x (1 warm-up + %d runs), from the benches' nominal sizes "
		"(small ~0.1 s, medium ~1 s, large ~10 s serially) over the best speedup each point "
		"could have; runs past a wide CI add more\n", sw->npts, repeat);
	fprintf(f, "estimate_s=%.1f\n", total);
	free(cpus);
	return ferror(f) || fflush(f) ? -1 : 0;
}
