/* chunk.h: where a claim of chunk indices ends, for every dynamic schedule (pool, procpool and
 * the mpi master hand out [0, n) a chunk at a time). Apart from schedule.h, which is about jobs:
 * the pools know nothing of them. */
#ifndef PARBENCH_CHUNK_H
#define PARBENCH_CHUNK_H

#include <stddef.h>

/* The end of the claim that starts at begin (< end) in a range that ends at end: begin + chunk,
 * or end for the last claim, which may be shorter. Never computes begin + chunk past end, so it
 * cannot overflow. */
static inline size_t chunk_end(size_t begin, size_t chunk, size_t end)
{
	return end - begin < chunk ? end : begin + chunk;
}

#endif
