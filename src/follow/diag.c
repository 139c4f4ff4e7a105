/*
 * diag.c: a unix socket by its inode, through NETLINK_SOCK_DIAG: its
 * type, its peer's inode (UDIAG_SHOW_PEER pairs the ends of a
 * connection), the bytes in its receive queue (UDIAG_SHOW_RQLEN: all of
 * them for a stream or seqpacket socket, the first datagram only for a
 * datagram one) and its buffers (UDIAG_SHOW_MEMINFO). It needs no
 * descriptor of the socket: nothing is borrowed or held. One netlink
 * socket is kept for the run (close-on-exec).
 */
#include "config.h"

#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "follow/fw-int.h"

#define DIAG_BUFSIZE	8192

static int
fw_diag_send(struct follow *fw, const struct unix_diag_req *req,
    uint32_t seq)
{
	struct {
		struct nlmsghdr		h;
		struct unix_diag_req	r;
	}			msg;
	struct sockaddr_nl	nladdr;

	if (fw->diagfd == -1) {
		fw->diagfd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		    NETLINK_SOCK_DIAG);
		if (fw->diagfd == -1)
			return -1;
	}
	memset(&msg, 0, sizeof msg);
	msg.h.nlmsg_len = sizeof msg;
	msg.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.h.nlmsg_flags = NLM_F_REQUEST;
	msg.h.nlmsg_seq = seq;
	msg.r = *req;
	memset(&nladdr, 0, sizeof nladdr);
	nladdr.nl_family = AF_NETLINK;
	if (sendto(fw->diagfd, &msg, sizeof msg, 0,
	    (struct sockaddr *)&nladdr, sizeof nladdr) == -1)
		return -1;
	return 0;
}

/* The attributes of one answer into u. */
static void
fw_diag_attrs(const struct nlmsghdr *h, const struct unix_diag_msg *m,
    struct fw_unix *u)
{
	const struct rtattr	*a = (const struct rtattr *)(m + 1);
	struct unix_diag_rqlen	 rql;
	uint32_t		 mem[SK_MEMINFO_VARS];
	size_t			 len;
	int			 left;

	left = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
	for (; RTA_OK(a, left); a = RTA_NEXT(a, left)) {
		switch (a->rta_type) {
		case UNIX_DIAG_PEER:
			if (RTA_PAYLOAD(a) >= sizeof u->peer)
				memcpy(&u->peer, RTA_DATA(a), sizeof u->peer);
			break;
		case UNIX_DIAG_RQLEN:
			if (RTA_PAYLOAD(a) < sizeof rql)
				break;
			memcpy(&rql, RTA_DATA(a), sizeof rql);
			u->rqueue = rql.udiag_rqueue;
			break;
		case UNIX_DIAG_MEMINFO:
			memset(mem, 0, sizeof mem);
			len = RTA_PAYLOAD(a);
			memcpy(mem, RTA_DATA(a), len < sizeof mem ? len :
			    sizeof mem);
			u->rcvbuf = mem[SK_MEMINFO_RCVBUF];
			u->sndbuf = mem[SK_MEMINFO_SNDBUF];
			u->wmem = mem[SK_MEMINFO_WMEM_ALLOC];
			u->has_mem = true;
			break;
		}
	}
}

int
fw_diag_unix(struct follow *fw, uint64_t ino, uint64_t cookie,
    struct fw_unix *u)
{
	static uint32_t		 seq;
	struct unix_diag_req	 req;
	const struct unix_diag_msg *m;
	struct nlmsghdr		*h;
	char			 buf[DIAG_BUFSIZE];
	ssize_t			 n;

	memset(u, 0, sizeof *u);
	memset(&req, 0, sizeof req);
	req.sdiag_family = AF_UNIX;
	req.udiag_states = ~0U;
	req.udiag_ino = (uint32_t)ino;
	req.udiag_show = UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN |
	    UDIAG_SHOW_MEMINFO;
	/* No cookie: any socket of that inode (the kernel's "no cookie"). */
	req.udiag_cookie[0] = cookie != 0 ? (uint32_t)cookie : ~0U;
	req.udiag_cookie[1] = cookie != 0 ? (uint32_t)(cookie >> 32) : ~0U;
	if (fw_diag_send(fw, &req, ++seq) == -1)
		return -1;
	for (;;) {
		n = recv(fw->diagfd, buf, sizeof buf, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n < (ssize_t)sizeof *h)
			return -1;
		h = (struct nlmsghdr *)buf;
		if (!NLMSG_OK(h, (size_t)n))
			return -1;
		if (h->nlmsg_seq == seq)
			break;		/* an older answer left over: skip */
	}
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(h);

		errno = e->error < 0 ? -e->error : ENOENT;
		return -1;
	}
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof *m)) {
		errno = ENOENT;
		return -1;
	}
	m = NLMSG_DATA(h);
	if (m->udiag_ino != (uint32_t)ino) {
		errno = ENOENT;
		return -1;
	}
	u->type = m->udiag_type;
	u->cookie = (uint64_t)m->udiag_cookie[0] |
	    (uint64_t)m->udiag_cookie[1] << 32;
	fw_diag_attrs(h, m, u);
	return 0;
}
