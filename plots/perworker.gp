# perworker.gp: one quantity of each variant against workers, log-log, with the SMT,
# oversubscribed and beyond-the-bench's-parallelism regions shaded: a bench's per-task cost
# (<bench>-cost.dat, for <bench>.png) and its start-up (<bench>-start.dat, <bench>-start.png).
# The runner calls it with speedup.gp's variables and these (the others it ignores):
#   dat, out: the .dat file (blocks of: workers value, one per variant) and the PNG;
#   what, ylab: the title's first line and the y axis's label; floor: values below it are
#         drawn at it (a log axis has no 0);
#   machine: a label;  variants: space-separated, one entry per block of dat;
#   cores: physical cores;  eff: effective CPUs (>= 1; below cores under a CPU quota or an
#         affinity mask, above them with SMT);  par: the bench's parallelism limit, 0 for none;
#   maxw: the largest worker count plotted (the x range is [0.8, maxw * 1.25]);
#   term: "png" (default) or "dumb" for a text chart on stdout (the regions' words, no shading).
# eff and par are optional (default cores and 0).
if (!exists("term")) term = "png"
if (term eq "dumb") {
	set terminal dumb size 79,24
} else {
	set terminal pngcairo size 900,600 font ",10" noenhanced
	set output out
}
set title sprintf("%s\n%s", what, machine) noenhanced
set xlabel "workers"
set ylabel ylab
set key top left noenhanced
set grid
set logscale x 2
set logscale y 10
set xrange [0.8:maxw * 1.25]
# The regions' shading and words: regions.gp, next to this script, whatever the working
# directory (ARG0 is this script's path as gnuplot was given it; path_slash: where its last / is).
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
load sprintf("%s/regions.gp", dir_of(ARG0))
n = words(variants)
plot for [i = 1:n] dat index (i - 1) using 1:($2 > floor ? $2 : floor) title word(variants, i) with linespoints linecolor i pointtype i
