/* lanes.c: create W threads, then join every one that was created. */
#include "lanes.h"

#include <errno.h>
#include <stdlib.h>

#include "msg.h"
#include "place.h"

/* Every lane is pinned before it starts and notes its CPU at its end. */
static void *lane_placed(void *arg)
{
	struct lane *l = arg;

	if (place_enter(l->job->place, l->id) != 0) {
		l->failed = 1;
		return NULL;
	}
	l->main(l);
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
			break;	/* the lanes already running finish their slices; join them */
		}
	}
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
