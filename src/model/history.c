/*
 * history.c: a ring of compact model snapshots. A snapshot copies the
 * model but for its sparkline rings and its events, which successive
 * snapshots share almost whole: every sparkline value is logged once per
 * series and every event once, and history_get() rebuilds the full model
 * from the snapshot and the logs.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/history.h"
#include "base/util.h"

#define HISTORY_EVENTS	1024	/* events kept for the snapshots */
#define HISTORY_STALLS	16	/* stall texts kept for the snapshots */
#define HISTORY_SAMPLES	3	/* sparkline values a snapshot adds, for
				   sizing (2 expected: one every 250 ms, a
				   snapshot every 500 ms); more only drop
				   old snapshots sooner */

/*
 * What a snapshot leaves out: a channel's three sparkline rings, a
 * process's two, the model's event ring. Each must lie in one piece.
 */
#define CHAN_HIST_OFF	offsetof(struct model_chan, fill_hist)
#define CHAN_HIST_LEN	(3 * sizeof (struct hist))
#define PROC_HIST_OFF	offsetof(struct model_proc, out_hist)
#define PROC_HIST_LEN	(2 * sizeof (struct hist))
#define MODEL_EV_OFF	offsetof(struct model, events)
#define MODEL_EV_LEN	(MODEL_EVENTS * sizeof (struct model_event))
_Static_assert(offsetof(struct model_chan, in_hist) ==
    CHAN_HIST_OFF + sizeof (struct hist) &&
    offsetof(struct model_chan, out_hist) ==
    CHAN_HIST_OFF + 2 * sizeof (struct hist),
    "model_chan's fill_hist, in_hist and out_hist must be adjacent");
_Static_assert(offsetof(struct model_proc, in_hist) ==
    PROC_HIST_OFF + sizeof (struct hist),
    "model_proc's out_hist and in_hist must be adjacent");
_Static_assert(sizeof (((struct model *)0)->events) == MODEL_EV_LEN &&
    offsetof(struct model, nevents) > MODEL_EV_OFF,
    "struct model's events must be the MODEL_EVENTS ring, before nevents");

#define CHAN_PART	(sizeof (struct model_chan) - CHAN_HIST_LEN)
#define PROC_PART	(sizeof (struct model_proc) - PROC_HIST_LEN)
#define MODEL_PART	(sizeof (struct model) - MODEL_EV_LEN)

/* One sparkline series: where its ring stood at the last push. */
struct series {
	int		head;
	uint32_t	pos;		/* values logged so far (wraps after
					   2^32, 34 years at 4 a second) */
	bool		seen;		/* its channel or process existed at a
					   push (a growing model adds some) */
};

struct history {
	/* The channels and processes a snapshot has room for: the model's
	   own, or for a model that grows (a followed program) more, so
	   that it can grow a while before the history starts over. */
	int			 nchans;
	int			 nprocs;
	int			 nseries;	/* 3 a channel, 2 a process */
	size_t			 recsize;	/* one snapshot */
	unsigned char		*recs;		/* cap snapshots */
	int			 cap;
	int64_t			 pushed;	/* number of the next push */
	int64_t			 first;		/* oldest kept */

	struct series		*series;
	double			*log;		/* nseries rows of loglen */
	uint32_t		 loglen;

	struct model_event	*events;	/* HISTORY_EVENTS, by number */
	int			 nevents;	/* events logged so far */

	/* The model's stall texts, by number (m->nstalls - 1 is the
	   current one): a snapshot shows the one it was taken with. */
	char			*stalls[HISTORY_STALLS];
	int			 nstalls;	/* texts logged so far */

	struct model		 scratch;	/* what history_get returns */
	int64_t			 scratch_seq;	/* -1 none */
};

struct history *
history_new(void)
{
	struct history	*h = xcalloc(1, sizeof *h);

	h->scratch_seq = -1;
	return h;
}

void
history_clear(struct history *h)
{
	int	i;

	for (i = 0; i < HISTORY_STALLS; i++)
		free(h->stalls[i]);
	free(h->recs);
	free(h->series);
	free(h->log);
	free(h->events);
	free(h->scratch.chans);
	free(h->scratch.procs);
	memset(h, 0, sizeof *h);
	h->scratch_seq = -1;
}

void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	history_clear(h);
	free(h);
}

/*
 * Series s of a model: channels' fill, in, out, then processes' out, in
 * (nchans channels' worth first); NULL where m has no such channel or
 * process (yet).
 */
static const struct hist *
history_hist(const struct model *m, int nchans, int s)
{
	const struct model_chan	*c;
	const struct model_proc	*p;

	if (s < 3 * nchans) {
		if (s / 3 >= m->nchans)
			return NULL;
		c = &m->chans[s / 3];
		if (s % 3 == 0)
			return &c->fill_hist;
		return s % 3 == 1 ? &c->in_hist : &c->out_hist;
	}
	s -= 3 * nchans;
	if (s / 2 >= m->nprocs)
		return NULL;
	p = &m->procs[s / 2];
	return s % 2 == 0 ? &p->out_hist : &p->in_hist;
}

/* Room for n of a growing model's channels or processes: n and more. */
static int
history_room(const struct model *m, int n)
{
	int	room = 8;

	if (!m->grows)
		return n;
	while (room < n)
		room *= 2;
	return room;
}

static size_t
history_fixed(int nchans, int nprocs, int nseries)
{
	return sizeof (struct history) +
	    HISTORY_EVENTS * sizeof (struct model_event) +
	    (size_t)nchans * sizeof (struct model_chan) +
	    (size_t)nprocs * sizeof (struct model_proc) +
	    (size_t)nseries * sizeof (struct series);
}

/* Write to every page, so that what the history holds is resident from
   the start: the process's size is then flat for the rest of the run. */
static void
history_touch(void *p, size_t len)
{
	volatile unsigned char	*c = p;
	size_t			 i;

	for (i = 0; i < len; i += 4096)
		c[i] = 0;
}

/* Sized once per run, on its first push, for the model's shape. */
static void
history_size(struct history *h, const struct model *m)
{
	size_t	fixed, per, slack, room;

	h->nchans = history_room(m, m->nchans);
	h->nprocs = history_room(m, m->nprocs);
	h->nseries = 3 * h->nchans + 2 * h->nprocs;
	h->recsize = MODEL_PART + (size_t)h->nchans * CHAN_PART +
	    (size_t)h->nprocs * PROC_PART +
	    (size_t)h->nseries * (sizeof (uint32_t) + 1);
	fixed = history_fixed(h->nchans, h->nprocs, h->nseries);
	/* The newest snapshot's full rings, on top of what each adds. */
	slack = (size_t)h->nseries * (MODEL_HISTORY + 1) * sizeof (double);
	per = h->recsize + (size_t)h->nseries * HISTORY_SAMPLES *
	    sizeof (double);
	room = HISTORY_BUDGET > fixed + slack ? HISTORY_BUDGET - fixed - slack :
	    0;
	h->cap = room / per > HISTORY_MAX ? HISTORY_MAX : (int)(room / per);
	if (h->cap < 2)
		h->cap = 2;
	h->loglen = (uint32_t)h->cap * HISTORY_SAMPLES + MODEL_HISTORY + 1;

	h->recs = xcalloc((size_t)h->cap, h->recsize);
	h->series = xcalloc((size_t)h->nseries + 1, sizeof *h->series);
	h->log = xcalloc((size_t)h->nseries * h->loglen + 1, sizeof *h->log);
	h->events = xcalloc(HISTORY_EVENTS, sizeof *h->events);
	h->scratch.chans = xcalloc((size_t)h->nchans + 1,
	    sizeof *h->scratch.chans);
	h->scratch.procs = xcalloc((size_t)h->nprocs + 1,
	    sizeof *h->scratch.procs);
	history_touch(h->recs, (size_t)h->cap * h->recsize);
	history_touch(h->log, ((size_t)h->nseries * h->loglen + 1) *
	    sizeof *h->log);
	history_touch(h->events, HISTORY_EVENTS * sizeof *h->events);
}

size_t
history_memory(const struct history *h)
{
	if (h->recs == NULL)
		return sizeof *h;
	return history_fixed(h->nchans + 1, h->nprocs + 1, h->nseries + 1) +
	    (size_t)h->cap * h->recsize +
	    ((size_t)h->nseries * h->loglen + 1) * sizeof *h->log;
}

static unsigned char *
history_rec(const struct history *h, int64_t seq)
{
	return h->recs + (size_t)(seq % h->cap) * h->recsize;
}

/* Copy n bytes of src into dst, leaving out len bytes at off. */
static void
history_copy_without(void *dst, const void *src, size_t n, size_t off,
    size_t len)
{
	memcpy(dst, src, off);
	memcpy((char *)dst + off, (const char *)src + off + len,
	    n - off - len);
}

/* The reverse: dst gets src's bytes around a hole of len at off. */
static void
history_copy_around(void *dst, const void *src, size_t n, size_t off,
    size_t len)
{
	memcpy(dst, src, off);
	memcpy((char *)dst + off + len, (const char *)src + off,
	    n - off - len);
}

/* Where the record keeps the series' positions and lengths. */
static size_t
history_pos_off(const struct history *h)
{
	return MODEL_PART + (size_t)h->nchans * CHAN_PART +
	    (size_t)h->nprocs * PROC_PART;
}

/* Can snapshot seq still be rebuilt: its samples and events logged? */
static bool
history_whole(const struct history *h, int64_t seq)
{
	const unsigned char	*r = history_rec(h, seq);
	const unsigned char	*lens;
	uint32_t		 pos;
	int			 s, nev;

	lens = r + history_pos_off(h) + (size_t)h->nseries * sizeof pos;
	for (s = 0; s < h->nseries; s++) {
		memcpy(&pos, r + history_pos_off(h) + s * sizeof pos,
		    sizeof pos);
		if (lens[s] > 0 &&
		    h->series[s].pos - (pos - lens[s]) > h->loglen)
			return false;
	}
	memcpy(&nev, r + offsetof(struct model, nevents) - MODEL_EV_LEN,
	    sizeof nev);
	/* Its oldest event on show against the oldest logged. */
	if (nev > MODEL_EVENTS)
		nev -= MODEL_EVENTS;
	else
		nev = 0;
	return nev >= h->nevents - HISTORY_EVENTS;
}

void
history_push(struct history *h, const struct model *m)
{
	const struct hist	*hs;
	struct series		*se;
	unsigned char		*r, *lens;
	int			 s, i, k, fresh, age;

	/* A model that grew past the room: the history starts over. */
	if (h->recs != NULL && (m->nchans > h->nchans ||
	    m->nprocs > h->nprocs))
		history_clear(h);
	if (h->recs == NULL)
		history_size(h, m);
	r = history_rec(h, h->pushed);

	/* The record: the model but its rings, the rings' places. */
	history_copy_without(r, m, sizeof *m, MODEL_EV_OFF, MODEL_EV_LEN);
	r += MODEL_PART;
	for (i = 0; i < h->nchans; i++, r += CHAN_PART) {
		if (i < m->nchans)
			history_copy_without(r, &m->chans[i],
			    sizeof m->chans[i], CHAN_HIST_OFF, CHAN_HIST_LEN);
	}
	for (i = 0; i < h->nprocs; i++, r += PROC_PART) {
		if (i < m->nprocs)
			history_copy_without(r, &m->procs[i],
			    sizeof m->procs[i], PROC_HIST_OFF, PROC_HIST_LEN);
	}
	lens = r + (size_t)h->nseries * sizeof (uint32_t);

	/* Sparkline values new since the last push, oldest first. */
	for (s = 0; s < h->nseries; s++) {
		se = &h->series[s];
		if ((hs = history_hist(m, h->nchans, s)) == NULL) {
			memcpy(r + s * sizeof se->pos, &se->pos,
			    sizeof se->pos);
			lens[s] = 0;
			continue;
		}
		if (!se->seen)
			fresh = hs->n;
		else
			fresh = (hs->head - se->head + MODEL_HISTORY) %
			    MODEL_HISTORY;
		se->seen = true;
		for (age = fresh - 1; age >= 0; age--)
			h->log[(size_t)s * h->loglen +
			    se->pos++ % h->loglen] = hist_at(hs, age);
		se->head = hs->head;
		memcpy(r + s * sizeof se->pos, &se->pos, sizeof se->pos);
		lens[s] = (unsigned char)hs->n;
	}

	/* Events new since the last push (those still in the model). */
	k = m->nevents - MODEL_EVENTS;
	if (k < h->nevents)
		k = h->nevents;
	for (; k < m->nevents; k++)
		h->events[k % HISTORY_EVENTS] = m->events[k % MODEL_EVENTS];
	if (m->nevents > h->nevents)
		h->nevents = m->nevents;

	/* A new stall's text, once. */
	if (m->nstalls > h->nstalls && m->stall_text != NULL) {
		free(h->stalls[(m->nstalls - 1) % HISTORY_STALLS]);
		h->stalls[(m->nstalls - 1) % HISTORY_STALLS] =
		    xstrdup(m->stall_text);
		h->nstalls = m->nstalls;
	}

	h->pushed++;
	if (h->pushed - h->first > h->cap)
		h->first = h->pushed - h->cap;
	/* The newest is always whole; older ones may have lost theirs. */
	while (h->first < h->pushed - 1 && !history_whole(h, h->first))
		h->first++;
}

int64_t
history_first(const struct history *h)
{
	return h->pushed == 0 ? -1 : h->first;
}

int64_t
history_last(const struct history *h)
{
	return h->pushed - 1;
}

const struct model *
history_get(struct history *h, int64_t seq)
{
	struct model		*m = &h->scratch;
	struct model_chan	*chans = m->chans;
	struct model_proc	*procs = m->procs;
	const unsigned char	*r, *lens;
	struct hist		*hs;
	uint32_t		 pos;
	int			 s, i, k;

	if (h->pushed == 0 || seq < h->first || seq >= h->pushed)
		return NULL;
	if (seq == h->scratch_seq)
		return m;
	r = history_rec(h, seq);

	history_copy_around(m, r, sizeof *m, MODEL_EV_OFF, MODEL_EV_LEN);
	m->chans = chans;
	m->procs = procs;
	m->on_event = NULL;
	m->on_event_arg = NULL;
	m->priv = NULL;
	/* Who stalled is the live model's to say (the stall event); the
	   text is the one this snapshot was taken with, while logged. */
	m->stall_procs = m->stall_chans = NULL;
	m->nstall_procs = m->nstall_chans = 0;
	if (m->nstalls > 0 && m->nstalls > h->nstalls - HISTORY_STALLS)
		m->stall_text = h->stalls[(m->nstalls - 1) % HISTORY_STALLS];
	else
		m->stall_text = (char *)"";
	r += MODEL_PART;
	for (i = 0; i < h->nchans; i++, r += CHAN_PART) {
		if (i < m->nchans)
			history_copy_around(&chans[i], r, sizeof chans[i],
			    CHAN_HIST_OFF, CHAN_HIST_LEN);
	}
	for (i = 0; i < h->nprocs; i++, r += PROC_PART) {
		if (i < m->nprocs)
			history_copy_around(&procs[i], r, sizeof procs[i],
			    PROC_HIST_OFF, PROC_HIST_LEN);
	}
	lens = r + (size_t)h->nseries * sizeof pos;

	/* Each ring as it stood: its newest n values, oldest first. */
	for (s = 0; s < h->nseries; s++) {
		memcpy(&pos, r + s * sizeof pos, sizeof pos);
		hs = (struct hist *)history_hist(m, h->nchans, s);
		if (hs == NULL)
			continue;
		memset(hs, 0, sizeof *hs);
		hs->n = lens[s];
		hs->head = hs->n % MODEL_HISTORY;
		for (i = 0; i < hs->n; i++)
			hs->v[i] = h->log[(size_t)s * h->loglen +
			    (pos - (uint32_t)hs->n + (uint32_t)i) % h->loglen];
	}

	memset(m->events, 0, sizeof m->events);
	for (k = m->nevents > MODEL_EVENTS ? m->nevents - MODEL_EVENTS : 0;
	    k < m->nevents; k++)
		m->events[k % MODEL_EVENTS] = h->events[k % HISTORY_EVENTS];
	h->scratch_seq = seq;
	return m;
}
