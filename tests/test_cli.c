/* test_cli.c: the benches' command line. Bad input exits 2 with a one-line message that starts
 * with the program's name; the valid forms parse; runtime failures exit 1. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "run.h"

/* Arrays, not pointers: Criterion copies parameters into each test's own process. */
struct bad {
	char prog[16];
	char argv[4][40];
	int argc;
};

static struct bad bads[] = {
	{ "pi", { "--variant", "nosuch" }, 2 },
	{ "pi", { "--variant" }, 1 },
	{ "pi", { "--variant=" }, 1 },
	{ "pi", { "--frobnicate" }, 1 },
	{ "pi", { "stray" }, 1 },
	{ "pi", { "-w", "2" }, 2 },
	{ "pi", { "--workers", "0" }, 2 },
	{ "pi", { "--workers", "-1" }, 2 },
	{ "pi", { "--workers", "abc" }, 2 },
	{ "pi", { "--workers", "2x" }, 2 },
	{ "pi", { "--workers", " 2" }, 2 },
	{ "pi", { "--workers", "" }, 2 },
	{ "pi", { "--workers", "100000" }, 2 },
	{ "pi", { "--workers", "99999999999999999999999" }, 2 },
	{ "pi", { "--workers", "2", "--workers", "3" }, 4 },
	{ "pi", { "--size", "huge" }, 2 },
	{ "pi", { "--size", "0" }, 2 },
	{ "pi", { "--size", "-5" }, 2 },
	{ "pi", { "--size", "1.5" }, 2 },
	{ "pi", { "--tasks", "0" }, 2 },
	{ "pi", { "--tasks", "-3" }, 2 },
	{ "pi", { "--seed", "18446744073709551616" }, 2 },
	{ "pi", { "--chunk", "0" }, 2 },
	{ "pi", { "--schedule", "random" }, 2 },
	{ "pi", { "--switch-ms", "-1" }, 2 },
	{ "pi", { "--switch-ms", "nan" }, 2 },
	{ "pi", { "--help=yes" }, 1 },
	{ "pi", { "--image", "x.pgm" }, 2 },
	{ "mandelbrot", { "--image", "" }, 2 },
	{ "mandelbrot", { "--size", "10", "--tasks", "11" }, 4 },
	{ "sweep", { "--grid", "10" }, 2 },
	{ "sweep", { "--grid", "0x5" }, 2 },
	{ "sweep", { "--grid", "3xx" }, 2 },
	{ "sweep", { "--grid", "4x4", "--tasks", "5" }, 4 },
	{ "overhead", { "--work-ns", "fast" }, 2 },
	{ "overhead", { "--work-ns", "2000000000" }, 2 },
	{ "counter", { "--sync", "fast" }, 2 },
	{ "counter", { "--sync", "" }, 2 },
	{ "counter", { "--sync", "Atomic" }, 2 },
	{ "counter", { "--sync" }, 1 },
};

ParameterizedTestParameters(cli, bad_input_exits_2)
{
	return cr_make_param_array(struct bad, bads, sizeof bads / sizeof bads[0]);
}

ParameterizedTest(struct bad *b, cli, bad_input_exits_2, .timeout = 30)
{
	const char *argv[5] = { NULL };
	char prefix[32];
	struct ran r;

	for (int k = 0; k < b->argc; k++)
		argv[k] = b->argv[k];
	cr_assert_eq(run_bench(&r, b->prog, argv), 0);
	cr_assert(r.exited && r.code == 2, "%s %s %s: want exit 2, got %s %d; stderr: %s", b->prog,
		  argv[0], b->argc > 1 ? argv[1] : "", r.exited ? "exit" : "signal", r.code, r.err);
	snprintf(prefix, sizeof prefix, "%s: ", b->prog);
	cr_expect(strncmp(r.err, prefix, strlen(prefix)) == 0, "message should start with '%s': %s",
		  prefix, r.err);
	cr_expect(strchr(r.err, '\n') == r.err + strlen(r.err) - 1, "one line wanted: %s", r.err);
	cr_expect_str_empty(r.out, "nothing on stdout for a usage error: %s", r.out);
}

Test(cli, valid_forms_parse, .timeout = 60)
{
	const char *argv[] = { "--variant=threaded", "--workers", "3", "--size=20000", "--tasks",
			       "7", "--seed=42", "--chunk", "2", "--schedule=cyclic", "--switch-ms",
			       "0.5", NULL };
	char v[64];
	struct ran r;

	cr_assert_eq(run_bench(&r, "pi", argv), 0);
	cr_assert(r.exited && r.code == 0, "status %d: %s", r.code, r.err);
	cr_expect_str_eq(ran_value(&r, "bench", v, sizeof v), "pi");
	cr_expect_str_eq(ran_value(&r, "variant", v, sizeof v), "threaded");
	cr_expect_str_eq(ran_value(&r, "workers", v, sizeof v), "3");
	cr_expect_str_eq(ran_value(&r, "size", v, sizeof v), "20000");
	cr_expect_str_eq(ran_value(&r, "tasks", v, sizeof v), "7");
	cr_expect_str_eq(ran_value(&r, "seed", v, sizeof v), "42");
	cr_expect_str_eq(ran_value(&r, "chunk", v, sizeof v), "2");
	cr_expect_str_eq(ran_value(&r, "schedule", v, sizeof v), "cyclic");
	/* The keys every consumer relies on are all there, and on one line. */
	static const char *keys[] = { "seconds", "user_s", "sys_s", "result" };
	for (size_t k = 0; k < 4; k++)
		cr_expect_str_neq(ran_value(&r, keys[k], v, sizeof v), "", "missing %s", keys[k]);
	cr_expect(strchr(r.out, '\n') == r.out + strlen(r.out) - 1, "one line wanted: %s", r.out);
}

Test(cli, seed_changes_monte_carlo, .timeout = 30)
{
	const char *a[] = { "--size", "100000", "--seed", "1", NULL };
	const char *b[] = { "--size", "100000", "--seed", "2", NULL };
	char ra[64], rb[64];
	struct ran r1, r2;

	cr_assert_eq(run_bench(&r1, "pi", a), 0);
	cr_assert_eq(run_bench(&r2, "pi", b), 0);
	cr_assert_str_neq(ran_value(&r1, "result", ra, sizeof ra), ran_value(&r2, "result", rb, sizeof rb));
}

Test(cli, named_sizes_and_defaults, .timeout = 30)
{
	const char *argv[] = { "--size", "small", "--tasks", "4", NULL };
	const char *none[] = { "--size", "small", NULL };
	char v[64];
	struct ran r;

	cr_assert_eq(run_bench(&r, "primes", argv), 0);
	cr_assert_eq(r.code, 0, "%s", r.err);
	cr_expect_str_eq(ran_value(&r, "size", v, sizeof v), "small");
	cr_expect_str_eq(ran_value(&r, "variant", v, sizeof v), "serial");
	cr_expect_str_eq(ran_value(&r, "workers", v, sizeof v), "1");
	cr_assert_eq(run_bench(&r, "sweep", none), 0);
	cr_expect_str_eq(ran_value(&r, "tasks", v, sizeof v), "10", "sweep: one task per grid row");
}

Test(cli, list_variants_and_help, .timeout = 30)
{
	const char *list[] = { "--list-variants", NULL };
	const char *help[] = { "--help", NULL };
	struct ran r;

	cr_assert_eq(run_bench(&r, "sum", list), 0);
	cr_assert_eq(r.code, 0);
	cr_expect_str_eq(r.out, "serial\nthreaded\nforked\npooled\nprocpool\ngil\nopenmp\nasync\n");
	cr_assert_eq(run_bench(&r, "mandelbrot", help), 0);
	cr_assert_eq(r.code, 0);
	cr_expect(strstr(r.out, "usage: mandelbrot") != NULL, "%s", r.out);
	cr_expect(strstr(r.out, "--image FILE") != NULL, "bench flags belong in --help: %s", r.out);
}

Test(cli, info_sizes_match_named_sizes, .timeout = 30)
{
	const char *list[] = { "--info", NULL };
	const char *run[] = { "--size", "small", NULL };
	char small[32] = "", v[64];
	struct ran r;

	cr_assert_eq(run_bench(&r, "primes", list), 0);
	cr_assert_eq(r.code, 0);
	cr_assert_str_eq(ran_value(&r, "kind", v, sizeof v), "cpu");
	ran_value(&r, "small", small, sizeof small);
	cr_assert_str_neq(small, "", "%s", r.out);
	/* --size small and --size <its number> must be the same run. */
	const char *bynum[] = { "--size", small, NULL };
	char want[64];

	cr_assert_eq(run_bench(&r, "primes", run), 0);
	ran_value(&r, "result", want, sizeof want);
	cr_assert_eq(run_bench(&r, "primes", bynum), 0);
	cr_expect_str_eq(ran_value(&r, "result", v, sizeof v), want);
}

Test(cli, unwritable_output_file_exits_1, .timeout = 30)
{
	const char *argv[] = { "--size", "16", "--image", "/nonexistent-dir/m.pgm", NULL };
	struct ran r;

	cr_assert_eq(run_bench(&r, "mandelbrot", argv), 0);
	cr_expect(r.exited && r.code == 1, "status %d: %s", r.code, r.err);
	cr_expect(strncmp(r.err, "mandelbrot: --image: /nonexistent-dir/m.pgm", 43) == 0, "%s", r.err);
}

Test(cli, files_written, .timeout = 30)
{
	const char *img[] = { "--size", "32", "--variant", "forked", "--workers", "3",
			      "--image", "/tmp/parbench-cli-test.pgm", NULL };
	const char *map[] = { "--size", "100", "--grid", "3x4", "--map", "/tmp/parbench-cli-test.dat", NULL };
	char line[128];
	int rows = 0, cells = 0;
	struct ran r;
	FILE *f;

	cr_assert_eq(run_bench(&r, "mandelbrot", img), 0);
	cr_assert_eq(r.code, 0, "%s", r.err);
	f = fopen("/tmp/parbench-cli-test.pgm", "rb");
	cr_assert_not_null(f);
	cr_expect_eq(fseek(f, 0, SEEK_END), 0);
	cr_expect_eq(ftell(f), (long)strlen("P5\n32 32\n255\n") + 32 * 32, "header plus one byte a pixel");
	fclose(f);
	remove("/tmp/parbench-cli-test.pgm");

	cr_assert_eq(run_bench(&r, "sweep", map), 0);
	cr_assert_eq(r.code, 0, "%s", r.err);
	f = fopen("/tmp/parbench-cli-test.dat", "r");
	cr_assert_not_null(f);
	while (fgets(line, sizeof line, f)) {
		double x, y, z;

		if (line[0] == '\n')
			rows++;
		else if (sscanf(line, "%lf %lf %lf", &x, &y, &z) == 3)
			cells++;
	}
	fclose(f);
	remove("/tmp/parbench-cli-test.dat");
	cr_expect_eq(rows, 3, "a blank line after each grid row");
	cr_expect_eq(cells, 12);
}
