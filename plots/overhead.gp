# overhead.gp: what each variant costs per task (overhead bench), against workers.
# Variables: dat (overhead-cost.dat), out, variants, machine, cores, maxw.
set terminal pngcairo size 900,600 font ",10" noenhanced
set output out
set title sprintf("overhead: cost per task beyond the serial reference\n%s", machine) noenhanced
set xlabel "workers"
set ylabel "ns per task (median)"
set key top left noenhanced
set grid
set logscale x 2
set logscale y 10
set xrange [0.8:maxw * 1.25]
if (maxw > cores) {
	set object 1 rect from cores, graph 0 to maxw * 1.25, graph 1 behind fillcolor rgb "#eeeeee" fillstyle solid noborder
	set label 1 "oversubscribed" at cores * 1.05, graph 0.04 textcolor rgb "#777777"
}
n = words(variants)
plot for [i = 1:n] dat index (i - 1) using 1:($2 > 0.1 ? $2 : 0.1) title word(variants, i) with linespoints linecolor i pointtype i
