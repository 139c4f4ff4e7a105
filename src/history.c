/* history.c: a ring of model snapshots. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "util.h"

#define HISTORY_MAX	480		/* 4 minutes at 2 a second */
#define HISTORY_BUDGET	(64u << 20)	/* bytes for all snapshots */

struct history {
	struct model	*ring;		/* cap entries */
	int		 cap;
	int64_t		 pushed;	/* sequence number of the next push */
	int64_t		 first;		/* oldest kept */
};

struct history *
history_new(void)
{
	return xcalloc(1, sizeof (struct history));
}

static void
history_release(struct model *m)
{
	free(m->chans);
	free(m->procs);
	free(m->stall_text);
	m->chans = NULL;
	m->procs = NULL;
	m->stall_text = NULL;
}

void
history_clear(struct history *h)
{
	int	i;

	for (i = 0; i < h->cap; i++)
		history_release(&h->ring[i]);
	free(h->ring);
	h->ring = NULL;
	h->cap = 0;
	h->pushed = h->first = 0;
}

void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	history_clear(h);
	free(h);
}

void
history_push(struct history *h, const struct model *m)
{
	struct model	*s;
	size_t		 one;

	if (h->ring == NULL) {
		/* Sized on the first push: big scenarios keep fewer. */
		one = sizeof *m + (size_t)m->nchans * sizeof *m->chans +
		    (size_t)m->nprocs * sizeof *m->procs;
		h->cap = (int)(HISTORY_BUDGET / one);
		if (h->cap > HISTORY_MAX)
			h->cap = HISTORY_MAX;
		if (h->cap < 2)
			h->cap = 2;
		h->ring = xcalloc((size_t)h->cap, sizeof *h->ring);
	}
	s = &h->ring[h->pushed % h->cap];
	history_release(s);
	*s = *m;
	s->priv = NULL;
	/* The stall's text is the snapshot's own; who stalled is read only
	   as it happens (the stall event). */
	s->stall_text = xstrdup(m->stall_text != NULL ? m->stall_text : "");
	s->stall_procs = s->stall_chans = NULL;
	s->nstall_procs = s->nstall_chans = 0;
	s->on_event = NULL;
	s->on_event_arg = NULL;
	s->chans = xreallocarray(NULL, (size_t)m->nchans, sizeof *m->chans);
	memcpy(s->chans, m->chans, (size_t)m->nchans * sizeof *m->chans);
	s->procs = xreallocarray(NULL, (size_t)m->nprocs, sizeof *m->procs);
	memcpy(s->procs, m->procs, (size_t)m->nprocs * sizeof *m->procs);
	h->pushed++;
	if (h->pushed - h->first > h->cap)
		h->first = h->pushed - h->cap;
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
history_get(const struct history *h, int64_t seq)
{
	if (h->pushed == 0 || seq < h->first || seq >= h->pushed)
		return NULL;
	return &h->ring[seq % h->cap];
}
