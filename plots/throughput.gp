# throughput.gp: tasks per second against concurrency for an I/O bench, one line per variant,
# with the core count marked: waiting tasks cost no CPU, so concurrency pays far past the cores.
# Same variables as speedup.gp.
set terminal pngcairo size 900,600 font ",10" noenhanced
set output out
set title sprintf("%s: throughput against concurrency (%s)\n%s", bench, baseline, machine) noenhanced
set xlabel "workers (tasks in flight)"
set ylabel "tasks per second (median)"
set key bottom right noenhanced
set grid
set logscale x 2
set logscale y 10
set xrange [0.8:maxw * 1.25]
set arrow 1 from cores, graph 0 to cores, graph 1 nohead dashtype 2 linecolor rgb "#777777"
set label 1 sprintf("%d cores", cores) at cores * 1.05, graph 0.95 textcolor rgb "#777777"
n = words(variants)
plot for [i = 1:n] dat index (i - 1) using 1:7 title word(variants, i) with linespoints linecolor i pointtype i
