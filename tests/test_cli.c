/* test_cli.c: the command lines of the benches and the runner. A table of malformed ones (empty,
 * huge, overflowing, negative and non-numeric values, unknown names, repeated flags, missing
 * values, 100 kB words) over every bench, the runner and its subcommands: each exits 2 with one
 * line on stderr that starts with the program's name and names the problem, prints nothing on
 * stdout and does not crash. The valid forms parse; runtime failures exit 1. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "tmpdir.h"

/* One malformed command line. Arrays, not pointers: Criterion copies parameters into each test's
 * own process. A word may hold {C*N}, which stands for N copies of the character C (100 kB
 * values do not fit in a parameter). says: what the message must name. */
struct bad {
	char prog[16];
	char says[24];
	char argv[8][48];
	int argc;
};

#define NARGS(...) NARGS_(__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define NARGS_(a, b, c, d, e, f, g, h, n, ...) n
#define ARGV(...) { __VA_ARGS__ }, NARGS(__VA_ARGS__)

#define LONG "{x*100000}"	/* a 100 kB word */

static struct bad bads[] = {
	/* unknown variants, flags and sizes; stray words */
	{ "pi", "nosuch", ARGV("--variant", "nosuch") },
	{ "primes", "Threaded", ARGV("--variant", "Threaded") },
	{ "sum", "threaded ", ARGV("--variant", "threaded ") },
	{ "stream", "serial,threaded", ARGV("--variant", "serial,threaded") },
	{ "pi", "frobnicate", ARGV("--frobnicate") },
	{ "sum", "--Workers", ARGV("--Workers", "2") },
	{ "net", "--work-ns", ARGV("--work-ns", "5") },	/* overhead's flag */
	{ "latency", "--image", ARGV("--image", "x.pgm") },	/* mandelbrot's */
	{ "files", "--grid", ARGV("--grid", "2x2") },	/* sweep's */
	{ "pi", "--image", ARGV("--image", "x.pgm") },
	{ "pi", "stray", ARGV("stray") },
	{ "primes", "stray", ARGV("--size", "small", "stray") },
	{ "pi", "-w", ARGV("-w", "2") },
	{ "primes", "-h", ARGV("-h") },
	{ "stream", "'-'", ARGV("-") },
	{ "overhead", "'--'", ARGV("--") },
	{ "mandelbrot", "---workers", ARGV("---workers", "2") },
	{ "sweep", "'--'", ARGV("--=") },
	{ "pi", "--help", ARGV("--help=yes") },
	{ "net", "--list-variants", ARGV("--list-variants=1") },
	{ "pi", "--size", ARGV("--size", "huge") },
	{ "net", "--size", ARGV("--size", "SMALL") },
	{ "latency", "--size", ARGV("--size", "small ") },
	{ "sum", "--size", ARGV("--size", "medium,large") },
	{ "pi", "--schedule", ARGV("--schedule", "random") },
	{ "sum", "--schedule", ARGV("--schedule", "BLOCK") },
	{ "files", "--schedule", ARGV("--schedule", "guided") },

	{ "counter", "--sync", ARGV("--sync", "fast") },
	{ "counter", "--sync", ARGV("--sync", "") },
	{ "counter", "--sync", ARGV("--sync", "Atomic") },
	{ "counter", "--sync", ARGV("--sync") },
	/* empty values */
	{ "pi", "--variant", ARGV("--variant=") },
	{ "mandelbrot", "--variant", ARGV("--variant", "") },
	{ "pi", "--workers", ARGV("--workers", "") },
	{ "primes", "--workers", ARGV("--workers=") },
	{ "sum", "--size", ARGV("--size", "") },
	{ "stream", "--tasks", ARGV("--tasks", "") },
	{ "overhead", "--seed", ARGV("--seed", "") },
	{ "latency", "--chunk", ARGV("--chunk=") },
	{ "files", "--schedule", ARGV("--schedule", "") },
	{ "net", "--switch-ms", ARGV("--switch-ms", "") },
	{ "mandelbrot", "--image", ARGV("--image", "") },
	{ "sweep", "--map", ARGV("--map=") },
	{ "sweep", "--grid", ARGV("--grid", "") },
	{ "files", "--dir", ARGV("--dir", "") },
	{ "files", "--file-kb", ARGV("--file-kb", "") },
	{ "latency", "--wait-ms", ARGV("--wait-ms", "") },
	{ "net", "--port", ARGV("--port=") },

	/* huge numbers and overflow */
	{ "pi", "--workers", ARGV("--workers", "100000") },
	{ "pi", "--workers", ARGV("--workers", "99999999999999999999999") },
	{ "mandelbrot", "--workers", ARGV("--workers", "18446744073709551616") },
	{ "sum", "--workers", ARGV("--workers", "1000001") },
	{ "stream", "--workers", ARGV("--variant", "async", "--workers", "1000001") },
	{ "overhead", "--workers", ARGV("--variant", "threaded", "--workers", "4097") },
	{ "sweep", "--workers", ARGV("--workers", "4097") },	/* serial's limit too */
	{ "pi", "--seed", ARGV("--seed", "18446744073709551616") },
	{ "sum", "--seed", ARGV("--seed", "99999999999999999999999999999999") },
	{ "sum", "--size", ARGV("--size", "1125899906842625") },	/* 2^50 + 1 */
	{ "stream", "--size", ARGV("--size", "1000001") },
	{ "mandelbrot", "--size", ARGV("--size", "100001") },
	{ "files", "--size", ARGV("--size", "18446744073709551616") },
	{ "primes", "--tasks", ARGV("--tasks", "1073741825") },	/* 2^30 + 1 */
	{ "overhead", "--tasks", ARGV("--tasks", "99999999999999999999") },
	{ "files", "--chunk", ARGV("--chunk", "1073741825") },
	{ "latency", "--switch-ms", ARGV("--switch-ms", "10001") },
	{ "latency", "--wait-ms", ARGV("--wait-ms", "3600001") },
	{ "overhead", "--work-ns", ARGV("--work-ns", "2000000000") },
	{ "net", "--port", ARGV("--port", "65536") },
	{ "net", "--reply-kb", ARGV("--reply-kb", "18446744073709551616") },
	{ "files", "--file-kb", ARGV("--file-kb", "1048577") },
	{ "sweep", "--grid", ARGV("--grid", "100001x2") },
	{ "sweep", "--grid", ARGV("--grid", "2x99999999999999999999") },

	/* zero and negative */
	{ "pi", "--workers", ARGV("--workers", "0") },
	{ "pi", "--workers", ARGV("--workers", "-1") },
	{ "sum", "--workers", ARGV("--workers", "-0") },
	{ "pi", "--size", ARGV("--size", "0") },
	{ "pi", "--size", ARGV("--size", "-5") },
	{ "stream", "--size", ARGV("--size", "-5") },
	{ "pi", "--tasks", ARGV("--tasks", "0") },
	{ "pi", "--tasks", ARGV("--tasks", "-3") },
	{ "pi", "--chunk", ARGV("--chunk", "0") },
	{ "sweep", "--chunk", ARGV("--chunk", "-1") },
	{ "pi", "--seed", ARGV("--seed", "-1") },
	{ "pi", "--switch-ms", ARGV("--switch-ms", "-1") },
	{ "overhead", "--switch-ms", ARGV("--switch-ms", "0") },
	{ "latency", "--work-us", ARGV("--work-us", "-1") },
	{ "overhead", "--work-ns", ARGV("--work-ns", "-1") },
	{ "net", "--service-ms", ARGV("--service-ms", "-5") },
	{ "sweep", "--grid", ARGV("--grid", "0x5") },
	{ "sweep", "--grid", ARGV("--grid", "-3x3") },

	/* not numbers, or not whole ones */
	{ "pi", "--workers", ARGV("--workers", "abc") },
	{ "pi", "--workers", ARGV("--workers", "2x") },
	{ "pi", "--workers", ARGV("--workers", " 2") },
	{ "latency", "--workers", ARGV("--workers", "4 ") },
	{ "net", "--workers", ARGV("--workers", "+4") },
	{ "files", "--workers", ARGV("--workers", "0x10") },
	{ "pi", "--size", ARGV("--size", "1.5") },
	{ "overhead", "--size", ARGV("--size", "1e6") },
	{ "primes", "--tasks", ARGV("--tasks", "3x") },
	{ "mandelbrot", "--chunk", ARGV("--chunk", "1e3") },
	{ "stream", "--chunk", ARGV("--chunk", "two") },
	{ "mandelbrot", "--seed", ARGV("--seed", "1.0") },
	{ "pi", "--switch-ms", ARGV("--switch-ms", "nan") },
	{ "primes", "--switch-ms", ARGV("--switch-ms", "inf") },
	{ "stream", "--switch-ms", ARGV("--switch-ms", "1e3") },
	{ "sum", "--switch-ms", ARGV("--switch-ms", "0x10") },
	{ "files", "--switch-ms", ARGV("--switch-ms", "1..5") },
	{ "sweep", "--switch-ms", ARGV("--switch-ms", ".") },
	{ "overhead", "--work-ns", ARGV("--work-ns", "fast") },
	{ "latency", "--wait-ms", ARGV("--wait-ms", "ten") },
	{ "files", "--file-kb", ARGV("--file-kb", "64k") },
	{ "net", "--reply-kb", ARGV("--reply-kb", "0.5") },
	{ "sweep", "--grid", ARGV("--grid", "10") },
	{ "sweep", "--grid", ARGV("--grid", "3xx") },
	{ "sweep", "--grid", ARGV("--grid", "3x3x3") },
	{ "sweep", "--grid", ARGV("--grid", "3X3") },
	{ "sweep", "--grid", ARGV("--grid", "x3") },

	/* flags given twice */
	{ "pi", "twice", ARGV("--workers", "2", "--workers", "3") },
	{ "primes", "twice", ARGV("--size", "small", "--size", "small") },
	{ "stream", "twice", ARGV("--variant", "serial", "--variant=serial") },
	{ "sum", "twice", ARGV("--seed", "1", "--seed=2") },
	{ "net", "twice", ARGV("--port", "1", "--port", "2") },
	{ "mandelbrot", "twice", ARGV("--image", "a.pgm", "--image", "b.pgm") },
	{ "sweep", "twice", ARGV("--grid", "2x2", "--grid", "3x3") },
	{ "overhead", "twice", ARGV("--work-ns", "1", "--work-ns", "1") },
	{ "latency", "twice", ARGV("--wait-ms=1", "--wait-ms=1") },
	{ "files", "twice", ARGV("--dir", "/tmp", "--dir", "/tmp") },

	/* a value missing at the end */
	{ "pi", "--variant", ARGV("--variant") },
	{ "sum", "--workers", ARGV("--workers") },
	{ "primes", "--seed", ARGV("--seed") },
	{ "stream", "--size", ARGV("--size") },
	{ "overhead", "--tasks", ARGV("--variant", "serial", "--tasks") },
	{ "latency", "--chunk", ARGV("--chunk") },
	{ "pi", "--schedule", ARGV("--schedule") },
	{ "files", "--dir", ARGV("--dir") },
	{ "net", "--port", ARGV("--port") },
	{ "mandelbrot", "--image", ARGV("--image") },
	{ "sweep", "--map", ARGV("--map") },

	/* very long words */
	{ "pi", "--variant", ARGV("--variant", LONG) },
	{ "sum", "unknown flag", ARGV("--" LONG) },
	{ "primes", "unexpected", ARGV(LONG) },
	{ "stream", "--size", ARGV("--size", "{9*100000}") },
	{ "overhead", "--workers", ARGV("--workers", "{1*100000}") },
	{ "mandelbrot", "--image", ARGV("--image", LONG) },
	{ "sweep", "--grid", ARGV("--grid", LONG) },
	{ "files", "--dir", ARGV("--dir", LONG) },
	{ "files", "--dir", ARGV("--dir", "{/*4090}") },	/* fits --dir, not a path under it */
	{ "net", "--schedule", ARGV("--schedule", LONG) },
	{ "latency", "--wait-ms", ARGV("--wait-ms=" LONG) },

	/* values the workload itself refuses */
	{ "mandelbrot", "--tasks", ARGV("--size", "10", "--tasks", "11") },
	{ "sweep", "--tasks", ARGV("--grid", "4x4", "--tasks", "5") },
	{ "sweep", "--tasks", ARGV("--tasks", "11") },	/* the default grid has 10 rows */

	/* the runner; defaults that make a fast, valid sweep are added for the flags not given */
	{ "runner", "--workers", ARGV("--workers", "0") },
	{ "runner", "--workers", ARGV("--workers", "1,,2") },
	{ "runner", "--workers", ARGV("--workers", "1,2,") },
	{ "runner", "--workers", ARGV("--workers", "4-2") },
	{ "runner", "--workers", ARGV("--workers", "1-") },
	{ "runner", "--workers", ARGV("--workers", "-4") },
	{ "runner", "--workers", ARGV("--workers", "1-2-3") },
	{ "runner", "--workers", ARGV("--workers", "1-4097") },	/* 4096 workers at most */
	{ "runner", "--workers", ARGV("--workers", "4097") },
	{ "runner", "--workers", ARGV("--workers", "99999999999999999999") },
	{ "runner", "--workers", ARGV("--workers", "two") },
	{ "runner", "--workers", ARGV("--workers", "") },
	{ "runner", "--workers", ARGV("--workers", LONG) },
	{ "runner", "--workers", ARGV("--workers") },
	{ "runner", "twice", ARGV("--workers", "1", "--workers", "2") },
	{ "runner", "--repeat", ARGV("--repeat", "0") },
	{ "runner", "--repeat", ARGV("--repeat", "-1") },
	{ "runner", "--repeat", ARGV("--repeat", "1001") },
	{ "runner", "--max-repeat", ARGV("--repeat", "3", "--max-repeat", "2") },
	{ "runner", "--max-repeat", ARGV("--max-repeat", "0") },
	{ "runner", "--max-repeat", ARGV("--max-repeat", "") },
	{ "runner", "--timeout", ARGV("--timeout", "0") },
	{ "runner", "--timeout", ARGV("--timeout", "-1") },
	{ "runner", "--timeout", ARGV("--timeout", "soon") },
	{ "runner", "--timeout", ARGV("--timeout", "nan") },
	{ "runner", "--timeout", ARGV("--timeout", "1e3") },
	{ "runner", "--timeout", ARGV("--timeout", "86401") },
	{ "runner", "--timeout", ARGV("--timeout") },
	{ "runner", "twice", ARGV("--timeout", "5", "--timeout=5") },
	{ "runner", "nosuch", ARGV("--variant", "nosuch") },
	{ "runner", "--variant", ARGV("--variant", "threaded,threaded") },
	{ "runner", "--variant", ARGV("--variant", "threaded,") },
	{ "runner", "--variant", ARGV("--variant", "") },
	{ "runner", "--variant", ARGV("--variant", LONG) },
	{ "runner", "--bench", ARGV("--bench", "pi sum") },
	{ "runner", "nosuch", ARGV("--bench", "nosuch") },
	{ "runner", "--bench", ARGV("--bench", "scaled,scaled") },
	{ "runner", "--bench", ARGV("--bench", "../scaled") },
	{ "runner", "--bench", ARGV("--bench", "") },
	{ "runner", "--scaling", ARGV("--scaling", "medium") },
	{ "runner", "--scaling", ARGV("--scaling", "sideways") },
	{ "runner", "--scaling", ARGV("--scaling", "") },
	{ "runner", "--size", ARGV("--size", "") },
	/* weak scaling grows the size past what the bench takes: its --info says so */
	{ "runner", "--size", ARGV("--scaling", "weak", "--size", "60000000", "--workers", "1,4") },
	{ "runner", "--size", ARGV("--size", "huge") },
	{ "runner", "--size", ARGV("--size", "0") },
	{ "runner", "--size", ARGV("--size", "-5") },
	{ "runner", "--size", ARGV("--size", "18446744073709551616") },
	{ "runner", "--size", ARGV("--size", LONG) },
	{ "runner", "--tasks", ARGV("--tasks", "0") },
	{ "runner", "--tasks", ARGV("--tasks", "3x") },
	{ "runner", "--tasks", ARGV("--tasks", "18446744073709551616") },
	{ "runner", "--chunk", ARGV("--chunk", "0") },
	{ "runner", "--chunk", ARGV("--chunk", "1e3") },
	{ "runner", "{workers}", ARGV("--cmd", "echo hello") },
	{ "runner", "--cmd", ARGV("--cmd", "") },
	{ "runner", "--cmd", ARGV("--cmd", LONG) },
	{ "runner", "--name", ARGV("--name", "my cmd") },
	{ "runner", "--name", ARGV("--name", "a,b") },
	{ "runner", "--name", ARGV("--cmd", "true {workers}", "--name", "") },
	{ "runner", "--out", ARGV("--out", "") },
	{ "runner", "--out", ARGV("--out", LONG) },
	{ "runner", "--out", ARGV("--out") },
	{ "runner", "--bin", ARGV("--bin", "") },
	{ "runner", "--quick", ARGV("--quick=yes") },
	{ "runner", "twice", ARGV("--quick", "--quick") },
	{ "runner", "frobnicate", ARGV("--frobnicate") },
	{ "runner", "unknown flag", ARGV("--" LONG) },
	{ "runner", "stray", ARGV("stray") },
	{ "runner", "-w", ARGV("-w", "2") },

	/* runner compare A B [--out DIR] and runner plots DIR */
	{ "runner", "compare", ARGV("compare") },
	{ "runner", "compare", ARGV("compare", "onlyone") },
	{ "runner", "compare", ARGV("compare", "", "b") },
	{ "runner", "'c'", ARGV("compare", "a", "b", "c") },
	{ "runner", "--out", ARGV("compare", "a", "b", "--out") },
	{ "runner", "--out", ARGV("compare", "a", "b", "--out", "") },
	{ "runner", "twice", ARGV("compare", "a", "b", "--out", "x", "--out", "y") },
	{ "runner", "frobnicate", ARGV("compare", "a", "b", "--frobnicate") },
	{ "runner", "plots", ARGV("plots") },
	{ "runner", "'b'", ARGV("plots", "a", "b") },
	{ "runner", "plots", ARGV("plots", "") },
	{ "runner", "--frobnicate", ARGV("plots", "--frobnicate") },
};

ParameterizedTestParameters(cli, bad_input_exits_2)
{
	return cr_make_param_array(struct bad, bads, sizeof bads / sizeof bads[0]);
}

/* word with every {C*N} replaced by N copies of C, in a buffer the caller frees. */
static char *expand(const char *word)
{
	size_t len = strlen(word) + 1, cap = len;
	char *out, *o;
	const char *p;

	for (p = word; (p = strchr(p, '{')); p++)
		cap += strtoul(p + 3, NULL, 10);
	out = o = malloc(cap);
	cr_assert_not_null(out);
	for (p = word; *p;) {
		char *end;
		unsigned long n;

		if (p[0] == '{' && p[1] && p[2] == '*' && (n = strtoul(p + 3, &end, 10)) && *end == '}') {
			memset(o, p[1], n);
			o += n;
			p = end + 1;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* The words of the command line, for a failure message; long words are cut. */
static const char *shown(const struct bad *b)
{
	static char buf[512];
	size_t n = 0;

	n += snprintf(buf, sizeof buf, "%s", b->prog);
	for (int k = 0; k < b->argc && n < sizeof buf; k++)
		n += snprintf(buf + n, sizeof buf - n, " '%s'", b->argv[k]);
	return buf;
}

/* The runner's measuring mode gets these unless the line gives the flag itself, so a line it
 * wrongly accepts makes a quick sweep of a fake bench, not of the whole machine. */
static const char *runner_defaults[][2] = {
	{ "--bin", "tests/fakes" }, { "--bench", "scaled" }, { "--variant", "threaded" },
	{ "--workers", "1,2" }, { "--repeat", "1" }, { "--max-repeat", "1" },
	{ "--timeout", "10" }, { "--out", NULL },
};


static int gives_flag(const struct bad *b, const char *flag)
{
	size_t n = strlen(flag);

	for (int k = 0; k < b->argc; k++)
		if (!strncmp(b->argv[k], flag, n) && (!b->argv[k][n] || b->argv[k][n] == '='))
			return 1;
	return 0;
}

ParameterizedTest(struct bad *b, cli, bad_input_exits_2, .timeout = 30)
{
	int measuring = !strcmp(b->prog, "runner") && !(b->argc > 0 &&
			(!strcmp(b->argv[0], "compare") || !strcmp(b->argv[0], "plots")));
	char out[64] = "", prefix[32];
	const char *argv[32];
	char *words[8];
	struct ran r;
	int n = 0;

	if (measuring) {
		cr_assert_eq(tmpdir_make(out, sizeof out, "parbench-cli"), 0, "mkdtemp: %s",
			     strerror(errno));
		strcat(out, "/r");
		for (size_t d = 0; d < sizeof runner_defaults / sizeof runner_defaults[0]; d++) {
			if (gives_flag(b, runner_defaults[d][0]))
				continue;
			argv[n++] = runner_defaults[d][0];
			argv[n++] = runner_defaults[d][1] ? runner_defaults[d][1] : out;
		}
	}
	for (int k = 0; k < b->argc; k++)
		argv[n++] = words[k] = expand(b->argv[k]);
	argv[n] = NULL;
	cr_assert_eq(run_bench(&r, b->prog, argv), 0, "could not run %s", b->prog);
	for (int k = 0; k < b->argc; k++)
		free(words[k]);

	cr_assert(r.exited, "%s crashed: killed by signal %d (%s); stderr: %s", shown(b), r.code,
		  strsignal(r.code), r.err);
	cr_expect_eq(r.code, 2, "%s: want exit 2, got %d; stderr: %s", shown(b), r.code, r.err);
	snprintf(prefix, sizeof prefix, "%s: ", b->prog);
	cr_expect(strncmp(r.err, prefix, strlen(prefix)) == 0, "%s: the message should start with "
		  "'%s': %s", shown(b), prefix, r.err);
	cr_expect(r.err[0] && strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
		  "%s: one line wanted on stderr: %s", shown(b), r.err);
	cr_expect(strstr(r.err, b->says) != NULL, "%s: the message should name '%s': %s", shown(b),
		  b->says, r.err);
	cr_expect_str_empty(r.out, "%s: nothing on stdout for a usage error: %s", shown(b), r.out);
	if (measuring) {
		cr_expect_neq(access(out, F_OK), 0, "%s: no results folder for a usage error", shown(b));
		*strrchr(out, '/') = '\0';
		tmpdir_remove(out);	/* what a wrongly accepted line wrote */
	}
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
	cr_expect_str_eq(r.out, "serial\nthreaded\nforked\npooled\nprocpool\ngil\nstealing\nopenmp\nasync\n");
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

/* --info is how the runner learns a bench (it names none itself): every bench make built says
 * its kind, its tasks and parallelism for the size asked, the variants it runs (as
 * --list-variants), whether it has an mpi program, and its by-product. */
Test(cli, info_says_what_the_runner_needs, .timeout = 60)
{
	static struct ran r;
	char benches[64][32], variants[32][32], v[512], list[512];
	int nb = run_benches(benches, 64);

	cr_assert_gt(nb, 0, "bin/benches.txt lists the benches");
	for (int b = 0; b < nb; b++) {
		const char *argv[] = { "--info", "--size", "small", NULL };
		int nv = run_variants(benches[b], variants, 32);

		cr_assert_eq(run_bench(&r, benches[b], argv), 0);
		cr_assert(r.exited && r.code == 0, "%s --info: %s", benches[b], r.err);
		cr_expect_str_eq(ran_value(&r, "bench", v, sizeof v), benches[b]);
		ran_value(&r, "kind", v, sizeof v);
		cr_expect(!strcmp(v, "cpu") || !strcmp(v, "memory") || !strcmp(v, "io"), "%s kind=%s",
			  benches[b], v);
		cr_expect_gt(atol(ran_value(&r, "tasks", v, sizeof v)), 0, "%s: %s", benches[b], r.out);
		cr_expect_str_eq(ran_value(&r, "parallelism", list, sizeof list), v, "%s", benches[b]);
		list[0] = '\0';
		for (int k = 0; k < nv; k++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", k ? "," : "",
				 variants[k]);
		cr_expect_str_eq(ran_value(&r, "variants", v, sizeof v), list, "%s", benches[b]);
		ran_value(&r, "mpi", v, sizeof v);
		cr_expect(!strcmp(v, "yes") || (!strcmp(v, "no") && !mpi_built(benches[b])),
			  "%s mpi=%s", benches[b], v);
	}
}

Test(cli, info_follows_size_and_tasks, .timeout = 30)
{
	static struct ran r;
	const char *sweep[] = { "--info", NULL };
	const char *mandel[] = { "--info", "--size", "16", NULL };
	const char *pi[] = { "--info", "--tasks", "1000", NULL };
	const char *counter[] = { "--info", NULL };
	char v[64];

	cr_assert_eq(run_bench(&r, "sweep", sweep), 0);
	cr_expect_str_eq(ran_value(&r, "parallelism", v, sizeof v), "10", "10 rows: %s", r.out);
	cr_expect_str_eq(ran_value(&r, "byproduct", v, sizeof v), "--map");
	cr_expect_str_eq(ran_value(&r, "byproduct_file", v, sizeof v), "sweep-map.dat");
	cr_expect_str_eq(ran_value(&r, "tasks_rule", v, sizeof v), "rows");
	cr_assert_eq(run_bench(&r, "mandelbrot", mandel), 0);
	cr_expect_str_eq(ran_value(&r, "tasks", v, sizeof v), "16", "a row per task: %s", r.out);
	cr_expect_str_eq(ran_value(&r, "byproduct_plot", v, sizeof v), "image");
	cr_assert_eq(run_bench(&r, "pi", pi), 0);
	cr_expect_str_eq(ran_value(&r, "parallelism", v, sizeof v), "1000", "%s", r.out);
	cr_expect_str_eq(ran_value(&r, "byproduct", v, sizeof v), "", "pi writes no by-product");
	cr_assert_eq(run_bench(&r, "counter", counter), 0);
	cr_expect_str_eq(ran_value(&r, "default", v, sizeof v), "no", "lesson 05's race: %s", r.out);
}

/* heat's default is 64 blocks of rows, but the runner may give it up to one task per inside row
 * (the edge rows are fixed): tasks_max says so, and follows --grid. More is a usage error. */
Test(cli, heat_takes_up_to_a_task_per_row, .timeout = 30)
{
	const char *sized[] = { "--info", "--size", "1000", NULL };
	const char *grid[] = { "--info", "--grid", "50", NULL };
	const char *over[] = { "--size", "100", "--tasks", "99", NULL };
	static struct ran r;
	char v[64];

	cr_assert_eq(run_bench(&r, "heat", sized), 0);
	cr_expect_str_eq(ran_value(&r, "tasks", v, sizeof v), "64", "%s", r.out);
	cr_expect_str_eq(ran_value(&r, "tasks_max", v, sizeof v), "998", "%s", r.out);
	cr_assert_eq(run_bench(&r, "heat", grid), 0);
	cr_expect_str_eq(ran_value(&r, "tasks", v, sizeof v), "48", "%s", r.out);
	cr_expect_str_eq(ran_value(&r, "tasks_max", v, sizeof v), "48", "%s", r.out);
	cr_assert_eq(run_bench(&r, "heat", over), 0);
	cr_expect(r.exited && r.code == 2 && strstr(r.err, "98 inside rows"), "status %d: %s",
		  r.code, r.err);
}
