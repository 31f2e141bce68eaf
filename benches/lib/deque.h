/* deque.h: a Chase-Lev work-stealing deque of pointers. One thread, the owner, pushes and pops at
 * the bottom, like a stack; any other thread may steal from the top, the oldest end. The owner's
 * two ends need no lock: only when one item is left do the owner and a thief race for it, and
 * a compare-and-swap on `top` settles who gets it. */
#ifndef PARBENCH_DEQUE_H
#define PARBENCH_DEQUE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* A circular array of 2^k slots; item i lives at slot[i & mask]. */
struct deque_ring {
	int64_t mask;
	struct deque_ring *next_retired;
	_Atomic(void *) slot[];
};

struct deque {
	/* top is moved by thieves, bottom by the owner: each on its own cache line, so that the
	 * owner's pushes and pops do not bounce the line thieves read. */
	_Alignas(64) _Atomic int64_t top;
	_Alignas(64) _Atomic int64_t bottom;
	_Atomic(struct deque_ring *) ring;
	struct deque_ring *retired;	/* outgrown rings: a thief may still read one; freed last */
};

enum steal_result { DEQUE_STOLEN, DEQUE_EMPTY, DEQUE_LOST };	/* LOST: another took it first */

/* An empty deque with room for 2^log2_cap items before it first grows. Returns 0, or -1 after a
 * message. */
int deque_init(struct deque *d, int log2_cap);
void deque_free(struct deque *d);
/* Any thread: take the oldest item into *item. */
enum steal_result deque_steal(struct deque *d, void **item);
/* Any thread: whether the deque looked empty. A hint; the answer may be stale at once. */
int deque_looks_empty(struct deque *d);

/* Owner only, when the ring is full: one twice the size (deque.c). NULL after a message. */
struct deque_ring *deque_grow(struct deque *d, struct deque_ring *old, int64_t t, int64_t b);

/* Push and pop are inline: a spawn and a sync are a few instructions each, so a call would be
 * a good part of their cost. */

/* Owner only. Returns how many items the deque held before, as far as the owner could tell
 * (thieves may take some at any time), or -1 after a message when it could not grow (out of
 * memory). */
static inline int deque_push(struct deque *d, void *item)
{
	int64_t b = atomic_load_explicit(&d->bottom, memory_order_relaxed);
	int64_t t = atomic_load_explicit(&d->top, memory_order_acquire);
	struct deque_ring *r = atomic_load_explicit(&d->ring, memory_order_relaxed);

	if (b - t > r->mask && !(r = deque_grow(d, r, t, b)))
		return -1;
	atomic_store_explicit(&r->slot[b & r->mask], item, memory_order_relaxed);
	/* Release: a thief that sees the new bottom sees the item, and what the owner wrote into
	 * it before the push. */
	atomic_store_explicit(&d->bottom, b + 1, memory_order_release);
	return (int)(b - t);
}

/* Owner only: the newest item, or NULL when there is none (or a thief took the last). */
static inline void *deque_pop(struct deque *d)
{
	int64_t b = atomic_load_explicit(&d->bottom, memory_order_relaxed) - 1;
	struct deque_ring *r = atomic_load_explicit(&d->ring, memory_order_relaxed);
	int64_t t;
	void *item;

	/* Claim the bottom item first, then look at top: the store must be seen before the load,
	 * or a thief and the owner could both take the last item. That store-load order is what
	 * the sequentially consistent exchange buys: a full fence, 2-3 ns here. (Moving it to the
	 * thieves with membarrier(2) made things worse: a call took 12 us on this VM with the
	 * other CPU busy, and overhead's per_task_ns went from 15-16 to 17-21.) */
	atomic_exchange_explicit(&d->bottom, b, memory_order_seq_cst);
	t = atomic_load_explicit(&d->top, memory_order_seq_cst);
	/* Putting bottom back is a release, as a push is: a thief that reads it must see the
	 * items (C11 would carry a plain store in the push's release sequence; C++20 and
	 * ThreadSanitizer do not). */
	if (t > b) {	/* it was empty */
		atomic_store_explicit(&d->bottom, b + 1, memory_order_release);
		return NULL;
	}
	item = atomic_load_explicit(&r->slot[b & r->mask], memory_order_relaxed);
	if (t == b) {	/* the last item: race the thieves for it */
		if (!atomic_compare_exchange_strong_explicit(&d->top, &t, t + 1, memory_order_seq_cst,
							     memory_order_relaxed))
			item = NULL;
		atomic_store_explicit(&d->bottom, b + 1, memory_order_release);
	}
	return item;
}

#endif
