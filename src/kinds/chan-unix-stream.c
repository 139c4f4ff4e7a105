/*
 * chan-unix-stream.c: a connected AF_UNIX stream socketpair. Data sits in
 * the receiving socket's queue, so fill is SIOCINQ on the read end borrowed
 * from a reader. SIOCOUTQ on the sender would count kernel overhead (about
 * 4864 bytes per 4096-byte send), not payload: it is not used. Capacity is
 * the sender's SO_SNDBUF as the kernel reports it; the sender blocks a
 * little before fill reaches it because that overhead is charged too.
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

static int
ustream_create(struct chan *c, struct registry *reg, char **cause)
{
	int		sv[2], val;
	socklen_t	len = sizeof val;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1) {
		xasprintf(cause, "channel '%s': socketpair: %s", c->conf->name,
		    strerror(errno));
		return -1;
	}
	if (c->conf->capacity != 0) {
		/* The kernel doubles what it is given; ask for half so that
		   getsockopt reports the capacity the scenario wrote. */
		val = (int)(c->conf->capacity / 2);
		if (setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &val,
		    sizeof val) == -1) {
			xasprintf(cause, "channel '%s': SO_SNDBUF: %s",
			    c->conf->name, strerror(errno));
			close(sv[0]);
			close(sv[1]);
			return -1;
		}
	}
	if (getsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &val, &len) == 0)
		c->capacity = val;
	return channel_place_pair(c, sv[0], sv[1], cause);
}

static ssize_t
ustream_send_nb(struct chan *c, const void *buf, size_t len)
{
	/* MSG_DONTWAIT: this call only; SIGPIPE stays as for write(). */
	return send(c->fd[END_WRITE], buf, len, MSG_DONTWAIT);
}

static void
ustream_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	int	fd, n;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = c->capacity;
	/* Only the read end tells what waits for the reader. */
	if ((fd = borrow(arg, c, END_READ)) < 0)
		return;
	if (ioctl(fd, SIOCINQ, &n) == 0) {
		s->fill = s->bytes = n;
		if (c->msgsize > 0)
			s->messages = n / (int64_t)c->msgsize;
	}
	close(fd);
}

const struct channel_ops chan_unix_stream_ops = {
	.name = "unix-stream",
	.seen = {
		.ftype = S_IFSOCK,
		.family = AF_UNIX,
		.socktype = SOCK_STREAM
	},
	.by_messages = false,
	.stream = true,
	.send_op = "write",
	.recv_op = "read",
	.rule_send = "Data in a unix stream socket waits in the receiver's queue "
	    "but is charged to the sender's SO_SNDBUF, together with "
	    "the kernel's bookkeeping per send; write() sleeps when "
	    "that is used up, before the payload alone reaches "
	    "SO_SNDBUF.",
	.rule_recv = "read() sleeps until data arrives, and returns 0 once the "
	    "peer has closed its end.",
	.send_nr = SYS_write,
	.recv_nr = SYS_read,
	.closable = true,
	.exec_stdio = true,
	.check = channel_check_sock_capacity,
	.create = ustream_create,
	.open_end = channel_open_inherited,
	.send = channel_fd_write,
	.recv = channel_fd_read,
	.send_nb = ustream_send_nb,
	.pollfd = channel_write_pollfd,
	.sample = ustream_sample,
	.parent_close = channel_close_pair,
	.destroy = channel_destroy_pair,
};
