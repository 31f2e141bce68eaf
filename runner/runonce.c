/* runonce.c: one run of a point is one child process; its key=value line is parsed and checked
 * against the serial result. */
#include "runonce.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/args.h"
#include "lib/kv.h"
#include "lib/msg.h"
#include "distort.h"
#include "runline.h"
#include "spawn.h"

#define STEAL_FLAG 0.02	/* a run that lost more of the machine's CPU time to steal is flagged */
/* Room for a value of the line's; a longer one counts as absent (kv_find). */
#define VALUE_MAX 160

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

/* A run that has not been made yet: every measure unknown, and failed until it succeeds. */
static void run_clear(struct run *r)
{
	r->seconds = r->user_s = r->sys_s = r->steal_s = 0;
	memset(&r->use, 0, sizeof r->use);
	r->per_task_ns = r->gbps = r->sync_s = NAN;
	r->start_s = r->compute_s = r->finish_s = r->whole_s = NAN;
	r->cpus = NULL;
	r->tasks = -1;
	r->reason[0] = '\0';
	r->status = "failed";
}

/* What the machine's steal time (since steal0) says of a run of wall_s seconds. */
static void run_steal(const struct measure_opts *o, double steal0, double wall_s, struct run *r)
{
	double steal1 = distort_steal_s();

	if (steal0 >= 0 && steal1 >= steal0) {
		/* /proc/stat counts in ticks: one tick of it may be rounding, not theft. */
		double tick = 1.0 / (double)sysconf(_SC_CLK_TCK);

		r->steal_s = steal1 - steal0;
		r->steal_flagged = wall_s > 0 && r->steal_s - tick >
				   STEAL_FLAG * wall_s * (o->online > 0 ? o->online : 1);
	}
}

/* Run argv into s, and keep in r what it cost: RUN_OK when it exited 0, RUN_FAILED with r's
 * reason said when it did not. */
static enum run_outcome run_spawn(char **argv, const struct measure_opts *o, struct spawned *s,
		     struct run *r)
{
	double steal0 = distort_steal_s();
	char *nl;

	if (spawn_run(argv, NULL, o->timeout_s, o->stop, s) != 0) {
		snprintf(r->reason, sizeof r->reason, "could not start %s", argv[0]);
		return RUN_FAILED;
	}
	if (s->interrupted)
		return RUN_INTERRUPTED;
	run_steal(o, steal0, s->wall_s, r);
	r->wall_s = s->wall_s;
	r->user_s = s->user_s;
	r->sys_s = s->sys_s;
	r->use = s->use;
	if ((nl = strchr(s->err, '\n')))
		*nl = '\0';
	if (s->timed_out) {
		snprintf(r->reason, sizeof r->reason, "timed out after %g s (killed)", o->timeout_s);
		return RUN_FAILED;
	}
	if (!s->exited) {
		snprintf(r->reason, sizeof r->reason, "killed by signal %d (%s)", s->code, strsignal(s->code));
		return RUN_FAILED;
	}
	if (s->code != 0) {
		snprintf(r->reason, sizeof r->reason, "exit status %d: %.150s", s->code, s->err);
		return RUN_FAILED;
	}
	return RUN_OK;
}

/* The last non-empty line of out, the one that counts (out is cut into lines), or NULL. */
static char *run_last_line(char *out)
{
	char *line = NULL;

	for (char *q = out; *q;) {
		char *end = q + strcspn(q, "\n");

		if (end > q)
			line = q;
		q = *end ? end + 1 : end;
		*end = '\0';
	}
	return line;
}

/* Whether line is one a run of p may end with; if it says seconds=, they go to *seconds. line
 * is NULL only for a bench: an external command's line that does not time itself is "". */
static int run_line_valid(const struct point *p, const char *line, double *seconds)
{
	char value[VALUE_MAX];
	int timed;

	/* A bench that printed nothing failed, whatever its exit status said. */
	if (!line)
		return 0;
	/* A bench always times itself: without seconds= the line is not the bench's. */
	timed = kv_find(line, "seconds", value, sizeof value) == 0;
	if (!p->cmd && !timed)
		return 0;
	/* Whoever says seconds= is taken at their word, so it must be a number. */
	if (timed && args_parse_double(value, 0, 1e9, seconds) != 0)
		return 0;
	/* A bench always prints result=, to be checked against its serial run's; a command may
	 * not have one to give. */
	if (!p->cmd && kv_find(line, "result", value, sizeof value) != 0)
		return 0;
	return 1;
}

/* Keep in r what a valid line says beyond its seconds. Returns 0, or -1 with r's reason said
 * when its result= differs from its baseline's. */
static int run_read_line(struct sweep *sw, struct point *p, const char *line, struct run *r)
{
	char value[VALUE_MAX];

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
	return 0;
}

enum run_outcome runonce_measure(struct sweep *sw, struct point *p, const struct measure_opts *o,
				 int warmup, struct run *r)
{
	/* Room for the program's path, the worker count and a by-product's path: --bin and --out
	 * are each shorter than PATH_MAX (cli.c), so runline_argv's pieces always fit. */
	char buf[3 * PATH_MAX], *argv[40], value[VALUE_MAX];
	const char *line;
	struct spawned sp;
	double seconds;
	enum run_outcome rc;

	runline_argv(p, o, warmup, buf, sizeof buf, argv);
	run_clear(r);
	if ((rc = run_spawn(argv, o, &sp, r)) != RUN_OK)
		return rc;
	line = run_last_line(sp.out);
	seconds = sp.wall_s;	/* an external command that does not time itself */
	if (p->cmd && (!line || kv_find(line, "seconds", value, sizeof value) != 0)) {
		/* An external command may print anything: time the whole process, but a result=
		 * it prints is checked all the same. */
		if (line && kv_find(line, "result", value, sizeof value) == 0 &&
		    run_result(sw, p, value, r) != 0)
			return RUN_FAILED;
		line = "";
	}
	if (!run_line_valid(p, line, &seconds)) {
		snprintf(r->reason, sizeof r->reason, "printed no valid key=value line%s%.80s",
			 line ? ": " : "", line ? line : "");
		return RUN_FAILED;
	}
	if (run_read_line(sw, p, line, r) != 0)
		return RUN_FAILED;
	r->whole_s = seconds;
	r->start_s = run_phase(line, "start_s");
	r->compute_s = run_phase(line, "compute_s");
	r->finish_s = run_phase(line, "finish_s");
	/* A command that does not split its time is timed whole under either mode. */
	if (!o->whole && !isnan(r->compute_s))
		seconds = r->compute_s;
	r->seconds = seconds;
	r->status = warmup ? "warmup" : "ok";
	return RUN_OK;
}
