/* variants.c: the table of drivers, in the order a lesson introduces them. */
#include "variants.h"

#include <string.h>

const struct variant variants[] = {
	{ "serial", "all tasks in order in one thread (a plain for loop)", variant_serial },
	{ "threaded", "W pthreads, static schedule (threading.Thread)", variant_threaded },
	{ "forked", "W fork()ed children, static schedule, results over pipes "
		    "(multiprocessing.Process + Queue)", variant_forked },
	{ "pooled", "thread pool, tasks claimed dynamically, --chunk per claim", variant_pooled },
	{ "procpool", "pre-forked process pool, dynamic claims, results in MAP_SHARED memory "
		      "(multiprocessing.Pool.map)", variant_procpool },
	{ "gil", "W threads that must hold one global lock to compute (CPython threads)",
	  variant_gil },
	{ "openmp", "#pragma omp parallel for schedule(dynamic, C), the reference", variant_openmp },
	{ NULL, NULL, NULL },
};

const struct variant *variant_find(const char *name)
{
	for (const struct variant *v = variants; v->name; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}
