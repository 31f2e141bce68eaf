/* stream_ref.c: the yardstick for bin/stream, a plain OpenMP triad a = b + s*c with
 * schedule(static), over arrays as long as bin/stream's (--array-mib), all three on huge pages
 * where the kernel allows them (bin/stream has them for b and c only), first touched in parallel
 * by the threads that stream them, timed over --passes passes as bin/stream times its compute
 * phase. Built -O3 -march=native -fopenmp by `make stream-check`; not part of the suite.
 *   stream_ref --array-mib M --passes P   (threads: OMP_NUM_THREADS; pinning: OMP_PROC_BIND)
 * Prints gbytes_per_s=, counting 24 bytes an element and pass, as STREAM does. */
#define _GNU_SOURCE	/* madvise, under -std=c11 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static long arg_long(const char *flag, const char *text)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (*end || v < 1) {
		fprintf(stderr, "stream_ref: %s: expected a positive whole number, got '%s'\n", flag,
			text);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long mib = 128, passes = 4;
	double *a, *b, *c, t0, t1, sum = 0;
	size_t n;

	for (int i = 1; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--array-mib") == 0)
			mib = arg_long(argv[i], argv[i + 1]), i++;
		else if (i + 1 < argc && strcmp(argv[i], "--passes") == 0)
			passes = arg_long(argv[i], argv[i + 1]), i++;
		else {
			fprintf(stderr, "usage: stream_ref [--array-mib M] [--passes P]\n");
			return 2;
		}
	}
	n = (size_t)mib << 17;	/* doubles */
	a = aligned_alloc(2 << 20, n * sizeof *a);
	b = aligned_alloc(2 << 20, n * sizeof *b);
	c = aligned_alloc(2 << 20, n * sizeof *c);
	if (!a || !b || !c) {
		fprintf(stderr, "stream_ref: aligned_alloc: out of memory for 3 x %ld MiB\n", mib);
		return 1;
	}
	/* A hint: the best a plain program can ask for. */
	(void)madvise(a, n * sizeof *a, MADV_HUGEPAGE);
	(void)madvise(b, n * sizeof *b, MADV_HUGEPAGE);
	(void)madvise(c, n * sizeof *c, MADV_HUGEPAGE);
#pragma omp parallel for schedule(static)
	for (size_t i = 0; i < n; i++) {
		a[i] = 0.0;
		b[i] = (double)(i % 1024);
		c[i] = (double)(i % 7);
	}
	t0 = now();
	for (long p = 0; p < passes; p++) {
#pragma omp parallel for schedule(static)
		for (size_t i = 0; i < n; i++)
			a[i] = b[i] + 3.0 * c[i];
	}
	t1 = now();
	for (size_t i = 0; i < n; i += 4099)
		sum += a[i];	/* so the passes cannot be thrown away */
	printf("threads=%d array_mib=%ld passes=%ld seconds=%.6f gbytes_per_s=%.2f check=%.0f\n",
	       omp_get_max_threads(), mib, passes, t1 - t0,
	       24.0 * (double)n * (double)passes / (t1 - t0) / 1e9, sum);
	free(a);
	free(b);
	free(c);
	return 0;
}
