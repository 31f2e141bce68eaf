/* rows.h: for benches whose tasks are groups of rows (mandelbrot, sweep): which rows task i has. */
#ifndef PARBENCH_ROWS_H
#define PARBENCH_ROWS_H

#include <stddef.h>

static inline size_t rows_begin(size_t rows, size_t tasks, size_t i)
{
	return rows * i / tasks;
}

/* The most rows any task gets, which sizes every task's partial-result slot. */
static inline size_t rows_most(size_t rows, size_t tasks)
{
	return (rows + tasks - 1) / tasks;
}

#endif
