# efficiency.gp: parallel efficiency S/p against workers for one bench, one line per variant.
# Same variables as speedup.gp.
set terminal pngcairo size 900,600 font ",10" noenhanced
set output out
set title sprintf("%s: efficiency = speedup / workers\n%s", bench, machine) noenhanced
set xlabel "workers"
set ylabel "efficiency"
set key top right noenhanced
set grid
set logscale x 2
set xrange [0.8:maxw * 1.25]
set yrange [0:1.2]
if (maxw > cores) {
	set object 1 rect from cores, graph 0 to maxw * 1.25, graph 1 behind fillcolor rgb "#eeeeee" fillstyle solid noborder
	set label 1 "oversubscribed" at cores * 1.05, graph 0.04 textcolor rgb "#777777"
}
n = words(variants)
plot 1 title "ideal" with lines dashtype 2 linecolor rgb "#999999", \
     for [i = 1:n] dat index (i - 1) using 1:5 title word(variants, i) with linespoints linecolor i pointtype i
