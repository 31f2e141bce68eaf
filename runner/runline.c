/* runline.c: the command line of one run: the bench's program with the point's flags, under
 * mpirun for the mpi variant, or an external command's template filled in, through /bin/sh. */
#include "runline.h"

#include <stdio.h>
#include <string.h>

int runline_mpirun(const struct mpirun_line *m, char **argv)
{
	int n = 0;

	argv[n++] = "mpirun";
	if (m->as_root)
		argv[n++] = "--allow-run-as-root";
	if (m->oversubscribe && m->oversubscribe_first)
		argv[n++] = "--oversubscribe";
	if (m->hostfile) {
		argv[n++] = "--hostfile";
		argv[n++] = (char *)m->hostfile;
	} else {
		/* One machine: shared memory alone. Probing for network transports (UCX) made
		 * every run start 0.2 s later here. */
		argv[n++] = "--mca";
		argv[n++] = "pml";
		argv[n++] = "ob1";
		argv[n++] = "--mca";
		argv[n++] = "btl";
		argv[n++] = "self,vader";
		if (m->oversubscribe && !m->oversubscribe_first)
			argv[n++] = "--oversubscribe";
	}
	/* Open MPI binds ranks to cores by default and so escapes the affinity mask: each rank
	 * places itself by --bind instead, as every other variant does. */
	argv[n++] = "--bind-to";
	argv[n++] = "none";
	argv[n++] = "-np";
	argv[n++] = (char *)m->np;
	return n;
}

/* An external command's line: {workers}, {size} and {tasks} replaced by the point's. */
static void cmd_expand(const struct point *p, char *buf, size_t len)
{
	static const char *const keys[] = { "{workers}", "{size}", "{tasks}" };
	size_t k = 0;

	for (const char *s = p->cmd; *s && k + 1 < len;) {
		size_t j = 0;

		while (j < 3 && strncmp(s, keys[j], strlen(keys[j])))
			j++;
		if (j == 3) {
			buf[k++] = *s++;
			continue;
		}
		if (j == 0)
			k += (size_t)snprintf(buf + k, len - k, "%d", p->workers);
		else
			k += (size_t)snprintf(buf + k, len - k, "%s", j == 1 ? p->size : p->tasks_arg);
		if (k >= len)
			k = len - 1;
		s += strlen(keys[j]);
	}
	buf[k] = '\0';
}

void runline_argv(const struct point *p, const struct measure_opts *o, int warmup, char *buf,
		  size_t len, char **argv)
{
	int n = 0;

	if (p->cmd) {
		cmd_expand(p, buf, len);
		argv[n++] = "/bin/sh";
		argv[n++] = "-c";
		argv[n++] = buf;
		argv[n] = NULL;
		return;
	}
	char *s = buf, *workers;
	int mpi = p->traits.mpirun;
	/* A variant under mpirun is its own program, bin/<bench>-<variant> (bin/pi-mpi). */
	int k = snprintf(s, len, "%s/%s%s%s", o->bindir, p->bench, mpi ? "-" : "",
			 mpi ? p->variant : "") + 1;

	workers = s + k;
	k += snprintf(workers, len - k, "%d", p->workers) + 1;
	if (mpi) {
		/* Open MPI's slots are the cores (without --use-hwthread-cpus): past them, or past
		 * the effective CPUs, it must be told, or it refuses with "not enough slots". */
		struct mpirun_line m = { .as_root = o->as_root, .hostfile = o->hostfile,
			.oversubscribe = p->oversubscribed || p->workers > o->cores, .np = workers };

		n = runline_mpirun(&m, argv);
	}
	argv[n++] = s;
	argv[n++] = "--variant";
	argv[n++] = (char *)p->variant;
	argv[n++] = "--workers";
	argv[n++] = workers;
	argv[n++] = "--size";
	argv[n++] = (char *)p->size;
	argv[n++] = "--bind";
	argv[n++] = (char *)o->bind;
	if (p->tasks_arg[0]) {
		argv[n++] = "--tasks";
		argv[n++] = (char *)p->tasks_arg;
	}
	if (o->chunk) {
		argv[n++] = "--chunk";
		argv[n++] = (char *)o->chunk;
	}
	if (warmup && p->traits.baseline && o->outdir && p->byproduct[0]) {
		argv[n++] = (char *)p->byproduct;	/* the bench said which flag, and which file */
		snprintf(s + k, len - k, "%s/%s", o->outdir, p->byproduct_file);
		argv[n++] = s + k;
	}
	argv[n] = NULL;
}
