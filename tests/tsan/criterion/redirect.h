/* redirect.h, a stand-in used only by `make tsan`: see criterion.h for why. */
#ifndef PARBENCH_SHIM_REDIRECT_H
#define PARBENCH_SHIM_REDIRECT_H

#include <stdio.h>

#include "criterion.h"

/* From now on the test's stderr goes into a pipe; the shim's own messages do not. */
void cr_redirect_stderr(void);
/* The pipe's reading end. */
FILE *cr_get_redirected_stderr(void);

#endif
