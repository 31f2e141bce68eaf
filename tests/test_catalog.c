/* test_catalog.c: a bench is one file. A scratch tree holds the project's build (Makefile, mk/,
 * benches/lib, runner) and one new bench, benches/toy.c, written here; make there builds it
 * and the runner sweeps it, every variant it lists, with no other edit anywhere. It fails when
 * the Makefile stops finding benches by wildcard, or the runner stops learning them from
 * bin/benches.txt and --info. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/kv.h"
#include "run.h"
#include "tmpdir.h"

#define TOY_N 1000000	/* toy's small size: the sum of i over [0, N) is N(N-1)/2 */

static const char toy_c[] =
	"/* toy.c: the sum of i over [0, N), written by tests/test_catalog.c. */\n"
	"#include \"lib/workload.h\"\n\n"
	"static size_t toy_tasks(uint64_t size)\n{\n\t(void)size;\n\treturn 16;\n}\n\n"
	"static int toy_task(const struct job *job, size_t t, void *partial)\n{\n"
	"\tuint64_t acc = 0;\n\n"
	"\tfor (uint64_t i = share_begin(job->size, job->tasks, t);\n"
	"\t     i < share_begin(job->size, job->tasks, t + 1); i++)\n\t\tacc += i;\n"
	"\t*(uint64_t *)partial = acc;\n\treturn 0;\n}\n\n"
	"static int toy_finish(const struct job *job, const void *partials, size_t stride,\n"
	"\t\t      double seconds, struct kv *out)\n{\n\t(void)seconds;\n"
	"\tkv_u64(out, \"result\", partials_sum_u64(job, partials, stride));\n\treturn 0;\n}\n\n"
	"static const struct workload toy = {\n\t.name = \"toy\",\n"
	"\t.about = \"toy: the sum of i over [0, N), a bench the tests add.\",\n"
	"\t.size_unit = \"N\",\n\t.kind = \"cpu\",\n"
	"\t.sizes = { 1000000, 10000000, 100000000 },\n\t.size_max = UINT64_C(1) << 40,\n"
	"\t.partial_bytes = sizeof(uint64_t),\n\t.tasks_for = toy_tasks,\n"
	"\t.task = toy_task,\n\t.finish = toy_finish,\n};\n\nBENCH_MAIN(toy)\n";

/* The scratch tree: the build's files linked from here (the project's root), benches/toy.c
 * written. */
static void toy_tree(const char *dir)
{
	static const char *const linked[] = { "Makefile", "mk", "runner", "runner.c", "plots",
					      "benches/lib" };
	char root[4096], from[4400], to[4400];
	FILE *f;

	cr_assert_not_null(getcwd(root, sizeof root), "getcwd: %s", strerror(errno));
	snprintf(to, sizeof to, "%s/benches", dir);
	cr_assert_eq(mkdir(to, 0755), 0, "mkdir %s: %s", to, strerror(errno));
	for (size_t k = 0; k < sizeof linked / sizeof linked[0]; k++) {
		snprintf(from, sizeof from, "%s/%s", root, linked[k]);
		snprintf(to, sizeof to, "%s/%s", dir, linked[k]);
		cr_assert_eq(symlink(from, to), 0, "symlink %s: %s", to, strerror(errno));
	}
	snprintf(to, sizeof to, "%s/benches/toy.c", dir);
	cr_assert_not_null(f = fopen(to, "w"), "fopen %s: %s", to, strerror(errno));
	cr_assert(fputs(toy_c, f) >= 0 && fclose(f) == 0, "writing %s: %s", to, strerror(errno));
}

/* make in the scratch tree, for the toy bench, the runner and the list of benches alone, with
 * the compiler and flags of the environment (make's defaults otherwise). */
static void toy_make(const char *dir, struct ran *r)
{
	char cc[256], cflags[512];
	const char *argv[] = { "-C", dir, "-j2", cc, cflags, "bin/toy", "bin/runner",
			       "bin/benches.txt", NULL };

	snprintf(cc, sizeof cc, "CC=%s", getenv("CC") ? getenv("CC") : "cc");
	snprintf(cflags, sizeof cflags, "CFLAGS=%s", getenv("CFLAGS") ? getenv("CFLAGS") : "-O2");
	/* Not the jobserver of a make that runs these tests: its descriptors are not ours. */
	unsetenv("MAKEFLAGS");
	unsetenv("MFLAGS");
	unsetenv("MAKELEVEL");
	cr_assert_eq(run_program(r, "make", argv), 0, "could not run make");
	cr_assert(r->exited && r->code == 0, "make in %s: status %d:\n%s\n%s", dir, r->code,
		  r->out, r->err);
}

/* Whether runs.csv (in csv) has a run of variant at w workers, and no failed run of toy. */
static int toy_swept(const char *csv, const char *variant, int w)
{
	char want[96];
	int found = 0;

	snprintf(want, sizeof want, "toy,%s,%d,", variant, w);
	for (const char *l = csv; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0)) {
		size_t len = strcspn(l, "\n");
		char line[1024];

		snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1),
			 l);
		cr_expect(strncmp(line, "toy,", 4) || !strstr(line, ",failed,"), "failed: %s", line);
		found += !strncmp(line, want, strlen(want)) && strstr(line, ",ok,") != NULL;
	}
	return found;
}

/* The scratch tree, removed after the test, whether it passed or not. */
static char dir[32];	/* /tmp/parbench-toy-XXXXXX */

static void toy_remove(void)
{
	tmpdir_remove(dir);
}

Test(catalog, a_new_bench_is_built_and_swept, .fini = toy_remove, .timeout = 600)
{
	static struct ran r;
	static char csv[1 << 18], infoline[sizeof r.out];
	char prog[64], out[96], list[512], key[64], traits[256];
	const char *info[] = { "--info", NULL }, *serial[] = { "--size", "small", NULL };
	const char *sweep[] = { "--bench", "toy", "--workers", "1,2", "--size", "small", "--repeat",
				"1", "--max-repeat", "1", "--out", out, NULL };

	if (getenv("PARBENCH_BIN"))	/* make asan, make tsan: their own build, and slow */
		cr_skip_test("a sanitized build of the whole library takes too long here: make test "
			     "runs this");
	cr_assert_eq(tmpdir_make(dir, sizeof dir, "parbench-toy"), 0, "mkdtemp: %s", strerror(errno));
	toy_tree(dir);
	toy_make(dir, &r);
	snprintf(prog, sizeof prog, "%s/bin/toy", dir);
	cr_assert_eq(run_program(&r, prog, serial), 0);
	cr_assert(r.exited && r.code == 0, "toy: %s", r.err);
	snprintf(key, sizeof key, "%llu", (unsigned long long)TOY_N * (TOY_N - 1) / 2);
	cr_assert_str_eq(ran_value(&r, "result", list, sizeof list), key);
	cr_assert_eq(run_program(&r, prog, info), 0);
	cr_assert_neq(ran_value(&r, "variants", list, sizeof list)[0], '\0', "toy --info: %s", r.out);
	snprintf(infoline, sizeof infoline, "%s", r.out);
	snprintf(prog, sizeof prog, "%s/bin/runner", dir);
	snprintf(out, sizeof out, "%s/out", dir);
	cr_assert_eq(run_program(&r, prog, sweep), 0);
	cr_assert(r.exited && r.code == 0, "runner: status %d: %s", r.code, r.err);
	cr_assert_eq(run_read_file(out, "runs.csv", csv, sizeof csv), 0, "no %s/runs.csv", out);
	for (char *v = strtok(list, ","); v; v = strtok(NULL, ",")) {
		int baseline;

		snprintf(key, sizeof key, "variant.%s", v);
		cr_assert_eq(kv_find(infoline, key, traits, sizeof traits), 0, "no %s=", key);
		baseline = strstr(traits, "baseline") != NULL;
		cr_expect(toy_swept(csv, v, 1), "no run of toy %s at 1 worker", v);
		cr_expect(baseline || toy_swept(csv, v, 2), "no run of toy %s at 2 workers", v);
	}
}
