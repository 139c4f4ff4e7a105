/*
 * chan-eventfd.c: an eventfd(2), a counter in the kernel, not a queue.
 *
 * A writer's message is write(2) of the 8-byte value 1: it adds 1 to the
 * counter and returns at once. Writes coalesce: 100 messages written
 * while nobody reads are one count of 100, with nothing left of who
 * wrote them or in which order. A reader's read(2) sleeps while the
 * counter is 0; then it takes the whole count and leaves 0, or, with
 * 'semaphore = yes' (EFD_SEMAPHORE), takes 1 and lowers the count by 1.
 * A writer would sleep only if the counter were to pass
 * 0xfffffffffffffffe (2^64 - 2), which no run reaches: the channel is
 * shown without a capacity (unbounded), and that limit is said in its
 * rule and the man page.
 *
 * The frame header cannot travel through a counter. As for a signal, recv
 * rebuilds frames the worker accepts: a read that takes N is N messages,
 * handed out one per recv() call (the first call reads, the next N - 1
 * return at once), numbered 0, 1, 2... per reader, as from producer 0.
 * A counter loses nothing and duplicates nothing, so 'lost' stays 0; what
 * shows a reader's work is its msgs_in, and at the end the readers'
 * msgs_in add up to the writers' msgs_out. There is no end marker (a
 * count cannot carry one) and no end of file: a reader stops after its
 * 'count', or when the run ends.
 *
 * Fill is the counter, read from the kernel without touching it: the
 * observer keeps its own descriptor of the eventfd (c->obsfd, as for a
 * POSIX queue: harmless, since an eventfd has no end of file and no
 * EPIPE for a held descriptor to hide, and the observer never reads or
 * writes it) and reads "eventfd-count:" (in hexadecimal) from
 * /proc/self/fdinfo/OBSFD, kept open and read again with pread(2). Never
 * read(2): that would take the count.
 *
 * A worker blocked in the kind sleeps in read(2) or write(2) on its end:
 * the default confirmation.
 */
#include "config.h"

#include <sys/eventfd.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "kinds/frame.h"
#include "base/util.h"

/* The kind's own key: semaphore (opt[0]), EFD_SEMAPHORE. */
#define EVFD_SEMAPHORE(c)	((c)->conf->opt[0] != 0)

struct evfd {
	int		info;		/* parent: fdinfo of c->obsfd */
	uint64_t	pending;	/* reader: taken, not handed out */
	uint64_t	seq;		/* reader: next rebuilt number */
};

/* The parent's own handle and its fdinfo. 0 or -1 with *cause. */
static int
evfd_observe(struct chan *c, struct evfd *e, int fd, char **cause)
{
	char	path[64];

	if ((c->obsfd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) == -1) {
		xasprintf(cause, "channel '%s': dup: %s", c->conf->name,
		    strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", c->obsfd);
	if ((e->info = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, "channel '%s': %s: %s", c->conf->name, path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
evfd_create(struct chan *c, struct registry *reg, char **cause)
{
	struct evfd	*e;
	int		 fd, wfd;

	(void)reg;
	c->priv = e = xcalloc(1, sizeof *e);
	e->info = -1;
	fd = eventfd(0, EFD_CLOEXEC | (EVFD_SEMAPHORE(c) ? EFD_SEMAPHORE : 0));
	if (fd == -1) {
		xasprintf(cause, "channel '%s': eventfd: %s", c->conf->name,
		    strerror(errno));
		return -1;
	}
	if (evfd_observe(c, e, fd, cause) == -1) {
		close(fd);
		return -1;
	}
	/* Two numbers, one counter: readers keep one, writers the other. */
	if ((wfd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) == -1) {
		xasprintf(cause, "channel '%s': dup: %s", c->conf->name,
		    strerror(errno));
		close(fd);
		return -1;
	}
	c->capacity = -1;
	c->recvbuf = FRAME_HEADER;
	return channel_place_pair(c, fd, wfd, cause);
}

/* One message: add 1 to the counter. */
static ssize_t
evfd_send(struct chan *c, const void *buf, size_t len)
{
	uint64_t	one = 1;

	(void)buf;
	if (write(c->fd[END_WRITE], &one, sizeof one) == -1)
		return -1;
	return (ssize_t)len;
}

/*
 * One message, rebuilt as a frame: from what the last read took if any is
 * left, else from a new read(2), which sleeps while the counter is 0.
 */
static ssize_t
evfd_recv(struct chan *c, void *buf, size_t len)
{
	struct evfd	*e = c->priv;
	uint32_t	 magic = FRAME_MAGIC, producer = 0;
	uint64_t	 v;

	if (len < FRAME_HEADER) {
		errno = EMSGSIZE;
		return -1;
	}
	if (e->pending == 0) {
		if (read(c->fd[END_READ], &v, sizeof v) == -1)
			return -1;
		e->pending = v;
	}
	e->pending--;
	memcpy(buf, &magic, 4);
	memcpy((char *)buf + 4, &producer, 4);
	memcpy((char *)buf + 8, &e->seq, 8);
	e->seq++;
	return FRAME_HEADER;
}

/* The counter, from fdinfo: "eventfd-count: %16llx". -1 unknown. */
static int64_t
evfd_count(const struct evfd *e)
{
	char		 text[512], *p, *end;
	uint64_t	 v;
	ssize_t		 n;

	if (e->info == -1 ||
	    (n = pread(e->info, text, sizeof text - 1, 0)) <= 0)
		return -1;
	text[n] = '\0';
	if ((p = strstr(text, "eventfd-count:")) == NULL)
		return -1;
	errno = 0;
	v = strtoull(p + 14, &end, 16);
	if (errno != 0 || end == p + 14 || v > INT64_MAX)
		return -1;
	return (int64_t)v;
}

static void
evfd_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	(void)borrow;
	(void)arg;
	s->bytes = -1;		/* a count, no payload */
	s->capacity = -1;	/* 2^64 - 2: none a run reaches */
	s->holders = true;
	s->fill = s->messages = c->priv != NULL ? evfd_count(c->priv) : -1;
}

static void
evfd_destroy(struct chan *c, struct registry *reg)
{
	struct evfd	*e = c->priv;

	(void)reg;
	channel_close_pair(c);
	if (e != NULL && e->info != -1)
		close(e->info);
	if (c->obsfd != -1) {
		close(c->obsfd);
		c->obsfd = -1;
	}
	free(e);
	c->priv = NULL;
}

static int
evfd_key_semaphore(struct chan_conf *conf, const char *v, char **cause)
{
	if (strcmp(v, "yes") == 0)
		conf->opt[0] = 1;
	else if (strcmp(v, "no") == 0)
		conf->opt[0] = 0;
	else {
		xasprintf(cause, "semaphore must be yes (EFD_SEMAPHORE: a read "
		    "takes 1) or no (a read takes the whole count), not '%s'",
		    util_clip(v, 64, 48));
		return -1;
	}
	return 0;
}

static const struct kind_key evfd_keys[] = {
	{ "semaphore", evfd_key_semaphore, "'semaphore' applies only to "
	  "eventfd channels (EFD_SEMAPHORE: a read takes 1)" },
	{ NULL, NULL, NULL }
};

static void
evfd_check(struct kind_check *kc)
{
	if (kc->cap_given)
		kc->error(kc, "capacity", "an eventfd has no capacity to set: "
		    "its counter holds up to 0xfffffffffffffffe (2^64 - 2); "
		    "leave 'capacity' out");
}

const struct channel_ops chan_eventfd_ops = {
	.name = "eventfd",
	.by_messages = true,
	.unbounded = true,
	.rate_unit = "msgs/s",	/* a message is a count of 1, not bytes */
	.send_op = "write",
	.recv_op = "read",
	.seen = { .special = "eventfd" },
	.rule_send = "write() adds its value to the counter (1 per message "
	    "here) and returns at once: writes coalesce into one count. It "
	    "would sleep only if the counter were to pass "
	    "0xfffffffffffffffe (2^64 - 2).",
	.rule_recv = "read() sleeps while the counter is 0; then it takes the "
	    "whole count and leaves 0, or with EFD_SEMAPHORE takes 1.",
	.rule_close = "An eventfd has no end of file and no EPIPE: closing an "
	    "end changes nothing the others see, and a reader waits at 0 for "
	    "ever once nobody writes.",
	.send_nr = SYS_write,
	.recv_nr = SYS_read,
	.closable = true,
	.no_markers = "no end markers on an eventfd: a count cannot carry one; "
	    "give each reader a 'count', or let the run's duration end it",
	.no_size = "an eventfd carries no payload: each message adds 1 to its "
	    "counter; leave 'size' out",
	.keys = evfd_keys,
	.check = evfd_check,
	.create = evfd_create,
	.open_end = channel_open_inherited,
	.send = evfd_send,
	.recv = evfd_recv,
	.sample = evfd_sample,
	.parent_close = channel_close_pair,
	.destroy = evfd_destroy,
};
