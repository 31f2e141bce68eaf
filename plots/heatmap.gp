# heatmap.gp: the sweep bench's 2-D map (its --map file: p_co p_o2 tof, rows split by blank lines).
# Variables: dat, out.
set terminal pngcairo size 800,650 font ",10" noenhanced
set output out
set title "sweep: CO2 turnover frequency over the (p_CO, p_O2) grid"
set xlabel "p_O2 (bar)"
set ylabel "p_CO (bar)"
set cblabel "turnover frequency (1/s)"
set view map
set autoscale fix
set palette rgb 33,13,10
plot dat using 2:1:3 with image notitle
