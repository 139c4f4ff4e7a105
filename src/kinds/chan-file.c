/*
 * chan-file.c: a regular file in the run's private directory, appended to
 * by its writers and tailed by its readers. A file never pushes back: a
 * write returns as soon as the page cache has the bytes, the file only
 * grows, and a reader at the end gets 0 from read(), which is not the end
 * of the data while a writer lives (the tail flag: the worker waits and
 * looks again).
 *
 * Fill is the file's size from stat() on the path, which needs no end
 * held. Unread bytes are the size minus the reader's offset, read with
 * lseek(fd, 0, SEEK_CUR) on the read end borrowed for that one call: a
 * pidfd_getfd copy shares the open file description, so it sees the
 * reader's offset and leaves it where it is. There is no capacity.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "base/registry.h"
#include "base/util.h"

static int
file_create(struct chan *c, struct registry *reg, char **cause)
{
	struct stat	 st;
	char		*name;
	int		 fd;

	name = registry_unique(reg, c->conf->name);
	xasprintf(&c->path, "%s/%s", registry_dir(reg), name);
	free(name);
	fd = open(c->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		xasprintf(cause, "channel '%s': create %s: %s", c->conf->name,
		    c->path, strerror(errno));
		return -1;
	}
	registry_add_path(reg, c->path);
	/* Borrowed ends are checked against this identity. */
	if (fstat(fd, &st) == 0) {
		c->dev = st.st_dev;
		c->ino = st.st_ino;
	}
	close(fd);
	c->capacity = -1;
	c->fd[END_READ] = chan_fd(c->index, END_READ);
	c->fd[END_WRITE] = chan_fd(c->index, END_WRITE);
	return 0;
}

static int
file_open_end(struct chan *c, int e)
{
	int	fd;

	/* O_APPEND: several writers never overwrite each other. */
	fd = open(c->path, e == END_READ ? O_RDONLY : O_WRONLY | O_APPEND);
	if (fd == -1)
		return -1;
	return channel_place_fd(fd, chan_fd(c->index, e));
}

static ssize_t
file_send(struct chan *c, const void *buf, size_t len)
{
	return write(c->fd[END_WRITE], buf, len);
}

static ssize_t
file_recv(struct chan *c, void *buf, size_t len)
{
	return read(c->fd[END_READ], buf, len);
}

static void
file_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	struct stat	st;
	off_t		off = -1;
	int		fd;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = -1;
	s->holders = false;
	/* The offset first: the size only grows, so size - offset taken
	   in this order is never negative. */
	if ((fd = borrow(arg, c, END_READ)) >= 0) {
		s->holders = true;
		off = lseek(fd, 0, SEEK_CUR);
		close(fd);
	} else if (fd == -2)
		s->holders = true;
	if (c->path == NULL || stat(c->path, &st) == -1)
		return;
	s->fill = st.st_size;
	if (off < 0)
		return;		/* no reader holds it: unread unknown */
	s->bytes = st.st_size - off;
	if (c->msgsize > 0)
		s->messages = s->bytes / (int64_t)c->msgsize;
}

static void
file_parent_close(struct chan *c)
{
	/* The parent opened no end; the path needs none. */
}

static void
file_destroy(struct chan *c, struct registry *reg)
{
	if (c->path != NULL)
		unlink(c->path);
}

static void
file_check(struct kind_check *kc)
{
	if (kc->cap_ok && kc->conf->capacity != 0)
		kc->error(kc, "capacity", "a file has no capacity: it only "
		    "grows; leave 'capacity' out");
}

const struct channel_ops chan_file_ops = {
	.name = "file",
	.by_messages = false,
	.stream = true,
	.tail = true,
	.unbounded = true,
	.send_op = "write",
	.recv_op = "read",
	.rule_send = "Appending to a file never waits for a reader: the file "
	    "only grows, with no backpressure.",
	.rule_recv = "At the end of the file a reader finds nothing and looks "
	    "again while a writer lives (tail); read() itself never "
	    "waits for data.",
	.send_nr = SYS_write,
	.recv_nr = SYS_read,
	.check = file_check,
	.create = file_create,
	.open_end = file_open_end,
	.send = file_send,
	.recv = file_recv,
	.sample = file_sample,
	.parent_close = file_parent_close,
	.destroy = file_destroy,
};
