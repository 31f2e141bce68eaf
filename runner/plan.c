/* plan.c: the sweep's plan: worker lists and name lists, parsed strictly; where the benches are
 * and every point (points.c makes them); the plan in words and the CPUs it gives each worker
 * count. */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/args.h"
#include "lib/msg.h"
#include "runner.h"

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* A growing list of worker counts. */
struct wlist {
	int *v;
	int n, cap;
};

static int wlist_add(struct wlist *l, int w)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 16;
		int *v = realloc(l->v, (size_t)cap * sizeof *v);

		if (!v) {
			msg_errno("realloc");
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = w;
	return 0;
}

/* Sorted, each value once. Returns the count. */
static int wlist_finish(struct wlist *l)
{
	int n = 0;

	qsort(l->v, (size_t)l->n, sizeof *l->v, cmp_int);
	for (int k = 0; k < l->n; k++)
		if (n == 0 || l->v[n - 1] != l->v[k])
			l->v[n++] = l->v[k];
	return l->n = n;
}

int plan_parse_workers(const char *text, int **out)
{
	char buf[512], *save = NULL, *item;
	struct wlist l = { 0 };

	*out = NULL;
	if (!text || !*text || strlen(text) >= sizeof buf)
		return PLAN_LIST_MALFORMED;
	strcpy(buf, text);
	if (buf[0] == ',' || buf[strlen(buf) - 1] == ',' || strstr(buf, ",,"))
		return PLAN_LIST_MALFORMED;
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(item, '-');
		uint64_t lo, hi;

		if (dash) {
			*dash = '\0';
			if (args_parse_u64(item, 1, PLAN_MAX_WORKERS, &lo) ||
			    args_parse_u64(dash + 1, 1, PLAN_MAX_WORKERS, &hi) || hi < lo)
				goto out_malformed;
		} else if (args_parse_u64(item, 1, PLAN_MAX_WORKERS, &lo)) {
			goto out_malformed;
		} else {
			hi = lo;
		}
		for (uint64_t v = lo; v <= hi; v++)
			if (wlist_add(&l, (int)v) != 0) {
				free(l.v);
				return PLAN_LIST_NOMEM;
			}
	}
	*out = l.v;
	return wlist_finish(&l);
out_malformed:
	free(l.v);
	return PLAN_LIST_MALFORMED;
}

int plan_default_workers(const struct topo *t, int **out)
{
	int e = t->effective, top = 2 * e < PLAN_MAX_WORKERS ? 2 * e : PLAN_MAX_WORKERS;
	int marks[] = { t->socket_cores, t->cores, t->usable, e, top };
	struct wlist l = { 0 };

	*out = NULL;
	for (int w = 1; w < e; w *= 2)
		if (wlist_add(&l, w) != 0)
			goto out_nomem;
	for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
		if (marks[k] >= 1 && marks[k] <= top && wlist_add(&l, marks[k]) != 0)
			goto out_nomem;
	*out = l.v;
	return wlist_finish(&l);
out_nomem:
	free(l.v);
	return PLAN_LIST_NOMEM;
}

const char *plan_label(const struct topo *t, long parallelism, int workers)
{
	if (parallelism > 0 && workers > parallelism)
		return "beyond";
	if (workers > t->effective)
		return "oversubscribed";
	if (workers > t->cores)
		return "smt";
	return "core";
}

int plan_parse_names(const char *text, char names[][32], int max)
{
	const char *p = text;
	int n = 0;

	if (!text || !*text)
		return -1;
	for (;;) {
		size_t len = strcspn(p, ",");

		if (len == 0 || len > 31 || n == max || strspn(p, "abcdefghijklmnopqrstuvwxyz"
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") < len)
			return -1;
		memcpy(names[n], p, len);
		names[n][len] = '\0';
		for (int k = 0; k < n; k++)
			if (!strcmp(names[k], names[n]))
				return -1;	/* a name twice is a mistake, not a request */
		n++;
		if (!p[len])
			return n;
		p += len + 1;
	}
}

int plan_sweep(struct runner *rn, const char *argv0, volatile sig_atomic_t *stop)
{
	rn->sw.cpus = rn->topo.effective;
	rn->sw.cores = rn->topo.cores;
	rn->sw.bind = place_name(rn->bind);
	if (rn->bindir)
		snprintf(rn->bin, sizeof rn->bin, "%s", rn->bindir);
	else {
		const char *slash = strrchr(argv0, '/');

		snprintf(rn->bin, sizeof rn->bin, "%.*s", slash ? (int)(slash - argv0) : 1,
			 slash ? argv0 : ".");
	}
	rn->pts.bin = rn->bin;
	rn->pts.topo = &rn->topo;
	rn->pts.sw = &rn->sw;
	rn->pts.stop = stop;
	rn->pts.cal = (struct calibration){ .bin = rn->bin, .bind = place_name(rn->bind),
					    .whole = rn->sw.whole, .dry = rn->dry_run,
					    .timeout_s = rn->timeout_s, .stop = stop };
	return points_plan(&rn->pts);
}

void plan_describe(const struct runner *rn, char *buf, size_t len)
{
	snprintf(buf, len, "%s scaling, size %s%s, times of the %s, %d to %d "
		 "measured runs per point after a warm-up, interleaved; %zu points",
		 rn->sw.weak ? "weak" : "strong", rn->pts.size,
		 rn->pts.quick && !rn->pts.size_given ? " (quick: a quarter of the work)" : "",
		 sweep_timing(&rn->sw), rn->repeat, rn->max_repeat, rn->sw.npts);
}

void plan_worker_map(const struct runner *rn, char *buf, size_t len)
{
	size_t used = 0, cap = 65536;	/* as dryrun.c's: 4096 workers of 5-digit CPUs */
	char *cpus = malloc(cap);

	buf[0] = '\0';
	if (!cpus) {
		msg_errno("malloc");
		return;
	}
	for (size_t i = 0; i < rn->sw.npts; i++) {
		int seen = 0;

		for (size_t j = 0; j < i && !seen; j++)
			seen = rn->sw.pts[j].workers == rn->sw.pts[i].workers;
		if (seen || place_describe(&rn->topo, rn->bind, rn->sw.pts[i].workers, cpus,
					   cap) != 0)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%d:%s", used ? " " : "",
					 rn->sw.pts[i].workers, cpus);
		if (used >= len) {
			buf[len - 1] = '\0';
			break;
		}
	}
	free(cpus);
}
