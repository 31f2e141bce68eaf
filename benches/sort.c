/* sort.c: merge sort of --size 64-bit keys, the i-th key being the i-th number of the stream
 * rng_for_task(seed, 0). A recursive variant sorts the two halves in parallel and merges them
 * in parallel too, splitting the output in two where a binary search says the halves meet.
 * The variants that run flat tasks get the same sort unrolled: step 0 sorts one piece of the
 * keys per task, and each later step merges pairs of sorted runs into runs twice as long, every
 * task writing its own piece of the output. The result is a checksum of the sorted keys. */
#include <stdlib.h>
#include <string.h>

#include "lib/fj.h"
#include "lib/msg.h"
#include "lib/shm.h"
#include "lib/workload.h"

enum { OPT_CUTOFF };

#define CUTOFF 16384		/* keys: 128 KiB, a sort or merge that fits in a core's L2 */
#define INSERTION 16		/* runs this short are sorted by insertion */

struct sort {
	uint64_t *buf[2];	/* the keys, and as many slots to merge them into */
	size_t bytes;
	uint64_t cutoff;
};

static size_t sort_tasks(uint64_t size)
{
	(void)size;
	return 64;
}

/* One task per key at most. */
static size_t sort_tasks_most(const struct job *job)
{
	return job->size < TASKS_MAX ? (size_t)job->size : TASKS_MAX;
}

static void insertion_sort(uint64_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t key = a[i];
		size_t j = i;

		for (; j > 0 && a[j - 1] > key; j--)
			a[j] = a[j - 1];
		a[j] = key;
	}
}

/* How many of x are among the first k keys of the stable merge of x and y (x's first on ties):
 * the i for which x[i-1] <= y[k-i] and y[k-i-1] < x[i], found by binary search. */
static size_t merge_split(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny, size_t k)
{
	size_t lo = k > ny ? k - ny : 0, hi = k < nx ? k : nx;

	while (lo < hi) {
		size_t i = lo + (hi - lo) / 2;

		if (x[i] <= y[k - i - 1])
			lo = i + 1;
		else
			hi = i;
	}
	return lo;
}

/* The first n keys of the stable merge of x and y, into out. */
static void merge_n(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny, uint64_t *out,
		    size_t n)
{
	size_t i = 0, j = 0;

	for (size_t k = 0; k < n; k++)
		out[k] = j == ny || (i < nx && x[i] <= y[j]) ? x[i++] : y[j++];
}

/* Sort a[0, n) into a (into_tmp 0) or into tmp (1), using the other as room to merge. */
static void sort_serial(uint64_t *a, uint64_t *tmp, size_t n, int into_tmp)
{
	size_t h = n / 2;

	if (n <= INSERTION) {
		insertion_sort(a, n);
		if (into_tmp)
			memcpy(tmp, a, n * sizeof *a);
		return;
	}
	/* The halves go where this level's merge reads them: the other buffer. */
	sort_serial(a, tmp, h, !into_tmp);
	sort_serial(a + h, tmp + h, n - h, !into_tmp);
	if (into_tmp)
		merge_n(a, h, a + h, n - h, tmp, n);
	else
		merge_n(tmp, h, tmp + h, n - h, a, n);
}

/* --- the recursion, for the variants that spawn --- */

struct merge_call {
	const uint64_t *x, *y;
	size_t nx, ny;
	uint64_t *out, cutoff;
};

static void merge_spawning(struct fj *fj, void *arg)
{
	const struct merge_call *c = arg;
	size_t n = c->nx + c->ny, k = n / 2, i;
	struct merge_call lo, hi;
	struct fj_task t;

	if (n <= c->cutoff) {
		merge_n(c->x, c->nx, c->y, c->ny, c->out, n);
		return;
	}
	i = merge_split(c->x, c->nx, c->y, c->ny, k);
	lo = (struct merge_call){ c->x, c->y, i, k - i, c->out, c->cutoff };
	hi = (struct merge_call){ c->x + i, c->y + k - i, c->nx - i, c->ny - (k - i), c->out + k,
				  c->cutoff };
	fj_spawn(fj, &t, merge_spawning, &lo);
	merge_spawning(fj, &hi);
	fj_sync(fj, &t);
}

struct sort_call {
	uint64_t *a, *tmp;
	size_t n;
	int into_tmp;
	uint64_t cutoff;
};

static void sort_spawning(struct fj *fj, void *arg)
{
	const struct sort_call *c = arg;
	size_t h = c->n / 2;
	struct sort_call lo = { c->a, c->tmp, h, !c->into_tmp, c->cutoff };
	struct sort_call hi = { c->a + h, c->tmp + h, c->n - h, !c->into_tmp, c->cutoff };
	const uint64_t *from = c->into_tmp ? c->a : c->tmp;
	struct merge_call m = { from, from + h, h, c->n - h, c->into_tmp ? c->tmp : c->a,
				c->cutoff };
	struct fj_task t;

	if (c->n <= c->cutoff) {
		sort_serial(c->a, c->tmp, c->n, c->into_tmp);
		return;
	}
	fj_spawn(fj, &t, sort_spawning, &lo);
	sort_spawning(fj, &hi);
	fj_sync(fj, &t);
	merge_spawning(fj, &m);
}

/* The sorted keys end in buf[0]. */
static void sort_solve(const struct job *job, struct fj *fj, void *partials, size_t stride)
{
	const struct sort *s = job->data;
	struct sort_call root = { s->buf[0], s->buf[1], job->size, 0, s->cutoff };

	(void)partials;
	(void)stride;
	sort_spawning(fj, &root);
}

/* --- the same sort as steps of flat tasks --- */

/* Where task t's piece of the keys starts. */
static size_t piece_at(const struct job *job, size_t t)
{
	return (size_t)share_begin(job->size, job->tasks, t < job->tasks ? t : job->tasks);
}

/* Step 0: task t sorts its piece in buf[0]. Step k: runs of 2^(k-1) pieces, in buf[(k-1) % 2],
 * are merged in pairs into buf[k % 2]; task t writes the merged pair's keys at its own piece's
 * place, so it finds where to start in each run of the pair by merge_split. */
static int sort_task(const struct job *job, size_t i, void *partial)
{
	const struct sort *s = job->data;
	size_t k = i / job->tasks, t = i % job->tasks, begin = piece_at(job, t);
	size_t end = piece_at(job, t + 1), g = (size_t)1 << (k ? k - 1 : 0), first = t / (2 * g) * 2 * g;
	size_t lo = piece_at(job, first), mid = piece_at(job, first + g), hi = piece_at(job, first + 2 * g);
	const uint64_t *from = s->buf[(k + 1) % 2];
	uint64_t *to = s->buf[k % 2];
	size_t skip;

	*(uint64_t *)partial = 0;
	if (k == 0) {
		sort_serial(s->buf[0] + begin, s->buf[1] + begin, end - begin, 0);
		return 0;
	}
	if (mid == hi) {	/* an odd run out: it has no partner at this step */
		memcpy(to + begin, from + begin, (end - begin) * sizeof *to);
		return 0;
	}
	skip = merge_split(from + lo, mid - lo, from + mid, hi - mid, begin - lo);
	merge_n(from + lo + skip, mid - lo - skip, from + mid + (begin - lo - skip),
		hi - mid - (begin - lo - skip), to + begin, end - begin);
	return 0;
}

static int sort_setup(struct job *job)
{
	struct sort *s = calloc(1, sizeof *s);
	struct rng r = rng_for_task(job->seed, 0);
	size_t steps = 1;

	if (!s) {
		msg_errno("calloc");
		return EXIT_RUNTIME;
	}
	job->data = s;
	s->cutoff = job->opt[OPT_CUTOFF].num;
	if (s->cutoff < 2) {
		msg_warn("--cutoff: at least 2 keys, got %llu", (unsigned long long)s->cutoff);
		return EXIT_USAGE;
	}
	if (job->tasks > job->size) {
		msg_warn("--tasks %zu: more tasks than the %llu keys to sort", job->tasks,
			 (unsigned long long)job->size);
		return EXIT_USAGE;
	}
	/* One step to sort the pieces, then one per doubling of the runs until one is left. */
	while (!job->recursive && ((size_t)1 << (steps - 1)) < job->tasks)
		steps++;
	job->steps = steps;
	if (job->planning)
		return 0;
	s->bytes = job->size * sizeof(uint64_t);
	/* Shared, so that forked workers sort in place too, and the parent sees it. */
	if (!(s->buf[0] = shm_alloc(s->bytes)) || !(s->buf[1] = shm_alloc(s->bytes)))
		return EXIT_RUNTIME;
	for (uint64_t i = 0; i < job->size; i++)
		s->buf[0][i] = rng_next(&r);
	return 0;
}

/* Checked, not trusted: the keys must come out in order. The checksum weighs each key by its
 * place, so that it tells one order from another. */
static int sort_finish(const struct job *job, const void *partials, size_t stride, double seconds,
		       struct kv *out)
{
	const struct sort *s = job->data;
	const uint64_t *a = s->buf[job->recursive ? 0 : (job->steps + 1) % 2];
	uint64_t sum = 0;

	(void)partials;
	(void)stride;
	for (size_t i = 0; i < job->size; i++) {
		if (i > 0 && a[i - 1] > a[i]) {
			msg_warn("sort: %s left the keys out of order at %zu", job->variant, i);
			return EXIT_RUNTIME;
		}
		sum += a[i] * (2 * (uint64_t)i + 1);
	}
	kv_u64(out, "result", sum);
	kv_f(out, "mkeys_per_s", "%.1f", (double)job->size / seconds * 1e-6);
	kv_u64(out, "cutoff", s->cutoff);
	return 0;
}

static void sort_teardown(struct job *job)
{
	struct sort *s = job->data;

	if (!s)
		return;
	for (int b = 0; b < 2; b++)
		if (s->buf[b])
			shm_free(s->buf[b], s->bytes);
	free(s);
}

static const struct workload sort = {
	.name = "sort",
	.about = "sort: merge sort of 64-bit keys, sorting and merging in parallel; flat variants "
		 "sort a piece per task, then merge pairs of runs, a step per doubling.",
	.size_unit = "keys",
	.kind = "cpu",
	.sizes = { 1500000, 12000000, 100000000 },
	.size_max = UINT64_C(1) << 33,
	.work_power = 1.1,	/* n log n, over these sizes */
	.partial_bytes = sizeof(uint64_t),
	.opts = { [OPT_CUTOFF] = { .flag = "--cutoff", .def = CUTOFF, .max = UINT64_C(1) << 33,
		.help = "sort or merge serially at most C keys (default 16384, at least 2)" } },
	.tasks_for = sort_tasks,
	.tasks_per_worker = 16,
	.tasks_most = sort_tasks_most,
	.no_mpi = 1,		/* its merges read every task's keys: a different algorithm on MPI */
	.setup = sort_setup,
	.task = sort_task,
	.solve = sort_solve,
	.finish = sort_finish,
	.teardown = sort_teardown,
};

BENCH_MAIN(sort)
