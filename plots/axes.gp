# axes.gp: what every per-bench plot shares, loaded by each after its title and y axis and before
# its plot: the terminal, the x axis (log2, a tic at every worker count measured), the key
# outside the plot (so it never covers the data, however many variants), and the SMT,
# oversubscribed and beyond regions (regions.gp). Its variables, from the runner:
#   out: the PNG;  maxw: the largest worker count plotted (the x range is [0.8, maxw * 1.25]);
#   xt: the x tics, as gnuplot's list ("1" 1 0, "" 3 1, ...): a label each, or a bare minor tic
#       where a label would crowd its neighbour;  cores, eff, par: for regions.gp;
#   term: "png" (default) or "dumb" for a text chart on stdout.
if (!exists("term")) term = "png"
if (term eq "dumb") {
	set terminal dumb size 79,24
} else {
	set terminal pngcairo size 1000,600 font ",10" noenhanced
	set output out
}
set xlabel "workers"
set grid
set logscale x 2
set xrange [0.8:maxw * 1.25]
if (exists("xt")) { eval "set xtics " . xt }
if (term eq "dumb") {
	set key top left noenhanced
} else {
	set key outside right top noenhanced
}
load sprintf("%s/regions.gp", dir_of(ARG0))
load sprintf("%s/palette.gp", dir_of(ARG0))
# A log y axis: powers of 2 across a narrow range (0.5, 1, 2, 4), of 10 across a wide one.
set format y "%g"
ylog(lo, hi) = hi / lo > 64 ? 10 : 2
