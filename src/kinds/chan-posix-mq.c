/*
 * chan-posix-mq.c: a POSIX message queue. It fills by message COUNT
 * (mq_maxmsg), however small the messages. The name is unlinked as soon as
 * the queue exists: workers inherit the descriptor, so no name can be left
 * behind. The observer keeps its own descriptor for mq_getattr, which is
 * harmless: a queue has no EOF or EPIPE that a held descriptor could hide.
 */
#include "config.h"

#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "base/registry.h"
#include "base/util.h"
#include "kinds/frame.h"

static long
mq_sysctl(const char *name, long dflt)
{
	char	 path[128];
	FILE	*f;
	long	 v;

	snprintf(path, sizeof path, "/proc/sys/fs/mqueue/%s", name);
	if ((f = fopen(path, "r")) == NULL)
		return dflt;
	if (fscanf(f, "%ld", &v) != 1)
		v = dflt;
	fclose(f);
	return v;
}

static int
pmq_create(struct chan *c, struct registry *reg, char **cause)
{
	struct mq_attr	 attr;
	char		*name;
	mqd_t		 q;

	memset(&attr, 0, sizeof attr);
	attr.mq_maxmsg = c->conf->capacity != 0 ? (long)c->conf->capacity :
	    mq_sysctl("msg_default", 10);
	attr.mq_msgsize = c->conf->msgsize != 0 ? (long)c->conf->msgsize :
	    mq_sysctl("msgsize_default", 8192);
	if ((uint64_t)attr.mq_msgsize < c->msgsize)
		attr.mq_msgsize = (long)c->msgsize;

	name = registry_unique(reg, c->conf->name);
	xasprintf(&c->mqname, "/%s", name);
	free(name);
	if (registry_add_mq(reg, c->mqname, cause) == -1)
		return -1;
	q = mq_open(c->mqname, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	if (q == (mqd_t)-1) {
		xasprintf(cause, "channel '%s': mq_open (%ld messages of %ld "
		    "bytes): %s%s", c->conf->name, attr.mq_maxmsg,
		    attr.mq_msgsize, strerror(errno), errno == EMFILE ?
		    " (the per-user budget RLIMIT_MSGQUEUE is used up)" : "");
		return -1;
	}
	mq_unlink(c->mqname);
	registry_forget_mq(reg, c->mqname);
	if (mq_getattr(q, &attr) == 0) {
		c->capacity = attr.mq_maxmsg;
		c->recvbuf = (size_t)attr.mq_msgsize;
	}
	c->obsfd = fcntl((int)q, F_DUPFD_CLOEXEC, 3);
	if (channel_place_fd((int)q, chan_fd(c->index, END_READ)) == -1) {
		xasprintf(cause, "channel '%s': dup2: %s", c->conf->name,
		    strerror(errno));
		return -1;
	}
	/* One descriptor serves both directions. */
	c->fd[END_READ] = c->fd[END_WRITE] = chan_fd(c->index, END_READ);
	c->parent_holds = true;
	return 0;
}

static int
pmq_open_end(struct chan *c, int e)
{
	return 0;
}

static ssize_t
pmq_send(struct chan *c, const void *buf, size_t len)
{
	if (mq_send((mqd_t)c->fd[END_WRITE], buf, len, 0) == -1)
		return -1;
	return (ssize_t)len;
}

static ssize_t
pmq_send_nb(struct chan *c, const void *buf, size_t len)
{
	static const struct timespec	past = { 0, 0 };

	/* The descriptor is shared by every worker of the queue: a timeout
	   already past makes this one call non-blocking instead. */
	if (mq_timedsend((mqd_t)c->fd[END_WRITE], buf, len, 0, &past) == -1) {
		if (errno == ETIMEDOUT)
			errno = EAGAIN;
		return -1;
	}
	return (ssize_t)len;
}

static ssize_t
pmq_recv(struct chan *c, void *buf, size_t len)
{
	return mq_receive((mqd_t)c->fd[END_READ], buf, len, NULL);
}

static void
pmq_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	struct mq_attr	attr;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = c->capacity;
	if (c->obsfd == -1 || mq_getattr((mqd_t)c->obsfd, &attr) == -1)
		return;
	s->fill = s->messages = attr.mq_curmsgs;
	s->bytes = attr.mq_curmsgs * (int64_t)c->msgsize;
	s->capacity = attr.mq_maxmsg;
}

static void
pmq_parent_close(struct chan *c)
{
	if (!c->parent_holds)
		return;
	close(c->fd[END_READ]);
	c->parent_holds = false;
}

static void
pmq_destroy(struct chan *c, struct registry *reg)
{
	pmq_parent_close(c);
	if (c->obsfd != -1) {
		close(c->obsfd);
		c->obsfd = -1;
	}
}

/* msgsize: mq_msgsize; 0 (not given) means the writers' size. */
static int
pmq_key_msgsize(struct chan_conf *conf, const char *v, char **cause)
{
	char	*why;

	if (units_parse_size(v, &conf->msgsize, &why) != 0) {
		xasprintf(cause, "msgsize: %s", why);
		free(why);
		return -1;
	}
	return 0;
}

static const struct kind_key pmq_keys[] = {
	{ "msgsize", pmq_key_msgsize, "'msgsize' applies only to posix-mq "
	  "channels; for a %s the writers' 'size' sets it" },
	{ NULL, NULL, NULL }
};

static void
pmq_check(struct kind_check *kc)
{
	const struct chan_limits	*lim = kc->lim;

	if (kc->cap_ok && kc->conf->capacity > lim->mq_msg_max)
		kc->error(kc, "capacity", "capacity %s is above the posix-mq "
		    "limit %llu messages (/proc/sys/fs/mqueue/msg_max)",
		    kc->cap_text, (unsigned long long)lim->mq_msg_max);
	if (!kc->msgsize_ok || kc->msgsize == 0)
		return;
	if (kc->msgsize < FRAME_HEADER)
		kc->error(kc, "msgsize", "msgsize %s is below %d: " FRAME_WHY,
		    kc->msgsize_text, FRAME_HEADER);
	else if (kc->msgsize > lim->mq_msgsize_max)
		kc->error(kc, "msgsize", "msgsize %s is above the posix-mq "
		    "limit %llu (/proc/sys/fs/mqueue/msgsize_max)",
		    kc->msgsize_text, (unsigned long long)lim->mq_msgsize_max);
}

/* A writer's messages must fit mq_msgsize, or the kernel's limit. */
static void
pmq_check_writer(struct kind_check *kc, const char *proc, uint64_t size,
    const char *size_text)
{
	if (kc->msgsize_given && (!kc->msgsize_ok || kc->msgsize != 0)) {
		if (kc->msgsize >= FRAME_HEADER && size > kc->msgsize)
			kc->error(kc, "size", "process '%s' writes messages of "
			    "%s but channel '%s' has msgsize %s; raise msgsize "
			    "to at least %s", proc, size_text, kc->conf->name,
			    kc->msgsize_text, size_text);
	} else if (size > kc->lim->mq_msgsize_max)
		kc->error(kc, "size", "process '%s' writes messages of %s, "
		    "above the posix-mq message size limit %llu "
		    "(/proc/sys/fs/mqueue/msgsize_max)", proc, size_text,
		    (unsigned long long)kc->lim->mq_msgsize_max);
}

const struct channel_ops chan_posix_mq_ops = {
	.name = "posix-mq",
	.by_messages = true,
	.stream = false,
	.send_op = "send",
	.recv_op = "recv",
	.seen = { .special = "mqueue" },
	.rule_send = "A POSIX queue holds at most mq_maxmsg messages, however "
	    "small: mq_send() sleeps while it is full (mq_curmsgs = "
	    "mq_maxmsg).",
	.rule_recv = "mq_receive() sleeps while the queue is empty; a queue has "
	    "no end of file, so a reader whose writers are gone waits "
	    "forever unless told to stop (an end marker).",
	.cap_count = true,
	.keys = pmq_keys,
	.check = pmq_check,
	.check_writer = pmq_check_writer,
	.send_nr = SYS_mq_timedsend,
	.recv_nr = SYS_mq_timedreceive,
	.create = pmq_create,
	.open_end = pmq_open_end,
	.send = pmq_send,
	.recv = pmq_recv,
	.send_nb = pmq_send_nb,
	.pollfd = channel_write_pollfd,
	.sample = pmq_sample,
	.parent_close = pmq_parent_close,
	.destroy = pmq_destroy,
};
