/*
 * chan-fifo.c: a named pipe in the run's private directory. Workers open
 * the path themselves, so a writer sits in open() until a reader comes
 * (the rendezvous people trip over). The observer never opens the path:
 * that would count as a reader or writer.
 */
#include "config.h"

#include <sys/syscall.h>

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "base/registry.h"
#include "base/util.h"

static int
fifo_create(struct chan *c, struct registry *reg, char **cause)
{
	char		*name;
	struct stat	 st;

	name = registry_unique(reg, c->conf->name);
	xasprintf(&c->path, "%s/%s", registry_dir(reg), name);
	free(name);
	if (mkfifo(c->path, 0600) == -1) {
		xasprintf(cause, "channel '%s': mkfifo %s: %s", c->conf->name,
		    c->path, strerror(errno));
		return -1;
	}
	registry_add_path(reg, c->path);
	if (stat(c->path, &st) == 0) {
		c->dev = st.st_dev;
		c->ino = st.st_ino;
	}
	c->capacity = c->conf->capacity != 0 ? -1 :
	    channel_default_pipe_capacity();
	c->fd[END_READ] = chan_fd(c->index, END_READ);
	c->fd[END_WRITE] = chan_fd(c->index, END_WRITE);
	return 0;
}

static int
fifo_open_end(struct chan *c, int e)
{
	int	fd;

	/* Blocks until the other side opens too: that is the lesson. */
	do {
		fd = open(c->path, e == END_READ ? O_RDONLY : O_WRONLY);
	} while (fd == -1 && errno == EINTR);
	if (fd == -1)
		return -1;
	if (e == END_WRITE && c->conf->capacity != 0 &&
	    fcntl(fd, F_SETPIPE_SZ, (int)c->conf->capacity) == -1) {
		close(fd);
		return -1;
	}
	return channel_place_fd(fd, chan_fd(c->index, e));
}

static void
fifo_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	channel_pipe_sample(c, borrow, arg, s);
	if (s->fill == -1 && !s->holders) {
		/* Open by nobody: a FIFO has no buffer until it is opened
		   (and loses its contents when the last end closes). */
		s->fill = s->bytes = s->messages = 0;
	}
}

static void
fifo_parent_close(struct chan *c)
{
}

static void
fifo_destroy(struct chan *c, struct registry *reg)
{
	if (c->path != NULL)
		unlink(c->path);
}

const struct channel_ops chan_fifo_ops = {
	.name = "fifo",
	.seen = { .ftype = S_IFIFO, .named = true },
	.by_messages = false,
	.stream = true,
	.send_op = "write",
	.recv_op = "read",
	.rule_send = "A FIFO is a pipe with a name: open() for writing waits "
	    "until a reader opens it too; then write() copies what fits "
	    "and sleeps until a reader makes room (capacity "
	    "F_GETPIPE_SZ).",
	.rule_recv = "open() for reading waits for a writer; read() on an empty "
	    "FIFO sleeps until data comes, and returns 0 once every "
	    "writer has closed it.",
	.send_nr = SYS_write,
	.recv_nr = SYS_read,
	.resizable = true,
	.closable = true,
	.exec_stdio = true,
	.check = channel_check_pipe_capacity,
	.create = fifo_create,
	.open_end = fifo_open_end,
	.send = channel_fd_write,
	.recv = channel_fd_read,
	.send_nb = channel_pipe_send_nb,
	.pollfd = channel_write_pollfd,
	.sample = fifo_sample,
	.parent_close = fifo_parent_close,
	.destroy = fifo_destroy,
};
