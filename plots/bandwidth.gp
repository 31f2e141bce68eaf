# bandwidth.gp: a memory-bound bench's bandwidth against workers, log-log: each variant's median
# GB/s with its CI, serial's bandwidth times the workers (what perfect scaling would give), and
# the highest bandwidth measured, the ceiling the memory system set.
# Variables: dat (<bench>-bandwidth.dat: blocks of workers gbps low high), bench, machine,
# variants, bw1 (serial's GB/s), ceiling (the highest median GB/s), blo (the lowest CI end), and
# axes.gp's.
path_slash(p) = strstrt(p, "/") ? strstrt(p, "/") + path_slash(p[strstrt(p, "/") + 1:]) : 0
dir_of(p) = path_slash(p) > 1 ? p[1:path_slash(p) - 1] : (path_slash(p) ? "/" : ".")
set title sprintf("%s: bandwidth against workers (as the bench measured it)\n%s", bench, machine) noenhanced
set ylabel "GB/s (median, 95% CI)"
load sprintf("%s/axes.gp", dir_of(ARG0))
if (!exists("blo")) blo = bw1
set yrange [(blo < bw1 ? blo : bw1) / 1.3:ceiling * 1.6]
set logscale y ylog((blo < bw1 ? blo : bw1) / 1.3, ceiling * 1.6)
n = words(variants)
plot bw1 * x title sprintf("serial's %.2f GB/s x workers", bw1) with lines dashtype 2 linecolor rgb "#999999", \
     ceiling title sprintf("highest measured: %.2f GB/s", ceiling) with lines dashtype 4 linecolor rgb "#c03030", \
     for [i = 1:n] dat index (i - 1) using 1:2:3:4 title word(variants, i) with yerrorlines linecolor rgb vcolor(i) pointtype i
