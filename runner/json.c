/* json.c: one writer for one format. Times are in microseconds (time_unit "us": compare.py prints
 * whole units, and seconds would all read 0); a point is named bench/variant/workers:W, as
 * Google Benchmark names a benchmark run at an argument. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keyfile.h"
#include "output.h"
#include "reload.h"

#define US 1e6	/* seconds to the time_unit */

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

/* JSON has no NAN: null stands for "not measured". */
static void json_num(FILE *f, double x)
{
	if (isfinite(x))
		fprintf(f, "%.9g", x);
	else
		fprintf(f, "null");
}

struct model {
	FILE *f;
	int n;
};

static void json_model_pair(const char *key, const char *value, void *arg)
{
	struct model *m = arg;

	fprintf(m->f, "%s\n      ", m->n++ ? "," : "");
	json_str(m->f, key);
	fprintf(m->f, ": ");
	json_str(m->f, value);
}

/* machine.txt whole, as "machine_model": { key: value, ... }: the model the labels came from. */
static void json_machine(FILE *f, const char *dir)
{
	struct model m = { f, 0 };

	fprintf(f, "    \"machine_model\": {");
	keyfile_each(dir, "machine.txt", json_model_pair, &m);	/* none: an empty object */
	fprintf(f, "%s}", m.n ? "\n    " : "");
}

static void json_context(FILE *f, const struct sweep *sw, const char *dir, const char *machine)
{
	static const char *keys[][2] = { { "date", "date" }, { "host_name", "hostname" },
					 { "git_revision", "git_revision" } };
	char v[512];

	fprintf(f, "{\n  \"context\": {\n");
	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		if (reload_machine_key(dir, keys[k][1], v, sizeof v) != 0)
			snprintf(v, sizeof v, "unknown");
		fprintf(f, "    \"%s\": ", keys[k][0]);
		json_str(f, v);
		fprintf(f, ",\n");
	}
	/* Frequency scaling, as Google Benchmark means it: a governor other than performance. */
	if (reload_machine_key(dir, "cpufreq_governor", v, sizeof v) != 0)
		snprintf(v, sizeof v, "unknown");
	fprintf(f, "    \"executable\": \"parbench runner\",\n    \"num_cpus\": %d,\n"
		   "    \"mhz_per_cpu\": 0,\n    \"cpu_scaling_enabled\": %s,\n"
		   "    \"library_build_type\": \"release\",\n    \"machine\": ", sw->cpus,
		strcmp(v, "performance") && strcmp(v, "none") && strcmp(v, "unknown") ? "true" : "false");
	json_str(f, machine);
	fprintf(f, ",\n    \"physical_cores\": %d,\n    \"effective_cpus\": %d,\n    \"bind\": ",
		sw->cores, sw->cpus);
	json_str(f, sw->bind ? sw->bind : "spread");
	fprintf(f, ",\n    \"time\": \"%s\",\n    \"scaling\": \"%s\",\n", sw->whole ? "whole" :
		"compute", sw->weak ? "weak" : "strong");
	json_machine(f, dir);
	fprintf(f, "\n  },\n");
}

/* Point p's name, bench/variant/workers:W, and /size:N under weak scaling, where serial runs at
 * every size with 1 worker: compare.py pairs entries by name. */
static void json_name(FILE *f, const struct sweep *sw, const struct point *p, const char *suffix)
{
	char name[200];

	snprintf(name, sizeof name, "%s/%s/workers:%d%s%s%s", p->bench, p->variant, p->workers,
		 sw->weak ? "/size:" : "", sw->weak ? p->size : "", suffix);
	json_str(f, name);
}

/* A "key": "string" pair, after a comma. */
static void json_pair(FILE *f, const char *key, const char *value)
{
	fprintf(f, ", \"%s\": ", key);
	json_str(f, value);
}

/* The fields every entry of point p carries, after its name. */
static void json_point_fields(FILE *f, const struct sweep *sw, const struct point *p)
{
	fprintf(f, "\"run_name\": ");
	json_name(f, sw, p, "");
	fprintf(f, ", \"threads\": 1, \"iterations\": 1, \"time_unit\": \"us\", "
		   "\"repetitions\": %zu, \"workers\": %d", p->n, p->workers);
	json_pair(f, "bench", p->bench);
	json_pair(f, "variant", p->variant);
	json_pair(f, "size", p->size);
	json_pair(f, "label", p->label);
	json_pair(f, "kind", p->kind);
	fprintf(f, ", \"speedup\": ");
	json_num(f, p->speedup);
	fprintf(f, ", \"serial\": \"%s\"", sw->pts[p->baseline].estimated ? "estimated" : "measured");
}

static void json_point(FILE *f, const struct sweep *sw, size_t i, int *first)
{
	const struct point *p = &sw->pts[i];
	const char *agg[] = { "median", "mean", "stddev" };
	double val[] = { p->s.median, p->s.mean, p->s.sd }, cpu = 0;
	size_t k = 0;

	for (size_t r = 0; r < sw->nruns; r++) {
		const struct run *run = &sw->runs[r];

		if (run->point != (int)i || strcmp(run->status, "ok"))
			continue;
		cpu += run->user_s + run->sys_s;
		fprintf(f, "%s    {\"name\": ", *first ? "" : ",\n");
		json_name(f, sw, p, "");
		fprintf(f, ", \"run_type\": \"iteration\", \"repetition_index\": %zu, ", k++);
		*first = 0;
		json_point_fields(f, sw, p);
		fprintf(f, ", \"real_time\": ");
		json_num(f, US * run->seconds);
		fprintf(f, ", \"cpu_time\": ");
		json_num(f, US * (run->user_s + run->sys_s));
		fprintf(f, ", \"start_s\": ");
		json_num(f, run->start_s);
		fprintf(f, ", \"max_rss_kib\": %ld, \"nivcsw\": %ld}", run->use.max_rss_kib,
			run->use.nivcsw);
	}
	for (size_t a = 0; k && a < 3; a++) {
		char suffix[16];

		snprintf(suffix, sizeof suffix, "_%s", agg[a]);
		fprintf(f, ",\n    {\"name\": ");
		json_name(f, sw, p, suffix);
		fprintf(f, ", \"run_type\": \"aggregate\", \"aggregate_name\": \"%s\", "
			   "\"aggregate_unit\": \"time\", ", agg[a]);
		json_point_fields(f, sw, p);
		fprintf(f, ", \"real_time\": ");
		json_num(f, US * val[a]);
		fprintf(f, ", \"cpu_time\": ");
		json_num(f, a == 2 ? 0 : US * cpu / k);	/* the CPU time's mean, for both */
		if (a == 0) {
			fprintf(f, ", \"ci_low\": ");
			json_num(f, US * p->s.ci_low);
			fprintf(f, ", \"ci_high\": ");
			json_num(f, US * p->s.ci_high);
			fprintf(f, ", \"outliers\": %zu", p->outliers);
		}
		fprintf(f, "}");
	}
}

int json_write(const struct sweep *sw, const char *dir, const char *machine)
{
	struct outfile o;
	int first = 1;

	if (outfile_open(&o, dir, "results.json") != 0)
		return -1;
	json_context(o.f, sw, dir, machine);
	fprintf(o.f, "  \"benchmarks\": [\n");
	for (size_t i = 0; i < sw->npts; i++)
		json_point(o.f, sw, i, &first);
	fprintf(o.f, "\n  ]\n}\n");
	return outfile_commit(&o);
}
