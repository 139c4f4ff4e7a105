/*
 * chan-sysv-msgq.c: a System V message queue (mode 0600, under a fresh
 * random key the registry lists before the queue exists). It fills by
 * BYTES (msg_qbytes). msgctl(IPC_STAT) needs no descriptor, so
 * observing it holds nothing open.
 */
#include "config.h"

#include <sys/syscall.h>

#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kinds/channel.h"
#include "base/registry.h"
#include "base/util.h"

/* Workers are single-threaded: one staging buffer each, made on first use. */
static struct msgbuf_big {
	long	mtype;
	char	mtext[];
}		*sysv_buf;
static size_t	 sysv_buflen;

static int
sysv_create(struct chan *c, struct registry *reg, char **cause)
{
	struct msqid_ds	 ds;
	char		*why;

	/* Under a key the registry lists first: a kill at any moment
	   leaves no queue the next start cannot find. */
	if ((c->msqid = registry_msgget(reg, &why)) == -1) {
		xasprintf(cause, "channel '%s': %s", c->conf->name, why);
		free(why);
		return -1;
	}
	if (msgctl(c->msqid, IPC_STAT, &ds) == -1) {
		xasprintf(cause, "channel '%s': msgctl IPC_STAT: %s",
		    c->conf->name, strerror(errno));
		msgctl(c->msqid, IPC_RMID, NULL);
		registry_forget_msq(reg, c->msqid);
		c->msqid = -1;
		return -1;
	}
	if (c->conf->capacity != 0 && c->conf->capacity != ds.msg_qbytes) {
		ds.msg_qbytes = c->conf->capacity;
		if (msgctl(c->msqid, IPC_SET, &ds) == -1) {
			xasprintf(cause, "channel '%s': msg_qbytes %llu: %s",
			    c->conf->name, (unsigned long long)c->conf->capacity,
			    strerror(errno));
			msgctl(c->msqid, IPC_RMID, NULL);
			registry_forget_msq(reg, c->msqid);
			c->msqid = -1;
			return -1;
		}
		msgctl(c->msqid, IPC_STAT, &ds);
	}
	if (registry_add_msq(reg, c->msqid, ds.msg_ctime, cause) == -1)
		return -1;
	c->capacity = (int64_t)ds.msg_qbytes;
	c->recvbuf = c->msgsize;
	return 0;
}

static int
sysv_open_end(struct chan *c, int e)
{
	return 0;
}

static void
sysv_grow(size_t len)
{
	if (len > sysv_buflen) {
		sysv_buf = xrealloc(sysv_buf, sizeof *sysv_buf + len);
		sysv_buflen = len;
	}
}

static ssize_t
sysv_send(struct chan *c, const void *buf, size_t len)
{
	sysv_grow(len);
	sysv_buf->mtype = 1;
	memcpy(sysv_buf->mtext, buf, len);
	if (msgsnd(c->msqid, sysv_buf, len, 0) == -1)
		return -1;
	return (ssize_t)len;
}

static ssize_t
sysv_send_nb(struct chan *c, const void *buf, size_t len)
{
	sysv_grow(len);
	sysv_buf->mtype = 1;
	memcpy(sysv_buf->mtext, buf, len);
	if (msgsnd(c->msqid, sysv_buf, len, IPC_NOWAIT) == -1)
		return -1;
	return (ssize_t)len;
}

static int
sysv_pollfd(struct chan *c)
{
	return -1;	/* System V queues have no descriptor to poll */
}

static ssize_t
sysv_recv(struct chan *c, void *buf, size_t len)
{
	ssize_t	n;

	sysv_grow(len);
	n = msgrcv(c->msqid, sysv_buf, len, 0, 0);
	if (n > 0)
		memcpy(buf, sysv_buf->mtext, (size_t)n);
	return n;
}

static void
sysv_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	struct msqid_ds	ds;

	s->fill = s->bytes = s->messages = -1;
	s->capacity = c->capacity;
	if (msgctl(c->msqid, IPC_STAT, &ds) == -1)
		return;
	s->fill = s->bytes = (int64_t)ds.msg_cbytes;
	s->messages = (int64_t)ds.msg_qnum;
	s->capacity = (int64_t)ds.msg_qbytes;
}

static void
sysv_parent_close(struct chan *c)
{
}

static void
sysv_destroy(struct chan *c, struct registry *reg)
{
	if (c->msqid != -1) {
		msgctl(c->msqid, IPC_RMID, NULL);
		registry_forget_msq(reg, c->msqid);
		c->msqid = -1;
	}
}

static void
msgq_check(struct kind_check *kc)
{
	if (kc->cap_ok && kc->conf->capacity > kc->lim->msgmnb)
		kc->error(kc, "capacity", "capacity %s is above the sysv-msgq "
		    "limit %llu (/proc/sys/kernel/msgmnb; raising it needs "
		    "CAP_SYS_RESOURCE)", kc->cap_text,
		    (unsigned long long)kc->lim->msgmnb);
}

/* A message above msgmax, or above what the queue holds, never fits. */
static void
msgq_check_writer(struct kind_check *kc, const char *proc, uint64_t size,
    const char *size_text)
{
	uint64_t	qb = kc->cap_ok && kc->conf->capacity != 0 ?
			    kc->conf->capacity : kc->lim->msgmnb;

	if (size > kc->lim->msgmax)
		kc->error(kc, "size", "process '%s' writes messages of %s, "
		    "above the sysv-msgq message size limit %llu "
		    "(/proc/sys/kernel/msgmax)", proc, size_text,
		    (unsigned long long)kc->lim->msgmax);
	else if (size > qb)
		kc->error(kc, "size", "process '%s' writes messages of %s but "
		    "sysv-msgq '%s' holds at most %llu bytes; no message would "
		    "fit", proc, size_text, kc->conf->name,
		    (unsigned long long)qb);
}

const struct channel_ops chan_sysv_msgq_ops = {
	.name = "sysv-msgq",
	.by_messages = false,
	.stream = false,
	.send_op = "send",
	.recv_op = "recv",
	.rule_send = "A System V queue holds at most msg_qbytes bytes of "
	    "messages: msgsnd() sleeps while this message would pass "
	    "that total (msg_cbytes + size > msg_qbytes).",
	.rule_recv = "msgrcv() sleeps while the queue is empty; a queue has no "
	    "end of file, so a reader whose writers are gone waits "
	    "forever unless told to stop.",
	.send_nr = SYS_msgsnd,
	.recv_nr = SYS_msgrcv,
	.seen = { .special = "sysvipc-msg" },
	.check = msgq_check,
	.check_writer = msgq_check_writer,
	.create = sysv_create,
	.open_end = sysv_open_end,
	.send = sysv_send,
	.recv = sysv_recv,
	.send_nb = sysv_send_nb,
	.pollfd = sysv_pollfd,
	.sample = sysv_sample,
	.parent_close = sysv_parent_close,
	.destroy = sysv_destroy,
};
