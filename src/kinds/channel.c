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

#define KIND(k)	extern const struct channel_ops chan_##k##_ops;
#include "kinds/kinds.def"
#undef KIND

static const struct channel_ops *const channel_table[] = {
#define KIND(k)	&chan_##k##_ops,
#include "kinds/kinds.def"
#undef KIND
	NULL
};

/* SOCK_MIN_SNDBUF: the kernel doubles 2304 and never goes below it. */
#define CHAN_MIN_SNDBUF	4608

static struct chan_limits	channel_lim;
static bool			channel_lim_read;

const struct channel_ops *
channel_kind(int i)
{
	if (i < 0 || i >= (int)nitems(channel_table))
		return NULL;
	return channel_table[i];
}

const struct channel_ops *
channel_kind_by_name(const char *name)
{
	int	i;

	for (i = 0; channel_table[i] != NULL; i++) {
		if (strcmp(channel_table[i]->name, name) == 0)
			return channel_table[i];
	}
	return NULL;
}

const struct channel_ops *
channel_kind_seen(unsigned ftype, bool named, int family, int socktype)
{
	const struct kind_seen	*k;
	int			 i;

	for (i = 0; ftype != 0 && channel_table[i] != NULL; i++) {
		k = &channel_table[i]->seen;
		if (k->ftype == ftype && k->named == named &&
		    k->family == family && k->socktype == socktype)
			return channel_table[i];
	}
	return NULL;
}

const struct channel_ops *
channel_kind_special(const char *special)
{
	const char	*k;
	int		 i;

	for (i = 0; channel_table[i] != NULL; i++) {
		k = channel_table[i]->seen.special;
		if (k != NULL && strcmp(k, special) == 0)
			return channel_table[i];
	}
	return NULL;
}

void
channel_kind_list(char *buf, size_t len, const char *sep_last,
    bool (*want)(const struct channel_ops *))
{
	size_t	used = 0;
	int	i, n = 0, total = 0;

	for (i = 0; channel_table[i] != NULL; i++)
		total += want == NULL || want(channel_table[i]);
	if (len > 0)
		buf[0] = '\0';
	for (i = 0; channel_table[i] != NULL && used < len; i++) {
		if (want != NULL && !want(channel_table[i]))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    n == 0 ? "" : n == total - 1 ? sep_last : ", ",
		    channel_table[i]->name);
		n++;
	}
}

static uint64_t
channel_read_limit(const char *path, uint64_t dflt)
{
	FILE			*f;
	unsigned long long	 v;
	int			 n;

	if ((f = fopen(path, "r")) == NULL)
		return dflt;
	n = fscanf(f, "%llu", &v);
	fclose(f);
	return (n == 1 && v > 0) ? (uint64_t)v : dflt;
}

const struct chan_limits *
channel_limits(void)
{
	if (!channel_lim_read) {
		channel_lim.pipe_max_size =
		    channel_read_limit("/proc/sys/fs/pipe-max-size", 1048576);
		channel_lim.mq_msg_max =
		    channel_read_limit("/proc/sys/fs/mqueue/msg_max", 10);
		channel_lim.mq_msgsize_max =
		    channel_read_limit("/proc/sys/fs/mqueue/msgsize_max", 8192);
		channel_lim.msgmnb =
		    channel_read_limit("/proc/sys/kernel/msgmnb", 16384);
		channel_lim.msgmax =
		    channel_read_limit("/proc/sys/kernel/msgmax", 8192);
		channel_lim.wmem_max =
		    channel_read_limit("/proc/sys/net/core/wmem_max", 212992);
		channel_lim_read = true;
	}
	return &channel_lim;
}

void
channel_set_limits(const struct chan_limits *l)
{
	if (l == NULL)
		channel_lim_read = false;
	else {
		channel_lim = *l;
		channel_lim_read = true;
	}
}

void
channel_check_pipe_capacity(struct kind_check *kc)
{
	if (kc->cap_ok && kc->conf->capacity > kc->lim->pipe_max_size)
		kc->error(kc, "capacity", "capacity %s is above the pipe limit "
		    "%llu (/proc/sys/fs/pipe-max-size)", kc->cap_text,
		    (unsigned long long)kc->lim->pipe_max_size);
}

void
channel_check_sock_capacity(struct kind_check *kc)
{
	const struct chan_conf	*c = kc->conf;

	if (!kc->cap_ok || c->capacity == 0)
		return;
	if (c->capacity > kc->lim->wmem_max)
		kc->error(kc, "capacity", "capacity %s is above the %s limit "
		    "%llu (/proc/sys/net/core/wmem_max)", kc->cap_text,
		    c->kind->name, (unsigned long long)kc->lim->wmem_max);
	else if (c->capacity < CHAN_MIN_SNDBUF)
		kc->error(kc, "capacity", "capacity %s is below the %s minimum "
		    "%d (the kernel's smallest socket buffer, 2304 doubled)",
		    kc->cap_text, c->kind->name, CHAN_MIN_SNDBUF);
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
		xasprintf(cause, "channel '%s': dup2: %s", c->conf->name,
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
		xasprintf(cause, "channel '%s': mmap: %s", c->conf->name,
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
