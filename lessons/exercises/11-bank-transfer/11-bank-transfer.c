/* 11-bank-transfer.c: your transfer. Read 11-bank-transfer.h for the contract and README.md for
 * the task. Stuck? HINTS.md. */
#include "11-bank-transfer.h"

/*
 * This transfer is right when it runs alone: it checks its arguments, locks the account it takes
 * money from, then the one it gives money to, and moves the money while it holds both. Run the
 * tests and read what they report.
 *
 * QUESTION: a transfer 0 -> 1 and a transfer 1 -> 0 start at the same moment. Each gets its first
 * lock. What is each of them waiting for now, and who holds it? Change the transfer so that this
 * can never happen, whatever the accounts and directions, without a lock for the whole bank.
 */
int bank_transfer(struct bank *bank, int from, int to, long amount)
{
	struct account *src, *dst;
	int rc = -1;

	if (from < 0 || from >= bank->n || to < 0 || to >= bank->n || from == to || amount <= 0)
		return -1;
	src = &bank->accounts[from];
	dst = &bank->accounts[to];
	account_lock(src);
	account_lock(dst);
	if (src->balance >= amount) {
		src->balance -= amount;
		dst->balance += amount;
		rc = 0;
	}
	account_unlock(dst);
	account_unlock(src);
	return rc;
}
