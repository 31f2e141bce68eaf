# efficiency.gp: parallel efficiency S/p against workers for one bench, one line per variant, with
# the SMT, oversubscribed and beyond-the-bench's-parallelism regions shaded.
# The runner calls it with the same variables as speedup.gp (those it uses here):
#   dat, out: the .dat file (blocks of: workers speedup low high efficiency median_s) and the PNG;
#   bench, machine: labels;  variants: space-separated, one entry per block of dat;
#   cores: physical cores;  eff: effective CPUs (>= 1; below cores under a CPU quota or an
#         affinity mask, above them with SMT);  par: the bench's parallelism limit, 0 for none;
#   maxw: the largest worker count plotted (the x range is [0.8, maxw * 1.25]);
#   term: "png" (default) or "dumb" for a text chart on stdout (the regions' words, no shading).
# eff and par are optional (default cores and 0).
if (!exists("term")) term = "png"
if (!exists("timing")) timing = "whole run"
if (term eq "dumb") {
	set terminal dumb size 79,24
} else {
	set terminal pngcairo size 900,600 font ",10" noenhanced
	set output out
}
set title sprintf("%s: efficiency = speedup / workers (times of the %s)\n%s", bench, timing, machine) noenhanced
set xlabel "workers"
set ylabel "efficiency"
set key top right noenhanced
set grid
set logscale x 2
set xrange [0.8:maxw * 1.25]
set yrange [0:1.2]
# The regions' shading and words: regions.gp, next to this script, whatever the working
# directory (ARG0 is this script's path as gnuplot was given it; path_slash: where its last / is).
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
load sprintf("%s/regions.gp", dir_of(ARG0))
n = words(variants)
plot 1 title "ideal" with lines dashtype 2 linecolor rgb "#999999", \
     for [i = 1:n] dat index (i - 1) using 1:5 title word(variants, i) with linespoints linecolor i pointtype i
