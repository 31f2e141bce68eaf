/* test_08-speedup-csv.c: speedup_parse on a hand-made summary (columns in another order, extra
 * columns, CRLF, the serial row last), on seeded random tables checked against the formulas, and
 * on each kind of bad input, which must give -1. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "08-speedup-csv.h"

static void assert_near(double got, double want, const char *what, int row)
{
	if (isnan(want))
		cr_assert(isnan(got), "row %d %s: %g, want nan", row, what, got);
	else
		cr_assert(fabs(got - want) <= 1e-9 * fabs(want) + 1e-12, "row %d %s: %.12g, want %.12g",
			  row, what, got, want);
}

Test(speedup_parse, hand_made_summary, .timeout = 10)
{
	static const char csv[] =
		"variant,n,workers,median_s,bench,speedup\r\n"
		"threaded,10,2,0.5,pi,0\r\n"
		"threaded,10,4,0.4,pi,0\r\n"
		"\r\n"
		"serial,10,1,2.0,primes,0\r\n"
		"forked,10,8,0.25,primes,0\r\n"
		"serial,10,1,1.0,pi,0";	/* pi's serial row last, and no line end */
	struct speedup_row r[8];

	cr_assert_eq(speedup_parse(csv, r, 8), 5);
	cr_assert_str_eq(r[0].bench, "pi");
	cr_assert_str_eq(r[0].variant, "threaded");
	cr_assert_eq(r[0].workers, 2);
	assert_near(r[0].median_s, 0.5, "median_s", 0);
	assert_near(r[0].speedup, 2.0, "speedup", 0);
	assert_near(r[0].efficiency, 1.0, "efficiency", 0);
	assert_near(r[0].karp_flatt, 0.0, "karp_flatt", 0);
	assert_near(r[1].speedup, 2.5, "speedup", 1);
	assert_near(r[1].efficiency, 0.625, "efficiency", 1);
	assert_near(r[1].karp_flatt, (1 / 2.5 - 0.25) / 0.75, "karp_flatt", 1);	/* 0.2 */
	cr_assert_str_eq(r[2].variant, "serial");
	assert_near(r[2].speedup, 1.0, "speedup", 2);
	assert_near(r[2].karp_flatt, NAN, "karp_flatt", 2);
	cr_assert_str_eq(r[3].bench, "primes");
	assert_near(r[3].speedup, 8.0, "speedup", 3);
	assert_near(r[3].karp_flatt, 0.0, "karp_flatt", 3);
	cr_assert_str_eq(r[4].variant, "serial");
	cr_assert_str_eq(r[4].bench, "pi");
}

/* Random tables: benches b0..b3, a serial row each somewhere, other rows at random p and T. */
static uint64_t rng_next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static uint64_t seeds[] = { 1, 2, 3, 4, 5, 6, 7, 8 };

ParameterizedTestParameters(speedup_parse, random_tables)
{
	return cr_make_param_array(uint64_t, seeds, sizeof seeds / sizeof seeds[0]);
}

ParameterizedTest(uint64_t *seed, speedup_parse, random_tables, .timeout = 10)
{
	enum { ROWS = 200 };
	static char csv[ROWS * 80 + 100];
	struct speedup_row r[ROWS];
	double serial_t[4], t[ROWS];
	int bench[ROWS], p[ROWS], serial_at[4];
	uint64_t x = *seed * 0x9e3779b97f4a7c15u + 1;
	size_t off;

	for (int b = 0; b < 4; b++) {
		serial_at[b] = (int)(rng_next(&x) % ROWS);
		while (b > 0 && (serial_at[b] == serial_at[0] || serial_at[b] == serial_at[b - 1] ||
				 (b > 1 && serial_at[b] == serial_at[b - 2])))
			serial_at[b] = (int)(rng_next(&x) % ROWS);
	}
	off = snprintf(csv, sizeof csv, "bench,variant,workers,median_s,extra\n");
	for (int i = 0; i < ROWS; i++) {
		int is_serial = -1;

		for (int b = 0; b < 4; b++)
			if (serial_at[b] == i)
				is_serial = b;
		bench[i] = is_serial >= 0 ? is_serial : (int)(rng_next(&x) % 4);
		p[i] = is_serial >= 0 ? 1 : 1 + (int)(rng_next(&x) % 64);
		t[i] = 0.001 + (rng_next(&x) % 1000000) / 1e5;
		if (is_serial >= 0)
			serial_t[is_serial] = t[i];
		off += snprintf(csv + off, sizeof csv - off, "b%d,%s,%d,%.17g,x\n", bench[i],
				is_serial >= 0 ? "serial" : "threaded", p[i], t[i]);
	}
	cr_assert_eq(speedup_parse(csv, r, ROWS), ROWS, "seed %ju", (uintmax_t)*seed);
	for (int i = 0; i < ROWS; i++) {
		double s = serial_t[bench[i]] / t[i];

		cr_assert_eq(r[i].workers, p[i]);
		assert_near(r[i].speedup, s, "speedup", i);
		assert_near(r[i].efficiency, s / p[i], "efficiency", i);
		assert_near(r[i].karp_flatt, p[i] == 1 ? NAN : (1 / s - 1.0 / p[i]) / (1 - 1.0 / p[i]),
			    "karp_flatt", i);
	}
}

struct bad {
	char csv[200];
	char why[60];
};

static struct bad bads[] = {
	{ "", "empty text" },
	{ "bench,variant,median_s\nserial,pi,1\n", "no workers column" },
	{ "bench,variant,workers,median_s\npi,threaded,2,0.5\n", "no serial row for pi" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\npi,threaded,2\n", "too few fields" },
	{ "bench,variant,workers,median_s\npi,serial,1,1,9\n", "too many fields" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\npi,threaded,two,0.5\n", "workers not a number" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\npi,threaded,2x,0.5\n", "workers with junk" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\npi,threaded,0,0.5\n", "workers 0" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\npi,threaded,2,0\n", "median_s 0" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\npi,threaded,2,-1\n", "median_s negative" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\npi,threaded,2,nan\n", "median_s nan" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\npi,threaded,2,\n", "median_s empty" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\n"
	  "a_bench_name_of_exactly_32_chars,serial,1,1\n", "name too long" },
	{ "bench,variant,workers,median_s\npi,serial,1,1\npi,a,2,1\npi,b,2,1\npi,c,2,1\n",
	  "4 rows, room for 3" },
};

ParameterizedTestParameters(speedup_parse, rejects_bad_input)
{
	return cr_make_param_array(struct bad, bads, sizeof bads / sizeof bads[0]);
}

ParameterizedTest(struct bad *b, speedup_parse, rejects_bad_input, .timeout = 10)
{
	static const char good[] = "bench,variant,workers,median_s\npi,serial,1,1\npi,a,2,1\n";
	struct speedup_row r[3];

	cr_assert_eq(speedup_parse(b->csv, r, 3), -1, "%s: accepted", b->why);
	/* and a good table still parses, so -1 alone cannot pass */
	cr_assert_eq(speedup_parse(good, r, 3), 2, "a good table after '%s'", b->why);
}
