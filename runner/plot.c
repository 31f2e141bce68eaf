/* plot.c: turn the .dat files into PNGs by running the scripts in plots/ under gnuplot. */
#include "plot.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/msg.h"
#include "output.h"
#include "spawn.h"

int plot_init(struct plotter *pl, const char *argv0, volatile sig_atomic_t *stop)
{
	char self[PATH_MAX], *slash;
	char *const probe[] = { "gnuplot", "--version", NULL };
	struct spawned r;

	pl->stop = stop;
	/* bin/runner -> bin/ -> the tree -> plots/ */
	if (!realpath(argv0, self) && !realpath("/proc/self/exe", self)) {
		msg_errno("realpath");
		return -1;
	}
	slash = strrchr(self, '/');
	*slash = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	snprintf(pl->scripts, sizeof pl->scripts, "%s/plots", self);
	if (access(pl->scripts, R_OK) != 0) {
		msg_warn("%s: %s (the gnuplot scripts live there)", pl->scripts, strerror(errno));
		return -1;
	}
	pl->have_gnuplot = spawn_run(probe, NULL, 10, stop, &r) == 0 && r.exited && r.code == 0;
	return 0;
}

/* dir/NAME, the file a plot draws: its assignments name it, last, as out='NAME'. "" when it
 * draws on stdout. */
static void plot_output(const char *dir, const char *assign, char *file, size_t len)
{
	const char *name = NULL;

	for (const char *q = assign; (q = strstr(q, "out='")); q++)
		if (q == assign || q[-1] == ' ' || q[-1] == ';')
			name = q + 5;
	file[0] = '\0';
	if (name && *name != '\'')
		snprintf(file, len, "%s/%.*s", dir, (int)strcspn(name, "'"), name);
}

int plot_run(struct plotter *pl, const char *dir, const char *script, const char *assign,
	     char *out, size_t outlen)
{
	char path[4400], file[4400], *argv[] = { "gnuplot", "-e", (char *)assign, path, NULL };
	struct spawned r;
	struct stat st;
	int drew;

	snprintf(path, sizeof path, "%s/%s", pl->scripts, script);
	if (spawn_run(argv, dir, 60, pl->stop, &r) != 0)
		return -1;
	/* gnuplot does not notice a write that fails (a full disk): an empty file is no plot. */
	plot_output(dir, assign, file, sizeof file);
	drew = !file[0] || (stat(file, &st) == 0 && st.st_size > 0);
	if (!drew)
		unlink(file);
	if (!r.exited || r.code != 0) {
		msg_warn("gnuplot %s failed: %s", script, r.err[0] ? r.err : "no message");
		return -1;
	}
	if (!drew) {
		msg_warn("gnuplot %s drew nothing into %s", script, file);
		return -1;
	}
	if (out)
		snprintf(out, outlen, "%s", r.out);
	return 0;
}

void plot_quoted(char *buf, size_t len, const char *s)
{
	size_t k = 0;

	for (; *s && k + 3 < len; s++) {
		if (*s == '\'')
			buf[k++] = '\'';
		buf[k++] = *s;
	}
	buf[k] = '\0';
}

void plot_tics_add(int *w, int *n, int max, int x)
{
	int j = 0;

	while (j < *n && w[j] < x)
		j++;
	if ((j < *n && w[j] == x) || *n == max)
		return;
	memmove(w + j + 1, w + j, (size_t)(*n - j) * sizeof *w);
	w[j] = x;
	(*n)++;
}

void plot_tics(const int *w, int n, int maxw, char *buf, size_t len)
{
	double ppo = 700 / (log(maxw * 1.25 / 0.8) / log(2)), last = -1e9;
	size_t k = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && k + 40 < len; i++) {
		double x = log(w[i]) / log(2) * ppo;
		char num[16];
		int labelled;

		snprintf(num, sizeof num, "%d", w[i]);
		labelled = x - last >= 6.5 * strlen(num) + 6;
		if (labelled)
			last = x;
		k += (size_t)snprintf(buf + k, len - k, "%s\"%s\" %d %d", k ? ", " : "(",
				      labelled ? num : "", w[i], !labelled);
	}
	snprintf(buf + k, len - k, "%s", k ? ")" : "autofreq");
}

static void bench_tics(const struct sweep *sw, const char *bench, int maxw, char *buf, size_t len)
{
	int w[512], n = 0;

	for (size_t i = 0; i < sw->npts; i++)
		if (!strcmp(sw->pts[i].bench, bench))
			plot_tics_add(w, &n, 512, sw->pts[i].workers);
	plot_tics(w, n, maxw, buf, len);
}

/* The range of the data's y values on a log axis, with room: [lo / 1.3, hi * 1.3]. */
static void log_range(double lo, double hi, double *ylo, double *yhi)
{
	if (!(lo > 0) || !isfinite(hi) || hi < lo)
		lo = hi = 1;
	*ylo = lo / 1.3;
	*yhi = hi * 1.3;
}

void plot_bench_assign(const struct sweep *sw, const char *bench, const char *machine,
		       char *buf, size_t len)
{
	const char *variants[64];
	size_t nv = sweep_variants(sw, bench, variants, 64);
	char vs[1024] = "", base[96] = "baseline unknown", m[400], tics[8192];
	double slo = INFINITY, shi = 0, ehi = 1, tlo = INFINITY, thi = 0, ylo, yhi, tylo, tyhi;
	int maxw = 1;
	long par = 0;

	for (size_t i = 0; i < sw->npts; i++) {
		const struct point *p = &sw->pts[i];

		if (strcmp(p->bench, bench))
			continue;
		if (p->workers > maxw)
			maxw = p->workers;
		if (point_is_baseline(sw, i))
			par = p->parallelism;	/* the bench's own, as serial has it */
		if (p->baseline == (int)i && p->n && !sw->weak)
			snprintf(base, sizeof base, "%s %.4f s", p->cmd ? "1 worker" : p->variant,
				 p->s.median);
		if (point_is_baseline(sw, i))
			continue;	/* serial is not drawn */
		if (p->speedup_low > 0 && p->speedup_low < slo)
			slo = p->speedup_low;
		if (isfinite(p->speedup_high) && p->speedup_high > shi)
			shi = p->speedup_high;
		if (isfinite(p->speedup_high) && p->speedup_high / p->workers > ehi)
			ehi = p->speedup_high / p->workers;
		if (p->tasks > 0 && p->n && p->s.ci_high > 0) {
			tlo = fmin(tlo, p->tasks / p->s.ci_high);
			thi = fmax(thi, p->tasks / p->s.ci_low);
		}
	}
	if (sw->weak)
		snprintf(base, sizeof base, "weak scaling, scaled speedup");
	for (size_t v = 0; v < nv; v++)
		snprintf(vs + strlen(vs), sizeof vs - strlen(vs), "%s%s", v ? " " : "", variants[v]);
	log_range(slo, shi, &ylo, &yhi);
	log_range(tlo, thi, &tylo, &tyhi);
	bench_tics(sw, bench, maxw, tics, sizeof tics);
	plot_quoted(m, sizeof m, machine);
	snprintf(buf, len, "dat='%s.dat'; bench='%s'; variants='%s'; cores=%d; eff=%d; par=%ld; "
		 "maxw=%d; ylo=%.4g; yhi=%.4g; ehi=%.3g; tylo=%.4g; tyhi=%.4g; xt='%s'; "
		 "baseline='%s'; timing='%s'; machine='%s'", bench, bench, vs, sw->cores, sw->cpus,
		 par, maxw, ylo, yhi, ehi * 1.1, tylo, tyhi, tics, base, sweep_timing(sw), m);
}

int plot_one(struct plotter *pl, FILE *list, const char *dir, const char *script,
	     const char *assign)
{
	fprintf(list, "%s\t%s\n", script, assign);
	return pl->have_gnuplot ? plot_run(pl, dir, script, assign, NULL, 0) : 0;
}

int plot_sweep(struct plotter *pl, const struct sweep *sw, const char *dir, const char *machine)
{
	const char *benches[64];
	size_t nb = sweep_benches(sw, benches, 64);
	char assign[16384], extra[17000];
	struct outfile o;
	int failed = 0;

	if (outfile_open(&o, dir, "plots.txt") != 0)
		return 1;
	for (size_t b = 0; b < nb; b++) {
		plot_bench_assign(sw, benches[b], machine, assign, sizeof assign);
		snprintf(extra, sizeof extra, "%s; out='%s-speedup.png'", assign, benches[b]);
		failed += plot_one(pl, o.f, dir, "speedup.gp", extra) != 0;
		snprintf(extra, sizeof extra, "%s; out='%s-efficiency.png'", assign, benches[b]);
		failed += plot_one(pl, o.f, dir, "efficiency.gp", extra) != 0;
		for (size_t i = 0; i < sw->npts; i++) {
			if (strcmp(sw->pts[i].bench, benches[b]) || strcmp(sw->pts[i].kind, "io"))
				continue;
			snprintf(extra, sizeof extra, "%s; out='%s-throughput.png'", assign, benches[b]);
			failed += plot_one(pl, o.f, dir, "throughput.gp", extra) != 0;
			break;
		}
		if (sweep_has_cost(sw, benches[b])) {	/* it reported per_task_ns */
			snprintf(extra, sizeof extra, "%s; dat='%s-cost.dat'; out='%s.png'; what='%s: "
				 "cost per task beyond the serial reference (compute phase)'; "
				 "ylab='ns per task (median)'; floor=0.1", assign, benches[b], benches[b],
				 benches[b]);
			failed += plot_one(pl, o.f, dir, "perworker.gp", extra) != 0;
		}
		if (sweep_has_start(sw, benches[b])) {	/* lesson 01's fork against thread, at scale */
			snprintf(extra, sizeof extra, "%s; dat='%s-start.dat'; out='%s-start.png'; "
				 "what='%s: start-up, until every worker is ready (median start_s)'; "
				 "ylab='seconds'; floor=1e-6", assign, benches[b], benches[b], benches[b]);
			failed += plot_one(pl, o.f, dir, "perworker.gp", extra) != 0;
		}
		failed += plot_fits(pl, o.f, sw, benches[b], dir, assign);
		failed += plot_bandwidth(pl, o.f, sw, benches[b], dir, assign);
		failed += plot_byproduct(pl, o.f, sw, benches[b], dir);
	}
	if (outfile_commit(&o) != 0)
		failed++;
	return failed;
}

int plot_replay(struct plotter *pl, const char *dir)
{
	char path[1200], line[20000];
	int failed = 0;
	FILE *f;

	if (!pl->have_gnuplot) {
		msg_warn("gnuplot not found: install it (Debian: apt-get install gnuplot-nox)");
		return -1;
	}
	snprintf(path, sizeof path, "%s/plots.txt", dir);
	f = fopen(path, "r");
	if (!f) {
		msg_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');

		if (!tab)
			continue;
		*tab = '\0';
		tab[strcspn(tab + 1, "\n") + 1] = '\0';
		if (strchr(line, '/') || plot_run(pl, dir, line, tab + 1, NULL, 0) != 0) {
			failed++;
		} else {
			const char *o = strstr(tab + 1, "out='");

			printf("%s/%.*s\n", dir, o ? (int)strcspn(o + 5, "'") : 0, o ? o + 5 : "");
		}
	}
	fclose(f);
	return failed;
}

void plot_text_chart(struct plotter *pl, const struct sweep *sw, const char *dir,
		     const char *bench, FILE *f)
{
	char assign[16384], out[4096];

	if (!pl->have_gnuplot)
		return;
	plot_bench_assign(sw, bench, "", assign, sizeof assign);
	strncat(assign, "; term='dumb'; out=''", sizeof assign - strlen(assign) - 1);
	if (plot_run(pl, dir, "speedup.gp", assign, out, sizeof out) == 0)
		fputs(out, f);
}
