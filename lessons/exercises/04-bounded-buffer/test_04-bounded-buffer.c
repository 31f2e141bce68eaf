/* test_04-bounded-buffer.c: every item put is got exactly once, each producer's items in the
 * order it put them, over several producer, consumer and capacity counts; put waits while full,
 * get waits while empty, close wakes them. Threads only record; the test thread asserts. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "04-bounded-buffer.h"
#include "tests/watchdog.h"

/* What the watchdog says when a test here overruns its limit. */
static void name_the_likely_cause(void)
{
	watchdog_hint("a call to bbuf_put or bbuf_get never returned. Does each wait loop re-check "
		      "both its condition and closed after every wake-up? Does each put signal "
		      "not_empty and each get not_full? Does bbuf_close broadcast on both, so that "
		      "every sleeper sees it? A loop that waits without pthread_cond_wait spins for "
		      "ever once nobody will change its condition");
}

TestSuite(bbuf, .init = name_the_likely_cause);

#define SEQ 1000000L	/* item = producer * SEQ + its sequence number */

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

struct flow {
	struct bbuf *b;
	long items;		/* per producer */
	int producers;
	atomic_int *seen;	/* per item: times got */
	atomic_int put_failed, out_of_order, alien;
};

struct producer {
	pthread_t thread;
	struct flow *f;
	long id;
};

struct consumer {
	pthread_t thread;
	struct flow *f;
	long last[8];		/* per producer: last sequence number this consumer got */
};

static void *producer_main(void *arg)
{
	struct producer *p = arg;

	for (long k = 0; k < p->f->items; k++)
		if (bbuf_put(p->f->b, p->id * SEQ + k) != 0)
			atomic_fetch_add(&p->f->put_failed, 1);
	return NULL;
}

static void *consumer_main(void *arg)
{
	struct consumer *c = arg;
	struct flow *f = c->f;
	long v;

	for (int p = 0; p < 8; p++)
		c->last[p] = -1;
	while (bbuf_get(f->b, &v) == 0) {
		long p = v / SEQ, k = v % SEQ;

		if (v < 0 || p >= f->producers || k >= f->items) {
			atomic_fetch_add(&f->alien, 1);
			continue;
		}
		if (k <= c->last[p])	/* FIFO: one producer's items come out in its order */
			atomic_fetch_add(&f->out_of_order, 1);
		c->last[p] = k;
		atomic_fetch_add(&f->seen[p * f->items + k], 1);
	}
	return NULL;
}

struct shape {
	int producers, consumers;
	size_t cap;
	long items;
};

static struct shape shapes[] = {
	{ 1, 1, 1, 20000 }, { 1, 1, 16, 20000 }, { 2, 2, 1, 10000 }, { 2, 2, 4, 10000 },
	{ 4, 1, 2, 5000 }, { 1, 4, 2, 20000 }, { 4, 4, 3, 5000 }, { 8, 8, 64, 5000 },
};

ParameterizedTestParameters(bbuf, every_item_once_in_order)
{
	return cr_make_param_array(struct shape, shapes, sizeof shapes / sizeof shapes[0]);
}

ParameterizedTest(struct shape *s, bbuf, every_item_once_in_order, .timeout = 30)
{
	struct bbuf b;
	struct flow f = { .b = &b, .items = s->items, .producers = s->producers };
	struct producer prod[8];
	struct consumer cons[8];
	long total = s->producers * s->items, missing = 0, twice = 0;

	f.seen = calloc(total, sizeof *f.seen);
	cr_assert_not_null(f.seen);
	cr_assert_eq(bbuf_init(&b, s->cap), 0);
	for (int i = 0; i < s->consumers; i++) {
		cons[i].f = &f;
		cr_assert_eq(pthread_create(&cons[i].thread, NULL, consumer_main, &cons[i]), 0);
	}
	for (int i = 0; i < s->producers; i++) {
		prod[i] = (struct producer){ .f = &f, .id = i };
		cr_assert_eq(pthread_create(&prod[i].thread, NULL, producer_main, &prod[i]), 0);
	}
	for (int i = 0; i < s->producers; i++)
		cr_assert_eq(pthread_join(prod[i].thread, NULL), 0);
	bbuf_close(&b);		/* then the consumers drain the buffer and stop */
	for (int i = 0; i < s->consumers; i++)
		cr_assert_eq(pthread_join(cons[i].thread, NULL), 0);
	for (long i = 0; i < total; i++) {
		missing += atomic_load(&f.seen[i]) == 0;
		twice += atomic_load(&f.seen[i]) > 1;
	}
	cr_assert_eq(atomic_load(&f.put_failed), 0, "bbuf_put failed on an open buffer");
	cr_assert_eq(atomic_load(&f.alien), 0, "got %d items that were never put",
		     atomic_load(&f.alien));
	cr_assert_eq(missing, 0, "%ld of %ld items never got", missing, total);
	cr_assert_eq(twice, 0, "%ld items got more than once", twice);
	cr_assert_eq(atomic_load(&f.out_of_order), 0, "%d items got out of their producer's order",
		     atomic_load(&f.out_of_order));
	bbuf_destroy(&b);
	free(f.seen);
}

struct one_call {
	struct bbuf *b;
	long n, v;		/* puts n items 0, 1, ...; or the value got */
	atomic_int done;	/* calls returned */
	int rc;
};

static void *put_n(void *arg)
{
	struct one_call *oc = arg;

	for (long k = 0; k < oc->n; k++)
		if (bbuf_put(oc->b, k) == 0)
			atomic_fetch_add(&oc->done, 1);
	return NULL;
}

static void *get_one(void *arg)
{
	struct one_call *oc = arg;

	oc->rc = bbuf_get(oc->b, &oc->v);
	atomic_store(&oc->done, 1);
	return NULL;
}

Test(bbuf, put_waits_while_full, .timeout = 10)
{
	struct bbuf b;
	struct one_call oc = { .b = &b, .n = 4 };
	pthread_t t;
	long v;

	cr_assert_eq(bbuf_init(&b, 3), 0);
	cr_assert_eq(pthread_create(&t, NULL, put_n, &oc), 0);
	nap_ms(200);
	cr_assert_eq(atomic_load(&oc.done), 3, "capacity 3: %d puts returned, want 3 and the 4th waiting",
		     atomic_load(&oc.done));
	cr_assert_eq(bbuf_get(&b, &v), 0);
	cr_assert_eq(v, 0, "the oldest item first");
	cr_assert_eq(pthread_join(t, NULL), 0);	/* the get made room: the 4th put finishes */
	cr_assert_eq(atomic_load(&oc.done), 4);
	for (long k = 1; k < 4; k++) {
		cr_assert_eq(bbuf_get(&b, &v), 0);
		cr_assert_eq(v, k, "got %ld, want %ld", v, k);
	}
	bbuf_destroy(&b);
}

Test(bbuf, get_waits_while_empty, .timeout = 10)
{
	struct bbuf b;
	struct one_call oc = { .b = &b };
	pthread_t t;

	cr_assert_eq(bbuf_init(&b, 2), 0);
	cr_assert_eq(pthread_create(&t, NULL, get_one, &oc), 0);
	nap_ms(200);
	cr_assert_eq(atomic_load(&oc.done), 0, "bbuf_get returned from an empty, open buffer");
	cr_assert_eq(bbuf_put(&b, 77), 0);
	cr_assert_eq(pthread_join(t, NULL), 0);
	cr_assert_eq(oc.rc, 0);
	cr_assert_eq(oc.v, 77);
	bbuf_destroy(&b);
}

Test(bbuf, close_drains_then_ends, .timeout = 10)
{
	struct bbuf b;
	struct one_call waiters[3];
	pthread_t t[3];
	long v;

	cr_assert_eq(bbuf_init(&b, 4), 0);
	cr_assert_eq(bbuf_put(&b, 5), 0);
	cr_assert_eq(bbuf_put(&b, 6), 0);
	bbuf_close(&b);
	cr_assert_eq(bbuf_put(&b, 7), -1, "put after close must fail");
	cr_assert_eq(bbuf_get(&b, &v), 0, "items put before close can still be got");
	cr_assert_eq(v, 5);
	cr_assert_eq(bbuf_get(&b, &v), 0);
	cr_assert_eq(v, 6);
	cr_assert_eq(bbuf_get(&b, &v), -1, "closed and empty: -1");
	bbuf_destroy(&b);

	/* consumers already waiting when close comes must all wake up with -1 */
	cr_assert_eq(bbuf_init(&b, 4), 0);
	for (int i = 0; i < 3; i++) {
		waiters[i] = (struct one_call){ .b = &b };
		cr_assert_eq(pthread_create(&t[i], NULL, get_one, &waiters[i]), 0);
	}
	nap_ms(100);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(atomic_load(&waiters[i].done), 0, "get returned before close");
	bbuf_close(&b);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(pthread_join(t[i], NULL), 0);
		cr_assert_eq(waiters[i].rc, -1, "a waiting get woken by close returned %d", waiters[i].rc);
	}
	bbuf_destroy(&b);
}
