/* plan.c: worker lists and name lists, parsed strictly. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "lib/args.h"

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int add_unique(int *out, int n, int max, int v)
{
	for (int k = 0; k < n; k++)
		if (out[k] == v)
			return n;
	return n < max ? (out[n] = v, n + 1) : -1;
}

int plan_parse_workers(const char *text, int *out, int max)
{
	char buf[512], *save = NULL, *item;
	int n = 0;

	if (!text || !*text || strlen(text) >= sizeof buf)
		return -1;
	strcpy(buf, text);
	if (buf[0] == ',' || buf[strlen(buf) - 1] == ',' || strstr(buf, ",,"))
		return -1;
	for (item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(item, '-');
		uint64_t lo, hi;

		if (dash) {
			*dash = '\0';
			if (args_parse_u64(item, 1, PLAN_MAX_WORKERS, &lo) ||
			    args_parse_u64(dash + 1, 1, PLAN_MAX_WORKERS, &hi) || hi < lo)
				return -1;
		} else if (args_parse_u64(item, 1, PLAN_MAX_WORKERS, &lo)) {
			return -1;
		} else {
			hi = lo;
		}
		for (uint64_t v = lo; v <= hi; v++)
			if ((n = add_unique(out, n, max, (int)v)) < 0)
				return -1;
	}
	qsort(out, n, sizeof *out, cmp_int);
	return n;
}

int plan_default_workers(int cpus, int *out, int max)
{
	int n = 0;

	for (int w = 1; w < cpus && n >= 0; w *= 2)
		n = add_unique(out, n, max, w);
	if (n >= 0)
		n = add_unique(out, n, max, cpus);
	if (n >= 0)
		n = add_unique(out, n, max, 2 * cpus);
	if (n > 0)
		qsort(out, n, sizeof *out, cmp_int);
	return n;
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
