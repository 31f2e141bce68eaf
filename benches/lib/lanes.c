/* lanes.c: create W threads, let them go together once all are placed, join every one created. */
#include "lanes.h"

#include <errno.h>
#include <stdlib.h>

#include "msg.h"
#include "place.h"
#include "team.h"

/* Every lane is pinned, then waits at the gate, and notes its CPU at its end. A lane that cannot
 * be pinned calls the run off: the others, waiting at the gate, give up too. */
static void *lane_placed(void *arg)
{
	struct lane *l = arg;
	struct team *team = l->job->team;

	if (place_enter(l->job->place, l->id) != 0) {
		l->failed = 1;
		team_cancel(team);
		return NULL;
	}
	if (team_arrive(team) != 0) {
		l->failed = 1;	/* whoever called it off said why */
		return NULL;
	}
	l->main(l);
	team_leave(team);
	place_leave(l->job->place, l->id);
	return NULL;
}

int lanes_run(const struct job *job, void *partials, size_t stride, void *(*lane_main)(void *),
	      void *ctx)
{
	struct lane *lanes = calloc(job->workers, sizeof *lanes);
	int started, rc, err = 0;

	if (!lanes) {
		msg_errno("calloc");
		return -1;
	}
	for (started = 0; started < job->workers; started++) {
		lanes[started] = (struct lane){ job, partials, stride, started, ctx, 0, lane_main, 0 };
		rc = pthread_create(&lanes[started].tid, NULL, lane_placed, &lanes[started]);
		if (rc) {
			errno = rc;
			msg_errno("pthread_create");
			err = -1;
			break;
		}
	}
	if (err)
		team_cancel(job->team);	/* the lanes already started give up at the gate */
	else if (team_open(job->team, job->workers, NULL, NULL) != 0)
		err = -1;
	for (int i = 0; i < started; i++) {
		rc = pthread_join(lanes[i].tid, NULL);
		if (rc) {
			errno = rc;
			msg_errno("pthread_join");
			err = -1;
		}
		if (lanes[i].failed)
			err = -1;
	}
	free(lanes);
	return err;
}
