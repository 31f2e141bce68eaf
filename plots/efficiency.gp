# efficiency.gp: parallel efficiency S/p against workers for one bench, one line per variant, its
# y axis linear from 0, so that the ideal (1) is a straight line.
# Variables: speedup.gp's (dat, bench, machine, timing, variants), ehi: the top of the y range,
# from the data, and axes.gp's (out, maxw, xt, cores, eff, par, term).
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
if (!exists("timing")) timing = "whole run"
if (!exists("ehi")) ehi = 1.2
set title sprintf("%s: efficiency = speedup / workers (times of the %s)\n%s", bench, timing, machine) noenhanced
set ylabel "efficiency"
load sprintf("%s/axes.gp", dir_of(ARG0))
set yrange [0:ehi]
n = words(variants)
plot 1 title "ideal" with lines dashtype 2 linecolor rgb "#999999", \
     for [i = 1:n] dat index (i - 1) using 1:5 title word(variants, i) with linespoints linecolor rgb vcolor(i) pointtype i
