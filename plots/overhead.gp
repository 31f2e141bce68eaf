# overhead.gp: what each variant costs per task (overhead bench), against workers, with the SMT,
# oversubscribed and beyond-the-bench's-parallelism regions shaded.
# The runner calls it with speedup.gp's variables and these (the others it ignores):
#   dat, out: overhead-cost.dat (blocks of: workers per_task_ns, one per variant) and the PNG;
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
set title sprintf("overhead: cost per task beyond the serial reference\n%s", machine) noenhanced
set xlabel "workers"
set ylabel "ns per task (median)"
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
plot for [i = 1:n] dat index (i - 1) using 1:($2 > 0.1 ? $2 : 0.1) title word(variants, i) with linespoints linecolor i pointtype i
