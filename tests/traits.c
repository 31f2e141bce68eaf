/* traits.c: the tests' lists of variants from the one catalogue, through a bench's --info, so
 * that a variant added later is tested without a line in them. */
#include "traits.h"

#include <stdio.h>
#include <string.h>

#include "lib/kv.h"
#include "run.h"

/* The word after w in a comma-separated list. */
static const char *traits_next(const char *w)
{
	size_t len = strcspn(w, ",");

	return w + len + (w[len] == ',');
}

/* Whether word is one of the comma-separated traits. */
static int traits_have(const char *traits, const char *word, size_t len)
{
	for (const char *t = traits; *t; t = traits_next(t))
		if (strcspn(t, ",") == len && !strncmp(t, word, len))
			return 1;
	return 0;
}

/* The variants bin/<bench> --info lists, in its order, that have any of the words (with 1) or
 * none of them (with 0), into names. Returns how many, or -1 when the bench cannot say. */
static int traits_select(const char *bench, const char *words, int with, char (*names)[32],
			 int max)
{
	static struct ran r;
	const char *argv[] = { "--info", NULL };
	char list[512], key[48], traits[256];
	int n = 0;

	if (run_bench(&r, bench, argv) != 0 || !r.exited || r.code != 0 ||
	    kv_find(r.out, "variants", list, sizeof list) != 0)
		return -1;
	for (char *v = strtok(list, ","); v && n < max; v = strtok(NULL, ",")) {
		int has = 0;

		snprintf(key, sizeof key, "variant.%s", v);
		if (kv_find(r.out, key, traits, sizeof traits) != 0)
			return -1;
		for (const char *w = words; *w && !has; w = traits_next(w))
			has = traits_have(traits, w, strcspn(w, ","));
		if (has == with)
			snprintf(names[n++], 32, "%.31s", v);
	}
	return n;
}

int traits_variants(const char *bench, const char *without, char (*names)[32], int max)
{
	return traits_select(bench, without, 0, names, max);
}

int traits_baseline(const char *bench, char *name)
{
	return traits_select(bench, "baseline", 1, (char (*)[32])name, 1) == 1 ? 0 : -1;
}
