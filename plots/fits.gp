# fits.gp: the laws fitted to a bench's core points, one colour per fitted variant: its measured
# speedups (points with their CIs), Amdahl's curve (solid) and the USL's (dash-dot) over the worker
# counts they were fitted on, and both dotted from there to the largest count the variant was
# measured at, never further. A variant without a fit is left out.
# Variables: speedup.gp's (dat, bench, machine, timing, variants, ylo, yhi) and axes.gp's, and
# one word per variant (per block of dat) in each of:
#   amdahl: the serial fraction f;  sigma, kappa: the USL's (nan: no fit);
#   fitto: the largest worker count fitted on;  measured: the largest measured.
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
if (!exists("timing")) timing = "whole run"
set title sprintf("%s: Amdahl and USL fits over the core points (times of the %s)\n%s", bench, timing, machine) noenhanced
set ylabel "speedup (median, 95% CI)"
load sprintf("%s/axes.gp", dir_of(ARG0))
if (exists("ylo")) { set yrange [ylo:yhi]; set logscale y ylog(ylo, yhi) } else { set logscale y 2 }
set samples 1000
n = words(variants)
num(list, i) = word(list, i) eq "nan" ? NaN : real(word(list, i))
fitted(i) = word(amdahl, i) ne "nan"
amdahl_s(p, f) = 1 / (f + (1 - f) / p)
usl_s(p, s, k) = p / (1 + s * (p - 1) + k * p * (p - 1))
# Inside [1, a] or (a, b]: the curve's fitted part and its extension.
within(p, a, b) = p >= a && p <= b ? 1 : NaN
plot x title "ideal (y = x)" with lines dashtype 2 linecolor rgb "#999999", \
     NaN title "Amdahl fit" with lines linecolor rgb "#000000" dashtype 1, \
     NaN title "USL fit" with lines linecolor rgb "#000000" dashtype 4, \
     NaN title "extended past the fit" with lines linecolor rgb "#000000" dashtype 3, \
     for [i = 1:n] (fitted(i) ? dat : NaN) index (i - 1) using 1:2:3:4 title (fitted(i) ? word(variants, i) : "") with yerrorbars linecolor rgb vcolor(i) pointtype i, \
     for [i = 1:n] (fitted(i) ? amdahl_s(x, num(amdahl, i)) * within(x, 1, num(fitto, i)) : NaN) notitle with lines linecolor rgb vcolor(i) dashtype 1 linewidth 1.5, \
     for [i = 1:n] (fitted(i) ? amdahl_s(x, num(amdahl, i)) * within(x, num(fitto, i), num(measured, i)) : NaN) notitle with lines linecolor rgb vcolor(i) dashtype 3, \
     for [i = 1:n] (fitted(i) && word(sigma, i) ne "nan" ? usl_s(x, num(sigma, i), num(kappa, i)) * within(x, 1, num(fitto, i)) : NaN) notitle with lines linecolor rgb vcolor(i) dashtype 4, \
     for [i = 1:n] (fitted(i) && word(sigma, i) ne "nan" ? usl_s(x, num(sigma, i), num(kappa, i)) * within(x, num(fitto, i), num(measured, i)) : NaN) notitle with lines linecolor rgb vcolor(i) dashtype 3
