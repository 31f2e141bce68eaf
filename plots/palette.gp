# palette.gp: one colour per variant, vcolor(i) for the i-th: Okabe and Ito's eight, which
# colour-blind readers tell apart, yellow last as the hardest to see on white.
vpalette = "#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #000000 #F0E442"
vcolor(i) = word(vpalette, (i - 1) % 8 + 1)
