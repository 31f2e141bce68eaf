/* shm.h: memory shared between a parent and the children it forks afterwards. */
#ifndef PARBENCH_SHM_H
#define PARBENCH_SHM_H

#include <stddef.h>

void *shm_alloc(size_t bytes);	/* zeroed; NULL after a message */
void shm_free(void *p, size_t bytes);

#endif
