/* channel.c: the table of IPC kinds and what they share. */
#include "config.h"

#include <sys/mman.h>

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "base/util.h"

static const struct channel_ops *channel_table[CHAN_KIND_COUNT] = {
	[CHAN_PIPE] = &chan_pipe_ops,
	[CHAN_FIFO] = &chan_fifo_ops,
	[CHAN_UNIX_STREAM] = &chan_unix_stream_ops,
	[CHAN_POSIX_MQ] = &chan_posix_mq_ops,
	[CHAN_SYSV_MSGQ] = &chan_sysv_msgq_ops,
	[CHAN_UNIX_DGRAM] = &chan_unix_dgram_ops,
	[CHAN_TCP] = &chan_tcp_ops,
	[CHAN_UDP] = &chan_udp_ops,
	[CHAN_SHM_RING] = &chan_shm_ring_ops,
	[CHAN_FILE] = &chan_file_ops,
	[CHAN_SEMAPHORE] = &chan_semaphore_ops,
	[CHAN_SIGNAL] = &chan_signal_ops,
	[CHAN_MPQUEUE] = &chan_mpqueue_ops,
};

const struct channel_ops *
channel_ops_for(enum chan_kind kind)
{
	if ((int)kind < 0 || kind >= CHAN_KIND_COUNT)
		return NULL;
	return channel_table[kind];
}

int
channel_place_fd(int fd, int target)
{
	if (fd == target)
		return fcntl(fd, F_SETFD, 0);
	if (dup2(fd, target) == -1)
		return -1;
	close(fd);
	return 0;
}

void
channel_set_identity(struct chan *c, int fd)
{
	struct stat	st;

	if (fstat(fd, &st) == 0) {
		c->dev = st.st_dev;
		c->ino = st.st_ino;
	}
}

int
channel_place_pair(struct chan *c, int rfd, int wfd, char **cause)
{
	channel_set_identity(c, rfd);
	if (channel_place_fd(rfd, chan_fd(c->index, END_READ)) == -1 ||
	    channel_place_fd(wfd, chan_fd(c->index, END_WRITE)) == -1) {
		xasprintf(cause, "channel '%s': dup2: %s", c->sc->name,
		    strerror(errno));
		return -1;
	}
	c->fd[END_READ] = chan_fd(c->index, END_READ);
	c->fd[END_WRITE] = chan_fd(c->index, END_WRITE);
	c->parent_holds = true;
	return 0;
}

/* The plain calls most kinds use: ends inherited across fork, write and
   read (pipes, FIFOs, stream sockets), send and recv (other sockets). */
int
channel_open_inherited(struct chan *c, int e)
{
	return 0;
}

ssize_t
channel_fd_write(struct chan *c, const void *buf, size_t len)
{
	return write(c->fd[END_WRITE], buf, len);
}

ssize_t
channel_fd_read(struct chan *c, void *buf, size_t len)
{
	return read(c->fd[END_READ], buf, len);
}

ssize_t
channel_sock_send(struct chan *c, const void *buf, size_t len)
{
	return send(c->fd[END_WRITE], buf, len, 0);
}

ssize_t
channel_sock_recv(struct chan *c, void *buf, size_t len)
{
	return recv(c->fd[END_READ], buf, len, 0);
}

/* Destroy for kinds whose object dies with its ends; c->priv, if any, is
   one plain allocation. */
void
channel_destroy_pair(struct chan *c, struct registry *reg)
{
	channel_close_pair(c);
	free(c->priv);
	c->priv = NULL;
}

void *
channel_map_shared(struct chan *c, size_t len, char **cause)
{
	void	*p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED) {
		xasprintf(cause, "channel '%s': mmap: %s", c->sc->name,
		    strerror(errno));
		return NULL;
	}
	c->shared = p;
	c->sharedlen = len;
	return p;
}

void
channel_unmap_shared(struct chan *c)
{
	if (c->shared == NULL)
		return;
	munmap(c->shared, c->sharedlen);
	c->shared = NULL;
	c->sharedlen = 0;
}

void
channel_destroy_shared(struct chan *c, struct registry *reg)
{
	(void)reg;
	channel_unmap_shared(c);
}

void
channel_close_pair(struct chan *c)
{
	if (!c->parent_holds)
		return;
	close(c->fd[END_READ]);
	close(c->fd[END_WRITE]);
	c->parent_holds = false;
}

/*
 * Make descriptor fd non-blocking for this process only: O_NONBLOCK on fd
 * itself would change the open file description that other workers share.
 * Opening /proc/self/fd/N gives a new description of the same pipe or
 * FIFO, which then replaces fd. 0, or -1 with errno.
 */
int
channel_private_nonblock(int fd)
{
	char	path[64];
	int	nfd, fl;

	fl = fcntl(fd, F_GETFL);
	if (fl == -1)
		return -1;
	if (fl & O_NONBLOCK)
		return 0;
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if ((nfd = open(path, (fl & O_ACCMODE) | O_NONBLOCK)) == -1)
		return -1;
	return channel_place_fd(nfd, fd);
}

/* send_nb for pipes and FIFOs: write on a private non-blocking end. */
ssize_t
channel_pipe_send_nb(struct chan *c, const void *buf, size_t len)
{
	if (channel_private_nonblock(c->fd[END_WRITE]) == -1)
		return -1;
	return write(c->fd[END_WRITE], buf, len);
}

int
channel_write_pollfd(struct chan *c)
{
	return c->fd[END_WRITE];
}

int64_t
channel_default_pipe_capacity(void)
{
	static int64_t	cap = -2;
	int		p[2];

	if (cap == -2) {
		cap = -1;
		if (pipe(p) == 0) {
			cap = fcntl(p[0], F_GETPIPE_SZ);
			close(p[0]);
			close(p[1]);
		}
	}
	return cap;
}
