/* 11-bank-transfer.c: every transfer locks its two accounts in the same order, the lower id
 * first. A cycle of waits would need some thread to hold a higher id while it waits for a lower
 * one, and no thread ever does: so there is no deadlock, whatever the directions. */
#include "11-bank-transfer.h"

int bank_transfer(struct bank *bank, int from, int to, long amount)
{
	struct account *src, *dst, *first, *second;
	int rc = -1;

	if (from < 0 || from >= bank->n || to < 0 || to >= bank->n || from == to || amount <= 0)
		return -1;
	src = &bank->accounts[from];
	dst = &bank->accounts[to];
	first = from < to ? src : dst;	/* the order is by id, not by direction */
	second = from < to ? dst : src;
	account_lock(first);
	account_lock(second);
	if (src->balance >= amount) {	/* read under the lock: another transfer may be moving it */
		src->balance -= amount;
		dst->balance += amount;
		rc = 0;
	}
	account_unlock(second);
	account_unlock(first);
	return rc;
}
