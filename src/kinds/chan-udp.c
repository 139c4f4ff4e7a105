/*
 * chan-udp.c: UDP over loopback. The sender is bound to 127.0.0.1 port 0
 * and the receiver connected to it, which binds it; then the sender is
 * connected to the receiver. Connected both ways, each socket takes
 * datagrams from the other only: no other local process can inject into
 * the channel (or its counts). The unit is MESSAGES (datagrams).
 *
 * The sender never blocks: loopback hands each datagram straight to the
 * receiving socket, and when that socket's receive memory is over its
 * SO_RCVBUF the kernel DROPS the datagram and counts it (sk_drops: the
 * 'drops' column of /proc/net/udp). That count is the channel's
 * 'dropped', read from the kernel, never from the workers.
 *
 * Fill: the rx_queue of /proc/net/udp (and SIOCOUTQ's sibling figures)
 * count the memory the queued datagrams are charged, not payload, and
 * FIONREAD gives only the next datagram's size. Every datagram of one
 * size is charged the same (832 bytes for 100 B, 2304 for 1000 B here),
 * so the number waiting is the receiver's receive memory divided by that
 * charge, both from the kernel:
 *
 *	fill     = SK_MEMINFO_RMEM_ALLOC (sock_diag) / charge of one datagram
 *	dropped  = SK_MEMINFO_DROPS (sock_diag), the same as /proc/net/udp
 *	capacity = datagrams a twin receiver with the same SO_RCVBUF kept
 *		   before the kernel dropped one (256 of 100 B by default)
 *
 * The charge and the capacity are measured at creation on throwaway twin
 * sockets, never on the channel's own (that would put drops into its
 * count). The receiver is found through sock_diag by its addresses and
 * SO_COOKIE, which needs no descriptor: nothing is borrowed or held.
 *
 * The scenario's capacity C sets the receiver's SO_RCVBUF so that
 * getsockopt reports C (C/2 is set: the kernel doubles it).
 *
 * UDP has no end of file: a reader without a count reads until the
 * scenario stops it.
 */
#include "config.h"

#include <sys/syscall.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "kinds/sock-diag.h"
#include "base/util.h"

struct udpchan {
	struct sockaddr_in	raddr;		/* the receiver */
	struct sockaddr_in	saddr;		/* the sender */
	uint64_t		rcookie;
	int64_t			charge;		/* receive memory per datagram */
};

/* Throw away whatever a socket holds: it can only have come from a
   stranger, in the instant before the socket was connected. */
static void
udp_drain(int fd)
{
	char	c;

	while (recv(fd, &c, 1, MSG_DONTWAIT | MSG_TRUNC) >= 0)
		;
}

/*
 * A sender bound to 127.0.0.1:0 and a receiver with the scenario's
 * SO_RCVBUF, each CONNECTED to the other, so that the kernel hands each
 * only the other's datagrams (any other source finds no socket: ICMP
 * port unreachable); addresses into the two sockaddrs. The receiver's
 * connect() binds it too, so it is never open to all between a bind and
 * a connect; the sender is, for an instant, and both are drained once
 * connected. 0 or -1.
 */
static int
udp_pair(struct chan *c, int sv[2], int flags, struct sockaddr_in *ra,
    struct sockaddr_in *sa, const char **what)
{
	socklen_t	len;
	int		val;

	sv[0] = sv[1] = -1;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*what = "socket";
	if ((sv[0] = socket(AF_INET, SOCK_DGRAM | flags, 0)) == -1 ||
	    (sv[1] = socket(AF_INET, SOCK_DGRAM | flags, 0)) == -1)
		return -1;
	if (c->conf->capacity != 0) {
		*what = "SO_RCVBUF";
		val = (int)(c->conf->capacity / 2);
		if (setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &val,
		    sizeof val) == -1)
			return -1;
	}
	*what = "bind 127.0.0.1";
	if (bind(sv[1], (struct sockaddr *)sa, sizeof *sa) == -1)
		return -1;
	len = sizeof *sa;
	if (getsockname(sv[1], (struct sockaddr *)sa, &len) == -1)
		return -1;
	*what = "connect";
	if (connect(sv[0], (struct sockaddr *)sa, sizeof *sa) == -1)
		return -1;
	len = sizeof *ra;
	if (getsockname(sv[0], (struct sockaddr *)ra, &len) == -1)
		return -1;
	if (connect(sv[1], (struct sockaddr *)ra, sizeof *ra) == -1)
		return -1;
	udp_drain(sv[0]);
	udp_drain(sv[1]);
	return 0;
}

static void
udp_close_pair(int sv[2])
{
	if (sv[0] != -1)
		close(sv[0]);
	if (sv[1] != -1)
		close(sv[1]);
}

static int64_t
udp_rmem(int fd)
{
	uint32_t	mem[SK_MEMINFO_VARS];
	socklen_t	len = sizeof mem;

	memset(mem, 0, sizeof mem);
	if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &len) == -1)
		return -1;
	return mem[SK_MEMINFO_RMEM_ALLOC];
}

/*
 * Send datagrams of this size to a twin receiver until the kernel drops
 * one (its receive memory stops growing): how many it keeps, what each
 * one costs. 0 or -1 with *cause.
 */
static int
udp_measure(struct chan *c, struct udpchan *u, char **cause)
{
	struct sockaddr_in	 ra, sa;
	const char		*what;
	char			*buf;
	int			 sv[2], e;
	int64_t			 n = 0, before, after;

	if (udp_pair(c, sv, SOCK_CLOEXEC, &ra, &sa, &what) == -1) {
		e = errno;
		xasprintf(cause, "channel '%s': %s: %s", c->conf->name, what,
		    strerror(e));
		udp_close_pair(sv);
		return -1;
	}
	buf = xcalloc(1, (size_t)c->msgsize);
	before = 0;
	for (;;) {
		if (send(sv[1], buf, (size_t)c->msgsize, 0) == -1) {
			e = errno;
			xasprintf(cause, "channel '%s': a datagram of %llu "
			    "bytes: %s%s", c->conf->name,
			    (unsigned long long)c->msgsize, strerror(e),
			    e == EMSGSIZE ? " (UDP takes at most 65507)" : "");
			free(buf);
			udp_close_pair(sv);
			return -1;
		}
		if ((after = udp_rmem(sv[0])) <= before)
			break;		/* dropped */
		if (n++ == 0)
			u->charge = after;
		before = after;
	}
	free(buf);
	udp_close_pair(sv);
	if (n == 0 || u->charge <= 0) {
		xasprintf(cause, "channel '%s': the receive buffer keeps no "
		    "datagram of %llu bytes: raise 'capacity' or lower "
		    "'size'", c->conf->name, (unsigned long long)c->msgsize);
		return -1;
	}
	c->capacity = n;
	return 0;
}

static int
udp_create(struct chan *c, struct registry *reg, char **cause)
{
	struct udpchan	*u;
	const char	*what;
	int		 sv[2], e;

	c->priv = u = xcalloc(1, sizeof *u);
	if (udp_measure(c, u, cause) == -1)
		return -1;
	if (udp_pair(c, sv, 0, &u->raddr, &u->saddr, &what) == -1) {
		e = errno;
		xasprintf(cause, "channel '%s': %s: %s", c->conf->name, what,
		    strerror(e));
		udp_close_pair(sv);
		return -1;
	}
	u->rcookie = sockdiag_cookie(sv[0]);
	return channel_place_pair(c, sv[0], sv[1], cause);
}

static void
udp_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	struct udpchan	*u = c->priv;
	struct sockdiag	 d;
	int64_t		 n;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = c->capacity;
	s->holders = true;
	if (u == NULL)
		return;
	if (sockdiag_inet(IPPROTO_UDP, &u->raddr, &u->saddr, u->rcookie,
	    &d) == -1 || !d.has_mem)
		return;		/* the receiver is gone */
	/* Rounded: a count, not a ratio to show. */
	n = ((int64_t)d.mem[SK_MEMINFO_RMEM_ALLOC] + u->charge / 2) /
	    u->charge;
	s->fill = s->messages = n;
	s->bytes = n * (int64_t)c->msgsize;
	s->dropped = d.mem[SK_MEMINFO_DROPS];
}

const struct channel_ops chan_udp_ops = {
	.name = "udp",
	.by_messages = true,
	.stream = false,
	.send_op = "send",
	.recv_op = "recv",
	.seen = {
		.ftype = S_IFSOCK,
		.family = AF_INET,
		.socktype = SOCK_DGRAM
	},
	.rule_send = "A UDP sender never waits for the receiver: a datagram that "
	    "does not fit in the receiver's SO_RCVBUF is dropped by the "
	    "kernel, and counted in /proc/net/udp's drops.",
	.rule_recv = "recv() takes one whole datagram and sleeps while none is "
	    "queued; UDP has no end of file.",
	.send_nr = SYS_sendto,
	.recv_nr = SYS_recvfrom,
	.closable = true,
	.datagrams = true,
	.check = channel_check_sock_capacity,
	.create = udp_create,
	.open_end = channel_open_inherited,
	.send = channel_sock_send,
	.recv = channel_sock_recv,
	.sample = udp_sample,
	.parent_close = channel_close_pair,
	.destroy = channel_destroy_pair,
};
