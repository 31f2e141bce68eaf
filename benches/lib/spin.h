/* spin.h: waiting for another CPU by spinning a little before sleeping. Waking from a futex
 * costs tens of microseconds, a lot for a barrier between steps of a few hundred; spinning
 * helps only a waiter whose CPU nobody else wants, so it is for W workers on W CPUs or more. */
#ifndef PARBENCH_SPIN_H
#define PARBENCH_SPIN_H

#include <sched.h>

#include "clock.h"

#define SPIN_NS 50000		/* how long a waiter spins before it sleeps */

/* Whether `workers` threads or processes each have a CPU of this process's to spin on. */
static inline int spin_worth(int workers)
{
	cpu_set_t cpus;

	return sched_getaffinity(0, sizeof cpus, &cpus) == 0 && workers <= CPU_COUNT(&cpus);
}

/* A hint to the CPU that this is a spin-wait: it eases off, and lets its SMT sibling run. */
static inline void spin_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

/* Spin until done(arg) or SPIN_NS have passed since t0 (a clock_now() time); returns done(arg). */
static inline int spin_until(int (*done)(const void *), const void *arg, double t0)
{
	while (!done(arg)) {
		if (clock_now() - t0 >= SPIN_NS * 1e-9)
			return 0;
		spin_pause();
	}
	return 1;
}

#endif
