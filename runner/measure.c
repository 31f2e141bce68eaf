/* measure.c: the rounds of a sweep, each point's runs in them (one run is runonce.c's). Rounds
 * interleave the points, each in its own shuffled order, so drift in the machine's speed hits
 * every point alike instead of biasing whichever ran during a slow minute, or always right
 * after another. */
#include "measure.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/clock.h"
#include "lib/msg.h"
#include "runonce.h"

#define MAX_FAILURES 2	/* a point that failed this often is not run again */

struct progress {
	long done, total;
	double t0;
};

static void progress_show(const struct measure_opts *o, struct progress *pg, const struct point *p,
			  const char *what)
{
	double el = clock_now() - pg->t0;
	double eta = pg->done ? el / pg->done * (pg->total - pg->done) : 0;

	if (o->tty)
		fprintf(stderr, "\r\033[K%s %s w=%d  run %ld/%ld  elapsed %d:%02d  eta %d:%02d  %s",
			p->bench, p->variant, p->workers, pg->done + 1, pg->total, (int)el / 60,
			(int)el % 60, (int)eta / 60, (int)eta % 60, what);
	else if (what[0])
		fprintf(stderr, "%s: [%ld/%ld] %s %s w=%d: %s\n", msg_prog(), pg->done, pg->total,
			p->bench, p->variant, p->workers, what);
}

static int record(struct sweep *sw, const struct run *r)
{
	if (sw->nruns == sw->cap) {
		size_t cap = sw->cap ? 2 * sw->cap : 256;
		struct run *runs = realloc(sw->runs, cap * sizeof *runs);

		if (!runs) {
			msg_errno("realloc");
			return -1;
		}
		sw->runs = runs;
		sw->cap = cap;
	}
	sw->runs[sw->nruns++] = *r;
	return 0;
}

/* The order of a measured round: a shuffle, seeded by the round, so that no point always follows
 * the same one. In plan order a bench's first 2-worker point always came right after its
 * 1-worker points, so whatever the machine does after such a change (clocks, caches, the
 * hypervisor) always fell on the same variant. The warm-up round keeps plan order, serial
 * first, so that each bench's result is known before the others are checked against it. */
static void round_order(size_t *order, size_t n, int warmup, int round)
{
	uint64_t x = 0x9e3779b97f4a7c15u * (uint64_t)(round + 1);

	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n; !warmup && i > 1; i--) {	/* Fisher-Yates, with xorshift64 */
		size_t j, t;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = (size_t)(x % i);
		t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
}

/* One round: every point that wants(p) gets one run. Returns 0, or -1 when interrupted. */
static int measure_round(struct sweep *sw, const struct measure_opts *o, struct progress *pg,
			 int warmup, int round, int (*wants)(const struct point *, int), int arg)
{
	size_t *order = malloc((sw->npts ? sw->npts : 1) * sizeof *order);

	if (!order) {
		msg_errno("malloc");
		return -1;
	}
	round_order(order, sw->npts, warmup, round);
	for (size_t k = 0; k < sw->npts; k++) {
		size_t i = order[k];
		struct point *p = &sw->pts[i];
		struct run r = { .point = (int)i, .rep = warmup ? 0 : ++p->attempts };
		char what[240];
		enum run_outcome end;

		if (p->dropped || p->estimated || !wants(p, arg))
			continue;
		progress_show(o, pg, p, "");
		end = runonce_measure(sw, p, o, warmup, &r);
		if (end == RUN_INTERRUPTED || *o->stop) {
			free(r.cpus);	/* not recorded: nobody else frees it */
			free(order);
			return -1;
		}
		pg->done++;
		if (end == RUN_FAILED) {
			p->failures++;
			if (p->failures >= MAX_FAILURES)
				p->dropped = 1;
			snprintf(what, sizeof what, "FAILED: %s%s", r.reason,
				 p->dropped ? " (not run again)" : "");
		} else {
			if (!warmup)
				sweep_point_add(p, &r);
			snprintf(what, sizeof what, "%.4f s%s", r.seconds, warmup ? " (warm-up)" : "");
		}
		if (end == RUN_FAILED || !o->tty)
			progress_show(o, pg, p, what);
		if (end == RUN_FAILED && o->tty)
			fprintf(stderr, "\n");
		if (record(sw, &r) != 0) {
			free(r.cpus);
			free(order);
			return -1;
		}
	}
	free(order);
	return 0;
}

static int wants_all(const struct point *p, int arg)
{
	(void)p;
	(void)arg;
	return 1;
}

static int wants_tighter_ci(const struct point *p, int arg)
{
	struct summary s;

	(void)arg;
	if (p->n == 0)
		return 0;
	stats_summarize(p->times, p->n, &s);
	return !(s.ci_exact && s.ci_low >= 0.95 * s.median && s.ci_high <= 1.05 * s.median);
}

int measure_sweep(struct sweep *sw, const struct measure_opts *o,
		  void (*after_round)(struct sweep *sw, void *arg), void *arg)
{
	struct progress pg = { 0, 0, clock_now() };
	int rc = 0;

	for (size_t i = 0; i < sw->npts; i++)
		pg.total += !sw->pts[i].estimated ? 1 + o->repeat : 0;
	for (size_t i = 0; i < sw->npts; i++) {
		struct point *p = &sw->pts[i];

		p->cap = o->max_repeat;
		p->times = calloc(p->cap, sizeof *p->times);
		p->per_task_ns = calloc(p->cap, sizeof *p->per_task_ns);
		p->gbps = calloc(p->cap, sizeof *p->gbps);
		if (!p->times || !p->per_task_ns || !p->gbps) {
			msg_errno("calloc");
			return -1;
		}
	}
	for (int round = 0; round <= o->max_repeat && rc == 0; round++) {
		if (round <= o->repeat) {
			rc = measure_round(sw, o, &pg, round == 0, round, wants_all, 0);
		} else {
			long pending = 0;

			for (size_t i = 0; i < sw->npts; i++)
				pending += !sw->pts[i].dropped && !sw->pts[i].estimated &&
					   wants_tighter_ci(&sw->pts[i], 0);
			if (!pending)
				break;
			pg.total = pg.done + pending * (o->max_repeat - round + 1);
			rc = measure_round(sw, o, &pg, 0, round, wants_tighter_ci, 0);
		}
		if (after_round)
			after_round(sw, arg);
	}
	if (o->tty)
		fprintf(stderr, "\r\033[K");
	sw->measuring_s = clock_now() - pg.t0;
	return rc;
}
