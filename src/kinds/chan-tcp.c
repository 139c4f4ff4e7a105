/*
 * chan-tcp.c: a TCP connection over loopback. The parent listens on
 * 127.0.0.1 port 0, connects a client, accepts and closes the listener:
 * the write end is the client, the read end the accepted socket. The unit
 * is bytes. Any local process can connect to the listener while it
 * exists, so the accepted connection must be the client's own: its peer
 * is compared with the client's local address and port (which no other
 * socket can hold at the same time), and a stranger's is closed.
 *
 * Fill is the bytes the sender has written that the receiver has not yet
 * read, wherever they are (the sender's queue, on the wire, the receiver's
 * queue), from the kernel's sequence numbers as sock_diag reports them:
 *
 *	written = sender's snd_una + its unacknowledged and unsent bytes
 *	read    = receiver's rcv_nxt - its unread bytes
 *
 * i.e. (bytes_acked - 1 + wqueue) - (bytes_received - rqueue): the -1 is
 * the SYN, which bytes_acked counts and bytes_received does not, and one
 * more is taken off once the sender has queued its FIN, which counts in
 * the sequence but is not data. Simply adding SIOCINQ and SIOCOUTQ would
 * count a segment twice between its arrival and its ACK (a delayed ACK
 * can take 40 ms). The sender is asked first, so a sample never shows
 * more than was really in flight at either moment.
 *
 * sock_diag finds each socket by its addresses and SO_COOKIE and needs no
 * descriptor: nothing is borrowed or held, and a sender that has closed
 * with data still queued (an orphan in FIN_WAIT1) is still seen. Once the
 * sender is gone for good (TIME_WAIT, or closed) all it wrote was
 * acknowledged, so only the receiver's unread bytes remain.
 *
 * Capacity is the sender's SO_SNDBUF plus the receiver's SO_RCVBUF as the
 * kernel reports them, read live: with default sizes the kernel tunes
 * them as the connection runs (so runs do not repeat: 960 to 1025 sends
 * of 4 KiB here). The scenario's capacity C fixes both buffers of both
 * sockets to C as getsockopt reports it (C/2 is set, before listen() and
 * connect(): the kernel doubles it and stops tuning), so the channel's
 * capacity is 2C. The sender blocks well before the fill reaches it,
 * because the buffers are charged for the kernel's bookkeeping as well
 * (with C = 64K, 30 sends of 4 KiB complete).
 */
#include "config.h"

#include <sys/syscall.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "kinds/sock-diag.h"
#include "base/util.h"

struct tcpchan {
	struct sockaddr_in	addr[2];	/* per end: its own address */
	uint64_t		cookie[2];
};

static int
tcp_bufsizes(struct chan *c, int fd)
{
	int	val;

	if (c->conf->capacity == 0)
		return 0;
	val = (int)(c->conf->capacity / 2);
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, sizeof val) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, sizeof val) == -1)
		return -1;
	return 0;
}

/* SO_SNDBUF of the sender plus SO_RCVBUF of the receiver. */
static int64_t
tcp_capacity(int wfd, int rfd)
{
	int		snd, rcv;
	socklen_t	len;

	len = sizeof snd;
	if (getsockopt(wfd, SOL_SOCKET, SO_SNDBUF, &snd, &len) == -1)
		return -1;
	len = sizeof rcv;
	if (getsockopt(rfd, SOL_SOCKET, SO_RCVBUF, &rcv, &len) == -1)
		return -1;
	return (int64_t)snd + rcv;
}

/* Same address and port? */
static bool
tcp_same(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
	return a->sin_family == b->sin_family &&
	    a->sin_addr.s_addr == b->sin_addr.s_addr &&
	    a->sin_port == b->sin_port;
}

/*
 * Accept the connection whose peer is self (the client's own address),
 * closing any other local process's that came first: between listen()
 * and accept() anyone on the machine can connect. The client connects
 * without blocking, so a backlog filled by strangers cannot hold its
 * SYN while we wait in connect(). A descriptor, or -1 (errno ETIMEDOUT:
 * strangers kept the listener busy for TCP_ACCEPT_MS).
 */
#define TCP_ACCEPT_MS	5000

static int
tcp_accept_own(int lfd, const struct sockaddr_in *self)
{
	struct sockaddr_in	peer;
	struct pollfd		pfd;
	socklen_t		len;
	uint64_t		deadline;
	int64_t			left;
	int			afd;

	deadline = now_ns() + (uint64_t)TCP_ACCEPT_MS * 1000000;
	for (;;) {
		left = ((int64_t)deadline - (int64_t)now_ns()) / 1000000;
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.fd = lfd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)left) == -1 && errno != EINTR)
			return -1;
		len = sizeof peer;
		if ((afd = accept4(lfd, (struct sockaddr *)&peer, &len,
		    SOCK_NONBLOCK)) == -1) {
			if (errno == EAGAIN || errno == EINTR ||
			    errno == ECONNABORTED)
				continue;
			return -1;
		}
		if (len == sizeof peer && tcp_same(&peer, self)) {
			/* Blocking again, as the workers expect. */
			if (fcntl(afd, F_SETFL, fcntl(afd, F_GETFL) &
			    ~O_NONBLOCK) == -1) {
				close(afd);
				return -1;
			}
			return afd;
		}
		close(afd);	/* a stranger's */
	}
}

/* Wait for a non-blocking connect() to finish and block again: 0 or -1. */
static int
tcp_connected(int fd)
{
	struct pollfd	pfd;
	socklen_t	len;
	int		err = 0;

	pfd.fd = fd;
	pfd.events = POLLOUT;
	while (poll(&pfd, 1, TCP_ACCEPT_MS) == -1) {
		if (errno != EINTR)
			return -1;
	}
	len = sizeof err;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		return -1;
	if (err == 0 && !(pfd.revents & POLLOUT))
		err = ETIMEDOUT;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
}

static int
tcp_create(struct chan *c, struct registry *reg, char **cause)
{
	struct tcpchan		*t;
	struct sockaddr_in	 sin;
	socklen_t		 len;
	const char		*what;
	int			 lfd = -1, cfd = -1, afd = -1, e;

	c->priv = t = xcalloc(1, sizeof *t);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;

	what = "socket";
	if ((lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    (cfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		goto fail;
	/* Accepted sockets inherit the listener's buffer sizes. */
	what = "SO_SNDBUF/SO_RCVBUF";
	if (tcp_bufsizes(c, lfd) == -1 || tcp_bufsizes(c, cfd) == -1)
		goto fail;
	what = "bind 127.0.0.1";
	if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) == -1)
		goto fail;
	what = "listen";
	len = sizeof sin;
	if (listen(lfd, 8) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len) == -1)
		goto fail;
	what = "connect";
	if (connect(cfd, (struct sockaddr *)&sin, sizeof sin) == -1 &&
	    errno != EINPROGRESS)
		goto fail;
	/* The client's address is fixed once connect() has begun. */
	what = "getsockname";
	len = sizeof t->addr[END_WRITE];
	if (getsockname(cfd, (struct sockaddr *)&t->addr[END_WRITE],
	    &len) == -1)
		goto fail;
	what = "accept (the channel's own connection)";
	if ((afd = tcp_accept_own(lfd, &t->addr[END_WRITE])) == -1)
		goto fail;
	close(lfd);
	lfd = -1;
	what = "connect";
	if (tcp_connected(cfd) == -1)
		goto fail;

	what = "getsockname";
	len = sizeof t->addr[END_READ];
	if (getsockname(afd, (struct sockaddr *)&t->addr[END_READ],
	    &len) == -1)
		goto fail;
	t->cookie[END_READ] = sockdiag_cookie(afd);
	t->cookie[END_WRITE] = sockdiag_cookie(cfd);
	c->capacity = tcp_capacity(cfd, afd);

	return channel_place_pair(c, afd, cfd, cause);

fail:
	e = errno;
	xasprintf(cause, "channel '%s': %s: %s", c->conf->name, what,
	    strerror(e));
	if (lfd != -1)
		close(lfd);
	if (cfd != -1)
		close(cfd);
	if (afd != -1)
		close(afd);
	return -1;
}

/* Has this side queued its FIN (it counts one in the sequence)? */
static bool
tcp_fin_sent(int state)
{
	switch (state) {
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
	case TCP_CLOSING:
	case TCP_TIME_WAIT:
	case TCP_LAST_ACK:
		return true;
	}
	return false;
}

static void
tcp_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	struct tcpchan	*t = c->priv;
	struct sockdiag	 wd, rd;
	int64_t		 written, nread, n;
	bool		 w_ok, r_ok;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = c->capacity;
	s->holders = true;
	if (t == NULL)
		return;
	/* The sender first: see the comment at the top. */
	w_ok = sockdiag_inet(IPPROTO_TCP, &t->addr[END_WRITE],
	    &t->addr[END_READ], t->cookie[END_WRITE], &wd) == 0;
	r_ok = sockdiag_inet(IPPROTO_TCP, &t->addr[END_READ],
	    &t->addr[END_WRITE], t->cookie[END_READ], &rd) == 0;

	/* Live: without fixed sizes the kernel tunes them as it runs. */
	if (w_ok && r_ok && wd.has_mem && rd.has_mem)
		s->capacity = c->capacity = (int64_t)wd.mem[SK_MEMINFO_SNDBUF] +
		    rd.mem[SK_MEMINFO_RCVBUF];
	if (!r_ok || !rd.has_tcp)
		return;		/* no receiver: nobody will read it */
	nread = (int64_t)rd.bytes_received - rd.rqueue;
	if (w_ok && wd.has_tcp) {
		written = (int64_t)wd.bytes_acked - 1 + wd.wqueue;
		n = written - nread;
		if (tcp_fin_sent(wd.state))
			n--;
	} else {
		/*
		 * The sender is gone or in TIME_WAIT, so everything it
		 * wrote was acknowledged; the receiver's unread bytes hold
		 * its FIN too until the reader sees end of file.
		 */
		n = rd.rqueue;
		if (rd.state == TCP_CLOSE_WAIT || rd.state == TCP_LAST_ACK ||
		    rd.state == TCP_CLOSING)
			n--;
	}
	if (n < 0)
		n = 0;
	s->fill = s->bytes = n;
	if (c->msgsize > 0)
		s->messages = n / (int64_t)c->msgsize;
}

const struct channel_ops chan_tcp_ops = {
	.name = "tcp",
	.by_messages = false,
	.stream = true,
	.send_op = "send",
	.recv_op = "recv",
	.seen = {
		.ftype = S_IFSOCK,
		.family = AF_INET,
		.socktype = SOCK_STREAM
	},
	.rule_send = "TCP data waits in the sender's send queue until "
	    "acknowledged and in the receiver's receive queue until "
	    "read; send() sleeps when SO_SNDBUF is used up, which "
	    "happens once the receiver's buffer is full too.",
	.rule_recv = "recv() sleeps until data arrives, and returns 0 once the "
	    "peer has shut down its side.",
	.send_nr = SYS_sendto,
	.recv_nr = SYS_recvfrom,
	.closable = true,
	.exec_stdio = true,
	.check = channel_check_sock_capacity,
	.create = tcp_create,
	.open_end = channel_open_inherited,
	.send = channel_sock_send,
	.recv = channel_sock_recv,
	.sample = tcp_sample,
	.parent_close = channel_close_pair,
	.destroy = channel_destroy_pair,
};
