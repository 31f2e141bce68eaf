/* variants.c: the table of drivers, in the order a lesson introduces them. Built a second time
 * with PARBENCH_MPI for bin/<bench>-mpi, whose table adds mpi. */
#include "variants.h"

#include <string.h>

const struct variant variants[] = {
	{ "serial", "all tasks in order in one thread (a plain for loop; a recursive bench's recursion "
		    "with its spawns run at once)", variant_serial, 4096, 1 },
	{ "threaded", "W pthreads, static schedule (threading.Thread)", variant_threaded, 4096, 0 },
	{ "forked", "W fork()ed children, static schedule, results over pipes "
		    "(multiprocessing.Process + Queue)", variant_forked, 4096, 0 },
	{ "pooled", "thread pool, tasks claimed dynamically, --chunk per claim", variant_pooled,
	  4096, 0 },
	{ "procpool", "pre-forked process pool, dynamic claims, results in MAP_SHARED memory "
		      "(multiprocessing.Pool.map)", variant_procpool, 4096, 0 },
	{ "gil", "W threads that must hold one global lock to compute (CPython threads)",
	  variant_gil, 4096, 0 },
	{ "stealing", "work stealing: a deque per worker, idle workers steal from random victims; "
		      "ranges halved down to --chunk, recursive benches spawn as they go",
	  variant_stealing, 4096, 1 },
	{ "openmp", "#pragma omp parallel for schedule(dynamic, C), the reference; recursive benches: "
		    "#pragma omp task and taskwait", variant_openmp, 4096, 1 },
	{ "async", "one thread, an epoll event loop, W tasks in flight (asyncio)", variant_async,
	  1000000, 0 },
#ifdef PARBENCH_MPI
	{ "mpi", "W MPI ranks under mpirun, static slices or master-worker, results gathered by "
		 "message (mpi4py)", variant_mpi, 4096, 0 },
#endif
	{ NULL, NULL, NULL, 0, 0 },
};

const struct variant *variant_find(const char *name)
{
	for (const struct variant *v = variants; v->name; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}
