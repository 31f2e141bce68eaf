/* fit.h: what a speedup curve says about the program: Karp-Flatt's measured serial fraction,
 * Amdahl's serial fraction and Gunther's Universal Scalability Law, all by least squares. */
#ifndef PARBENCH_FIT_H
#define PARBENCH_FIT_H

#include <stddef.h>

/* e(p) = (1/S - 1/p) / (1 - 1/p); NAN for p <= 1. */
double fit_karp_flatt(double speedup, double p);
/* f minimising the squared error of 1/S - 1/p = f (1 - 1/p) over the points with p > 1.
 * Returns 0, or -1 when no point has p > 1. */
int fit_amdahl(const double *p, const double *speedup, size_t n, double *f);
/* Amdahl's predicted speedup on p workers. */
double fit_amdahl_speedup(double f, double p);
/* sigma, kappa minimising the squared error of p/S - 1 = sigma (p-1) + kappa p (p-1).
 * *peak = sqrt((1 - sigma) / kappa) when kappa > 0, else NAN. Returns 0, or -1 when fewer than
 * two distinct p > 1. */
int fit_usl(const double *p, const double *speedup, size_t n, double *sigma, double *kappa,
	    double *peak);

#endif
