# throughput.gp: tasks per second against concurrency for an I/O bench, one line per variant with
# its CI (from the CI of the median time), log-log: waiting tasks cost no CPU, so concurrency
# pays far past the cores, and the regions' words give the core and CPU counts.
# Variables: speedup.gp's (dat: columns 7-9 are tasks_per_s and its CI; bench, machine,
# baseline, timing, variants), tylo, tyhi: the y range, from the data, and axes.gp's.
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
if (!exists("timing")) timing = "whole run"
set title sprintf("%s: throughput against concurrency (%s; times of the %s)\n%s", bench, baseline, timing, machine) noenhanced
set xlabel "workers (tasks in flight)"
set ylabel "tasks per second (median, 95% CI)"
load sprintf("%s/axes.gp", dir_of(ARG0))
set xlabel "workers (tasks in flight)"
if (exists("tylo")) { set yrange [tylo:tyhi]; set logscale y ylog(tylo, tyhi) } else { set logscale y 10 }
n = words(variants)
plot for [i = 1:n] dat index (i - 1) using 1:7:8:9 title word(variants, i) with yerrorlines linecolor rgb vcolor(i) pointtype i
