/* shm.c: anonymous MAP_SHARED mappings, the C counterpart of multiprocessing's Value and Array. */
#include "shm.h"

#include <sys/mman.h>

#include "msg.h"

void *shm_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes ? bytes : 1, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED) {
		msg_errno("mmap");
		return NULL;
	}
	return p;
}

void shm_free(void *p, size_t bytes)
{
	if (p && munmap(p, bytes ? bytes : 1) != 0)
		msg_errno("munmap");
}
