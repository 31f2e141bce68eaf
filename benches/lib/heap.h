/* heap.h: a binary min-heap of (key, id) pairs, for timers: the earliest key on top. The caller
 * owns the array and makes it large enough for every entry it will ever hold at once: push does
 * not check, and pop and min must not be called on an empty heap. Entries with equal keys come
 * out in no particular order. */
#ifndef PARBENCH_HEAP_H
#define PARBENCH_HEAP_H

#include <stddef.h>

struct heap_entry {
	double key;
	size_t id;
};

struct heap {
	struct heap_entry *at;	/* at[0] is the least; the caller allocates it */
	size_t n;
};

static inline void heap_swap(struct heap *h, size_t a, size_t b)
{
	struct heap_entry t = h->at[a];

	h->at[a] = h->at[b];
	h->at[b] = t;
}

static inline void heap_push(struct heap *h, double key, size_t id)
{
	size_t k = h->n++;

	h->at[k] = (struct heap_entry){ key, id };
	for (; k > 0 && h->at[(k - 1) / 2].key > h->at[k].key; k = (k - 1) / 2)
		heap_swap(h, k, (k - 1) / 2);
}

/* The least key. */
static inline double heap_min(const struct heap *h)
{
	return h->at[0].key;
}

/* Take the entry with the least key; returns its id. */
static inline size_t heap_pop(struct heap *h)
{
	size_t top = h->at[0].id, k = 0;

	h->at[0] = h->at[--h->n];
	for (;;) {
		size_t c = 2 * k + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->at[c + 1].key < h->at[c].key)
			c++;
		if (h->at[k].key <= h->at[c].key)
			break;
		heap_swap(h, k, c);
		k = c;
	}
	return top;
}

#endif
