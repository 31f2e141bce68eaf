# perworker.gp: one quantity of each variant against workers, log-log: a bench's per-task cost
# (<bench>-cost.dat, for <bench>.png) and its start-up (<bench>-start.dat, <bench>-start.png).
# Variables: dat, out: the .dat file (blocks of: workers value, one per variant) and the PNG;
#   what, ylab: the title's first line and the y axis's label; floor: values below it are
#   drawn at it (a log axis has no 0);  machine, variants: as speedup.gp's; and axes.gp's.
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
set title sprintf("%s\n%s", what, machine) noenhanced
set ylabel ylab
load sprintf("%s/axes.gp", dir_of(ARG0))
set logscale y 10
n = words(variants)
plot for [i = 1:n] dat index (i - 1) using 1:($2 > floor ? $2 : floor) title word(variants, i) with linespoints linecolor rgb vcolor(i) pointtype i
