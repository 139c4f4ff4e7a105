/*
 * model.c: turns telemetry slots, /proc and channel samples into the
 * model, once per tick. A worker's own report is never shown alone:
 * "blocked" needs the kernel to say the worker sleeps in the system call
 * that the worker says it is in, on the channel's descriptor.
 */
#include "config.h"

#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "expect.h"
#include "model.h"
#include "probe.h"
#include "runner.h"
#include "util.h"

#define HIST_EVERY_NS	250000000ULL	/* a history sample every 250 ms */
#define RATE_WINDOW_NS	1000000000ULL	/* rates: bytes moved in the last second */
#define RATE_SLOTS	64		/* ticks kept to find the window's start */

/*
 * Rates are exact over a sliding one-second window (bytes moved since the
 * tick about a second ago, over the time between): a writer that stops
 * shows 0 B/s a second later, not a decaying average that never arrives.
 */
struct rate_ring {
	uint64_t	t[RATE_SLOTS];
	uint64_t	out[RATE_SLOTS];
	uint64_t	in[RATE_SLOTS];
	int		head;
	int		n;
};

/*
 * The call a worker is in, by number (the slot's calls, which the worker
 * bumps on entering each call instead of reading a clock), and the tick
 * that first saw it: a call's start is known to within one tick. The
 * kernel's confirmation is kept while the worker stays in that same call
 * (same number: no other call can have come between) and the kernel still
 * shows it asleep, which spares two /proc reads per blocked worker per
 * tick.
 */
struct confirm {
	uint64_t	call;		/* the slot's calls; 0 none yet */
	uint64_t	seen_ns;	/* the tick that first saw it */
	bool		confirmed;
	long		syscall;
	char		wchan[48];
};

struct model_priv {
	struct confirm	*confirms;	/* per proc */
	uint32_t	*rawop;		/* per proc: the slot's op this tick */
	uint64_t	 stall_sig;	/* changes whenever anything moves */
	uint64_t	 progress_ns;	/* when it last changed */
	uint64_t	 orphan_since;	/* orphaned waiters seen since, 0 none */
	uint64_t	 last_hist_ns;
	struct rate_ring *rings;	/* per proc */
	bool		*seen_exit;
	bool		*seen_start;
	/* per proc: its helper thread's /proc/PID/task/TID files */
	pid_t		*thr_tid;
	int		*thr_statfd;
	int		*thr_sysfd;
};

static const char *state_names[PS_COUNT] = {
	"starting", "running", "blocked", "waiting", "paused", "done", "failed"
};

const char *
model_state_name(enum proc_state st)
{
	if ((int)st < 0 || st >= PS_COUNT)
		return "?";
	return state_names[st];
}

void
hist_push(struct hist *h, double v)
{
	h->v[h->head] = v;
	h->head = (h->head + 1) % MODEL_HISTORY;
	if (h->n < MODEL_HISTORY)
		h->n++;
}

double
hist_at(const struct hist *h, int age)
{
	if (age < 0 || age >= h->n)
		return NAN;
	return h->v[(h->head - 1 - age + MODEL_HISTORY) % MODEL_HISTORY];
}

double
hist_max(const struct hist *h)
{
	double	m = 0;
	int	i;

	for (i = 0; i < h->n; i++) {
		if (h->v[i] > m)
			m = h->v[i];
	}
	return m;
}

const struct model_event *
model_event_at(const struct model *m, int age)
{
	if (age < 0 || age >= m->nevents || age >= MODEL_EVENTS)
		return NULL;
	return &m->events[(m->nevents - 1 - age) % MODEL_EVENTS];
}

static void
model_add_event_v(struct model *m, double t, int proc, const char *what,
    const char *fmt, va_list ap)
{
	struct model_event	*ev = &m->events[m->nevents % MODEL_EVENTS];

	ev->t = t;
	ev->proc = proc;
	snprintf(ev->what, sizeof ev->what, "%s", what);
	vsnprintf(ev->detail, sizeof ev->detail, fmt, ap);
	m->nevents++;
	if (m->on_event != NULL)
		m->on_event(m->on_event_arg, m, ev);
}

void
model_add_event(struct model *m, int proc, const char *what,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	model_add_event_v(m, m->t, proc, what, fmt, ap);
	va_end(ap);
}

/* An event that happened at a known moment, not at this tick. */
static void
model_add_event_at(struct model *m, double t, int proc, const char *what,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
model_add_event_at(struct model *m, double t, int proc, const char *what,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	model_add_event_v(m, t, proc, what, fmt, ap);
	va_end(ap);
}

static void
model_thread_close(struct model_priv *pv, int i)
{
	if (pv->thr_statfd[i] != -1)
		close(pv->thr_statfd[i]);
	if (pv->thr_sysfd[i] != -1)
		close(pv->thr_sysfd[i]);
	pv->thr_statfd[i] = pv->thr_sysfd[i] = -1;
}

static void
model_free_arrays(struct model *m)
{
	int	i;

	for (i = 0; i < m->nchans; i++) {
		free(m->chans[i].writers);
		free(m->chans[i].readers);
	}
	free(m->chans);
	free(m->procs);
	if (m->priv != NULL) {
		free(m->priv->rings);
		free(m->priv->confirms);
		free(m->priv->rawop);
		free(m->priv->seen_exit);
		free(m->priv->seen_start);
		for (i = 0; m->priv->thr_statfd != NULL && i < m->nprocs;
		    i++)
			model_thread_close(m->priv, i);
		free(m->priv->thr_tid);
		free(m->priv->thr_statfd);
		free(m->priv->thr_sysfd);
		free(m->priv);
	}
	m->chans = NULL;
	m->procs = NULL;
	m->priv = NULL;
}

void
model_init(struct model *m, const struct run *run)
{
	const struct scenario	*sc = run->sc;
	struct model_chan	*mc;
	struct model_proc	*mp;
	int			 i, j;

	model_free_arrays(m);
	m->sc = sc;
	m->t = 0;
	m->all_paused = false;
	m->finished = false;
	m->caption[0] = '\0';
	m->cue = -1;
	m->nevents = 0;
	m->nchans = run->nchans;
	m->nprocs = run->nprocs;
	m->chans = xcalloc((size_t)m->nchans, sizeof *m->chans);
	m->procs = xcalloc((size_t)m->nprocs, sizeof *m->procs);
	m->priv = xcalloc(1, sizeof *m->priv);
	m->priv->rings = xcalloc((size_t)m->nprocs, sizeof *m->priv->rings);
	m->priv->confirms = xcalloc((size_t)m->nprocs,
	    sizeof *m->priv->confirms);
	m->priv->rawop = xcalloc((size_t)m->nprocs, sizeof *m->priv->rawop);
	m->priv->progress_ns = run->t0;
	m->stalled = m->stall_seen = false;
	m->stall_text[0] = '\0';
	m->nstall_procs = m->nstall_chans = 0;
	m->priv->seen_exit = xcalloc((size_t)m->nprocs, sizeof (bool));
	m->priv->seen_start = xcalloc((size_t)m->nprocs, sizeof (bool));
	m->priv->last_hist_ns = 0;
	m->priv->thr_tid = xcalloc((size_t)m->nprocs, sizeof (pid_t));
	m->priv->thr_statfd = xcalloc((size_t)m->nprocs, sizeof (int));
	m->priv->thr_sysfd = xcalloc((size_t)m->nprocs, sizeof (int));
	for (i = 0; i < m->nprocs; i++)
		m->priv->thr_statfd[i] = m->priv->thr_sysfd[i] = -1;

	for (i = 0; i < m->nchans; i++) {
		mc = &m->chans[i];
		mc->name = sc->channels[i].name;
		mc->kind = run->chans[i].ops->name;
		mc->by_messages = run->chans[i].ops->by_messages;
		mc->unbounded = run->chans[i].ops->unbounded;
		mc->rule_send = run->chans[i].ops->rule_send;
		mc->rule_recv = run->chans[i].ops->rule_recv;
		mc->unit = run->chans[i].ops->unit != NULL ?
		    run->chans[i].ops->unit : mc->by_messages ? "messages" :
		    "bytes";
		mc->waiters = sc->channels[i].kind == CHAN_SEMAPHORE ? 0 : -1;
		mc->fill = mc->bytes = mc->messages = -1;
		mc->buffered_items = mc->buffered_bytes = -1;
		mc->capacity = run->chans[i].capacity;
		mc->in_bps = mc->out_bps = NAN;
		mc->writers = xcalloc((size_t)m->nprocs, sizeof (int));
		mc->readers = xcalloc((size_t)m->nprocs, sizeof (int));
		for (j = 0; j < m->nprocs; j++) {
			if (sc->procs[j].to == i)
				mc->writers[mc->nwriters++] = j;
			/* A semaphore's users take from it: readers. */
			if (sc->procs[j].from == i || (sc->procs[j].role ==
			    ROLE_USER && sc->procs[j].uses == i))
				mc->readers[mc->nreaders++] = j;
		}
	}
	for (i = 0; i < m->nprocs; i++) {
		mp = &m->procs[i];
		mp->name = sc->procs[i].name;
		mp->role = scenario_role_name(sc->procs[i].role);
		mp->pid = run->procs[i].pid;
		mp->state = PS_STARTING;
		mp->chan = -1;
		mp->syscall = -1;
		mp->rate = run->procs[i].rate;
		mp->in_bps = mp->out_bps = NAN;
		mp->thread.chan = -1;
		mp->thread.syscall = -1;
	}
}

/* Record this tick's counters; rates over the last second into *o, *i. */
static void
rate_update(struct rate_ring *r, uint64_t now, uint64_t out, uint64_t in,
    uint64_t t0, double *o, double *i)
{
	int	k, old = -1;
	double	dt;

	r->t[r->head] = now;
	r->out[r->head] = out;
	r->in[r->head] = in;
	r->head = (r->head + 1) % RATE_SLOTS;
	if (r->n < RATE_SLOTS)
		r->n++;
	/* The oldest kept tick no older than the window. */
	for (k = r->n - 1; k >= 1; k--) {
		int idx = (r->head - 1 - k + 2 * RATE_SLOTS) % RATE_SLOTS;

		if (now - r->t[idx] <= RATE_WINDOW_NS) {
			old = idx;
			break;
		}
	}
	if (old == -1) {
		/* The first tick: everything since the start. */
		dt = now > t0 ? (double)(now - t0) / 1e9 : 0;
		*o = dt > 0 ? (double)out / dt : NAN;
		*i = dt > 0 ? (double)in / dt : NAN;
		return;
	}
	dt = (double)(now - r->t[old]) / 1e9;
	*o = dt > 0 ? (double)(out - r->out[old]) / dt : NAN;
	*i = dt > 0 ? (double)(in - r->in[old]) / dt : NAN;
}

static const char *
op_name(const struct run *run, uint32_t op, int chan)
{
	const struct channel_ops *ops = NULL;

	if (chan >= 0 && chan < run->nchans)
		ops = run->chans[chan].ops;
	switch (op) {
	case OP_SEND:
		return ops != NULL ? ops->send_op : "send";
	case OP_RECV:
		return ops != NULL ? ops->recv_op : "recv";
	case OP_OPEN:
		return "open";
	case OP_START:
		return "start";
	case OP_RATE:
		return "rate";
	case OP_THINK:
		return "think";
	case OP_TAIL:
		return "tail";
	case OP_POLL:
		return "poll";
	case OP_HOLD:
		return "hold";
	case OP_JOIN:
		return "join";
	case OP_WRITE:
		return "write";
	case OP_CUE:
		return "cue";
	case OP_CLOSED:
		return "closed";
	}
	return NULL;
}

/* Does the kernel confirm the worker sleeps in this call on this channel? */
static bool
model_confirm(const struct run *run, uint32_t op, int chan,
    const struct kview *kv)
{
	const struct chan	*c;
	long			 nr;

	if (kv->state != 'S' && kv->state != 'D')
		return false;
	if (chan < 0 || chan >= run->nchans)
		return false;
	c = &run->chans[chan];
	if (c->ops->confirm != NULL && (op == OP_SEND || op == OP_RECV ||
	    op == OP_JOIN))
		return c->ops->confirm((struct chan *)c, (int)op, kv->syscall,
		    kv->arg0);
	switch (op) {
	case OP_SEND:
		nr = c->ops->send_nr;
		break;
	case OP_RECV:
		nr = c->ops->recv_nr;
		break;
	case OP_OPEN:
		return kv->syscall == SYS_openat || kv->syscall == SYS_open;
	case OP_POLL:
		/* poll() takes an array, not a descriptor: the call suffices */
		return kv->syscall == SYS_poll || kv->syscall == SYS_ppoll;
	default:
		return false;
	}
	if (kv->syscall != nr)
		return false;
	if (c->msqid != -1)
		return kv->arg0 == c->msqid;
	return kv->arg0 == c->fd[op == OP_SEND ? END_WRITE : END_READ];
}

static void
model_exit_detail(const struct run *run, int i, struct model_proc *mp)
{
	const struct rproc	*p = &run->procs[i];
	const struct tel_slot	*s = &run->tel[i];
	int			 err = (int)tel_load(&s->error);

	mp->signal = 0;
	mp->exit_code = 0;
	mp->error = err;
	if (WIFSIGNALED(p->wstatus)) {
		mp->signal = WTERMSIG(p->wstatus);
		snprintf(mp->detail, sizeof mp->detail, "killed by %s",
		    util_signame(mp->signal));
	} else if (WIFEXITED(p->wstatus)) {
		mp->exit_code = WEXITSTATUS(p->wstatus);
		if (err != 0) {
			int ec = tel_load(&s->err_chan);

			snprintf(mp->detail, sizeof mp->detail, "%s %s: %s",
			    op_name(run, tel_load(&s->err_op), ec),
			    ec >= 0 ? run->sc->channels[ec].name : "",
			    err == EBADMSG ? "corrupt frame" :
			    util_errname(err));
		} else
			snprintf(mp->detail, sizeof mp->detail, "exit %d",
			    mp->exit_code);
	}
	mp->state = (mp->signal == 0 && mp->exit_code == 0) ? PS_DONE :
	    PS_FAILED;
}

/*
 * The worker's helper thread, if it has one (its TID in the slot): the
 * same rule as for the main thread. It is blocked only if
 * /proc/PID/task/TID says it sleeps in write(2) on the channel's write
 * end; a thread that reports a write the kernel does not show asleep is
 * running.
 */
static void
model_update_thread(struct model *m, const struct run *run, int i,
    uint64_t now)
{
	struct model_priv	*pv = m->priv;
	struct model_thread	*t = &m->procs[i].thread;
	const struct rproc	*p = &run->procs[i];
	const struct tel_slot	*s = &run->tel[i];
	const struct chan	*c;
	struct kview		 kv;
	pid_t			 tid = tel_load(&s->thr_tid);
	uint32_t		 st, op;
	uint64_t		 since;
	int			 chan;

	t->op = NULL;
	t->chan = -1;
	t->blocked_s = 0;
	t->kstate = 0;
	t->syscall = -1;
	if (tid <= 0) {
		t->name = NULL;
		return;
	}
	t->name = "feeder";
	t->tid = tid;
	st = tel_load(&s->thr_state);
	op = tel_load(&s->thr_op);
	chan = tel_load(&s->thr_chan);
	since = tel_load(&s->thr_since_ns);
	t->state_s = since <= now ? (double)(now - since) / 1e9 : 0;
	if (p->reaped) {
		model_thread_close(pv, i);
		t->state = st == TS_DONE ? PS_DONE : PS_FAILED;
		return;
	}
	if (pv->thr_tid[i] != tid) {
		model_thread_close(pv, i);
		pv->thr_tid[i] = tid;
		probe_task_open(p->pid, tid, &pv->thr_statfd[i],
		    &pv->thr_sysfd[i]);
	}
	if (probe_task(pv->thr_statfd[i], pv->thr_sysfd[i], &kv,
	    st == TS_CALL) == -1)
		kv.state = 0;
	/* Moved on while /proc was read: confirm nothing. */
	if (tel_load(&s->thr_since_ns) != since ||
	    tel_load(&s->thr_state) != st)
		kv.syscall = -1;
	t->kstate = kv.state;
	t->syscall = kv.syscall;
	switch (st) {
	case TS_CALL:
		t->op = op_name(run, op, chan);
		t->chan = chan;
		t->state = PS_RUNNING;
		if (chan < 0 || chan >= run->nchans || op != OP_WRITE)
			break;
		c = &run->chans[chan];
		if (kv.state == 'S' && kv.syscall == SYS_write &&
		    kv.arg0 == c->fd[END_WRITE]) {
			t->state = PS_BLOCKED;
			t->blocked_s = t->state_s;
		}
		break;
	case TS_SLEEP:
		t->state = PS_WAITING;
		break;
	case TS_DONE:
		t->state = PS_DONE;
		break;
	case TS_FAILED:
		t->state = PS_FAILED;
		break;
	default:
		t->state = PS_RUNNING;
		break;
	}
	if (kv.state == 'T' || kv.state == 't')
		t->state = PS_PAUSED;
}

static void
model_update_proc(struct model *m, const struct run *run, int i,
    uint64_t now)
{
	struct model_proc	*mp = &m->procs[i];
	const struct rproc	*p = &run->procs[i];
	const struct tel_slot	*s = &run->tel[i];
	struct kview		 kv;
	struct confirm		*cf;
	bool			 cached, asleep;
	uint32_t		 st, op;
	uint64_t		 since, call, out, in;
	int			 chan;

	mp->pid = p->pid;
	mp->rate = p->rate;
	mp->user_paused = p->user_paused;
	st = tel_load(&s->state);
	op = tel_load(&s->op);
	chan = tel_load(&s->chan);
	since = tel_load(&s->since_ns);
	call = tel_load(&s->calls);
	mp->op_size = tel_load(&s->op_size);
	out = mp->bytes_out = tel_load(&s->bytes_out);
	in = mp->bytes_in = tel_load(&s->bytes_in);
	mp->msgs_out = tel_load(&s->msgs_out);
	mp->msgs_in = tel_load(&s->msgs_in);
	mp->lost = tel_load(&s->lost);
	mp->dup = tel_load(&s->dup);
	mp->ooo = tel_load(&s->ooo);
	mp->eagain = tel_load(&s->eagain);
	mp->dropped = tel_load(&s->dropped);

	rate_update(&m->priv->rings[i], now, out, in, run->t0, &mp->out_bps,
	    &mp->in_bps);

	if (p->pid > 0 && !m->priv->seen_start[i]) {
		m->priv->seen_start[i] = true;
		model_add_event(m, i, "start", "pid %ld", (long)p->pid);
	}

	model_update_thread(m, run, i, now);
	m->priv->rawop[i] = op;
	mp->op = NULL;
	mp->chan = -1;
	mp->blocked_s = 0;
	if (p->reaped) {
		model_exit_detail(run, i, mp);
		mp->kstate = 0;
		mp->wchan[0] = '\0';
		mp->syscall = -1;
		mp->state_s = now > p->end_ns ?
		    (double)(now - p->end_ns) / 1e9 : 0;
		if (!m->priv->seen_exit[i]) {
			double t = p->end_ns > run->t0 ?
			    (double)(p->end_ns - run->t0) / 1e9 : 0;

			m->priv->seen_exit[i] = true;
			/* The contract's signal and error events first. */
			if (mp->signal != 0)
				model_add_event_at(m, t, i, "signal", "%s",
				    util_signame(mp->signal));
			else if (mp->error != 0)
				model_add_event_at(m, t, i, "error", "%s",
				    mp->detail);
			/* Reaped on SIGCHLD: the exact moment, not the tick. */
			model_add_event_at(m, t, i, "exit", "%s", mp->detail);
		}
		return;
	}

	cf = &m->priv->confirms[i];
	if (st == TS_CALL && cf->call != call) {
		cf->call = call;
		cf->seen_ns = now;
		cf->confirmed = false;
	}
	cached = st == TS_CALL && cf->confirmed;
	/* syscall and wchan are only needed to confirm a call. */
	probe_proc(run, i, &kv, st == TS_CALL && !cached);
	asleep = kv.state == 'S' || kv.state == 'D';
	/* Did the worker move on while /proc was read? Then what the
	   kernel said may belong to the next call: confirm nothing. */
	if (tel_load(&s->calls) != call || tel_load(&s->since_ns) != since ||
	    tel_load(&s->state) != st) {
		cached = false;
		asleep = false;
		kv.syscall = -1;
	}
	if (cached && asleep) {
		kv.syscall = cf->syscall;
		snprintf(kv.wchan, sizeof kv.wchan, "%s", cf->wchan);
	}
	mp->kstate = kv.state;
	mp->syscall = kv.syscall;
	snprintf(mp->wchan, sizeof mp->wchan, "%s", kv.wchan);
	if (st == TS_CALL)
		since = cf->seen_ns;
	mp->state_s = since <= now ? (double)(now - since) / 1e9 : 0;

	switch (st) {
	case TS_STARTING:
		mp->state = PS_STARTING;
		break;
	case TS_SLEEP:
		mp->state = PS_WAITING;
		mp->op = op_name(run, op, -1);
		if (op == OP_CLOSED)
			mp->chan = chan;	/* the end it closed */
		break;
	case TS_CALL:
		mp->op = op_name(run, op, chan);
		mp->chan = chan;
		if ((cached && asleep) || (asleep &&
		    model_confirm(run, op, chan, &kv))) {
			mp->state = PS_BLOCKED;
			mp->blocked_s = mp->state_s;
			cf->confirmed = true;
			cf->syscall = kv.syscall;
			snprintf(cf->wchan, sizeof cf->wchan, "%s", kv.wchan);
		} else {
			mp->state = PS_RUNNING;
			cf->confirmed = false;
		}
		break;
	case TS_DONE:
		mp->state = PS_DONE;
		break;
	case TS_FAILED:
		mp->state = PS_FAILED;
		break;
	default:
		mp->state = PS_RUNNING;
		break;
	}
	if (kv.state == 'T' || kv.state == 't')
		mp->state = PS_PAUSED;
}

static bool
model_ended(const struct model_proc *p)
{
	/* One that closed its end on a cue idles for good: as good as
	   ended for whoever waits on it. */
	return p->state == PS_DONE || p->state == PS_FAILED ||
	    (p->state == PS_WAITING && p->op != NULL &&
	    strcmp(p->op, "closed") == 0);
}

/* Did one of them close its end on a cue rather than end? */
static bool
model_side_closed(const struct model *m, const int *side, int n)
{
	int	j;

	for (j = 0; j < n; j++) {
		if (m->procs[side[j]].state == PS_WAITING)
			return true;
	}
	return false;
}

/* Has every process at the given ends of channel c ended? */
static bool
model_side_ended(const struct model *m, const int *side, int n)
{
	int	j;

	for (j = 0; j < n; j++) {
		if (!model_ended(&m->procs[side[j]]))
			return false;
	}
	return true;
}

/*
 * Is blocked process i waiting for something no live process will ever
 * do? A reader of an empty channel whose writers have all ended (a queue
 * has no EOF to wake it), a writer of a full one whose readers have all
 * ended (a pipe would give EPIPE, a queue does not), an open() of a FIFO
 * whose other side has ended.
 */
static bool
model_orphaned(const struct model *m, int i)
{
	const struct model_proc	*p = &m->procs[i];
	const struct model_chan	*c;
	uint32_t		 op = m->priv->rawop[i];
	int			 j;

	if (p->state != PS_BLOCKED || p->chan < 0)
		return false;
	c = &m->chans[p->chan];
	/* A semaphore has no writers: its users release what they took. */
	if (op == OP_RECV && c->nwriters == 0)
		return false;
	if (op == OP_RECV)
		return c->fill == 0 && model_side_ended(m, c->writers,
		    c->nwriters);
	if (op == OP_SEND || op == OP_POLL)
		return c->capacity > 0 && c->fill >= 0 && model_side_ended(m,
		    c->readers, c->nreaders);
	if (op == OP_OPEN) {
		/* A FIFO's open waits for the other side. */
		for (j = 0; j < c->nwriters; j++) {
			if (c->writers[j] == i)
				return model_side_ended(m, c->readers,
				    c->nreaders);
		}
		return model_side_ended(m, c->writers, c->nwriters);
	}
	return false;
}

static void
model_stall_add_chan(struct model *m, int c)
{
	int	j;

	for (j = 0; j < m->nstall_chans; j++) {
		if (m->stall_chans[j] == c)
			return;
	}
	if (m->nstall_chans < (int)nitems(m->stall_chans))
		m->stall_chans[m->nstall_chans++] = c;
}

static void
model_fill_text(const struct model_chan *c, char *buf, size_t len)
{
	if (c->fill < 0 || c->capacity <= 0)
		snprintf(buf, len, "?");
	else if (c->fill == 0)
		snprintf(buf, len, "empty");
	else if (c->fill >= c->capacity)
		snprintf(buf, len, "full");
	else
		snprintf(buf, len, "%lld/%lld %s", (long long)c->fill,
		    (long long)c->capacity, c->by_messages ? "msgs" : "bytes");
}

/* Say who waits for what, and why it will never come. */
static void
model_stall_explain(struct model *m, bool orphans)
{
	struct strbuf		 sb = { 0 };
	const struct model_proc	*p;
	const struct model_chan	*c;
	char			 fill[48];
	uint64_t		 markers;
	int			 i, j, k, n;

	m->nstall_procs = m->nstall_chans = 0;
	for (i = 0; i < m->nprocs; i++) {
		p = &m->procs[i];
		if (model_ended(p) || (orphans && !model_orphaned(m, i)))
			continue;
		if (m->nstall_procs < (int)nitems(m->stall_procs))
			m->stall_procs[m->nstall_procs++] = i;
		if (p->chan >= 0)
			model_stall_add_chan(m, p->chan);
	}
	if (!orphans)
		strbuf_printf(&sb, "nothing has moved for %.1fs and every live "
		    "process is blocked:", (double)m->sc->stall_ms / 1000.0);
	for (k = 0; k < m->nstall_chans; k++) {
		c = &m->chans[m->stall_chans[k]];
		n = 0;
		for (j = 0; j < m->nstall_procs; j++) {
			p = &m->procs[m->stall_procs[j]];
			if (p->chan != m->stall_chans[k])
				continue;
			strbuf_printf(&sb, "%s%s", n++ == 0 ?
			    (k == 0 && orphans ? "" : " ") : ", ", p->name);
		}
		if (n == 0)
			continue;
		p = &m->procs[m->stall_procs[0]];
		for (j = 0; j < m->nstall_procs; j++) {
			if (m->procs[m->stall_procs[j]].chan == m->stall_chans[k])
				p = &m->procs[m->stall_procs[j]];
		}
		model_fill_text(c, fill, sizeof fill);
		strbuf_printf(&sb, " wait%s in %s on %s (%s)", n == 1 ? "s" : "",
		    p->op != NULL ? p->op : "?", c->name, fill);
		if (!orphans) {
			strbuf_add(&sb, ";", 1);
			continue;
		}
		if (c->fill == 0) {
			markers = 0;
			for (j = 0; j < c->nwriters; j++)
				markers += m->sc->procs[c->writers[j]].markers;
			strbuf_printf(&sb, ": every writer of %s has ended%s, "
			    "so nothing will ever arrive", c->name,
			    model_side_closed(m, c->writers, c->nwriters) ?
			    " or idles after a close" : "");
			if (c->nreaders > 1 || markers > 0)
				strbuf_printf(&sb, " (%llu end marker%s for %d "
				    "readers: each reader needs its own)",
				    (unsigned long long)markers,
				    markers == 1 ? "" : "s", c->nreaders);
		} else
			strbuf_printf(&sb, ": every reader of %s has ended%s, "
			    "so no room will ever be made", c->name,
			    model_side_closed(m, c->readers, c->nreaders) ?
			    " or idles after a close" : "");
		strbuf_add(&sb, ". ", 2);
	}
	for (j = 0; !orphans && j < m->nstall_procs; j++) {
		p = &m->procs[m->stall_procs[j]];
		if (p->chan < 0)
			strbuf_printf(&sb, " %s in %s;", p->name,
			    p->op != NULL ? p->op : "?");
	}
	snprintf(m->stall_text, sizeof m->stall_text, "%s",
	    sb.s != NULL ? sb.s : "");
	/* No trailing separator. */
	n = (int)strlen(m->stall_text);
	while (n > 0 && (m->stall_text[n - 1] == ';' ||
	    m->stall_text[n - 1] == ' '))
		m->stall_text[--n] = '\0';
	strbuf_free(&sb);
}

static void
model_stall(struct model *m, const struct run *run, uint64_t now)
{
	struct model_priv	*pv = m->priv;
	const struct model_proc	*p;
	uint64_t		 sig = 0, stall_ns;
	int			 i, live = 0, blocked = 0, orphans = 0;
	bool			 paused = m->all_paused, all, orph;

	for (i = 0; i < m->nprocs; i++) {
		p = &m->procs[i];
		sig += p->bytes_in + p->bytes_out + p->msgs_in + p->msgs_out +
		    (uint64_t)p->state * 1000003ULL * (uint64_t)(i + 1);
		if (model_ended(p))
			continue;
		live++;
		if (p->state == PS_PAUSED || p->user_paused)
			paused = true;
		if (p->state == PS_BLOCKED)
			blocked++;
		if (model_orphaned(m, i))
			orphans++;
	}
	if (sig != pv->stall_sig) {
		pv->stall_sig = sig;
		pv->progress_ns = now;
	}
	if (orphans == 0)
		pv->orphan_since = 0;
	else if (pv->orphan_since == 0)
		pv->orphan_since = now;

	/* A process the user paused can be resumed: that is no stall. */
	stall_ns = m->sc->stall_ms * 1000000ULL;
	all = !paused && live > 0 && blocked == live &&
	    now - pv->progress_ns >= stall_ns;
	orph = !paused && orphans > 0 && now - pv->orphan_since >= stall_ns;
	if (!all && !orph) {
		m->stalled = false;
		return;
	}
	if (m->stalled)
		return;
	m->stalled = true;
	m->stall_seen = true;
	m->stall_t = m->t;
	model_stall_explain(m, orph);
	model_add_event(m, -1, "stall", "%s", m->stall_text);
}

void
model_update(struct model *m, const struct run *run, uint64_t now)
{
	struct model_priv	*pv = m->priv;
	struct model_chan	*mc;
	struct chan_sample	 cs;
	bool			 hist;
	int			 i, j, alive = 0;

	m->t = now > run->t0 ? (double)(now - run->t0) / 1e9 : 0;
	hist = now - pv->last_hist_ns >= HIST_EVERY_NS;
	if (hist)
		pv->last_hist_ns = now;

	for (i = 0; i < m->nprocs; i++) {
		model_update_proc(m, run, i, now);
		if (!run->procs[i].reaped)
			alive++;
		if (hist) {
			hist_push(&m->procs[i].out_hist,
			    isnan(m->procs[i].out_bps) ? 0 : m->procs[i].out_bps);
			hist_push(&m->procs[i].in_hist,
			    isnan(m->procs[i].in_bps) ? 0 : m->procs[i].in_bps);
		}
	}
	m->finished = alive == 0;

	for (i = 0; i < m->nchans; i++) {
		mc = &m->chans[i];
		cs.dropped = -1;
		cs.buffered_items = cs.buffered_bytes = -1;
		run->chans[i].ops->sample(&run->chans[i], runner_borrow,
		    (void *)run, &cs);
		mc->dropped = cs.dropped;
		mc->buffered_items = cs.buffered_items;
		mc->buffered_bytes = cs.buffered_bytes;
		mc->fill = cs.fill;
		mc->bytes = cs.bytes;
		mc->messages = cs.messages;
		mc->capacity = cs.capacity;
		if (mc->waiters >= 0) {
			mc->waiters = 0;
			for (j = 0; j < mc->nreaders; j++) {
				const struct model_proc *p =
				    &m->procs[mc->readers[j]];

				if (p->state == PS_BLOCKED && p->chan == i &&
				    pv->rawop[mc->readers[j]] == OP_RECV)
					mc->waiters++;
			}
		}
		/* A channel's rates: its writers' out, its readers' in;
		   unknown while none of them is known. */
		mc->in_bps = mc->out_bps = NAN;
		for (j = 0; j < mc->nwriters; j++) {
			double v = m->procs[mc->writers[j]].out_bps;

			if (!isnan(v))
				mc->in_bps = isnan(mc->in_bps) ? v :
				    mc->in_bps + v;
		}
		for (j = 0; j < mc->nreaders; j++) {
			double v = m->procs[mc->readers[j]].in_bps;

			if (!isnan(v))
				mc->out_bps = isnan(mc->out_bps) ? v :
				    mc->out_bps + v;
		}
		if (hist) {
			hist_push(&mc->fill_hist, (mc->fill >= 0 &&
			    mc->capacity > 0) ? (double)mc->fill /
			    (double)mc->capacity : 0);
			hist_push(&mc->in_hist, isnan(mc->in_bps) ? 0 :
			    mc->in_bps);
			hist_push(&mc->out_hist, isnan(mc->out_bps) ? 0 :
			    mc->out_bps);
		}
	}

	model_stall(m, run, now);

	model_caption(m);
}

void
model_caption(struct model *m)
{
	int	i;

	/* The latest cue run that says something, with live numbers. */
	for (i = m->cue; i >= 0; i--) {
		if (m->sc->cues[i].say[0] != '\0')
			break;
	}
	if (i >= 0)
		expect_fill(m, m->sc->cues[i].say, m->caption,
		    sizeof m->caption);
	else
		m->caption[0] = '\0';
}

void
model_free(struct model *m)
{
	model_free_arrays(m);
}
