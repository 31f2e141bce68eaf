/* byproduct.c: a bench's by-product, drawn the way its --info said: sweep's map and heat's field
 * as heatmaps, whose words come from the file itself, and mandelbrot's PGM as an image. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "keyfile.h"
#include "plot.h"

/* The point whose first run writes a bench's by-product, as --info named it, or NULL. */
static const struct point *byproduct_point(const struct sweep *sw, const char *bench)
{
	for (size_t i = 0; i < sw->npts; i++)
		if (!strcmp(sw->pts[i].bench, bench) && sw->pts[i].byproduct[0])
			return &sw->pts[i];
	return NULL;
}

static const char *byproduct_file(const struct sweep *sw, const char *bench)
{
	const struct point *p = byproduct_point(sw, bench);

	return p ? p->byproduct_file : "";
}

static const char *byproduct_plot(const struct sweep *sw, const char *bench)
{
	const struct point *p = byproduct_point(sw, bench);

	return p ? p->byproduct_plot : "";
}

int plot_byproduct_png(const struct sweep *sw, const char *bench, char *buf, size_t len)
{
	const char *file = byproduct_file(sw, bench), *dot = strrchr(file, '.');

	if (!file[0])
		return -1;
	snprintf(buf, len, "%.*s.png", dot ? (int)(dot - file) : (int)strlen(file), file);
	return 0;
}

/* Whether text is three column numbers, N:N:N: map_using is pasted into the plot command, so a
 * file from elsewhere must not be able to put anything else there. */
static int columns_only(const char *text)
{
	int fields = 0;

	for (const char *c = text; *c; fields++) {
		if (*c < '0' || *c > '9')
			return 0;
		while (*c >= '0' && *c <= '9')
			c++;
		if (*c == ':')
			c++;
		else if (*c)
			return 0;
	}
	return fields == 3 && text[strlen(text) - 1] != ':';
}

/* A heatmap's words come from its file, whose bench wrote them in its header ("# title: ..."),
 * so that the runner knows no bench by name; the columns are taken only as N:N:N. */
static void heatmap_words(const char *dir, const char *file, char *assign, size_t len)
{
	static const char *const keys[] = { "title", "xlabel", "ylabel", "cblabel", "using" };

	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		char key[16], value[256], clean[520];

		snprintf(key, sizeof key, "# %s", keys[k]);
		if (keyfile_get(dir, file, key, value, sizeof value) != 0 ||
		    (!strcmp(keys[k], "using") && !columns_only(value)))
			continue;
		plot_quoted(clean, sizeof clean, value);
		snprintf(assign + strlen(assign), len - strlen(assign), "; map_%s='%s'", keys[k], clean);
	}
}

/* Draw a by-product the way --info said: "heatmap" (a gnuplot grid) or "image" (a PGM). Returns
 * 1 when it failed, 0 when drawn or when there is nothing to draw. */
int plot_byproduct(struct plotter *pl, FILE *list, const struct sweep *sw,
			  const char *bench, const char *dir)
{
	const char *file = byproduct_file(sw, bench);
	char path[1200], name[128], assign[1600];
	FILE *f;

	if (!file[0] || plot_byproduct_png(sw, bench, name, sizeof name) != 0)
		return 0;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (!strcmp(byproduct_plot(sw, bench), "image")) {
		int side, ok;
		long skip;

		if (!(f = fopen(path, "rb")))
			return 0;	/* the warm-up did not get to write it */
		ok = fscanf(f, "P5 %d %*d 255", &side) == 1;
		skip = ok && fgetc(f) != EOF ? ftell(f) : -1;
		fclose(f);
		if (skip <= 0)
			return 0;
		snprintf(assign, sizeof assign, "pgm='%s'; out='%s'; side=%d; skip=%ld", file, name,
			 side, skip);
		return plot_one(pl, list, dir, "image.gp", assign) != 0;
	}
	if (access(path, R_OK) != 0)
		return 0;
	snprintf(assign, sizeof assign, "dat='%s'; out='%s'", file, name);
	heatmap_words(dir, file, assign, sizeof assign);
	return plot_one(pl, list, dir, "heatmap.gp", assign) != 0;
}
