/* 07-epoll-loop.h: one thread serving many connections with epoll, the C counterpart of an
 * asyncio echo server: no thread per connection, just one loop that waits for whichever
 * connection is ready and never blocks on any one of them. */
#ifndef LESSON_EPOLL_LOOP_H
#define LESSON_EPOLL_LOOP_H

/*
 * Echo on nconn connected sockets (here, one end of a socketpair each) from the calling thread:
 *
 * - make every fd non-blocking and add it to one epoll instance, for EPOLLIN;
 * - when epoll_wait says an fd is readable, read from it until read fails with EAGAIN, sending
 *   back every byte read with send(..., MSG_NOSIGNAL): a peer that has gone is then an error,
 *   not a SIGPIPE that kills the process;
 * - a peer may send and not read for a while. Then its socket buffer fills, and send takes only
 *   part of an echo or fails with EAGAIN. No byte may be lost, and the loop may not wait for
 *   that peer: keep what send did not take, read no more from that fd, and send the rest once
 *   epoll_wait says the fd is writable (EPOLLOUT); then read from it again;
 * - when read returns 0 (the peer has shut down its writing side), remove the fd from epoll and
 *   close it: the peer then reads end-of-file. A read or write error does the same;
 * - return once every fd has been closed.
 *
 * One connection waiting for its next message, or not reading its echo, must never hold up the
 * others. All of it runs in the calling thread: no thread per connection.
 * Returns the total bytes echoed, or -1 after a message (epoll_create1, epoll_ctl, epoll_wait,
 * fcntl); every fd is closed on return, on the failure path too.
 */
long echo_loop(const int *fds, int nconn);

#endif
