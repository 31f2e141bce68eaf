/* mandelbrot.c: an escape-time image of the Mandelbrot set, computed by rows. Rows through the
 * set cost the full iteration budget per pixel, rows outside it almost nothing: irregular tasks.
 * --image FILE writes the picture as a PGM. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/msg.h"
#include "lib/workload.h"

#define MAX_ITER 1000
enum { OPT_IMAGE };

/* A task's slot: the iterations it spent, then its rows' pixels. */
struct strip {
	uint64_t iterations;
	unsigned char pixels[];
};

static size_t mandel_tasks(uint64_t size)
{
	return (size_t)size;	/* one row per task */
}

static int mandel_setup(struct job *job)
{
	if (job->tasks > job->size) {
		msg_warn("--tasks: at most one task per row, and the image has %zu rows",
			 (size_t)job->size);
		return EXIT_USAGE;
	}
	job->partial_bytes = sizeof(struct strip) + share_most(job->size, job->tasks) * job->size;
	return 0;
}

static int mandel_task(const struct job *job, size_t t, void *partial)
{
	struct strip *s = partial;
	size_t n = job->size, r0 = share_begin(n, job->tasks, t), r1 = share_begin(n, job->tasks, t + 1);
	unsigned char *px = s->pixels;

	s->iterations = 0;
	for (size_t r = r0; r < r1; r++) {
		double ci = 1.25 - 2.5 * (double)r / (double)n;

		for (size_t c = 0; c < n; c++) {
			double cr = -2.1 + 2.8 * (double)c / (double)n, zr = 0, zi = 0;
			int it = 0;

			while (it < MAX_ITER && zr * zr + zi * zi <= 4.0) {
				double t2 = zr * zr - zi * zi + cr;

				zi = 2.0 * zr * zi + ci;
				zr = t2;
				it++;
			}
			s->iterations += it;
			*px++ = it == MAX_ITER ? 0 : (unsigned char)(255.0 * log1p(it) / log1p(MAX_ITER));
		}
	}
	return 0;
}

static int mandel_write(const struct job *job, const void *partials, size_t stride,
			const char *path)
{
	FILE *f = fopen(path, "wb");
	size_t n = job->size;

	if (!f) {
		msg_warn("--image: %s: %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	fprintf(f, "P5\n%zu %zu\n255\n", n, n);
	for (size_t t = 0; t < job->tasks; t++) {
		const struct strip *s = partial_get(partials, stride, t);
		size_t rows = share_begin(n, job->tasks, t + 1) - share_begin(n, job->tasks, t);

		fwrite(s->pixels, 1, rows * n, f);
	}
	if (ferror(f) | (fclose(f) != 0)) {
		msg_warn("--image: %s: write failed: %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}

static int mandel_finish(const struct job *job, const void *partials, size_t stride,
			 double seconds, struct kv *out)
{
	uint64_t iterations = 0;

	(void)seconds;
	for (size_t t = 0; t < job->tasks; t++)
		iterations += ((const struct strip *)partial_get(partials, stride, t))->iterations;
	kv_u64(out, "result", iterations);
	if (job->opt[OPT_IMAGE].str)
		return mandel_write(job, partials, stride, job->opt[OPT_IMAGE].str);
	return 0;
}

static const struct workload mandelbrot = {
	.name = "mandelbrot",
	.about = "mandelbrot: escape-time image by rows, irregular cost per row; result = total "
		 "iterations.",
	.size_unit = "the image's width and height in pixels",
	.kind = "cpu",
	.byproduct = { "--image", "mandelbrot.pgm", "image" },
	.tasks_rule = "rows",
	.work_power = 2,	/* the size is a side of the image */
	.irregular = 1,
	.sizes = { 400, 1150, 3600 },
	.size_max = 100000,
	.opts = { [OPT_IMAGE] = { .flag = "--image", .metavar = "FILE",
		.help = "also write the image as a PGM file" } },
	.tasks_for = mandel_tasks,
	.setup = mandel_setup,
	.task = mandel_task,
	.finish = mandel_finish,
};

BENCH_MAIN(mandelbrot)
