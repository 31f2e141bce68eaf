/* bench_02-thread-sum.c: times thread_sum on a large sum, for `make exercise-bench N=02`, which
 * runs it through the runner (--cmd) at 1 and 2 threads. Its terms cost a load and an add, so
 * what thread_sum does around them shows: threads that write their partial sums to memory
 * next to each other's, on every term, make two cores take turns owning one cache line.
 * Usage: bench_02-thread-sum --workers W [--terms N]; prints seconds= (thread_sum's time) and
 * result= (the sum, which the runner checks is the same at every worker count). */
#include "02-thread-sum.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TABLE (1u << 16)	/* 512 KiB of values, read round and round: in cache, so no run
				 * waits for memory */
#define TERMS (300u << 20)	/* 0.45 to 0.49 s at 1 thread on the 2-core VM it was sized on */

#define USAGE "usage: bench_02-thread-sum --workers W [--terms N]\n"

static uint64_t table[TABLE];

static uint64_t term(size_t i, void *arg)
{
	const uint64_t *t = arg;

	return t[i & (TABLE - 1)];
}

/* *v = s, a whole number from min to max. Returns 0, or -1 after a usage message. */
static int parse(const char *opt, const char *s, unsigned long long min, unsigned long long max,
		 unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = s ? strtoull(s, &end, 10) : 0;
	if (!s || end == s || *end || errno || *v < min || *v > max || s[0] == '-') {
		fprintf(stderr, "bench_02-thread-sum: %s: expected a whole number from %llu to %llu, "
			"got '%s'\n", opt, min, max, s ? s : "");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long workers = 0, terms = TERMS;
	struct timespec t0, t1;
	uint64_t sum;

	for (int i = 1; i < argc; i += 2) {
		const char *opt = argv[i], *val = argv[i + 1];	/* argv[argc] is NULL */
		int bad;

		if (!strcmp(opt, "--workers"))
			bad = parse(opt, val, 1, 4096, &workers);
		else if (!strcmp(opt, "--terms"))
			bad = parse(opt, val, 0, 1ull << 40, &terms);
		else {
			fprintf(stderr, "bench_02-thread-sum: unknown option '%s'\n" USAGE, opt);
			return 2;
		}
		if (bad)
			return 2;
	}
	if (!workers) {
		fprintf(stderr, "bench_02-thread-sum: --workers is missing\n" USAGE);
		return 2;
	}
	for (uint64_t k = 0; k < TABLE; k++)
		table[k] = k * 0x9e3779b97f4a7c15u >> 7;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (thread_sum(terms, (int)workers, term, table, &sum) != 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("seconds=%.6f result=%llu\n", (double)(t1.tv_sec - t0.tv_sec) +
	       (t1.tv_nsec - t0.tv_nsec) / 1e9, (unsigned long long)sum);
	return 0;
}
