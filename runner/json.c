/* json.c: one writer for one format. Times are in microseconds (time_unit "us": compare.py prints
 * whole units, and seconds would all read 0); a point is named bench/variant/workers:W, as
 * Google Benchmark names a benchmark run at an argument. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* machine.txt whole, as "machine_model": { key: value, ... }: the model the labels came from. */
static void json_machine(FILE *f, const char *dir)
{
	char path[1200], line[4096];
	FILE *in;
	int n = 0;

	fprintf(f, "    \"machine_model\": {");
	snprintf(path, sizeof path, "%s/machine.txt", dir);
	if ((in = fopen(path, "r"))) {
		while (fgets(line, sizeof line, in)) {
			char *v = strstr(line, ": ");

			if (!v)
				continue;
			*v = '\0';
			v[2 + strcspn(v + 2, "\n")] = '\0';
			fprintf(f, "%s\n      ", n++ ? "," : "");
			json_str(f, line);
			fprintf(f, ": ");
			json_str(f, v + 2);
		}
		fclose(in);
	}
	fprintf(f, "%s}", n ? "\n    " : "");
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
	fprintf(f, "    \"executable\": \"parbench runner\",\n    \"num_cpus\": %d,\n"
		   "    \"mhz_per_cpu\": 0,\n    \"cpu_scaling_enabled\": false,\n"
		   "    \"library_build_type\": \"release\",\n    \"machine\": ", sw->cpus);
	json_str(f, machine);
	fprintf(f, ",\n    \"physical_cores\": %d,\n    \"effective_cpus\": %d,\n    \"bind\": ",
		sw->cores, sw->cpus);
	json_str(f, sw->bind ? sw->bind : "spread");
	fprintf(f, ",\n    \"time\": \"%s\",\n    \"scaling\": \"%s\",\n", sw->whole ? "whole" :
		"compute", sw->weak ? "weak" : "strong");
	json_machine(f, dir);
	fprintf(f, "\n  },\n");
}

/* The fields every entry of point p carries, after its name. */
static void json_point_fields(FILE *f, const struct sweep *sw, const struct point *p)
{
	fprintf(f, "\"run_name\": \"%s/%s/workers:%d\", \"threads\": 1, \"iterations\": 1, "
		   "\"time_unit\": \"us\", \"repetitions\": %zu, \"bench\": \"%s\", \"variant\": \"%s\", "
		   "\"workers\": %d, \"size\": ", p->bench, p->variant, p->workers, p->n, p->bench,
		p->variant, p->workers);
	json_str(f, p->size);
	fprintf(f, ", \"label\": \"%s\", \"kind\": \"%s\", \"speedup\": ", p->label, p->kind);
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
		fprintf(f, "%s    {\"name\": \"%s/%s/workers:%d\", \"run_type\": \"iteration\", "
			   "\"repetition_index\": %zu, ", *first ? "" : ",\n", p->bench, p->variant,
			p->workers, k++);
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
		fprintf(f, ",\n    {\"name\": \"%s/%s/workers:%d_%s\", \"run_type\": \"aggregate\", "
			   "\"aggregate_name\": \"%s\", \"aggregate_unit\": \"time\", ", p->bench,
			p->variant, p->workers, agg[a], agg[a]);
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
