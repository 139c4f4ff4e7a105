/*
 * rp-header.c: the scenario record of a recording, the first line,
 * becomes the scenario the model and the view are given: its names, its
 * about text, who writes and reads each channel, and for each channel a
 * kind of its own made of the recorded words (rp_kind).
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "replay/replay-int.h"
#include "base/units.h"

/* The kind's words and rules, as the scenario record names them. */
static const struct {
	const char	*key;
	size_t		 ops;		/* its place in channel_ops */
	size_t		 own;		/* and the copy rp_kind keeps */
} rp_kind_words[] = {
	{ "send_op", offsetof(struct channel_ops, send_op),
	  offsetof(struct rp_kind, send_op) },
	{ "recv_op", offsetof(struct channel_ops, recv_op),
	  offsetof(struct rp_kind, recv_op) },
	{ "rule_send", offsetof(struct channel_ops, rule_send),
	  offsetof(struct rp_kind, rule_send) },
	{ "rule_recv", offsetof(struct channel_ops, rule_recv),
	  offsetof(struct rp_kind, rule_recv) },
	{ "rule_close", offsetof(struct channel_ops, rule_close),
	  offsetof(struct rp_kind, rule_close) },
	{ "writers_word", offsetof(struct channel_ops, writers),
	  offsetof(struct rp_kind, writers) },
	{ "readers_word", offsetof(struct channel_ops, readers),
	  offsetof(struct rp_kind, readers) },
	{ "rate_unit", offsetof(struct channel_ops, rate_unit),
	  offsetof(struct rp_kind, rate_unit) }
};

/* Its behaviours that the model, the view and explain read. */
static const struct {
	const char	*key;
	size_t		 ops;
} rp_kind_flags[] = {
	{ "by_messages", offsetof(struct channel_ops, by_messages) },
	{ "unbounded", offsetof(struct channel_ops, unbounded) },
	{ "datagrams", offsetof(struct channel_ops, datagrams) },
	{ "counts_waiters", offsetof(struct channel_ops, counts_waiters) },
	{ "local_buffer", offsetof(struct channel_ops, local_buffer) },
	{ "uses", offsetof(struct channel_ops, uses) },
	{ "merges", offsetof(struct channel_ops, merges) }
};

#define RP_OPS_STR(ops, off)	(*(const char **)((char *)(ops) + (off)))
#define RP_OWN_STR(k, off)	(*(char **)((char *)(k) + (off)))
#define RP_OPS_FLAG(ops, off)	(*(bool *)((char *)(ops) + (off)))

/*
 * The words: the recorded ones; where a recording lacks one, the word
 * of this binary's kind of that name (local, NULL if it has none).
 */
static int
rp_kind_text(struct replay *r, json_t *c, const char *what,
    const struct channel_ops *local, struct rp_kind *k)
{
	const char	*v;
	size_t		 i;
	bool		 present;

	for (i = 0; i < nitems(rp_kind_words); i++) {
		v = NULL;
		if (rp_str(r, c, what, rp_kind_words[i].key, &v,
		    &present) == -1)
			return -1;
		if (!present && local != NULL)
			v = RP_OPS_STR(local, rp_kind_words[i].ops);
		else if (!present)
			r->lacks_bits |= RP_LACK_WORDS;
		RP_OWN_STR(k, rp_kind_words[i].own) = rp_dup(v);
		RP_OPS_STR(&k->ops, rp_kind_words[i].ops) =
		    RP_OWN_STR(k, rp_kind_words[i].own);
	}
	for (i = 0; i < nitems(rp_kind_flags); i++) {
		if (rp_bool(r, c, what, rp_kind_flags[i].key,
		    &RP_OPS_FLAG(&k->ops, rp_kind_flags[i].ops),
		    &present) == -1)
			return -1;
		if (!present && local != NULL)
			RP_OPS_FLAG(&k->ops, rp_kind_flags[i].ops) =
			    RP_OPS_FLAG(local, rp_kind_flags[i].ops);
		else if (!present && rp_kind_flags[i].ops ==
		    offsetof(struct channel_ops, by_messages))
			k->ops.by_messages = strcmp(k->unit, "bytes") != 0;
	}
	return 0;
}

/*
 * A channel's kind as a record describes it (the scenario record's
 * channels, a "channel" record): capacity, kind, unit, words and flags
 * into *k; its name (jansson's) into *name.
 */
static int
rp_kind_make(struct replay *r, json_t *c, const char *what,
    struct rp_kind *k, const char **name)
{
	const struct channel_ops *local;
	const char		*kind = NULL, *unit = NULL;
	char			 w[64];

	if (!json_is_object(c))
		return rp_error(r, "%s must be an object", what);
	k->capacity = -1;
	*name = NULL;
	if (rp_str(r, c, what, "name", name, NULL) == -1 ||
	    rp_count(r, c, what, "capacity", &k->capacity, NULL) == -1 ||
	    rp_str(r, c, what, "kind", &kind, NULL) == -1 ||
	    rp_str(r, c, what, "unit", &unit, NULL) == -1)
		return -1;
	if (*name == NULL || **name == '\0' || kind == NULL || *kind == '\0')
		return rp_error(r, "%s: \"name\" and \"kind\" must be names",
		    what);
	snprintf(w, sizeof w, "channel '%s'", util_clip(*name, 40, 36));
	k->name = rp_dup(kind);
	local = channel_kind_by_name(k->name);
	k->unit = rp_dup(unit != NULL ? unit : local == NULL ? "bytes" :
	    local->unit != NULL ? local->unit : local->by_messages ?
	    "messages" : "bytes");
	k->ops.name = k->name;
	k->ops.unit = k->unit;
	return rp_kind_text(r, c, w, local, k);
}

/* One channel of the record: its name, capacity and kind. */
static int
rp_channel(struct replay *r, json_t *c, int i)
{
	struct chan_conf	*cc = &r->sc->channels[i];
	struct rp_kind		*k = &r->kinds[i];
	const char		*name;
	char			 what[64];
	int			 j;

	snprintf(what, sizeof what, "scenario record: channel %d", i + 1);
	if (rp_kind_make(r, c, what, k, &name) == -1)
		return -1;
	cc->name = rp_dup(name);
	for (j = 0; j < i; j++) {
		if (strcmp(r->sc->channels[j].name, cc->name) == 0)
			return rp_error(r, "two channels named '%s'", cc->name);
	}
	cc->kind = &k->ops;
	cc->line = 1;
	return 0;
}

/* A member naming a channel (from, to, uses): its index, -1 none. */
static int
rp_proc_chan(struct replay *r, json_t *p, const char *what, const char *key,
    int *c)
{
	const char	*v = NULL;
	bool		 present;

	*c = -1;
	if (rp_str(r, p, what, key, &v, &present) == -1)
		return -1;
	if (present)
		r->ends_given = true;
	if (v == NULL)
		return 0;
	return (*c = rp_chan_index(r, what, v)) == -1 ? -1 : 0;
}

static enum proc_role
rp_role(const char *s)
{
	int	i;

	for (i = 0; s != NULL && i < ROLE_COUNT; i++) {
		if (strcmp(scenario_role_name(i), s) == 0)
			return i;
	}
	return ROLE_PRODUCER;	/* a newer one's: its ends still say it */
}

/* An exec process's program and arguments ("exec":["sort","-n"]). */
static int
rp_proc_exec(struct replay *r, json_t *p, const char *what,
    struct scen_proc *sp)
{
	json_t	*a, *s;
	size_t	 i, n;

	if (rp_array(r, p, what, "exec", &a) == -1)
		return -1;
	if (a == NULL)
		return 0;
	if ((n = json_array_size(a)) == 0 || n > RP_EXEC_ARGS)
		return rp_error(r, "%s: \"exec\" has %zu words: a program and "
		    "at most %d arguments", what, n, RP_EXEC_ARGS - 1);
	sp->argv = xcalloc(n + 1, sizeof *sp->argv);
	for (i = 0; i < n; i++) {
		if (!json_is_string(s = json_array_get(a, i)))
			return rp_error(r, "%s: \"exec\" must be an array of "
			    "strings (the program and its arguments)", what);
		sp->argv[i] = rp_dup(json_string_value(s));
	}
	return 0;
}

/*
 * Raw bytes, no frames, where a program writes or reads: the processes
 * at the other end of an exec process's channels (as the scenario's
 * checks mark them).
 */
static void
rp_header_raw(struct replay *r)
{
	struct scen_proc	*sp, *q;
	int			 i, j;

	for (i = 0; i < r->sc->nprocs; i++) {
		if ((sp = &r->sc->procs[i])->argv == NULL)
			continue;
		for (j = 0; j < r->sc->nprocs; j++) {
			q = &r->sc->procs[j];
			if (q->argv != NULL)
				continue;
			if (sp->to >= 0 && q->from == sp->to)
				q->raw_in = true;
			if (sp->from >= 0 && q->to == sp->from)
				q->raw_out = true;
		}
	}
}

/* One process of the record: name, role, base, its channels, rate. */
static int
rp_proc(struct replay *r, json_t *p, int i)
{
	struct scen_proc	*sp = &r->sc->procs[i];
	const char		*name = NULL, *role = NULL, *base = NULL;
	const char		*rate = NULL;
	char			 what[64], *cause = NULL;
	int			 j;

	snprintf(what, sizeof what, "scenario record: process %d", i + 1);
	if (!json_is_object(p))
		return rp_error(r, "%s must be an object", what);
	if (rp_str(r, p, what, "name", &name, NULL) == -1 ||
	    rp_str(r, p, what, "role", &role, NULL) == -1 ||
	    rp_str(r, p, what, "base", &base, NULL) == -1 ||
	    rp_str(r, p, what, "rate", &rate, NULL) == -1)
		return -1;
	if (name == NULL || *name == '\0')
		return rp_error(r, "%s: \"name\" must be a name", what);
	sp->name = rp_dup(name);
	sp->base = rp_dup(base != NULL ? base : name);
	for (j = 0; j < i; j++) {
		if (strcmp(r->sc->procs[j].name, sp->name) == 0)
			return rp_error(r, "two processes named '%s'", sp->name);
	}
	sp->line = 1;
	sp->role = rp_role(role);
	if (rate != NULL && units_parse_rate(rate, &sp->rate, &cause) == -1)
		free(cause);	/* a newer notation: max, as unknown */
	snprintf(what, sizeof what, "process '%s'", util_clip(sp->name, 40,
	    36));
	if (rp_proc_chan(r, p, what, "from", &sp->from) == -1 ||
	    rp_proc_chan(r, p, what, "to", &sp->to) == -1 ||
	    rp_proc_chan(r, p, what, "uses", &sp->uses) == -1 ||
	    rp_proc_exec(r, p, what, sp) == -1)
		return -1;
	return 0;
}

/* The channels and processes arrays, within the program's limits. */
static int
rp_header_lists(struct replay *r, json_t *o)
{
	json_t	*chans, *procs;
	size_t	 i, nc, np;

	if (rp_array(r, o, "scenario record", "channels", &chans) == -1 ||
	    rp_array(r, o, "scenario record", "procs", &procs) == -1)
		return -1;
	if (chans == NULL || procs == NULL)
		return rp_error(r, "scenario record: \"channels\" and \"procs\" "
		    "are needed (arrays of the run's channels and processes)");
	nc = json_array_size(chans);
	np = json_array_size(procs);
	if (nc > SCENARIO_MAX_CHANNELS || np > SCENARIO_MAX_PROCS)
		return rp_error(r, "scenario record: %zu channels and %zu "
		    "processes; at most %d and %d can be shown", nc, np,
		    SCENARIO_MAX_CHANNELS, SCENARIO_MAX_PROCS);
	r->sc->channels = xcalloc(nc + 1, sizeof *r->sc->channels);
	r->kinds = xcalloc(nc + 1, sizeof *r->kinds);
	r->sc->procs = xcalloc(np + 1, sizeof *r->sc->procs);
	for (i = 0; i < nc; i++) {
		r->sc->nchannels++;
		if (rp_channel(r, json_array_get(chans, i), (int)i) == -1)
			return -1;
	}
	for (i = 0; i < np; i++) {
		r->sc->procs[i].from = r->sc->procs[i].to = -1;
		r->sc->procs[i].uses = -1;
		r->sc->nprocs++;
		if (rp_proc(r, json_array_get(procs, i), (int)i) == -1)
			return -1;
	}
	if (!r->ends_given)
		r->lacks_bits |= RP_LACK_ENDS;
	rp_header_raw(r);
	return 0;
}

/* Seconds, as a number of milliseconds; def when absent or null. */
static int
rp_header_ms(struct replay *r, json_t *o, const char *key, uint64_t def,
    uint64_t *ms)
{
	double	v = NAN;

	if (rp_num(r, o, "scenario record", key, &v, NULL) == -1)
		return -1;
	*ms = !isnan(v) && v >= 0 && v < 1e9 ? (uint64_t)(v * 1000.0) : def;
	return 0;
}

int
rp_header(struct replay *r, json_t *o)
{
	struct scenario	*sc;
	const char	*name = NULL, *title = NULL, *about = NULL;
	bool		 has_about;

	sc = r->sc = xcalloc(1, sizeof *r->sc);
	sc->path = xstrdup(r->path);
	if (rp_str(r, o, "scenario record", "name", &name, NULL) == -1 ||
	    rp_str(r, o, "scenario record", "title", &title, NULL) == -1 ||
	    rp_str(r, o, "scenario record", "about", &about,
	    &has_about) == -1 ||
	    rp_header_ms(r, o, "duration", 0, &sc->duration_ms) == -1 ||
	    rp_header_ms(r, o, "stall", 2000, &sc->stall_ms) == -1)
		return -1;
	if (name == NULL || *name == '\0')
		return rp_error(r, "scenario record: \"name\" must be the "
		    "scenario's name");
	if (!has_about)
		r->lacks_bits |= RP_LACK_ABOUT;
	/* A followed program: its rows and channels come as it ran. */
	r->grows = json_object_get(o, "followed") != NULL;
	sc->name = rp_dup(name);
	sc->title = rp_dup(title != NULL ? title : name);
	sc->about = rp_dup(about != NULL ? about : "");
	return rp_header_lists(r, o);
}

void
rp_header_infer(struct replay *r)
{
	struct scen_proc	*sp;
	int			 i;

	if (r->ends_given || r->sc->nchannels != 1)
		return;
	for (i = 0; i < r->sc->nprocs; i++) {
		sp = &r->sc->procs[i];
		if (sp->to != -1 || sp->from != -1 || sp->uses != -1)
			continue;
		if (sp->role == ROLE_PRODUCER)
			sp->to = 0;
		else if (sp->role == ROLE_CONSUMER)
			sp->from = 0;
		else if (sp->role == ROLE_USER)
			sp->uses = 0;
	}
}

/*
 * A row or channel met again while playing: it must be the one the
 * first pass declared there (else the file changed since).
 */
static int
rp_declared(struct replay *r, const char *what, const char *name,
    const char *was)
{
	char	*p = rp_dup(name);
	bool	 same = p != NULL && was != NULL && strcmp(p, was) == 0;

	free(p);
	if (same)
		return 0;
	return rp_error(r, "%s '%s' is not the one checked: the file changed "
	    "since it was opened", what, util_clip(name != NULL ? name : "",
	    40, 36));
}

/* Is a row (proc) or channel of that name declared already? */
static bool
rp_taken(const struct replay *r, const char *p, bool proc)
{
	int	i, n = proc ? rp_nprocs(r) : rp_nchans(r);

	for (i = 0; i < n; i++) {
		if (strcmp(proc ? rp_proc_name(r, i) : rp_chan_name(r, i),
		    p) == 0)
			return true;
	}
	return false;
}

/* A "row" record: a followed program's process or thread. */
static int
rp_declare_row(struct replay *r, json_t *o)
{
	struct rp_row	*row;
	const char	*name = NULL, *of = NULL;
	int		 t = -1;

	if (rp_str(r, o, "row record", "name", &name, NULL) == -1 ||
	    rp_str(r, o, "row record", "thread_of", &of, NULL) == -1)
		return -1;
	if (!r->checking) {
		if (rp_declared(r, "row", name, r->pend_rows < r->nrows ?
		    r->rows[r->pend_rows].name : NULL) == -1)
			return -1;
		r->pend_rows++;
		return 0;
	}
	if (name == NULL || *name == '\0')
		return rp_error(r, "row record: \"name\" must be a name (the "
		    "row's, as samples and events name it)");
	if (r->nrows >= RP_MAX_DECLARED)
		return rp_error(r, "row record: more than %d rows",
		    RP_MAX_DECLARED);
	if (of != NULL && (t = rp_proc_index(r, "row record: \"thread_of\"",
	    of)) == -1)
		return -1;
	if (t >= r->sc->nprocs && r->rows[t - r->sc->nprocs].thread_of != -1)
		return rp_error(r, "row record: \"thread_of\" names '%s', a "
		    "thread: it must name a process", util_clip(of, 40, 36));
	if (rp_taken(r, name, true))
		return rp_error(r, "two rows named '%s'", util_clip(name, 40,
		    36));
	r->rows = xgrowarray(r->rows, (size_t)r->nrows, sizeof *r->rows);
	row = &r->rows[r->nrows++];
	memset(row, 0, sizeof *row);
	row->name = rp_dup(name);
	row->thread_of = t;
	r->pend_rows++;
	rp_state_grow(r);
	return 0;
}

/* A "channel" record: a followed program's channel, with its kind. */
static int
rp_declare_chan(struct replay *r, json_t *o)
{
	struct rp_chan	*c;
	struct rp_kind	*k;
	const char	*name = NULL;

	if (!r->checking) {
		if (rp_str(r, o, "channel record", "name", &name, NULL) == -1 ||
		    rp_declared(r, "channel", name, r->pend_chans <
		    r->nxchans ? r->xchans[r->pend_chans].name : NULL) == -1)
			return -1;
		r->pend_chans++;
		return 0;
	}
	if (r->nxchans >= RP_MAX_DECLARED)
		return rp_error(r, "channel record: more than %d channels",
		    RP_MAX_DECLARED);
	k = xcalloc(1, sizeof *k);
	r->xchans = xgrowarray(r->xchans, (size_t)r->nxchans,
	    sizeof *r->xchans);
	c = &r->xchans[r->nxchans];
	memset(c, 0, sizeof *c);
	c->kind = k;
	c->holders = -1;
	r->nxchans++;		/* freed with the rest, even if bad */
	if (rp_kind_make(r, o, "channel record", k, &name) == -1)
		return -1;
	if (rp_taken(r, name, false))
		return rp_error(r, "two channels named '%s'", util_clip(name,
		    40, 36));
	c->name = rp_dup(name);
	r->pend_chans++;
	rp_state_grow(r);
	return 0;
}

int
rp_declare(struct replay *r, json_t *o, const char *type)
{
	r->grows = true;
	if (strcmp(type, "row") == 0)
		return rp_declare_row(r, o);
	return rp_declare_chan(r, o);
}

static void
rp_kind_free(struct rp_kind *k)
{
	free(k->name);
	free(k->unit);
	free(k->send_op);
	free(k->recv_op);
	free(k->rule_send);
	free(k->rule_recv);
	free(k->rule_close);
	free(k->writers);
	free(k->readers);
	free(k->rate_unit);
}

void
rp_header_free(struct replay *r)
{
	int	i;

	for (i = 0; i < r->nrows; i++)
		free(r->rows[i].name);
	free(r->rows);
	r->rows = NULL;
	r->nrows = 0;
	for (i = 0; i < r->nxchans; i++) {
		free(r->xchans[i].name);
		if (r->xchans[i].kind != NULL)
			rp_kind_free(r->xchans[i].kind);
		free(r->xchans[i].kind);
		free(r->xchans[i].writers);
		free(r->xchans[i].readers);
	}
	free(r->xchans);
	r->xchans = NULL;
	r->nxchans = 0;
	if (r->sc == NULL)
		return;
	for (i = 0; r->kinds != NULL && i < r->sc->nchannels; i++)
		rp_kind_free(&r->kinds[i]);
	free(r->kinds);
	r->kinds = NULL;
	scenario_free(r->sc);
	r->sc = NULL;
}
