# fits.gp: the laws fitted to a bench's core points, one colour per fitted variant: its measured
# speedups (points with their CIs), Amdahl's curve (solid) and the USL's (dash-dot) over the worker
# counts they were fitted on, and both dotted from there to the largest count the variant was
# measured at, never further. A variant without a fit is left out.
# Variables: speedup.gp's (dat, bench, machine, timing, variants, ylo, yhi) and axes.gp's, and
# one word per fitted variant in each of:
#   blocks: its block of dat (1 for the first), which names it in variants and gives its colour;
#   amdahl: the serial fraction f (nan: not drawn);  sigma, kappa: the USL's (nan: no fit);
#   fitto: the largest worker count fitted on;  measured: the largest measured.
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
if (!exists("timing")) timing = "whole run"
set title sprintf("%s: Amdahl and USL fits over the core points (times of the %s)\n%s", bench, timing, machine) noenhanced
set ylabel "speedup (median, 95% CI)"
load sprintf("%s/axes.gp", dir_of(ARG0))
if (exists("ylo")) { set yrange [ylo:yhi]; set logscale y ylog(ylo, yhi) } else { set logscale y 2 }
set samples 1000
nf = words(blocks)
num(list, j) = word(list, j) eq "nan" ? NaN : real(word(list, j))
blk(j) = int(word(blocks, j))
amdahl_s(p, f) = 1 / (f + (1 - f) / p)
usl_s(p, s, k) = p / (1 + s * (p - 1) + k * p * (p - 1))
# Inside [a, b]: the curve's fitted part (1 to fitto) and its extension (fitto to measured).
within(p, a, b) = p >= a && p <= b ? 1 : NaN
plot x title "ideal (y = x)" with lines dashtype 2 linecolor rgb "#999999", \
     NaN title "Amdahl fit" with lines linecolor rgb "#000000" dashtype 1, \
     NaN title "USL fit" with lines linecolor rgb "#000000" dashtype 4, \
     NaN title "extended past the fit" with lines linecolor rgb "#000000" dashtype 3, \
     for [j = 1:nf] dat index (blk(j) - 1) using 1:2:3:4 title word(variants, blk(j)) with yerrorbars linecolor rgb vcolor(blk(j)) pointtype blk(j), \
     for [j = 1:nf] amdahl_s(x, num(amdahl, j)) * within(x, 1, num(fitto, j)) notitle with lines linecolor rgb vcolor(blk(j)) dashtype 1 linewidth 1.5, \
     for [j = 1:nf] amdahl_s(x, num(amdahl, j)) * within(x, num(fitto, j), num(measured, j)) notitle with lines linecolor rgb vcolor(blk(j)) dashtype 3, \
     for [j = 1:nf] usl_s(x, num(sigma, j), num(kappa, j)) * within(x, 1, num(fitto, j)) notitle with lines linecolor rgb vcolor(blk(j)) dashtype 4, \
     for [j = 1:nf] usl_s(x, num(sigma, j), num(kappa, j)) * within(x, num(fitto, j), num(measured, j)) notitle with lines linecolor rgb vcolor(blk(j)) dashtype 3
