# regions.gp: the SMT, oversubscribed and beyond-the-bench's-parallelism regions, shaded and
# labelled, for every per-bench plot; axes.gp loads it after the terminal, logscale x and xrange.
# It reads cores, eff, par, maxw and term (see those scripts), defaults eff and par, and sets
# objects and labels 1 to 3 and the variables and functions named r* (and xlo, xhi).
# The regions of worker counts, as the runner labels them: core (W <= cores), SMT (above cores,
# up to eff, when eff > cores), oversubscribed (above eff), beyond (above par, when par > 0).
# Where several apply beyond wins, then oversubscribed, then SMT, so each is shaded only where it
# wins and inside the x range [0.8, maxw * 1.25]: they never overlap. Each has its word above the
# plot, at the left of its region (in the top margin, where no data can be), shortened or put in
# a row of its own where the region is too narrow for it. Without eff
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
# A text chart has no margin to spare: its words go along the bottom, inside.
rbase = term eq "dumb" ? 0.04 : 1.03
rrise = term eq "dumb" ? 0.07 : 0.045
if (term eq "dumb") {
	rppo = 66 / (log(xhi / xlo) / log(2)); rchar = 1; rpad = 1; rlayer = "front"
} else {
	rppo = 750 / (log(xhi / xlo) / log(2)); rchar = 7; rpad = 6; rlayer = "back"
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
			set label r rlong[r] at rlo[r] * rstep, graph rbase left @rlayer textcolor rgb rink[r]
		} else {
			if (rfits(r, rshort[r])) {
				set label r rshort[r] at rlo[r] * rstep, graph rbase left @rlayer textcolor rgb rink[r]
			} else {
				# Too narrow: a row of its own above the others, spilling away from the plot's edge.
				rrow = rrow + 1
				if (rhi[r] >= xhi) {
					set label r rshort[r] at rhi[r] / rstep, graph rbase + rrise * rrow right @rlayer textcolor rgb rink[r]
				} else {
					set label r rshort[r] at rlo[r] * rstep, graph rbase + rrise * rrow left @rlayer textcolor rgb rink[r]
				}
			}
		}
	}
}
# Room above the plot for the title's two lines and the regions' rows of words.
# The title moves up by the rows, so that the words never touch its second line.
if (term ne "dumb") { set tmargin 6 + rrow; set title offset 0, 0.8 + rrow }
