/* sweep.c: questions asked of a sweep's points: which benches and variants it holds, which point
 * is a bench's baseline, which point sits in a table's cell. */
#include "sweep.h"

#include <string.h>

int point_is_baseline(const struct sweep *sw, size_t i)
{
	const struct point *p = &sw->pts[i];

	return p->baseline == (int)i && !p->cmd;
}

size_t sweep_benches(const struct sweep *sw, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sw->npts; i++) {
		size_t k = 0;

		while (k < n && strcmp(names[k], sw->pts[i].bench))
			k++;
		if (k == n && n < max)
			names[n++] = sw->pts[i].bench;
	}
	return n;
}

size_t sweep_variants(const struct sweep *sw, const char *bench, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];
		size_t k = 0;

		if (strcmp(p->bench, bench) || point_is_baseline(sw, i))
			continue;
		while (k < n && strcmp(names[k], p->variant))
			k++;
		if (k == n && n < max)
			names[n++] = p->variant;
	}
	return n;
}

const struct point *sweep_find_point(const struct sweep *sw, const char *bench,
				     const char *variant, int workers)
{
	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];

		if (p->workers == workers && !strcmp(p->bench, bench) && !strcmp(p->variant, variant))
			return p;
	}
	return NULL;
}

int sweep_workers(const struct sweep *sw, const char *bench, int skip_baseline, int *workers,
		  int max)
{
	int n = 0;

	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];
		int k = 0;

		if (strcmp(p->bench, bench) || (skip_baseline && point_is_baseline(sw, i)))
			continue;
		while (k < n && workers[k] != p->workers)
			k++;
		if (k == n && n < max)
			workers[n++] = p->workers;
	}
	return n;
}
