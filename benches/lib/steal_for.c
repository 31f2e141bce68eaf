/* steal_for.c: a parallel-for on the work-stealing scheduler (steal.h). The range is halved
 * and the halves spawned by hand, with steal.c's own push and sync, so that a spawn per index
 * costs no more than it must. */
#include "steal.h"

#include "deque.h"
#include "steal_internal.h"

struct steal_range {
	steal_range_fn body;
	void *arg;
	size_t chunk;
};

/* A piece of the range, [begin, end). */
struct steal_piece {
	const struct steal_range *r;
	size_t begin, end;
};

#define PIECES_MAX 64		/* halvings of a size_t range, at most */

/* Halve the piece until what is left is small enough, spawning each right half, run what is
 * left, then sync the halves, smallest first. The first half spawned is the one a thief
 * takes, the biggest on offer, so a few steals spread the range over the workers; each stolen
 * half is then halved in the same way by its thief. */
static void steal_split(struct fj *fj, void *arg)
{
	const struct steal_piece *p = arg;
	const struct steal_range *r = p->r;
	size_t begin = p->begin, end = p->end;
	struct steal_piece halves[PIECES_MAX];
	struct fj_task tasks[PIECES_MAX];
	int n = 0;

	for (; end - begin > r->chunk; n++) {
		size_t mid = begin + (end - begin) / 2;

		halves[n] = (struct steal_piece){ r, mid, end };
		tasks[n].fn = steal_split;
		tasks[n].arg = &halves[n];
		steal_push((struct worker *)fj, &tasks[n]);
		end = mid;
	}
	r->body(r->arg, begin, end);
	while (n-- > 0) {	/* steal_sync, with its usual case called directly */
		struct fj_task *x = deque_pop(&((struct worker *)fj)->dq);

		if (x == &tasks[n])
			steal_split(fj, &halves[n]);
		else
			steal_sync_rest((struct worker *)fj, &tasks[n], x);
	}
}

void steal_for(struct steal *s, size_t n, size_t chunk, steal_range_fn body, void *arg)
{
	struct steal_range r = { body, arg, chunk ? chunk : 1 };
	struct steal_piece all = { &r, 0, n };

	if (n > 0)
		steal_run(s, steal_split, &all);
}
