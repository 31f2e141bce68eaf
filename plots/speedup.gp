# speedup.gp: speedup against workers for one bench, one line per variant, with the CI as error
# bars, the ideal y = x, each variant's fitted Amdahl curve over the worker counts it was fitted
# on, and the SMT, oversubscribed and beyond-the-bench's-parallelism regions shaded.
# The runner calls it (bin/runner plots DIR renders a results folder again) with:
#   dat, out: the .dat file (blocks of: workers speedup low high efficiency median_s) and the PNG;
#   bench, machine, baseline, timing: labels (timing: which time, "compute phase" or "whole run");
#   variants, amdahl: space-separated lists, one entry per block of dat (amdahl: each variant's
#         serial fraction f, or nan for none);
#   fitmax: the largest worker count the Amdahl fits were made over (0: no fit, no curves); the
#         curves are drawn from 1 to fitmax only;
#   cores: physical cores;  eff: effective CPUs (>= 1; below cores under a CPU quota or an
#         affinity mask, above them with SMT);  par: the bench's parallelism limit, 0 for none;
#   maxw: the largest worker count plotted (the x range is [0.8, maxw * 1.25]);
#   term: "png" (default) or "dumb" for a text chart on stdout (the regions' words, no shading).
# eff and par are optional (default cores and 0), and so is fitmax (default cores).
if (!exists("term")) term = "png"
if (!exists("timing")) timing = "whole run"
if (term eq "dumb") {
	set terminal dumb size 79,24
} else {
	set terminal pngcairo size 900,600 font ",10" noenhanced
	set output out
}
set title sprintf("%s: speedup over serial (%s; times of the %s)\n%s", bench, baseline, timing, machine) noenhanced
set xlabel "workers"
set ylabel "speedup (median, 95% CI)"
set key top left noenhanced
set grid
set logscale x 2
set xrange [0.8:maxw * 1.25]
set yrange [0:*]
# The regions' shading and words: regions.gp, next to this script, whatever the working
# directory (ARG0 is this script's path as gnuplot was given it; path_slash: where its last / is).
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
load sprintf("%s/regions.gp", dir_of(ARG0))
if (!exists("fitmax")) fitmax = cores
# Fine enough sampling that each Amdahl curve ends at fitmax, not a visible step short of it.
set samples 1000
amdahl_s(p, f) = 1 / (f + (1 - f) / p)
amdahl_fit(p, f) = p >= 1 && p <= fitmax ? amdahl_s(p, f) : 1/0
n = words(variants)
nfit = fitmax > 1 ? n : 0
if (term eq "dumb") {
	plot x title "ideal" with lines dashtype 2, \
	     for [i = 1:n] dat index (i - 1) using 1:2 title word(variants, i) with linespoints
} else {
	plot x title "ideal (y = x)" with lines dashtype 2 linecolor rgb "#999999", \
	     for [i = 1:n] dat index (i - 1) using 1:2:3:4 title word(variants, i) with yerrorlines linecolor i pointtype i, \
	     for [i = 1:nfit] (word(amdahl, i) eq "nan" ? 1/0 : amdahl_fit(x, real(word(amdahl, i)))) title (word(amdahl, i) eq "nan" ? "" : sprintf("Amdahl fit, %s: f = %s (1-%d workers)", word(variants, i), word(amdahl, i), fitmax)) with lines dashtype 3 linecolor i
}
