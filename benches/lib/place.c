/* place.c: the placement policies, and pinning workers by them. */
#include "place.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "shm.h"

static const char *const names[] = { [PLACE_NONE] = "none", [PLACE_CLOSE] = "close",
				     [PLACE_SPREAD] = "spread" };

int place_parse(const char *name, enum place_policy *p)
{
	for (int k = 0; k < 3; k++)
		if (!strcmp(name, names[k])) {
			*p = (enum place_policy)k;
			return 0;
		}
	return -1;
}

const char *place_name(enum place_policy p)
{
	return names[p];
}

/* A CPU's place in a policy's order: SMT siblings after every core's first thread; within one
 * thread rank, spread goes round the sockets core by core, close socket by socket. */
struct slot {
	int thread, major, minor, os;
};

static int cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->thread != y->thread)
		return x->thread - y->thread;
	if (x->major != y->major)
		return x->major - y->major;
	if (x->minor != y->minor)
		return x->minor - y->minor;
	return x->os - y->os;
}

int place_order(const struct topo *t, enum place_policy p, int *order)
{
	struct slot *s;
	int n = t->effective < t->ncpus ? t->effective : t->ncpus;

	if (p == PLACE_NONE)
		return 0;
	s = calloc((size_t)t->ncpus, sizeof *s);
	if (!s) {
		msg_errno("calloc");
		return -1;
	}
	for (int i = 0; i < t->ncpus; i++) {
		const struct topo_cpu *c = &t->cpus[i];
		int rank = 0;	/* which core of its socket, counted among the usable ones */

		for (int j = 0; j < t->ncpus; j++)
			rank += t->cpus[j].thread == 0 && t->cpus[j].socket == c->socket &&
				t->cpus[j].core < c->core;
		s[i] = (struct slot){ c->thread, p == PLACE_SPREAD ? rank : c->socket,
				      p == PLACE_SPREAD ? c->socket : rank, c->os };
	}
	qsort(s, (size_t)t->ncpus, sizeof *s, cmp_slot);
	for (int i = 0; i < n; i++)
		order[i] = s[i].os;
	free(s);
	return n;
}

int place_describe(const struct topo *t, enum place_policy p, int workers, char *buf, size_t len)
{
	int *order, n;
	size_t used = 0;

	if (p == PLACE_NONE)
		return snprintf(buf, len, "%s", t->usable_list) < (int)len ? 0 : -1;
	order = malloc((size_t)t->ncpus * sizeof *order);
	if (!order) {
		msg_errno("malloc");
		return -1;
	}
	n = place_order(t, p, order);
	buf[0] = '\0';
	for (int i = 0; i < workers && n > 0; i++) {
		int k = snprintf(buf + used, len - used, "%s%d", i ? "," : "", order[i % n]);

		if (k < 0 || (size_t)k >= len - used) {
			free(order);
			return -1;
		}
		used += (size_t)k;
	}
	free(order);
	return n > 0 ? 0 : -1;
}

int place_init(struct place *pl, enum place_policy p, int workers)
{
	struct topo t;

	memset(pl, 0, sizeof *pl);
	pl->policy = p;
	pl->nseen = workers < 4096 ? workers : 4096;	/* async's W is tasks, not threads */
	pl->seen = shm_alloc((size_t)pl->nseen * sizeof *pl->seen);
	if (!pl->seen)
		return EXIT_RUNTIME;
	for (int i = 0; i < pl->nseen; i++)
		pl->seen[i] = -1;
	if (p == PLACE_NONE)
		return 0;
	if (topo_simulated()[0]) {
		msg_warn("--bind %s: %s describes another machine, so there is nothing to pin to "
			 "here (use --bind none, or unset it)", names[p], topo_simulated());
		place_free(pl);
		return EXIT_USAGE;
	}
	if (topo_load(&t) != 0) {
		place_free(pl);
		return EXIT_RUNTIME;
	}
	pl->order = malloc((size_t)t.ncpus * sizeof *pl->order);
	if (!pl->order) {
		msg_errno("malloc");
		topo_free(&t);
		place_free(pl);
		return EXIT_RUNTIME;
	}
	pl->n = place_order(&t, p, pl->order);
	topo_free(&t);
	if (pl->n <= 0) {
		place_free(pl);
		return EXIT_RUNTIME;
	}
	return 0;
}

void place_free(struct place *pl)
{
	free(pl->order);
	shm_free(pl->seen, (size_t)pl->nseen * sizeof *pl->seen);
	pl->order = NULL;
	pl->seen = NULL;
	pl->n = pl->nseen = 0;
}

int place_enter(const struct place *pl, int id)
{
	cpu_set_t *set;
	size_t size;
	int cpu, rc;

	if (!pl || pl->policy == PLACE_NONE || pl->n <= 0)
		return 0;
	cpu = pl->order[id % pl->n];
	/* Sized for the CPU's number: a machine may have more than CPU_SETSIZE (1024). */
	if (!(set = CPU_ALLOC(cpu + 1))) {
		msg_errno("CPU_ALLOC");
		return -1;
	}
	size = CPU_ALLOC_SIZE(cpu + 1);
	CPU_ZERO_S(size, set);
	CPU_SET_S(cpu, size, set);
	/* pid 0 is the calling thread, not the whole process. */
	rc = sched_setaffinity(0, size, set);
	CPU_FREE(set);
	if (rc != 0) {
		int e = errno;
		char what[64];

		snprintf(what, sizeof what, "sched_setaffinity (worker %d to CPU %d)", id, cpu);
		errno = e;
		msg_errno(what);
		return -1;
	}
	return 0;
}

void place_leave(const struct place *pl, int id)
{
	if (pl && pl->seen && id >= 0 && id < pl->nseen)
		pl->seen[id] = sched_getcpu();
}

int place_seen(const struct place *pl, char *buf, size_t len)
{
	size_t used = 0;
	int last = -1;

	buf[0] = '\0';
	for (int i = 0; i < pl->nseen; i++)
		if (pl->seen[i] >= 0)
			last = i;
	/* In worker order: a worker that never said is "-", so the others keep their places. */
	for (int i = 0; i <= last; i++) {
		int k = pl->seen[i] >= 0 ? snprintf(buf + used, len - used, "%s%d", i ? "," : "",
						    pl->seen[i])
					 : snprintf(buf + used, len - used, "%s-", i ? "," : "");

		if (k < 0 || (size_t)k >= len - used)
			return -1;
		used += (size_t)k;
	}
	return 0;
}
