/*
 * explain.c: why a process is where it is, and what a channel holds, in
 * words and live numbers.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/explain.h"
#include "base/units.h"
#include "base/util.h"

static void
explain_fill(const struct model_chan *c, char *buf, size_t len)
{
	char	a[32], b[32];

	if (c->fill < 0) {
		snprintf(buf, len, "an amount the kernel did not report");
		return;
	}
	if (c->by_messages) {
		if (c->capacity > 0)
			snprintf(buf, len, "%lld of %lld %s", (long long)c->fill,
			    (long long)c->capacity, c->unit);
		else
			snprintf(buf, len, "%lld %s", (long long)c->fill,
			    c->unit);
		return;
	}
	units_fmt_size(a, sizeof a, (double)c->fill);
	if (c->capacity > 0) {
		units_fmt_size(b, sizeof b, (double)c->capacity);
		snprintf(buf, len, "%s of %s%s", a, b, c->fill >= c->capacity ?
		    " (full)" : c->fill == 0 ? " (empty)" : "");
	} else
		snprintf(buf, len, "%s%s", a, c->unbounded ? " (no limit)" : "");
}

/* One process of the other side, in a few words. */
static void
explain_other(struct strbuf *sb, const struct model *m, int j)
{
	const struct model_proc	*o = &m->procs[j];
	char			 d[32];

	units_fmt_duration(d, sizeof d, o->state_s);
	strbuf_printf(sb, "%s is %s", o->name, state_name(o->state));
	if (o->op != NULL)
		strbuf_printf(sb, " (%s%s%s)", o->op,
		    o->chan >= 0 ? " " : "", o->chan >= 0 ?
		    m->chans[o->chan].name : "");
	if (o->state == PS_WAITING || o->state == PS_BLOCKED)
		strbuf_printf(sb, " for %s", d);
	if ((o->state == PS_DONE || o->state == PS_FAILED) &&
	    o->detail[0] != '\0')
		strbuf_printf(sb, " (%s)", o->detail);
}

/*
 * Who is on the other side of channel c from process i, in the kind's
 * words; for a kind with one side only (a semaphore's users), the
 * others on that side.
 */
static void
explain_side(struct strbuf *sb, const struct model *m, int i, int c,
    bool writer)
{
	const struct model_chan	*ch = &m->chans[c];
	bool			 one = ch->one_side;
	const char		*word = model_side_word(ch, !writer && !one);
	const int		*side = writer || one ? ch->readers :
				    ch->writers;
	int			 n = writer || one ? ch->nreaders :
				    ch->nwriters, j, shown = 0, rest = 0;

	if (one && ch->holders > 0 && ch->nreaders <= 1 &&
	    (ch->nreaders == 0 || ch->readers[0] == i)) {
		/* A followed semaphore: mapping it is not using it. */
		strbuf_printf(sb, " No other user of %s was seen yet; %d "
		    "process%s can use it (under fork every child inherits "
		    "what was made before it, used or not).", ch->name,
		    ch->holders, ch->holders == 1 ? "" : "es");
		return;
	}
	if (n == 0 && ch->holders > 0) {
		/* A followed program: holding an end is not using it. */
		strbuf_printf(sb, " Nobody was seen %s %s yet; %d process%s "
		    "hold%s an end of it (under fork every child holds the "
		    "ends made before it, used or not).", writer ? "reading" :
		    "writing", ch->name, ch->holders, ch->holders == 1 ? "" :
		    "es", ch->holders == 1 ? "s" : "");
		return;
	}
	for (j = 0; j < n; j++) {
		if (side[j] == i)
			continue;
		if (shown == 4) {
			rest++;
			continue;
		}
		if (shown++ > 0)
			strbuf_add(sb, "; ", 2);
		else if (one)
			strbuf_printf(sb, " The other %s: ", word);
		else
			strbuf_printf(sb, " On the other side: ");
		explain_other(sb, m, side[j]);
	}
	if (rest > 0)
		strbuf_printf(sb, "; and %d more", rest);
	if (shown > 0)
		strbuf_add(sb, ".", 1);
	else
		strbuf_printf(sb, " %s has no %s%s.", ch->name,
		    one ? "other " : "", word);
}

/* Does process i write channel c (a followed row: was it seen writing)? */
static bool
explain_writes(const struct model *m, int i, int c)
{
	const struct model_chan	*ch = &m->chans[c];
	int			 j;

	if (i < m->sc->nprocs)
		return m->sc->procs[i].to == c;
	for (j = 0; j < ch->nwriters; j++) {
		if (ch->writers[j] == i)
			return true;
	}
	return false;
}

/* What Python's multiprocessing calls the row and the channel (ch may be
   NULL), and a followed semaphore's value. */
static void
explain_shape(struct strbuf *sb, const struct model *m,
    const struct model_proc *p, const struct model_chan *ch)
{
	if (p->shape != 0)
		strbuf_printf(sb, " %s is %s.", p->name,
		    model_shape(m, p->shape));
	if (ch == NULL)
		return;
	if (ch->shape != 0)
		strbuf_printf(sb, " %s is %s.", ch->name,
		    model_shape(m, ch->shape));
	if (ch->value == 0)
		strbuf_printf(sb, " Its value, read from memory, is 0: nobody "
		    "can acquire it until a holder releases it.");
	else if (ch->value > 0)
		strbuf_printf(sb, " Its value, read from memory, is %lld.",
		    (long long)ch->value);
}

/* Blocked: in which call, on what, what the channel holds, the rule. */
static void
explain_blocked(struct strbuf *sb, const struct model *m, int i,
    const char *d)
{
	const struct model_proc	*p = &m->procs[i];
	const struct model_chan	*ch = &m->chans[p->chan];
	bool			 writer = explain_writes(m, i, p->chan);
	char			 f[96], sz[32];

	explain_fill(ch, f, sizeof f);
	strbuf_printf(sb, "%s is blocked in %s() on %s for %s%s: the kernel "
	    "shows it asleep", p->name, p->op, ch->name, p->since_before ?
	    "at least " : "", d);
	if (p->syscall >= 0)
		strbuf_printf(sb, " in system call %ld", p->syscall);
	if (p->wchan[0] != '\0')
		strbuf_printf(sb, " (%s)", p->wchan);
	/* A followed semaphore's value is said with its shape. */
	if (ch->fill >= 0 || ch->value < 0)
		strbuf_printf(sb, ". %s (%s) holds %s.", ch->name, ch->kind,
		    f);
	else
		strbuf_add(sb, ".", 1);
	explain_shape(sb, m, p, ch);
	/* What a call asks is bytes only where the kind moves bytes. */
	if (p->op_size > 0 && ch->rate_unit == NULL) {
		units_fmt_size(sz, sizeof sz, (double)p->op_size);
		strbuf_printf(sb, " The call asked for %s.", sz);
	}
	if ((writer ? ch->rule_send : ch->rule_recv) != NULL)
		strbuf_printf(sb, " Rule: %s", writer ? ch->rule_send :
		    ch->rule_recv);
	explain_side(sb, m, i, p->chan, writer);
}

/* Waiting after a cue's close: what closing its end does. */
static void
explain_closed(struct strbuf *sb, const struct model_chan *ch)
{
	strbuf_printf(sb, "a cue made it close its end of %s; it does "
	    "nothing more, but lives on and keeps any other end it holds. ",
	    ch->name);
	if (ch->ops != NULL && ch->ops->rule_close != NULL)
		strbuf_printf(sb, "%s", ch->ops->rule_close);
	else if (ch->ops != NULL && ch->ops->datagrams)
		strbuf_printf(sb, "Datagrams have no end of file: once its "
		    "writers are gone a reader waits for ever, and a send to a "
		    "closed socket fails with ECONNREFUSED.");
	else
		strbuf_printf(sb, "Once no reader is left, writers get EPIPE "
		    "(and SIGPIPE); once no writer is left, readers get end of "
		    "file.");
}

/* A followed program's row asleep, not on a channel it follows. */
static void
explain_asleep(struct strbuf *sb, const struct model *m,
    const struct model_proc *p, const char *d)
{
	if (p->unknown != NULL) {
		strbuf_printf(sb, "%s is asleep (state %c), in a call ipcscope "
		    "cannot see: %s.", p->name, p->kstate != 0 ? p->kstate :
		    '?', p->unknown);
		return;
	}
	strbuf_printf(sb, "%s is asleep in %s()", p->name, p->op != NULL ?
	    p->op : "a system call");
	if (p->syscall >= 0)
		strbuf_printf(sb, " (system call %ld)", p->syscall);
	strbuf_printf(sb, " for %s: not a read or a write on a channel "
	    "ipcscope follows (a lock, a sleep, a wait for a child, a poll "
	    "of several descriptors, or a file).", d);
	explain_shape(sb, m, p, NULL);
}

/* Waiting on purpose: for what (start, rate, think, cue, closed). */
static void
explain_waiting(struct strbuf *sb, const struct model *m,
    const struct model_proc *p, const char *d)
{
	const char	*op = p->op != NULL ? p->op : "";
	char		 sz[32];

	if (m->grows) {
		explain_asleep(sb, m, p, d);
		return;
	}

	strbuf_printf(sb, "%s is waiting on purpose, not blocked on a "
	    "channel: ", p->name);
	if (strcmp(op, "start") == 0)
		strbuf_printf(sb, "its start delay (%s so far).", d);
	else if (strcmp(op, "rate") == 0) {
		units_fmt_rate(sz, sizeof sz, &p->rate);
		strbuf_printf(sb, "its rate limit of %s makes it pause between "
		    "messages (+ and - change it).", sz);
	} else if (strcmp(op, "think") == 0)
		strbuf_printf(sb, "its think time after each message.");
	else if (strcmp(op, "cue") == 0)
		strbuf_printf(sb, "it starts when a cue says so (start = cue), "
		    "%s so far; n runs the next cue.", d);
	else if (strcmp(op, "closed") == 0 && p->chan >= 0)
		explain_closed(sb, &m->chans[p->chan]);
	else
		strbuf_printf(sb, "%s (%s so far).", p->op != NULL ? p->op :
		    "sleeping", d);
}

/* The states with no channel to look at: running, paused, ended. */
static void
explain_other_state(struct strbuf *sb, const struct model *m,
    const struct model_proc *p)
{
	switch (p->state) {
	case PS_RUNNING:
		strbuf_printf(sb, "%s is running", p->name);
		if (p->op != NULL && p->chan >= 0)
			strbuf_printf(sb, ", inside %s() on %s but not asleep "
			    "in it: the kernel is copying, or it was just "
			    "woken", p->op, m->chans[p->chan].name);
		strbuf_add(sb, ".", 1);
		break;
	case PS_PAUSED:
		strbuf_printf(sb, "%s is stopped (SIGSTOP, state T): it runs no "
		    "code until it gets SIGCONT (p resumes it).", p->name);
		break;
	case PS_DONE:
		strbuf_printf(sb, "%s has finished its work and exited 0.",
		    p->name);
		break;
	case PS_FAILED:
		strbuf_printf(sb, "%s ended in failure: %s.", p->name,
		    p->detail);
		if (p->signal == SIGPIPE)
			strbuf_printf(sb, " It wrote to a channel with no "
			    "reader left; SIGPIPE's default action ends the "
			    "process.");
		break;
	default:
		strbuf_printf(sb, "%s is starting.", p->name);
		break;
	}
}

void
explain_proc(const struct model *m, int i, char *buf, size_t len)
{
	const struct model_proc	*p;
	struct strbuf		 sb = { 0 };
	char			 d[32];

	if (i < 0 || i >= m->nprocs) {
		snprintf(buf, len, "Select a process first.");
		return;
	}
	p = &m->procs[i];
	units_fmt_duration(d, sizeof d, p->state == PS_BLOCKED ?
	    p->blocked_s : p->state_s);
	if (p->state == PS_BLOCKED)
		explain_blocked(&sb, m, i, d);
	else if (p->state == PS_WAITING)
		explain_waiting(&sb, m, p, d);
	else
		explain_other_state(&sb, m, p);
	if (p->thread_of >= 0 && p->thread_of < m->nprocs)
		strbuf_printf(&sb, " It is a thread of %s.",
		    m->procs[p->thread_of].name);
	if (p->rate_source != NULL)
		strbuf_printf(&sb, " Its rates are the kernel's I/O counters "
		    "of the whole %s (%s): all its reads and writes.",
		    p->thread_of >= 0 ? "thread" : "process", p->rate_source);
	if (p->thread.name != NULL)
		strbuf_printf(&sb, " Its %s thread is %s%s%s.", p->thread.name,
		    state_name(p->thread.state), p->thread.op != NULL ?
		    " in " : "", p->thread.op != NULL ? p->thread.op : "");
	if (p->io_counters && i < m->sc->nprocs)	/* an exec process */
		strbuf_printf(&sb, " It is a program (%s), seen from outside: "
		    "its state from /proc/%ld/syscall, its bytes from its I/O "
		    "counters (/proc/%ld/io rchar and wchar: every byte it read "
		    "or wrote, on its channels or not); its messages are "
		    "unknown.", m->sc->procs[i].argv != NULL ?
		    m->sc->procs[i].argv[0] : "exec", (long)p->pid,
		    (long)p->pid);
	if (p->lost + p->dup + p->ooo > 0)
		strbuf_printf(&sb, " It has seen %llu lost, %llu duplicated and "
		    "%llu out-of-order messages.", (unsigned long long)p->lost,
		    (unsigned long long)p->dup, (unsigned long long)p->ooo);
	snprintf(buf, len, "%s", sb.s != NULL ? sb.s : "");
	strbuf_free(&sb);
}

/* "writer is blocked (write pipe) for 3.2s; reader is ..." */
static void
explain_list(struct strbuf *sb, const struct model *m, const int *list, int n)
{
	int	j;

	for (j = 0; j < n && j < 4; j++) {
		if (j > 0)
			strbuf_add(sb, "; ", 2);
		if (list[j] >= 0 && list[j] < m->nprocs)
			explain_other(sb, m, list[j]);
		else
			strbuf_add(sb, "?", 1);
	}
	if (n > 4)
		strbuf_printf(sb, "; and %d more", n - 4);
}

/*
 * A kind that merges a send into a pending one: every item accounted
 * for, sent = handled + pending + merged, from the writers' and readers'
 * counts and the kernel's pending count.
 */
static void
explain_merged(struct strbuf *sb, const struct model *m,
    const struct model_chan *c)
{
	uint64_t	sent = 0, handled = 0;
	int		j;

	if (c->ops == NULL || !c->ops->merges || c->merged < 0)
		return;
	for (j = 0; j < c->nwriters; j++)
		sent += m->procs[c->writers[j]].msgs_out;
	for (j = 0; j < c->nreaders; j++)
		handled += m->procs[c->readers[j]].msgs_in;
	if (c->merged == 0)
		strbuf_printf(sb, " None was merged into a pending one: %llu "
		    "sent, %llu handled", (unsigned long long)sent,
		    (unsigned long long)handled);
	else
		strbuf_printf(sb, " %lld sent while one was pending were "
		    "merged into it and will never be handled: %llu sent, "
		    "%llu handled", (long long)c->merged,
		    (unsigned long long)sent, (unsigned long long)handled);
	if (sent > handled + (uint64_t)c->merged)
		strbuf_printf(sb, ", %llu pending", (unsigned long long)(sent -
		    handled - (uint64_t)c->merged));
	strbuf_add(sb, ".", 1);
}

/* A channel that moves data: what it holds, its rates, drops, buffers. */
static void
explain_chan_data(struct strbuf *sb, const struct model *m,
    const struct model_chan *c, const char *f)
{
	char	a[32], b[32];

	strbuf_printf(sb, "%s is a %s channel holding %s", c->name, c->kind,
	    f);
	if (!c->by_messages && c->messages >= 0)
		strbuf_printf(sb, " in %lld messages", (long long)c->messages);
	else if (c->by_messages && c->bytes >= 0) {
		units_fmt_size(a, sizeof a, (double)c->bytes);
		strbuf_printf(sb, " (%s)", a);
	}
	strbuf_add(sb, ".", 1);
	if (model_side_program(m, c, true) || model_side_program(m, c, false))
		;	/* never known: explain_chan_program() says why */
	else if (isnan(model_chan_rate(c, true)) ||
	    isnan(model_chan_rate(c, false)))
		strbuf_printf(sb, " Its rates are not known yet.");
	else {
		units_fmt_per_s(a, sizeof a, model_chan_rate(c, true),
		    c->rate_unit);
		units_fmt_per_s(b, sizeof b, model_chan_rate(c, false),
		    c->rate_unit);
		strbuf_printf(sb, " Over the last second %s went in and %s "
		    "came out.", a, b);
	}
	explain_merged(sb, m, c);
	if (c->dropped > 0)
		strbuf_printf(sb, " The kernel has dropped %lld messages.",
		    (long long)c->dropped);
	if (c->buffered_items > 0) {
		units_fmt_size(a, sizeof a, (double)c->buffered_bytes);
		strbuf_printf(sb, " %lld more items (%s) wait in the writers' "
		    "own buffers.", (long long)c->buffered_items, a);
	}
}

/* The processes of one side, in the kind's word: " Readers: ...". */
static void
explain_chan_side(struct strbuf *sb, const struct model *m,
    const char *word, const int *list, int n, bool held)
{
	strbuf_printf(sb, " %c%s: ", word[0] >= 'a' && word[0] <= 'z' ?
	    word[0] - 'a' + 'A' : word[0], word + 1);
	if (n == 0)
		strbuf_printf(sb, "%s", held ? "none seen yet" : "none");
	else
		explain_list(sb, m, list, n);
	strbuf_add(sb, ".", 1);
}

/*
 * Who writes and who reads (or uses) the channel. A semaphore's users
 * both take and give back: they are its readers (model.c), and it has no
 * writers side.
 */
static void
explain_chan_users(struct strbuf *sb, const struct model *m,
    const struct model_chan *c)
{
	/* A followed program's side nobody was seen on: its ends are
	   held, and holding is not using. */
	if (!c->one_side)
		explain_chan_side(sb, m, model_side_word(c, true), c->writers,
		    c->nwriters, c->holders > 0);
	explain_chan_side(sb, m, model_side_word(c, false), c->readers,
	    c->nreaders, c->holders > 0);
}

/* A side whose rate is left out: a program's, counted as a whole. */
static void
explain_chan_program(struct strbuf *sb, const struct model *m,
    const struct model_chan *c)
{
	int	side;

	for (side = 1; side >= 0; side--) {
		if (c->one_side && side == 1)
			continue;
		if (!model_side_program(m, c, side == 1))
			continue;
		if ((side ? c->nwriters : c->nreaders) == 1)
			strbuf_printf(sb, " Its %s rate is not shown: %s is a "
			    "program, seen through its I/O counters, which "
			    "count all its I/O, not only this channel's.",
			    side ? "in" : "out", m->procs[side ? c->writers[0] :
			    c->readers[0]].name);
		else
			strbuf_printf(sb, " Its %s rate is not shown: its %s "
			    "are programs, seen through their I/O counters, "
			    "which count all their I/O, not only this "
			    "channel's.", side ? "in" : "out",
			    model_side_word(c, side == 1));
	}
}

/* A followed program's channel: what its numbers are. */
static void
explain_chan_followed(struct strbuf *sb, const struct model_chan *c)
{
	if (c->holders >= 0)
		strbuf_printf(sb, " %d process%s %s; only a call seen on it "
		    "says who uses it.", c->holders, c->holders == 1 ? "" :
		    "es", c->value >= 0 ? (c->holders == 1 ? "maps it" :
		    "map it") : c->holders == 1 ? "holds an end of it" :
		    "hold an end of it");
	strbuf_printf(sb, " Its rates are its %s I/O counters (%s): all "
	    "their I/O, not only this channel's.", c->one_side ? "users'" :
	    "writers' and readers'", c->rate_source);
}

void
explain_chan(const struct model *m, int i, char *buf, size_t len)
{
	const struct model_chan	*c;
	struct strbuf		 sb = { 0 };
	char			 f[96], r[32];
	bool			 one;

	if (i < 0 || i >= m->nchans) {
		snprintf(buf, len, "Select a process or a channel first.");
		return;
	}
	c = &m->chans[i];
	one = c->one_side;	/* users take and give back */
	explain_fill(c, f, sizeof f);
	if (c->fill < 0 && c->value >= 0)	/* a followed semaphore */
		snprintf(f, sizeof f, "its value, read from memory, is %ld",
		    (long)c->value);
	if (one) {
		strbuf_printf(&sb, "%s is a %s: %s", c->name, c->kind, f);
		if (c->waiters >= 0)
			strbuf_printf(&sb, ", and the kernel shows %d more "
			    "asleep waiting for a place", c->waiters);
		strbuf_add(&sb, ".", 1);
		/* A followed one's rates are its users' I/O: not its own. */
		if (!isnan(model_chan_rate(c, false)) && c->rate_source == NULL) {
			units_fmt_per_s(r, sizeof r, model_chan_rate(c, false),
			    c->rate_unit);
			strbuf_printf(&sb, " Over the last second its %s took "
			    "it at %s.", model_side_word(c, false), r);
		}
	} else
		explain_chan_data(&sb, m, c, f);
	if (c->shape != 0)
		strbuf_printf(&sb, " It is %s.", model_shape(m, c->shape));
	explain_chan_users(&sb, m, c);
	explain_chan_program(&sb, m, c);
	if (c->rate_source != NULL)
		explain_chan_followed(&sb, c);
	if (one) {
		if (c->rule_recv != NULL)
			strbuf_printf(&sb, " Rule: %s", c->rule_recv);
		if (c->rule_send != NULL)
			strbuf_printf(&sb, " %s", c->rule_send);
	} else {
		if (c->rule_send != NULL)
			strbuf_printf(&sb, " Rule for %s: %s",
			    model_side_word(c, true), c->rule_send);
		if (c->rule_recv != NULL)
			strbuf_printf(&sb, " Rule for %s: %s",
			    model_side_word(c, false), c->rule_recv);
	}
	snprintf(buf, len, "%s", sb.s != NULL ? sb.s : "");
	strbuf_free(&sb);
}

/* The live caption stops adding sentences past this many bytes, and
   adds none that would take it past EXPLAIN_LIVE_MAX (three lines at 80
   columns): a caption box has a few lines, the most important first. */
#define EXPLAIN_LIVE_SOFT	160
#define EXPLAIN_LIVE_MAX	210

/* Why a process waits on purpose, in a few words. */
static const char *
explain_live_wait(const struct model_proc *p)
{
	static const struct {
		const char	*op;
		const char	*words;
	} why[] = {
		{ "start", "its start delay" },
		{ "rate", "its rate limit" },
		{ "think", "its think time" },
		{ "cue", "a cue to start it" },
		{ "tail", "more in the file" },
		{ "hold", "the end of its hold" },
		{ "closed", "nothing: it closed its end" }
	};
	size_t	j;

	for (j = 0; p->op != NULL && j < nitems(why); j++) {
		if (strcmp(p->op, why[j].op) == 0)
			return why[j].words;
	}
	return p->op != NULL ? p->op : "a while";
}

/*
 * "reader is paused (SIGSTOP)": process i's state in a few words; brief,
 * when it was said already: "reader is paused".
 */
static void
explain_live_state(struct strbuf *sb, const struct model *m, int i,
    bool brief)
{
	const struct model_proc	*p = &m->procs[i];
	char			 d[32];

	switch (p->state) {
	case PS_BLOCKED:
		units_fmt_duration(d, sizeof d, p->blocked_s);
		strbuf_printf(sb, "%s is blocked in %s() on %s", p->name,
		    p->op != NULL ? p->op : "a call", p->chan >= 0 ?
		    m->chans[p->chan].name : "a channel");
		if (!brief)
			strbuf_printf(sb, " for %s", d);
		break;
	case PS_PAUSED:
		strbuf_printf(sb, "%s is paused%s", p->name, brief ? "" :
		    " (SIGSTOP)");
		break;
	case PS_DONE:
		strbuf_printf(sb, "%s is done", p->name);
		break;
	case PS_FAILED:
		strbuf_printf(sb, "%s has ended%s%s", p->name,
		    p->detail[0] != '\0' ? ", " : "", p->detail);
		if (!brief && (p->signal == SIGPIPE || p->error == EPIPE))
			strbuf_printf(sb, ": it wrote where no reader was left");
		break;
	case PS_WAITING:
		strbuf_printf(sb, "%s waits for %s", p->name,
		    explain_live_wait(p));
		break;
	case PS_RUNNING:
		strbuf_printf(sb, "%s is running", p->name);
		break;
	default:
		strbuf_printf(sb, "%s is starting", p->name);
		break;
	}
}

/*
 * Blocked process i: what its channel holds and what the processes at
 * the other end do (its users but itself, for a kind used by users).
 * Marks those it names in said.
 */
static void
explain_live_blocked(struct strbuf *sb, const struct model *m, int i,
    bool *said)
{
	const struct model_proc	*p = &m->procs[i];
	const struct model_chan	*c = &m->chans[p->chan];
	const int		*side;
	char			 f[96];
	int			 n, j, k = 0;

	explain_fill(c, f, sizeof f);
	strbuf_printf(sb, ": %s holds %s", c->name, f);
	if (c->waiters >= 0) {
		side = c->readers;
		n = c->nreaders;
	} else if (explain_writes(m, i, p->chan)) {
		side = c->readers;
		n = c->nreaders;
	} else {
		side = c->writers;
		n = c->nwriters;
	}
	for (j = 0; j < n; j++) {
		if (side[j] == i)
			continue;
		if (k == 3) {
			strbuf_printf(sb, ", and more");
			break;
		}
		strbuf_printf(sb, "%s", k++ == 0 ? ", and " : ", ");
		explain_live_state(sb, m, side[j], said[side[j]]);
		said[side[j]] = true;
	}
	if (k == 0 && c->waiters < 0)
		strbuf_printf(sb, ", and nobody %s it",
		    explain_writes(m, i, p->chan) ? "reads" : "writes");
}

/*
 * One sentence on process i, unless said already or the text is long; the
 * first always, a later one only if it fits within EXPLAIN_LIVE_MAX.
 */
static void
explain_live_proc(struct strbuf *sb, const struct model *m, int i,
    bool *said)
{
	const struct model_proc	*p = &m->procs[i];
	struct strbuf		 one = { 0 };
	bool			*was;

	if (said[i] || sb->len >= EXPLAIN_LIVE_SOFT)
		return;
	was = xcalloc((size_t)m->nprocs + 1, sizeof *was);
	memcpy(was, said, (size_t)m->nprocs * sizeof *was);
	said[i] = true;
	explain_live_state(&one, m, i, false);
	if (p->state == PS_BLOCKED && p->chan >= 0)
		explain_live_blocked(&one, m, i, said);
	else if (p->state == PS_PAUSED)
		strbuf_printf(&one, ": it runs no code until SIGCONT");
	strbuf_add(&one, ".", 1);
	if (sb->len > 0 && sb->len + 1 + one.len > EXPLAIN_LIVE_MAX) {
		/* Too long to add: nobody in it was said. */
		memcpy(said, was, (size_t)m->nprocs * sizeof *was);
	} else {
		if (sb->len > 0)
			strbuf_add(sb, " ", 1);
		strbuf_add(sb, one.s, one.len);
	}
	strbuf_free(&one);
	free(was);
}

/* Nothing stands out: what each channel holds and how fast it moves. */
static void
explain_live_flow(struct strbuf *sb, const struct model *m)
{
	const struct model_chan	*c;
	char			 f[96], a[32], b[32];
	int			 i;

	for (i = 0; i < m->nchans && sb->len < EXPLAIN_LIVE_SOFT; i++) {
		c = &m->chans[i];
		if (c->closed)
			continue;
		explain_fill(c, f, sizeof f);
		strbuf_printf(sb, "%s%s holds %s", sb->len > 0 ? " " : "",
		    c->name, f);
		/* In the kind's unit: a signal's are signals, not bytes. */
		units_fmt_per_s(a, sizeof a, model_chan_rate(c, true),
		    c->rate_unit);
		units_fmt_per_s(b, sizeof b, model_chan_rate(c, false),
		    c->rate_unit);
		if (c->one_side && !isnan(model_chan_rate(c, false)))
			strbuf_printf(sb, "; %s", b);
		else if (!isnan(model_chan_rate(c, true)) &&
		    !isnan(model_chan_rate(c, false)))
			strbuf_printf(sb, "; %s in, %s out", a, b);
		strbuf_add(sb, ".", 1);
	}
}

void
explain_live(const struct model *m, int focus, char *buf, size_t len)
{
	static const enum proc_state order[] = {
		PS_BLOCKED, PS_PAUSED, PS_FAILED
	};
	struct strbuf	 sb = { 0 };
	bool		*said;
	size_t		 o;
	int		 i;

	said = xcalloc((size_t)m->nprocs + 1, sizeof *said);
	if (m->finished)
		strbuf_printf(&sb, "Every process has ended.");
	if (focus >= 0 && focus < m->nprocs)
		explain_live_proc(&sb, m, focus, said);
	for (o = 0; o < nitems(order); o++) {
		for (i = 0; i < m->nprocs; i++) {
			if (m->procs[i].state == order[o])
				explain_live_proc(&sb, m, i, said);
		}
	}
	/* Room left: what the channels hold and how fast they move. */
	if (sb.len < EXPLAIN_LIVE_SOFT / 2)
		explain_live_flow(&sb, m);
	for (i = 0; sb.len == 0 && i < m->nprocs; i++)
		explain_live_proc(&sb, m, i, said);
	snprintf(buf, len, "%s", sb.s != NULL ? sb.s : "");
	strbuf_free(&sb);
	free(said);
}
