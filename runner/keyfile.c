/* keyfile.c: getline, so that no line is too long to read whole. */
#include "keyfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int keyfile_each(const char *dir, const char *name,
		 void (*fn)(const char *key, const char *value, void *arg), void *arg)
{
	char path[1200], *line = NULL;
	size_t cap = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "r")))
		return -1;
	while (getline(&line, &cap, f) >= 0) {
		char *v = strstr(line, ": ");

		if (!v)
			continue;
		*v = '\0';
		v[2 + strcspn(v + 2, "\n")] = '\0';
		fn(line, v + 2, arg);
	}
	free(line);
	fclose(f);
	return 0;
}

struct wanted {
	const char *key;
	char *buf;
	size_t len;
	int found;
};

static void keep_first(const char *key, const char *value, void *arg)
{
	struct wanted *w = arg;

	if (!w->found && !strcmp(key, w->key)) {
		snprintf(w->buf, w->len, "%s", value);
		w->found = 1;
	}
}

int keyfile_get(const char *dir, const char *name, const char *key, char *buf, size_t len)
{
	struct wanted w = { .key = key, .buf = buf, .len = len };

	return keyfile_each(dir, name, keep_first, &w) == 0 && w.found ? 0 : -1;
}
