/* results.c: the runner tests' folder and files of results.h. */
#include "results.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tmpdir.h"

char tmp[64];

void tmp_make(void)
{
	cr_assert_eq(tmpdir_make(tmp, sizeof tmp, "parbench-runner"), 0, "mkdtemp: %s",
		     strerror(errno));
}

void tmp_remove(void)
{
	tmpdir_remove(tmp);
}

const char *in_tmp(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", tmp, name);
	return buf;
}

int exists(const char *dir, const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

void slurp(const char *dir, const char *name, char *buf, size_t len)
{
	cr_assert_eq(run_read_file(dir, name, buf, len), 0, "%s/%s: %s", dir, name, strerror(errno));
}

void expect_no_tmp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		cr_expect(n < 4 || strcmp(e->d_name + n - 4, ".tmp"), "left behind: %s/%s", dir, e->d_name);
	}
	closedir(d);
}

int dat_load(const char *dir, const char *name, struct dat_block *b, int max)
{
	static char text[16384];
	char *p, *next;
	int n = 0;

	slurp(dir, name, text, sizeof text);
	cr_assert(text[0] == '#', "%s starts with its comment line", name);
	p = strchr(text, '\n') + 1;	/* the file's own comment line */
	for (; *p && n < max; p = next) {
		char *end = strstr(p, "\n\n\n");
		struct dat_block *k = &b[n++];

		next = end ? end + 3 : p + strlen(p);
		if (end)
			end[1] = '\0';
		memset(k, 0, sizeof *k);
		for (char *line = p, *eol; *line; line = eol + 1) {
			double scratch[6], *v = k->rows ? scratch : k->first;	/* keep the first row */
			int w, got;

			eol = line + strcspn(line, "\n");
			cr_assert_neq(line, eol, "%s: a single blank line inside block %d", name, n - 1);
			cr_assert_eq(*eol, '\n', "%s: the last line has no newline", name);
			if (sscanf(line, "# variant %31s", k->variant) == 1)
				continue;
			if (!strncmp(line, DAT_COLUMNS "\n", strlen(DAT_COLUMNS) + 1)) {
				k->has_columns = 1;
				continue;
			}
			if (*line == '#')
				continue;
			k->rows++;
			got = sscanf(line, "%d %lf %lf %lf %lf %lf", &w, &v[1], &v[2], &v[3], &v[4], &v[5]);
			cr_assert_eq(got, 6, "%s: a data row with 6 columns wanted: %.60s", name, line);
			v[0] = w;
		}
	}
	return n;
}

void run_runner(struct ran *r, const char *const argv[])
{
	cr_assert_eq(run_bench(r, "runner", argv), 0, "could not run bin/runner");
	cr_assert(r->exited, "bin/runner was killed by signal %d; stderr: %s", r->code, r->err);
}
