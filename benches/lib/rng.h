/* rng.h: random numbers from a per-task stream, so a result never depends on who ran the task. */
#ifndef PARBENCH_RNG_H
#define PARBENCH_RNG_H

#include <stddef.h>
#include <stdint.h>

/* SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast, and good enough for Monte Carlo here. */
struct rng {
	uint64_t state;
};

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A uniform double in [0, 1) from the top 53 bits. */
static inline double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* The stream for (seed, task): mixing both keeps neighbouring tasks' streams unrelated. */
static inline struct rng rng_for_task(uint64_t seed, size_t task)
{
	struct rng r = { seed ^ 0x5851f42d4c957f2dull };
	struct rng t;

	t.state = rng_next(&r) + (uint64_t)task * 0xd1b54a32d192ed03ull;
	rng_next(&t);
	return t;
}

#endif
