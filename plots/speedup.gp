# speedup.gp: speedup against workers for one bench, one line per variant, with the CI as error
# bars, the ideal y = x, each variant's fitted Amdahl curve, and the oversubscribed region shaded.
# The runner calls it (bin/runner plots DIR renders a results folder again) with:
#   dat, out: the .dat file and the PNG;  bench, machine, baseline: labels;
#   variants, amdahl: space-separated lists, one entry per block of dat;  cores, maxw: numbers;
#   term: "png" (default) or "dumb" for a text chart on stdout.
if (!exists("term")) term = "png"
if (term eq "dumb") {
	set terminal dumb size 79,24
} else {
	set terminal pngcairo size 900,600 font ",10" noenhanced
	set output out
}
set title sprintf("%s: speedup over serial (%s)\n%s", bench, baseline, machine) noenhanced
set xlabel "workers"
set ylabel "speedup (median, 95% CI)"
set key top left noenhanced
set grid
set logscale x 2
set xrange [0.8:maxw * 1.25]
set yrange [0:*]
if (maxw > cores) {
	set object 1 rect from cores, graph 0 to maxw * 1.25, graph 1 behind fillcolor rgb "#eeeeee" fillstyle solid noborder
	set label 1 "oversubscribed" at cores * 1.05, graph 0.04 textcolor rgb "#777777"
}
amdahl_s(p, f) = 1 / (f + (1 - f) / p)
n = words(variants)
if (term eq "dumb") {
	plot x title "ideal" with lines dashtype 2, \
	     for [i = 1:n] dat index (i - 1) using 1:2 title word(variants, i) with linespoints
} else {
	plot x title "ideal (y = x)" with lines dashtype 2 linecolor rgb "#999999", \
	     for [i = 1:n] dat index (i - 1) using 1:2:3:4 title word(variants, i) with yerrorlines linecolor i pointtype i, \
	     for [i = 1:n] (word(amdahl, i) eq "nan" ? 1/0 : amdahl_s(x, real(word(amdahl, i)))) title (word(amdahl, i) eq "nan" ? "" : sprintf("Amdahl fit, %s: f = %s", word(variants, i), word(amdahl, i))) with lines dashtype 3 linecolor i
}
