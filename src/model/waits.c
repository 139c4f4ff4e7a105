/*
 * waits.c: who waits for whom (waits.h). Pure: reads the model only.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/waits.h"
#include "base/util.h"

/* The scratch arrays of one analysis, carved out of ws->scratch. */
struct waits_work {
	int	*at;		/* node -> wait index, -1: not blocked */
	int	*stuck;		/* per wait: 1 stuck */
	int	*index;		/* Tarjan: visit order, -1 unvisited */
	int	*low;
	int	*stack;
	int	*on;		/* on the stack */
	int	 sp;
	int	 next;
};

static bool
waits_op_is(const char *op, unsigned code)
{
	const char	*name = op_name(code, NULL, NULL);

	return op != NULL && name != NULL && strcmp(op, name) == 0;
}

bool
waits_proc_live(const struct model_proc *p)
{
	/* One that closed its end on a cue idles for good. */
	return p->state != PS_DONE && p->state != PS_FAILED &&
	    !(p->state == PS_WAITING && waits_op_is(p->op, OP_CLOSED));
}

bool
waits_thread_live(const struct model_proc *p)
{
	return p->thread.name != NULL && waits_proc_live(p) &&
	    p->thread.state != PS_DONE && p->thread.state != PS_FAILED;
}

/* Which call op is on channel chan, in the kind's words. */
static unsigned
waits_call(const struct model *m, const char *op, int chan)
{
	const struct channel_ops	*ops = NULL;
	const char			*sw, *rw;
	unsigned			 k;

	if (op == NULL)
		return OP_NONE;
	if (chan >= 0 && chan < m->nchans)
		ops = m->chans[chan].ops;
	sw = ops != NULL ? ops->send_op : NULL;
	rw = ops != NULL ? ops->recv_op : NULL;
	if (strcmp(op, op_name(OP_SEND, sw, rw)) == 0)
		return OP_SEND;
	if (strcmp(op, op_name(OP_RECV, sw, rw)) == 0)
		return OP_RECV;
	for (k = OP_OPEN; k < OP_COUNT; k++) {
		if (waits_op_is(op, k))
			return k;
	}
	return OP_NONE;
}

static void
waits_add_server(struct waits *ws, int node)
{
	if (ws->nservers == ws->scap) {
		ws->scap = ws->scap == 0 ? 64 : ws->scap * 2;
		ws->servers = xreallocarray(ws->servers, (size_t)ws->scap,
		    sizeof *ws->servers);
	}
	ws->servers[ws->nservers++] = node;
}

/*
 * Could process j, one of the users of a semaphore, give it back? It
 * holds it (sleeping in hold, or paused there), or it runs between its
 * calls and may hold it.
 */
static bool
waits_holder(const struct model_proc *p)
{
	return waits_op_is(p->op, OP_HOLD) || p->state == PS_RUNNING;
}

/*
 * The live processes of one side of a channel, but self, as servers;
 * with threads, their live helper threads too.
 */
static void
waits_add_side(struct waits *ws, const struct model *m, int self,
    const int *side, int n, bool holders, bool threads)
{
	const struct model_proc	*p;
	int			 j;

	for (j = 0; j < n; j++) {
		if (side[j] == self || side[j] < 0 || side[j] >= m->nprocs)
			continue;
		p = &m->procs[side[j]];
		if (!waits_proc_live(p) || (holders && !waits_holder(p)))
			continue;
		waits_add_server(ws, WAIT_NODE(side[j], false));
		if (threads && waits_thread_live(p))
			waits_add_server(ws, WAIT_NODE(side[j], true));
	}
}

static bool
waits_in(const int *list, int n, int i)
{
	int	j;

	for (j = 0; j < n; j++) {
		if (list[j] == i)
			return true;
	}
	return false;
}

/* Its servers and where they come from, by the call it is blocked in. */
static void
waits_servers(struct waits *ws, const struct model *m, struct wait *w)
{
	const struct model_proc	*p = &m->procs[w->proc];
	const struct model_chan	*c;
	unsigned		 call;

	w->side = WAIT_SIDE_NONE;
	w->call = OP_NONE;
	if (w->chan < 0 || w->chan >= m->nchans)
		return;
	c = &m->chans[w->chan];
	call = w->call = waits_call(m, w->op, w->chan);
	if (call == OP_RECV && c->ops != NULL && c->ops->uses)
		w->side = WAIT_SIDE_HOLDERS;
	else if (call == OP_RECV)
		w->side = WAIT_SIDE_WRITERS;
	else if (call == OP_SEND || call == OP_POLL || call == OP_WRITE)
		w->side = WAIT_SIDE_READERS;
	else if (call == OP_OPEN)
		w->side = waits_in(c->writers, c->nwriters, w->proc) ?
		    WAIT_SIDE_READERS : WAIT_SIDE_WRITERS;
	else if (call == OP_JOIN && !w->thread && waits_thread_live(p) &&
	    p->thread.state != PS_WAITING)
		w->side = WAIT_SIDE_THREAD;
	else if (call == OP_JOIN)
		w->side = WAIT_SIDE_READERS;

	switch (w->side) {
	case WAIT_SIDE_WRITERS:
		waits_add_side(ws, m, w->proc, c->writers, c->nwriters, false,
		    true);
		break;
	case WAIT_SIDE_READERS:
		waits_add_side(ws, m, w->proc, c->readers, c->nreaders, false,
		    false);
		break;
	case WAIT_SIDE_HOLDERS:
		waits_add_side(ws, m, w->proc, c->readers, c->nreaders, true,
		    false);
		break;
	case WAIT_SIDE_THREAD:
		waits_add_server(ws, WAIT_NODE(w->proc, true));
		break;
	case WAIT_SIDE_NONE:
		break;
	}
	/*
	 * A followed program's channel: its sides are only those seen in a
	 * call on it, and a blocked call means an end is held (or, for a
	 * semaphore, that it is mapped) by a live process that may serve
	 * it, unseen: nobody seen is not nobody left.
	 */
	if (c->rate_source != NULL && ws->nservers == w->first &&
	    w->side != WAIT_SIDE_THREAD)
		w->side = WAIT_SIDE_NONE;
}

static void
waits_add(struct waits *ws, const struct model *m, int proc, bool thread)
{
	const struct model_proc	*p = &m->procs[proc];
	struct wait		*w;

	if (ws->n == ws->wcap) {
		ws->wcap = ws->wcap == 0 ? 16 : ws->wcap * 2;
		ws->w = xreallocarray(ws->w, (size_t)ws->wcap, sizeof *ws->w);
	}
	w = &ws->w[ws->n++];
	memset(w, 0, sizeof *w);
	w->proc = proc;
	w->thread = thread;
	w->op = thread ? p->thread.op : p->op;
	w->chan = thread ? p->thread.chan : p->chan;
	w->first = ws->nservers;
	waits_servers(ws, m, w);
	w->nservers = ws->nservers - w->first;
}

/* Room for the scratch arrays of nprocs processes and n waits. */
static void
waits_work(struct waits *ws, int nprocs, struct waits_work *wk)
{
	int	need = 2 * nprocs + 5 * ws->n + 1, i;

	if (need > ws->ncap) {
		ws->ncap = need;
		ws->scratch = xreallocarray(ws->scratch, (size_t)need,
		    sizeof *ws->scratch);
	}
	wk->at = ws->scratch;
	wk->stuck = wk->at + 2 * nprocs;
	wk->index = wk->stuck + ws->n;
	wk->low = wk->index + ws->n;
	wk->stack = wk->low + ws->n;
	wk->on = wk->stack + ws->n;
	wk->sp = wk->next = 0;
	for (i = 0; i < 2 * nprocs; i++)
		wk->at[i] = -1;
	for (i = 0; i < ws->n; i++) {
		wk->at[WAIT_NODE(ws->w[i].proc, ws->w[i].thread)] = i;
		wk->index[i] = -1;
		wk->on[i] = 0;
	}
}

static bool
waits_sends(unsigned call)
{
	return call == OP_SEND || call == OP_POLL || call == OP_WRITE;
}

/*
 * Are a and b blocked on one channel the other way round (one sends,
 * one receives; or both open it)? Then one was seen late: it can act.
 */
static bool
waits_crossed(const struct wait *a, const struct wait *b)
{
	if (a->chan < 0 || a->chan != b->chan || a->side == WAIT_SIDE_HOLDERS ||
	    b->side == WAIT_SIDE_HOLDERS)
		return false;
	return (waits_sends(a->call) && b->call == OP_RECV) ||
	    (a->call == OP_RECV && waits_sends(b->call)) ||
	    (a->call == OP_OPEN && b->call == OP_OPEN);
}

/*
 * Stuck: no server can act. Start from every wait that knows its servers
 * and free each that has a server which is not blocked, or not stuck,
 * until nothing changes.
 */
static void
waits_stuck(struct waits *ws, struct waits_work *wk)
{
	const struct wait	*w;
	bool			 changed = true;
	int			 i, k, j;

	for (i = 0; i < ws->n; i++)
		wk->stuck[i] = ws->w[i].side != WAIT_SIDE_NONE;
	while (changed) {
		changed = false;
		for (i = 0; i < ws->n; i++) {
			w = &ws->w[i];
			if (!wk->stuck[i])
				continue;
			for (k = 0; k < w->nservers; k++) {
				j = wk->at[ws->servers[w->first + k]];
				if (j < 0 || !wk->stuck[j] ||
				    waits_crossed(w, &ws->w[j])) {
					wk->stuck[i] = 0;
					changed = true;
					break;
				}
			}
		}
	}
}

/*
 * Tarjan's strongly connected components over the stuck waits (each
 * stuck wait's servers are stuck waits): a component of more than one
 * wait is a cycle.
 */
static void
waits_scc(struct waits *ws, struct waits_work *wk, int i)
{
	const struct wait	*w = &ws->w[i];
	int			 k, j, n = 0, top;

	wk->index[i] = wk->low[i] = wk->next++;
	wk->stack[wk->sp++] = i;
	wk->on[i] = 1;
	for (k = 0; k < w->nservers; k++) {
		j = wk->at[ws->servers[w->first + k]];
		if (j < 0 || !wk->stuck[j])
			continue;
		if (wk->index[j] < 0) {
			waits_scc(ws, wk, j);
			if (wk->low[j] < wk->low[i])
				wk->low[i] = wk->low[j];
		} else if (wk->on[j] && wk->index[j] < wk->low[i])
			wk->low[i] = wk->index[j];
	}
	if (wk->low[i] != wk->index[i])
		return;
	/* i is the root of a component: pop it. */
	for (top = wk->sp - 1; top >= 0 && wk->stack[top] != i; top--)
		;
	n = wk->sp - top;
	for (k = top; k < wk->sp; k++) {
		j = wk->stack[k];
		wk->on[j] = 0;
		if (n > 1)
			ws->w[j].mark = WAIT_CYCLE;
	}
	wk->sp = top;
}

static void
waits_mark(struct waits *ws, int nprocs)
{
	struct waits_work	 wk;
	struct wait		*w;
	int			 i;

	waits_work(ws, nprocs, &wk);
	waits_stuck(ws, &wk);
	for (i = 0; i < ws->n; i++) {
		if (wk.stuck[i] && wk.index[i] < 0)
			waits_scc(ws, &wk, i);
	}
	ws->ncycle = ws->nstall = ws->nbehind = 0;
	for (i = 0; i < ws->n; i++) {
		w = &ws->w[i];
		if (!wk.stuck[i])
			w->mark = WAIT_FREE;
		else if (w->mark == WAIT_CYCLE)
			;
		else if (w->nservers == 0)
			w->mark = WAIT_STALL;
		else
			w->mark = WAIT_BEHIND;
		ws->ncycle += w->mark == WAIT_CYCLE;
		ws->nstall += w->mark == WAIT_STALL;
		ws->nbehind += w->mark == WAIT_BEHIND;
	}
}

void
waits_compute(struct waits *ws, const struct model *m)
{
	const struct model_proc	*p;
	int			 i;

	ws->n = 0;
	ws->nservers = 0;
	for (i = 0; i < m->nprocs; i++) {
		p = &m->procs[i];
		if (p->state == PS_BLOCKED)
			waits_add(ws, m, i, false);
		if (p->thread.name != NULL && waits_proc_live(p) &&
		    p->thread.state == PS_BLOCKED)
			waits_add(ws, m, i, true);
	}
	waits_mark(ws, m->nprocs);
}

void
waits_clear(struct waits *ws)
{
	free(ws->w);
	free(ws->servers);
	free(ws->scratch);
	memset(ws, 0, sizeof *ws);
}

void
waits_update(struct model *m)
{
	if (m->waits == NULL)
		m->waits = xcalloc(1, sizeof *m->waits);
	waits_compute(m->waits, m);
}

void
waits_free(struct waits *ws)
{
	if (ws == NULL)
		return;
	waits_clear(ws);
	free(ws);
}
