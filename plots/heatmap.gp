# heatmap.gp: a bench's 2-D map, its by-product (sweep's --map, heat's --field): x y z rows, each
# grid row ended by a blank line. Variables: dat, out; and, from the file's header when it has
# them, map_title, map_xlabel, map_ylabel, map_cblabel and map_using (the x:y:z columns).
if (!exists("map_title")) map_title = dat
if (!exists("map_xlabel")) map_xlabel = "x"
if (!exists("map_ylabel")) map_ylabel = "y"
if (!exists("map_cblabel")) map_cblabel = "value"
if (!exists("map_using")) map_using = "1:2:3"
set terminal pngcairo size 800,650 font ",10" noenhanced
set output out
set title map_title
set xlabel map_xlabel
set ylabel map_ylabel
set cblabel map_cblabel
set view map
set autoscale fix
set palette rgb 33,13,10
plot dat using @map_using with image notitle
