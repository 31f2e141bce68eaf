/* deque.c: the Chase-Lev deque (Chase and Lev, SPAA 2005) in C11 atomics, after the version
 * proved for weak memory by Le, Pop, Cohen and Zappa Nardelli (PPoPP 2013). Where they pair a
 * fence with a relaxed access, this uses a release store or an acquire load instead: the same
 * cost on x86, and ThreadSanitizer, which does not model fences, sees the ordering too. */
#include "deque.h"

#include <stdlib.h>

#include "msg.h"

static struct deque_ring *ring_new(int64_t cap)
{
	struct deque_ring *r = malloc(sizeof *r + (size_t)cap * sizeof r->slot[0]);

	if (!r) {
		msg_errno("malloc (deque)");
		return NULL;
	}
	r->mask = cap - 1;
	r->next_retired = NULL;
	return r;
}

int deque_init(struct deque *d, int log2_cap)
{
	struct deque_ring *r = ring_new((int64_t)1 << log2_cap);

	if (!r)
		return -1;
	atomic_init(&d->top, 0);
	atomic_init(&d->bottom, 0);
	atomic_init(&d->ring, r);
	d->retired = NULL;
	return 0;
}

void deque_free(struct deque *d)
{
	struct deque_ring *r = atomic_load_explicit(&d->ring, memory_order_relaxed), *next;

	free(r);
	for (r = d->retired; r; r = next) {
		next = r->next_retired;
		free(r);
	}
}

/* Owner: a ring twice the size with items [t, b) copied over. The old one is kept, not freed: a
 * thief that loaded it before the swap may still read a slot of it (and will then fail its
 * compare-and-swap if the item moved on). */
struct deque_ring *deque_grow(struct deque *d, struct deque_ring *old, int64_t t, int64_t b)
{
	struct deque_ring *r = ring_new(2 * (old->mask + 1));

	if (!r)
		return NULL;
	for (int64_t i = t; i < b; i++)
		atomic_store_explicit(&r->slot[i & r->mask],
				      atomic_load_explicit(&old->slot[i & old->mask],
							   memory_order_relaxed),
				      memory_order_relaxed);
	old->next_retired = d->retired;
	d->retired = old;
	atomic_store_explicit(&d->ring, r, memory_order_release);
	return r;
}

enum steal_result deque_steal(struct deque *d, void **item)
{
	int64_t t = atomic_load_explicit(&d->top, memory_order_seq_cst);
	int64_t b = atomic_load_explicit(&d->bottom, memory_order_seq_cst);
	struct deque_ring *r;
	void *x;

	if (t >= b)
		return DEQUE_EMPTY;
	r = atomic_load_explicit(&d->ring, memory_order_acquire);
	x = atomic_load_explicit(&r->slot[t & r->mask], memory_order_relaxed);
	if (!atomic_compare_exchange_strong_explicit(&d->top, &t, t + 1, memory_order_seq_cst,
						     memory_order_relaxed))
		return DEQUE_LOST;
	*item = x;
	return DEQUE_STOLEN;
}

int deque_looks_empty(struct deque *d)
{
	return atomic_load_explicit(&d->top, memory_order_relaxed) >=
	       atomic_load_explicit(&d->bottom, memory_order_relaxed);
}
