/* measure.c: one run is one child process; its key=value line is parsed and checked against
 * the serial result. Rounds interleave the points, each in its own shuffled order, so drift in
 * the machine's speed hits every point alike instead of biasing whichever ran during a slow
 * minute, or always right after another. */
#include "measure.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/clock.h"
#include "lib/kv.h"
#include "lib/msg.h"
#include "distort.h"
#include "runline.h"
#include "spawn.h"

#define MAX_FAILURES 2	/* a point that failed this often is not run again */
#define STEAL_FLAG 0.02	/* a run that lost more of the machine's CPU time to steal is flagged */

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

/* Keep the bench's cpus=, where each worker ran; a run without it (a --cmd) keeps none. */
static void run_cpus(const char *line, struct run *r)
{
	size_t len = strlen(line) + 1;
	char *cpus = malloc(len);

	if (!cpus) {
		msg_errno("malloc");
		return;
	}
	if (kv_find(line, "cpus", cpus, len) != 0) {
		free(cpus);
		return;
	}
	r->cpus = cpus;
}

/* A phase's seconds from the line, NAN when it does not say (an external command). */
static double run_phase(const char *line, const char *key)
{
	char value[64];
	double v;

	return kv_find(line, key, value, sizeof value) == 0 &&
	       args_parse_double(value, 0, 1e9, &v) == 0 ? v : NAN;
}

/* A run's result= against its baseline's (the first one known). Returns 0, or -1 with r's
 * reason said. */
static int run_result(const struct sweep *sw, struct point *p, const char *value, struct run *r)
{
	const struct point *base = &sw->pts[p->baseline];
	const char *want = base->result[0] ? base->result : p->result;

	if (want[0] && strcmp(want, value)) {
		snprintf(r->reason, sizeof r->reason, "result %.60s differs from %s's %.60s", value,
			 base == p ? "the first run" : base->variant, want);
		return -1;
	}
	if (!p->result[0])
		snprintf(p->result, sizeof p->result, "%s", value);
	return 0;
}

/* Run one point once; fill r; returns its measured seconds, or -1 when the run failed. */
static double run_once(struct sweep *sw, struct point *p, const struct measure_opts *o,
		       int warmup, struct run *r)
{
	/* Room for the program's path, the worker count and a by-product's path: --bin and --out
	 * are each shorter than PATH_MAX (runner.c), so point_argv's pieces always fit. */
	char buf[3 * PATH_MAX], *argv[40], value[160], *nl;
	const char *line;
	struct spawned sp, *s = &sp;
	double seconds, steal0, steal1;

	runline_argv(p, o, warmup, buf, sizeof buf, argv);
	r->seconds = r->user_s = r->sys_s = r->steal_s = 0;
	memset(&r->use, 0, sizeof r->use);
	r->per_task_ns = r->gbps = r->sync_s = NAN;
	r->start_s = r->compute_s = r->finish_s = r->whole_s = NAN;
	r->cpus = NULL;
	r->tasks = -1;
	r->reason[0] = '\0';
	r->status = "failed";
	steal0 = distort_steal_s();
	if (spawn_run(argv, NULL, o->timeout_s, o->stop, s) != 0) {
		snprintf(r->reason, sizeof r->reason, "could not start %s", argv[0]);
		return -1;
	}
	if (s->interrupted)
		return -2;
	steal1 = distort_steal_s();
	if (steal0 >= 0 && steal1 >= steal0) {
		/* /proc/stat counts in ticks: one tick of it may be rounding, not theft. */
		double tick = 1.0 / (double)sysconf(_SC_CLK_TCK);

		r->steal_s = steal1 - steal0;
		r->steal_flagged = s->wall_s > 0 && r->steal_s - tick >
				   STEAL_FLAG * s->wall_s * (o->online > 0 ? o->online : 1);
	}
	r->wall_s = s->wall_s;
	r->user_s = s->user_s;
	r->sys_s = s->sys_s;
	r->use = s->use;
	if ((nl = strchr(s->err, '\n')))
		*nl = '\0';
	if (s->timed_out) {
		snprintf(r->reason, sizeof r->reason, "timed out after %g s (killed)", o->timeout_s);
		return -1;
	}
	if (!s->exited) {
		snprintf(r->reason, sizeof r->reason, "killed by signal %d (%s)", s->code, strsignal(s->code));
		return -1;
	}
	if (s->code != 0) {
		snprintf(r->reason, sizeof r->reason, "exit status %d: %.150s", s->code, s->err);
		return -1;
	}
	line = NULL;
	for (char *q = s->out; *q;) {	/* the last non-empty line is the one that counts */
		char *end = q + strcspn(q, "\n");

		if (end > q)
			line = q;
		q = *end ? end + 1 : end;
		*end = '\0';
	}
	seconds = s->wall_s;	/* an external command that does not time itself */
	if (p->cmd && (!line || kv_find(line, "seconds", value, sizeof value) != 0)) {
		/* An external command may print anything: time the whole process, but a result=
		 * it prints is checked all the same. */
		if (line && kv_find(line, "result", value, sizeof value) == 0 &&
		    run_result(sw, p, value, r) != 0)
			return -1;
		line = "";
	}
	if (!line || (!p->cmd && kv_find(line, "seconds", value, sizeof value) != 0) ||
	    (kv_find(line, "seconds", value, sizeof value) == 0 &&
	     args_parse_double(value, 0, 1e9, &seconds) != 0) ||
	    (!p->cmd && kv_find(line, "result", value, sizeof value) != 0)) {
		snprintf(r->reason, sizeof r->reason, "printed no valid key=value line%s%.80s",
			 line ? ": " : "", line ? line : "");
		return -1;
	}
	if (kv_find(line, "user_s", value, sizeof value) == 0)
		r->user_s = atof(value);
	if (kv_find(line, "sys_s", value, sizeof value) == 0)
		r->sys_s = atof(value);
	if (kv_find(line, "tasks", value, sizeof value) == 0)
		p->tasks = r->tasks = atol(value);
	if (kv_find(line, "result", value, sizeof value) == 0 && run_result(sw, p, value, r) != 0)
		return -1;
	r->per_task_ns = run_phase(line, "per_task_ns");
	r->gbps = run_phase(line, "gbytes_per_s");
	r->sync_s = run_phase(line, "sync_s");
	run_cpus(line, r);
	r->whole_s = seconds;
	r->start_s = run_phase(line, "start_s");
	r->compute_s = run_phase(line, "compute_s");
	r->finish_s = run_phase(line, "finish_s");
	/* A command that does not split its time is timed whole under either mode. */
	if (!o->whole && !isnan(r->compute_s))
		seconds = r->compute_s;
	r->seconds = seconds;
	r->status = warmup ? "warmup" : "ok";
	return seconds;
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
		double t;

		if (p->dropped || p->estimated || !wants(p, arg))
			continue;
		progress_show(o, pg, p, "");
		t = run_once(sw, p, o, warmup, &r);
		if (t == -2 || *o->stop) {
			free(r.cpus);	/* not recorded: nobody else frees it */
			free(order);
			return -1;
		}
		pg->done++;
		if (t < 0) {
			p->failures++;
			if (p->failures >= MAX_FAILURES)
				p->dropped = 1;
			snprintf(what, sizeof what, "FAILED: %s%s", r.reason,
				 p->dropped ? " (not run again)" : "");
		} else {
			if (!warmup)
				sweep_point_add(p, &r);
			snprintf(what, sizeof what, "%.4f s%s", t, warmup ? " (warm-up)" : "");
		}
		if (t < 0 || !o->tty)
			progress_show(o, pg, p, what);
		if (t < 0 && o->tty)
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
