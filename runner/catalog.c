/* catalog.c: the bench catalogue, from bin/benches.txt and each bench's --info. */
#include "catalog.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/args.h"
#include "lib/kv.h"
#include "lib/msg.h"
#include "lib/variants.h"
#include "spawn.h"

int catalog_names(const char *bindir, char (*names)[CATALOG_NAME], int max)
{
	char path[PATH_MAX + 16], line[128];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof path, "%s/benches.txt", bindir);
	if (!(f = fopen(path, "r"))) {
		msg_warn("%s: %s (make writes it: run make first?)", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		if (n == max || strlen(line) >= CATALOG_NAME) {
			msg_warn("%s: too many benches, or a name too long: '%.40s'", path, line);
			fclose(f);
			return -1;
		}
		snprintf(names[n++], CATALOG_NAME, "%.*s", CATALOG_NAME - 1, line);
	}
	fclose(f);	/* read-only: a failing close loses nothing */
	return n;
}

int catalog_has(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == ',') && (p[len] == ',' || p[len] == '\0'))
			return 1;
	return 0;
}

static void catalog_str(const char *line, const char *key, char *buf, size_t len)
{
	if (kv_find(line, key, buf, len) != 0)
		buf[0] = '\0';
}

static long catalog_num(const char *line, const char *key)
{
	char value[32];
	uint64_t n;

	return kv_find(line, key, value, sizeof value) == 0 &&
	       args_parse_u64(value, 0, LONG_MAX, &n) == 0 ? (long)n : 0;
}

/* The keys own_keys= names, with their values, into bi->own. */
static void catalog_own(const char *line, struct bench_info *bi)
{
	char names[256], value[64];

	catalog_str(line, "own_keys", names, sizeof names);
	for (char *k = names; *k;) {
		size_t len = strcspn(k, ",");
		int last = k[len] == '\0';

		k[len] = '\0';
		if (kv_find(line, k, value, sizeof value) == 0)
			snprintf(bi->own + strlen(bi->own), sizeof bi->own - strlen(bi->own), "%s%s=%s",
				 bi->own[0] ? " " : "", k, value);
		k += len + !last;
	}
}

/* One variant's traits from its variant.<name>= value, "max_workers:N,trait,...": words it
 * does not know are left, for a newer bench. */
static void catalog_traits(const char *name, const char *value, struct variant_traits *vt)
{
	static const struct { const char *word; size_t at; } flags[] = {
		{ "recursive", offsetof(struct variant_traits, recursive) },
		{ "baseline", offsetof(struct variant_traits, baseline) },
		{ "in_flight", offsetof(struct variant_traits, in_flight) },
		{ "one_thread", offsetof(struct variant_traits, one_thread) },
		{ "mpirun", offsetof(struct variant_traits, mpirun) },
		{ "skip_io", offsetof(struct variant_traits, skip_io) },
		{ "skip_memory", offsetof(struct variant_traits, skip_memory) },
		{ "skip_recursive", offsetof(struct variant_traits, skip_recursive) },
	};

	memset(vt, 0, sizeof *vt);
	snprintf(vt->name, sizeof vt->name, "%s", name);
	for (const char *w = value; *w; w += strcspn(w, ",") + (w[strcspn(w, ",")] == ',')) {
		size_t len = strcspn(w, ",");

		if (!strncmp(w, "max_workers:", 12))
			vt->max_workers = atoi(w + 12);
		else if (!strncmp(w, "start_s:", 8))
			vt->start_s = atof(w + 8);
		for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++)
			if (strlen(flags[f].word) == len && !strncmp(w, flags[f].word, len))
				*(int *)((char *)vt + flags[f].at) = 1;
	}
}

void catalog_table(struct bench_info *bi)
{
	for (const struct variant *v = variant_next(NULL); v && bi->ntraits < CATALOG_VARIANTS;
	     v = variant_next(v))
		catalog_traits_of(v->name, &bi->traits[bi->ntraits++]);
}

/* Every variant.<name>= of an --info line, into bi->traits; for a bench that tells none (one
 * built before them, or the tests' fakes), the runner's own table's (catalog_table). */
static void catalog_variants(const char *line, struct bench_info *bi)
{
	for (const char *k = line; (k = strstr(k, "variant.")) && bi->ntraits < CATALOG_VARIANTS;) {
		size_t len = strcspn(k + 8, "= ");
		char name[CATALOG_NAME], key[CATALOG_NAME + 8], value[256];

		if ((k == line || k[-1] == ' ') && k[8 + len] == '=' && len < sizeof name) {
			snprintf(name, sizeof name, "%.*s", (int)len, k + 8);
			snprintf(key, sizeof key, "variant.%s", name);
			if (kv_find(line, key, value, sizeof value) == 0)
				catalog_traits(name, value, &bi->traits[bi->ntraits++]);
		}
		k += 8 + len;
	}
	if (!bi->ntraits)
		catalog_table(bi);
}

enum bench_kind catalog_kind(const char *kind)
{
	return !strcmp(kind, "io") ? KIND_IO : !strcmp(kind, "memory") ? KIND_MEMORY : KIND_CPU;
}

void catalog_traits_of(const char *variant, struct variant_traits *vt)
{
	const struct variant *v = variant_lookup(variant);
	char value[256];

	if (!v) {
		memset(vt, 0, sizeof *vt);
		return;
	}
	variant_traits(v, value, sizeof value);
	catalog_traits(v->name, value, vt);
}

void catalog_variant(const struct bench_info *bi, const char *name, struct variant_traits *vt)
{
	for (int k = 0; k < bi->ntraits; k++)
		if (!strcmp(bi->traits[k].name, name)) {
			*vt = bi->traits[k];
			return;
		}
	*vt = (struct variant_traits){ .max_workers = 4096 };
	snprintf(vt->name, sizeof vt->name, "%s", name);
}

const char *catalog_baseline(const struct bench_info *bi)
{
	for (int k = 0; k < bi->ntraits; k++)
		if (bi->traits[k].baseline)
			return bi->traits[k].name;
	return "";	/* not reached: the runner's own table has one */
}

int catalog_repeats(const struct bench_info *bi, const struct variant_traits *vt)
{
	return (vt->skip_io && bi->kind_of == KIND_IO) ||
	       (vt->skip_memory && bi->kind_of == KIND_MEMORY) ||
	       (vt->skip_recursive && bi->recursive);
}

/* What an --info line says, but its kind= (which catalog_info reads first), into bi. */
static void catalog_parse(const char *line, struct bench_info *bi)
{
	char yes[8];

	bi->kind_of = catalog_kind(bi->kind);
	bi->size = (uint64_t)catalog_num(line, "size");
	bi->small = (uint64_t)catalog_num(line, "small");
	bi->medium = (uint64_t)catalog_num(line, "medium");
	bi->size_max = (uint64_t)catalog_num(line, "size_max");
	bi->tasks = catalog_num(line, "tasks");
	bi->tasks_default = catalog_num(line, "tasks_default");
	bi->tasks_max = catalog_num(line, "tasks_max");
	catalog_str(line, "size_auto", yes, sizeof yes);
	bi->size_auto = strcmp(yes, "no") != 0;
	catalog_str(line, "work_power", yes, sizeof yes);
	if (args_parse_double(yes, 0.1, 10, &bi->work_power) != 0)
		bi->work_power = 1;
	catalog_str(line, "work_base", yes, sizeof yes);
	if (args_parse_double(yes, 1.0001, 100, &bi->work_base) != 0)
		bi->work_base = 0;	/* absent: the power law */
	bi->parallelism = catalog_num(line, "parallelism");
	catalog_str(line, "variants", bi->variants, sizeof bi->variants);
	catalog_str(line, "mpi", yes, sizeof yes);
	bi->mpi = !strcmp(yes, "yes");
	catalog_str(line, "default", yes, sizeof yes);
	bi->in_default = strcmp(yes, "no") != 0;
	catalog_str(line, "recursive", yes, sizeof yes);
	bi->recursive = !strcmp(yes, "yes");
	catalog_str(line, "byproduct", bi->byproduct, sizeof bi->byproduct);
	catalog_str(line, "byproduct_file", bi->byproduct_file, sizeof bi->byproduct_file);
	catalog_str(line, "byproduct_plot", bi->byproduct_plot, sizeof bi->byproduct_plot);
	catalog_own(line, bi);
	catalog_variants(line, bi);
	bi->setup_bytes = (double)catalog_num(line, "setup_bytes");
}

int catalog_info(const char *bindir, const char *bench, const char *size, const char *tasks,
		 volatile sig_atomic_t *stop, struct bench_info *bi)
{
	char path[PATH_MAX + 40];
	char *argv[] = { path, "--info", "--size", (char *)size, tasks ? "--tasks" : NULL,
			 (char *)tasks, NULL };
	struct spawned *s = malloc(sizeof *s);
	int err = -1;

	if (!s) {
		msg_errno("malloc");
		return -1;
	}
	memset(bi, 0, sizeof *bi);
	snprintf(bi->name, sizeof bi->name, "%s", bench);
	snprintf(path, sizeof path, "%s/%s", bindir, bench);
	if (spawn_run(argv, NULL, 30, stop, s) != 0)
		goto out;
	s->out[strcspn(s->out, "\n")] = '\0';
	s->err[strcspn(s->err, "\n")] = '\0';
	if (s->exited && s->code == EXIT_USAGE) {	/* it refused --size or --tasks: say why */
		const char *why = strstr(s->err, ": ");

		msg_warn("%s: %s", bench, why ? why + 2 : s->err);
		err = PLAN_USAGE;
		goto out;
	}
	if (!s->exited || s->code != 0 || kv_find(s->out, "kind", bi->kind, sizeof bi->kind) != 0) {
		msg_warn("%s --info --size %s failed: %s", path, size, s->err[0] ? s->err : "no answer");
		goto out;
	}
	catalog_parse(s->out, bi);
	err = 0;
out:
	free(s);
	return err;
}

double catalog_work_ratio(const struct bench_info *bi, double from, double to)
{
	if (bi->work_base > 0)
		return pow(bi->work_base, to - from);
	return pow(to / from, bi->work_power > 0 ? bi->work_power : 1);
}

double catalog_size_for(const struct bench_info *bi, double from, double ratio)
{
	if (bi->work_base > 0)
		return from + log(ratio) / log(bi->work_base);
	return from * pow(ratio, 1 / (bi->work_power > 0 ? bi->work_power : 1));
}
