/*
 * chan-pipe.c: an anonymous pipe. Fill is FIONREAD on an end borrowed from
 * a worker for one call; capacity is F_GETPIPE_SZ (after F_SETPIPE_SZ when
 * the scenario asks for a size).
 */
#include "config.h"

#include <sys/syscall.h>

#include <sys/ioctl.h>

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "base/util.h"

/* Also the pipe under an mpqueue. */
int
channel_pipe_create(struct chan *c, struct registry *reg, char **cause)
{
	int	p[2];

	if (pipe(p) == -1) {
		xasprintf(cause, "channel '%s': pipe: %s", c->conf->name,
		    strerror(errno));
		return -1;
	}
	if (c->conf->capacity != 0 &&
	    fcntl(p[1], F_SETPIPE_SZ, (int)c->conf->capacity) == -1) {
		xasprintf(cause, "channel '%s': F_SETPIPE_SZ %llu: %s",
		    c->conf->name, (unsigned long long)c->conf->capacity,
		    strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	c->capacity = fcntl(p[1], F_GETPIPE_SZ);
	return channel_place_pair(c, p[0], p[1], cause);
}

/* Shared by pipe and fifo: FIONREAD works on either end of a pipe. */
void
channel_pipe_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	int	fd, n, e;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = c->capacity;
	s->holders = false;
	for (e = END_WRITE; e >= END_READ; e--) {
		if ((fd = borrow(arg, c, e)) < 0) {
			if (fd == -2)
				s->holders = true;
			continue;
		}
		s->holders = true;
		if (ioctl(fd, FIONREAD, &n) == 0) {
			s->fill = s->bytes = n;
			if (c->msgsize > 0)
				s->messages = n / (int64_t)c->msgsize;
		}
		/* Only F_SETPIPE_SZ changes it, and only at creation or
		   (FIFO) by the writer before its end is in place: once seen
		   on a write end it is final; from a read end, ask again. */
		if (c->capacity <= 0 && (n = fcntl(fd, F_GETPIPE_SZ)) > 0) {
			s->capacity = n;
			if (e == END_WRITE)
				c->capacity = n;
		}
		close(fd);
		return;
	}
}

const struct channel_ops chan_pipe_ops = {
	.name = "pipe",
	.seen = { .ftype = S_IFIFO },
	.by_messages = false,
	.stream = true,
	.send_op = "write",
	.recv_op = "read",
	.rule_send = "A pipe holds at most its capacity (F_GETPIPE_SZ). write() "
	    "copies what fits and sleeps until a reader makes room; a "
	    "write of at most PIPE_BUF (4096) bytes is atomic and waits "
	    "until it fits whole in a page slot.",
	.rule_recv = "read() on an empty pipe sleeps until a writer writes, and "
	    "returns 0 (end of file) once every write end is closed.",
	.send_nr = SYS_write,
	.recv_nr = SYS_read,
	.resizable = true,
	.closable = true,
	.exec_stdio = true,
	.check = channel_check_pipe_capacity,
	.create = channel_pipe_create,
	.open_end = channel_open_inherited,
	.send = channel_fd_write,
	.recv = channel_fd_read,
	.send_nb = channel_pipe_send_nb,
	.pollfd = channel_write_pollfd,
	.sample = channel_pipe_sample,
	.parent_close = channel_close_pair,
	.destroy = channel_destroy_pair,
};
