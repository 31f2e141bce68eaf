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

int traits_variants(const char *bench, const char *without, char (*names)[32], int max)
{
	static struct ran r;
	const char *argv[] = { "--info", NULL };
	char list[512], key[48], traits[256];
	int n = 0;

	if (run_bench(&r, bench, argv) != 0 || !r.exited || r.code != 0 ||
	    kv_find(r.out, "variants", list, sizeof list) != 0)
		return -1;
	for (char *v = strtok(list, ","); v && n < max; v = strtok(NULL, ",")) {
		int keep = 1;

		snprintf(key, sizeof key, "variant.%s", v);
		if (kv_find(r.out, key, traits, sizeof traits) != 0)
			return -1;
		for (const char *w = without; *w && keep; w = traits_next(w))
			keep = !traits_have(traits, w, strcspn(w, ","));
		if (keep)
			snprintf(names[n++], 32, "%.31s", v);
	}
	return n;
}

int traits_baseline(const char *bench, char *name)
{
	char all[32][32], others[32][32];
	int n = traits_variants(bench, "", all, 32), m = traits_variants(bench, "baseline", others, 32);

	for (int k = 0; k < n && m >= 0; k++) {
		int other = 0;

		for (int j = 0; j < m; j++)
			other |= !strcmp(all[k], others[j]);
		if (!other) {
			snprintf(name, 32, "%.31s", all[k]);
			return 0;
		}
	}
	return -1;
}
