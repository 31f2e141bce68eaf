/* catalog.h: what the runner knows of the benches, learnt from the benches themselves. The
 * list of names is bin/benches.txt, which make writes from the benches sources; everything else each
 * bench says through --info, the variants' traits too (variant.<name>=, from the one table,
 * benches/lib/variants.c). No bench's name appears in the runner's code, and it tests no
 * variant's. */
#ifndef PARBENCH_CATALOG_H
#define PARBENCH_CATALOG_H

#include <signal.h>
#include <stdint.h>

#define CATALOG_NAME 32
#define CATALOG_VARIANTS 16

/* How a planning step ended. The steps return it up to runner.c, which makes it the exit status
 * (EXIT_USAGE for PLAN_USAGE). Every value but PLAN_OK comes after a message. */
enum plan_status { PLAN_OK = 0, PLAN_FAILED = -1, PLAN_USAGE = -2 };

enum bench_kind { KIND_CPU, KIND_MEMORY, KIND_IO };	/* in a default sweep's order */

/* A variant's traits, from the bench's variant.<name>= (benches/lib/variants.h says what
 * each means). */
struct variant_traits {
	char name[CATALOG_NAME];
	int max_workers;
	int recursive, baseline, in_flight, one_thread, mpirun;
	double start_s;
	int skip_io, skip_memory, skip_recursive;
};

struct bench_info {
	char name[CATALOG_NAME];
	char kind[16];			/* cpu, memory or io, as its --info says */
	enum bench_kind kind_of;	/* the same; anything else counts as cpu */
	uint64_t size;			/* --size as a number: 0 when the bench has no such size */
	uint64_t small, medium;		/* the numbers of its small (~0.1 s) and medium (~1 s) sizes */
	uint64_t size_max;
	double work_power;		/* the work grows as size^work_power, */
	double work_base;		/* or, when this is not 0, as work_base^size (fib) */
	int size_auto;			/* --size auto sizes it; 0: it stays at small */
	long tasks;			/* for that size and --tasks */
	long tasks_default;		/* for that size without --tasks */
	long tasks_max;			/* the most it takes at that size (its rows, for some) */
	long parallelism;		/* no more workers than this can help */
	char variants[256];		/* "serial,threaded,..." */
	struct variant_traits traits[CATALOG_VARIANTS];	/* every variant's, mpi's included */
	int ntraits;
	int mpi;			/* it has a bin/<bench>-mpi */
	int in_default;			/* in the runner's default list */
	int recursive;			/* it has a recursion for the spawning variants (fib, sort) */
	char byproduct[32], byproduct_file[64], byproduct_plot[16];	/* "" when none */
	char own[256];			/* the bench's own keys (own_keys=), "k=v k=v", for plans */
	double setup_bytes;		/* memory its setup writes before each run (0: unsaid) */
};

/* The names in bindir/benches.txt, into names (each CATALOG_NAME long). Returns how many, or
 * -1 after a message. */
int catalog_names(const char *bindir, char (*names)[CATALOG_NAME], int max);
/* Ask bindir/<bench> --info --size size [--tasks tasks]. Returns PLAN_OK, PLAN_USAGE when the
 * bench refuses that size or task count, or PLAN_FAILED, each after a message. */
int catalog_info(const char *bindir, const char *bench, const char *size, const char *tasks,
		 volatile sig_atomic_t *stop, struct bench_info *bi);
/* The traits of the variant by that name into vt. One the bench did not describe (a bench
 * newer than this runner) is a plain variant: 4096 workers and no trait, as every variant was
 * before the catalogue told traits. */
void catalog_variant(const struct bench_info *bi, const char *name, struct variant_traits *vt);
/* Every variant's traits from the runner's own table (benches/lib/variants.c, which it
 * links), into bi->traits, for a bench that tells none. */
void catalog_table(struct bench_info *bi);
/* A kind= by its name: io, memory, and anything else cpu. */
enum bench_kind catalog_kind(const char *kind);
/* The traits of the variant by that name in the runner's own table (benches/lib/variants.c,
 * which it links): for saved results, which name variants but keep no traits. All 0 for a
 * name it does not know (an external command's). */
void catalog_traits_of(const char *variant, struct variant_traits *vt);
/* The name of bi's baseline variant (serial), every speedup's reference. */
const char *catalog_baseline(const struct bench_info *bi);
/* Whether a default sweep (no --variant) leaves variant out of bi: its curve would only repeat
 * another's (the variant's skip_ traits). */
int catalog_repeats(const struct bench_info *bi, const struct variant_traits *vt);
/* Whether name is in the comma list. */
int catalog_has(const char *list, const char *name);

/* The work of a run of bi at size `to` against one at size `from`. */
double catalog_work_ratio(const struct bench_info *bi, double from, double to);
/* The size (not rounded) whose work is `ratio` times the work at size `from`. */
double catalog_size_for(const struct bench_info *bi, double from, double ratio);

#endif
