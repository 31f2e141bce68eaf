# compare.gp: one bench's speedups from two results folders on one plot (bin/runner compare A B),
# log-log like speedup.gp, so that the ideal is straight and equal ratios are equal gaps.
# Variables: dat (compare-<bench>.dat: workers speedup_a speedup_b, one block per variant),
# out, bench, variants, alabel, blabel, maxw, xt (the x tics, as the runner's plot_tics makes them).
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
load sprintf("%s/palette.gp", dir_of(ARG0))
set terminal pngcairo size 1000,600 font ",10" noenhanced
set output out
set title sprintf("%s: %s (solid) against %s (dashed)", bench, blabel, alabel) noenhanced
set xlabel "workers"
set ylabel "speedup over serial"
set key outside right top noenhanced
set grid
set logscale x 2
set logscale y 2
set format y "%g"
set xrange [0.8:maxw * 1.25]
if (exists("xt")) { eval "set xtics " . xt }
n = words(variants)
plot x title "ideal" with lines dashtype 2 linecolor rgb "#999999", \
     for [i = 1:n] dat index (i - 1) using 1:3 title sprintf("%s, %s", word(variants, i), blabel) with linespoints linecolor rgb vcolor(i) pointtype i, \
     for [i = 1:n] dat index (i - 1) using 1:2 title sprintf("%s, %s", word(variants, i), alabel) with linespoints dashtype 2 linecolor rgb vcolor(i) pointtype i
