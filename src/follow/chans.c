/*
 * chans.c: a followed program's channels. A channel is one buffer in the
 * kernel: a pipe's or a FIFO's, or the receive queue of one unix socket
 * (a connected pair has two, one each way: data written into one end
 * waits in the other's queue). A buffer becomes a channel once it is
 * between followed processes (two of them hold it, or one holds both
 * ends; a socket whose peer a followed process holds too), or once a
 * followed thread is found asleep in a call on it.
 *
 * Its writers and readers are the rows seen in a call on it; and where
 * the write end is held by one process only, and the read end by one
 * other (a shell pipeline), those two: nobody else can use it. Beyond
 * that, holding is not using (under fork every child holds every end
 * made before it): the channel says how many hold it.
 *
 * Fill: FIONREAD and F_GETPIPE_SZ on an end borrowed from a holder for
 * the two calls (pidfd_getfd; the same inode, or nothing), for a socket
 * what sock_diag says of its receive queue and of its sender's buffer,
 * for an eventfd its count in a holder's fdinfo: nothing is held. A
 * POSIX queue: mq_getattr on a descriptor borrowed the same way (a queue
 * has no end of file: borrowing changes nothing for the program).
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "follow/fw-int.h"
#include "kinds/sock-diag.h"
#include "base/util.h"

#define FW_CAP_EVERY_NS	1000000000ULL	/* a socket's buffer size */

/* An address's port (network order), 0 for none. */
static uint16_t
fw_inet_port(const union fw_inaddr *a)
{
	if (a->sa.sa_family == AF_INET)
		return a->v4.sin_port;
	if (a->sa.sa_family == AF_INET6)
		return a->v6.sin6_port;
	return 0;
}

/* Are a and b the same family, address and port? */
static bool
fw_inet_eq(const union fw_inaddr *a, const union fw_inaddr *b)
{
	if (a->sa.sa_family != b->sa.sa_family)
		return false;
	if (a->sa.sa_family == AF_INET)
		return a->v4.sin_addr.s_addr == b->v4.sin_addr.s_addr &&
		    a->v4.sin_port == b->v4.sin_port;
	return a->sa.sa_family == AF_INET6 &&
	    memcmp(&a->v6.sin6_addr, &b->v6.sin6_addr,
	    sizeof a->v6.sin6_addr) == 0 &&
	    a->v6.sin6_port == b->v6.sin6_port;
}

/* On loopback: 127/8, ::1, or 127/8 mapped into IPv6. */
static bool
fw_inet_loopback(const union fw_inaddr *a)
{
	const struct in6_addr	*v6 = &a->v6.sin6_addr;

	if (a->sa.sa_family == AF_INET)
		return (ntohl(a->v4.sin_addr.s_addr) >> 24) == 127;
	if (a->sa.sa_family != AF_INET6)
		return false;
	return IN6_IS_ADDR_LOOPBACK(v6) ||
	    (IN6_IS_ADDR_V4MAPPED(v6) && v6->s6_addr[12] == 127);
}

/* An IP socket's peer among the objects: 0 when found (or had). */
static int
fw_inet_pair(struct follow *fw, int o)
{
	struct fw_obj	*ob = &fw->objs[o], *q;
	int		 p;

	if (ob->peer_obj != -1)
		return 0;
	if (!ob->inet || fw_inet_port(&ob->peer_addr) == 0)
		return -1;
	for (p = 0; p < fw->nobjs; p++) {
		q = &fw->objs[p];
		/* TCP: the connection's other end (a listening socket
		   has the same address, no peer); UDP: also a receiver
		   that never connected. */
		if (p != o && q->inet && q->proto == ob->proto &&
		    fw_inet_eq(&q->self, &ob->peer_addr) &&
		    (fw_inet_eq(&q->peer_addr, &ob->self) ||
		    (ob->proto == IPPROTO_UDP &&
		    fw_inet_port(&q->peer_addr) == 0))) {
			ob->peer_obj = p;
			if (q->peer_obj == -1)
				q->peer_obj = o;
			return 0;
		}
	}
	return -1;
}

/*
 * A TCP or UDP socket on loopback: its protocol and addresses on a
 * descriptor borrowed from a holder for these calls (closing a borrowed
 * copy changes nothing for the socket its holder keeps), its cookie for
 * sock_diag, and its peer among the objects: the socket whose own
 * address is this one's peer's, and the other way round. False when it
 * is to be looked at again: a socket made but not yet bound (its port
 * 0), or a TCP one neither connected nor listening (a client between
 * socket() and connect(): on a busy machine its table is often read
 * then), or one that could not be borrowed as that very socket (its
 * holder's table is read again).
 */
static bool
fw_inet_probe(struct follow *fw, int o)
{
	struct fw_obj	*ob = &fw->objs[o];
	struct fw_row	*row = &fw->rows[ob->hold_row];
	struct stat	 st;
	socklen_t	 len;
	int		 fd, v = -1, type = -1, p, listening = 0;
	bool		 final = true, named = false;

	if (row->ended || row->pidfd == -1 || (fd = (int)syscall(
	    SYS_pidfd_getfd, row->pidfd, ob->hold_fd, 0)) == -1) {
		row->fds_due = !row->ended;	/* its table, read again */
		return false;
	}
	/* The number is from a table read earlier: only the very same
	   socket counts (the number may have been closed and reused). */
	if (fstat(fd, &st) == -1 || (uint64_t)st.st_ino != ob->ino) {
		close(fd);
		row->fds_due = true;
		return false;
	}
	len = sizeof v;
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &v, &len) == 0 &&
	    (v == AF_INET || v == AF_INET6) && (len = sizeof type,
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len)) == 0 &&
	    (type == SOCK_STREAM || type == SOCK_DGRAM)) {
		len = sizeof ob->self;
		named = getsockname(fd, &ob->self.sa, &len) == 0;
	}
	if (named && fw_inet_port(&ob->self) == 0)
		final = false;			/* not bound yet */
	else if (named && fw_inet_loopback(&ob->self)) {
		len = sizeof ob->peer_addr;
		if (getpeername(fd, &ob->peer_addr.sa, &len) == -1) {
			memset(&ob->peer_addr, 0, sizeof ob->peer_addr);
			ob->peer_addr.sa.sa_family = ob->self.sa.sa_family;
			len = sizeof listening;
			if (type == SOCK_STREAM && (getsockopt(fd, SOL_SOCKET,
			    SO_ACCEPTCONN, &listening, &len) == -1 ||
			    !listening)) {
				close(fd);
				return false;	/* not connected yet */
			}
		}
		ob->inet = true;
		ob->socktype = type;
		ob->proto = type == SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
		ob->cookie = sockdiag_cookie(fd);
	}
	close(fd);
	if (!final)
		return false;
	if (fw_inet_pair(fw, o) == 0 || !ob->inet ||
	    fw_inet_port(&ob->peer_addr) == 0)
		return true;
	/* Its peer may be in a table not read since it was made (an
	   accept after a fork): read them again, within the budget. */
	for (p = 0; p < fw->nrows; p++) {
		if (fw->rows[p].proc == -1 && !fw->rows[p].ended)
			fw->rows[p].fds_due = true;
	}
	return true;
}

/*
 * A socket's type and peer, once: a unix socket's from sock_diag; else,
 * once a holder is known to borrow it from, an IP one's (again, at most
 * every FW_PROBE_AGAIN_NS, while it is not yet bound or connected).
 */
static void
fw_sock_probe(struct follow *fw, int o)
{
	struct fw_obj	*ob = &fw->objs[o];
	struct fw_unix	 u;
	int		 p;

	if (ob->cls != FW_SOCK || ob->probed)
		return;
	if (ob->probe_ns != 0 && now_ns() < ob->probe_ns + FW_PROBE_AGAIN_NS)
		return;		/* pending: not again so soon */
	if (!ob->unix_tried) {
		ob->unix_tried = true;
		if (fw_diag_unix(fw, ob->ino, 0, &u) == 0)
			goto unix_sock;
	}
	if (ob->hold_row == -1)
		return;		/* again once its holders are counted */
	ob->probe_ns = now_ns();
	/* fw_inet_probe may move nothing, but look it up again anyway. */
	fw->objs[o].probed = fw_inet_probe(fw, o);
	return;
unix_sock:
	ob->probed = true;
	ob->unix_sock = true;
	ob->socktype = u.type;
	ob->cookie = u.cookie;
	ob->peer = u.peer;
	if (u.peer != 0) {
		p = fw_obj_find(fw, FW_SOCK, 0, u.peer);
		/* fw_obj_find may move fw->objs */
		fw->objs[o].peer_obj = p;
	}
}

static const struct channel_ops *
fw_obj_kind(const struct fw_obj *ob)
{
	switch (ob->cls) {
	case FW_PIPE:
		return channel_kind_seen(S_IFIFO, false, 0, 0);
	case FW_FIFO:
		return channel_kind_seen(S_IFIFO, true, 0, 0);
	case FW_SOCK:
		if (!ob->unix_sock && !ob->inet)
			return NULL;
		return channel_kind_seen(S_IFSOCK, false, ob->inet ? AF_INET :
		    AF_UNIX, ob->socktype);
	case FW_ANON:
		return ob->ops;
	case FW_MQ:
		return channel_kind_special("mqueue");
	case FW_SYSV:
		return channel_kind_special("sysvipc-msg");
	case FW_PSEM:			/* i11-python: psem.c */
		return ob->ops;
	}
	return NULL;
}

/* The channel of object o, made if it is new: -1 when it cannot be one. */
static int
fw_chan_make(struct follow *fw, int o)
{
	const struct channel_ops *ops;
	struct fw_obj		*ob = &fw->objs[o];
	struct fw_chan		*ch;

	if (ob->chan != -1)
		return ob->chan;
	if ((ops = fw_obj_kind(ob)) == NULL)
		return -1;
	if (fw->nchans >= FOLLOW_MAX_CHANS) {
		fw_notice(fw, FW_SAID_CHANS, "more than %d channels: those "
		    "found after are not shown", FOLLOW_MAX_CHANS);
		return -1;
	}
	fw->chans = xgrowarray(fw->chans, (size_t)fw->nchans,
	    sizeof *fw->chans);
	ch = &fw->chans[fw->nchans];
	memset(ch, 0, sizeof *ch);
	ch->obj = o;
	ch->ops = ops;
	ch->capacity = -1;
	ch->hold_w = ch->hold_r = -1;
	ch->holders = -1;
	ch->value = -1;
	if (ob->cls == FW_FIFO || ob->cls == FW_MQ)
		snprintf(ch->name, sizeof ch->name, "%s",
		    util_clip(ob->path != NULL ? ob->path : "?", 60, 56));
	else if (ob->cls == FW_ANON)
		snprintf(ch->name, sizeof ch->name, "%s:[%llu]", ops->name,
		    (unsigned long long)ob->ino);
	else if (ob->cls == FW_SYSV)
		snprintf(ch->name, sizeof ch->name, "msqid:[%llu]",
		    (unsigned long long)ob->ino);
	else if (ob->cls == FW_PSEM)	/* i11-python: by its inode, as
					   the maps name it differently in
					   each process */
		snprintf(ch->name, sizeof ch->name, "sem:[%llu]",
		    (unsigned long long)ob->ino);
	else
		snprintf(ch->name, sizeof ch->name, "%s:[%llu]",
		    ob->cls == FW_PIPE ? "pipe" : "socket",
		    (unsigned long long)ob->ino);
	ob->chan = fw->nchans++;
	fw->holders_dirty = true;	/* its sides and holders */
	return ob->chan;
}

int
fw_chan_for(struct follow *fw, int o, bool send)
{
	int	p;

	if (fw->objs[o].cls != FW_SOCK)
		return fw_chan_make(fw, o);
	fw_sock_probe(fw, o);
	if (!fw->objs[o].unix_sock && !fw->objs[o].inet)
		return -1;
	if (!send)
		return fw_chan_make(fw, o);
	/* What it sends waits in its peer's receive queue. */
	if ((p = fw->objs[o].peer_obj) == -1)
		return -1;
	fw_sock_probe(fw, p);
	return fw_chan_make(fw, p);
}

static void
fw_list_add(int **list, int *n, int row)
{
	int	i;

	for (i = 0; i < *n; i++) {
		if ((*list)[i] == row)
			return;
	}
	*list = xgrowarray(*list, (size_t)*n, sizeof **list);
	(*list)[(*n)++] = row;
}

void
fw_chan_seen(struct follow *fw, int c, int row, bool send)
{
	struct fw_chan	*ch = &fw->chans[c];

	if (send)
		fw_list_add(&ch->writers, &ch->nwriters, row);
	else
		fw_list_add(&ch->readers, &ch->nreaders, row);
}

/*
 * A channel's sides and holders from who holds its ends: the writing
 * end is the buffer's own (a pipe) or its peer socket's.
 */
static void
fw_chan_holders(struct follow *fw, int c)
{
	struct fw_chan	*ch = &fw->chans[c];
	struct fw_obj	*ob = &fw->objs[ch->obj], *wo = ob;
	int		 w, rd;

	if (ob->cls == FW_SYSV) {
		ch->holders = -1;	/* no descriptor: nobody holds it */
		return;
	}
	if (ob->cls == FW_PSEM) {	/* i11-python: who maps it */
		ch->holders = fw_psem_holders(fw, ch->obj);
		return;
	}
	if (ob->cls == FW_SOCK)
		wo = ob->peer_obj != -1 ? &fw->objs[ob->peer_obj] : NULL;
	ch->holders = ob->nany + (wo != NULL && wo != ob ? wo->nany : 0);
	w = wo == NULL ? -1 : wo == ob ? ob->sole_w : wo->nany == 1 ?
	    wo->hold_row : -1;
	rd = ob->cls == FW_SOCK ? (ob->nany == 1 ? ob->hold_row : -1) :
	    ob->sole_r;
	/* One process each side, not the same one: nobody else can, for
	   as long as that holds (recomputed with the tables). */
	ch->hold_w = ch->hold_r = -1;
	if (w != -1 && rd != -1 && w != rd && (wo == ob ? ob->nany == 2 :
	    true)) {
		ch->hold_w = w;
		ch->hold_r = rd;
	}
}

/* After the tables changed: buffers now between followed processes. */
void
fw_chans_discover(struct follow *fw)
{
	struct fw_obj	*ob;
	int		 o, n = fw->nobjs, p;

	for (o = 0; o < n; o++) {
		ob = &fw->objs[o];
		if (ob->nany == 0 || ob->chan != -1)
			continue;
		if (ob->cls == FW_PIPE || ob->cls == FW_FIFO) {
			if (ob->nany >= 2 || (ob->nr > 0 && ob->nw > 0))
				fw_chan_make(fw, o);
			continue;
		}
		/* Either end reads and writes: between two processes. */
		if (ob->cls == FW_ANON || ob->cls == FW_MQ) {
			if (ob->nany >= 2)
				fw_chan_make(fw, o);
			continue;
		}
		fw_sock_probe(fw, o);
		fw_inet_pair(fw, o);
		ob = &fw->objs[o];
		if ((!ob->unix_sock && !ob->inet) ||
		    (p = ob->peer_obj) == -1 ||
		    fw->objs[p].nany == 0)
			continue;
		fw_sock_probe(fw, p);
		fw_chan_make(fw, o);
		fw_chan_make(fw, p);
	}
	for (o = 0; o < fw->nchans; o++)
		fw_chan_holders(fw, o);
}

/* Borrow one end from its holder for FIONREAD: -1 unknown. */
static void
fw_pipe_sample(struct follow *fw, struct fw_chan *ch, struct chan_sample *s)
{
	struct fw_obj	*ob = &fw->objs[ch->obj];
	struct fw_row	*row;
	struct stat	 st;
	int		 fd, n;

	if (ob->hold_row == -1)
		return;
	row = &fw->rows[ob->hold_row];
	if (row->ended || row->pidfd == -1)
		return;
	fd = (int)syscall(SYS_pidfd_getfd, row->pidfd, ob->hold_fd, 0);
	if (fd == -1) {
		if (errno == EBADF)	/* closed since: the table is stale */
			row->fds_due = true;
		return;
	}
	/* Only the very same pipe counts (the number may be reused). */
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    (uint64_t)st.st_ino == ob->ino &&
	    (ob->cls == FW_PIPE || (uint64_t)st.st_dev == ob->dev)) {
		if (ioctl(fd, FIONREAD, &n) == 0)
			s->fill = s->bytes = n;
		if ((n = fcntl(fd, F_GETPIPE_SZ)) > 0)
			ch->capacity = n;
	} else
		row->fds_due = true;
	close(fd);
	s->capacity = ch->capacity;
}

/*
 * An IP socket's receive queue through sock_diag: a TCP socket's bytes,
 * its capacity the receive buffer the kernel sizes as it goes (elastic);
 * a UDP socket's queue counts kernel memory, so only whether it is empty.
 */
static void
fw_inet_sample(struct follow *fw, struct fw_chan *ch, struct chan_sample *s)
{
	struct fw_obj	*ob = &fw->objs[ch->obj];
	struct sockdiag	 d;

	if ((ob->self.sa.sa_family == AF_INET6 ? sockdiag_inet6(ob->proto,
	    &ob->self.v6, &ob->peer_addr.v6, ob->cookie, &d) :
	    sockdiag_inet(ob->proto, &ob->self.v4, &ob->peer_addr.v4,
	    ob->cookie, &d)) == -1)
		return;
	if (ob->proto == IPPROTO_UDP) {
		s->fill = s->messages = d.rqueue == 0 ? 0 : -1;
		return;
	}
	s->fill = s->bytes = d.rqueue;
	if (d.has_mem)
		s->capacity = ch->capacity = d.mem[SK_MEMINFO_RCVBUF];
}

/*
 * A socket's receive queue: bytes for a stream or seqpacket socket; a
 * datagram socket's says only whether it is empty. The capacity is the
 * sender's buffer (SO_SNDBUF), looked at once a second.
 */
static void
fw_sock_sample(struct follow *fw, struct fw_chan *ch, struct chan_sample *s,
    uint64_t now)
{
	struct fw_obj	*ob = &fw->objs[ch->obj];
	struct fw_unix	 u, pu;
	int		 p = ob->peer_obj;

	if (ob->inet) {
		fw_inet_sample(fw, ch, s);
		return;
	}
	if (fw_diag_unix(fw, ob->ino, ob->cookie, &u) == -1)
		return;
	if (u.type == SOCK_DGRAM)
		s->fill = u.rqueue == 0 ? 0 : -1;
	else
		s->fill = u.rqueue;
	s->bytes = s->fill;
	if (u.type != SOCK_DGRAM && p != -1 && (ch->capacity < 0 ||
	    now - ch->cap_ns >= FW_CAP_EVERY_NS)) {
		ch->cap_ns = now;
		if (fw_diag_unix(fw, fw->objs[p].ino, fw->objs[p].cookie,
		    &pu) == 0 && pu.has_mem)
			ch->capacity = pu.sndbuf;
	}
	s->capacity = u.type == SOCK_DGRAM ? -1 : ch->capacity;
}

/*
 * A System V queue, from /proc/sysvipc/msg: its bytes and messages, and
 * the last sender and receiver (seen using it when followed); its limit
 * (msg_qbytes) from IPC_STAT, once a second.
 */
static void
fw_sysv_sample(struct follow *fw, int c, struct chan_sample *s,
    uint64_t now)
{
	struct fw_chan		*ch = &fw->chans[c];
	unsigned long long	 id = fw->objs[ch->obj].ino;
	long long		 key, msqid, cbytes, qnum, lspid, lrpid;
	struct msqid_ds		 ds;
	char			 line[512];
	FILE			*f;
	int			 r;

	if ((f = fopen("/proc/sysvipc/msg", "re")) == NULL)
		return;
	ch->gone = true;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "%lld %lld %*o %lld %lld %lld %lld", &key,
		    &msqid, &cbytes, &qnum, &lspid, &lrpid) != 6 ||
		    (unsigned long long)msqid != id)
			continue;
		ch->gone = false;
		s->holders = true;
		s->fill = s->bytes = cbytes;
		s->messages = qnum;
		if ((r = fw_row_find(fw, (pid_t)lspid)) != -1 &&
		    fw->rows[r].proc == -1)
			fw_chan_seen(fw, c, r, true);
		if ((r = fw_row_find(fw, (pid_t)lrpid)) != -1 &&
		    fw->rows[r].proc == -1)
			fw_chan_seen(fw, c, r, false);
		break;
	}
	fclose(f);
	if (!ch->gone && (ch->capacity < 0 || now - ch->cap_ns >=
	    FW_CAP_EVERY_NS)) {
		ch->cap_ns = now;
		if (msgctl((int)id, IPC_STAT, &ds) == 0)
			ch->capacity = (int64_t)ds.msg_qbytes;
	}
	s->capacity = ch->capacity;
}

/* An eventfd's count, from a holder's fdinfo: messages waiting. */
static void
fw_anon_sample(struct follow *fw, struct fw_chan *ch, struct chan_sample *s)
{
	struct fw_obj		*ob = &fw->objs[ch->obj];
	unsigned long long	 v;

	if (ob->hold_row == -1 || ob->ops->seen.special == NULL ||
	    fw_fdinfo_value(fw->rows[ob->hold_row].pid, ob->hold_fd,
	    ob->ops->seen.special, "count", 16, &v) == -1)
		return;
	s->fill = s->messages = v > INT64_MAX ? INT64_MAX : (int64_t)v;
}

/* A POSIX queue's messages and limit, on a borrowed descriptor. */
static void
fw_mq_sample(struct follow *fw, struct fw_chan *ch, struct chan_sample *s)
{
	struct fw_obj	*ob = &fw->objs[ch->obj];
	struct fw_row	*row;
	struct mq_attr	 attr;
	struct stat	 st;
	int		 fd;

	if (ob->hold_row == -1)
		return;
	row = &fw->rows[ob->hold_row];
	if (row->ended || row->pidfd == -1)
		return;
	fd = (int)syscall(SYS_pidfd_getfd, row->pidfd, ob->hold_fd, 0);
	if (fd == -1) {
		if (errno == EBADF)
			row->fds_due = true;
		return;
	}
	if (fstat(fd, &st) == 0 && (uint64_t)st.st_ino == ob->ino &&
	    (uint64_t)st.st_dev == ob->dev && mq_getattr(fd, &attr) == 0) {
		s->fill = s->messages = attr.mq_curmsgs;
		s->capacity = ch->capacity = attr.mq_maxmsg;
	} else
		row->fds_due = true;
	close(fd);
}

void
fw_chans_sample(struct follow *fw, struct chan_sample *samples, uint64_t now)
{
	struct chan_sample	*s;
	struct fw_chan		*ch;
	int			 c;

	for (c = 0; c < fw->nchans; c++) {
		ch = &fw->chans[c];
		s = &samples[c];
		memset(s, 0, sizeof *s);
		s->fill = s->bytes = s->messages = s->capacity = -1;
		s->dropped = -1;
		s->buffered_items = s->buffered_bytes = -1;
		s->holders = ch->holders > 0;
		if (fw->objs[ch->obj].cls == FW_SYSV) {
			fw_sysv_sample(fw, c, s, now);
			continue;
		}
		if (!s->holders)
			continue;	/* nobody has it: gone */
		switch (fw->objs[ch->obj].cls) {
		case FW_SOCK:
			fw_sock_sample(fw, ch, s, now);
			break;
		case FW_ANON:
			fw_anon_sample(fw, ch, s);
			break;
		case FW_MQ:
			fw_mq_sample(fw, ch, s);
			break;
		case FW_PSEM:		/* i11-python */
			fw_psem_sample(fw, ch, s);
			break;
		default:
			fw_pipe_sample(fw, ch, s);
			break;
		}
	}
}

void
fw_chans_free(struct follow *fw)
{
	int	c;

	for (c = 0; c < fw->nchans; c++) {
		free(fw->chans[c].writers);
		free(fw->chans[c].readers);
	}
	free(fw->chans);
	fw->chans = NULL;
	fw->nchans = 0;
}
