/*
 * chan-unix-dgram.c: a connected AF_UNIX datagram socketpair, one message
 * per datagram. The unit is MESSAGES (datagrams).
 *
 * Where the kernel keeps count: a datagram waiting in the receiver's
 * queue is charged to the SENDER's write memory (sk_wmem_alloc), not to
 * the receiver, and nothing reports the queue's length: FIONREAD, and
 * sock_diag's UNIX_DIAG_RQLEN for the receiver, give only the size of
 * the NEXT datagram (measured: 100 for 278 queued datagrams of 100 B).
 * What the kernel does report is the sender's write memory (UNIX_DIAG_
 * MEMINFO or UNIX_DIAG_RQLEN's wqueue, the same number as SIOCOUTQ), and
 * every datagram of one size is charged the same amount (768 bytes for
 * 100 B, 8448 for 4 KiB here). So:
 *
 *	fill     = sender's write memory / the charge of one datagram
 *	capacity = datagrams a twin socketpair with the same SO_SNDBUF took
 *		   before send() would block (278 of 100 B by default here)
 *
 * The charge and the capacity are measured once, at creation, on that
 * twin (same buffer size, same datagram size); the fill is read each tick
 * through sock_diag by the sender's inode and cookie, which needs no
 * descriptor: nothing is borrowed or held. A connected sender is limited
 * by its SO_SNDBUF only (max_dgram_qlen applies to unconnected senders),
 * so the sender blocks exactly when fill reaches capacity. It is woken
 * only once the queue has drained to a quarter of SO_SNDBUF (unix_writable),
 * so a blocked sender is normal with the fill well below capacity while a
 * reader drains it.
 *
 * When the last sender has closed, its socket leaves the kernel's table
 * and the charge can no longer be read: the receiver's queue is then
 * empty if FIONREAD on its end (borrowed for one call) says 0, and of
 * unknown length otherwise (shown as unknown, never guessed).
 *
 * Datagrams have no end of file: a reader without a count reads until the
 * scenario stops it. send() and recv() are the calls, so a blocked worker
 * sleeps in sendto (44) or recvfrom (45) with the end as first argument.
 */
#include "config.h"

#include <sys/syscall.h>

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/sockios.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "kinds/sock-diag.h"
#include "base/util.h"

struct udgram {
	uint32_t	send_ino;	/* the sender's socket, for sock_diag */
	uint64_t	send_cookie;
	int64_t		charge;		/* write memory per datagram */
};

/* SO_SNDBUF as the scenario asks: the kernel doubles what it is given. */
static int
udgram_sndbuf(struct chan *c, int fd)
{
	int	val;

	if (c->conf->capacity == 0)
		return 0;
	val = (int)(c->conf->capacity / 2);
	return setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, sizeof val);
}

/*
 * Fill a throwaway twin until send() would block: how many datagrams of
 * this size the buffer takes, and what each costs. 0 or -1 with *cause.
 */
static int
udgram_measure(struct chan *c, struct udgram *u, char **cause)
{
	char		*buf;
	int		 sv[2], outq;
	int64_t		 n = 0;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0,
	    sv) == -1) {
		xasprintf(cause, "channel '%s': socketpair: %s", c->conf->name,
		    strerror(errno));
		return -1;
	}
	if (udgram_sndbuf(c, sv[1]) == -1) {
		xasprintf(cause, "channel '%s': SO_SNDBUF: %s", c->conf->name,
		    strerror(errno));
		goto fail;
	}
	buf = xcalloc(1, (size_t)c->msgsize);
	while (send(sv[1], buf, (size_t)c->msgsize, 0) != -1) {
		if (n++ == 0 && ioctl(sv[1], SIOCOUTQ, &outq) == 0)
			u->charge = outq;
	}
	free(buf);
	if (errno != EAGAIN) {
		xasprintf(cause, "channel '%s': a datagram of %llu bytes: %s%s",
		    c->conf->name, (unsigned long long)c->msgsize,
		    strerror(errno), errno == EMSGSIZE ? " (a datagram must "
		    "fit the send buffer: raise 'capacity' or lower 'size')" :
		    "");
		goto fail;
	}
	if (n == 0 || u->charge <= 0) {
		xasprintf(cause, "channel '%s': the kernel took no datagram of "
		    "%llu bytes", c->conf->name, (unsigned long long)c->msgsize);
		goto fail;
	}
	c->capacity = n;
	close(sv[0]);
	close(sv[1]);
	return 0;

fail:
	close(sv[0]);
	close(sv[1]);
	return -1;
}

static int
udgram_create(struct chan *c, struct registry *reg, char **cause)
{
	struct udgram	*u;
	struct stat	 st;
	int		 sv[2];

	c->priv = u = xcalloc(1, sizeof *u);
	if (udgram_measure(c, u, cause) == -1)
		return -1;
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == -1) {
		xasprintf(cause, "channel '%s': socketpair: %s", c->conf->name,
		    strerror(errno));
		return -1;
	}
	if (udgram_sndbuf(c, sv[1]) == -1 || fstat(sv[1], &st) == -1) {
		xasprintf(cause, "channel '%s': SO_SNDBUF: %s", c->conf->name,
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	u->send_ino = (uint32_t)st.st_ino;
	u->send_cookie = sockdiag_cookie(sv[1]);
	return channel_place_pair(c, sv[0], sv[1], cause);
}

static void
udgram_set(struct chan *c, struct chan_sample *s, int64_t n)
{
	s->fill = s->messages = n;
	s->bytes = n * (int64_t)c->msgsize;
}

static void
udgram_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	struct udgram	*u = c->priv;
	struct sockdiag	 d;
	int		 fd, n;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = c->capacity;
	s->holders = true;
	if (u == NULL)
		return;
	if (sockdiag_unix(u->send_ino, u->send_cookie, &d) == 0 &&
	    d.has_mem) {
		/* Rounded: a count, not a ratio to show. */
		udgram_set(c, s, ((int64_t)d.mem[SK_MEMINFO_WMEM_ALLOC] +
		    u->charge / 2) / u->charge);
		return;
	}
	/* No sender left: only "empty" can still be known for sure. */
	if ((fd = borrow(arg, c, END_READ)) < 0) {
		s->holders = fd == -2;
		return;
	}
	if (ioctl(fd, FIONREAD, &n) == 0 && n == 0)
		udgram_set(c, s, 0);
	close(fd);
}

const struct channel_ops chan_unix_dgram_ops = {
	.name = "unix-dgram",
	.seen = {
		.ftype = S_IFSOCK,
		.family = AF_UNIX,
		.socktype = SOCK_DGRAM
	},
	.by_messages = true,
	.stream = false,
	.send_op = "send",
	.recv_op = "recv",
	.rule_send = "Each datagram is charged whole to the sender's SO_SNDBUF "
	    "until it is read; send() sleeps when the next one would "
	    "not fit, and stays asleep until the queue has drained to a "
	    "quarter of the buffer.",
	.rule_recv = "recv() takes one whole datagram; it sleeps while none is "
	    "queued (a datagram socket has no end of file).",
	.send_nr = SYS_sendto,
	.recv_nr = SYS_recvfrom,
	.closable = true,
	.datagrams = true,
	.check = channel_check_sock_capacity,
	.create = udgram_create,
	.open_end = channel_open_inherited,
	.send = channel_sock_send,
	.recv = channel_sock_recv,
	.sample = udgram_sample,
	.parent_close = channel_close_pair,
	.destroy = channel_destroy_pair,
};
