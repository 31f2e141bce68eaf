# throughput.gp: tasks per second against concurrency for an I/O bench, one line per variant, with
# the SMT, oversubscribed and beyond-the-bench's-parallelism regions shaded (their words give the
# core and CPU counts): waiting tasks cost no CPU, so concurrency pays far past the cores.
# The runner calls it with the same variables as speedup.gp (those it uses here):
#   dat, out: the .dat file (blocks of: workers speedup low high efficiency median_s tasks_per_s)
#         and the PNG;  bench, machine, baseline: labels;
#   variants: space-separated, one entry per block of dat;
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
set title sprintf("%s: throughput against concurrency (%s)\n%s", bench, baseline, machine) noenhanced
set xlabel "workers (tasks in flight)"
set ylabel "tasks per second (median)"
# Top left: throughput climbs to the right, and the regions' words sit along the bottom.
set key top left noenhanced
set grid
set logscale x 2
set logscale y 10
set xrange [0.8:maxw * 1.25]
# The regions of worker counts, as the runner labels them: core (W <= cores), SMT (above cores,
# up to eff, when eff > cores), oversubscribed (above eff), beyond (above par, when par > 0).
# Where several apply beyond wins, then oversubscribed, then SMT, so each is shaded only where it
# wins and inside the x range [0.8, maxw * 1.25]: they never overlap. Each has its word near the
# bottom of its region, shortened or raised where the region is too narrow for it. Without eff
# and par (results folders from before them) this is one oversubscribed region from cores, as before.
if (!exists("eff")) eff = cores
if (!exists("par")) par = 0
xlo = 0.8
xhi = maxw * 1.25
rlim = (par > 0 && par < xhi) ? par : xhi
array rlo[3]
array rhi[3]
array rfill[3] = ["#dbe6f4", "#e4e4e4", "#f5dfc4"]
array rink[3] = ["#3d6694", "#606060", "#8c5a1c"]
array rlong[3]
array rshort[3]
rlo[1] = cores
rhi[1] = eff < rlim ? eff : rlim
rlong[1] = sprintf("SMT (> %d core%s)", cores, cores == 1 ? "" : "s")
rshort[1] = "SMT"
rlo[2] = eff
rhi[2] = rlim
rlong[2] = sprintf("oversubscribed (> %d CPU%s)", eff, eff == 1 ? "" : "s")
rshort[2] = "oversubscribed"
rlo[3] = par
rhi[3] = par > 0 ? xhi : 0
rlong[3] = sprintf("beyond the bench's %d task%s", par, par == 1 ? "" : "s")
rshort[3] = sprintf("beyond %d task%s", par, par == 1 ? "" : "s")
# The label's room: the plot's width in pixels (columns for dumb) per doubling of the x axis.
# The words go behind the data, but in front of it on a text chart, where a line would erase them.
if (term eq "dumb") {
	rppo = 66 / (log(xhi / xlo) / log(2)); rchar = 1; rpad = 1; rlayer = "front"
} else {
	rppo = 800 / (log(xhi / xlo) / log(2)); rchar = 7; rpad = 6; rlayer = "back"
}
rfits(r, s) = log(real(rhi[r]) / rlo[r]) / log(2) * rppo >= strlen(s) * rchar + 2 * rpad
rstep = 2 ** (rpad / rppo)
rrow = 0
do for [r = 1:3] {
	if (rlo[r] < xlo) { rlo[r] = xlo }
	if (rhi[r] > rlo[r]) {
		if (term ne "dumb") {
			set object r rect from rlo[r], graph 0 to rhi[r], graph 1 behind \
			    fillcolor rgb rfill[r] fillstyle solid 1.0 noborder
		}
		if (rfits(r, rlong[r])) {
			set label r rlong[r] at rlo[r] * rstep, graph 0.04 left @rlayer textcolor rgb rink[r]
		} else {
			if (rfits(r, rshort[r])) {
				set label r rshort[r] at rlo[r] * rstep, graph 0.04 left @rlayer textcolor rgb rink[r]
			} else {
				# Too narrow: a row of its own above the others, spilling away from the plot's edge.
				rrow = rrow + 1
				if (rhi[r] >= xhi) {
					set label r rshort[r] at rhi[r] / rstep, graph 0.04 + 0.07 * rrow right @rlayer textcolor rgb rink[r]
				} else {
					set label r rshort[r] at rlo[r] * rstep, graph 0.04 + 0.07 * rrow left @rlayer textcolor rgb rink[r]
				}
			}
		}
	}
}
n = words(variants)
plot for [i = 1:n] dat index (i - 1) using 1:7 title word(variants, i) with linespoints linecolor i pointtype i
