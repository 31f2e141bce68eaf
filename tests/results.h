/* results.h: what the runner's tests share: a folder per test, the files the runner writes there
 * (present, whole, no temporary left behind), the headers they start with, its .dat blocks read
 * back, and bin/runner run as a user runs it. */
#ifndef PARBENCH_TEST_RESULTS_H
#define PARBENCH_TEST_RESULTS_H

#include <stddef.h>

#include "run.h"

/* ---- the header lines the files start with ---- */

#define RUNS_HEADER "bench,variant,workers,size,tasks,rep,seconds,user_s,sys_s,status,reason," \
		    "label,bind,cpus,steal_s,time,start_s,compute_s,finish_s,whole_s,max_rss_kib,minflt," \
		    "majflt,nvcsw,nivcsw,per_task_ns,gbytes_per_s,kind,parallelism,source,steal_flagged," \
		    "sync_s"
#define SUMMARY_HEAD "bench,variant,workers,n,median_s,ci_low_s,ci_high_s,min_s,max_s,speedup," \
		     "speedup_low,speedup_high,efficiency,karp_flatt,oversubscribed"
#define FITS_HEADER "bench,variant,amdahl_f,usl_sigma,usl_kappa,usl_peak,amdahl_f_low," \
	"amdahl_f_high,usl_sigma_low,usl_sigma_high,usl_kappa_low,usl_kappa_high,usl_peak_low," \
	"usl_peak_high,worker_counts,fitted_to,not_fitted"
#define DAT_COLUMNS "# workers speedup low high efficiency median_s tasks_per_s tasks_per_s_low " \
	"tasks_per_s_high"

/* ---- a temporary folder per test, removed by .fini even when an assertion fails ---- */

extern char tmp[64];

/* A suite's .init and .fini. */
void tmp_make(void);
void tmp_remove(void);
/* tmp/name, written into buf; returns buf. */
const char *in_tmp(char *buf, size_t len, const char *name);

/* ---- files ---- */

/* Whether dir/name is a regular file with something in it. */
int exists(const char *dir, const char *name);
/* dir/name into buf; fails the test when it cannot be read. */
void slurp(const char *dir, const char *name, char *buf, size_t len);
/* Atomic writes leave no .<name>.tmp behind. */
void expect_no_tmp_files(const char *dir);

/* ---- .dat: gnuplot blocks, separated by two blank lines ---- */

struct dat_block {
	char variant[32];
	int rows, has_columns;
	double first[6];	/* the block's first data row */
};

/* Split a .dat file into its blocks; returns how many. Any other blank line fails the test. */
int dat_load(const char *dir, const char *name, struct dat_block *b, int max);

/* Run bin/runner with the words in argv (NULL-terminated). */
void run_runner(struct ran *r, const char *const argv[]);

#endif
