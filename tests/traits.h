/* traits.h: the variants a bench runs, chosen by their traits (traits.c). */
#ifndef PARBENCH_TEST_TRAITS_H
#define PARBENCH_TEST_TRAITS_H

/* The variants bin/<bench> --info lists (variants=), in its order, whose traits (variant.<name>=,
 * benches/lib/variants.h) include none of the comma-separated words in `without` ("" for no
 * condition), into names. Returns how many, or -1 when the bench cannot say. */
int traits_variants(const char *bench, const char *without, char (*names)[32], int max);
/* The bench's baseline variant (the one whose traits say baseline) into name[32]. Returns 0, or
 * -1 when the bench cannot say. */
int traits_baseline(const char *bench, char *name);

#endif
