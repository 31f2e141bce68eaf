# image.gp: the mandelbrot bench's PGM image (binary P5, one byte per pixel after the header).
# Variables: pgm, out, side (pixels), skip (header bytes).
set terminal pngcairo size 700,700 noenhanced
set output out
set title "mandelbrot: escape iterations (black: inside the set)"
unset key
unset tics
unset colorbox
set palette gray
set size ratio -1
set yrange [*:*] reverse
plot pgm binary array=(side,side) skip=skip format="%uchar" with image
