/* dryrun.c: the plan a sweep would run, on this machine or a simulated one, without running it. */
#include "dryrun.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/msg.h"
#include "results.h"

#define RESULTS "results"	/* where the runner writes its folders by default */

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

/* Threads or processes a point starts: the baseline one, and tasks in flight share one. */
static int dryrun_threads(const struct point *p)
{
	return p->traits.in_flight || p->traits.baseline ? 1 : p->workers;
}

/* The newest results folder with a summary.csv, into dir; returns 0, or -1 when there is none. */
static int dryrun_newest(char *dir, size_t len)
{
	DIR *d = opendir(RESULTS);
	struct dirent *e;
	time_t best = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[1024];
		struct stat st;

		snprintf(path, sizeof path, RESULTS "/%s/summary.csv", e->d_name);
		if (e->d_name[0] != '.' && stat(path, &st) == 0 && st.st_mtime > best) {
			best = st.st_mtime;
			snprintf(dir, len, RESULTS "/%s", e->d_name);
		}
	}
	closedir(d);
	return best ? 0 : -1;
}

/* A serial median measured before, for this bench at this size (p, its baseline point); -1
 * when there is none. */
static double dryrun_measured(const struct results *done, const struct point *p)
{
	const char *bench = p->bench, *size = p->size;

	for (size_t i = 0; i < done->n; i++) {
		const struct results_row *r = &done->rows[i];

		if (!strcmp(r->bench, bench) && !strcmp(r->variant, p->variant) &&
		    !strcmp(r->size, size) && r->median > 0)
			return r->median;
	}
	return -1;
}

#define PROCESS_S 0.010		/* exec, the libraries, the machine model: measured 8.5 ms here */
#define SETUP_BYTES_PER_CPU_S 1.5e9	/* first-touch writes per CPU: 1.6e9 measured here */

/* One run's time, guessed: the process's own start, the bench's setup (what it writes, on every
 * CPU at once), and the serial time over the speedup the point could have at best, plus
 * starting its workers (about 0.1 ms each, mpirun a quarter of a second). */
static double dryrun_run_s(const struct point *p, const struct topo *t, double serial_s)
{
	double best = dryrun_threads(p);

	if (p->traits.one_thread)
		best = 1;	/* one lock, or one thread: one computes at a time */
	if (best > t->effective)
		best = t->effective;
	if (p->parallelism > 0 && best > p->parallelism)
		best = (double)p->parallelism;
	return PROCESS_S + p->setup_bytes / (SETUP_BYTES_PER_CPU_S * t->effective) +
	       serial_s / best + 0.003 + 1e-4 * p->workers + p->traits.start_s;
}

int dryrun_print(FILE *f, const struct sweep *sw, const struct topo *t, enum place_policy bind,
		 int repeat, const char *sizing)
{
	size_t len = 65536;
	char *cpus = malloc(len), dir[1024] = "";
	struct results done = { NULL, 0 };
	double total = 0;
	int measured = 0;

	if (!cpus) {
		msg_errno("malloc");
		return -1;
	}
	/* Times measured here say nothing of a simulated machine. */
	if (t->fake || dryrun_newest(dir, sizeof dir) != 0 || results_read(dir, &done) != 0)
		dir[0] = '\0';
	dryrun_machine(f, t);
	fprintf(f, "# times: the %s\n", sweep_timing(sw));
	for (const char *l = sizing; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0))
		fprintf(f, "# size %.*s\n", (int)strcspn(l, "\n"), l);
	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];
		enum place_policy b = p->cmd ? PLACE_NONE : bind;	/* a command places itself */

		if (place_describe(t, b, dryrun_threads(p), cpus, len) != 0)
			snprintf(cpus, len, "too-many");
		fprintf(f, "bench=%s variant=%s workers=%d label=%s size=%s tasks=%ld bind=%s cpus=%s%s\n",
			p->bench, p->variant, p->workers, p->label, p->size[0] ? p->size : "-", p->tasks,
			place_name(b), cpus, p->estimated ? " serial=estimated" : "");
		if (p->estimated)
			continue;	/* not run: its time is scaled from a measured one */
		double serial_s = p->cmd ? -1 :
				  dryrun_measured(&done, &sw->pts[p->baseline]);

		measured += serial_s > 0;
		total += (1 + repeat) * dryrun_run_s(p, t, serial_s > 0 ? serial_s : p->nominal_s);
	}
	fprintf(f, "# estimate: %zu points x (1 warm-up + %d runs); the serial time of %d of them "
		"as measured in %s, of the others from the benches' nominal sizes (small ~0.1 s, "
		"medium ~1 s, large ~10 s serially); each over the best speedup the point could "
		"have, plus %.0f ms a run to start its process and what its setup writes at %.1f GB/s "
		"a CPU; runs past a wide CI add more\n", sw->npts, repeat, measured,
		dir[0] ? dir : "(no results folder)", 1e3 * PROCESS_S, SETUP_BYTES_PER_CPU_S / 1e9);
	fprintf(f, "estimate_s=%.1f\n", total);
	free(done.rows);
	free(cpus);
	return ferror(f) || fflush(f) ? -1 : 0;
}
