/* opaque.h: hide a value from the optimiser, so a loop is computed rather than folded away.
 * The empty asm claims to read and change x; it emits no instruction. */
#ifndef PARBENCH_OPAQUE_H
#define PARBENCH_OPAQUE_H

#define OPAQUE(x) __asm__ volatile("" : "+r"(x))

#endif
