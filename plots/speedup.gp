# speedup.gp: speedup against workers for one bench, one line per variant with its CI as error
# bars, and the ideal y = x, on log-log axes so that the ideal is a straight line and a constant
# efficiency is parallel to it. The fitted laws have a plot of their own (fits.gp).
# The runner calls it (bin/runner plots DIR draws a results folder again) with:
#   dat: the .dat file (blocks of: workers speedup low high efficiency median_s ...);
#   bench, machine, baseline, timing: labels (timing: which time, "compute phase" or "whole run");
#   variants: space-separated, one entry per block of dat;
#   ylo, yhi: the y range, from the data;  and axes.gp's: out, maxw, xt, cores, eff, par, term.
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
if (!exists("timing")) timing = "whole run"
set title sprintf("%s: speedup over serial (%s; times of the %s)\n%s", bench, baseline, timing, machine) noenhanced
set ylabel "speedup (median, 95% CI)"
load sprintf("%s/axes.gp", dir_of(ARG0))
if (exists("ylo")) { set yrange [ylo:yhi]; set logscale y ylog(ylo, yhi) } else { set logscale y 2 }
n = words(variants)
if (term eq "dumb") {
	plot x title "ideal" with lines dashtype 2, \
	     for [i = 1:n] dat index (i - 1) using 1:2 title word(variants, i) with linespoints
} else {
	plot x title "ideal (y = x)" with lines dashtype 2 linecolor rgb "#999999", \
	     for [i = 1:n] dat index (i - 1) using 1:2:3:4 title word(variants, i) with yerrorlines linecolor rgb vcolor(i) pointtype i
}
