/*
 * chan-signal.c: signals as a channel. A producer sends one signal per
 * message with sigqueue(3), carrying its producer index and the message's
 * sequence number in si_value; a consumer keeps the signal blocked and
 * takes them one by one with rt_sigtimedwait(2).
 *
 * What it teaches: a standard signal (SIGUSR1, SIGUSR2) is one pending
 * BIT per process; sent again while pending, it is merged and gone, so
 * the consumer sees gaps in the sequence numbers (counted as lost by the
 * worker's ordinary integrity check). A real-time signal (SIGRTMIN+N)
 * queues every instance with its value, up to RLIMIT_SIGPENDING per user.
 *
 * The kind's shared page (made by the parent before fork, so at the same
 * address everywhere) holds the signal set the consumers wait on and the
 * consumers' pids: a consumer blocks the signal in open_end() and then
 * registers; worker.c makes producers wait until every consumer is ready,
 * since a standard signal that is not blocked kills its target.
 *
 * Fill, from the kernel (/proc/PID/status of each consumer): for a
 * standard signal, whether its bit is set in SigPnd or ShdPnd (0 or 1 per
 * consumer, capacity 1 each). For a real-time signal the kernel shows no
 * per-signal count: while the bit is set the fill is SigQ, the signals
 * queued for the consumer's real user id (all of that user's processes),
 * an upper bound; capacity is SigQ's limit, RLIMIT_SIGPENDING.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/syscall.h>

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "kinds/channel.h"
#include "kinds/telemetry.h"
#include "base/util.h"
#include "kinds/frame.h"

/* The signal sent: the 'signal' key (opt[0]), SIGUSR1 by default. */
#define SIGCHAN_SIGNO(c) \
	((c)->conf->opt[0] != 0 ? (int)(c)->conf->opt[0] : SIGUSR1)
#define SIGCHAN_READERS	16
#define SIGCHAN_WAIT_MS	200	/* a consumer looks up from waiting this
				   often to see whether producers are done */
#define SIGCHAN_SEQ_BITS 48

struct sigshared {
	sigset_t		set;		/* the one signal; consumers wait
						   on exactly this address */
	_Atomic uint32_t	nreaders;
	_Atomic int32_t		readers[SIGCHAN_READERS];
};

/* A producer's own state: whom it signals next. */
struct sigpriv {
	uint32_t		next;
};

static int
signal_create(struct chan *c, struct registry *reg, char **cause)
{
	struct sigshared	*sh;
	struct rlimit		 rl;

	c->fd[END_READ] = c->fd[END_WRITE] = -1;
	sh = channel_map_shared(c, (size_t)sysconf(_SC_PAGESIZE), cause);
	if (sh == NULL)
		return -1;
	sigemptyset(&sh->set);
	sigaddset(&sh->set, SIGCHAN_SIGNO(c));
	/* Until a consumer is there to ask: one pending bit, or the queue
	   limit every process of this user shares. */
	c->capacity = 1;
	if (SIGCHAN_SIGNO(c) >= SIGRTMIN && getrlimit(RLIMIT_SIGPENDING,
	    &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		c->capacity = (int64_t)rl.rlim_cur;
	c->recvbuf = FRAME_HEADER;
	return 0;
}

static int
signal_open_end(struct chan *c, int e)
{
	struct sigshared	*sh = c->shared;
	uint32_t		 i;

	if (e == END_WRITE) {
		c->priv = xcalloc(1, sizeof (struct sigpriv));
		return 0;
	}
	/* Blocked first: from here on a signal waits for us, pending. */
	if (sigprocmask(SIG_BLOCK, &sh->set, NULL) == -1)
		return -1;
	i = atomic_fetch_add(&sh->nreaders, 1);
	if (i >= SIGCHAN_READERS) {
		errno = ENOSPC;
		return -1;
	}
	atomic_store(&sh->readers[i], (int32_t)getpid());
	return 0;
}

static uint32_t
signal_nreaders(const struct sigshared *sh)
{
	uint32_t	n = atomic_load(&sh->nreaders);

	return n > SIGCHAN_READERS ? SIGCHAN_READERS : n;
}

/* One message: one signal to the next consumer; never blocks. */
static ssize_t
signal_send(struct chan *c, const void *buf, size_t len)
{
	struct sigshared	*sh = c->shared;
	struct sigpriv		*pv = c->priv;
	union sigval		 val;
	uint32_t		 magic, producer, n;
	uint64_t		 seq;
	pid_t			 pid;

	if (len < FRAME_HEADER || (n = signal_nreaders(sh)) == 0) {
		errno = len < FRAME_HEADER ? EMSGSIZE : ESRCH;
		return -1;
	}
	memcpy(&magic, buf, 4);
	memcpy(&producer, (const char *)buf + 4, 4);
	memcpy(&seq, (const char *)buf + 8, 8);
	val.sival_ptr = (void *)(uintptr_t)(((uint64_t)producer <<
	    SIGCHAN_SEQ_BITS) | (seq & ((1ULL << SIGCHAN_SEQ_BITS) - 1)));
	pid = atomic_load(&sh->readers[pv->next++ % n]);
	if (sigqueue(pid, SIGCHAN_SIGNO(c), val) == -1)
		return -1;
	return (ssize_t)len;
}

/*
 * One signal, rebuilt as the frame header its sender had, so the worker's
 * integrity check counts the gaps. Returns 0 when none came for a while
 * (ops->tail: the worker looks again while a producer lives, and ends
 * when none does and nothing is pending). The raw system call makes the
 * set's address the call's first argument, which confirm() checks.
 */
static ssize_t
signal_recv(struct chan *c, void *buf, size_t len)
{
	struct sigshared	*sh = c->shared;
	struct timespec		 ts = { 0, SIGCHAN_WAIT_MS * 1000000L };
	siginfo_t		 si;
	uint32_t		 magic = FRAME_MAGIC, producer;
	uint64_t		 v, seq;

	if (len < FRAME_HEADER) {
		errno = EMSGSIZE;
		return -1;
	}
	for (;;) {
		if (syscall(SYS_rt_sigtimedwait, &sh->set, &si, &ts,
		    (size_t)(_NSIG / 8)) == -1) {
			if (errno == EAGAIN)
				return 0;
			return -1;
		}
		if (si.si_code == SI_QUEUE)
			break;
		/* Not one of ours (kill from a shell): not a message. */
	}
	v = (uint64_t)(uintptr_t)si.si_value.sival_ptr;
	producer = (uint32_t)(v >> SIGCHAN_SEQ_BITS);
	seq = v & ((1ULL << SIGCHAN_SEQ_BITS) - 1);
	memcpy(buf, &magic, 4);
	memcpy((char *)buf + 4, &producer, 4);
	memcpy((char *)buf + 8, &seq, 8);
	return FRAME_HEADER;
}

/* /proc/PID/status: the signal's pending bits, and SigQ. 0 or -1. */
static int
signal_status(pid_t pid, int signo, bool *pending, int64_t *q,
    int64_t *qmax)
{
	char		 path[64], line[256];
	FILE		*f;
	unsigned long long m, bit = 1ULL << (signo - 1);
	long long	 a, b;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	*pending = false;
	while (fgets(line, sizeof line, f) != NULL) {
		if ((strncmp(line, "SigPnd:", 7) == 0 ||
		    strncmp(line, "ShdPnd:", 7) == 0) &&
		    sscanf(line + 7, "%llx", &m) == 1 && (m & bit) != 0)
			*pending = true;
		else if (strncmp(line, "SigQ:", 5) == 0 &&
		    sscanf(line + 5, "%lld/%lld", &a, &b) == 2) {
			*q = a;
			*qmax = b;
		}
	}
	fclose(f);
	return 0;
}

static void
signal_sample(struct chan *c, chan_borrow_fn borrow, void *arg,
    struct chan_sample *cs)
{
	struct sigshared	*sh = c->shared;
	bool			 rt = SIGCHAN_SIGNO(c) >= SIGRTMIN, pending;
	int64_t			 q = -1, qmax = -1;
	uint32_t		 i, n = signal_nreaders(sh);
	int			 seen = 0;

	cs->fill = cs->bytes = cs->messages = -1;
	cs->capacity = -1;
	cs->holders = true;
	if (n == 0)
		return;
	cs->fill = 0;
	cs->capacity = rt ? -1 : (int64_t)n;
	for (i = 0; i < n; i++) {
		if (signal_status(atomic_load(&sh->readers[i]), SIGCHAN_SIGNO(c),
		    &pending, &q, &qmax) == -1)
			continue;
		seen++;
		if (rt) {
			cs->capacity = qmax;
			if (pending && q > cs->fill)
				cs->fill = q;
		} else if (pending)
			cs->fill++;
	}
	if (seen == 0 && rt)
		cs->capacity = c->capacity;
	if (rt && cs->capacity > 0)
		c->capacity = cs->capacity;
	cs->messages = cs->fill;
}

/* A consumer waiting for a signal sleeps in rt_sigtimedwait on our set. */
static bool
signal_confirm(struct chan *c, int op, long nr, long arg0)
{
	struct sigshared	*sh = c->shared;

	return op == OP_RECV && nr == SYS_rt_sigtimedwait &&
	    (uintptr_t)arg0 == (uintptr_t)&sh->set;
}

static void
signal_parent_close(struct chan *c)
{
}

/* "SIGUSR1", "USR2", "SIGRTMIN", "SIGRTMIN+3": the number, 0 if none. */
static int
signal_number(const char *v)
{
	char	*end;
	long	 n = 0;

	if (strcasecmp(v, "SIGUSR1") == 0 || strcasecmp(v, "USR1") == 0)
		return SIGUSR1;
	if (strcasecmp(v, "SIGUSR2") == 0 || strcasecmp(v, "USR2") == 0)
		return SIGUSR2;
	if (strncasecmp(v, "SIGRTMIN", 8) != 0)
		return 0;
	v += 8;
	if (*v == '+') {
		errno = 0;
		n = strtol(v + 1, &end, 10);
		if (errno != 0 || end == v + 1 || *end != '\0' || n < 0)
			return 0;
	} else if (*v != '\0')
		return 0;
	if (n > SIGRTMAX - SIGRTMIN)
		return 0;
	return SIGRTMIN + (int)n;
}

static int
signal_key_signal(struct chan_conf *conf, const char *v, char **cause)
{
	int	signo;

	if ((signo = signal_number(v)) == 0) {
		xasprintf(cause, "unknown signal '%s'; valid: SIGUSR1, SIGUSR2 "
		    "(standard: one pending at a time), SIGRTMIN, SIGRTMIN+N "
		    "up to SIGRTMIN+%d (real-time: queued)", util_clip(v, 64,
		    48), SIGRTMAX - SIGRTMIN);
		return -1;
	}
	conf->opt[0] = (uint64_t)signo;
	return 0;
}

static const struct kind_key signal_keys[] = {
	{ "signal", signal_key_signal,
	  "'signal' applies only to signal channels" },
	{ NULL, NULL, NULL }
};

static void
signal_check(struct kind_check *kc)
{
	if (kc->cap_given)
		kc->error(kc, "capacity", "a signal channel has no capacity to "
		    "set: a standard signal is one pending bit, real-time ones "
		    "queue up to RLIMIT_SIGPENDING; leave 'capacity' out");
}

const struct channel_ops chan_signal_ops = {
	.name = "signal",
	.by_messages = true,
	.unit = "signals",
	.writers = "senders",
	.readers = "handlers",
	.rate_unit = "sig/s",
	.merges = true,
	.tail = true,
	.send_op = "send",
	.recv_op = "recv",
	.rule_send = "Sending a signal never waits: a standard signal already "
	    "pending is merged into the pending one (lost); a real-time "
	    "one is queued, up to RLIMIT_SIGPENDING.",
	.rule_recv = "sigwaitinfo() sleeps until one of its signals is pending, "
	    "then takes one.",
	.send_nr = SYS_rt_sigqueueinfo,
	.recv_nr = SYS_rt_sigtimedwait,
	.await_readers = true,
	.no_markers = "no end markers on a signal channel: its consumers end "
	    "when every producer is done and no signal is pending; leave "
	    "'markers' out",
	.no_size = "a signal carries no payload, only its sequence number (in "
	    "si_value); leave 'size' out",
	.keys = signal_keys,
	.check = signal_check,
	.create = signal_create,
	.open_end = signal_open_end,
	.send = signal_send,
	.recv = signal_recv,
	.sample = signal_sample,
	.confirm = signal_confirm,
	.parent_close = signal_parent_close,
	.destroy = channel_destroy_shared,
};
