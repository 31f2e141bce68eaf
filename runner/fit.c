/* fit.c: the linear forms of Amdahl's law and the USL make both fits closed-form least squares. */
#include "fit.h"

#include <math.h>

double fit_karp_flatt(double speedup, double p)
{
	if (p <= 1 || speedup <= 0)
		return NAN;
	return (1 / speedup - 1 / p) / (1 - 1 / p);
}

int fit_amdahl(const double *p, const double *speedup, size_t n, double *f)
{
	double sxy = 0, sxx = 0;

	for (size_t i = 0; i < n; i++) {
		double x = 1 - 1 / p[i], y = 1 / speedup[i] - 1 / p[i];

		if (p[i] <= 1 || speedup[i] <= 0)
			continue;
		sxy += x * y;
		sxx += x * x;
	}
	if (sxx == 0)
		return -1;
	*f = sxy / sxx;
	return 0;
}

double fit_amdahl_speedup(double f, double p)
{
	return 1 / (f + (1 - f) / p);
}

int fit_usl(const double *p, const double *speedup, size_t n, double *sigma, double *kappa,
	    double *peak)
{
	double aa = 0, ab = 0, bb = 0, ay = 0, by = 0, det;

	/* Normal equations for y = sigma a + kappa b, with a = p-1, b = p(p-1). */
	for (size_t i = 0; i < n; i++) {
		double a = p[i] - 1, b = p[i] * (p[i] - 1), y = p[i] / speedup[i] - 1;

		if (p[i] <= 1 || speedup[i] <= 0)
			continue;
		aa += a * a;
		ab += a * b;
		bb += b * b;
		ay += a * y;
		by += b * y;
	}
	det = aa * bb - ab * ab;
	if (fabs(det) <= 1e-12 * (aa * bb + 1e-300))
		return -1;
	*sigma = (ay * bb - by * ab) / det;
	*kappa = (aa * by - ab * ay) / det;
	*peak = *kappa > 0 && *sigma < 1 ? sqrt((1 - *sigma) / *kappa) : NAN;
	return 0;
}
