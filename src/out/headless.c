/* headless.c: one JSON object per line, or readable text, on stdout. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/headless.h"
#include "model/waits.h"
#include "base/units.h"
#include "base/util.h"

static void
json_int(struct strbuf *sb, const char *key, int64_t v)
{
	if (v < 0)
		strbuf_printf(sb, ",\"%s\":null", key);
	else
		strbuf_printf(sb, ",\"%s\":%lld", key, (long long)v);
}

static void
json_num(struct strbuf *sb, const char *key, double v)
{
	if (isnan(v))
		strbuf_printf(sb, ",\"%s\":null", key);
	else
		strbuf_printf(sb, ",\"%s\":%.0f", key, v);
}

/* A rate of items: a few a second need their decimals (2.50). */
static void
json_rate(struct strbuf *sb, const char *key, double v)
{
	if (isnan(v))
		strbuf_printf(sb, ",\"%s\":null", key);
	else
		strbuf_printf(sb, ",\"%s\":%.2f", key, v);
}

static void
json_str(struct strbuf *sb, const char *key, const char *v)
{
	strbuf_printf(sb, ",\"%s\":", key);
	strbuf_json_string(sb, v);
}

/* "thread": the worker's helper thread (mpqueue feeder), or null. */
static void
json_thread(struct strbuf *sb, const struct model *m,
    const struct model_thread *t)
{
	if (t->name == NULL) {
		strbuf_printf(sb, ",\"thread\":null");
		return;
	}
	strbuf_printf(sb, ",\"thread\":{\"name\":");
	strbuf_json_string(sb, t->name);
	json_str(sb, "state", state_name(t->state));
	json_str(sb, "op", t->op);
	json_str(sb, "channel", t->chan >= 0 ? m->chans[t->chan].name : NULL);
	strbuf_printf(sb, ",\"blocked_s\":%.3f}", t->blocked_s);
}

/*
 * What --replay needs to play a run back on another machine (additive to
 * the CONTRACT: DESIGN.md's JSON Lines). The header carries the about
 * text, the cues as written, each channel's kind in its own words (its
 * calls, the rules explain quotes, its flags) and who writes and reads
 * it; each sample the caption in effect (as said then, numbers filled
 * in) and whether the stall banner is up; each process its time in its
 * state, its rates, the size of its call, its rate limit and, once
 * ended, its exit by number and by name.
 */
static void
json_bool(struct strbuf *sb, const char *key, bool v)
{
	strbuf_printf(sb, ",\"%s\":%s", key, v ? "true" : "false");
}

static void
json_replay_header(struct strbuf *sb, const struct model *m)
{
	int	i;

	json_str(sb, "about", m->sc->about != NULL ? m->sc->about : "");
	strbuf_printf(sb, ",\"duration\":%.3f,\"stall\":%.3f,\"cues\":[",
	    (double)m->sc->duration_ms / 1000.0,
	    (double)m->sc->stall_ms / 1000.0);
	for (i = 0; i < m->sc->ncues; i++) {
		strbuf_printf(sb, "%s{\"at\":%.3f", i ? "," : "",
		    (double)m->sc->cues[i].at_ms / 1000.0);
		json_str(sb, "say", m->sc->cues[i].say);
		strbuf_add(sb, "}", 1);
	}
	strbuf_add(sb, "]", 1);
}

static void
json_replay_chan(struct strbuf *sb, const struct model_chan *c)
{
	const struct channel_ops	*k = c->ops;

	if (k == NULL)
		return;
	json_str(sb, "send_op", k->send_op);
	json_str(sb, "recv_op", k->recv_op);
	json_str(sb, "rule_send", c->rule_send);
	json_str(sb, "rule_recv", c->rule_recv);
	json_str(sb, "rule_close", k->rule_close);
	json_bool(sb, "by_messages", c->by_messages);
	json_bool(sb, "unbounded", c->unbounded);
	json_bool(sb, "datagrams", k->datagrams);
	json_bool(sb, "counts_waiters", k->counts_waiters);
	json_bool(sb, "local_buffer", k->local_buffer);
	json_str(sb, "writers_word", model_side_word(c, true));
	json_str(sb, "readers_word", model_side_word(c, false));
	json_str(sb, "rate_unit", c->rate_unit);
	json_bool(sb, "uses", c->one_side);
	json_bool(sb, "merges", k->merges);
}

static void
json_replay_proc_header(struct strbuf *sb, const struct model *m, int i)
{
	const struct scen_proc	*sp = &m->sc->procs[i];
	char			 rate[32];

	json_str(sb, "base", sp->base);
	json_str(sb, "from", sp->from >= 0 ? m->chans[sp->from].name : NULL);
	json_str(sb, "to", sp->to >= 0 ? m->chans[sp->to].name : NULL);
	json_str(sb, "uses", sp->uses >= 0 ? m->chans[sp->uses].name : NULL);
	json_str(sb, "rate", units_fmt_rate(rate, sizeof rate, &sp->rate));
}

static void
json_replay_proc(struct strbuf *sb, const struct model_proc *p)
{
	char	rate[32];

	strbuf_printf(sb, ",\"state_s\":%.3f", p->state_s);
	json_num(sb, "in_bps", p->in_bps);
	json_num(sb, "out_bps", p->out_bps);
	/* Where its channel's kind counts items: its rates in that unit. */
	if (p->in_unit != NULL || p->out_unit != NULL) {
		json_rate(sb, "in_rate", p->in_rate);
		json_rate(sb, "out_rate", p->out_rate);
	}
	json_int(sb, "op_size", (int64_t)p->op_size);
	json_str(sb, "rate", units_fmt_rate(rate, sizeof rate, &p->rate));
	if (p->state != PS_DONE && p->state != PS_FAILED)
		return;
	json_int(sb, "exit_code", p->signal != 0 ? -1 : p->exit_code);
	json_str(sb, "signal", p->signal != 0 ? util_signame(p->signal) :
	    NULL);
	json_str(sb, "error", p->error != 0 ? util_errname(p->error) : NULL);
}

static void
json_replay_sample(struct strbuf *sb, const struct model *m)
{
	json_str(sb, "caption", m->caption);
	json_bool(sb, "caption_live", m->caption_live);
	json_str(sb, "off_script", m->off_script);
	json_bool(sb, "stalled", m->stalled);
}

static int	headless_err;	/* errno of the first failed write */
/* A followed program's rows and channels already declared (JSON). */
static int	headless_rows, headless_chans;

bool
headless_output_broken(void)
{
	return headless_err != 0;
}

int
headless_output_error(void)
{
	return headless_err;
}

/*
 * One record. Through util_write, not stdio, so that a full pipe never
 * keeps a terminating signal out; after the first error nothing more is
 * written (the caller ends the run and reports it). A record given up
 * for a signal is simply dropped.
 */
static void
emit(FILE *out, struct strbuf *sb)
{
	strbuf_add(sb, "\n", 1);
	if (headless_err == 0) {
		if (fflush(out) == EOF ||
		    util_write(fileno(out), sb->s, sb->len) == -1) {
			if (errno != EINTR)
				headless_err = errno != 0 ? errno : EIO;
		}
	}
	strbuf_free(sb);
}

/* An exec process's program and arguments: "exec":["sort","-n"]. */
static void
json_argv(struct strbuf *sb, char **argv)
{
	int	a;

	strbuf_add(sb, ",\"exec\":[", 9);
	for (a = 0; argv[a] != NULL; a++) {
		if (a > 0)
			strbuf_add(sb, ",", 1);
		strbuf_json_string(sb, argv[a]);
	}
	strbuf_add(sb, "]", 1);
}

static void
text_argv(struct strbuf *sb, char **argv)
{
	int	a;

	strbuf_add(sb, " (", 2);
	for (a = 0; argv[a] != NULL; a++) {
		if (a > 0)
			strbuf_add(sb, " ", 1);
		strbuf_add_printable(sb, argv[a], strlen(argv[a]));
	}
	strbuf_add(sb, ")", 1);
}

/*
 * Text for a terminal: titles, captions and names come from the scenario
 * file, so each line is made printable (util_printable) before it goes.
 */
static void
emit_text(FILE *out, struct strbuf *sb)
{
	struct strbuf	 clean = { 0 };
	const char	*line, *nl;

	for (line = sb->s; line != NULL; line = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (line != sb->s)
			strbuf_add(&clean, "\n", 1);
		strbuf_add_printable(&clean, line, nl != NULL ?
		    (size_t)(nl - line) : strlen(line));
	}
	strbuf_free(sb);
	emit(out, &clean);
}

void
headless_scenario(FILE *out, enum headless_format fmt, const struct model *m)
{
	struct strbuf	sb = { 0 };
	char		cap[32];
	int		i;

	if (fmt == FMT_TEXT) {
		strbuf_printf(&sb, "scenario %s: %s", m->sc->name,
		    m->sc->title);
		if (m->follow_what != NULL)
			strbuf_printf(&sb, "\n  following %s%s%s",
			    m->follow_what, m->follow_log != NULL ?
			    "; its output: " : "", m->follow_log != NULL ?
			    m->follow_log : "");
		for (i = 0; i < m->nchans; i++) {
			if (m->chans[i].by_messages)
				snprintf(cap, sizeof cap, "%lld %s",
				    (long long)m->chans[i].capacity,
				    model_unit_abbr(&m->chans[i]));
			else
				units_fmt_size(cap, sizeof cap,
				    (double)m->chans[i].capacity);
			if (m->chans[i].capacity < 0)
				snprintf(cap, sizeof cap, "%s",
				    m->chans[i].unbounded ? "none" : "?");
			strbuf_printf(&sb, "\n  channel %s: %s, capacity %s",
			    m->chans[i].name, m->chans[i].kind, cap);
		}
		for (i = 0; i < m->nprocs; i++) {
			strbuf_printf(&sb, "\n  process %s: %s",
			    m->procs[i].name, m->procs[i].role);
			if (i < m->sc->nprocs && m->sc->procs[i].argv != NULL)
				text_argv(&sb, m->sc->procs[i].argv);
		}
		emit_text(out, &sb);
		return;
	}
	strbuf_add(&sb, "{\"type\":\"scenario\"", 18);
	json_str(&sb, "name", m->sc->name);
	json_str(&sb, "title", m->sc->title);
	json_replay_header(&sb, m);
	strbuf_add(&sb, ",\"channels\":[", 13);
	for (i = 0; i < m->nchans; i++) {
		strbuf_printf(&sb, "%s{\"name\":", i ? "," : "");
		strbuf_json_string(&sb, m->chans[i].name);
		json_str(&sb, "kind", m->chans[i].kind);
		json_int(&sb, "capacity", m->chans[i].capacity);
		json_str(&sb, "unit", m->chans[i].unit);
		json_replay_chan(&sb, &m->chans[i]);
		strbuf_add(&sb, "}", 1);
	}
	strbuf_add(&sb, "],\"procs\":[", 11);
	for (i = 0; i < m->nprocs; i++) {
		strbuf_printf(&sb, "%s{\"name\":", i ? "," : "");
		strbuf_json_string(&sb, m->procs[i].name);
		json_str(&sb, "role", m->procs[i].role);
		if (i < m->sc->nprocs && m->sc->procs[i].argv != NULL)
			json_argv(&sb, m->sc->procs[i].argv);
		if (i < m->sc->nprocs)
			json_replay_proc_header(&sb, m, i);
		strbuf_add(&sb, "}", 1);
	}
	strbuf_add(&sb, "]", 1);
	if (m->follow_what != NULL) {
		/* A followed program: what, and where its output goes. */
		json_str(&sb, "followed", m->follow_what);
		json_str(&sb, "output", m->follow_log);
	}
	strbuf_add(&sb, "}", 1);
	emit(out, &sb);
	headless_rows = m->nprocs;
	headless_chans = m->nchans;
}

/*
 * A followed program's rows and channels appear while it runs: each one
 * is declared once, by a "row" or "channel" record written before the
 * first record that names it, with what --replay needs to make it (the
 * channel's kind in its own words, as the scenario record has them; the
 * row's process, for a thread). Additive to the CONTRACT: a reader that
 * does not know these types skips them.
 */
static void
json_declare(FILE *out, const struct model *m, double t)
{
	struct strbuf		 sb;
	const struct model_chan	*c;
	const struct model_proc	*p;

	if (!m->grows)
		return;		/* a scenario's: all in its record */
	for (; headless_chans < m->nchans; headless_chans++) {
		c = &m->chans[headless_chans];
		memset(&sb, 0, sizeof sb);
		strbuf_printf(&sb, "{\"type\":\"channel\",\"t\":%.3f", t);
		json_str(&sb, "name", c->name);
		json_str(&sb, "kind", c->kind);
		json_int(&sb, "capacity", c->capacity);
		json_str(&sb, "unit", c->unit);
		json_replay_chan(&sb, c);
		json_str(&sb, "rate_source", c->rate_source);
		strbuf_add(&sb, "}", 1);
		emit(out, &sb);
	}
	for (; headless_rows < m->nprocs; headless_rows++) {
		p = &m->procs[headless_rows];
		memset(&sb, 0, sizeof sb);
		strbuf_printf(&sb, "{\"type\":\"row\",\"t\":%.3f", t);
		json_str(&sb, "name", p->name);
		json_str(&sb, "role", p->role);
		json_str(&sb, "thread_of", p->thread_of >= 0 &&
		    p->thread_of < m->nprocs ? m->procs[p->thread_of].name :
		    NULL);
		strbuf_add(&sb, "}", 1);
		emit(out, &sb);
	}
}

/* A channel's line of the text format. */
static void
text_chan(struct strbuf *sb, const struct model_chan *c)
{
	char	a[32], b[32], r1[32], r2[32];

	if (c->by_messages) {
		snprintf(a, sizeof a, "%lld", (long long)c->fill);
		/* A kind whose waiters are counted: held and waiting. */
		if (c->waiters >= 0)
			snprintf(b, sizeof b, "%lld held, %d waiting",
			    (long long)c->capacity, c->waiters);
		else
			snprintf(b, sizeof b, "%lld %s",
			    (long long)c->capacity, model_unit_abbr(c));
	} else {
		units_fmt_size(a, sizeof a, (double)c->fill);
		units_fmt_size(b, sizeof b, (double)c->capacity);
	}
	if (c->capacity < 0)
		snprintf(b, sizeof b, "%s", c->unbounded ? "no limit" : "?");
	if (c->fill < 0)
		snprintf(a, sizeof a, "?");
	/* Rates in the kind's unit; a kind used by users alone (no
	   writers side) has one: what they take. */
	units_fmt_per_s(r1, sizeof r1, model_chan_rate(c, true),
	    c->rate_unit);
	units_fmt_per_s(r2, sizeof r2, model_chan_rate(c, false),
	    c->rate_unit);
	strbuf_printf(sb, "\n  %-12s %-11s %s/%s", c->name, c->kind, a, b);
	if (!c->one_side)
		strbuf_printf(sb, "  in %s  out %s", r1, r2);
	else
		strbuf_printf(sb, "  %s", r2);
	if (c->ops != NULL && c->ops->merges && c->merged >= 0)
		strbuf_printf(sb, "  merged %lld", (long long)c->merged);
	if (c->buffered_items >= 0) {
		units_fmt_size(a, sizeof a, (double)c->buffered_bytes);
		strbuf_printf(sb, "  buffered %lld items/%s",
		    (long long)c->buffered_items, a);
	}
}

/*
 * What a process moved one way: "out 64.0 KiB/16 msgs", or where the
 * kind counts items (unit: its rate unit), the items alone in its word,
 * "in 3 acq", "out 200 sig".
 */
static void
text_moved(struct strbuf *sb, const char *dir, uint64_t bytes, uint64_t n,
    const char *unit)
{
	char	a[32];
	size_t	len;

	if (unit != NULL) {
		len = strcspn(unit, "/");
		strbuf_printf(sb, "  %s %llu %.*s", dir, (unsigned long long)n,
		    (int)len, unit);
		return;
	}
	units_fmt_size(a, sizeof a, (double)bytes);
	strbuf_printf(sb, "  %s %s/%llu msgs", dir, a, (unsigned long long)n);
}

/* A program's I/O counters, said to be such: every byte, no messages. */
static void
text_io(struct strbuf *sb, const struct model_proc *p)
{
	char	a[32], b[32];

	units_fmt_size(a, sizeof a, (double)p->bytes_out);
	units_fmt_size(b, sizeof b, (double)p->bytes_in);
	strbuf_printf(sb, "  I/O counters: wrote %s, read %s", a, b);
}

/* A process's line of the text format. */
static void
text_proc(struct strbuf *sb, const struct model *m, const struct model_proc *p)
{
	const struct model_thread	*t = &p->thread;
	int				 i;

	strbuf_printf(sb, "\n  %-12s %-7ld %s", p->name, (long)p->pid,
	    state_name(p->state));
	if (p->op != NULL)
		strbuf_printf(sb, " %s", p->op);
	if (p->chan >= 0)
		strbuf_printf(sb, " %s", m->chans[p->chan].name);
	if (p->state == PS_BLOCKED)
		strbuf_printf(sb, " %.1fs", p->blocked_s);
	if (p->state == PS_DONE || p->state == PS_FAILED)
		strbuf_printf(sb, " (%s)", p->detail);
	i = (int)(p - m->procs);
	if (p->io_counters)
		text_io(sb, p);
	else if (i >= m->sc->nprocs)
		;	/* a followed row whose counters cannot be read */
	else if (m->sc->procs[i].to >= 0)
		text_moved(sb, "out", p->bytes_out, p->msgs_out, p->out_unit);
	if (!p->io_counters && i < m->sc->nprocs &&
	    (m->sc->procs[i].from >= 0 || m->sc->procs[i].uses >= 0))
		text_moved(sb, "in", p->bytes_in, p->msgs_in, p->in_unit);
	if (p->kstate != 0)
		strbuf_printf(sb, "  [%c %s]", p->kstate, p->wchan);
	if (t->name == NULL)
		return;
	strbuf_printf(sb, "  %s %s", t->name, state_name(t->state));
	if (t->op != NULL)
		strbuf_printf(sb, " %s", t->op);
	if (t->chan >= 0)
		strbuf_printf(sb, " %s", m->chans[t->chan].name);
	if (t->state == PS_BLOCKED)
		strbuf_printf(sb, " %.1fs", t->blocked_s);
}

/*
 * Who waits for whom: the model's own (a sample follows model_update),
 * or computed here for a model that has none yet.
 */
static const struct waits *
headless_waits(const struct model *m, struct waits *own)
{
	if (m->waits != NULL)
		return m->waits;
	waits_compute(own, m);
	return own;
}

/* Is server node k of wait w the first of its process in the list? */
static bool
json_server_first(const struct waits *ws, const struct wait *w, int k)
{
	int	j, pk = WAIT_NODE_PROC(ws->servers[w->first + k]);

	for (j = 0; j < k; j++) {
		if (WAIT_NODE_PROC(ws->servers[w->first + j]) == pk)
			return false;
	}
	return true;
}

/* "waits": one per blocked process or thread, servers by name. */
static void
json_waits(struct strbuf *sb, const struct model *m)
{
	struct waits		 own = { 0 };
	const struct waits	*ws = headless_waits(m, &own);
	const struct wait	*w;
	int			 i, k, n;

	strbuf_add(sb, ",\"waits\":[", 10);
	for (i = 0; i < ws->n; i++) {
		w = &ws->w[i];
		strbuf_add(sb, i ? ",{\"proc\":" : "{\"proc\":", i ? 9 : 8);
		strbuf_json_string(sb, m->procs[w->proc].name);
		json_str(sb, "thread", w->thread ?
		    m->procs[w->proc].thread.name : NULL);
		json_str(sb, "op", w->op);
		json_str(sb, "channel", w->chan >= 0 ? m->chans[w->chan].name :
		    NULL);
		strbuf_add(sb, ",\"servers\":[", 12);
		for (k = n = 0; k < w->nservers; k++) {
			if (!json_server_first(ws, w, k))
				continue;
			strbuf_add(sb, ",", n++ > 0 ? 1 : 0);
			strbuf_json_string(sb, m->procs[WAIT_NODE_PROC(
			    ws->servers[w->first + k])].name);
		}
		strbuf_add(sb, "]}", 2);
	}
	strbuf_add(sb, "]", 1);
	waits_clear(&own);
}

/*
 * The text format's line of waits, "waits: a recv q <- b; p join q <-
 * p/feeder; ...": a helper thread named after its process.
 */
static void
text_waits(struct strbuf *sb, const struct model *m)
{
	struct waits		 own = { 0 };
	const struct waits	*ws = headless_waits(m, &own);
	const struct wait	*w;
	int			 i, k, n, node;

	for (i = 0; i < ws->n; i++) {
		w = &ws->w[i];
		strbuf_printf(sb, "%s%s%s%s %s %s <-", i ? "; " : "\n  waits: ",
		    m->procs[w->proc].name, w->thread ? "/" : "",
		    w->thread ? m->procs[w->proc].thread.name : "",
		    w->op != NULL ? w->op : "?",
		    w->chan >= 0 ? m->chans[w->chan].name : "?");
		for (k = n = 0; k < w->nservers; k++) {
			node = ws->servers[w->first + k];
			strbuf_printf(sb, "%s%s%s%s", n++ ? ", " : " ",
			    m->procs[WAIT_NODE_PROC(node)].name,
			    WAIT_NODE_THREAD(node) ? "/" : "",
			    WAIT_NODE_THREAD(node) ?
			    m->procs[WAIT_NODE_PROC(node)].thread.name : "");
		}
		if (n == 0)
			strbuf_add(sb, " nobody", 7);
	}
	waits_clear(&own);
}

static void
sample_text(struct strbuf *sb, const struct model *m)
{
	int	i, *order;

	strbuf_printf(sb, "t=%.1fs", m->t);
	for (i = 0; i < m->nchans; i++)
		text_chan(sb, &m->chans[i]);
	/* A followed program's threads under their process, indented. */
	order = xcalloc((size_t)m->nprocs + 1, sizeof *order);
	model_row_order(m, order);
	for (i = 0; i < m->nprocs; i++) {
		if (m->procs[order[i]].thread_of >= 0)
			strbuf_add(sb, "\n  ", 3);
		text_proc(sb, m, &m->procs[order[i]]);
	}
	free(order);
	text_waits(sb, m);
	if (m->caption[0] != '\0')
		strbuf_printf(sb, "\n  > %s", m->caption);
}

static void
json_names(struct strbuf *sb, const char *key, const struct model *m,
    const int *list, int n)
{
	int	i;

	strbuf_printf(sb, ",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_add(sb, ",", 1);
		strbuf_json_string(sb, list[i] >= 0 && list[i] < m->nprocs ?
		    m->procs[list[i]].name : NULL);
	}
	strbuf_add(sb, "]", 1);
}

/*
 * A followed program's channel: who was seen writing and reading it, how
 * many processes hold an end (holding is not using), and where its rates
 * come from (its users' I/O counters: all their I/O).
 */
static void
json_chan_followed(struct strbuf *sb, const struct model *m,
    const struct model_chan *c)
{
	json_names(sb, "writers", m, c->writers, c->nwriters);
	json_names(sb, "readers", m, c->readers, c->nreaders);
	json_int(sb, "holders", c->holders);
	json_str(sb, "rate_source", c->rate_source);
	if (c->shape != 0)
		json_str(sb, "shape", model_shape(m, c->shape));
	if (c->value >= 0)
		json_int(sb, "value", c->value);
}

/* A channel in a JSON sample. */
static void
json_chan(struct strbuf *sb, const struct model *m, const struct model_chan *c)
{
	strbuf_add(sb, "{\"name\":", 8);
	strbuf_json_string(sb, c->name);
	json_str(sb, "kind", c->kind);
	json_int(sb, "fill", c->fill);
	json_int(sb, "capacity", c->capacity);
	json_str(sb, "unit", c->unit);
	json_int(sb, "bytes", c->bytes);
	json_int(sb, "messages", c->messages);
	json_int(sb, "dropped", c->dropped);
	if (c->waiters >= 0)		/* a kind that counts them */
		json_int(sb, "waiters", c->waiters);
	json_num(sb, "in_bps", c->in_bps);
	json_num(sb, "out_bps", c->out_bps);
	if (c->rate_unit != NULL) {	/* a kind whose rates count items */
		json_rate(sb, "in_rate", c->in_rate);
		json_rate(sb, "out_rate", c->out_rate);
		json_str(sb, "rate_unit", c->rate_unit);
	}
	if (c->ops != NULL && c->ops->merges)
		json_int(sb, "merged", c->merged);
	if (c->ops != NULL && c->ops->local_buffer) {
		json_int(sb, "buffered_items", c->buffered_items);
		json_int(sb, "buffered_bytes", c->buffered_bytes);
	}
	if (c->rate_source != NULL)
		json_chan_followed(sb, m, c);
	strbuf_add(sb, "}", 1);
}

/*
 * A followed row's own fields: where its numbers come from and what is
 * not known. Its counts of messages are not known (null).
 */
static void
json_followed(struct strbuf *sb, const struct model *m,
    const struct model_proc *p)
{
	json_str(sb, "rate_source", p->rate_source);
	if (p->state == PS_BLOCKED && p->since_before)
		json_str(sb, "blocked_since", "before first sample");
	if (p->unknown != NULL)
		json_str(sb, "unknown", p->unknown);
	if (p->shape != 0)
		json_str(sb, "shape", model_shape(m, p->shape));
}

/* The counters of a row: a followed one has bytes (its I/O counters,
   when readable) and nothing else. */
static void
json_counters(struct strbuf *sb, const struct model *m,
    const struct model_proc *p)
{
	bool	f = m->grows, io = !f || p->rate_source != NULL;

	json_int(sb, "bytes_out", io ? (int64_t)p->bytes_out : -1);
	json_int(sb, "bytes_in", io ? (int64_t)p->bytes_in : -1);
	if (f && io)
		json_str(sb, "counters", "io");	/* as an exec process's */
	json_int(sb, "msgs_out", f ? -1 : (int64_t)p->msgs_out);
	json_int(sb, "msgs_in", f ? -1 : (int64_t)p->msgs_in);
	json_int(sb, "lost", f ? -1 : (int64_t)p->lost);
	json_int(sb, "dup", f ? -1 : (int64_t)p->dup);
	json_int(sb, "ooo", f ? -1 : (int64_t)p->ooo);
	json_int(sb, "eagain", f ? -1 : (int64_t)p->eagain);
	json_int(sb, "dropped", f ? -1 : (int64_t)p->dropped);
	json_int(sb, "markers_out", f ? -1 : (int64_t)p->markers_out);
}

/* A scenario process's counters: a worker's, or an exec program's. */
static void
json_scenario_counters(struct strbuf *sb, const struct model_proc *p)
{
	json_int(sb, "bytes_out", (int64_t)p->bytes_out);
	json_int(sb, "bytes_in", (int64_t)p->bytes_in);
	if (p->io_counters)
		/* A program: its bytes are I/O counters, the rest unknown. */
		strbuf_printf(sb, ",\"counters\":\"io\",\"msgs_out\":null,"
		    "\"msgs_in\":null,\"lost\":null,\"dup\":null,"
		    "\"ooo\":null,\"eagain\":null,\"dropped\":null,"
		    "\"markers_out\":null");
	else if (p->unframed) {
		/* Raw bytes from a program: no messages, nothing checked. */
		json_int(sb, "msgs_out", (int64_t)p->msgs_out);
		strbuf_printf(sb, ",\"msgs_in\":null,\"lost\":null,"
		    "\"dup\":null,\"ooo\":null");
		json_int(sb, "eagain", (int64_t)p->eagain);
		json_int(sb, "dropped", (int64_t)p->dropped);
		json_int(sb, "markers_out", (int64_t)p->markers_out);
	} else {
		json_int(sb, "msgs_out", (int64_t)p->msgs_out);
		json_int(sb, "msgs_in", (int64_t)p->msgs_in);
		json_int(sb, "lost", (int64_t)p->lost);
		json_int(sb, "dup", (int64_t)p->dup);
		json_int(sb, "ooo", (int64_t)p->ooo);
		json_int(sb, "eagain", (int64_t)p->eagain);
		json_int(sb, "dropped", (int64_t)p->dropped);
		json_int(sb, "markers_out", (int64_t)p->markers_out);
	}
}

/* A followed process's threads (rows of their own): "threads". */
static void
json_threads(struct strbuf *sb, const struct model *m, int i)
{
	const struct model_proc	*t;
	char			 k[2] = { 0, 0 };
	int			 j, n = 0;

	for (j = i + 1; j < m->nprocs; j++) {
		t = &m->procs[j];
		if (t->thread_of != i || t->state == PS_DONE ||
		    t->state == PS_FAILED)
			continue;
		if (n++ == 0)
			strbuf_add(sb, ",\"threads\":[", 12);
		else
			strbuf_add(sb, ",", 1);
		strbuf_add(sb, "{\"name\":", 8);
		strbuf_json_string(sb, t->name);
		json_int(sb, "tid", t->pid > 0 ? t->pid : -1);
		json_str(sb, "state", state_name(t->state));
		json_str(sb, "op", t->op);
		json_str(sb, "channel", t->chan >= 0 ?
		    m->chans[t->chan].name : NULL);
		strbuf_printf(sb, ",\"blocked_s\":%.3f,\"state_s\":%.3f",
		    t->blocked_s, t->state_s);
		json_int(sb, "bytes_out", t->rate_source != NULL ?
		    (int64_t)t->bytes_out : -1);
		json_int(sb, "bytes_in", t->rate_source != NULL ?
		    (int64_t)t->bytes_in : -1);
		k[0] = t->kstate;
		json_str(sb, "kstate", t->kstate != 0 ? k : NULL);
		json_str(sb, "wchan", t->wchan[0] != '\0' ? t->wchan : NULL);
		json_int(sb, "syscall", t->syscall);
		json_followed(sb, m, t);
		json_num(sb, "out_bps", t->out_bps);
		json_num(sb, "in_bps", t->in_bps);
		strbuf_add(sb, "}", 1);
	}
	if (n > 0)
		strbuf_add(sb, "]", 1);
}

/* A process in a JSON sample. */
static void
json_proc(struct strbuf *sb, const struct model *m, const struct model_proc *p)
{
	char	k[2];

	strbuf_add(sb, "{\"name\":", 8);
	strbuf_json_string(sb, p->name);
	json_int(sb, "pid", p->pid > 0 ? p->pid : -1);
	json_str(sb, "state", state_name(p->state));
	json_str(sb, "op", p->op);
	json_str(sb, "channel", p->chan >= 0 ? m->chans[p->chan].name : NULL);
	strbuf_printf(sb, ",\"blocked_s\":%.3f", p->blocked_s);
	if (m->grows)
		json_counters(sb, m, p);	/* a followed program's row */
	else
		json_scenario_counters(sb, p);
	k[0] = p->kstate;
	k[1] = '\0';
	json_str(sb, "kstate", p->kstate != 0 ? k : NULL);
	json_str(sb, "wchan", p->wchan[0] != '\0' ? p->wchan : NULL);
	if (p->syscall >= 0)
		strbuf_printf(sb, ",\"syscall\":%ld", p->syscall);
	else
		strbuf_add(sb, ",\"syscall\":null", 15);
	if (p->state == PS_DONE || p->state == PS_FAILED)
		json_str(sb, "exit", p->detail);
	json_thread(sb, m, &p->thread);
	if (m->grows) {
		json_followed(sb, m, p);
		json_threads(sb, m, (int)(p - m->procs));
	}
	json_replay_proc(sb, p);
	strbuf_add(sb, "}", 1);
}

void
headless_sample(FILE *out, enum headless_format fmt, const struct model *m)
{
	struct strbuf	sb = { 0 };
	int		i, n;

	if (fmt == FMT_TEXT) {
		sample_text(&sb, m);
		emit_text(out, &sb);
		return;
	}
	json_declare(out, m, m->t);
	strbuf_printf(&sb, "{\"type\":\"sample\",\"t\":%.3f,\"channels\":[",
	    m->t);
	for (i = 0; i < m->nchans; i++) {
		if (i > 0)
			strbuf_add(&sb, ",", 1);
		json_chan(&sb, m, &m->chans[i]);
	}
	strbuf_add(&sb, "],\"procs\":[", 11);
	for (i = 0, n = 0; i < m->nprocs; i++) {
		/* A followed process's threads go in its "threads". */
		if (m->procs[i].thread_of >= 0)
			continue;
		if (n++ > 0)
			strbuf_add(&sb, ",", 1);
		json_proc(&sb, m, &m->procs[i]);
	}
	strbuf_add(&sb, "]", 1);
	json_waits(&sb, m);
	json_replay_sample(&sb, m);
	strbuf_add(&sb, "}", 1);
	emit(out, &sb);
}

void
headless_event(FILE *out, enum headless_format fmt, const struct model *m,
    const struct model_event *ev)
{
	struct strbuf	 sb = { 0 };
	const char	*detail = ev->detail;
	size_t		 n;
	bool		 said;
	int		 i;

	/* A stall's event names every waiting process: its whole text
	   (the ring keeps a line of it for the screen). */
	if (strcmp(ev->what, "stall") == 0)
		detail = m->stall_text;
	if (fmt == FMT_TEXT) {
		/* "cue 2/4: ...", not "cue cue 2/4: ...": a detail that
		   starts with the event's word says it already. */
		n = strcspn(detail, " ");
		said = n > 0 && strncmp(detail, ev->what, n) == 0 &&
		    (ev->what[n] == '\0' || ev->what[n] == '-');
		strbuf_printf(&sb, "t=%.1fs %s %s%s%s", ev->t,
		    ev->proc >= 0 ? m->procs[ev->proc].name : "-",
		    said ? "" : ev->what, said ? "" : " ", detail);
		emit_text(out, &sb);
		return;
	}
	json_declare(out, m, ev->t);
	strbuf_printf(&sb, "{\"type\":\"event\",\"t\":%.3f", ev->t);
	json_str(&sb, "proc", ev->proc >= 0 ? m->procs[ev->proc].name : NULL);
	json_str(&sb, "what", ev->what);
	json_str(&sb, "detail", detail[0] != '\0' ? detail : NULL);
	if (strcmp(ev->what, "stall") == 0) {
		/* Who waits, and on what: names, as everywhere. */
		strbuf_add(&sb, ",\"procs\":[", 10);
		for (i = 0; i < m->nstall_procs; i++) {
			strbuf_add(&sb, i ? "," : "", i ? 1 : 0);
			strbuf_json_string(&sb, m->procs[m->stall_procs[i]].name);
		}
		strbuf_add(&sb, "],\"channels\":[", 14);
		for (i = 0; i < m->nstall_chans; i++) {
			strbuf_add(&sb, i ? "," : "", i ? 1 : 0);
			strbuf_json_string(&sb, m->chans[m->stall_chans[i]].name);
		}
		strbuf_add(&sb, "]", 1);
	}
	strbuf_add(&sb, "}", 1);
	emit(out, &sb);
}

void
headless_end(FILE *out, enum headless_format fmt, const struct model *m,
    const char *reason)
{
	struct strbuf	sb = { 0 };

	if (fmt == FMT_TEXT)
		strbuf_printf(&sb, "t=%.1fs end (%s)", m->t, reason);
	else {
		strbuf_printf(&sb, "{\"type\":\"end\",\"t\":%.3f", m->t);
		json_str(&sb, "reason", reason);
		strbuf_add(&sb, "}", 1);
	}
	emit(out, &sb);
}
