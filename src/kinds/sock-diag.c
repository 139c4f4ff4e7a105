/*
 * sock-diag.c: exact lookups through NETLINK_SOCK_DIAG (see sock-diag.h).
 * One request without NLM_F_DUMP names one socket; the kernel answers
 * with that socket or with an error (ENOENT when it is gone, ESTALE when
 * the cookie belongs to another socket).
 */
#include "config.h"

#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/tcp.h>
#include <linux/unix_diag.h>

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "kinds/sock-diag.h"

/* A reply holds one message: header, diag message, a few attributes
   (tcp_info is the biggest, about 250 bytes). */
#define SOCKDIAG_BUFSIZE	8192

uint64_t
sockdiag_cookie(int fd)
{
	uint64_t	cookie;
	socklen_t	len = sizeof cookie;

	if (getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len) == -1)
		return 0;
	return cookie;
}

/* Send one request, receive its one answer into buf. Length or -1. */
static ssize_t
sockdiag_ask(const void *req, size_t reqlen, void *buf, size_t buflen)
{
	struct sockaddr_nl	 nladdr;
	struct nlmsghdr		 nlh;
	struct iovec		 iov[2];
	struct msghdr		 msg;
	ssize_t			 n;
	int			 fd;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd == -1)
		return -1;
	memset(&nlh, 0, sizeof nlh);
	nlh.nlmsg_len = NLMSG_LENGTH(reqlen);
	nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh.nlmsg_flags = NLM_F_REQUEST;
	nlh.nlmsg_seq = 1;
	iov[0].iov_base = &nlh;
	iov[0].iov_len = sizeof nlh;
	iov[1].iov_base = (void *)req;
	iov[1].iov_len = reqlen;
	memset(&nladdr, 0, sizeof nladdr);
	nladdr.nl_family = AF_NETLINK;
	memset(&msg, 0, sizeof msg);
	msg.msg_name = &nladdr;
	msg.msg_namelen = sizeof nladdr;
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	if (sendmsg(fd, &msg, 0) == -1) {
		close(fd);
		return -1;
	}
	do
		n = recv(fd, buf, buflen, 0);
	while (n == -1 && errno == EINTR);
	close(fd);
	return n;
}

/* The one message of a reply, or NULL for an error or a short reply. */
static struct nlmsghdr *
sockdiag_reply(void *buf, ssize_t n, size_t minlen)
{
	struct nlmsghdr	*h = buf;

	if (n < (ssize_t)sizeof *h || !NLMSG_OK(h, (size_t)n))
		return NULL;
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    h->nlmsg_len < NLMSG_LENGTH(minlen))
		return NULL;
	return h;
}

static void
sockdiag_meminfo(struct sockdiag *d, const void *data, size_t len)
{
	if (len > sizeof d->mem)
		len = sizeof d->mem;
	memset(d->mem, 0, sizeof d->mem);
	memcpy(d->mem, data, len);
	d->has_mem = true;
}

int
sockdiag_unix(uint32_t ino, uint64_t cookie, struct sockdiag *d)
{
	struct unix_diag_req	 req;
	struct unix_diag_msg	*m;
	struct unix_diag_rqlen	 rql;
	struct nlmsghdr		*h;
	struct rtattr		*a;
	char			 buf[SOCKDIAG_BUFSIZE];
	ssize_t			 n;
	int			 left;

	memset(d, 0, sizeof *d);
	memset(&req, 0, sizeof req);
	req.sdiag_family = AF_UNIX;
	req.udiag_states = ~0U;
	req.udiag_ino = ino;
	req.udiag_show = UDIAG_SHOW_RQLEN | UDIAG_SHOW_MEMINFO;
	req.udiag_cookie[0] = (uint32_t)cookie;
	req.udiag_cookie[1] = (uint32_t)(cookie >> 32);
	n = sockdiag_ask(&req, sizeof req, buf, sizeof buf);
	if ((h = sockdiag_reply(buf, n, sizeof *m)) == NULL)
		return -1;
	m = NLMSG_DATA(h);
	if (m->udiag_ino != ino)
		return -1;
	d->state = m->udiag_state;
	a = (struct rtattr *)(m + 1);
	left = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
	for (; RTA_OK(a, left); a = RTA_NEXT(a, left)) {
		switch (a->rta_type) {
		case UNIX_DIAG_RQLEN:
			if (RTA_PAYLOAD(a) < sizeof rql)
				break;
			memcpy(&rql, RTA_DATA(a), sizeof rql);
			d->rqueue = rql.udiag_rqueue;
			d->wqueue = rql.udiag_wqueue;
			break;
		case UNIX_DIAG_MEMINFO:
			sockdiag_meminfo(d, RTA_DATA(a), RTA_PAYLOAD(a));
			break;
		}
	}
	return 0;
}

static int	sockdiag_inet_ask(const struct inet_diag_req_v2 *, int,
		    struct sockdiag *);

/*
 * A request for one TCP or UDP socket of family (AF_INET, AF_INET6), its
 * lookup key already in req->id but for the cookie.
 */
static void
sockdiag_inet_req(struct inet_diag_req_v2 *req, int family, int proto,
    uint64_t cookie)
{
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = (uint8_t)proto;
	req->idiag_states = ~0U;
	req->idiag_ext = (1 << (INET_DIAG_MEMINFO - 1)) |
	    (1 << (INET_DIAG_INFO - 1)) | (1 << (INET_DIAG_SKMEMINFO - 1));
	req->id.idiag_if = 0;
	req->id.idiag_cookie[0] = (uint32_t)cookie;
	req->id.idiag_cookie[1] = (uint32_t)(cookie >> 32);
}

/*
 * TCP looks a socket up as (local = src, remote = dst); UDP's lookup has
 * them the other way round ("swapped for historical reasons",
 * net/ipv4/udp_diag.c): both sockdiag_inet and sockdiag_inet6 swap.
 */
int
sockdiag_inet(int proto, const struct sockaddr_in *self,
    const struct sockaddr_in *peer, uint64_t cookie, struct sockdiag *d)
{
	struct inet_diag_req_v2	 req;

	if (proto == IPPROTO_UDP) {
		const struct sockaddr_in *t = self;

		self = peer;
		peer = t;
	}
	memset(&req, 0, sizeof req);
	req.id.idiag_sport = self->sin_port;
	req.id.idiag_dport = peer->sin_port;
	req.id.idiag_src[0] = self->sin_addr.s_addr;
	req.id.idiag_dst[0] = peer->sin_addr.s_addr;
	sockdiag_inet_req(&req, AF_INET, proto, cookie);
	return sockdiag_inet_ask(&req, proto, d);
}

int
sockdiag_inet6(int proto, const struct sockaddr_in6 *self,
    const struct sockaddr_in6 *peer, uint64_t cookie, struct sockdiag *d)
{
	struct inet_diag_req_v2	 req;

	if (proto == IPPROTO_UDP) {
		const struct sockaddr_in6 *t = self;

		self = peer;
		peer = t;
	}
	memset(&req, 0, sizeof req);
	req.id.idiag_sport = self->sin6_port;
	req.id.idiag_dport = peer->sin6_port;
	memcpy(req.id.idiag_src, &self->sin6_addr, sizeof req.id.idiag_src);
	memcpy(req.id.idiag_dst, &peer->sin6_addr, sizeof req.id.idiag_dst);
	sockdiag_inet_req(&req, AF_INET6, proto, cookie);
	return sockdiag_inet_ask(&req, proto, d);
}

/* Ask for one socket and read its queues, memory and TCP counters. */
static int
sockdiag_inet_ask(const struct inet_diag_req_v2 *req, int proto,
    struct sockdiag *d)
{
	struct inet_diag_msg	*m;
	struct tcp_info		 ti;
	struct nlmsghdr		*h;
	struct rtattr		*a;
	char			 buf[SOCKDIAG_BUFSIZE];
	ssize_t			 n;
	size_t			 len;
	int			 left;

	memset(d, 0, sizeof *d);
	n = sockdiag_ask(req, sizeof *req, buf, sizeof buf);
	if ((h = sockdiag_reply(buf, n, sizeof *m)) == NULL)
		return -1;
	m = NLMSG_DATA(h);
	d->state = m->idiag_state;
	d->rqueue = m->idiag_rqueue;
	d->wqueue = m->idiag_wqueue;
	a = (struct rtattr *)(m + 1);
	left = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
	for (; RTA_OK(a, left); a = RTA_NEXT(a, left)) {
		switch (a->rta_type) {
		case INET_DIAG_SKMEMINFO:
			sockdiag_meminfo(d, RTA_DATA(a), RTA_PAYLOAD(a));
			break;
		case INET_DIAG_INFO:
			if (proto != IPPROTO_TCP)
				break;
			/* Older kernels send a shorter tcp_info: take what
			   is there, use the counters only if they came. */
			memset(&ti, 0, sizeof ti);
			len = RTA_PAYLOAD(a);
			if (len > sizeof ti)
				len = sizeof ti;
			memcpy(&ti, RTA_DATA(a), len);
			if (len >= offsetof(struct tcp_info,
			    tcpi_bytes_received) + sizeof ti.tcpi_bytes_received) {
				d->bytes_acked = ti.tcpi_bytes_acked;
				d->bytes_received = ti.tcpi_bytes_received;
				d->has_tcp = true;
			}
			break;
		}
	}
	return 0;
}
