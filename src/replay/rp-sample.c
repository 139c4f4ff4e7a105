/*
 * rp-sample.c: samples and events of a recording, as observations.
 *
 * A recorded state is observed so that the model comes to the same one:
 * blocked is a call the kernel confirms (asleep in it, 'S' or the
 * recorded 'D'), paused is the stopped state 'T', waiting a sleep on
 * purpose with its reason, done and failed an exit with the recorded
 * wait status; op words go back to the calls they name, by the channel's
 * recorded words. The time in a state is the recorded one (blocked_s,
 * state_s); a recording without state_s counts from the sample that
 * first showed the state.
 */
#include "config.h"

#include <sys/wait.h>

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "replay/replay-int.h"
#include "base/units.h"

/* A process's or thread's doing, as a sample records it. */
struct rp_doing {
	int		 state;		/* enum proc_state */
	const char	*op;		/* the recorded word; NULL none */
	int		 chan;		/* -1 none */
	double		 blocked_s;	/* NAN unknown */
	double		 state_s;	/* NAN unknown */
	char		 kstate;	/* recorded; 0 unknown */
};

/* What a doing becomes in an observation. */
struct rp_act {
	enum act	 act;
	unsigned	 op;
	const char	*word;		/* no enum op says it: the word */
	bool		 confirmed;
	char		 kstate;
};

static uint64_t
rp_ns(double t)
{
	return RP_T0 + (uint64_t)llround(t * 1e9);
}

void
rp_state_new(struct replay *r)
{
	size_t	np = (size_t)r->sc->nprocs + 1, nc = (size_t)r->sc->nchannels + 1;

	r->procs = xcalloc(np, sizeof *r->procs);
	r->rprocs = xcalloc(np, sizeof *r->rprocs);
	r->details = xcalloc(np, sizeof *r->details);
	r->track = xcalloc(np, sizeof *r->track);
	r->chans = xcalloc(nc, sizeof *r->chans);
	r->chan_info = xcalloc(nc, sizeof *r->chan_info);
	r->stall_procs = xcalloc(np, sizeof *r->stall_procs);
	r->stall_chans = xcalloc(nc, sizeof *r->stall_chans);
	r->cap_procs = (int)np;
	r->cap_chans = (int)nc;
}

/* Process (or row) i before the first step. */
static void
rp_init_proc(struct replay *r, int i)
{
	struct obs_proc	*op = &r->procs[i];
	int		 k = i - r->sc->nprocs;

	memset(op, 0, sizeof *op);
	op->chan = op->err_chan = op->thread.chan = -1;
	op->syscall = op->thread.syscall = -1;
	if (k < 0)
		op->rate = r->sc->procs[i].rate;
	else {
		op->rate.kind = RATE_MAX;
		op->name = r->rows[k].name;
		op->thread_of = r->rows[k].thread_of;
	}
	memset(&r->rprocs[i], 0, sizeof r->rprocs[i]);
	r->rprocs[i].out_bps = r->rprocs[i].in_bps = NAN;
	r->rprocs[i].out_rate = r->rprocs[i].in_rate = NAN;
	memset(&r->track[i], 0, sizeof r->track[i]);
	r->details[i][0] = '\0';
}

/* Channel c before the first step. */
static void
rp_init_chan(struct replay *r, int c)
{
	struct chan_sample	*cs = &r->chans[c];
	struct obs_chan		*ci = &r->chan_info[c];
	int			 k = c - r->sc->nchannels;

	memset(cs, 0, sizeof *cs);
	cs->fill = cs->bytes = -1;
	cs->messages = cs->dropped = -1;
	cs->buffered_items = cs->buffered_bytes = -1;
	cs->capacity = k < 0 ? r->kinds[c].capacity :
	    r->xchans[k].kind->capacity;
	memset(ci, 0, sizeof *ci);
	ci->name = rp_chan_name(r, c);
	ci->ops = rp_chan_ops(r, c);
	ci->holders = -1;
	ci->value = -1;
	if (k >= 0) {
		r->xchans[k].nwriters = r->xchans[k].nreaders = 0;
		r->xchans[k].holders = -1;
	}
}

void
rp_state_grow(struct replay *r)
{
	int	np = r->sc->nprocs + r->nrows, nc = r->sc->nchannels + r->nxchans;

	if (np + 1 > r->cap_procs) {
		r->cap_procs = 2 * (np + 1);
		r->procs = xreallocarray(r->procs, (size_t)r->cap_procs,
		    sizeof *r->procs);
		r->rprocs = xreallocarray(r->rprocs, (size_t)r->cap_procs,
		    sizeof *r->rprocs);
		r->details = xreallocarray(r->details, (size_t)r->cap_procs,
		    sizeof *r->details);
		r->track = xreallocarray(r->track, (size_t)r->cap_procs,
		    sizeof *r->track);
		r->stall_procs = xreallocarray(r->stall_procs,
		    (size_t)r->cap_procs, sizeof *r->stall_procs);
	}
	if (nc + 1 > r->cap_chans) {
		r->cap_chans = 2 * (nc + 1);
		r->chans = xreallocarray(r->chans, (size_t)r->cap_chans,
		    sizeof *r->chans);
		r->chan_info = xreallocarray(r->chan_info,
		    (size_t)r->cap_chans, sizeof *r->chan_info);
		r->stall_chans = xreallocarray(r->stall_chans,
		    (size_t)r->cap_chans, sizeof *r->stall_chans);
	}
	/* The one just declared (rows and channels come one at a time). */
	for (; r->inited_procs < np; r->inited_procs++)
		rp_init_proc(r, r->inited_procs);
	for (; r->inited_chans < nc; r->inited_chans++)
		rp_init_chan(r, r->inited_chans);
}

void
rp_step_clear(struct replay *r)
{
	free(r->ev_what);
	free(r->ev_detail);
	free(r->stall_text);
	r->ev_what = r->ev_detail = r->stall_text = NULL;
	r->nev = 0;
	r->nstall_procs = r->nstall_chans = 0;
}

void
rp_state_reset(struct replay *r)
{
	int	i;

	rp_step_clear(r);
	r->now_ns = RP_T0;
	r->nsamples = 0;
	r->stalled = false;
	free(r->caption);
	r->caption = xstrdup("");
	r->caption_live = false;
	r->off_script[0] = '\0';
	for (i = 0; i < r->sc->nprocs + r->nrows; i++)
		rp_init_proc(r, i);
	for (i = 0; i < r->sc->nchannels + r->nxchans; i++)
		rp_init_chan(r, i);
	r->inited_procs = r->sc->nprocs + r->nrows;
	r->inited_chans = r->sc->nchannels + r->nxchans;
}

void
rp_state_free(struct replay *r)
{
	rp_step_clear(r);
	free(r->procs);
	free(r->rprocs);
	free(r->details);
	free(r->track);
	free(r->chans);
	free(r->chan_info);
	free(r->stall_procs);
	free(r->stall_chans);
	free(r->caption);
}

/*
 * The call a recorded word names: the channel's own words for a call
 * on it (as the model names them), the common words otherwise. OP_NONE
 * if none does (a newer ipcscope's word).
 */
static unsigned
rp_op(const struct replay *r, const char *word, int chan, bool call)
{
	const struct channel_ops *k = NULL;
	const char		*n;
	unsigned		 i;

	if (word == NULL)
		return OP_NONE;
	if (call && chan >= 0)
		k = rp_chan_ops(r, chan);
	for (i = OP_NONE + 1; i < OP_COUNT; i++) {
		n = op_name(i, k != NULL ? k->send_op : NULL,
		    k != NULL ? k->recv_op : NULL);
		if (n != NULL && strcmp(n, word) == 0)
			return i;
	}
	return OP_NONE;
}

/* A doing as the model will take it: act, op, confirmation, kstate. */
static void
rp_act(struct replay *r, const struct rp_doing *d, struct rp_act *a)
{
	bool	stopped = d->kstate == 'T' || d->kstate == 't';

	memset(a, 0, sizeof *a);
	a->kstate = stopped && d->state != PS_PAUSED ? 0 : d->kstate;
	a->op = rp_op(r, d->op, d->chan, true);
	a->act = d->op != NULL ? ACT_CALL : ACT_RUNNING;
	if (d->op != NULL && a->op == OP_NONE &&
	    (a->op = rp_op(r, d->op, d->chan, false)) != OP_NONE)
		a->act = ACT_SLEEP;
	switch (d->state) {
	case PS_STARTING:
		a->act = ACT_STARTING;
		break;
	case PS_BLOCKED:
		a->act = ACT_CALL;
		a->op = rp_op(r, d->op, d->chan, true);
		a->confirmed = true;
		if (a->kstate != 'S' && a->kstate != 'D')
			a->kstate = 'S';
		break;
	case PS_WAITING:
		a->act = ACT_SLEEP;
		a->op = rp_op(r, d->op, -1, false);
		break;
	case PS_PAUSED:
		if (!stopped)
			a->kstate = 'T';
		break;
	case PS_DONE:
		a->act = ACT_DONE;
		break;
	case PS_FAILED:
		a->act = ACT_FAILED;
		break;
	}
	if (d->op != NULL && a->op == OP_NONE)
		a->word = rp_word(r, d->op);
}

/*
 * When the doing began: as recorded, or (a recording without state_s)
 * the first sample that showed it.
 */
static uint64_t
rp_since(struct replay *r, int i, const struct rp_doing *d)
{
	struct rp_track	*tr = &r->track[i];
	double		 s = d->state == PS_BLOCKED && !isnan(d->blocked_s) ?
			    d->blocked_s : d->state_s;
	char		 key[sizeof tr->key];

	if (!isnan(s) && s >= 0 && s < 1e9)
		return r->now_ns - (uint64_t)llround(s * 1e9);
	r->lacks_bits |= RP_LACK_SINCE;
	snprintf(key, sizeof key, "%d %s %d", d->state, d->op != NULL ?
	    d->op : "", d->chan);
	if (tr->since_ns == 0 || strcmp(key, tr->key) != 0) {
		snprintf(tr->key, sizeof tr->key, "%s", key);
		tr->since_ns = r->nsamples == 0 ? RP_T0 : r->now_ns;
	}
	return tr->since_ns;
}

/* state, op, channel, blocked_s, state_s, kstate of p into *d. */
static int
rp_doing(struct replay *r, json_t *p, const char *what, struct rp_doing *d)
{
	const char	*state = NULL, *chan = NULL, *ks = NULL;

	d->op = NULL;
	d->chan = -1;
	d->blocked_s = d->state_s = NAN;
	if (rp_str(r, p, what, "state", &state, NULL) == -1 ||
	    rp_str(r, p, what, "op", &d->op, NULL) == -1 ||
	    rp_str(r, p, what, "channel", &chan, NULL) == -1 ||
	    rp_str(r, p, what, "kstate", &ks, NULL) == -1 ||
	    rp_num(r, p, what, "blocked_s", &d->blocked_s, NULL) == -1 ||
	    rp_num(r, p, what, "state_s", &d->state_s, NULL) == -1)
		return -1;
	if (state == NULL || (d->state = state_by_name(state)) == -1)
		return rp_error(r, "%s: \"state\" is %s%s%s: valid are "
		    "starting, running, blocked, waiting, paused, done and "
		    "failed (a newer ipcscope's recording?)", what,
		    state != NULL ? "'" : "", state != NULL ?
		    util_clip(state, 24, 20) : "missing",
		    state != NULL ? "'" : "");
	if (chan != NULL && (d->chan = rp_chan_index(r, what, chan)) == -1)
		return -1;
	/* Blocked is in a call on a channel: ipcscope never says less. */
	if (d->state == PS_BLOCKED && d->chan == -1)
		return rp_error(r, "%s: \"state\" is blocked but \"channel\" "
		    "is null or missing: blocked names the channel it waits "
		    "on", what);
	d->kstate = ks != NULL && ks[0] > ' ' && ks[0] < 127 ? ks[0] : 0;
	return 0;
}

/* The counters: integers >= 0, null as 0. */
static int
rp_counters(struct replay *r, json_t *p, const char *what,
    struct obs_proc *op)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "bytes_out", offsetof(struct obs_proc, bytes_out) },
		{ "bytes_in", offsetof(struct obs_proc, bytes_in) },
		{ "msgs_out", offsetof(struct obs_proc, msgs_out) },
		{ "msgs_in", offsetof(struct obs_proc, msgs_in) },
		{ "lost", offsetof(struct obs_proc, lost) },
		{ "dup", offsetof(struct obs_proc, dup) },
		{ "ooo", offsetof(struct obs_proc, ooo) },
		{ "eagain", offsetof(struct obs_proc, eagain) },
		{ "dropped", offsetof(struct obs_proc, dropped) },
		{ "markers_out", offsetof(struct obs_proc, markers_out) },
		{ "op_size", offsetof(struct obs_proc, op_size) }
	};
	int64_t	v;
	size_t	i;

	for (i = 0; i < nitems(keys); i++) {
		v = -1;
		if (rp_count(r, p, what, keys[i].key, &v, NULL) == -1)
			return -1;
		*(uint64_t *)((char *)op + keys[i].off) = v < 0 ? 0 :
		    (uint64_t)v;
	}
	return 0;
}

/* pid, wchan, syscall; rates and rate limit. */
static int
rp_kernel(struct replay *r, int i, json_t *p, const char *what)
{
	struct obs_proc		*op = &r->procs[i];
	struct obs_rec_proc	*rp = &r->rprocs[i];
	const char		*wchan = NULL, *rate = NULL;
	int64_t			 pid = -1, nr = -1;
	char			*cause = NULL;
	bool			 hin, hout, hrin, hrout;

	rp->in_bps = rp->out_bps = rp->in_rate = rp->out_rate = NAN;
	if (rp_count(r, p, what, "pid", &pid, NULL) == -1 ||
	    rp_str(r, p, what, "wchan", &wchan, NULL) == -1 ||
	    rp_count(r, p, what, "syscall", &nr, NULL) == -1 ||
	    rp_str(r, p, what, "rate", &rate, NULL) == -1 ||
	    rp_num(r, p, what, "in_bps", &rp->in_bps, &hin) == -1 ||
	    rp_num(r, p, what, "out_bps", &rp->out_bps, &hout) == -1 ||
	    rp_num(r, p, what, "in_rate", &rp->in_rate, &hrin) == -1 ||
	    rp_num(r, p, what, "out_rate", &rp->out_rate, &hrout) == -1)
		return -1;
	/* Only where the kind counts items; else from the counters. */
	rp->has_item_rates = hrin && hrout;
	op->pid = pid > 0 && pid < 1 << 30 ? (pid_t)pid : 0;
	op->syscall = nr >= 0 && nr < 1 << 20 ? (long)nr : -1;
	snprintf(op->wchan, sizeof op->wchan, "%s", wchan != NULL ? wchan : "");
	util_printable(op->wchan);
	rp->has_rates = hin && hout;
	if (!rp->has_rates)
		r->lacks_bits |= RP_LACK_RATES;
	if (rate != NULL && units_parse_rate(rate, &op->rate, &cause) == -1)
		free(cause);	/* a newer notation: the last one stays */
	return 0;
}

/* An errno by its name, 0 if this system has none of that name. */
static int
rp_errno(const char *name)
{
	int	e;

	for (e = 1; name != NULL && e < 4096; e++) {
		if (strcmp(util_errname(e), name) == 0)
			return e;
	}
	return 0;
}

/*
 * An older recording's exit, from its text: "killed by SIGPIPE", "exit
 * 3", or a failed call's ("write pipe: EPIPE", exit 1).
 */
static void
rp_exit_text(const char *text, int state, const char **sig, int64_t *code)
{
	if (text != NULL && strncmp(text, "killed by ", 10) == 0)
		*sig = text + 10;
	else if (text != NULL && sscanf(text, "exit %lld",
	    (long long *)code) == 1)
		return;
	*code = state == PS_FAILED ? 1 : 0;
}

/* Ended (done, failed): the wait status and the text, as recorded. */
static int
rp_exit(struct replay *r, int i, json_t *p, const char *what, int state)
{
	struct obs_proc	*op = &r->procs[i];
	const char	*text = NULL, *sig = NULL, *err = NULL;
	int64_t		 code = -1;
	int		 signo;
	bool		 has_code;

	if (rp_str(r, p, what, "exit", &text, NULL) == -1 ||
	    rp_count(r, p, what, "exit_code", &code, &has_code) == -1 ||
	    rp_str(r, p, what, "signal", &sig, NULL) == -1 ||
	    rp_str(r, p, what, "error", &err, NULL) == -1)
		return -1;
	op->ended = state == PS_DONE || state == PS_FAILED;
	r->rprocs[i].detail = NULL;
	if (!op->ended)
		return 0;
	if (!has_code) {
		r->lacks_bits |= RP_LACK_EXIT;
		rp_exit_text(text, state, &sig, &code);
	}
	signo = sig != NULL ? util_signum(sig) : 0;
	op->err = rp_errno(err);
	if (signo > 0 && signo < 128)
		op->wstatus = W_EXITCODE(0, signo);
	else {
		if (code < 0 || code > 255 || (code == 0 && state == PS_FAILED))
			code = state == PS_FAILED ? 1 : 0;
		op->wstatus = W_EXITCODE((int)code, 0);
	}
	op->end_ns = op->since_ns;
	if (text != NULL) {
		snprintf(r->details[i], sizeof r->details[i], "%s", text);
		util_printable(r->details[i]);
		r->rprocs[i].detail = r->details[i];
	}
	return 0;
}

/* The helper thread (mpqueue's feeder), or none. */
static int
rp_thread(struct replay *r, int i, json_t *p, const char *what)
{
	struct obs_thread	*ot = &r->procs[i].thread;
	struct rp_doing		 d;
	struct rp_act		 a;
	json_t			*t = json_object_get(p, "thread");
	const char		*name = NULL;
	char			 tw[96];

	memset(ot, 0, sizeof *ot);
	ot->chan = -1;
	ot->syscall = -1;
	if (t == NULL || json_is_null(t))
		return 0;
	snprintf(tw, sizeof tw, "%s: thread", what);
	if (!json_is_object(t))
		return rp_error(r, "%s must be an object or null", tw);
	if (rp_str(r, t, tw, "name", &name, NULL) == -1 ||
	    rp_doing(r, t, tw, &d) == -1)
		return -1;
	rp_act(r, &d, &a);
	ot->tid = 1;		/* not recorded: there is one */
	ot->name = rp_word(r, name != NULL ? name : "thread");
	ot->act = a.act;
	ot->op = a.op;
	ot->chan = d.chan;
	ot->kstate = a.kstate;
	ot->confirmed = a.confirmed;
	ot->since_ns = r->now_ns - (d.state == PS_BLOCKED &&
	    !isnan(d.blocked_s) ? (uint64_t)llround(d.blocked_s * 1e9) : 0);
	return 0;
}

/*
 * A recording without the processes' channels (an older one's): a call
 * seen on a channel says the end, in the first pass, so that the
 * gauges name their writers and readers and the rates add up.
 */
static void
rp_infer_end(struct replay *r, int i, const struct rp_doing *d)
{
	const struct channel_ops	*k;
	struct scen_proc		*sp = &r->sc->procs[i];

	if (!r->checking || r->ends_given || d->chan < 0 || d->op == NULL ||
	    i >= r->sc->nprocs || d->chan >= r->sc->nchannels)
		return;
	k = r->sc->channels[d->chan].kind;
	if (sp->to == -1 && strcmp(d->op, op_name(OP_SEND, k->send_op,
	    k->recv_op)) == 0)
		sp->to = d->chan;
	else if (sp->from == -1 && strcmp(d->op, op_name(OP_RECV, k->send_op,
	    k->recv_op)) == 0)
		sp->from = d->chan;
}

/* "counters":"io": a program's bytes are its I/O counters. */
static int
rp_io_counters(struct replay *r, json_t *p, const char *what,
    struct obs_proc *op)
{
	const char	*c = NULL;

	if (rp_str(r, p, what, "counters", &c, NULL) == -1)
		return -1;
	op->io_counters = c != NULL && strcmp(c, "io") == 0;
	return 0;
}

static int	rp_proc_sample(struct replay *, int, json_t *);

/*
 * A followed program's row: where its rates come from, whether its call
 * began before the first look, what cannot be seen; a thread's tid.
 */
static int
rp_followed(struct replay *r, int i, json_t *p, const char *what)
{
	struct obs_proc	*op = &r->procs[i];
	const char	*src = NULL, *before = NULL, *unknown = NULL;
	const char	*shape = NULL;
	int64_t		 tid = -1;

	if (rp_str(r, p, what, "rate_source", &src, NULL) == -1 ||
	    rp_str(r, p, what, "blocked_since", &before, NULL) == -1 ||
	    rp_str(r, p, what, "unknown", &unknown, NULL) == -1 ||
	    rp_str(r, p, what, "shape", &shape, NULL) == -1 ||
	    rp_count(r, p, what, "tid", &tid, NULL) == -1)
		return -1;
	op->shape = rp_text(r, shape, RP_SHAPE_MAX);
	op->io_counters = op->io_counters || src != NULL;
	op->since_before = before != NULL;
	op->unknown = rp_word(r, unknown);
	if (op->pid == 0 && tid > 0 && tid < 1 << 30)
		op->pid = (pid_t)tid;
	return 0;
}

/* A followed process's "threads": rows of their own, under it. */
static int
rp_threads(struct replay *r, int i, json_t *p, const char *what)
{
	json_t		*ts, *t;
	const char	*name = NULL;
	size_t		 j;
	int		 k;

	if (rp_array(r, p, what, "threads", &ts) == -1)
		return -1;
	for (j = 0; ts != NULL && j < json_array_size(ts); j++) {
		t = json_array_get(ts, j);
		if (!json_is_object(t))
			return rp_error(r, "%s: \"threads\" must be objects",
			    what);
		if (rp_str(r, t, what, "name", &name, NULL) == -1)
			return -1;
		if (name == NULL)
			return rp_error(r, "%s: a thread without \"name\"",
			    what);
		if ((k = rp_proc_index(r, what, name)) == -1)
			return -1;
		if (k < r->sc->nprocs ||
		    r->rows[k - r->sc->nprocs].thread_of != i)
			return rp_error(r, "%s: thread '%s' is not one of its "
			    "threads (its \"row\" record says)", what,
			    util_clip(name, 40, 36));
		r->rows[k - r->sc->nprocs].listed = true;
		if (rp_proc_sample(r, k, t) == -1)
			return -1;
	}
	return 0;
}

/*
 * A thread a sample no longer lists has ended (samples list the live
 * ones): ended then, its status not known, as a followed thread's.
 */
static void
rp_threads_gone(struct replay *r)
{
	struct obs_proc	*op;
	int		 k;

	for (k = 0; k < r->pend_rows; k++) {
		op = &r->procs[r->sc->nprocs + k];
		if (r->rows[k].thread_of == -1 || r->rows[k].listed ||
		    op->ended)
			continue;
		op->ended = true;
		op->wstatus = -1;
		op->end_ns = r->now_ns;
		op->act = ACT_DONE;
		op->confirmed = false;
		op->chan = -1;
		op->op = OP_NONE;
		op->since_ns = r->now_ns;
	}
}

/* One process of a sample (or a followed program's thread). */
static int
rp_proc_sample(struct replay *r, int i, json_t *p)
{
	struct obs_proc	*op = &r->procs[i];
	struct rp_doing	 d;
	struct rp_act	 a;
	char		 what[64];

	snprintf(what, sizeof what, "process '%s'",
	    util_clip(rp_proc_name(r, i), 40, 36));
	if (rp_doing(r, p, what, &d) == -1 || rp_counters(r, p, what,
	    op) == -1 || rp_kernel(r, i, p, what) == -1 ||
	    rp_io_counters(r, p, what, op) == -1)
		return -1;
	if (i >= r->sc->nprocs && rp_followed(r, i, p, what) == -1)
		return -1;
	rp_infer_end(r, i, &d);
	rp_act(r, &d, &a);
	op->act = a.act;
	op->op = a.op;
	op->chan = d.chan;
	op->confirmed = a.confirmed;
	op->kstate = a.kstate;
	op->since_ns = rp_since(r, i, &d);
	r->rprocs[i].op = a.word;
	if (rp_exit(r, i, p, what, d.state) == -1)
		return -1;
	if (i >= r->sc->nprocs && rp_threads(r, i, p, what) == -1)
		return -1;
	return rp_thread(r, i, p, what);
}

/* A followed channel's sides, by name: the rows seen on each. */
static int
rp_sides(struct replay *r, int c, json_t *o, const char *what,
    const char *key, int **list, int *n)
{
	json_t	*a, *e;
	size_t	 j;
	int	 k;

	if (rp_array(r, o, what, key, &a) == -1)
		return -1;
	if (a == NULL)
		return 0;
	*list = xreallocarray(*list, json_array_size(a) + 1, sizeof **list);
	for (*n = 0, j = 0; j < json_array_size(a); j++) {
		e = json_array_get(a, j);
		if (!json_is_string(e))
			return rp_error(r, "%s: \"%s\" must name rows", what,
			    key);
		if ((k = rp_proc_index(r, what, json_string_value(e))) == -1)
			return -1;
		(*list)[(*n)++] = k;
	}
	(void)c;
	return 0;
}

/* A followed channel's writers, readers and holders. */
static int
rp_chan_followed(struct replay *r, int c, json_t *o, const char *what)
{
	struct rp_chan	*xc = &r->xchans[c - r->sc->nchannels];
	struct obs_chan	*ci = &r->chan_info[c];
	int64_t		 holders = -1, value = -1;
	const char	*shape = NULL;

	if (rp_sides(r, c, o, what, "writers", &xc->writers,
	    &xc->nwriters) == -1 ||
	    rp_sides(r, c, o, what, "readers", &xc->readers,
	    &xc->nreaders) == -1 ||
	    rp_count(r, o, what, "holders", &holders, NULL) == -1 ||
	    rp_str(r, o, what, "shape", &shape, NULL) == -1 ||
	    rp_count(r, o, what, "value", &value, NULL) == -1)
		return -1;
	/* multiprocessing's words, a semaphore's value (i11-python) */
	ci->shape = rp_text(r, shape, RP_SHAPE_MAX);
	ci->value = value;
	ci->writers = xc->writers;
	ci->nwriters = xc->nwriters;
	ci->readers = xc->readers;
	ci->nreaders = xc->nreaders;
	ci->holders = holders > INT32_MAX ? -1 : (int)holders;
	return 0;
}

/* One channel of a sample: what it held. */
static int
rp_chan_sample(struct replay *r, int c, json_t *o)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "fill", offsetof(struct chan_sample, fill) },
		{ "bytes", offsetof(struct chan_sample, bytes) },
		{ "messages", offsetof(struct chan_sample, messages) },
		{ "capacity", offsetof(struct chan_sample, capacity) },
		{ "dropped", offsetof(struct chan_sample, dropped) },
		{ "buffered_items", offsetof(struct chan_sample,
		    buffered_items) },
		{ "buffered_bytes", offsetof(struct chan_sample,
		    buffered_bytes) }
	};
	char	what[64];
	size_t	i;

	snprintf(what, sizeof what, "channel '%s'",
	    util_clip(rp_chan_name(r, c), 40, 36));
	for (i = 0; i < nitems(keys); i++) {
		*(int64_t *)((char *)&r->chans[c] + keys[i].off) = -1;
		if (rp_count(r, o, what, keys[i].key, (int64_t *)((char *)
		    &r->chans[c] + keys[i].off), NULL) == -1)
			return -1;
	}
	if (c >= r->sc->nchannels)
		return rp_chan_followed(r, c, o, what);
	return 0;
}

/*
 * Element pos of a sample's list: the process or channel of that name,
 * which is the header's pos-th unless the list is in another order.
 */
static int
rp_elem(struct replay *r, json_t *el, const char *list, size_t pos,
    bool proc)
{
	const char	*name = NULL;
	char		 what[48];
	int		 n = proc ? rp_nprocs(r) : rp_nchans(r);

	snprintf(what, sizeof what, "sample: %s %zu", list, pos + 1);
	if (!json_is_object(el))
		return rp_error(r, "%s must be an object", what);
	if (rp_str(r, el, what, "name", &name, NULL) == -1)
		return -1;
	if (name == NULL)
		return rp_error(r, "%s: \"name\" is needed", what);
	if ((int)pos < n && strcmp(name, proc ? rp_proc_name(r, (int)pos) :
	    rp_chan_name(r, (int)pos)) == 0)
		return (int)pos;
	return proc ? rp_proc_index(r, what, name) :
	    rp_chan_index(r, what, name);
}

/* The caption in effect and the stall banner, where recorded. */
static int
rp_sample_text(struct replay *r, json_t *o)
{
	const char	*cap = NULL, *off = NULL;
	bool		 has_cap, has_stalled;

	r->caption_live = false;
	if (rp_str(r, o, "sample", "caption", &cap, &has_cap) == -1 ||
	    rp_bool(r, o, "sample", "caption_live", &r->caption_live,
	    NULL) == -1 ||
	    rp_str(r, o, "sample", "off_script", &off, NULL) == -1 ||
	    rp_bool(r, o, "sample", "stalled", &r->stalled,
	    &has_stalled) == -1)
		return -1;
	snprintf(r->off_script, sizeof r->off_script, "%s", off != NULL ?
	    off : "");
	util_printable(r->off_script);
	if (has_cap) {
		free(r->caption);
		r->caption = rp_dup(cap != NULL ? cap : "");
	} else
		r->lacks_bits |= RP_LACK_CAPTION;
	if (!has_stalled)
		r->lacks_bits |= RP_LACK_STALLED;
	return 0;
}

int
rp_sample(struct replay *r, json_t *o, double t)
{
	json_t	*chans, *procs;
	size_t	 i;
	int	 k;

	r->now_ns = rp_ns(t);
	if (rp_array(r, o, "sample", "channels", &chans) == -1 ||
	    rp_array(r, o, "sample", "procs", &procs) == -1 ||
	    rp_sample_text(r, o) == -1)
		return -1;
	for (i = 0; chans != NULL && i < json_array_size(chans); i++) {
		if ((k = rp_elem(r, json_array_get(chans, i), "channel", i,
		    false)) == -1 ||
		    rp_chan_sample(r, k, json_array_get(chans, i)) == -1)
			return -1;
	}
	for (k = 0; k < r->pend_rows; k++)
		r->rows[k].listed = false;
	for (i = 0; procs != NULL && i < json_array_size(procs); i++) {
		if ((k = rp_elem(r, json_array_get(procs, i), "process", i,
		    true)) == -1 ||
		    rp_proc_sample(r, k, json_array_get(procs, i)) == -1)
			return -1;
	}
	rp_threads_gone(r);
	r->nsamples++;
	return 0;
}

/* A stall event: who waits (procs) on what (channels), by name. */
static int
rp_stall(struct replay *r, json_t *o, const char *detail)
{
	json_t	*procs, *chans;
	size_t	 i;
	int	 k;

	if (rp_array(r, o, "stall event", "procs", &procs) == -1 ||
	    rp_array(r, o, "stall event", "channels", &chans) == -1)
		return -1;
	for (i = 0; procs != NULL && i < json_array_size(procs); i++) {
		if (!json_is_string(json_array_get(procs, i)) ||
		    (k = rp_proc_index(r, "stall event",
		    json_string_value(json_array_get(procs, i)))) == -1)
			return rp_error(r, "stall event: \"procs\" must name "
			    "processes");
		if (r->nstall_procs < rp_nprocs(r))
			r->stall_procs[r->nstall_procs++] = k;
	}
	for (i = 0; chans != NULL && i < json_array_size(chans); i++) {
		if (!json_is_string(json_array_get(chans, i)) ||
		    (k = rp_chan_index(r, "stall event",
		    json_string_value(json_array_get(chans, i)))) == -1)
			return rp_error(r, "stall event: \"channels\" must "
			    "name channels");
		if (r->nstall_chans < rp_nchans(r))
			r->stall_chans[r->nstall_chans++] = k;
	}
	r->stall_text = rp_dup(detail != NULL ? detail : "");
	r->stalled = true;	/* its banner went up as it was reported */
	return 0;
}

int
rp_event(struct replay *r, json_t *o, double t)
{
	const char	*proc = NULL, *what = NULL, *detail = NULL, *cap;
	int		 k = -1;

	if (rp_str(r, o, "event", "proc", &proc, NULL) == -1 ||
	    rp_str(r, o, "event", "what", &what, NULL) == -1 ||
	    rp_str(r, o, "event", "detail", &detail, NULL) == -1)
		return -1;
	if (what == NULL || *what == '\0')
		return rp_error(r, "event: \"what\" must say what happened "
		    "(start, exit, cue, ...)");
	if (proc != NULL && (k = rp_proc_index(r, "event", proc)) == -1)
		return -1;
	r->ev_what = rp_dup(what);
	r->ev_detail = rp_dup(detail != NULL ? detail : "");
	r->ev.t = t;
	r->ev.proc = k;
	r->ev.what = r->ev_what;
	r->ev.detail = r->ev_detail;
	r->nev = 1;
	if (strcmp(what, "stall") == 0 && rp_stall(r, o, detail) == -1)
		return -1;
	/* Without captions, a cue's as it was said when it ran. */
	if (strcmp(what, "cue") == 0 && (r->lacks_bits & RP_LACK_CAPTION)) {
		cap = strstr(r->ev_detail, ": ");
		free(r->caption);
		r->caption = xstrdup(cap != NULL ? cap + 2 : "");
	}
	return 0;
}
