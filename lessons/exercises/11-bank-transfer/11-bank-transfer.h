/* 11-bank-transfer.h: a bank whose accounts each have a mutex of their own, and a transfer that
 * moves money from one account to another while it holds both. Many threads transfer at once, in
 * every direction; no two of them may end up waiting for each other forever. */
#ifndef LESSON_BANK_TRANSFER_H
#define LESSON_BANK_TRANSFER_H

#include <pthread.h>

struct account {
	pthread_mutex_t lock;	/* guards balance: take it with account_lock, never directly */
	long balance;
	int id;			/* its index in the bank's array: 0, 1, ..., n - 1 */
};

/* The tests make the bank: n accounts, their mutexes ready, and their balances. */
struct bank {
	struct account *accounts;
	int n;
};

/*
 * Move amount from bank->accounts[from] to bank->accounts[to]. Any number of threads may call it
 * at once, with any accounts, in any direction.
 *
 * - Returns -1 at once, locking nothing, when from or to is outside [0, n), when from == to, or
 *   when amount <= 0.
 * - Otherwise it locks both accounts with account_lock, and holds both while it reads from's
 *   balance and moves the money. If from's balance is less than amount it moves nothing and
 *   returns -1; otherwise it moves amount and returns 0. Either way it unlocks both with
 *   account_unlock before it returns.
 * - Two calls that run at the same time never wait for each other forever, whatever their
 *   accounts and directions.
 * - Calls on different accounts (0 -> 1 and 2 -> 3) can run at the same time: there is no lock
 *   for the whole bank.
 */
int bank_transfer(struct bank *bank, int from, int to, long amount);

/*
 * Lock and unlock one account of the bank. Given, in the tests: they take and release a->lock
 * and keep a record of which thread holds which account. Take every lock with these two, and no
 * other lock at all.
 *
 * account_lock waits at most 2 s. A thread that has waited that long for an account is taken to
 * be in a deadlock: the tests record which accounts it held and which it wanted, release what it
 * holds, and give up on its transfer (they jump out of bank_transfer, back into the tests). So a
 * deadlock makes a test fail with a message, not hang.
 */
void account_lock(struct account *a);
void account_unlock(struct account *a);

#endif
