/*
 * chan-unix-seqpacket.c: a connected AF_UNIX SOCK_SEQPACKET socketpair:
 * message boundaries as a datagram socket keeps them, end of file and
 * EPIPE as a stream socket has them.
 *
 * Boundaries: each recv() returns one whole message, whatever room its
 * buffer has. To show it, a reader here asks for twice the writers' size
 * (recvbuf): two messages would fit, one comes; had a call merged two,
 * the second's sequence number would be missing and counted as lost.
 *
 * Fill: SIOCINQ (= FIONREAD) on the read end, borrowed from a reader for
 * one call. For SEQPACKET the kernel sums every queued message (as for a
 * stream: measured 106496 for 26 queued messages of 4 KiB), unlike
 * SOCK_DGRAM, where it gives only the next datagram's size. Messages are
 * that sum over the writers' size. Capacity: the sender's SO_SNDBUF as
 * getsockopt reports it (212992 by default here).
 *
 * The buffer is charged like a datagram socket's: each message costs the
 * sender's write memory its whole kernel buffer (8448 bytes for 4 KiB,
 * 768 for 100 bytes or less, here), not its payload. So send() sleeps
 * with the payload well below SO_SNDBUF: 26 messages of 4 KiB (106496
 * bytes, half of 212992), 278 of 100 bytes. A blocked sender is woken
 * only once the charges have drained to a quarter of SO_SNDBUF
 * (unix_writable: 20 of those 26 read). A message must fit the buffer
 * whole: at most SO_SNDBUF - 32 bytes (EMSGSIZE above).
 *
 * Ends: once every writer has closed, recv() returns 0 (end of file);
 * once every reader has closed, send() fails with EPIPE and, unlike a
 * pipe or a stream socket, raises no SIGPIPE (measured on Linux 6.18):
 * the writer fails with EPIPE instead of dying of a signal.
 *
 * send() and recv() are the calls: glibc makes them sendto(2) and
 * recvfrom(2), so a blocked worker sleeps in sendto or recvfrom with its
 * end as first argument (the default confirmation).
 */
#include "config.h"

#include <sys/syscall.h>

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/sockios.h>

#include <sys/stat.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "base/util.h"

/* The kernel refuses a message above SO_SNDBUF less this (EMSGSIZE). */
#define USEQ_RESERVE	32

/* SO_SNDBUF as the scenario asks (the kernel doubles what it is given),
   then as the kernel reports it into c->capacity. 0 or -1. */
static int
useq_sndbuf(struct chan *c, int fd)
{
	int		val;
	socklen_t	len = sizeof val;

	if (c->conf->capacity != 0) {
		val = (int)(c->conf->capacity / 2);
		if (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val,
		    sizeof val) == -1)
			return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, &len) == -1)
		return -1;
	c->capacity = val;
	return 0;
}

static int
useq_create(struct chan *c, struct registry *reg, char **cause)
{
	int	sv[2];

	(void)reg;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == -1) {
		xasprintf(cause, "channel '%s': socketpair: %s", c->conf->name,
		    strerror(errno));
		return -1;
	}
	if (useq_sndbuf(c, sv[1]) == -1) {
		xasprintf(cause, "channel '%s': SO_SNDBUF: %s", c->conf->name,
		    strerror(errno));
		goto fail;
	}
	if (c->msgsize + USEQ_RESERVE > (uint64_t)c->capacity) {
		xasprintf(cause, "channel '%s': a message of %llu bytes does "
		    "not fit SO_SNDBUF %lld whole (at most %lld bytes): raise "
		    "'capacity' or lower 'size'", c->conf->name,
		    (unsigned long long)c->msgsize, (long long)c->capacity,
		    (long long)c->capacity - USEQ_RESERVE);
		goto fail;
	}
	/* Room for two messages: the kernel still hands over one. */
	c->recvbuf = 2 * c->msgsize;
	return channel_place_pair(c, sv[0], sv[1], cause);

fail:
	close(sv[0]);
	close(sv[1]);
	return -1;
}

static ssize_t
useq_send_nb(struct chan *c, const void *buf, size_t len)
{
	/* MSG_DONTWAIT: this call only, not the description others share. */
	return send(c->fd[END_WRITE], buf, len, MSG_DONTWAIT);
}

static void
useq_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	int	fd, n;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = c->capacity;
	s->holders = true;
	/* Only the read end tells what waits for the reader. */
	if ((fd = borrow(arg, c, END_READ)) < 0) {
		s->holders = fd == -2;
		return;
	}
	if (ioctl(fd, SIOCINQ, &n) == 0) {
		s->fill = s->bytes = n;
		if (c->msgsize > 0)
			s->messages = n / (int64_t)c->msgsize;
	}
	close(fd);
}

/* A message must fit the send buffer whole: SO_SNDBUF - 32 at most. */
static void
useq_check_writer(struct kind_check *kc, const char *proc, uint64_t size,
    const char *size_text)
{
	uint64_t	cap = kc->conf->capacity;

	if (!kc->cap_ok || cap == 0 || cap < USEQ_RESERVE ||
	    size <= cap - USEQ_RESERVE)
		return;
	kc->error(kc, "size", "size %s of '%s' does not fit the %s buffer "
	    "whole: a message takes at most capacity - %d = %llu bytes; raise "
	    "'capacity' or lower 'size'", size_text, proc, kc->conf->kind->name,
	    USEQ_RESERVE, (unsigned long long)(cap - USEQ_RESERVE));
}

const struct channel_ops chan_unix_seqpacket_ops = {
	.name = "unix-seqpacket",
	.seen = {
		.ftype = S_IFSOCK,
		.family = AF_UNIX,
		.socktype = SOCK_SEQPACKET
	},
	.by_messages = false,
	.stream = false,
	.send_op = "send",
	.recv_op = "recv",
	.rule_send = "Each message is charged whole to the sender's SO_SNDBUF, "
	    "with the kernel's buffer around it (8448 bytes for 4 KiB here), "
	    "until it is read; send() sleeps when the charges reach SO_SNDBUF, "
	    "with the payload well below it, and wakes once they have drained "
	    "to a quarter.",
	.rule_recv = "recv() takes exactly one whole message, however large "
	    "its buffer; it sleeps while none is queued, and returns 0 (end "
	    "of file) once every writer has closed.",
	.rule_close = "Once no writer is left its readers get end of file; "
	    "once no reader is left a send fails with EPIPE, but a seqpacket "
	    "socket raises no SIGPIPE.",
	.send_nr = SYS_sendto,
	.recv_nr = SYS_recvfrom,
	.closable = true,
	.check = channel_check_sock_capacity,
	.check_writer = useq_check_writer,
	.create = useq_create,
	.open_end = channel_open_inherited,
	.send = channel_sock_send,
	.recv = channel_sock_recv,
	.send_nb = useq_send_nb,
	.pollfd = channel_write_pollfd,
	.sample = useq_sample,
	.parent_close = channel_close_pair,
	.destroy = channel_destroy_pair,
};
