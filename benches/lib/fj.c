/* fj.c: the serial elision of fork-join, for the serial variant: what a recursive bench costs
 * with its spawns compiled away, the baseline its parallel runs are measured against. */
#include "fj.h"

static void inline_spawn(struct fj *fj, struct fj_task *t)
{
	t->fn(fj, t->arg);
}

static void inline_sync(struct fj *fj, struct fj_task *t)
{
	(void)fj;
	(void)t;
}

const struct fj_ops fj_inline = { inline_spawn, inline_sync };
