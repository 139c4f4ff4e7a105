/*
 * chan-mpqueue.c: Python's multiprocessing.Queue, as it works on Linux.
 *
 * A queue is three things: a local buffer inside each producer, a feeder
 * thread per producer that moves items from that buffer into a pipe, and
 * the pipe. put() appends to the local buffer and returns at once (it
 * starts the feeder on the first put); the feeder blocks in write() when
 * the pipe is full; get() reads whole messages (a 4-byte length, then the
 * payload) from the pipe. At exit the producer joins its feeder, so it
 * hangs while the pipe is full, as Python does at interpreter exit.
 *
 * maxsize = N bounds the items with a process-shared semaphore (put takes
 * one, get gives it back, as Python counts). joinable = yes adds the
 * unfinished-task counter: put raises it, the consumer's task_done (after
 * each get) lowers it, and the producer's join() waits for zero.
 *
 * Everything the observer needs lives in one MAP_SHARED mapping made in
 * create() (c->shared), at the same address in every worker: the
 * semaphore, the counter, the locks and, per producer, its buffered
 * items and bytes. The pipe's own fill comes from the kernel (FIONREAD
 * on a borrowed end, as for a pipe).
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/syscall.h>

#include <linux/futex.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/limits.h"
#include "kinds/channel.h"
#include "kinds/telemetry.h"
#include "base/util.h"

/* The kind's own keys: maxsize (opt[0], 0 no bound) and joinable (opt[1]). */
#define MPQ_MAXSIZE(c)		((c)->conf->opt[0])
#define MPQ_JOINABLE(c)		((c)->conf->opt[1] != 0)
#define MPQ_MAX_MAXSIZE		32767	/* items; a semaphore counts them */

#define MPQ_PRODUCERS	IPCSCOPE_MAX_PROCS
#define MPQ_HEADER	4		/* length before each payload */

/* One producer's local buffer, as the observer sees it. */
struct mpq_prod {
	_Atomic int32_t		pid;		/* 0: slot free */
	_Atomic uint32_t	feeder_done;	/* futex: feeder has ended */
	_Atomic int64_t		items;		/* in the local buffer */
	_Atomic int64_t		bytes;
};

struct mpq_shared {
	sem_t			sem;		/* maxsize: free places */
	_Atomic uint32_t	unfinished;	/* joinable: futex word */
	pthread_mutex_t		rlock;		/* one reader at a time */
	pthread_mutex_t		wlock;		/* one feeder writes at a time */
	struct mpq_prod		prod[MPQ_PRODUCERS];
};

struct mpq_item {
	struct mpq_item		*next;
	size_t			 len;		/* header included */
	char			 data[];
};

/* A producer's own state (c->priv): the local buffer and its feeder. */
struct mpq_local {
	struct mpq_prod		*prod;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct mpq_item		*head;
	struct mpq_item		*tail;
	bool			 closing;
	bool			 started;
	pthread_t		 feeder;
	struct chan		*c;
};

static long
mpq_futex(_Atomic uint32_t *w, int op, uint32_t val)
{
	return syscall(SYS_futex, (uint32_t *)w, op, val, NULL, NULL, 0);
}

/* Wait until *w == 0 (join), reporting op "join" in the slot. */
static void
mpq_wait_zero(struct chan *c, _Atomic uint32_t *w, bool zero)
{
	struct tel_slot	*s = c->slot;
	uint32_t	 v;

	if (s != NULL)
		tel_enter_call(s, OP_JOIN, c->index, 0);
	/* zero: wait for 0; else wait for non-zero. */
	for (;;) {
		v = atomic_load(w);
		if (zero ? v == 0 : v != 0)
			break;
		mpq_futex(w, FUTEX_WAIT, v);
	}
	if (s != NULL)
		tel_store(&s->state, ACT_RUNNING);
}

static void
mpq_thr(struct chan *c, enum act st, enum op op)
{
	struct tel_slot	*s = c->slot;

	if (s == NULL)
		return;
	tel_store(&s->thr_op, op);
	tel_store(&s->thr_chan, c->index);
	tel_store(&s->thr_since_ns, now_ns());
	tel_store(&s->thr_state, st);
}

static int
mpq_create(struct chan *c, struct registry *reg, char **cause)
{
	struct mpq_shared	*sh;
	pthread_mutexattr_t	 ma;

	if ((sh = channel_map_shared(c, sizeof *sh, cause)) == NULL)
		return -1;
	memset(sh, 0, sizeof *sh);
	if (sem_init(&sh->sem, 1, (unsigned)(MPQ_MAXSIZE(c) > 0 ?
	    MPQ_MAXSIZE(c) : 0)) == -1) {
		xasprintf(cause, "channel '%s': sem_init: %s", c->conf->name,
		    strerror(errno));
		return -1;
	}
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->rlock, &ma);
	pthread_mutex_init(&sh->wlock, &ma);
	pthread_mutexattr_destroy(&ma);

	if (channel_pipe_create(c, reg, cause) == -1)
		return -1;
	/* A reader asks for a whole message: its header is not its size. */
	c->recvbuf = c->msgsize;
	return 0;
}

static int
mpq_open_end(struct chan *c, int e)
{
	struct mpq_shared	*sh = c->shared;
	struct mpq_local	*l;
	int32_t			 zero;
	int			 i;

	if (e != END_WRITE)
		return 0;
	/* Claim this producer's place in the shared table. */
	for (i = 0; i < MPQ_PRODUCERS; i++) {
		zero = 0;
		if (atomic_compare_exchange_strong(&sh->prod[i].pid, &zero,
		    (int32_t)getpid()))
			break;
	}
	if (i == MPQ_PRODUCERS) {
		errno = ENOSPC;
		return -1;
	}
	l = xcalloc(1, sizeof *l);
	l->prod = &sh->prod[i];
	l->c = c;
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->cond, NULL);
	c->priv = l;
	return 0;
}

/* The feeder: local buffer to pipe, one whole message at a time. */
static void *
mpq_feeder(void *arg)
{
	struct mpq_local	*l = arg;
	struct chan		*c = l->c;
	struct mpq_shared	*sh = c->shared;
	struct mpq_item		*it;
	size_t			 done;
	ssize_t			 n;

	if (c->slot != NULL)
		tel_store(&c->slot->thr_tid, (int32_t)gettid());
	for (;;) {
		pthread_mutex_lock(&l->lock);
		while (l->head == NULL && !l->closing) {
			mpq_thr(c, ACT_SLEEP, OP_NONE);
			pthread_cond_wait(&l->cond, &l->lock);
		}
		if ((it = l->head) == NULL) {
			pthread_mutex_unlock(&l->lock);
			break;
		}
		/* Out of the local buffer, as Python's popleft(). */
		if ((l->head = it->next) == NULL)
			l->tail = NULL;
		atomic_fetch_sub(&l->prod->items, 1);
		atomic_fetch_sub(&l->prod->bytes, (int64_t)it->len);
		pthread_mutex_unlock(&l->lock);

		pthread_mutex_lock(&sh->wlock);
		mpq_thr(c, ACT_CALL, OP_WRITE);
		for (done = 0; done < it->len; done += (size_t)n) {
			n = write(c->fd[END_WRITE], it->data + done,
			    it->len - done);
			if (n == -1 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n == -1)
				break;	/* EPIPE: Python's feeder drops it */
		}
		mpq_thr(c, ACT_RUNNING, OP_NONE);
		pthread_mutex_unlock(&sh->wlock);
		free(it);
	}
	/* The feeder closes its end of the pipe. */
	close(c->fd[END_WRITE]);
	mpq_thr(c, ACT_DONE, OP_NONE);
	atomic_store(&l->prod->feeder_done, 1);
	mpq_futex(&l->prod->feeder_done, FUTEX_WAKE, INT32_MAX);
	return NULL;
}

/* put(): into the local buffer; blocks only on maxsize. */
static ssize_t
mpq_send(struct chan *c, const void *buf, size_t len)
{
	struct mpq_shared	*sh = c->shared;
	struct mpq_local	*l = c->priv;
	struct mpq_item		*it;
	uint32_t		 hdr = (uint32_t)len;

	if (MPQ_MAXSIZE(c) > 0 && sem_wait(&sh->sem) == -1)
		return -1;	/* EINTR: the worker calls again */
	it = xmalloc(sizeof *it + MPQ_HEADER + len);
	it->next = NULL;
	it->len = MPQ_HEADER + len;
	memcpy(it->data, &hdr, MPQ_HEADER);
	memcpy(it->data + MPQ_HEADER, buf, len);

	pthread_mutex_lock(&l->lock);
	if (!l->started) {
		if (pthread_create(&l->feeder, NULL, mpq_feeder, l) != 0) {
			pthread_mutex_unlock(&l->lock);
			free(it);
			errno = EAGAIN;
			return -1;
		}
		l->started = true;
	}
	if (MPQ_JOINABLE(c))
		atomic_fetch_add(&sh->unfinished, 1);
	if (l->tail != NULL)
		l->tail->next = it;
	else
		l->head = it;
	l->tail = it;
	atomic_fetch_add(&l->prod->items, 1);
	atomic_fetch_add(&l->prod->bytes, (int64_t)it->len);
	pthread_cond_signal(&l->cond);
	pthread_mutex_unlock(&l->lock);
	return (ssize_t)len;
}

static ssize_t
mpq_read_all(int fd, void *buf, size_t len)
{
	size_t	got = 0;
	ssize_t	n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? (ssize_t)got : -1;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* get(): one whole message under the readers' lock, then task_done. */
static ssize_t
mpq_recv(struct chan *c, void *buf, size_t len)
{
	struct mpq_shared	*sh = c->shared;
	uint32_t		 hdr, v;
	ssize_t			 n;
	char			 skip[4096];
	size_t			 left;

	pthread_mutex_lock(&sh->rlock);
	n = mpq_read_all(c->fd[END_READ], &hdr, MPQ_HEADER);
	if (n != MPQ_HEADER) {
		pthread_mutex_unlock(&sh->rlock);
		return n == -1 ? -1 : 0;	/* EOF (a torn header too) */
	}
	n = mpq_read_all(c->fd[END_READ], buf, hdr < len ? hdr : len);
	for (left = hdr > len ? hdr - len : 0; n >= 0 && left > 0;) {
		ssize_t k = mpq_read_all(c->fd[END_READ], skip,
		    left < sizeof skip ? left : sizeof skip);
		if (k <= 0)
			break;
		left -= (size_t)k;
	}
	pthread_mutex_unlock(&sh->rlock);
	if (n == -1)
		return -1;
	if (MPQ_MAXSIZE(c) > 0)
		sem_post(&sh->sem);
	if (MPQ_JOINABLE(c)) {
		/* task_done(): the last one wakes join(). */
		v = atomic_fetch_sub(&sh->unfinished, 1);
		if (v == 1)
			mpq_futex(&sh->unfinished, FUTEX_WAKE, INT32_MAX);
	}
	return n;
}

/* At the producer's exit: join() if joinable, then join the feeder. */
static void
mpq_close_end(struct chan *c, int e)
{
	struct mpq_shared	*sh = c->shared;
	struct mpq_local	*l = c->priv;

	if (e != END_WRITE || l == NULL)
		return;
	if (MPQ_JOINABLE(c))
		mpq_wait_zero(c, &sh->unfinished, true);
	pthread_mutex_lock(&l->lock);
	l->closing = true;
	pthread_cond_signal(&l->cond);
	pthread_mutex_unlock(&l->lock);
	if (!l->started) {
		close(c->fd[END_WRITE]);
		return;
	}
	mpq_wait_zero(c, &l->prod->feeder_done, false);
	pthread_join(l->feeder, NULL);
}

static bool
mpq_in(const void *obj, size_t len, long addr)
{
	uintptr_t	a = (uintptr_t)addr, o = (uintptr_t)obj;

	return a >= o && a < o + len;
}

/*
 * A put waits in futex on the maxsize semaphore, a join on the
 * unfinished counter or on a feeder's done word, a get in read on the
 * pipe (or in futex on the readers' lock, behind another reader): all
 * in the shared mapping, at the same address in the observer.
 */
static bool
mpq_confirm(struct chan *c, int op, long nr, long arg0)
{
	struct mpq_shared	*sh = c->shared;
	int			 i;

	switch (op) {
	case OP_SEND:
		return nr == SYS_futex && MPQ_MAXSIZE(c) > 0 &&
		    mpq_in(&sh->sem, sizeof sh->sem, arg0);
	case OP_RECV:
		if (nr == SYS_read)
			return arg0 == c->fd[END_READ];
		return nr == SYS_futex &&
		    mpq_in(&sh->rlock, sizeof sh->rlock, arg0);
	case OP_JOIN:
		if (nr != SYS_futex)
			return false;
		if (MPQ_JOINABLE(c) &&
		    mpq_in(&sh->unfinished, sizeof sh->unfinished, arg0))
			return true;
		for (i = 0; i < MPQ_PRODUCERS; i++) {
			if (mpq_in(&sh->prod[i].feeder_done,
			    sizeof sh->prod[i].feeder_done, arg0))
				return true;
		}
		return false;
	}
	return false;
}

static void
mpq_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *s)
{
	struct mpq_shared	*sh = c->shared;
	int64_t			 items = 0, bytes = 0;
	int			 i;

	channel_pipe_sample(c, borrow, arg, s);
	/* The pipe may hold part of an item: bytes only, no guess. */
	s->messages = -1;
	for (i = 0; i < MPQ_PRODUCERS; i++) {
		if (atomic_load(&sh->prod[i].pid) == 0)
			continue;
		items += atomic_load(&sh->prod[i].items);
		bytes += atomic_load(&sh->prod[i].bytes);
	}
	s->buffered_items = items;
	s->buffered_bytes = bytes;
}

static void
mpq_parent_close(struct chan *c)
{
	if (!c->parent_holds)
		return;
	close(c->fd[END_READ]);
	close(c->fd[END_WRITE]);
	c->parent_holds = false;
}

static void
mpq_destroy(struct chan *c, struct registry *reg)
{
	mpq_parent_close(c);
	channel_unmap_shared(c);
}

static int
mpq_key_maxsize(struct chan_conf *conf, const char *v, char **cause)
{
	uint64_t	 n;
	char		*why;

	if (units_parse_count(v, &n, &why) != 0) {
		xasprintf(cause, "maxsize: %s", why);
		free(why);
		return -1;
	}
	if (n < 1 || n > MPQ_MAX_MAXSIZE) {
		xasprintf(cause, "maxsize %s is out of range; give 1 to %d "
		    "items, or leave it out for no bound", v, MPQ_MAX_MAXSIZE);
		return -1;
	}
	conf->opt[0] = n;
	return 0;
}

static int
mpq_key_joinable(struct chan_conf *conf, const char *v, char **cause)
{
	if (strcmp(v, "yes") == 0)
		conf->opt[1] = 1;
	else if (strcmp(v, "no") != 0) {
		xasprintf(cause, "joinable must be yes or no, not '%s'",
		    util_clip(v, 64, 48));
		return -1;
	}
	return 0;
}

static const struct kind_key mpq_keys[] = {
	{ "maxsize", mpq_key_maxsize, "'maxsize' applies only to mpqueue "
	  "channels (it counts a queue's items); for a %s use 'capacity'" },
	{ "joinable", mpq_key_joinable, "'joinable' applies only to mpqueue "
	  "channels (task_done and join)" },
	{ NULL, NULL, NULL }
};

const struct channel_ops chan_mpqueue_ops = {
	.name = "mpqueue",
	.by_messages = false,
	.stream = false,
	.send_op = "put",
	.recv_op = "get",
	.rule_send = "put() appends to a local buffer and returns at once (it "
	    "sleeps only while maxsize items are in the queue); a "
	    "feeder thread writes items into a pipe and sleeps in "
	    "write() while the pipe is full; at exit the producer joins "
	    "its feeder and waits with it.",
	.rule_recv = "get() reads one whole item from the pipe and sleeps while "
	    "it is empty.",
	.send_nr = SYS_futex,
	.recv_nr = SYS_read,
	.thread_name = "feeder",
	.local_buffer = true,
	.keys = mpq_keys,
	.check = channel_check_pipe_capacity,
	.create = mpq_create,
	.open_end = mpq_open_end,
	.send = mpq_send,
	.recv = mpq_recv,
	.sample = mpq_sample,
	.confirm = mpq_confirm,
	.close_end = mpq_close_end,
	.parent_close = mpq_parent_close,
	.destroy = mpq_destroy,
};
