/* calibrate.c: one serial run at small tells how fast this machine does a bench's work; the
 * size for the target follows, since the work grows as size^work_power or work_base^size (--info). */
#include "calibrate.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "lib/args.h"
#include "lib/kv.h"
#include "lib/msg.h"
#include "spawn.h"

#define NOMINAL_SMALL_S 0.1	/* what every bench's small size is made to take serially */

double calibrate_target(int max_core_workers)
{
	double t = 0.01 * max_core_workers;

	return t > NOMINAL_SMALL_S ? t : NOMINAL_SMALL_S;
}

int calibrate_time(const struct calibration *c, const struct bench_info *bi, uint64_t size,
		   double *t)
{
	char path[PATH_MAX + 40], small[32], value[64];
	char *argv[] = { path, "--variant", (char *)catalog_baseline(bi), "--size", small, "--bind",
			 (char *)c->bind, NULL };
	struct spawned *s = malloc(sizeof *s);
	int err = -1;

	if (!s) {
		msg_errno("malloc");
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s", c->bin, bi->name);
	snprintf(small, sizeof small, "%lu", (unsigned long)size);
	if (spawn_run(argv, NULL, c->timeout_s, c->stop, s) != 0)
		goto out;
	s->err[strcspn(s->err, "\n")] = '\0';
	if (!s->exited || s->code != 0 ||
	    kv_find(s->out, c->whole ? "seconds" : "compute_s", value, sizeof value) != 0 ||
	    args_parse_double(value, 1e-9, 1e9, t) != 0) {
		if (s->exited && s->code == 0 &&
		    kv_find(s->out, "seconds", value, sizeof value) == 0 &&
		    args_parse_double(value, 1e-9, 1e9, t) == 0) {
			err = 0;	/* it times itself only as a whole */
			goto out;
		}
		msg_warn("%s: the calibration run at size %s failed: %s", bi->name, small,
			 s->timed_out ? "timed out" : s->err[0] ? s->err : "no key=value line");
		goto out;
	}
	err = 0;
out:
	free(s);
	return err;
}

int calibrate_size(const struct calibration *c, const struct bench_info *bi, double target,
		   uint64_t *size, double *small_s)
{
	double n;

	*small_s = NOMINAL_SMALL_S;
	if (!bi->small) {
		msg_warn("%s: its --info names no small size to calibrate from", bi->name);
		return -1;
	}
	if (!c->dry && calibrate_time(c, bi, bi->small, small_s) != 0)
		return -1;
	n = nearbyint(catalog_size_for(bi, (double)bi->small, target / *small_s));
	if (n < 1)
		n = 1;
	if (bi->size_max && n > (double)bi->size_max)
		n = (double)bi->size_max;
	*size = (uint64_t)n;
	return 0;
}
