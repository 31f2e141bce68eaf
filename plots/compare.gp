# compare.gp: one bench's speedups from two results folders on one plot (bin/runner compare A B).
# Variables: dat (compare-<bench>.dat: workers speedup_a speedup_b, one block per variant),
# out, bench, variants, alabel, blabel, maxw.
set terminal pngcairo size 900,600 font ",10" noenhanced
set output out
set title sprintf("%s: %s (solid) against %s (dashed)", bench, blabel, alabel) noenhanced
set xlabel "workers"
set ylabel "speedup over serial"
set key top left noenhanced
set grid
set logscale x 2
set xrange [0.8:maxw * 1.25]
set yrange [0:*]
n = words(variants)
plot x title "ideal" with lines dashtype 2 linecolor rgb "#999999", \
     for [i = 1:n] dat index (i - 1) using 1:3 title sprintf("%s, %s", word(variants, i), blabel) with linespoints linecolor i pointtype i, \
     for [i = 1:n] dat index (i - 1) using 1:2 title sprintf("%s, %s", word(variants, i), alabel) with linespoints dashtype 2 linecolor i pointtype i
