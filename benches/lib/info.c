/* info.c: --info, what a bench is, one key=value line for the runner to plan a sweep by (its
 * kind, sizes, tasks and their rule, variants, by-product and keys of its own). */
#include "info.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "variants.h"

/* A job's task count when --tasks is not given: the bench's rule for the size, or what its
 * setup decides (sweep's rows), learnt by setting it up and tearing it down. */
static int info_default_tasks(const struct workload *w, const struct job *job, size_t *tasks)
{
	struct job probe = *job;
	int rc = 0;

	probe.tasks = w->tasks_for(job->size);
	probe.data = NULL;
	probe.planning = 1;
	if (probe.tasks == 0 && w->setup) {
		rc = w->setup(&probe);
		if (w->teardown)
			w->teardown(&probe);
	}
	*tasks = probe.tasks;
	return rc;
}

/* The bench's own --info keys, then own_keys=, which names them, so that a plan can show them
 * without knowing what they are. */
static int info_own(const struct workload *w, struct job *job, struct kv *out)
{
	size_t from = out->len;
	char names[256] = "";
	int rc = w->info(job, out);

	for (const char *k = out->line + from; rc == 0 && *k;) {
		size_t len;

		k += strspn(k, " ");
		len = strcspn(k, "=");
		if (!*k || strlen(names) + len + 2 > sizeof names)
			break;
		snprintf(names + strlen(names), sizeof names - strlen(names), "%s%.*s",
			 names[0] ? "," : "", (int)len, k);
		k += strcspn(k, " ");
	}
	if (rc == 0 && names[0])
		kv_str(out, "own_keys", names);
	return rc;
}

/* The most tasks the bench takes at this size: what it says (tasks_most), or under the "rows"
 * rule its default, one per row; 2^30 under the "any" rule. */
static size_t info_tasks_max(const struct workload *w, const struct job *job, size_t deflt)
{
	if (w->tasks_most)
		return w->tasks_most(job);
	if (!w->tasks_rule || strcmp(w->tasks_rule, "rows") != 0)
		return TASKS_MAX;
	return deflt;
}

/* One key a variant, variant.<name>=<its traits> (variant_traits): what the runner plans a
 * sweep and estimates a run by, mpi's too, which this program may not run. */
static void info_variants(struct kv *out)
{
	for (const struct variant *v = variant_next(NULL); v; v = variant_next(v)) {
		char key[48], traits[256];

		snprintf(key, sizeof key, "variant.%s", v->name);
		variant_traits(v, traits, sizeof traits);
		kv_str(out, key, traits);
	}
}

/* --info: what the runner needs to know to plan a sweep of this bench, one key=value line, for
 * the given --size and --tasks. */
int info_print(const struct workload *w, struct job *job)
{
	char list[512] = "";
	struct kv out;
	size_t deflt, most;
	int rc;

	if ((rc = info_default_tasks(w, job, &deflt)) != 0)
		return rc;
	most = info_tasks_max(w, job, deflt);
	if (job->tasks == 0)
		job->tasks = deflt;
	else if (job->tasks > most)
		msg_usage("--tasks: at most %zu at size %s (%s)", most, job->size_name,
			  w->tasks_rule && !strcmp(w->tasks_rule, "rows") ? "one task per row" :
			  "one per piece of its work");
	for (const struct variant *v = variants; v->name; v++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? "," : "",
			 v->name);
	kv_init(&out);
	kv_str(&out, "bench", w->name);
	kv_str(&out, "kind", w->kind ? w->kind : "cpu");
	kv_u64(&out, "small", w->sizes[0]);
	kv_u64(&out, "medium", w->sizes[1]);
	kv_u64(&out, "large", w->sizes[2]);
	kv_u64(&out, "size", job->size);
	kv_u64(&out, "size_max", w->size_max);
	kv_f(&out, "work_power", "%g", w->work_power > 0 ? w->work_power : 1.0);
	if (w->work_base > 0)
		kv_f(&out, "work_base", "%g", w->work_base);
	kv_str(&out, "size_auto", w->fixed_size || (w->kind && !strcmp(w->kind, "io")) ? "no" : "yes");
	kv_u64(&out, "tasks", job->tasks);
	kv_u64(&out, "tasks_default", deflt);
	kv_u64(&out, "tasks_max", most);
	kv_u64(&out, "parallelism", job->tasks);	/* no more workers than tasks can help */
	kv_str(&out, "tasks_rule", w->tasks_rule ? w->tasks_rule : "any");
	kv_str(&out, "variants", list);
	kv_str(&out, "mpi", w->no_mpi ? "no" : "yes");
	kv_str(&out, "default", w->optional ? "no" : "yes");
	kv_str(&out, "recursive", w->solve ? "yes" : "no");
	if (w->byproduct.flag) {
		kv_str(&out, "byproduct", w->byproduct.flag);
		kv_str(&out, "byproduct_file", w->byproduct.file);
		kv_str(&out, "byproduct_plot", w->byproduct.plot);
	}
	info_variants(&out);
	if (w->info && (rc = info_own(w, job, &out)) != 0)
		return rc;
	if (printf("%s\n", out.line) < 0 || fflush(stdout) != 0) {
		msg_errno("stdout");
		return EXIT_RUNTIME;
	}
	return 0;
}
