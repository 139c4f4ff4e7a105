/*
 * worker.c: producer, consumer and relay, as run inside a forked child.
 *
 * The data path is plain blocking system calls on the channel; the only
 * instrumentation is a few relaxed stores into this worker's telemetry
 * slot around each call (no clock read: see telemetry.h), so that what is
 * measured is the IPC itself.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/units.h"
#include "base/util.h"
#include "run/worker.h"

#define WORKER_CATCHUP_S	0.25	/* a rate-paced worker this late catches up */

/*
 * The message buffer starts on a page: the kernel copies into or out of
 * it at every call, and those copies were up to twice as slow from an
 * address 16 bytes past a cache line (plain-xfer, 64 KiB, here).
 * bench/plain-xfer aligns its buffer the same way.
 */
#define WORKER_BUF_ALIGN	4096

struct frame {
	uint32_t	magic;
	uint32_t	producer;
	uint64_t	seq;
};

struct wctx {
	struct run		*run;
	const struct scen_proc	*sp;
	struct tel_slot		*slot;
	int			 index;
	struct chan		*in;		/* from, NULL */
	struct chan		*out;		/* to, NULL */
	uint64_t		 msgsize;	/* bytes per message moved */
	char			*buf;
	size_t			 buflen;
	bool			 check_gaps;	/* sole reader: gaps are losses */
	bool			 end_read;	/* a marker came in (in buf) */
	uint64_t		*next_seq;	/* per producer */
	/* pacing */
	uint32_t		 gen;
	struct rate		 rate;
	bool			 unpaced;	/* rate max: no pacing */
	uint64_t		 base_ns;
	uint64_t		 base_msgs;
	uint64_t		 base_bytes;
	uint64_t		 msgs;		/* messages moved so far */
	uint64_t		 bytes;
};

static void __attribute__((noreturn))
worker_fail(struct wctx *w, enum op op, struct chan *c, int err)
{
	tel_store(&w->slot->error, err);
	tel_store(&w->slot->err_op, op);
	tel_store(&w->slot->err_chan, c != NULL ? c->index : -1);
	tel_store(&w->slot->since_ns, now_ns());
	tel_store(&w->slot->state, ACT_FAILED);
	_exit(1);
}

/* Sleeping on purpose (why): a clock read is cheap beside the sleep. */
static void
worker_sleep_mark(struct wctx *w, enum op why, struct chan *c)
{
	struct tel_slot	*s = w->slot;

	tel_store(&s->op, why);
	tel_store(&s->chan, c != NULL ? c->index : -1);
	tel_store(&s->op_size, 0);
	tel_store(&s->since_ns, now_ns());
	tel_store(&s->state, ACT_SLEEP);
}

/* Entering a call: the per-message mark, no clock read (telemetry.h). */
static inline void
worker_call(struct wctx *w, enum op op, struct chan *c, uint64_t size)
{
	tel_enter_call(w->slot, op, c != NULL ? c->index : -1, size);
}

static inline void
worker_leave(struct wctx *w)
{
	tel_store(&w->slot->state, ACT_RUNNING);
}

/* SIGURG only interrupts the call the worker is in (no SA_RESTART): the
   worker then reads its control fields (worker_ctl). */
static volatile sig_atomic_t	worker_urg;	/* a SIGURG came */

static void
worker_on_urg(int sig)
{
	(void)sig;
	worker_urg = 1;
}

/*
 * A cue told this worker to close its end of some channels: close them,
 * and from then on idle, waiting (op "closed") until the run ends. Readers
 * of a closed write end see EOF, writers to a closed read end EPIPE: that
 * is what the cue shows. Never returns.
 */
static void __attribute__((noreturn))
worker_closed(struct wctx *w)
{
	struct chan	*c;
	uint32_t	 mask;
	int		 i, shown = -1;

	for (;;) {
		mask = atomic_exchange(&w->slot->ctl_close, 0);
		for (i = 0; i < w->run->nchans && mask != 0; i++) {
			if (!(mask & (1U << i)))
				continue;
			c = &w->run->chans[i];
			if (w->out == c) {
				if (c->ops->close_end != NULL)
					c->ops->close_end(c, END_WRITE);
				close(c->fd[END_WRITE]);
			} else if (w->in == c)
				close(c->fd[END_READ]);
			shown = i;
		}
		if (shown != -1 && tel_load(&w->slot->op) != OP_CLOSED) {
			worker_sleep_mark(w, OP_CLOSED,
			    &w->run->chans[shown]);
		}
		pause();
	}
}

/*
 * After EINTR, in every sleep, and once per message (a worker that never
 * sleeps in a call, a udp sender or a spinning non-blocking one, is never
 * interrupted): act on what the observer asked. The handler's flag says a
 * request came; reading it, not the shared slot, keeps the hot path as it
 * was. The observer sets the slot before it signals, and repeats the
 * signal until the worker has acted.
 */
static inline void
worker_ctl(struct wctx *w)
{
	if (!worker_urg)
		return;
	worker_urg = 0;
	if (tel_load(&w->slot->ctl_close) != 0)
		worker_closed(w);
}

static void
worker_sleep_until(struct wctx *w, enum op why, uint64_t when_ns)
{
	struct timespec	ts;
	uint32_t	gen = w->gen;	/* the rate this pace was set for */

	if (now_ns() >= when_ns)
		return;
	if (why == OP_RATE && tel_load(&w->slot->ctl_gen) != gen)
		return;		/* changed just now: pace again first */
	worker_sleep_mark(w, why, NULL);
	ts.tv_sec = (time_t)(when_ns / 1000000000ULL);
	ts.tv_nsec = (long)(when_ns % 1000000000ULL);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR) {
		worker_ctl(w);
		/* A new rate: pace again from now, not from the old one. */
		if (why == OP_RATE && tel_load(&w->slot->ctl_gen) != gen)
			break;
	}
	worker_leave(w);
}

/* start = cue: wait (op "cue") until a cue's start action says go. */
static void
worker_await_cue(struct wctx *w)
{
	struct timespec	ts = { 0, 20 * 1000000L };

	worker_sleep_mark(w, OP_CUE, NULL);
	/* Short naps rather than a signal alone: a go set before our
	   handler was in place must not be missed. */
	while (!tel_load(&w->slot->ctl_go)) {
		nanosleep(&ts, NULL);
		worker_ctl(w);
	}
	worker_leave(w);
}

/* worker_pace's work when there is any: a request, a new rate, a limit. */
static void
worker_pace_slow(struct wctx *w)
{
	uint32_t	gen;
	double		due, step;
	uint64_t	now;

	worker_ctl(w);
	gen = tel_load(&w->slot->ctl_gen);

	if (gen != w->gen) {
		w->gen = gen;
		w->rate.kind = tel_load(&w->slot->rate_kind);
		w->rate.value = (double)tel_load(&w->slot->rate_milli) / 1000.0;
		w->unpaced = w->rate.kind == RATE_MAX || w->rate.value <= 0;
		w->base_ns = now_ns();
		w->base_msgs = w->msgs;
		w->base_bytes = w->bytes;
	}
	if (w->unpaced)
		return;
	if (w->rate.kind == RATE_MSGS) {
		due = (double)(w->msgs - w->base_msgs) / w->rate.value;
		step = 1.0 / w->rate.value;
	} else {
		due = (double)(w->bytes - w->base_bytes) / w->rate.value;
		step = (double)w->msgsize / w->rate.value;
	}
	/*
	 * A rate is a ceiling, not a quota: after being blocked or paused
	 * for longer than one message's time, start the pace again from
	 * now rather than catch up in a burst. Up to WORKER_CATCHUP_S
	 * behind is the scheduler's doing, not a block: on a machine whose
	 * cores are busy every wake-up comes late, and a worker that paced
	 * again from each would keep a fraction of its rate; it catches up.
	 */
	if (step < WORKER_CATCHUP_S)
		step = WORKER_CATCHUP_S;
	now = now_ns();
	if ((double)now > (double)w->base_ns + (due + step) * 1e9) {
		w->base_ns = now;
		w->base_msgs = w->msgs;
		w->base_bytes = w->bytes;
		return;
	}
	worker_sleep_until(w, OP_RATE, w->base_ns + (uint64_t)(due * 1e9));
}

/*
 * Before each message: act on requests and honour the rate limit, which
 * the observer may change at any time (the pace restarts from now when it
 * does). Unthrottled with nothing asked, as in make bench, this is two
 * loads and a test: it runs once per message.
 */
static inline void
worker_pace(struct wctx *w)
{
	if (!worker_urg && w->unpaced &&
	    tel_load(&w->slot->ctl_gen) == w->gen)
		return;
	worker_pace_slow(w);
}

static void
worker_think(struct wctx *w)
{
	if (w->sp->think_ms > 0)
		worker_sleep_until(w, OP_THINK,
		    now_ns() + w->sp->think_ms * 1000000ULL);
}

/* A non-blocking sender waits for room: in poll(), or in 1 ms naps
   where the kind has nothing to poll. */
static void
worker_poll(struct wctx *w, struct chan *c)
{
	struct pollfd	pfd;

	pfd.fd = c->ops->pollfd != NULL ? c->ops->pollfd(c) : -1;
	if (pfd.fd == -1) {
		worker_sleep_until(w, OP_POLL, now_ns() + 1000000ULL);
		return;
	}
	pfd.events = POLLOUT;
	worker_call(w, OP_POLL, c, 0);
	while (poll(&pfd, 1, -1) == -1 && errno == EINTR)
		worker_ctl(w);
	worker_leave(w);
}

/*
 * Send one whole message; streams may take several calls. A
 * non-blocking producer follows its policy when the channel is full:
 * drop gives the message up (returns false; only before any byte of it
 * went out, and never for an end marker: must), retry tries again at
 * once, poll waits for room. Inlined into its callers: a producer runs
 * it once per message, and the call itself cost 30 instructions of 117.
 */
static inline __attribute__((always_inline)) bool
worker_send(struct wctx *w, const char *buf, size_t len, bool must)
{
	struct chan	*c = w->out;
	enum nonblock	 nb = w->sp->nonblock;
	size_t		 done = 0;
	ssize_t		 n;

	while (done < len) {
		worker_call(w, OP_SEND, c, len - done);
		if (nb == NB_OFF)
			n = c->ops->send(c, buf + done, len - done);
		else
			n = c->ops->send_nb(c, buf + done, len - done);
		worker_leave(w);
		if (n == -1 && nb != NB_OFF &&
		    (errno == EAGAIN || errno == EWOULDBLOCK)) {
			tel_add(&w->slot->eagain, 1);
			worker_ctl(w);	/* retry spins: no EINTR */
			if (nb == NB_DROP && done == 0 && !must) {
				tel_add(&w->slot->dropped, 1);
				return false;
			}
			if (nb != NB_RETRY)
				worker_poll(w, c);
			continue;
		}
		if (n == -1) {
			if (errno == EINTR) {
				worker_ctl(w);
				continue;
			}
			worker_fail(w, OP_SEND, c, errno);
		}
		done += (size_t)n;
		tel_add(&w->slot->bytes_out, (uint64_t)n);
	}
	if (!must)
		tel_add(&w->slot->msgs_out, 1);
	else
		tel_add(&w->slot->markers_out, 1);	/* markers must */
	return true;
}

/* Is any writer of c still alive (or not yet started)? */
static bool
worker_writers_live(const struct wctx *w, const struct chan *c)
{
	const struct run	*run = w->run;
	uint32_t		 st;
	int			 i;

	for (i = 0; i < run->nprocs; i++) {
		if (run->sc->procs[i].to != c->index)
			continue;
		st = tel_load(&run->tel[i].state);
		if (!tel_load(&run->tel[i].reaped) && st != ACT_DONE &&
		    st != ACT_FAILED)
			return true;
	}
	return false;
}

/*
 * Receive one whole message into w->buf. Returns its length, or 0 at EOF
 * (a stream's writers all closed). A stream's partial last frame counts
 * as one lost message.
 */
static size_t
worker_recv(struct wctx *w)
{
	struct chan	*c = w->in;
	size_t		 want, got = 0;
	ssize_t		 n;
	bool		 last_look = false;

	want = c->ops->stream ? w->msgsize : w->buflen;
	for (;;) {
		worker_call(w, OP_RECV, c, want - got);
		n = c->ops->recv(c, w->buf + got, want - got);
		worker_leave(w);
		if (n == -1) {
			if (errno == EINTR) {
				worker_ctl(w);
				continue;
			}
			worker_fail(w, OP_RECV, c, errno);
		}
		if (n == 0 && c->ops->tail && worker_writers_live(w, c)) {
			/* The end of a file, not of the data: look again. */
			worker_sleep_until(w, OP_TAIL, now_ns() + 10000000ULL);
			continue;
		}
		if (n == 0 && c->ops->tail && !last_look) {
			/*
			 * No writer lives now, but the last one may have
			 * appended between our read and that look: its data
			 * is in place before it says it is done, so one more
			 * read sees it.
			 */
			last_look = true;
			continue;
		}
		if (n == 0) {
			if (got > 0)
				tel_add(&w->slot->lost, 1);
			return 0;
		}
		got += (size_t)n;
		tel_add(&w->slot->bytes_in, (uint64_t)n);
		if (!c->ops->stream || got == want)
			break;
	}
	return got;
}

/* Check a received message; false if it is an end marker. Counts it. */
static bool
worker_check(struct wctx *w, size_t len)
{
	struct frame	 f;
	uint64_t	*next;

	if (len < sizeof f) {
		tel_add(&w->slot->lost, 1);
		return true;
	}
	memcpy(&f, w->buf, sizeof f);
	if ((f.magic != FRAME_MAGIC && f.magic != FRAME_MAGIC_END) ||
	    f.producer >= (uint32_t)w->run->nprocs) {
		/* Not a frame boundary: writers larger than PIPE_BUF were
		   interleaved, or bytes went missing. */
		worker_fail(w, OP_RECV, w->in, EBADMSG);
	}
	if (f.magic == FRAME_MAGIC_END) {
		if (w->check_gaps && f.seq > w->next_seq[f.producer])
			tel_add(&w->slot->lost,
			    f.seq - w->next_seq[f.producer]);
		return false;
	}
	tel_add(&w->slot->msgs_in, 1);
	if (!w->check_gaps)
		return true;
	next = &w->next_seq[f.producer];
	if (f.seq == *next)
		(*next)++;
	else if (f.seq > *next) {
		tel_add(&w->slot->lost, f.seq - *next);
		*next = f.seq + 1;
	} else if (f.seq + 1 == *next)
		tel_add(&w->slot->dup, 1);
	else
		tel_add(&w->slot->ooo, 1);
	return true;
}

/*
 * Does every message of every producer upstream of channel c reach c's
 * only reader? Only then is a gap in a producer's sequence numbers a
 * loss: a channel with several readers, or fed by relays that share
 * their input, carries a share of each sequence.
 */
static bool
worker_single_path(const struct scenario *sc, int c, int depth)
{
	int	i, readers = 0;

	if (depth > SCENARIO_MAX_CHANNELS)
		return false;	/* a loop of relays */
	for (i = 0; i < sc->nprocs; i++) {
		if (sc->procs[i].from == c)
			readers++;
	}
	if (readers != 1)
		return false;
	for (i = 0; i < sc->nprocs; i++) {
		if (sc->procs[i].to == c && sc->procs[i].role == ROLE_RELAY &&
		    !worker_single_path(sc, sc->procs[i].from, depth + 1))
			return false;
	}
	return true;
}

/* How many messages this worker moves; 0 = until stopped. */
static uint64_t
worker_limit(const struct wctx *w)
{
	if (w->sp->count > 0)
		return w->sp->count;
	if (w->sp->total > 0)
		return (w->sp->total + w->msgsize - 1) / w->msgsize;
	return 0;
}

static void	worker_close_unused(struct wctx *, bool);
static void	worker_exec(struct wctx *) __attribute__((noreturn));

static void
worker_setup(struct wctx *w)
{
	struct sigaction sa;
	sigset_t	 set;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = worker_on_urg;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGURG, &sa, NULL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	prctl(PR_SET_NAME, w->sp->name, 0, 0, 0);

	worker_close_unused(w, true);
}

/*
 * Standard input, output and (to_null_err) error on /dev/null, and only
 * this worker's own channel ends left open.
 */
static void
worker_close_unused(struct wctx *w, bool to_null_err)
{
	struct run	*run = w->run;
	int		 c, e, fd;
	bool		 keep;

	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		if (to_null_err)
			dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	/* Keep only the ends this worker uses: a stray write end would keep
	   a reader from ever seeing EOF, a stray read end would hide EPIPE. */
	syscall(SYS_close_range, 3, CHAN_FD_BASE - 1, 0);
	syscall(SYS_close_range, CHAN_FD_BASE + 2 * run->nchans, ~0U, 0);
	for (c = 0; c < run->nchans; c++) {
		for (e = END_READ; e <= END_WRITE; e++) {
			fd = chan_fd(c, e);
			/* Some kinds use one descriptor for both ends. */
			keep = (w->in != NULL && w->in->fd[END_READ] == fd) ||
			    (w->out != NULL && w->out->fd[END_WRITE] == fd);
			if (!keep)
				close(fd);
		}
	}
}

static void
worker_open(struct wctx *w, struct chan *c, int e)
{
	worker_call(w, OP_OPEN, c, 0);
	if (c->ops->open_end(c, e) == -1)
		worker_fail(w, OP_OPEN, c, errno);
	worker_leave(w);
}

/*
 * A producer into a signal channel waits until each of its consumers has
 * blocked the signal (ready): a standard signal sent before that would
 * kill the consumer, which is the signal's default action.
 */
static void
worker_await_readers(struct wctx *w, const struct chan *c)
{
	const struct run	*run = w->run;
	uint32_t		 st;
	bool			 all;
	int			 i;

	for (;;) {
		all = true;
		for (i = 0; i < run->nprocs && all; i++) {
			if (run->sc->procs[i].from != c->index)
				continue;
			st = tel_load(&run->tel[i].state);
			if (!tel_load(&run->tel[i].ready) &&
			    !tel_load(&run->tel[i].reaped) && st != ACT_DONE &&
			    st != ACT_FAILED)
				all = false;
		}
		if (all)
			return;
		worker_sleep_until(w, OP_OPEN, now_ns() + 1000000ULL);
	}
}

/*
 * A semaphore user: acquire (blocks while every unit is held), hold,
 * release, think; count times, or until stopped. Acquiring is the
 * channel's recv, releasing its send (see chan-semaphore.c).
 */
static void __attribute__((noreturn))
worker_user(struct wctx *w)
{
	struct chan	*c = &w->run->chans[w->sp->uses];
	uint64_t	 i, limit = w->sp->count;
	char		 unit = 0;
	ssize_t		 n;

	worker_setup(w);
	if (w->sp->start_cue)
		worker_await_cue(w);
	if (w->sp->start_ms > 0)
		worker_sleep_until(w, OP_START,
		    w->run->t0 + w->sp->start_ms * 1000000ULL);
	worker_leave(w);
	worker_open(w, c, END_READ);
	tel_store(&w->slot->ready, 1);
	for (i = 0; limit == 0 || i < limit; i++) {
		worker_pace(w);
		do {
			worker_call(w, OP_RECV, c, 1);
			n = c->ops->recv(c, &unit, 1);
			worker_leave(w);
			if (n == -1 && errno == EINTR)
				worker_ctl(w);
		} while (n == -1 && errno == EINTR);
		if (n == -1)
			worker_fail(w, OP_RECV, c, errno);
		tel_add(&w->slot->msgs_in, 1);
		if (w->sp->hold_ms > 0)
			worker_sleep_until(w, OP_HOLD,
			    now_ns() + w->sp->hold_ms * 1000000ULL);
		worker_call(w, OP_SEND, c, 1);
		n = c->ops->send(c, &unit, 1);
		worker_leave(w);
		if (n == -1)
			worker_fail(w, OP_SEND, c, errno);
		tel_add(&w->slot->msgs_out, 1);
		w->msgs++;
		worker_think(w);
	}
	tel_store(&w->slot->since_ns, now_ns());
	tel_store(&w->slot->state, ACT_DONE);
	_exit(0);
}

/*
 * make bench's one process per core (bench/bench.sh only, not a user
 * option): with IPCSCOPE_BENCH_PIN set, worker i runs on the (i mod n)-th
 * of the n CPUs it may use, as plain-xfer -p places its writer and
 * reader. Set in the worker itself, before it does anything, so that no
 * part of the transfer runs elsewhere. Said on stderr if it fails: the
 * figures would not mean what make bench says.
 */
static void
worker_bench_pin(int index)
{
	cpu_set_t	allowed, one;
	int		cpu, k, n;

	if (getenv("IPCSCOPE_BENCH_PIN") == NULL)
		return;
	if (sched_getaffinity(0, sizeof allowed, &allowed) == -1 ||
	    (n = CPU_COUNT(&allowed)) == 0) {
		perror("ipcscope: IPCSCOPE_BENCH_PIN: sched_getaffinity");
		return;
	}
	k = index % n;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (CPU_ISSET(cpu, &allowed) && k-- == 0)
			break;
	}
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof one, &one) == -1)
		perror("ipcscope: IPCSCOPE_BENCH_PIN: sched_setaffinity");
}

/* The context of worker index: its channels, its slot, its buffer. A
   user (role = user) goes its own way from here. */
static void
worker_init(struct wctx *w, struct run *run, int index)
{
	void	*p;

	memset(w, 0, sizeof *w);
	w->run = run;
	w->index = index;
	w->sp = &run->sc->procs[index];
	w->slot = &run->tel[index];
	w->in = w->sp->from >= 0 ? &run->chans[w->sp->from] : NULL;
	w->out = w->sp->to >= 0 ? &run->chans[w->sp->to] : NULL;
	/* Kinds that report from inside (a feeder thread) need the slot. */
	if (w->in != NULL)
		w->in->slot = w->slot;
	if (w->out != NULL)
		w->out->slot = w->slot;
	tel_store(&w->slot->pid, (int32_t)getpid());
	worker_bench_pin(index);
	if (w->sp->role == ROLE_USER) {
		w->gen = tel_load(&w->slot->ctl_gen) - 1;
		worker_user(w);
	}
	if (w->sp->role == ROLE_EXEC)
		worker_exec(w);
	w->msgsize = w->in != NULL ? w->in->msgsize : w->out->msgsize;
	w->buflen = w->msgsize;
	if (w->in != NULL && w->in->recvbuf > w->buflen)
		w->buflen = w->in->recvbuf;
	w->gen = tel_load(&w->slot->ctl_gen) - 1;	/* read the rate first */

	worker_setup(w);
	if (posix_memalign(&p, WORKER_BUF_ALIGN, w->buflen) != 0)
		worker_fail(w, OP_NONE, NULL, ENOMEM);
	w->buf = memset(p, 0, w->buflen);
	w->next_seq = xcalloc((size_t)run->nprocs, sizeof *w->next_seq);
	if (w->in != NULL)
		w->check_gaps = worker_single_path(run->sc, w->sp->from, 0);
}

/* Until the first message: its start, its ends opened, ready said, and
   the readers it must wait for. */
static void
worker_ready(struct wctx *w)
{
	if (w->sp->start_cue)
		worker_await_cue(w);
	if (w->sp->start_ms > 0)
		worker_sleep_until(w, OP_START,
		    w->run->t0 + w->sp->start_ms * 1000000ULL);
	worker_leave(w);
	if (w->in != NULL)
		worker_open(w, w->in, END_READ);
	if (w->out != NULL)
		worker_open(w, w->out, END_WRITE);
	tel_store(&w->slot->ready, 1);
	if (w->out != NULL && w->out->ops->await_readers)
		worker_await_readers(w, w->out);
	if (w->out != NULL && w->sp->nonblock != NB_OFF &&
	    w->out->ops->send_nb == NULL)
		worker_fail(w, OP_SEND, w->out, ENOTSUP);
}

/*
 * An exec process: its start, its ends opened as any worker's (a FIFO's
 * open may block, and shows), then the read end of 'from' on descriptor
 * 0, the write end of 'to' on 1, nothing else open, and the program. Its
 * standard error is ipcscope's where that is not a terminal (a terminal
 * holds the screen), else /dev/null. The death signal set at fork
 * (PR_SET_PDEATHSIG) survives execve: the program dies with ipcscope. From
 * the slot's op exec on, the observer asks the kernel only (the program
 * cannot write the slot); an execve that fails is reported here: op exec,
 * its errno.
 */
static void __attribute__((noreturn))
worker_exec(struct wctx *w)
{
	sigset_t	set;
	int		fd;

	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	prctl(PR_SET_NAME, w->sp->name, 0, 0, 0);
	worker_close_unused(w, isatty(STDERR_FILENO) == 1);
	worker_ready(w);
	if (w->in != NULL) {
		fd = w->in->fd[END_READ];
		if (dup2(fd, STDIN_FILENO) == -1)
			worker_fail(w, OP_EXEC, w->in, errno);
		close(fd);
	}
	if (w->out != NULL) {
		fd = w->out->fd[END_WRITE];
		if (dup2(fd, STDOUT_FILENO) == -1)
			worker_fail(w, OP_EXEC, w->out, errno);
		close(fd);
	}
	tel_store(&w->slot->op, OP_EXEC);
	tel_store(&w->slot->chan, -1);
	tel_store(&w->slot->since_ns, now_ns());
	tel_store(&w->slot->state, ACT_RUNNING);
	execvp(w->sp->argv[0], w->sp->argv);
	worker_fail(w, OP_EXEC, NULL, errno);
}

/*
 * A message for a program (raw_out): lines of 15 digits and a newline
 * (the last line shorter when size is not a multiple of 16), numbers
 * made from the producer and the message's sequence number, so that sort
 * has something to sort and every run sends the same bytes.
 */
static void
worker_fill_lines(struct wctx *w, uint64_t seq)
{
	uint64_t	x;
	size_t		j;

	x = ((seq + 1) * 0x9e3779b97f4a7c15ULL) ^
	    ((uint64_t)(w->index + 1) << 48);
	for (j = 0; j < w->msgsize; j++) {
		if (j % 16 == 15 || j + 1 == w->msgsize) {
			w->buf[j] = '\n';
			continue;
		}
		if (j % 16 == 0)
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		w->buf[j] = (char)('0' + (x >> (4 * (j % 16))) % 10);
	}
}

/*
 * A consumer of a program's output (raw_in): bytes, read a buffer at a
 * time, until end of file or 'total' bytes. No frames: nothing to check,
 * no messages counted (msgs_in stays 0); a rate in messages paces reads.
 */
static void
worker_drain_raw(struct wctx *w)
{
	struct chan	*c = w->in;
	uint64_t	 total = w->sp->total;
	size_t		 want;
	ssize_t		 n;

	while (total == 0 || w->bytes < total) {
		worker_pace(w);
		want = w->buflen;
		if (total > 0 && total - w->bytes < want)
			want = (size_t)(total - w->bytes);
		worker_call(w, OP_RECV, c, want);
		n = c->ops->recv(c, w->buf, want);
		worker_leave(w);
		if (n == -1 && errno == EINTR) {
			worker_ctl(w);
			continue;
		}
		if (n == -1)
			worker_fail(w, OP_RECV, c, errno);
		if (n == 0)
			break;
		tel_add(&w->slot->bytes_in, (uint64_t)n);
		w->bytes += (uint64_t)n;
		w->msgs++;
		worker_think(w);
	}
}

/*
 * The transfer: a message at a time until the total, the end of the
 * input or an end marker (which a relay passes on). Returns the number
 * of messages made, sent or dropped.
 */
static uint64_t
worker_transfer(struct wctx *w)
{
	struct frame	f;
	uint64_t	limit, i;
	size_t		len;

	limit = worker_limit(w);
	for (i = 0; limit == 0 || i < limit; i++) {
		worker_pace(w);
		if (w->in != NULL) {
			if ((len = worker_recv(w)) == 0)
				break;
			if (!worker_check(w, len)) {
				/* An end marker: a relay passes it on, or
				   sends as many as it says (worker_finish),
				   copies of this one, left in buf. */
				w->end_read = true;
				if (w->out != NULL && !w->sp->markers_given)
					worker_send(w, w->buf, len, true);
				break;
			}
		} else if (w->sp->raw_out) {
			worker_fill_lines(w, i);
			len = w->msgsize;
		} else {
			f.magic = FRAME_MAGIC;
			f.producer = (uint32_t)w->index;
			f.seq = i;
			memcpy(w->buf, &f, sizeof f);
			len = w->msgsize;
		}
		if (w->out != NULL)
			worker_send(w, w->buf, len, false);
		w->msgs++;
		w->bytes += len;
		worker_think(w);
	}
	return i;
}

/* The end: markers for the readers, its ends closed, DONE. */
static void __attribute__((noreturn))
worker_finish(struct wctx *w, uint64_t made)
{
	struct frame	f;
	uint64_t	i;

	/*
	 * End markers: one per reader that must stop, as the scenario says.
	 * A producer's says how many messages it made (sent or dropped). A
	 * relay with 'markers' sends that many once its input has ended
	 * (a marker or end of file) and all it read is forwarded: copies
	 * of the marker it read, which carry its producer's count on, or,
	 * after end of file, markers of its own that claim no message (a
	 * relay makes none), so that a reader counts no loss from them.
	 */
	if (w->in == NULL || (w->out != NULL && w->sp->markers_given)) {
		if (!w->end_read) {
			f.magic = FRAME_MAGIC_END;
			f.producer = (uint32_t)w->index;
			f.seq = w->in == NULL ? made : 0;
			memcpy(w->buf, &f, sizeof f);
		}
		for (i = 0; i < w->sp->markers; i++)
			worker_send(w, w->buf, w->msgsize, true);
	}
	/* Closing our ends is what tells readers we are done. */
	if (w->out != NULL) {
		if (w->out->ops->close_end != NULL)
			w->out->ops->close_end(w->out, END_WRITE);
		close(w->out->fd[END_WRITE]);
	}
	tel_store(&w->slot->since_ns, now_ns());
	tel_store(&w->slot->state, ACT_DONE);
	_exit(0);
}

void
worker_main(struct run *run, int index)
{
	struct wctx	w;

	worker_init(&w, run, index);
	worker_ready(&w);
	if (w.sp->raw_in) {
		worker_drain_raw(&w);
		worker_finish(&w, 0);
	}
	worker_finish(&w, worker_transfer(&w));
}
