/*
 * model.c: turns observations into the model, once per tick. Pure: no
 * system call, no clock (the time is the observation's). A process's own
 * report is never shown alone: "blocked" needs the source to say that the
 * kernel confirms the process sleeps in the system call it says it is in,
 * on the channel's object.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/expect.h"
#include "model/explain.h"
#include "model/model.h"
#include "model/waits.h"
#include "base/util.h"

#define HIST_EVERY_NS	250000000ULL	/* a history sample every 250 ms */
#define RATE_WINDOW_NS	1000000000ULL	/* rates: bytes moved in the last second */
#define RATE_SLOTS	64		/* ticks kept to find the window's start */

/*
 * Rates are exact over a sliding one-second window (bytes moved since the
 * tick about a second ago, over the time between): a writer that stops
 * shows 0 B/s a second later, not a decaying average that never arrives.
 */
enum {
	RATE_BYTES_OUT,
	RATE_BYTES_IN,
	RATE_MSGS_OUT,		/* items: for the kinds whose rates */
	RATE_MSGS_IN,		/* count them (channel_ops rate_unit) */
	RATE_COUNTERS
};

struct rate_ring {
	uint64_t	t[RATE_SLOTS];
	uint64_t	v[RATE_SLOTS][RATE_COUNTERS];
	int		head;
	int		n;
};

#define MODEL_SHAPES	64

struct model_priv {
	unsigned	*rawop;		/* per proc: its op this tick */
	/* i11-python: the shapes seen (static strings of the source), by
	   index - 1: a row or channel keeps one byte, not a pointer, so
	   that the history's snapshots do not grow. */
	const char	*shapes[MODEL_SHAPES];
	int		 nshapes;
	uint64_t	 stall_sig;	/* changes whenever anything moves */
	uint64_t	 progress_ns;	/* when it last changed; 0 not yet */
	uint64_t	 orphan_since;	/* orphaned waiters seen since, 0 none */
	uint64_t	 last_hist_ns;
	struct rate_ring *rings;	/* per proc */
	bool		*seen_exit;
	bool		*seen_start;
	/* A model that grows (a followed program): the rows and channels
	   the per-row and per-channel arrays have room for, the execs seen
	   per row, the names it owns, and the writers/readers lists it
	   outgrew (snapshots in the history may still show them). */
	int		 cap_procs;
	int		 cap_chans;
	unsigned	*execs;
	char		**owned;
	size_t		 nowned;
	void		**retired;
	size_t		 nretired;
};

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

const char *
model_unit_abbr(const struct model_chan *c)
{
	if (c->unit == NULL || strcmp(c->unit, "messages") == 0)
		return "msgs";
	return c->unit;
}

const char *
model_side_word(const struct model_chan *c, bool writers)
{
	if (writers)
		return c->writers_word != NULL ? c->writers_word : "writers";
	return c->readers_word != NULL ? c->readers_word : "readers";
}

bool
model_side_program(const struct model *m, const struct model_chan *c,
    bool writers)
{
	const int	*who = writers ? c->writers : c->readers;
	int		 i, n = writers ? c->nwriters : c->nreaders;

	if (n == 0 || !isnan(model_chan_rate(c, writers)))
		return false;
	for (i = 0; i < n; i++) {
		if (who[i] < 0 || who[i] >= m->nprocs ||
		    !m->procs[who[i]].io_counters)
			return false;
	}
	return true;
}

double
model_chan_rate(const struct model_chan *c, bool in)
{
	if (c->rate_unit == NULL)
		return in ? c->in_bps : c->out_bps;
	return in ? c->in_rate : c->out_rate;
}

double
model_proc_rate(const struct model_proc *p, bool in)
{
	if (in)
		return p->in_unit == NULL ? p->in_bps : p->in_rate;
	return p->out_unit == NULL ? p->out_bps : p->out_rate;
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
model_free_arrays(struct model *m)
{
	int	i;

	for (i = 0; i < m->nchans; i++) {
		free(m->chans[i].writers);
		free(m->chans[i].readers);
	}
	free(m->chans);
	free(m->procs);
	free(m->stall_text);
	free(m->stall_procs);
	free(m->stall_chans);
	if (m->priv != NULL) {
		free(m->priv->rings);
		free(m->priv->rawop);
		free(m->priv->seen_exit);
		free(m->priv->seen_start);
		free(m->priv->execs);
		while (m->priv->nowned > 0)
			free(m->priv->owned[--m->priv->nowned]);
		free(m->priv->owned);
		while (m->priv->nretired > 0)
			free(m->priv->retired[--m->priv->nretired]);
		free(m->priv->retired);
		free(m->priv);
	}
	m->chans = NULL;
	m->procs = NULL;
	m->stall_text = NULL;
	m->stall_procs = m->stall_chans = NULL;
	m->priv = NULL;
}

/* What a channel's kind says of it (names, units, words, which counts
   it has), every sampled value unknown until observed: one place for
   scenario and followed channels alike. */
static void
model_chan_kind(struct model_chan *mc, const struct channel_ops *ops)
{
	mc->ops = ops;
	mc->kind = ops->name;
	mc->by_messages = ops->by_messages;
	mc->unbounded = ops->unbounded;
	mc->rule_send = ops->rule_send;
	mc->rule_recv = ops->rule_recv;
	mc->unit = ops->unit != NULL ? ops->unit : mc->by_messages ?
	    "messages" : "bytes";
	/* A semaphore's users take and give back: one side, its words. */
	mc->writers_word = ops->writers;
	mc->readers_word = ops->readers;
	mc->one_side = ops->uses;
	mc->waiters = ops->counts_waiters ? 0 : -1;
	mc->merged = -1;
	mc->value = -1;
	mc->fill = mc->bytes = mc->messages = mc->capacity = -1;
	mc->buffered_items = mc->buffered_bytes = -1;
	mc->dropped = mc->dropped_seen = -1;
	mc->in_bps = mc->out_bps = mc->in_rate = mc->out_rate = NAN;
}

/* The model's channel i, from the scenario (its sides: who writes and
   who reads or uses it). */
static void
model_init_chan(struct model *m, int i, const struct obs *first)
{
	const struct scenario	*sc = m->sc;
	const struct channel_ops *ops;
	struct model_chan	*mc;
	size_t			 np = (size_t)m->nprocs;
	int			 j;

	mc = &m->chans[i];
	ops = sc->channels[i].kind;
	mc->name = sc->channels[i].name;
	model_chan_kind(mc, ops);
	/* Its workers count items for kinds whose rates are not bytes. */
	mc->rate_unit = ops->rate_unit;
	if (first != NULL && i < first->nchans)
		mc->capacity = first->chans[i].capacity;
	mc->holders = -1;
	mc->writers = xcalloc(np + 1, sizeof (int));
	mc->readers = xcalloc(np + 1, sizeof (int));
	for (j = 0; j < m->nprocs; j++) {
		if (sc->procs[j].to == i)
			mc->writers[mc->nwriters++] = j;
		/* A semaphore's users take from it: readers. */
		if (sc->procs[j].from == i || (sc->procs[j].role ==
		    ROLE_USER && sc->procs[j].uses == i))
			mc->readers[mc->nreaders++] = j;
	}
}

void
model_init(struct model *m, const struct scenario *sc,
    const struct obs *first)
{
	struct model_proc	*mp;
	size_t			 np, nc;
	int			 i, j;

	model_free_arrays(m);
	m->sc = sc;
	m->t = 0;
	m->all_paused = false;
	m->finished = false;
	m->caption[0] = '\0';
	m->cue = -1;
	m->cue_waiting = -1;
	m->off_script[0] = '\0';
	m->off_proc = -1;
	m->acted = 0;
	m->caption_live = m->caption_dropped = false;
	m->over = false;
	m->nevents = 0;
	m->nchans = sc->nchannels;
	m->nprocs = sc->nprocs;
	np = (size_t)m->nprocs;
	nc = (size_t)m->nchans;
	m->chans = xcalloc(nc, sizeof *m->chans);
	m->procs = xcalloc(np, sizeof *m->procs);
	m->priv = xcalloc(1, sizeof *m->priv);
	m->priv->rings = xcalloc(np, sizeof *m->priv->rings);
	m->priv->rawop = xcalloc(np, sizeof *m->priv->rawop);
	m->priv->seen_exit = xcalloc(np, sizeof (bool));
	m->priv->seen_start = xcalloc(np, sizeof (bool));
	m->priv->execs = xcalloc(np + 1, sizeof (unsigned));
	m->priv->cap_procs = m->nprocs;
	m->priv->cap_chans = m->nchans;
	m->grows = first != NULL && first->grows;
	m->stalled = m->stall_seen = false;
	m->stall_text = xstrdup("");
	m->nstalls = 0;
	m->stall_procs = xcalloc(np + 1, sizeof (int));
	m->stall_chans = xcalloc(nc + 1, sizeof (int));
	m->nstall_procs = m->nstall_chans = 0;

	for (i = 0; i < m->nchans; i++)
		model_init_chan(m, i, first);
	for (i = 0; i < m->nprocs; i++) {
		mp = &m->procs[i];
		mp->name = sc->procs[i].name;
		mp->role = scenario_role_name(sc->procs[i].role);
		mp->unframed = sc->procs[i].raw_in;
		mp->state = PS_STARTING;
		mp->chan = -1;
		mp->syscall = -1;
		mp->rate = sc->procs[i].rate;
		mp->in_bps = mp->out_bps = mp->in_rate = mp->out_rate = NAN;
		j = sc->procs[i].role == ROLE_USER ? sc->procs[i].uses :
		    sc->procs[i].from;
		mp->in_unit = j >= 0 ? m->chans[j].rate_unit : NULL;
		j = sc->procs[i].to;
		mp->out_unit = j >= 0 ? m->chans[j].rate_unit : NULL;
		mp->thread.chan = -1;
		mp->thread.syscall = -1;
		mp->thread_of = -1;
	}
}

/* A string the model keeps until it is freed (a followed row's name). */
static const char *
model_own(struct model *m, const char *s)
{
	struct model_priv	*pv = m->priv;

	pv->owned = xgrowarray(pv->owned, pv->nowned, sizeof *pv->owned);
	pv->owned[pv->nowned] = xstrdup(s != NULL ? s : "?");
	return pv->owned[pv->nowned++];
}

/* Room for n ints in a list that has room for have: a new array, the
   old one kept (a snapshot may still show it) until the model goes. */
static int *
model_list_room(struct model *m, int *list, int have, int n)
{
	struct model_priv	*pv = m->priv;
	int			*fresh;
	int			 cap = 4;

	while (cap < have)
		cap *= 2;
	if (list != NULL && n <= cap)
		return list;
	while (cap < n)
		cap *= 2;
	fresh = xcalloc((size_t)cap, sizeof *fresh);
	if (list != NULL) {
		memcpy(fresh, list, (size_t)have * sizeof *fresh);
		pv->retired = xgrowarray(pv->retired, pv->nretired,
		    sizeof *pv->retired);
		pv->retired[pv->nretired++] = list;
	}
	return fresh;
}

/* The per-row arrays, with room for n rows (zeroed past the old ones). */
static void
model_grow_rows(struct model *m, int n)
{
	struct model_priv	*pv = m->priv;
	size_t			 old = (size_t)pv->cap_procs, cap = old;

	if (n <= pv->cap_procs)
		return;
	while (cap < (size_t)n)
		cap = cap < 8 ? 8 : 2 * cap;
#define GROW(p) do {							\
	(p) = xreallocarray((p), cap + 1, sizeof *(p));			\
	memset((p) + old, 0, (cap + 1 - old) * sizeof *(p));		\
} while (0)
	GROW(m->procs);
	GROW(pv->rings);
	GROW(pv->rawop);
	GROW(pv->seen_exit);
	GROW(pv->seen_start);
	GROW(pv->execs);
	GROW(m->stall_procs);
#undef GROW
	pv->cap_procs = (int)cap;
}

static void
model_grow_chans(struct model *m, int n)
{
	struct model_priv	*pv = m->priv;
	size_t			 old = (size_t)pv->cap_chans, cap = old;

	if (n <= pv->cap_chans)
		return;
	while (cap < (size_t)n)
		cap = cap < 8 ? 8 : 2 * cap;
	m->chans = xreallocarray(m->chans, cap + 1, sizeof *m->chans);
	memset(m->chans + old, 0, (cap + 1 - old) * sizeof *m->chans);
	m->stall_chans = xreallocarray(m->stall_chans, cap + 1, sizeof (int));
	pv->cap_chans = (int)cap;
}

/* A followed program's new row i, as the source names it. */
static void
model_add_row(struct model *m, int i, const struct obs_proc *op)
{
	struct model_proc	*mp = &m->procs[i];

	memset(mp, 0, sizeof *mp);
	mp->name = model_own(m, op->name);
	mp->thread_of = op->thread_of;
	mp->role = mp->thread_of >= 0 ? "thread" : "process";
	mp->state = PS_STARTING;
	mp->chan = -1;
	mp->syscall = -1;
	mp->rate.kind = RATE_MAX;
	mp->in_bps = mp->out_bps = NAN;
	mp->thread.chan = -1;
	mp->thread.syscall = -1;
}

/* A followed program's new channel c. */
static void
model_add_chan(struct model *m, int c, const struct obs_chan *oc)
{
	const struct channel_ops *ops = oc->ops;
	struct model_chan	*mc = &m->chans[c];

	memset(mc, 0, sizeof *mc);
	mc->name = model_own(m, oc->name);
	/* No rate_unit: a followed program's rates are its I/O counters'
	   bytes (rate_source), whatever the kind counts. */
	model_chan_kind(mc, ops);
	mc->holders = oc->holders;
	mc->rate_source = "process io";
	mc->writers = model_list_room(m, NULL, 0, 0);
	mc->readers = model_list_room(m, NULL, 0, 0);
}

/* The rows and channels a growing source added since the last tick. */
static void
model_grow(struct model *m, const struct obs *o)
{
	int	i;

	if (!o->grows)
		return;
	m->grows = true;
	if (o->nprocs > m->nprocs) {
		model_grow_rows(m, o->nprocs);
		for (i = m->nprocs; i < o->nprocs; i++)
			model_add_row(m, i, &o->procs[i]);
		m->nprocs = o->nprocs;
	}
	if (o->chan_info != NULL && o->nchans > m->nchans) {
		model_grow_chans(m, o->nchans);
		for (i = m->nchans; i < o->nchans; i++)
			model_add_chan(m, i, &o->chan_info[i]);
		m->nchans = o->nchans;
	}
}

/* A shape's index, interned (0: none, or no room left). */
static uint8_t
model_shape_ix(struct model *m, const char *s)
{
	struct model_priv	*pv = m->priv;
	int			 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < pv->nshapes; i++) {
		if (pv->shapes[i] == s || strcmp(pv->shapes[i], s) == 0)
			return (uint8_t)(i + 1);
	}
	if (pv->nshapes == MODEL_SHAPES)
		return 0;
	pv->shapes[pv->nshapes++] = s;
	return (uint8_t)pv->nshapes;
}

const char *
model_shape(const struct model *m, uint8_t shape)
{
	if (shape == 0 || shape > m->priv->nshapes)
		return NULL;
	return m->priv->shapes[shape - 1];
}

/* A followed channel's sides: the rows seen on them, added in order. */
static void
model_chan_sides(struct model *m, int c, const struct obs_chan *oc)
{
	struct model_chan	*mc = &m->chans[c];
	int			 j;

	mc->holders = oc->holders;
	mc->shape = model_shape_ix(m, oc->shape);
	mc->value = oc->value < 0 || oc->value > INT32_MAX ? -1 :
	    (int32_t)oc->value;
	if (oc->nwriters > mc->nwriters) {
		mc->writers = model_list_room(m, mc->writers, mc->nwriters,
		    oc->nwriters);
		for (j = mc->nwriters; j < oc->nwriters; j++)
			mc->writers[j] = oc->writers[j];
		mc->nwriters = oc->nwriters;
	}
	if (oc->nreaders > mc->nreaders) {
		mc->readers = model_list_room(m, mc->readers, mc->nreaders,
		    oc->nreaders);
		for (j = mc->nreaders; j < oc->nreaders; j++)
			mc->readers[j] = oc->readers[j];
		mc->nreaders = oc->nreaders;
	}
}

static bool
row_ended(const struct model_proc *p)
{
	return p->state == PS_DONE || p->state == PS_FAILED;
}

/* Process i, then its threads (chained by next): the live ones first. */
static int
row_order_proc(const struct model *m, const int *next, int i, int *order,
    int n)
{
	int	j, pass;

	order[n++] = i;
	for (pass = 0; pass < 2; pass++) {
		for (j = next[i]; j != -1; j = next[j]) {
			if (row_ended(&m->procs[j]) == (pass == 1))
				order[n++] = j;
		}
	}
	return n;
}

void
model_row_order(const struct model *m, int *order)
{
	int	*next, *last, i, j, t, pass, n = 0;

	if (!m->grows) {
		for (i = 0; i < m->nprocs; i++)
			order[i] = i;
		return;
	}
	/* Each process's threads chained in row order: one pass each. */
	next = xcalloc((size_t)m->nprocs + 1, sizeof *next);
	last = xcalloc((size_t)m->nprocs + 1, sizeof *last);
	for (i = 0; i < m->nprocs; i++)
		next[i] = last[i] = -1;
	for (j = 0; j < m->nprocs; j++) {
		t = m->procs[j].thread_of;
		if (t < 0 || t >= j)
			continue;
		if (last[t] == -1)
			last[t] = t;
		next[last[t]] = j;
		last[t] = j;
	}
	/*
	 * Live processes first, ended ones after them, and so each
	 * process's threads: a launcher (a pyenv shim runs dozens of
	 * short-lived bash) or a Manager (a thread per connection, most of
	 * them short) must not push the live rows out of view.
	 */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < m->nprocs; i++) {
			t = m->procs[i].thread_of;
			if ((t >= 0 && t < i) || row_ended(&m->procs[i]) !=
			    (pass == 1))
				continue;
			n = row_order_proc(m, next, i, order, n);
		}
	}
	free(next);
	free(last);
}

int
model_row_pos(const struct model *m, int row)
{
	int	*order, pos;

	if (row < 0 || row >= m->nprocs)
		return -1;
	if (!m->grows)
		return row;
	order = xcalloc((size_t)m->nprocs, sizeof *order);
	model_row_order(m, order);
	for (pos = 0; pos < m->nprocs && order[pos] != row; pos++)
		;
	free(order);
	return pos < m->nprocs ? pos : -1;
}

/* Record this tick's counters; their rates over the last second into
   rate[]. */
static void
rate_update(struct rate_ring *r, uint64_t now, const uint64_t *cur,
    uint64_t t0, double *rate)
{
	int	k, c, old = -1;
	double	dt;

	r->t[r->head] = now;
	memcpy(r->v[r->head], cur, sizeof r->v[r->head]);
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
	/* The first tick: everything since the start. */
	dt = old == -1 ? (now > t0 ? (double)(now - t0) / 1e9 : 0) :
	    (double)(now - r->t[old]) / 1e9;
	for (c = 0; c < RATE_COUNTERS; c++) {
		rate[c] = dt > 0 ? (double)(cur[c] - (old == -1 ? 0 :
		    r->v[old][c])) / dt : NAN;
	}
}

/* The name of op on channel chan (-1: none), in the kind's words. */
static const char *
model_op(const struct model *m, unsigned op, int chan)
{
	const struct channel_ops *ops = NULL;

	if (chan >= 0 && chan < m->nchans)
		ops = m->chans[chan].ops;
	return op_name(op, ops != NULL ? ops->send_op : NULL,
	    ops != NULL ? ops->recv_op : NULL);
}

static void
model_exit_detail(const struct model *m, int i, const struct obs_proc *op,
    struct model_proc *mp)
{
	const char	*on;
	int		 ec = op->err_chan;

	mp->signal = 0;
	mp->exit_code = 0;
	mp->error = op->err;
	if (op->wstatus == -1) {
		/* A followed process the kernel did not report on. */
		snprintf(mp->detail, sizeof mp->detail, "ended, exit status "
		    "not known");
	} else if (WIFSIGNALED(op->wstatus)) {
		mp->signal = WTERMSIG(op->wstatus);
		snprintf(mp->detail, sizeof mp->detail, "killed by %s",
		    util_signame(mp->signal));
	} else if (WIFEXITED(op->wstatus)) {
		mp->exit_code = WEXITSTATUS(op->wstatus);
		if (op->err != 0 && op->err_op == OP_EXEC && ec < 0 &&
		    m->sc->procs[i].argv != NULL)
			/* The program did not start: "exec sort2: ENOENT". */
			snprintf(mp->detail, sizeof mp->detail, "exec %s: %s",
			    m->sc->procs[i].argv[0], util_errname(op->err));
		else if (op->err != 0) {
			on = model_op(m, op->err_op, ec);
			snprintf(mp->detail, sizeof mp->detail, "%s %s: %s",
			    on != NULL ? on : "call",
			    ec >= 0 && ec < m->nchans ? m->chans[ec].name : "",
			    op->err == EBADMSG ? "corrupt frame" :
			    util_errname(op->err));
		} else
			snprintf(mp->detail, sizeof mp->detail, "exit %d",
			    mp->exit_code);
	}
	mp->state = (mp->signal == 0 && mp->exit_code == 0) ? PS_DONE :
	    PS_FAILED;
}

static double
model_secs_since(uint64_t since, uint64_t now)
{
	return since != 0 && since <= now ? (double)(now - since) / 1e9 : 0;
}

/* A stopped process or thread is paused, whatever it was doing. */
static bool
model_stopped(char kstate)
{
	return kstate == 'T' || kstate == 't';
}

static bool
model_asleep(char kstate)
{
	return kstate == 'S' || kstate == 'D';
}

/*
 * A helper thread of a process (mpqueue: the feeder), under the same rule
 * as the main thread: blocked only when the kernel confirms it sleeps in
 * its call; one that reports a call the kernel does not confirm is
 * running.
 */
static void
model_update_thread(struct model *m, struct model_proc *mp,
    const struct obs_proc *op, uint64_t now)
{
	const struct obs_thread	*ot = &op->thread;
	struct model_thread	*t = &mp->thread;

	t->op = NULL;
	t->chan = -1;
	t->blocked_s = 0;
	t->kstate = 0;
	t->syscall = -1;
	if (ot->tid <= 0) {
		t->name = NULL;
		return;
	}
	t->name = ot->name != NULL ? ot->name : "thread";
	t->tid = ot->tid;
	t->state_s = model_secs_since(ot->since_ns, now);
	if (op->ended) {
		t->state = ot->act == ACT_DONE ? PS_DONE : PS_FAILED;
		return;
	}
	t->kstate = ot->kstate;
	t->syscall = ot->syscall;
	switch (ot->act) {
	case ACT_CALL:
		t->op = model_op(m, ot->op, ot->chan);
		t->chan = ot->chan;
		t->state = PS_RUNNING;
		if (ot->confirmed && model_asleep(ot->kstate)) {
			t->state = PS_BLOCKED;
			t->blocked_s = t->state_s;
		}
		break;
	case ACT_SLEEP:
		t->state = PS_WAITING;
		break;
	case ACT_DONE:
		t->state = PS_DONE;
		break;
	case ACT_FAILED:
		t->state = PS_FAILED;
		break;
	default:
		t->state = PS_RUNNING;
		break;
	}
	if (model_stopped(ot->kstate))
		t->state = PS_PAUSED;
}

/* The event of an exit, at the moment it was seen, not at the tick. */
static void
model_exit_events(struct model *m, int i, const struct obs_proc *op,
    uint64_t t0)
{
	struct model_proc	*mp = &m->procs[i];
	double			 t = model_secs_since(t0, op->end_ns);

	if (m->priv->seen_exit[i])
		return;
	m->priv->seen_exit[i] = true;
	if (mp->thread_of >= 0)
		return;		/* a thread's end is its process's affair */
	/* The contract's signal and error events first. */
	if (mp->signal != 0)
		model_add_event_at(m, t, i, "signal", "%s",
		    util_signame(mp->signal));
	else if (mp->error != 0)
		model_add_event_at(m, t, i, "error", "%s", mp->detail);
	model_add_event_at(m, t, i, "exit", "%s", mp->detail);
}

/*
 * What a followed program's row says besides a scenario's: where its
 * rates come from, whether its call began before the first look, what
 * cannot be seen, and each exec as an event.
 */
static void
model_followed_row(struct model *m, int i, const struct obs_proc *op)
{
	struct model_proc	*mp = &m->procs[i];

	mp->rate_source = !op->io_counters ? NULL : mp->thread_of >= 0 ?
	    "thread io" : "process io";
	mp->since_before = op->since_before;
	mp->unknown = op->unknown;
	mp->shape = model_shape_ix(m, op->shape);
	if (op->execs != m->priv->execs[i]) {
		m->priv->execs[i] = op->execs;
		if (mp->thread_of < 0)
			model_add_event(m, i, "exec", "%s", op->exec != NULL ?
			    op->exec : "?");
	}
}

/*
 * A process's rates over the last second: bytes, and each direction in
 * the unit of its channel's kind (items per second where the kind
 * counts items: a semaphore user's acquisitions, a signal handler's
 * signals). A recording's own (obs.rec) as they were recorded, over the
 * recording run's ticks; from its counters where it has none.
 */
static void
model_proc_rates(struct model *m, int i, const struct obs_proc *op,
    const struct obs *o)
{
	struct model_proc		*mp = &m->procs[i];
	const struct obs_rec_proc	*rp;
	uint64_t			 cur[RATE_COUNTERS];
	double				 rate[RATE_COUNTERS];

	cur[RATE_BYTES_OUT] = op->bytes_out;
	cur[RATE_BYTES_IN] = op->bytes_in;
	cur[RATE_MSGS_OUT] = op->msgs_out;
	cur[RATE_MSGS_IN] = op->msgs_in;
	/* A followed row's counters hold all its I/O before it was first
	   seen: its rates start from its second sample. */
	rate_update(&m->priv->rings[i], o->now_ns, cur, op->name != NULL ?
	    UINT64_MAX : o->t0_ns, rate);
	rp = o->rec != NULL ? &o->rec->procs[i] : NULL;
	if (rp != NULL && rp->has_rates) {
		rate[RATE_BYTES_OUT] = rp->out_bps;
		rate[RATE_BYTES_IN] = rp->in_bps;
	}
	if (rp != NULL && rp->has_item_rates) {
		rate[RATE_MSGS_OUT] = rp->out_rate;
		rate[RATE_MSGS_IN] = rp->in_rate;
	}
	mp->out_bps = rate[RATE_BYTES_OUT];
	mp->in_bps = rate[RATE_BYTES_IN];
	mp->out_rate = mp->out_unit != NULL ? rate[RATE_MSGS_OUT] :
	    mp->out_bps;
	mp->in_rate = mp->in_unit != NULL ? rate[RATE_MSGS_IN] : mp->in_bps;
}

/* Ended: its exit, and (but for a recording, which has them) its events. */
static void
model_proc_ended(struct model *m, int i, const struct obs_proc *op,
    const struct obs *o)
{
	struct model_proc	*mp = &m->procs[i];

	model_exit_detail(m, i, op, mp);
	if (o->rec != NULL && o->rec->procs[i].detail != NULL)
		snprintf(mp->detail, sizeof mp->detail, "%s",
		    o->rec->procs[i].detail);
	mp->kstate = 0;
	mp->wchan[0] = '\0';
	mp->syscall = -1;
	mp->state_s = model_secs_since(op->end_ns, o->now_ns);
	if (o->rec == NULL)
		model_exit_events(m, i, op, o->t0_ns);
}

static void
model_update_proc(struct model *m, int i, const struct obs_proc *op,
    const struct obs *o)
{
	struct model_proc	*mp = &m->procs[i];
	uint64_t		 now = o->now_ns;

	mp->pid = op->pid;
	mp->rate = op->rate;
	mp->user_paused = op->user_paused;
	mp->gone = op->ended;
	mp->op_size = op->op_size;
	mp->io_counters = op->io_counters;
	mp->bytes_out = op->bytes_out;
	mp->bytes_in = op->bytes_in;
	mp->msgs_out = op->msgs_out;
	mp->msgs_in = op->msgs_in;
	mp->lost = op->lost;
	mp->dup = op->dup;
	mp->ooo = op->ooo;
	mp->eagain = op->eagain;
	mp->dropped = op->dropped;
	mp->markers_out = op->markers_out;

	model_proc_rates(m, i, op, o);

	/* A recording has its start events among its own. */
	if (op->pid > 0 && !m->priv->seen_start[i]) {
		m->priv->seen_start[i] = true;
		/* Execs before it was first seen are in its name. */
		m->priv->execs[i] = op->execs;
		if (o->rec == NULL && mp->thread_of < 0 && op->start_ns != 0)
			model_add_event_at(m, model_secs_since(o->t0_ns,
			    op->start_ns), i, "start", "pid %ld",
			    (long)op->pid);
		else if (o->rec == NULL && mp->thread_of < 0)
			model_add_event(m, i, "start", "pid %ld",
			    (long)op->pid);
	}
	if (op->name != NULL)
		model_followed_row(m, i, op);

	model_update_thread(m, mp, op, now);
	m->priv->rawop[i] = op->op;
	mp->op = NULL;
	mp->chan = -1;
	mp->blocked_s = 0;
	if (op->ended) {
		model_proc_ended(m, i, op, o);
		return;
	}

	mp->kstate = op->kstate;
	mp->syscall = op->syscall;
	/* A copy, not snprintf: this runs for every process every tick. */
	_Static_assert(sizeof mp->wchan == sizeof op->wchan, "wchan sizes");
	memcpy(mp->wchan, op->wchan, sizeof mp->wchan);
	mp->state_s = model_secs_since(op->since_ns, now);

	switch (op->act) {
	case ACT_STARTING:
		mp->state = PS_STARTING;
		break;
	case ACT_SLEEP:
		mp->state = PS_WAITING;
		mp->op = op->call != NULL ? op->call : model_op(m, op->op, -1);
		if (op->op == OP_CLOSED)
			mp->chan = op->chan;	/* the end it closed */
		break;
	case ACT_CALL:
		mp->op = op->call != NULL ? op->call :
		    model_op(m, op->op, op->chan);
		mp->chan = op->chan;
		if (op->confirmed && model_asleep(op->kstate)) {
			mp->state = PS_BLOCKED;
			mp->blocked_s = mp->state_s;
		} else
			mp->state = PS_RUNNING;
		break;
	case ACT_DONE:
		mp->state = PS_DONE;
		break;
	case ACT_FAILED:
		mp->state = PS_FAILED;
		break;
	default:
		mp->state = PS_RUNNING;
		break;
	}
	if (model_stopped(op->kstate))
		mp->state = PS_PAUSED;
	if (o->rec != NULL && o->rec->procs[i].op != NULL)
		mp->op = o->rec->procs[i].op;
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

/*
 * Ended as the kernel sees it: gone (its descriptors closed), or idle
 * after closing its end. A worker that said it is done may still hold
 * its ends for a moment (on a busy machine, longer), and what waits on
 * them is not stuck yet: the close wakes it (EOF, EPIPE).
 */
static bool
model_gone(const struct model_proc *p)
{
	return model_ended(p) && (p->gone || (p->state != PS_DONE &&
	    p->state != PS_FAILED));
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
	const struct model_proc	*p;
	int			 j;

	for (j = 0; j < n; j++) {
		p = &m->procs[side[j]];
		if (!model_gone(p))
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
	/* A followed program's sides are only who was seen: someone else
	   holding an end may yet serve it (the kernel says EOF and EPIPE
	   once nobody holds one). */
	if (c->holders >= 0)
		return false;
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
	if (m->nstall_chans < m->nchans)	/* room for every one */
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
		m->stall_procs[m->nstall_procs++] = i;	/* room for all */
		if (p->chan >= 0)
			model_stall_add_chan(m, p->chan);
	}
	if (!orphans && m->grows)	/* i11-python: a followed program */
		strbuf_printf(&sb, "nothing has moved for %.1fs: every live "
		    "process and thread is blocked or asleep in a call that "
		    "does not end by itself, and none has read or written:",
		    (double)m->sc->stall_ms / 1000.0);
	else if (!orphans)
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
		if (c->fill < 0 && c->value >= 0)	/* a followed semaphore */
			snprintf(fill, sizeof fill, "value %d", (int)c->value);
		strbuf_printf(&sb, " wait%s in %s on %s (%s)", n == 1 ? "s" : "",
		    p->op != NULL ? p->op : "?", c->name, fill);
		if (c->shape != 0)
			strbuf_printf(&sb, ", %s", model_shape(m, c->shape));
		if (!orphans) {
			strbuf_add(&sb, ";", 1);
			continue;
		}
		if (c->fill == 0) {
			markers = 0;
			/* The markers written into c, as its writers
			   (producers and relays) counted them. */
			for (j = 0; j < c->nwriters; j++)
				markers += m->procs[c->writers[j]].markers_out;
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
	/* No trailing separator. */
	while (sb.len > 0 && (sb.s[sb.len - 1] == ';' ||
	    sb.s[sb.len - 1] == ' '))
		sb.s[--sb.len] = '\0';
	free(m->stall_text);
	m->stall_text = sb.s != NULL ? sb.s : xstrdup("");
	m->nstalls++;
}

/*
 * i11-python: a followed row asleep in a call that does not end by
 * itself as far as the kernel shows (not a sleep for a time), and not on
 * a channel: with every other row blocked, and no I/O, nothing moves.
 */
static bool
model_asleep_for_good(const struct model_proc *p)
{
	return p->state == PS_WAITING && p->rate_source != NULL &&
	    (p->kstate == 'S' || p->kstate == 'D') && p->unknown == NULL &&
	    p->op != NULL && strcmp(p->op, "nanosleep") != 0 &&
	    strcmp(p->op, "clock_nanosleep") != 0;
}

static void
model_stall(struct model *m, uint64_t now)
{
	struct model_priv	*pv = m->priv;
	const struct model_proc	*p;
	uint64_t		 sig = 0, stall_ns;
	int			 i, live = 0, blocked = 0, orphans = 0;
	int			 asleep = 0;
	bool			 paused = m->all_paused, all, orph;

	for (i = 0; i < m->nprocs; i++) {
		p = &m->procs[i];
		sig += p->bytes_in + p->bytes_out + p->msgs_in + p->msgs_out +
		    ((uint64_t)p->state * 1000003ULL + p->gone) *
		    (uint64_t)(i + 1);
		if (model_gone(p))
			continue;
		live++;	/* one that is done but not gone yet: live, not
			   blocked */
		if (p->state == PS_PAUSED || p->user_paused)
			paused = true;
		if (p->state == PS_BLOCKED)
			blocked++;
		else if (m->grows && model_asleep_for_good(p))
			asleep++;
		if (model_orphaned(m, i))
			orphans++;
	}
	if (sig != pv->stall_sig || pv->progress_ns == 0) {
		pv->stall_sig = sig;
		pv->progress_ns = now;
	}
	if (orphans == 0)
		pv->orphan_since = 0;
	else if (pv->orphan_since == 0)
		pv->orphan_since = now;

	/* A process the user paused can be resumed: that is no stall. */
	stall_ns = m->sc->stall_ms * 1000000ULL;
	all = !paused && live > 0 && (blocked == live || (blocked > 0 &&
	    blocked + asleep == live)) && now - pv->progress_ns >= stall_ns;
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

/*
 * Is row r's I/O counted by another row of the list already? A thread's
 * counters are part of its process's, when both are on the same side.
 */
static bool
model_counted(const struct model *m, const int *list, int n, int r)
{
	int	t = m->procs[r].thread_of, j;

	if (!m->grows || t < 0)
		return false;
	for (j = 0; j < n; j++) {
		if (list[j] == t)
			return true;
	}
	return false;
}

/*
 * A recorded run: the stall as it was reported (its text, who waits on
 * what) and whether its banner is up, instead of working it out again.
 */
static void
model_stall_rec(struct model *m, const struct obs_rec *rec)
{
	int	i;

	m->stalled = rec->stalled;
	if (rec->stall_text == NULL)
		return;
	free(m->stall_text);
	m->stall_text = xstrdup(rec->stall_text);
	m->nstall_procs = m->nstall_chans = 0;
	for (i = 0; i < rec->nstall_procs && m->nstall_procs < m->nprocs;
	    i++) {
		if (rec->stall_procs[i] >= 0 && rec->stall_procs[i] < m->nprocs)
			m->stall_procs[m->nstall_procs++] = rec->stall_procs[i];
	}
	for (i = 0; i < rec->nstall_chans; i++) {
		if (rec->stall_chans[i] >= 0 && rec->stall_chans[i] < m->nchans)
			model_stall_add_chan(m, rec->stall_chans[i]);
	}
	m->stalled = m->stall_seen = true;
	m->stall_t = m->t;
	m->nstalls++;
}

/* A recorded run's events, at their own times. */
static void
model_rec_events(struct model *m, const struct obs_rec *rec)
{
	const struct obs_event	*ev;
	int			 i;

	for (i = 0; i < rec->nevents; i++) {
		ev = &rec->events[i];
		model_add_event_at(m, ev->t, ev->proc >= 0 && ev->proc <
		    m->nprocs ? ev->proc : -1, ev->what, "%s", ev->detail);
	}
}

/* Add a known rate v to *sum, unknown (NAN) until one is known. */
static void
model_sum(double *sum, double v)
{
	if (!isnan(v))
		*sum = isnan(*sum) ? v : *sum + v;
}

/*
 * A kind that merges a send into a pending one (a standard signal): its
 * writers count what they sent, its readers what they handled, the
 * kernel shows what is pending; the rest was merged and will never be
 * handled. Counters and the fill are read a moment apart, so a count
 * below 0 (a send counted before it is seen pending) is 0. Once every
 * reader has ended nothing is pending for them any more: sent - handled.
 * Unknown (-1) while the fill is, as long as a reader lives.
 */
static void
model_merged(const struct model *m, struct model_chan *mc)
{
	uint64_t	sent = 0, handled = 0;
	int64_t		pending;
	int		j;

	mc->merged = -1;
	if (mc->ops == NULL || !mc->ops->merges)
		return;
	for (j = 0; j < mc->nwriters; j++)
		sent += m->procs[mc->writers[j]].msgs_out;
	for (j = 0; j < mc->nreaders; j++)
		handled += m->procs[mc->readers[j]].msgs_in;
	if (model_side_ended(m, mc->readers, mc->nreaders))
		pending = 0;
	else if ((pending = mc->messages) < 0)
		return;
	mc->merged = (int64_t)(sent - handled) - pending;
	if (sent < handled || mc->merged < 0)
		mc->merged = 0;
}

static void
model_update_chan(struct model *m, int i, const struct chan_sample *cs,
    bool hist)
{
	struct model_chan	*mc = &m->chans[i];
	const struct model_proc	*p;
	int			 j;

	mc->dropped = cs->dropped;
	if (mc->dropped >= 0)
		mc->dropped_seen = mc->dropped;
	mc->buffered_items = cs->buffered_items;
	mc->buffered_bytes = cs->buffered_bytes;
	mc->fill = cs->fill;
	mc->bytes = cs->bytes;
	mc->messages = cs->messages;
	mc->capacity = cs->capacity;
	if (mc->waiters >= 0) {
		mc->waiters = 0;
		for (j = 0; j < mc->nreaders; j++) {
			p = &m->procs[mc->readers[j]];
			if (p->state == PS_BLOCKED && p->chan == i &&
			    m->priv->rawop[mc->readers[j]] == OP_RECV)
				mc->waiters++;
		}
	}
	/* A channel's rates: its writers' out, its readers' in; unknown
	   while none of them is known. A program's I/O counters count
	   its other files too: they say nothing of one channel; a
	   followed program's channel sums them, labelled so
	   (rate_source), as that is all there is. */
	mc->in_bps = mc->out_bps = mc->in_rate = mc->out_rate = NAN;
	for (j = 0; j < mc->nwriters; j++) {
		if (model_counted(m, mc->writers, mc->nwriters,
		    mc->writers[j]))
			continue;
		p = &m->procs[mc->writers[j]];
		if (p->io_counters && !m->grows)
			continue;
		model_sum(&mc->in_bps, p->out_bps);
		model_sum(&mc->in_rate, p->out_rate);
	}
	for (j = 0; j < mc->nreaders; j++) {
		if (model_counted(m, mc->readers, mc->nreaders,
		    mc->readers[j]))
			continue;
		p = &m->procs[mc->readers[j]];
		if (p->io_counters && !m->grows)
			continue;
		model_sum(&mc->out_bps, p->in_bps);
		model_sum(&mc->out_rate, p->in_rate);
	}
	model_merged(m, mc);
	if (hist) {
		hist_push(&mc->fill_hist, (mc->fill >= 0 && mc->capacity > 0) ?
		    (double)mc->fill / (double)mc->capacity : 0);
		hist_push(&mc->in_hist, isnan(mc->in_rate) ? 0 : mc->in_rate);
		hist_push(&mc->out_hist, isnan(mc->out_rate) ? 0 :
		    mc->out_rate);
	}
}

/*
 * Channel c is closed once every process that held an end has ended
 * (done or failed: one that closed its end on a cue still lives): the
 * kernel object is gone with them, and its fill is unknown for good. The
 * kernel's count of drops cannot grow after that: it stays the last one
 * read (the last sample in which it could be read: on a busy machine
 * the one just before may have found no end left to borrow).
 */
static void
model_chan_closed(struct model *m, int c)
{
	struct model_chan	*mc = &m->chans[c];
	const struct model_proc	*p;
	int			 j, n = 0;

	/* The scenario's processes (a followed program's rows have none
	   in the scenario: its channels are never said closed here). */
	for (j = 0; j < m->nprocs && j < m->sc->nprocs; j++) {
		if (m->sc->procs[j].from != c && m->sc->procs[j].to != c &&
		    m->sc->procs[j].uses != c)
			continue;
		p = &m->procs[j];
		/* One that closed this end on a cue idles without it. */
		if (p->state != PS_DONE && p->state != PS_FAILED &&
		    !(p->state == PS_WAITING && p->op != NULL &&
		    strcmp(p->op, "closed") == 0 && p->chan == c))
			break;
		n++;
	}
	mc->closed = n > 0 && j == m->nprocs;
	if (mc->closed && mc->dropped < 0)
		mc->dropped = mc->dropped_seen;
}

void
model_update(struct model *m, const struct obs *o)
{
	struct model_priv	*pv = m->priv;
	struct model_proc	*mp;
	uint64_t		 now = o->now_ns;
	bool			 hist;
	int			 i, alive = 0;

	model_grow(m, o);
	m->t = model_secs_since(o->t0_ns, now);
	hist = now - pv->last_hist_ns >= HIST_EVERY_NS;
	if (hist)
		pv->last_hist_ns = now;

	for (i = 0; i < m->nprocs && i < o->nprocs; i++) {
		mp = &m->procs[i];
		model_update_proc(m, i, &o->procs[i], o);
		if (!o->procs[i].ended)
			alive++;
		if (hist) {
			hist_push(&mp->out_hist,
			    isnan(mp->out_rate) ? 0 : mp->out_rate);
			hist_push(&mp->in_hist,
			    isnan(mp->in_rate) ? 0 : mp->in_rate);
		}
	}
	m->finished = alive == 0;

	for (i = 0; i < m->nchans && i < o->nchans; i++) {
		if (o->chan_info != NULL)
			model_chan_sides(m, i, &o->chan_info[i]);
		model_update_chan(m, i, &o->chans[i], hist);
		model_chan_closed(m, i);
	}

	if (o->rec != NULL) {
		model_stall_rec(m, o->rec);
		model_rec_events(m, o->rec);
		waits_update(m);	/* from the state, as recorded */
		snprintf(m->caption, sizeof m->caption, "%s",
		    o->rec->caption != NULL ? o->rec->caption : "");
		m->caption_live = o->rec->caption_live;
		snprintf(m->off_script, sizeof m->off_script, "%s",
		    o->rec->off_script != NULL ? o->rec->off_script : "");
		return;
	}
	model_stall(m, now);
	waits_update(m);

	model_caption(m);
}

/*
 * The caption of cue i, with live numbers, into m->caption: true, or
 * false when it is not to be shown as true. Once the user has changed the
 * run, its 'when' conditions are its facts: once one fails it is dropped
 * until the next cue; without any it cannot be vouched for. A placeholder
 * whose value is unknown ("?") never shows in a sentence.
 */
static bool
model_caption_cue(struct model *m, int i)
{
	const struct scen_cue	*cue = &m->sc->cues[i];

	if (m->acted > 0 && !m->caption_dropped)
		m->caption_dropped = cue->nwhen == 0 ||
		    expect_first_false(m, cue->when, cue->nwhen, NULL, 0) >= 0;
	if (m->caption_dropped)
		return false;
	return expect_fill(m, cue->say, m->caption, sizeof m->caption) == 0;
}

void
model_caption(struct model *m)
{
	int	i;

	/* The latest cue run that says something. */
	for (i = m->cue; i >= 0; i--) {
		if (m->sc->cues[i].say[0] != '\0')
			break;
	}
	m->caption_live = false;
	if (i >= 0 && model_caption_cue(m, i))
		return;
	m->caption[0] = '\0';
	/* Before the first caption, on the script, the scenario's about
	   text stands (the view shows it). */
	if (i < 0 && m->acted == 0)
		return;
	explain_live(m, m->off_proc, m->caption, sizeof m->caption);
	m->caption_live = true;
}

void
model_cue_ran(struct model *m, int k)
{
	m->cue = k;
	m->cue_waiting = -1;
	m->caption_dropped = false;
	model_caption(m);
}

void
model_off_script(struct model *m, int proc, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(m->off_script, sizeof m->off_script, fmt, ap);
	va_end(ap);
	m->off_proc = proc;
	m->acted++;
	model_caption(m);
}

void
model_free(struct model *m)
{
	model_free_arrays(m);
	waits_free(m->waits);
	m->waits = NULL;
}
