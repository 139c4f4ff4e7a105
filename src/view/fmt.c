/*
 * fmt.c: numbers and states as text, for both layouts: rates, sizes,
 * durations, a channel's fill and share, the names at a channel's ends, a
 * process's badge, integrity and kernel columns, and which way a process
 * moves data.
 *
 * Every formatter writes "?" for what the model does not know (-1, NAN),
 * never a guess.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/units.h"
#include "base/util.h"
#include "view/view-int.h"

char *
view_fmt_bps(char *buf, size_t len, double bps)
{
	if (isnan(bps) || bps < 0)
		snprintf(buf, len, "?");
	else
		units_fmt_bps(buf, len, bps);
	return buf;
}

/* A rate in unit (a kind's "acq/s"; NULL: bytes per second). */
char *
view_fmt_rate(char *buf, size_t len, double v, const char *unit)
{
	if (isnan(v) || v < 0)
		snprintf(buf, len, "?");
	else
		units_fmt_per_s(buf, len, v, unit);
	return buf;
}

char *
view_fmt_bytes(char *buf, size_t len, double bytes)
{
	if (isnan(bytes) || bytes < 0)
		snprintf(buf, len, "?");
	else
		units_fmt_size(buf, len, bytes);
	return buf;
}

/*
 * Never wider than VIEW_DUR_W: units' own form up to "99m59s", then hours
 * ("12h05m") and days ("3d04h", up to "9999d").
 */
char *
view_fmt_dur(char *buf, size_t len, double s)
{
	uint64_t	whole;

	if (isnan(s) || s < 0) {
		snprintf(buf, len, "?");
		return buf;
	}
	if (s < 5999.5) {
		units_fmt_duration(buf, len, s);
		return buf;
	}
	whole = s < 864000000 ? (uint64_t)(s + 0.5) : 863999999;
	if (whole < 100 * 3600)
		snprintf(buf, len, "%uh%02um", (unsigned)(whole / 3600),
		    (unsigned)(whole / 60 % 60));
	else if (whole < 100 * 86400)
		snprintf(buf, len, "%ud%02uh", (unsigned)(whole / 86400),
		    (unsigned)(whole / 3600 % 24));
	else
		snprintf(buf, len, "%ud", (unsigned)(whole / 86400));
	return buf;
}

/*
 * A count in VIEW_COUNT_W columns: exact below ten million, then in
 * thousands of thousands ("12.3M", "4.5G", ... "18.4E").
 */
char *
view_fmt_count(char *buf, size_t len, uint64_t n)
{
	static const char	 sfx[] = "kMGTPE";
	double			 v;
	int			 i;

	if (n < 10000000) {
		snprintf(buf, len, "%llu", (unsigned long long)n);
		return buf;
	}
	v = (double)n / 1000;
	for (i = 0; sfx[i + 1] != '\0' && v >= 9999.95; i++)
		v /= 1000;
	snprintf(buf, len, "%.1f%c", v, sfx[i]);
	return buf;
}

/*
 * A channel that counts items: "10/10 msgs", "2/2 held, 1 waiting", or
 * "3 items, no limit".
 */
static char *
view_fmt_fill_items(char *buf, size_t len, const struct model_chan *c)
{
	char	cap[32], fill[32];

	if (c->fill < 0)
		snprintf(fill, sizeof fill, "?");
	else
		snprintf(fill, sizeof fill, "%lld", (long long)c->fill);
	if (c->capacity < 0)
		snprintf(cap, sizeof cap, "?");
	else
		snprintf(cap, sizeof cap, "%lld", (long long)c->capacity);
	/* A followed semaphore: its value (how many are held needs the
	   initial count, which only the program knows). i11-python */
	if (c->waiters >= 0 && c->fill < 0 && c->value >= 0)
		snprintf(buf, len, "value %d, %d waiting", (int)c->value,
		    c->waiters);
	/* A kind whose waiters are counted: held and waiting. */
	else if (c->waiters >= 0)
		snprintf(buf, len, "%s/%s held, %d waiting", fill, cap,
		    c->waiters);
	else if (c->capacity < 0 && c->unbounded)
		snprintf(buf, len, "%s %s, no limit", fill,
		    model_unit_abbr(c));
	else
		snprintf(buf, len, "%s/%s %s", fill, cap, model_unit_abbr(c));
	return buf;
}

/* What one unit of units_fmt_size() is worth in bytes; 0 if unknown. */
static double
view_unit_div(const char *unit)
{
	static const struct {
		const char	*unit;
		double		 div;
	} units[] = {
		{ "B", 1 }, { "KiB", 1024. }, { "MiB", 1048576. },
		{ "GiB", 1073741824. }, { "TiB", 1099511627776. }
	};
	double	div = 0;
	size_t	i;

	for (i = 0; i < nitems(units); i++) {
		if (strcmp(units[i].unit, unit) == 0)
			div = units[i].div;
	}
	return div;
}

/*
 * "64.0/64.0 KiB": both numbers in the capacity's unit, so they compare at
 * a glance. The unit and the decimals are taken from units_fmt_size() of
 * the capacity, so the display agrees with every other size shown.
 */
char *
view_fmt_fill(char *buf, size_t len, const struct model_chan *c)
{
	char		 cap[32], fill[32], *sp, *dot;
	const char	*unit;
	double		 div;
	int		 decimals = 0;

	if (c->fill < 0 && c->closed) {
		/* Every holder has ended: the object is gone, not unknown. */
		snprintf(buf, len, "closed");
		return buf;
	}
	if (c->by_messages)
		return view_fmt_fill_items(buf, len, c);
	if (c->capacity < 0) {
		view_fmt_bytes(fill, sizeof fill, (double)c->fill);
		snprintf(buf, len, c->unbounded ? "%s, no limit" : "%s/?",
		    fill);
		return buf;
	}
	units_fmt_size(cap, sizeof cap, (double)c->capacity);
	if ((sp = strrchr(cap, ' ')) == NULL) {
		/* A format we do not understand: show both in full. */
		view_fmt_bytes(fill, sizeof fill, (double)c->fill);
		snprintf(buf, len, "%s/%s", fill, cap);
		return buf;
	}
	*sp = '\0';
	unit = sp + 1;
	div = view_unit_div(unit);
	if ((dot = strchr(cap, '.')) != NULL)
		decimals = (int)strlen(dot + 1);
	if (c->fill < 0)
		snprintf(fill, sizeof fill, "?");
	else if (div == 0)
		view_fmt_bytes(fill, sizeof fill, (double)c->fill);
	else
		snprintf(fill, sizeof fill, "%.*f", decimals,
		    (double)c->fill / div);
	snprintf(buf, len, "%s/%s %s", fill, cap, unit);
	return buf;
}

/* Fill as a fraction of capacity, or -1 when either is unknown. */
double
view_frac(const struct model_chan *c)
{
	if (c->fill < 0 || c->capacity <= 0)
		return -1;
	return (double)c->fill / (double)c->capacity;
}

/* Percent rounded down: "100%" only when the channel really is full. */
char *
view_fmt_pct(char *buf, size_t len, const struct model_chan *c)
{
	double	f = view_frac(c);
	int	pct;

	if (c->unbounded || (c->closed && c->fill < 0)) {
		buf[0] = '\0';		/* no capacity, or no object left */
		return buf;
	}
	if (f < 0) {
		snprintf(buf, len, "?");
		return buf;
	}
	pct = (int)floor(f * 100 + 1e-9);
	if (pct == 0 && c->fill > 0)
		snprintf(buf, len, "<1%%");	/* "0%" would say empty */
	else
		snprintf(buf, len, "%d%%", pct);
	return buf;
}

enum style
view_gauge_style(double f)
{
	if (f >= 1)
		return ST_GAUGE_FULL;
	if (f >= 0.8)
		return ST_GAUGE_HOT;
	if (f >= 0.5)
		return ST_GAUGE_WARM;
	return ST_GAUGE_CALM;
}

static bool
view_in_list(const int *list, int n, int i)
{
	int	j;

	for (j = 0; j < n; j++) {
		if (list[j] == i)
			return true;
	}
	return false;
}

bool
view_proc_reads(const struct model *m, int p)
{
	int	c;

	for (c = 0; c < m->nchans; c++) {
		if (view_in_list(m->chans[c].readers, m->chans[c].nreaders, p))
			return true;
	}
	return false;
}

bool
view_proc_writes(const struct model *m, int p)
{
	int	c;

	for (c = 0; c < m->nchans; c++) {
		if (view_in_list(m->chans[c].writers, m->chans[c].nwriters, p))
			return true;
	}
	return false;
}

/* Bytes and messages a process moved: what it wrote if it writes, else read. */
void
view_proc_moved(const struct model *m, int i, uint64_t *bytes, uint64_t *msgs)
{
	const struct model_proc	*p = &m->procs[i];

	if (view_proc_writes(m, i) || !view_proc_reads(m, i)) {
		*bytes = p->bytes_out;
		*msgs = p->msgs_out;
	} else {
		*bytes = p->bytes_in;
		*msgs = p->msgs_in;
	}
}

/* Does what view_proc_moved counts go through a kind counting items? */
bool
view_proc_moves_items(const struct model *m, int i)
{
	const struct model_proc	*p = &m->procs[i];

	if (view_proc_writes(m, i) || !view_proc_reads(m, i))
		return p->out_unit != NULL;
	return p->in_unit != NULL;
}

/*
 * The [process] section the n processes of list all come from, or NULL
 * when they come from several (or it is unknown).
 */
static const char *
view_pool_base(const struct view *v, const int *list, int n)
{
	const struct scenario	*sc = v->m->sc;
	const char		*base;
	int			 i;

	if (sc == NULL || list[0] < 0 || list[0] >= sc->nprocs)
		return NULL;
	base = sc->procs[list[0]].base;
	for (i = 1; base != NULL && i < n; i++) {
		if (list[i] < 0 || list[i] >= sc->nprocs ||
		    strcmp(sc->procs[list[i]].base, base) != 0)
			base = NULL;
	}
	return base;
}

/*
 * The names at one end of a channel: "writer", "a,b", or "3 writers" when
 * they would not fit in w columns.
 */
char *
view_fmt_ends(const struct view *v, char *buf, size_t len, const int *list,
    int n, int w, const char *what)
{
	const char	*base;
	size_t		 used = 0;
	int		 i, p;

	buf[0] = '\0';
	if (n == 0) {
		snprintf(buf, len, "-");
		return buf;
	}
	for (i = 0; i < n; i++) {
		p = list[i];
		used += snprintf(buf + used, len - used, "%s%s",
		    i == 0 ? "" : ",", (p >= 0 && p < v->m->nprocs) ?
		    view_str(v->m->procs[p].name) : "?");
		if (used >= len)
			break;
	}
	if (n > 1 && (used >= len || view_width(v, buf) > w)) {
		/* Replicas of one [process] are a pool: name it. */
		base = view_pool_base(v, list, n);
		if (base != NULL)
			snprintf(buf, len, "%s %s%d", view_str(base),
			    v->ascii ? "x" : "\u00d7", n);
		if (base == NULL || view_width(v, buf) > w)
			snprintf(buf, len, "%d %s", n, what);
	}
	return buf;
}

/* A helper thread after the main state: " · feeder BLOCKED write q 2.1s". */
void
view_fmt_thread(const struct model *m, const struct model_proc *p,
    char *buf, size_t len)
{
	const struct model_thread	*t = &p->thread;
	char				 dur[32] = "", extra[96] = "";
	size_t				 used = strlen(buf);
	int				 i;

	if (t->name == NULL || used >= len)
		return;
	for (i = 0; state_name(t->state)[i] != '\0' &&
	    i < (int)sizeof dur - 1; i++)
		dur[i] = (char)toupper((unsigned char)state_name(t->state)[i]);
	dur[i] = '\0';
	if (t->op != NULL)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra),
		    " %s", t->op);
	if (t->chan >= 0 && t->chan < m->nchans)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra),
		    " %s", view_str(m->chans[t->chan].name));
	snprintf(buf + used, len - used, " \xc2\xb7 %s %s%s", t->name, dur,
	    extra);
	if (t->state == PS_BLOCKED) {
		used = strlen(buf);
		view_fmt_dur(dur, sizeof dur, t->blocked_s);
		snprintf(buf + used, len - used, " %s", dur);
	}
}

/* A failure's cause: the signal, else the model's detail, errno or exit. */
static void
view_fmt_failed(const struct model_proc *p, char *buf, size_t len)
{
	if (p->signal != 0)
		snprintf(buf, len, " %s", util_signame(p->signal));
	else if (p->detail[0] != '\0')
		snprintf(buf, len, " %s", p->detail);
	else if (p->error != 0)
		snprintf(buf, len, " %s", util_errname(p->error));
	else
		snprintf(buf, len, " exit %d", p->exit_code);
}

static const struct {
	const char	*word;
	enum style	 st;
} view_badge_words[PS_COUNT] = {
	[PS_STARTING] = { "STARTING", ST_BADGE_STARTING },
	[PS_RUNNING] = { "RUNNING", ST_BADGE_RUNNING },
	[PS_BLOCKED] = { "BLOCKED", ST_BADGE_BLOCKED },
	[PS_WAITING] = { "WAITING", ST_BADGE_WAITING },
	[PS_PAUSED] = { "PAUSED", ST_BADGE_PAUSED },
	[PS_DONE] = { "DONE", ST_BADGE_DONE },
	[PS_FAILED] = { "FAILED", ST_BADGE_FAILED },
};

const char *
view_badge_word(enum proc_state state, enum style *st)
{
	if ((size_t)state >= nitems(view_badge_words) ||
	    view_badge_words[state].word == NULL) {
		*st = ST_BADGE_STARTING;
		return "?";
	}
	*st = view_badge_words[state].st;
	return view_badge_words[state].word;
}

enum style
view_badge_parts(const struct model *m, const struct model_proc *p,
    struct view_badge *b)
{
	enum style	st = ST_BADGE_STARTING;

	memset(b, 0, sizeof *b);
	b->word = "?";
	if ((size_t)p->state < nitems(view_badge_words) &&
	    view_badge_words[p->state].word != NULL) {
		b->word = view_badge_words[p->state].word;
		st = view_badge_words[p->state].st;
	}
	if ((p->state == PS_BLOCKED || p->state == PS_WAITING) &&
	    p->op != NULL)
		snprintf(b->op, sizeof b->op, "%s", p->op);
	if (p->state == PS_BLOCKED && p->chan >= 0 && p->chan < m->nchans)
		snprintf(b->chan, sizeof b->chan, "%s",
		    view_str(m->chans[p->chan].name));
	if (p->state == PS_BLOCKED) {
		/* Blocked before ipcscope first looked: at least that. */
		view_fmt_dur(b->dur + 2 * p->since_before,
		    sizeof b->dur - 2, p->blocked_s);
		if (p->since_before)
			memcpy(b->dur, ">=", 2);
	} else if (p->state == PS_WAITING && p->unknown != NULL) {
		/* Asleep, in what: unknown, and why (a followed program). */
		snprintf(b->op, sizeof b->op, "?");
		snprintf(b->tail, sizeof b->tail, " (%s)", p->unknown);
	} else if (p->state == PS_WAITING)
		view_fmt_dur(b->dur, sizeof b->dur, p->state_s);
	else if (p->state == PS_FAILED)
		view_fmt_failed(p, b->tail, sizeof b->tail);
	view_fmt_thread(m, p, b->tail, sizeof b->tail);
	return st;
}

void
view_badge_join(const struct view_badge *b, bool tail, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s%s%s%s", b->word,
	    b->op[0] != '\0' ? " " : "", b->op,
	    b->chan[0] != '\0' ? " " : "", b->chan,
	    b->dur[0] != '\0' ? " " : "", b->dur, tail ? b->tail : "");
}

/* "BLOCKED write pipe 3.2s" and its style. */
char *
view_fmt_badge(const struct model *m, const struct model_proc *p, char *buf,
    size_t len, enum style *st)
{
	struct view_badge	b;

	*st = view_badge_parts(m, p, &b);
	view_badge_join(&b, true, buf, len);
	return buf;
}

/*
 * The check column: a non-blocking writer's refusals ("EAGAIN 12"), a
 * reader's integrity ("ok", "lost 3 dup 0 ooo 1"), "-" for a reader of a
 * program's raw bytes, "I/O counters" for a program, else nothing.
 */
char *
view_fmt_check(const struct model *m, int i, char *buf, size_t len,
    enum style *st)
{
	const struct model_proc	*p = &m->procs[i];

	buf[0] = '\0';
	*st = ST_NORMAL;
	if (p->eagain > 0) {
		/* A non-blocking writer: what its refusals cost. */
		*st = p->dropped > 0 ? ST_ERROR : ST_NORMAL;
		if (p->dropped > 0)
			snprintf(buf, len, "EAGAIN %llu dropped %llu",
			    (unsigned long long)p->eagain,
			    (unsigned long long)p->dropped);
		else
			snprintf(buf, len, "EAGAIN %llu",
			    (unsigned long long)p->eagain);
		return buf;
	}
	if (p->io_counters) {
		/* A program: nothing checked, and its bytes are the
		   kernel's I/O counters: said where a check would be. */
		*st = ST_DIM;
		snprintf(buf, len, "I/O counters");
		return buf;
	}
	if (!view_proc_reads(m, i))
		return buf;
	if (p->unframed) {
		/* Raw bytes from a program: nothing to check. */
		snprintf(buf, len, "-");
		return buf;
	}
	if (p->lost == 0 && p->dup == 0 && p->ooo == 0) {
		*st = ST_OK;
		snprintf(buf, len, "ok");
	} else {
		*st = ST_ERROR;
		snprintf(buf, len, "lost %llu dup %llu ooo %llu",
		    (unsigned long long)p->lost, (unsigned long long)p->dup,
		    (unsigned long long)p->ooo);
	}
	return buf;
}

/* The kernel's view: "S pipe_write", "-" once it has ended, "?". */
char *
view_fmt_kernel(const struct model_proc *p, char *buf, size_t len)
{
	if (p->state == PS_DONE || p->state == PS_FAILED)
		snprintf(buf, len, "-");
	else if (p->kstate == 0 && p->wchan[0] == '\0')
		snprintf(buf, len, "?");
	else if (p->wchan[0] == '\0')
		snprintf(buf, len, "%c", p->kstate);
	else
		snprintf(buf, len, "%c %s", p->kstate != 0 ? p->kstate : '?',
		    p->wchan);
	return buf;
}
