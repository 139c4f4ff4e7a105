/*
 * view.c: lays the model out into a grid.
 *
 * One screen, top to bottom: a header, the channels (fill gauges), the
 * processes (state badges), throughput sparklines, the caption and a footer
 * of keys; the help overlay goes on top. Rows are handed out by priority so
 * that at 80x24 the essentials fit and the extras (second channel lines,
 * sparklines, blank separators) appear only when there is room; columns are
 * dropped the same way (the kernel's view first).
 *
 * With --big (view_state.big) a second layout, view_draw_big(), takes the
 * place of this one for projectors; the overlays are shared. Both record
 * where they drew each process and channel (struct view_map) for clicks.
 *
 * Everything here is a function of the model and the view state: no clock,
 * no I/O, no terminal. Colours are roles (enum style); the back end picks
 * the actual colours. Numbers the model does not know (-1, NAN) show as
 * "?", never as a guess.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/explain.h"
#include "screen/keys.h"
#include "base/units.h"
#include "base/util.h"
#include "view/view.h"

#define VIEW_MIN_COLS	40
#define VIEW_MIN_ROWS	10
#define VIEW_CAPTION_MAX 3	/* lines of caption text */
#define VIEW_CAPTION_STEP 6	/* presenting (--step): a larger caption */
#define VIEW_TEXT	512	/* longest line we build */

struct view_glyphs {
	const char	*hline;
	const char	*vline;
	const char	*tl, *tr, *bl, *br;
	const char	*arrow;		/* writers -> gauge -> readers */
	const char	*marker;	/* selected process */
	const char	*ellipsis;
	const char	*cap_l, *cap_r;	/* gauge ends */
	const char	*updown;
	uint32_t	 fill;		/* a full gauge cell */
	uint32_t	 eighths[8];	/* 1/8 .. 8/8 of a cell; 0 if none */
	uint32_t	 empty;		/* unfilled gauge cell, no colour */
	uint32_t	 spark[8];
};

static const struct view_glyphs view_utf8 = {
	"\u2500", "\u2502", "\u256d", "\u256e", "\u2570", "\u256f",
	"\u2500\u25b6", "\u25b6", "\u2026", "\u2595", "\u258f",
	"\u2191\u2193",
	0x2588,
	{ 0x258f, 0x258e, 0x258d, 0x258c, 0x258b, 0x258a, 0x2589, 0x2588 },
	0x00b7,
	{ 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588 }
};

static const struct view_glyphs view_ascii = {
	"-", "|", "+", "+", "+", "+",
	"->", ">", "~", "[", "]",
	"up/down",
	'#',
	{ 0, 0, 0, 0, 0, 0, 0, 0 },
	'.',
	{ '.', ':', '-', '=', '+', '*', '#', '@' }
};

/* Everything one drawing needs. */
struct view {
	const struct model		*m;
	const struct view_state		*vs;
	struct grid			*g;
	const struct view_glyphs	*gl;
	int				 cols;
	int				 rows;
	bool				 ascii;
	bool				 color;
	char				 cap_title[64];
	struct view_map			*map;		/* NULL: not wanted */
};

enum view_align { AL_LEFT, AL_RIGHT, AL_CENTRE };

/* Rows given to each part, decided before anything is drawn. */
struct view_plan {
	int	chans;		/* channels shown, one line each */
	bool	chan2;		/* a second line per channel */
	int	procs;		/* process rows shown */
	int	cap_lines;	/* caption text lines */
	bool	cap_box;
	bool	spark;		/* throughput section, a row per channel */
	int	spark_procs;	/* and a row per process */
	int	gap_top;	/* blank rows between sections */
	int	gap_procs;
	int	gap_spark;
	int	events;		/* recent events, when rows are left over */
	int	gap_events;
};

#define VIEW_EVENTS_MAX	10

/* Channel row columns, shared by every channel so gauges line up. */
struct view_chan_cols {
	bool	name, ends, pct, detail;
	int	x_name, w_name;
	int	x_wr, w_wr;
	int	x_g, w_g;	/* gauge, caps included */
	int	x_rd, w_rd;
	int	x_num, w_num;
	int	x_pct;
	int	x_det, w_det;
};

enum {
	PC_NAME, PC_PID, PC_STATE, PC_IN, PC_OUT, PC_MOVED, PC_MSGS,
	PC_CHECK, PC_KERNEL, PC_COUNT
};

struct view_col {
	const char	*label;
	int		 drop;		/* dropped first when high; 0 never */
	bool		 right;
	bool		 on;
	int		 w;
	int		 x;
};

static const char *
view_str(const char *s)
{
	return (s != NULL && *s != '\0') ? s : "?";
}

/*
 * In ASCII mode every string goes through here: the few typographic
 * characters captions use become their ASCII spelling, anything else
 * outside ASCII becomes '?', so the screen holds ASCII only.
 */
static const char *
view_ascii_text(const char *s, char *buf, size_t len)
{
	const char	*rep;
	char		 one[2];
	uint32_t	 ch;
	size_t		 used = 0, n;

	while (*s != '\0') {
		ch = grid_utf8_next(&s);
		switch (ch) {
		case 0x2013: case 0x2014: case 0x2500: rep = "-"; break;
		case 0x2026: rep = "..."; break;
		case 0x2018: case 0x2019: rep = "'"; break;
		case 0x201c: case 0x201d: rep = "\""; break;
		case 0x2190: rep = "<-"; break;
		case 0x2192: case 0x25b6: rep = "->"; break;
		case 0x00b7: case 0x2022: rep = "."; break;
		case 0x00d7: rep = "x"; break;
		case 0x00a0: rep = " "; break;
		default:
			one[0] = (ch < 0x80) ? (char)ch : '?';
			one[1] = '\0';
			rep = one;
			break;
		}
		n = strlen(rep);
		if (used + n + 1 > len)
			break;
		memcpy(buf + used, rep, n);
		used += n;
	}
	buf[used] = '\0';
	return buf;
}

static int
view_width(const struct view *v, const char *s)
{
	char	buf[VIEW_TEXT];

	if (v->ascii)
		s = view_ascii_text(s, buf, sizeof buf);
	return grid_strwidth(s);
}

static int
view_puts(struct view *v, int x, int y, enum style st, int maxw,
    const char *s)
{
	char	buf[VIEW_TEXT];

	if (maxw <= 0)
		return 0;
	if (v->ascii)
		s = view_ascii_text(s, buf, sizeof buf);
	return grid_puts(v->g, x, y, st, maxw, s);
}

/* Draw s in w columns, aligned, ending in an ellipsis when it is cut. */
static int
view_field(struct view *v, int x, int y, enum style st, int w,
    enum view_align al, const char *s)
{
	char	buf[VIEW_TEXT];
	int	sw, ew, used;

	if (w <= 0)
		return 0;
	if (v->ascii)
		s = view_ascii_text(s, buf, sizeof buf);
	sw = grid_strwidth(s);
	if (sw <= w) {
		if (al == AL_RIGHT)
			x += w - sw;
		else if (al == AL_CENTRE)
			x += (w - sw) / 2;
		return grid_puts(v->g, x, y, st, w, s);
	}
	ew = grid_strwidth(v->gl->ellipsis);
	if (w <= ew)
		return grid_puts(v->g, x, y, st, w, s);
	used = grid_puts(v->g, x, y, st, w - ew, s);
	return used + grid_puts(v->g, x + used, y, st, ew, v->gl->ellipsis);
}

static void
view_hline(struct view *v, int x, int y, int w, enum style st)
{
	int	i;

	for (i = 0; i < w; i++)
		view_puts(v, x + i, y, st, 1, v->gl->hline);
}

/* A section rule: "── title ─────". */
static void
view_rule(struct view *v, int y, const char *title)
{
	view_hline(v, 0, y, v->cols, ST_HEADING);
	if (title != NULL) {
		grid_put(v->g, 2, y, ' ', ST_HEADING);
		grid_put(v->g, 3 + view_puts(v, 3, y, ST_HEADING,
		    v->cols - 6, title), y, ' ', ST_HEADING);
	}
}

/*
 * A column label inside a rule, " label ", placed only where it covers
 * nothing but the rule itself (the spaces around it may be shared with a
 * neighbour's), so labels never garble each other.
 */
static void
view_rule_label(struct view *v, int y, int x, int w, bool right,
    const char *label)
{
	struct cell	*c;
	const char	*hl;
	uint32_t	 rule;
	int		 lw = view_width(v, label), lx, i;

	lx = right ? x + w - lw : x;
	if (lx - 1 < 0 || lx + lw + 1 > v->cols)
		return;
	hl = v->gl->hline;
	rule = grid_utf8_next(&hl);
	for (i = lx - 1; i <= lx + lw; i++) {
		c = grid_at(v->g, i, y);
		if (c == NULL)
			return;
		if (c->ch != rule && !(c->ch == ' ' && (i == lx - 1 ||
		    i == lx + lw)))
			return;
	}
	grid_put(v->g, lx - 1, y, ' ', ST_HEADING);
	view_puts(v, lx, y, ST_HEADING, lw, label);
	grid_put(v->g, lx + lw, y, ' ', ST_HEADING);
}

static void
view_box(struct view *v, int x, int y, int w, int h, enum style st,
    const char *title)
{
	int	i;

	if (w < 2 || h < 2)
		return;
	view_puts(v, x, y, st, 1, v->gl->tl);
	view_hline(v, x + 1, y, w - 2, st);
	view_puts(v, x + w - 1, y, st, 1, v->gl->tr);
	for (i = 1; i < h - 1; i++) {
		view_puts(v, x, y + i, st, 1, v->gl->vline);
		view_puts(v, x + w - 1, y + i, st, 1, v->gl->vline);
	}
	view_puts(v, x, y + h - 1, st, 1, v->gl->bl);
	view_hline(v, x + 1, y + h - 1, w - 2, st);
	view_puts(v, x + w - 1, y + h - 1, st, 1, v->gl->br);
	if (title != NULL && w > 6) {
		grid_put(v->g, x + 2, y, ' ', st);
		i = view_puts(v, x + 3, y, st, w - 6, title);
		grid_put(v->g, x + 3 + i, y, ' ', st);
	}
}

/* Remember that (x, y, w, h) shows process or channel index. */
static void
view_map_add(struct view *v, enum view_hit_kind kind, int index, int x, int y,
    int w, int h)
{
	struct view_hit	*hit;

	if (v->map == NULL || v->map->n >= VIEW_HITS_MAX || w <= 0 || h <= 0)
		return;
	hit = &v->map->hits[v->map->n++];
	hit->kind = kind;
	hit->index = index;
	hit->x = x;
	hit->y = y;
	hit->w = w;
	hit->h = h;
}

/*
 * Channel i was drawn on rows y.. y + h - 1: map it, and when it is the
 * selection mark its first row as a process row is marked (the marker in
 * column 0, plain text in the selection's style; gauges keep theirs).
 */
static void
view_chan_drawn(struct view *v, int i, int y, int h)
{
	struct cell	*c;
	int		 x;

	view_map_add(v, VIEW_HIT_CHAN, i, 0, y, v->cols, h);
	if (!v->vs->chan_selected || v->vs->selected_chan != i)
		return;
	for (x = 0; x < v->cols; x++) {
		if ((c = grid_at(v->g, x, y)) != NULL && c->style == ST_NORMAL)
			c->style = ST_SELECTED;
	}
	view_puts(v, 0, y, ST_SELECTED, 1, v->gl->marker);
}

/* Formatting. Every formatter writes "?" for what the model does not know. */

static char *
view_fmt_bps(char *buf, size_t len, double bps)
{
	if (isnan(bps) || bps < 0)
		snprintf(buf, len, "?");
	else
		units_fmt_bps(buf, len, bps);
	return buf;
}

static char *
view_fmt_bytes(char *buf, size_t len, double bytes)
{
	if (isnan(bytes) || bytes < 0)
		snprintf(buf, len, "?");
	else
		units_fmt_size(buf, len, bytes);
	return buf;
}

static char *
view_fmt_dur(char *buf, size_t len, double s)
{
	if (isnan(s) || s < 0)
		snprintf(buf, len, "?");
	else
		units_fmt_duration(buf, len, s);
	return buf;
}

/*
 * "64.0/64.0 KiB": both numbers in the capacity's unit, so they compare at
 * a glance. The unit and the decimals are taken from units_fmt_size() of
 * the capacity, so the display agrees with every other size shown.
 */
static char *
view_fmt_fill(char *buf, size_t len, const struct model_chan *c)
{
	static const struct {
		const char	*unit;
		double		 div;
	} units[] = {
		{ "B", 1 }, { "KiB", 1024. }, { "MiB", 1048576. },
		{ "GiB", 1073741824. }, { "TiB", 1099511627776. }
	};
	char		 cap[32], fill[32], *sp, *dot;
	const char	*unit;
	double		 div = 0;
	size_t		 i;
	int		 decimals = 0;

	if (c->by_messages) {
		if (c->fill < 0)
			snprintf(fill, sizeof fill, "?");
		else
			snprintf(fill, sizeof fill, "%lld", (long long)c->fill);
		if (c->capacity < 0)
			snprintf(cap, sizeof cap, "?");
		else
			snprintf(cap, sizeof cap, "%lld",
			    (long long)c->capacity);
		/* A kind whose waiters are counted: held and waiting. */
		if (c->waiters >= 0)
			snprintf(buf, len, "%s/%s held, %d waiting", fill, cap,
			    c->waiters);
		else if (c->capacity < 0 && c->unbounded)
			snprintf(buf, len, "%s %s, no limit", fill,
			    model_unit_abbr(c));
		else
			snprintf(buf, len, "%s/%s %s", fill, cap,
			    model_unit_abbr(c));
		return buf;
	}
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
	for (i = 0; i < nitems(units); i++) {
		if (strcmp(units[i].unit, unit) == 0)
			div = units[i].div;
	}
	if ((dot = strchr(cap, '.')) != NULL)
		decimals = (int)strlen(dot + 1);
	if (c->fill < 0)
		snprintf(fill, sizeof fill, "?");
	else if (div == 0) {
		view_fmt_bytes(fill, sizeof fill, (double)c->fill);
		snprintf(buf, len, "%s/%s %s", fill, cap, unit);
		return buf;
	} else
		snprintf(fill, sizeof fill, "%.*f", decimals,
		    (double)c->fill / div);
	snprintf(buf, len, "%s/%s %s", fill, cap, unit);
	return buf;
}

/* Fill as a fraction of capacity, or -1 when either is unknown. */
static double
view_frac(const struct model_chan *c)
{
	if (c->fill < 0 || c->capacity <= 0)
		return -1;
	return (double)c->fill / (double)c->capacity;
}

/* Percent rounded down: "100%" only when the channel really is full. */
static char *
view_fmt_pct(char *buf, size_t len, const struct model_chan *c)
{
	double	f = view_frac(c);
	int	pct;

	if (c->unbounded) {
		buf[0] = '\0';		/* no capacity, no share of it */
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

static enum style
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

static bool
view_proc_reads(const struct model *m, int p)
{
	int	c;

	for (c = 0; c < m->nchans; c++) {
		if (view_in_list(m->chans[c].readers, m->chans[c].nreaders, p))
			return true;
	}
	return false;
}

static bool
view_proc_writes(const struct model *m, int p)
{
	int	c;

	for (c = 0; c < m->nchans; c++) {
		if (view_in_list(m->chans[c].writers, m->chans[c].nwriters, p))
			return true;
	}
	return false;
}

/*
 * The names at one end of a channel: "writer", "a,b", or "3 writers" when
 * they would not fit in w columns.
 */
static char *
view_fmt_ends(const struct view *v, char *buf, size_t len, const int *list,
    int n, int w, const char *what)
{
	size_t	used = 0;
	int	i, p;

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
		const char *base = v->m->sc != NULL && list[0] >= 0 &&
		    list[0] < v->m->sc->nprocs ?
		    v->m->sc->procs[list[0]].base : NULL;

		for (i = 1; base != NULL && i < n; i++) {
			if (list[i] < 0 || list[i] >= v->m->sc->nprocs ||
			    strcmp(v->m->sc->procs[list[i]].base, base) != 0)
				base = NULL;
		}
		if (base != NULL)
			snprintf(buf, len, "%s %s%d", view_str(base),
			    v->ascii ? "x" : "\u00d7", n);
		if (base == NULL || view_width(v, buf) > w)
			snprintf(buf, len, "%d %s", n, what);
	}
	return buf;
}

/* A helper thread after the main state: " · feeder BLOCKED write q 2.1s". */
static void
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

/* "BLOCKED write pipe 3.2s" and its style. */
static char *
view_fmt_badge(const struct model *m, const struct model_proc *p, char *buf,
    size_t len, enum style *st)
{
	char		 dur[32], chan[64] = "", op[40] = "";
	const char	*cn;

	if (p->op != NULL && *p->op != '\0')
		snprintf(op, sizeof op, " %s", p->op);
	if (p->chan >= 0 && p->chan < m->nchans) {
		cn = view_str(m->chans[p->chan].name);
		snprintf(chan, sizeof chan, " %s", cn);
	}
	switch (p->state) {
	case PS_STARTING:
		*st = ST_BADGE_STARTING;
		snprintf(buf, len, "STARTING");
		break;
	case PS_RUNNING:
		*st = ST_BADGE_RUNNING;
		snprintf(buf, len, "RUNNING");
		break;
	case PS_BLOCKED:
		*st = ST_BADGE_BLOCKED;
		view_fmt_dur(dur, sizeof dur, p->blocked_s);
		snprintf(buf, len, "BLOCKED%s%s %s", op, chan, dur);
		break;
	case PS_WAITING:
		*st = ST_BADGE_WAITING;
		view_fmt_dur(dur, sizeof dur, p->state_s);
		snprintf(buf, len, "WAITING%s %s", op, dur);
		break;
	case PS_PAUSED:
		*st = ST_BADGE_PAUSED;
		snprintf(buf, len, "PAUSED");
		break;
	case PS_DONE:
		*st = ST_BADGE_DONE;
		snprintf(buf, len, "DONE");
		break;
	case PS_FAILED:
		*st = ST_BADGE_FAILED;
		if (p->signal != 0)
			snprintf(buf, len, "FAILED %s", util_signame(p->signal));
		else if (p->detail[0] != '\0')
			snprintf(buf, len, "FAILED %s", p->detail);
		else if (p->error != 0)
			snprintf(buf, len, "FAILED %s",
			    util_errname(p->error));
		else
			snprintf(buf, len, "FAILED exit %d", p->exit_code);
		break;
	default:
		*st = ST_BADGE_STARTING;
		snprintf(buf, len, "?");
		break;
	}
	view_fmt_thread(m, p, buf, len);
	return buf;
}

static char *
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
	if (!view_proc_reads(m, i))
		return buf;
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

static char *
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

/* Bytes and messages a process moved: what it wrote if it writes, else read. */
static void
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

/* Presenting (--step): where in the script we are, and how to go on. */
static const char *
view_step_title(struct view *v)
{
	const struct model	*m = v->m;
	const char		*dot = v->ascii ? "-" : "\u00b7";

	if (m->cue >= 0 && m->cue + 1 < m->sc->ncues)
		snprintf(v->cap_title, sizeof v->cap_title, "cue %d/%d %s n "
		    "next", m->cue + 1, m->sc->ncues, dot);
	else if (m->cue >= 0)
		snprintf(v->cap_title, sizeof v->cap_title, "cue %d/%d %s the "
		    "last", m->cue + 1, m->sc->ncues, dot);
	else
		snprintf(v->cap_title, sizeof v->cap_title, "about %s n: first "
		    "cue", dot);
	return v->cap_title;
}

/* Caption: the cue, else the latest event, else the scenario's about. */
static const char *
view_caption(struct view *v, char *buf, size_t len, const char **title,
    enum style *st)
{
	const struct model		*m = v->m;
	const struct model_event	*e;
	const char			*who;
	char				 t[32];

	*title = NULL;
	/* A stall outranks the script: it is what the user must see. */
	if (m->stalled && m->stall_text[0] != '\0') {
		*title = "STALLED";
		*st = ST_ERROR;
		return m->stall_text;
	}
	*st = ST_CAPTION;
	if (m->step) {
		*title = view_step_title(v);
		if (m->caption[0] != '\0')
			return m->caption;
		if (m->cue < 0 && m->sc->about != NULL &&
		    *m->sc->about != '\0')
			return m->sc->about;
	}
	if (m->caption[0] != '\0')
		return m->caption;
	*st = ST_NORMAL;
	if ((e = model_event_at(m, 0)) != NULL) {
		*title = "latest event";
		who = (e->proc >= 0 && e->proc < m->nprocs) ?
		    view_str(m->procs[e->proc].name) : "ipcscope";
		snprintf(t, sizeof t, "%.1fs", e->t);
		snprintf(buf, len, "%s  %s %s%s%s", t, who, e->what,
		    e->detail[0] != '\0' ? ": " : "", e->detail);
		return buf;
	}
	if (m->sc != NULL && m->sc->about != NULL && *m->sc->about != '\0') {
		*title = "about";
		return m->sc->about;
	}
	return NULL;
}

/*
 * Word-wrap s into at most max lines of w columns; the last line ends in
 * an ellipsis when text is left over. Returns the lines used.
 */
static int
view_wrap(const struct view *v, const char *s, int w, char lines[][VIEW_TEXT],
    int max)
{
	char		 abuf[VIEW_TEXT * 2];
	const char	*p, *word, *q;
	size_t		 used;
	int		 n = 0, lw, ww, cw;
	uint32_t	 ch;

	if (v->ascii)
		s = view_ascii_text(s, abuf, sizeof abuf);
	if (w < 1 || max < 1)
		return 0;
	p = s;
	while (*p != '\0' && n < max) {
		used = 0;
		lw = 0;
		lines[n][0] = '\0';
		while (*p == ' ')
			p++;
		while (*p != '\0' && *p != '\n') {
			/* Measure the next word. */
			word = p;
			ww = 0;
			for (q = p; *q != '\0' && *q != ' ' && *q != '\n';)
				ww += grid_cwidth(grid_utf8_next(&q));
			if (lw + (lw > 0) + ww > w) {
				if (lw > 0)
					break;
				/* A word longer than the line: cut it. */
				for (q = p; *q != '\0' && *q != ' ';) {
					const char *r = q;

					ch = grid_utf8_next(&r);
					cw = grid_cwidth(ch);
					if (lw + cw > w)
						break;
					lw += cw;
					q = r;
				}
				if (q == p)
					q = p + 1;	/* wider than w: give up on it */
				memcpy(lines[n] + used, p, (size_t)(q - p));
				used += (size_t)(q - p);
				p = q;
				break;
			}
			if (lw > 0) {
				lines[n][used++] = ' ';
				lw++;
			}
			if (used + (size_t)(q - word) + 1 >= VIEW_TEXT)
				break;
			memcpy(lines[n] + used, word, (size_t)(q - word));
			used += (size_t)(q - word);
			lw += ww;
			p = q;
			while (*p == ' ' && p[1] == ' ')
				p++;
			if (*p == ' ')
				p++;
		}
		lines[n][used] = '\0';
		if (*p == '\n')
			p++;
		n++;
	}
	while (*p == ' ' || *p == '\n')
		p++;
	if (*p != '\0' && n > 0) {
		/* More text than lines: end the last one in an ellipsis. */
		const char	*ell = v->gl->ellipsis;
		int		 ew = grid_strwidth(ell);
		char		*last = lines[n - 1];

		while (grid_strwidth(last) + ew > w && *last != '\0') {
			size_t	 l = strlen(last);

			do
				l--;
			while (l > 0 && ((unsigned char)last[l] & 0xc0) == 0x80);
			last[l] = '\0';
		}
		if (strlen(last) + strlen(ell) < VIEW_TEXT)
			strcat(last, ell);
	}
	return n;
}

/* Header: name, scenario, elapsed time, global state. */
static void
view_header(struct view *v)
{
	const struct model	*m = v->m;
	const char		*state;
	enum style		 sst;
	char			 t[32], title[VIEW_TEXT];
	int			 x, sw, tw, right;

	grid_fill(v->g, 0, 0, v->cols, ' ', ST_TITLE);
	if (v->vs->frozen) {
		state = "FROZEN";
		sst = ST_BADGE_PAUSED;
	} else if (m->finished) {
		state = "FINISHED";
		sst = ST_BADGE_DONE;
	} else if (m->all_paused) {
		state = "ALL PAUSED";
		sst = ST_BADGE_PAUSED;
	} else if (m->stalled) {
		state = "STALLED";
		sst = ST_BADGE_FAILED;
	} else {
		state = "RUNNING";
		sst = ST_BADGE_RUNNING;
	}
	if (v->vs->frozen && !isnan(m->t) && !isnan(v->vs->live_t))
		snprintf(t, sizeof t, "t %.1fs of %.1fs", m->t, v->vs->live_t);
	else if (isnan(m->t) || m->t < 0)
		snprintf(t, sizeof t, "t ?");
	else if (m->t < 60)
		snprintf(t, sizeof t, "t %.1fs", m->t);
	else
		snprintf(t, sizeof t, "t %dm%04.1fs", (int)(m->t / 60),
		    fmod(m->t, 60));

	/* Right to left: " STATE ", time. */
	sw = (int)strlen(state) + 2;
	tw = (int)strlen(t);
	right = v->cols - sw;
	grid_fill(v->g, right, 0, sw, ' ', sst);
	view_puts(v, right + 1, 0, sst, sw - 2, state);
	right -= tw + 2;
	view_puts(v, right, 0, ST_TITLE, tw, t);
	if (v->vs->replay[0] != '\0') {
		tw = view_width(v, v->vs->replay);
		right -= tw + 2;
		view_puts(v, right, 0, ST_KEY, tw, v->vs->replay);
	}

	x = 1 + view_puts(v, 1, 0, ST_TITLE, 8, "ipcscope");
	x += 2;
	if (m->sc != NULL) {
		snprintf(title, sizeof title, "%s%s%s", view_str(m->sc->name),
		    m->sc->title != NULL && *m->sc->title != '\0' ?
		    (v->ascii ? " - " : " \u00b7 ") : "",
		    m->sc->title != NULL ? m->sc->title : "");
		view_field(v, x, 0, ST_TITLE, right - 2 - x, AL_LEFT, title);
	}
}

/*
 * Footer: the keys of the key table that fit, most important first, shown
 * in the table's order; and the last message when there is one.
 */
static void
view_footer(struct view *v, int y)
{
	const struct key_binding *kb;
	const char	*msg = v->vs->message, *label[KA_COUNT + 32];
	int		 keep[KA_COUNT + 32];
	bool		 on[KA_COUNT + 32], rp = v->vs->replay[0] != '\0';
	int		 avail, used, x, w, level, i, n = keys_count;

	if (n > (int)nitems(on))
		n = (int)nitems(on);
	for (i = 0; i < n; i++) {
		kb = &keys_table[i];
		keep[i] = keys_footer(kb, rp);
		label[i] = v->ascii ? (kb->aflabel != NULL ? kb->aflabel :
		    kb->alabel) : (kb->flabel != NULL ? kb->flabel : kb->label);
		if (v->m->step && kb->action == KA_NEXT)
			/* The right arrow steps on: select with up, down, tab. */
			label[i] = v->ascii ? "up/dn/tab" : "\u2191\u2193/tab";
		if (v->m->step && kb->action == KA_CUE)
			keep[i] = 0;	/* presenting: kept first */
	}
	avail = v->cols - 1;
	if (msg[0] != '\0') {
		w = view_width(v, msg) + 2;
		if (w > avail)
			w = avail;
		view_field(v, v->cols - w, y, ST_TITLE, w, AL_CENTRE, msg);
		grid_put(v->g, v->cols - w, y, ' ', ST_TITLE);
		avail -= w + 1;
	}
	/* Keep the most important keys that fit, show them in their order. */
	memset(on, 0, sizeof on);
	used = 0;
	for (level = 0; level < n; level++) {
		for (i = 0; i < n; i++) {
			if (keep[i] != level)
				continue;
			w = view_width(v, label[i]) + 1 +
			    view_width(v, keys_brief(&keys_table[i], rp)) +
			    (used > 0 ? 2 : 0);
			if (used + w <= avail) {
				on[i] = true;
				used += w;
			}
		}
	}
	x = 1;
	for (i = 0; i < n; i++) {
		if (!on[i])
			continue;
		x += view_puts(v, x, y, ST_KEY, avail, label[i]) + 1;
		x += view_puts(v, x, y, ST_DIM, avail,
		    keys_brief(&keys_table[i], rp)) + 2;
	}
}

/* Hand rows to the parts by priority; see the comment at the top. */
static void
view_plan(const struct view *v, int cap_need, struct view_plan *pl)
{
	const struct model	*m = v->m;
	int			 left = v->rows - 2;	/* header, footer */

	memset(pl, 0, sizeof *pl);
#define TAKE(n) ((n) <= left ? (left -= (n), 1) : 0)
	if (m->nchans > 0 && TAKE(2))
		pl->chans = 1;
	if (m->nprocs > 0 && TAKE(2))
		pl->procs = 1;
	if (cap_need > 0 && TAKE(1))
		pl->cap_lines = 1;
	/* Presenting, the words come before the detail. */
	while (m->step && pl->cap_lines > 0 && pl->cap_lines < cap_need &&
	    TAKE(1))
		pl->cap_lines++;
	if (m->step && pl->cap_lines > 0 && TAKE(2))
		pl->cap_box = true;
	while (pl->procs > 0 && pl->procs < m->nprocs && pl->procs < 3 &&
	    TAKE(1))
		pl->procs++;
	while (pl->chans > 0 && pl->chans < m->nchans && TAKE(1))
		pl->chans++;
	while (pl->cap_lines > 0 && pl->cap_lines < cap_need && TAKE(1))
		pl->cap_lines++;
	while (pl->procs > 0 && pl->procs < m->nprocs && TAKE(1))
		pl->procs++;
	if (pl->cap_lines > 0 && !pl->cap_box && TAKE(2))
		pl->cap_box = true;
	if (pl->chans > 0 && pl->procs > 0 && TAKE(1))
		pl->gap_procs = 1;
	if (pl->chans == m->nchans && pl->chans > 0 && TAKE(pl->chans))
		pl->chan2 = true;
	if (TAKE(1))
		pl->gap_top = 1;
	if (pl->chans == m->nchans && pl->chans > 0 && TAKE(1 + pl->chans))
		pl->spark = true;
	if (pl->spark && TAKE(1))
		pl->gap_spark = 1;
	while (pl->spark && pl->procs == m->nprocs &&
	    pl->spark_procs < m->nprocs && TAKE(1))
		pl->spark_procs++;
	/* Half a list of process sparklines is noise: all or none. */
	if (pl->spark_procs < m->nprocs) {
		left += pl->spark_procs;
		pl->spark_procs = 0;
	}
	if (m->nevents > 0 && left >= 4) {
		pl->gap_events = TAKE(1);
		TAKE(1);
		pl->events = m->nevents;
		if (pl->events > MODEL_EVENTS)
			pl->events = MODEL_EVENTS;
		if (pl->events > VIEW_EVENTS_MAX)
			pl->events = VIEW_EVENTS_MAX;
		if (pl->events > left)
			pl->events = left;
		left -= pl->events;
	}
#undef TAKE
}

/* Lay out the channel columns; the first arrangement with a usable gauge wins. */
static void
view_chan_cols(const struct view *v, int n, struct view_chan_cols *cc,
    bool chan2)
{
	const struct model	*m = v->m;
	const struct model_chan	*c;
	char			 buf[VIEW_TEXT];
	int			 i, try, cap, x, wdet = 0, w, mingauge;

	memset(cc, 0, sizeof *cc);
	cap = v->cols / 7 < 8 ? 8 : v->cols / 7;
	for (i = 0; i < n; i++) {
		c = &m->chans[i];
		if ((w = view_width(v, view_str(c->name))) > cc->w_name)
			cc->w_name = w;
		view_fmt_ends(v, buf, sizeof buf, c->writers, c->nwriters,
		    cap, "writers");
		if ((w = view_width(v, buf)) > cc->w_wr)
			cc->w_wr = w;
		view_fmt_ends(v, buf, sizeof buf, c->readers, c->nreaders,
		    cap, "readers");
		if ((w = view_width(v, buf)) > cc->w_rd)
			cc->w_rd = w;
		if ((w = (int)strlen(view_fmt_fill(buf, sizeof buf, c))) >
		    cc->w_num)
			cc->w_num = w;
	}
	if (cc->w_name > 16)
		cc->w_name = 16;
	if (cc->w_wr > cap)
		cc->w_wr = cap;
	if (cc->w_rd > cap)
		cc->w_rd = cap;
	/* kind, in and out: "unix-stream  in 1023.9 KiB/s  out 1023.9 KiB/s" */
	wdet = 11 + 2 + 3 + 12 + 2 + 4 + 12;

	for (try = 0; try < 5; try++) {
		cc->detail = (try == 0) && !chan2;
		cc->ends = try <= 1;
		cc->pct = try <= 2;
		cc->name = try <= 3;
		mingauge = try < 4 ? 12 : 4;
		x = 1;
		if (cc->name) {
			cc->x_name = x;
			x += cc->w_name + 2;
		}
		if (cc->ends) {
			cc->x_wr = x;
			x += cc->w_wr + 1 + 2 + 1;	/* " ─▶ " */
		}
		cc->x_g = x;
		w = 1;					/* right margin */
		if (cc->ends)
			w += 1 + 2 + 1 + cc->w_rd;
		w += 2 + cc->w_num;
		if (cc->pct)
			w += 1 + 4;
		if (cc->detail)
			w += 3 + wdet;
		cc->w_g = v->cols - x - w;
		if (cc->w_g >= mingauge || try == 4)
			break;
	}
	if (cc->w_g > 80 && !cc->detail)
		cc->w_g = 80;	/* a gauge wider than that says nothing more */
	x = cc->x_g + cc->w_g;
	if (cc->ends) {
		cc->x_rd = x + 4;
		x = cc->x_rd + cc->w_rd;
	}
	cc->x_num = x + 2;
	x = cc->x_num + cc->w_num;
	if (cc->pct) {
		cc->x_pct = x + 1;
		x = cc->x_pct + 4;
	}
	cc->x_det = x + 3;
	cc->w_det = v->cols - 1 - cc->x_det;
}

static void
view_gauge(struct view *v, int x, int y, int w, const struct model_chan *c)
{
	const struct view_glyphs	*gl = v->gl;
	enum style			 st;
	double				 f = view_frac(c);
	long				 eighths, total;
	int				 i, inner;
	uint32_t			 empty;

	if (w < 3)
		return;
	view_puts(v, x, y, ST_GAUGE_EMPTY, 1, gl->cap_l);
	view_puts(v, x + w - 1, y, ST_GAUGE_EMPTY, 1, gl->cap_r);
	inner = w - 2;
	x++;
	empty = (v->color && !v->ascii) ? ' ' : gl->empty;
	grid_fill(v->g, x, y, inner, empty, ST_GAUGE_EMPTY);
	if (c->unbounded) {
		/* Nothing to fill up: say so rather than draw a level. */
		view_field(v, x, y, ST_DIM, inner, AL_CENTRE,
		    "grows, no limit");
		return;
	}
	if (f < 0) {
		grid_put(v->g, x + inner / 2, y, '?', ST_GAUGE_EMPTY);
		return;
	}
	st = view_gauge_style(f);
	if (f > 1)
		f = 1;
	total = (long)inner * 8;
	eighths = (long)floor(f * (double)total);
	if (eighths == 0 && c->fill > 0)
		eighths = 1;	/* not empty must not look empty */
	else if (eighths > 8 && eighths % 8 == 1)
		eighths--;	/* a lone 1/8 glyph looks like the end cap */
	if (gl->eighths[0] == 0) {
		/* ASCII: whole cells only, rounded up so non-empty shows. */
		eighths = (eighths + 7) / 8 * 8;
	}
	for (i = 0; i < inner && eighths > 0; i++) {
		if (eighths >= 8) {
			grid_put(v->g, x + i, y, gl->fill, st);
			eighths -= 8;
		} else {
			grid_put(v->g, x + i, y, gl->eighths[eighths - 1], st);
			eighths = 0;
		}
	}
}

/* "pipe  in 1.2 MiB/s  out 0 B/s  16 msgs" */
static void
view_chan_detail(struct view *v, int x, int y, int w,
    const struct model_chan *c)
{
	char	buf[64];
	int	used = 0;

	used += view_puts(v, x + used, y, ST_DIM, w - used, view_str(c->kind));
	used += view_puts(v, x + used, y, ST_DIM, w - used, "  in ");
	used += view_puts(v, x + used, y, ST_NORMAL, w - used,
	    view_fmt_bps(buf, sizeof buf, c->in_bps));
	used += view_puts(v, x + used, y, ST_DIM, w - used, "  out ");
	used += view_puts(v, x + used, y, ST_NORMAL, w - used,
	    view_fmt_bps(buf, sizeof buf, c->out_bps));
	/* A queue's second buffer: the writers' local buffers. */
	if (c->buffered_items >= 0) {
		used += view_puts(v, x + used, y, ST_DIM, w - used,
		    "  local ");
		snprintf(buf, sizeof buf, "%lld items ",
		    (long long)c->buffered_items);
		used += view_puts(v, x + used, y, ST_NORMAL, w - used, buf);
		used += view_puts(v, x + used, y, ST_NORMAL, w - used,
		    view_fmt_bytes(buf, sizeof buf, (double)c->buffered_bytes));
		used += view_puts(v, x + used, y, ST_DIM, w - used, "  pipe ");
		used += view_puts(v, x + used, y, ST_NORMAL, w - used,
		    c->fill < 0 ? "?" : view_fmt_bytes(buf, sizeof buf,
		    (double)c->fill));
	}
	/* The other measure, when the kernel tells it. */
	if (!c->by_messages && c->messages >= 0) {
		snprintf(buf, sizeof buf, "  %lld msgs", (long long)c->messages);
		view_puts(v, x + used, y, ST_DIM, w - used, buf);
	} else if (c->by_messages && c->bytes >= 0) {
		used += view_puts(v, x + used, y, ST_DIM, w - used, "  ");
		view_puts(v, x + used, y, ST_DIM, w - used,
		    view_fmt_bytes(buf, sizeof buf, (double)c->bytes));
	}
}

static int
view_channels(struct view *v, int y, const struct view_plan *pl)
{
	const struct model	*m = v->m;
	const struct model_chan	*c;
	struct view_chan_cols	 cc;
	char			 buf[VIEW_TEXT], title[64];
	int			 i, cap, y0;
	double			 f;

	if (pl->chans < m->nchans)
		snprintf(title, sizeof title, "channels (%d of %d)", pl->chans,
		    m->nchans);
	else
		snprintf(title, sizeof title, "channels");
	view_rule(v, y++, title);
	view_chan_cols(v, pl->chans, &cc, pl->chan2);
	cap = v->cols / 7 < 8 ? 8 : v->cols / 7;
	for (i = 0; i < pl->chans; i++) {
		c = &m->chans[i];
		y0 = y;
		f = view_frac(c);
		if (cc.name)
			view_field(v, cc.x_name, y, ST_NORMAL, cc.w_name,
			    AL_LEFT, view_str(c->name));
		if (cc.ends) {
			view_fmt_ends(v, buf, sizeof buf, c->writers,
			    c->nwriters, cap, "writers");
			view_field(v, cc.x_wr, y, ST_NORMAL, cc.w_wr, AL_RIGHT,
			    buf);
			view_puts(v, cc.x_wr + cc.w_wr + 1, y, ST_DIM, 2,
			    v->gl->arrow);
			view_puts(v, cc.x_g + cc.w_g + 1, y, ST_DIM, 2,
			    v->gl->arrow);
			view_fmt_ends(v, buf, sizeof buf, c->readers,
			    c->nreaders, cap, "readers");
			view_field(v, cc.x_rd, y, ST_NORMAL, cc.w_rd, AL_LEFT,
			    buf);
		}
		view_gauge(v, cc.x_g, y, cc.w_g, c);
		view_field(v, cc.x_num, y, f < 0 ? ST_NORMAL :
		    view_gauge_style(f), cc.w_num, AL_RIGHT,
		    view_fmt_fill(buf, sizeof buf, c));
		if (cc.pct)
			view_field(v, cc.x_pct, y, f < 0 ? ST_NORMAL :
			    view_gauge_style(f), 4, AL_RIGHT,
			    view_fmt_pct(buf, sizeof buf, c));
		if (cc.detail)
			view_chan_detail(v, cc.x_det, y, cc.w_det, c);
		y++;
		if (pl->chan2) {
			view_chan_detail(v, cc.x_g + 1, y,
			    v->cols - 2 - cc.x_g, c);
			y++;
		}
		view_chan_drawn(v, i, y0, y - y0);
	}
	return y;
}

/*
 * Space before column k: numbers are right-aligned and pad themselves, the
 * badge is a pill with its own padding; text columns get two.
 */
static int
view_col_gap(const struct view_col *col, int k)
{
	if (k == PC_NAME)
		return 0;
	if (col[k].right || k == PC_STATE)
		return 1;
	return 2;
}

/* Process columns: widths from every process, so scrolling keeps them still. */
static void
view_proc_cols(const struct view *v, struct view_col *col)
{
	const struct model	*m = v->m;
	const struct model_proc	*p;
	char			 buf[VIEW_TEXT];
	enum style		 st;
	uint64_t		 bytes, msgs;
	int			 i, w, total, worst, k, x;
	bool			 reads = false, threads = false;

	static const struct view_col defaults[PC_COUNT] = {
		[PC_NAME] =	{ "process", 0, false, true, 7, 0 },
		[PC_PID] =	{ "pid", 7, true, true, 3, 0 },
		[PC_STATE] =	{ "state", 0, false, true, 8, 0 },
		[PC_IN] =	{ "in", 5, true, true, 9, 0 },
		[PC_OUT] =	{ "out", 4, true, true, 9, 0 },
		[PC_MOVED] =	{ "moved", 6, true, true, 5, 0 },
		[PC_MSGS] =	{ "msgs", 8, true, true, 4, 0 },
		[PC_CHECK] =	{ "check", 3, false, true, 2, 0 },
		[PC_KERNEL] =	{ "kernel", 9, false, true, 6, 0 },
	};

	memcpy(col, defaults, sizeof defaults);
	for (i = 0; i < m->nprocs; i++) {
		p = &m->procs[i];
		if ((w = view_width(v, view_str(p->name))) > col[PC_NAME].w)
			col[PC_NAME].w = w;
		snprintf(buf, sizeof buf, "%ld", (long)p->pid);
		if ((w = (int)strlen(buf)) > col[PC_PID].w)
			col[PC_PID].w = w;
		view_fmt_badge(m, p, buf, sizeof buf, &st);
		if (p->thread.name != NULL)
			threads = true;
		if ((w = view_width(v, buf) + 2) > col[PC_STATE].w)
			col[PC_STATE].w = w;
		/*
		 * Rates are sized by the largest of the recent past too, so
		 * columns do not jump each time a rate gains a digit.
		 */
		view_fmt_bps(buf, sizeof buf, p->in_bps);
		if ((w = (int)strlen(buf)) > col[PC_IN].w)
			col[PC_IN].w = w;
		view_fmt_bps(buf, sizeof buf, hist_max(&p->in_hist));
		if ((w = (int)strlen(buf)) > col[PC_IN].w)
			col[PC_IN].w = w;
		view_fmt_bps(buf, sizeof buf, p->out_bps);
		if ((w = (int)strlen(buf)) > col[PC_OUT].w)
			col[PC_OUT].w = w;
		view_fmt_bps(buf, sizeof buf, hist_max(&p->out_hist));
		if ((w = (int)strlen(buf)) > col[PC_OUT].w)
			col[PC_OUT].w = w;
		view_proc_moved(m, i, &bytes, &msgs);
		view_fmt_bytes(buf, sizeof buf, (double)bytes);
		if ((w = (int)strlen(buf)) > col[PC_MOVED].w)
			col[PC_MOVED].w = w;
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)msgs);
		if ((w = (int)strlen(buf)) > col[PC_MSGS].w)
			col[PC_MSGS].w = w;
		view_fmt_check(m, i, buf, sizeof buf, &st);
		if ((w = (int)strlen(buf)) > col[PC_CHECK].w)
			col[PC_CHECK].w = w;
		if (buf[0] != '\0')
			reads = true;
		view_fmt_kernel(p, buf, sizeof buf);
		if ((w = view_width(v, buf)) > col[PC_KERNEL].w)
			col[PC_KERNEL].w = w;
	}
	if (col[PC_NAME].w > 20)
		col[PC_NAME].w = 20;
	/* A helper thread's state follows the main one's: room for both. */
	if (col[PC_STATE].w > (threads ? 64 : 36))
		col[PC_STATE].w = threads ? 64 : 36;
	if (col[PC_KERNEL].w > 28)
		col[PC_KERNEL].w = 28;
	col[PC_CHECK].on = reads;

	/* Drop the least important columns until the row fits. */
	for (;;) {
		total = 3;
		worst = -1;
		for (k = 0; k < PC_COUNT; k++) {
			if (!col[k].on)
				continue;
			total += col[k].w + view_col_gap(col, k);
			if (col[k].drop > 0 && (worst < 0 ||
			    col[k].drop > col[worst].drop))
				worst = k;
		}
		if (total <= v->cols - 1 || worst < 0)
			break;
		col[worst].on = false;
	}
	/* Still too wide: the badge gives way, then the name. */
	if (total > v->cols - 1) {
		w = col[PC_STATE].w - (total - (v->cols - 1));
		col[PC_STATE].w = w < 9 ? 9 : w;
		total = 3 + col[PC_NAME].w + 2 + col[PC_STATE].w;
		if (total > v->cols - 1) {
			w = col[PC_NAME].w - (total - (v->cols - 1));
			col[PC_NAME].w = w < 3 ? 3 : w;
		}
	}
	x = 3;
	for (k = 0; k < PC_COUNT; k++) {
		if (!col[k].on)
			continue;
		x += view_col_gap(col, k);
		col[k].x = x;
		x += col[k].w;
	}
}

static void
view_proc_row(struct view *v, int y, int i, const struct view_col *col)
{
	const struct model		*m = v->m;
	const struct model_proc		*p = &m->procs[i];
	char				 buf[VIEW_TEXT];
	enum style			 st, base;
	uint64_t			 bytes, msgs;
	bool				 sel = (i == v->vs->selected);

	view_map_add(v, VIEW_HIT_PROC, i, 0, y, v->cols, 1);
	base = sel ? ST_SELECTED : ST_NORMAL;
	if (sel) {
		grid_fill(v->g, 0, y, v->cols, ' ', ST_SELECTED);
		view_puts(v, 1, y, ST_SELECTED, 1, v->gl->marker);
	}
	view_field(v, col[PC_NAME].x, y, base, col[PC_NAME].w, AL_LEFT,
	    view_str(p->name));
	if (col[PC_PID].on) {
		if (p->pid > 0)
			snprintf(buf, sizeof buf, "%ld", (long)p->pid);
		else
			snprintf(buf, sizeof buf, "-");
		view_field(v, col[PC_PID].x, y, sel ? base : ST_DIM,
		    col[PC_PID].w, AL_RIGHT, buf);
	}
	view_fmt_badge(m, p, buf, sizeof buf, &st);
	/* The badge is a pill: a cell of padding each side, in its colour. */
	grid_put(v->g, col[PC_STATE].x, y, ' ', st);
	grid_put(v->g, col[PC_STATE].x + 1 +
	    view_field(v, col[PC_STATE].x + 1, y, st, col[PC_STATE].w - 2,
	    AL_LEFT, buf), y, ' ', st);
	if (col[PC_IN].on) {
		if (view_proc_reads(m, i))
			view_fmt_bps(buf, sizeof buf, p->in_bps);
		else
			snprintf(buf, sizeof buf, "-");
		view_field(v, col[PC_IN].x, y, base, col[PC_IN].w, AL_RIGHT,
		    buf);
	}
	if (col[PC_OUT].on) {
		if (view_proc_writes(m, i))
			view_fmt_bps(buf, sizeof buf, p->out_bps);
		else
			snprintf(buf, sizeof buf, "-");
		view_field(v, col[PC_OUT].x, y, base, col[PC_OUT].w, AL_RIGHT,
		    buf);
	}
	view_proc_moved(m, i, &bytes, &msgs);
	if (col[PC_MOVED].on)
		view_field(v, col[PC_MOVED].x, y, base, col[PC_MOVED].w,
		    AL_RIGHT, view_fmt_bytes(buf, sizeof buf, (double)bytes));
	if (col[PC_MSGS].on) {
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)msgs);
		view_field(v, col[PC_MSGS].x, y, base, col[PC_MSGS].w,
		    AL_RIGHT, buf);
	}
	if (col[PC_CHECK].on) {
		view_fmt_check(m, i, buf, sizeof buf, &st);
		view_field(v, col[PC_CHECK].x, y, st, col[PC_CHECK].w,
		    AL_LEFT, buf);
	}
	if (col[PC_KERNEL].on)
		view_field(v, col[PC_KERNEL].x, y, sel ? base : ST_DIM,
		    col[PC_KERNEL].w, AL_LEFT, view_fmt_kernel(p, buf,
		    sizeof buf));
}

/* The first process row shown: keeps the selection in view, centred. */
static int
view_proc_top(const struct view *v, int shown)
{
	int	sel = v->vs->selected, n = v->m->nprocs, top;

	if (shown >= n || sel < 0)
		return 0;
	if (sel >= n)
		sel = n - 1;
	top = sel - shown / 2;
	if (top > n - shown)
		top = n - shown;
	return top < 0 ? 0 : top;
}

static int
view_procs(struct view *v, int y, const struct view_plan *pl)
{
	const struct model	*m = v->m;
	struct view_col		 col[PC_COUNT];
	char			 title[64];
	int			 i, k, top;

	view_proc_cols(v, col);
	top = view_proc_top(v, pl->procs);
	view_rule(v, y, NULL);
	if (pl->procs < m->nprocs) {
		/* Placed first: knowing there is more matters most. */
		snprintf(title, sizeof title, "%d-%d of %d", top + 1,
		    top + pl->procs, m->nprocs);
		view_rule_label(v, y, 0, v->cols - 2, true, title);
	}
	for (k = 0; k < PC_COUNT; k++) {
		if (col[k].on && col[k].label != NULL)
			view_rule_label(v, y, col[k].x + (k == PC_STATE),
			    col[k].w, col[k].right, col[k].label);
	}
	y++;
	for (i = top; i < top + pl->procs && i < m->nprocs; i++)
		view_proc_row(v, y++, i, col);
	return y;
}

static void
view_spark(struct view *v, int x, int y, int w, const struct hist *h,
    double scale, enum style st)
{
	double	val;
	int	i, age, level;

	for (i = 0; i < w; i++) {
		age = w - 1 - i;
		if (age >= h->n)
			continue;	/* no sample yet */
		val = hist_at(h, age);
		if (isnan(val)) {
			grid_put(v->g, x + i, y, '?', ST_DIM);
			continue;
		}
		if (val <= 0 || scale <= 0)
			continue;	/* nothing flowed: nothing drawn */
		level = (int)ceil(val / scale * 8);
		if (level < 1)
			level = 1;
		if (level > 8)
			level = 8;
		grid_put(v->g, x + i, y, v->gl->spark[level - 1], st);
	}
}

/*
 * The largest of the newest n samples: the scale of what is on screen, so a
 * burst that has scrolled away does not flatten what is left.
 */
static double
view_hist_max(const struct hist *h, int n)
{
	double	max = 0, val;
	int	age;

	for (age = 0; age < n && age < h->n; age++) {
		val = hist_at(h, age);
		if (!isnan(val) && val > max)
			max = val;
	}
	return max;
}

/* One throughput row: name, in sparkline and rate, out sparkline and rate. */
static void
view_spark_row(struct view *v, int y, int namew, int sw, const char *name,
    const struct hist *in, double in_bps, bool has_in,
    const struct hist *out, double out_bps, bool has_out)
{
	char	buf[64];
	double	scale, a, b;
	int	x;

	/* One scale for both, so in and out compare by height. */
	a = has_in ? view_hist_max(in, sw) : 0;
	b = has_out ? view_hist_max(out, sw) : 0;
	scale = a > b ? a : b;
	view_field(v, 1, y, ST_NORMAL, namew, AL_LEFT, name);
	x = 1 + namew + 2;
	if (has_in) {
		view_spark(v, x, y, sw, in, scale, ST_SPARK_IN);
		view_field(v, x + sw + 1, y, ST_SPARK_IN, 12, AL_RIGHT,
		    view_fmt_bps(buf, sizeof buf, in_bps));
	} else
		view_field(v, x + sw + 1, y, ST_DIM, 12, AL_RIGHT, "-");
	x += sw + 1 + 12 + 3;
	if (has_out) {
		view_spark(v, x, y, sw, out, scale, ST_SPARK_OUT);
		view_field(v, x + sw + 1, y, ST_SPARK_OUT, 12, AL_RIGHT,
		    view_fmt_bps(buf, sizeof buf, out_bps));
	} else
		view_field(v, x + sw + 1, y, ST_DIM, 12, AL_RIGHT, "-");
}

static int
view_throughput(struct view *v, int y, const struct view_plan *pl)
{
	const struct model	*m = v->m;
	const struct model_chan	*c;
	const struct model_proc	*p;
	int			 i, namew = 4, w, sw, x;

	for (i = 0; i < m->nchans; i++) {
		if ((w = view_width(v, view_str(m->chans[i].name))) > namew)
			namew = w;
	}
	for (i = 0; i < pl->spark_procs; i++) {
		if ((w = view_width(v, view_str(m->procs[i].name))) > namew)
			namew = w;
	}
	if (namew > 16)
		namew = 16;
	sw = (v->cols - 1 - namew - 2 - 2 * (1 + 12) - 3 - 1) / 2;
	if (sw > MODEL_HISTORY)
		sw = MODEL_HISTORY;
	view_rule(v, y, "throughput");
	x = 1 + namew + 2;
	view_rule_label(v, y, x, sw + 13, true, "in");
	view_rule_label(v, y, x + sw + 13 + 3, sw + 13, true, "out");
	y++;
	for (i = 0; i < m->nchans; i++) {
		c = &m->chans[i];
		view_spark_row(v, y++, namew, sw, view_str(c->name),
		    &c->in_hist, c->in_bps, true, &c->out_hist, c->out_bps,
		    true);
	}
	for (i = 0; i < pl->spark_procs; i++) {
		p = &m->procs[i];
		view_spark_row(v, y++, namew, sw, view_str(p->name),
		    &p->in_hist, p->in_bps, view_proc_reads(m, i),
		    &p->out_hist, p->out_bps, view_proc_writes(m, i));
	}
	return y;
}

/* Recent events, oldest first so the list reads like a log. */
static int
view_events(struct view *v, int y, const struct view_plan *pl)
{
	const struct model		*m = v->m;
	const struct model_event	*e;
	const char			*who;
	enum style			 st;
	char				 t[32];
	int				 i, n, namew = 8, w, x;
	int				 ages[MODEL_EVENTS];

	for (i = 0; i < m->nprocs; i++) {
		if ((w = view_width(v, view_str(m->procs[i].name))) > namew)
			namew = w;
	}
	if (namew > 16)
		namew = 16;
	view_rule(v, y++, "events");
	/* The newest pl->events, leaving out cues: their text is the
	   caption already. */
	for (i = 0, n = 0; n < pl->events && i < MODEL_EVENTS; i++) {
		if ((e = model_event_at(m, i)) == NULL)
			break;
		if (strcmp(e->what, "cue") != 0)
			ages[n++] = i;
	}
	while (n-- > 0) {
		e = model_event_at(m, ages[n]);
		who = (e->proc >= 0 && e->proc < m->nprocs) ?
		    view_str(m->procs[e->proc].name) : "ipcscope";
		if (strcmp(e->what, "error") == 0 ||
		    strcmp(e->what, "signal") == 0 ||
		    strcmp(e->what, "kill") == 0)
			st = ST_ERROR;
		else
			st = ST_NORMAL;
		snprintf(t, sizeof t, "%.1fs", e->t);
		view_field(v, 1, y, ST_DIM, 7, AL_RIGHT, t);
		x = 10;
		view_field(v, x, y, ST_NORMAL, namew, AL_LEFT, who);
		x += namew + 2;
		view_field(v, x, y, st, 8, AL_LEFT, e->what);
		x += 10;
		view_field(v, x, y, ST_DIM, v->cols - 1 - x, AL_LEFT,
		    e->detail);
		y++;
	}
	return y;
}

static void
view_caption_draw(struct view *v, int y, const struct view_plan *pl,
    char lines[][VIEW_TEXT], const char *title, enum style st)
{
	int	i, x = 3, w = v->cols - 6;

	if (pl->cap_box) {
		view_box(v, 1, y, v->cols - 2, pl->cap_lines + 2, ST_DIM,
		    title);
		y++;
	}
	for (i = 0; i < pl->cap_lines; i++)
		view_puts(v, x, y + i, st, w, lines[i]);
}

static const struct {
	const char	*name;
	enum style	 st;
} view_help_legend[] = {
	{ "RUNNING", ST_BADGE_RUNNING },
	{ "BLOCKED", ST_BADGE_BLOCKED },
	{ "WAITING", ST_BADGE_WAITING },
	{ "PAUSED", ST_BADGE_PAUSED },
	{ "DONE", ST_BADGE_DONE },
	{ "FAILED", ST_BADGE_FAILED },
};

static const char *view_help_meaning[] = {
	"BLOCKED: inside an IPC call, the kernel confirms it sleeps",
	"WAITING: sleeping on purpose (start delay, rate limit, a cue)",
};

/*
 * The state legend as pills flowing over lines of w columns from (x, y);
 * returns the lines used. With draw false it only counts.
 */
static int
view_help_flow_legend(struct view *v, int x, int y, int w, bool draw)
{
	size_t	n;
	int	lx = 0, lines = 1, lw;

	for (n = 0; n < nitems(view_help_legend); n++) {
		lw = (int)strlen(view_help_legend[n].name) + 2;
		if (lx > 0 && lx + lw > w) {
			lx = 0;
			lines++;
		}
		if (draw) {
			grid_fill(v->g, x + lx, y + lines - 1, lw, ' ',
			    view_help_legend[n].st);
			view_puts(v, x + lx + 1, y + lines - 1,
			    view_help_legend[n].st, lw - 2,
			    view_help_legend[n].name);
		}
		lx += lw + 1;
	}
	return lines;
}

/* Compact keys, "p pause  k kill ...", flowing like the legend. */
static int
view_help_flow_keys(struct view *v, int x, int y, int w, bool draw)
{
	const char	*k, *b;
	size_t		 n;
	int		 lx = 0, lines = 1, kw, iw;

	for (n = 0; n < (size_t)keys_count; n++) {
		k = v->ascii ? keys_table[n].alabel : keys_table[n].label;
		b = keys_brief(&keys_table[n], v->vs->replay[0] != '\0');
		kw = view_width(v, k);
		iw = kw + 1 + (int)strlen(b);
		if (lx > 0 && lx + iw > w) {
			lx = 0;
			lines++;
		}
		if (draw) {
			view_puts(v, x + lx, y + lines - 1, ST_KEY, kw, k);
			view_puts(v, x + lx + kw + 1, y + lines - 1, ST_NORMAL,
			    w - lx - kw - 1, b);
		}
		lx += iw + 2;
	}
	return lines;
}

/*
 * The help overlay: every key and a legend of the states, in a centred
 * box. A full table when there is room, else the same keys flowed
 * compactly, so even 40x10 lists them all.
 */
static void
view_help(struct view *v)
{
	const char	*k;
	size_t		 n;
	int		 w, h, x, y, iw, i, nmean, nlegend, nkeys, ly, room;
	int		 blank, hint;
	bool		 full;

	w = v->cols - 4 < 66 ? v->cols - 4 : 66;
	iw = w - 4;
	room = v->rows - 2 - 2;		/* inside the border, off the footer */
	nlegend = view_help_flow_legend(v, 0, 0, iw, false);
	full = iw >= 50 && keys_count + nlegend + 2 <= room;
	if (full)
		nkeys = keys_count;
	else
		nkeys = view_help_flow_keys(v, 0, 0, iw, false);
	/* Keys and legend first; a blank, the hint and meanings if they fit. */
	room -= nkeys + nlegend;
	blank = room-- >= 1;
	hint = room-- >= 1;
	nmean = full && room >= (int)nitems(view_help_meaning) ?
	    (int)nitems(view_help_meaning) : 0;
	h = nkeys + blank + nlegend + nmean + hint + 2;
	if (h > v->rows)
		h = v->rows;
	x = (v->cols - w) / 2;
	y = (v->rows - h) / 2;
	for (i = 0; i < h; i++)
		grid_fill(v->g, x, y + i, w, ' ', ST_NORMAL);
	view_map_add(v, VIEW_HIT_NONE, -1, x, y, w, h);
	view_box(v, x, y, w, h, ST_HEADING, "help");
	if (full) {
		for (n = 0; n < (size_t)keys_count; n++) {
			k = v->ascii ? keys_table[n].alabel : keys_table[n].label;
			view_puts(v, x + 2, y + 1 + (int)n, ST_KEY, 16, k);
			view_puts(v, x + 19, y + 1 + (int)n, ST_NORMAL,
			    iw - 17, keys_help(&keys_table[n],
			    v->vs->replay[0] != '\0'));
		}
	} else
		view_help_flow_keys(v, x + 2, y + 1, iw, true);
	ly = y + 1 + nkeys + blank;
	if (ly + nlegend <= y + h - 1)
		view_help_flow_legend(v, x + 2, ly, iw, true);
	for (i = 0; i < nmean; i++)
		view_puts(v, x + 2, ly + nlegend + i, ST_DIM, iw,
		    view_help_meaning[i]);
	if (hint)
		view_field(v, x + 1, y + h - 2, ST_DIM, w - 2, AL_CENTRE,
		    "press ? or esc to close");
}

/* e: why the selected process (or channel) is where it is, in a box. */
static void
view_explain(struct view *v)
{
	const struct view_state	*vs = v->vs;
	char			 text[2048], lines[16][VIEW_TEXT];
	char			 title[96];
	int			 w, h, x, y, iw, i, n, max;
	bool			 chan = vs->chan_selected;

	w = v->cols - 4 < 90 ? v->cols - 4 : 90;
	iw = w - 4;
	if (chan)
		explain_chan(v->m, vs->selected_chan, text, sizeof text);
	else
		explain_proc(v->m, vs->selected, text, sizeof text);
	max = v->rows - 6 < 16 ? v->rows - 6 : 16;
	if (max < 1)
		return;
	n = view_wrap(v, text, iw, lines, max);
	h = n + 4;
	x = (v->cols - w) / 2;
	y = (v->rows - h) / 2;
	for (i = 0; i < h; i++)
		grid_fill(v->g, x, y + i, w, ' ', ST_NORMAL);
	view_map_add(v, VIEW_HIT_NONE, -1, x, y, w, h);
	if (chan)
		snprintf(title, sizeof title, "explain %s",
		    vs->selected_chan >= 0 && vs->selected_chan < v->m->nchans ?
		    view_str(v->m->chans[vs->selected_chan].name) : "");
	else
		snprintf(title, sizeof title, "explain %s", vs->selected >= 0 &&
		    vs->selected < v->m->nprocs ?
		    view_str(v->m->procs[vs->selected].name) : "");
	view_box(v, x, y, w, h, ST_HEADING, title);
	for (i = 0; i < n; i++)
		view_puts(v, x + 2, y + 1 + i, ST_NORMAL, iw, lines[i]);
	view_field(v, x + 1, y + h - 2, ST_DIM, w - 2, AL_CENTRE,
	    "live numbers; e or esc to close");
}

/*
 * The picker: a box with one scenario per line (name and title), the
 * selected one highlighted and scrolled into view, and its about text
 * wrapped below.
 */
static void
view_picker(struct view *v)
{
	const struct view_state	*vs = v->vs;
	char			 lines[4][VIEW_TEXT], buf[VIEW_TEXT];
	int			 w, h, x, y, iw, i, top, nl, rows, nabout;

	w = v->cols - 4 < 96 ? v->cols - 4 : 96;
	iw = w - 4;
	h = v->rows - 2;
	x = (v->cols - w) / 2;
	y = 1;
	for (i = 0; i < h; i++)
		grid_fill(v->g, x, y + i, w, ' ', ST_NORMAL);
	view_map_add(v, VIEW_HIT_NONE, -1, x, y, w, h);
	view_box(v, x, y, w, h, ST_HEADING, "scenarios");
	nabout = h >= 14 ? 4 : (h >= 10 ? 2 : 0);
	rows = h - 2 - (nabout > 0 ? nabout + 1 : 0) - 1;
	if (rows < 1)
		rows = 1;
	top = vs->picker_sel - rows / 2;
	if (top > vs->picker_n - rows)
		top = vs->picker_n - rows;
	if (top < 0)
		top = 0;
	for (i = 0; i < rows && top + i < vs->picker_n; i++) {
		int		k = top + i;
		enum style	st = k == vs->picker_sel ? ST_SELECTED : ST_NORMAL;

		grid_fill(v->g, x + 1, y + 1 + i, w - 2, ' ', st);
		snprintf(buf, sizeof buf, "%s %-20s %s", k == vs->picker_sel ?
		    v->gl->marker : " ", vs->picker_names[k],
		    vs->picker_titles[k] != NULL ? vs->picker_titles[k] : "");
		view_puts(v, x + 1, y + 1 + i, st, w - 2, buf);
	}
	if (nabout > 0 && vs->picker_sel >= 0 && vs->picker_sel < vs->picker_n &&
	    vs->picker_abouts[vs->picker_sel] != NULL) {
		view_hline(v, x + 1, y + 1 + rows, w - 2, ST_DIM);
		nl = view_wrap(v, vs->picker_abouts[vs->picker_sel], iw, lines,
		    nabout);
		for (i = 0; i < nl; i++)
			view_puts(v, x + 2, y + 2 + rows + i, ST_DIM, iw,
			    lines[i]);
	}
	view_field(v, x + 1, y + h - 2, ST_DIM, w - 2, AL_CENTRE,
	    v->ascii ? "up/down choose, enter play, esc close" :
	    "\u2191\u2193 choose  enter play  esc close");
}

static void
view_too_small(struct view *v)
{
	char	buf[64];
	int	y = v->rows / 2;

	snprintf(buf, sizeof buf, "terminal too small: need %dx%d",
	    VIEW_MIN_COLS, VIEW_MIN_ROWS);
	if (view_width(v, buf) <= v->cols) {
		view_field(v, 0, y, ST_ERROR, v->cols, AL_CENTRE, buf);
		return;
	}
	/* Narrower than the sentence: say it on two lines. */
	view_field(v, 0, y - 1, ST_ERROR, v->cols, AL_CENTRE,
	    "terminal too small:");
	snprintf(buf, sizeof buf, "need %dx%d", VIEW_MIN_COLS, VIEW_MIN_ROWS);
	view_field(v, 0, y, ST_ERROR, v->cols, AL_CENTRE, buf);
}

/* On top of either layout: the picker, the explain panel or the help. */
static void
view_overlays(struct view *v)
{
	const struct view_state	*vs = v->vs;

	switch (keys_modal(vs->picker && vs->picker_n > 0, vs->explain,
	    vs->help)) {
	case MODAL_PICKER:
		view_picker(v);
		break;
	case MODAL_EXPLAIN:
		view_explain(v);
		break;
	case MODAL_HELP:
		view_help(v);
		break;
	case MODAL_NONE:
		break;
	}
}

/*
 * --big: the projector layout. Fewer, larger elements for a room that
 * reads the screen from far away: the title, each channel as a bar several
 * rows tall with its numbers in plain text beside it, one line per process
 * saying its state in words, one rate per channel and a large caption at
 * the bottom. The small print (pids, the kernel's view, counters,
 * sparklines, events) stays in the normal layout. Rows are handed out by
 * priority as in view_plan(), so that 80x24 still shows every part.
 */

#define BIG_CAPTION_MAX	5	/* caption lines */
#define BIG_BAR_ROWS	5	/* rows of a channel's bar, at most */
#define BIG_NAME_MAX	24	/* process name column, at most */

/* One process line: a process, a pool of replicas, or "+N more". */
struct view_big_line {
	int	first;		/* proc index; for "+N more", N */
	int	n;		/* processes on the line; 0: "+N more" */
};

struct view_big_plan {
	int	chans;		/* channels shown */
	bool	chans_more;	/* and a "+N more" line after them */
	int	bar;		/* rows per bar */
	int	chan_gap;	/* blank rows after each channel */
	int	lines;		/* process lines (rule not counted) */
	int	proc_gap;	/* blank rows between process lines */
	int	gap_top;	/* blank row under the header */
	int	cap_lines;	/* caption text lines */
	int	cap_rows;	/* rows inside the caption's box, >= cap_lines */
};

/* The [process] section a replica comes from, or NULL when unknown. */
static const char *
view_big_base(const struct view *v, int i)
{
	const struct scenario	*sc = v->m->sc;

	if (sc == NULL || sc->procs == NULL || i < 0 || i >= sc->nprocs)
		return NULL;
	return sc->procs[i].base;
}

/*
 * The process lines for at most max rows: one per process when they fit;
 * else the replicas of one [process] collapse into a pool line ("worker
 * x3"); else a window of lines around the selection and a last "+N more".
 * Returns the lines written to out (room for SCENARIO_MAX_PROCS + 1).
 */
static int
view_big_lines(const struct view *v, int max, struct view_big_line *out)
{
	const struct model	*m = v->m;
	const char		*base, *b;
	int			 n, i, j, k, shown, top, sel, hidden;

	n = m->nprocs < SCENARIO_MAX_PROCS ? m->nprocs : SCENARIO_MAX_PROCS;
	if (max <= 0 || n == 0)
		return 0;
	if (n <= max) {
		for (i = 0; i < n; i++) {
			out[i].first = i;
			out[i].n = 1;
		}
		return n;
	}
	k = 0;
	for (i = 0; i < n; i = j) {
		base = view_big_base(v, i);
		for (j = i + 1; j < n && base != NULL; j++) {
			if ((b = view_big_base(v, j)) == NULL ||
			    strcmp(b, base) != 0)
				break;
		}
		out[k].first = i;
		out[k].n = j - i;
		k++;
	}
	if (k <= max)
		return k;
	shown = max > 1 ? max - 1 : 1;
	sel = 0;
	for (i = 0; i < k; i++) {
		if (v->vs->selected >= out[i].first &&
		    v->vs->selected < out[i].first + out[i].n)
			sel = i;
	}
	top = sel - shown / 2;
	if (top > k - shown)
		top = k - shown;
	if (top < 0)
		top = 0;
	memmove(out, out + top, (size_t)shown * sizeof *out);
	hidden = n;
	for (i = 0; i < shown; i++)
		hidden -= out[i].n;
	if (shown == max)
		return shown;
	out[shown].first = hidden;
	out[shown].n = 0;
	return shown + 1;
}

/* Hand rows to the parts by priority; see the comment above. */
static void
view_big_plan(const struct view *v, int cap_need, struct view_big_plan *pl)
{
	struct view_big_line	 lines[SCENARIO_MAX_PROCS + 1];
	const struct model	*m = v->m;
	int			 left = v->rows - 3;	/* header, slot, footer */
	int			 used;

	memset(pl, 0, sizeof *pl);
#define TAKE(n) ((n) <= left ? (left -= (n), 1) : 0)
	if (m->nchans > 0 && TAKE(2)) {
		pl->chans = 1;
		pl->bar = 1;
	}
	if (m->nprocs > 0 && TAKE(2))
		pl->lines = 1;
	if (cap_need > 0 && TAKE(3))
		pl->cap_lines = 1;
	if (pl->cap_lines > 0 && cap_need > 1 && TAKE(1))
		pl->cap_lines++;
	while (pl->chans > 0 && pl->chans < m->nchans && TAKE(2))
		pl->chans++;
	/* Say how many are left out, at the cost of one more if need be. */
	if (pl->chans > 0 && pl->chans < m->nchans) {
		if (TAKE(1))
			pl->chans_more = true;
		else if (pl->chans > 1) {
			pl->chans--;
			left += 2 - 1;
			pl->chans_more = true;
		}
	}
	while (pl->lines > 0 && pl->lines < m->nprocs && TAKE(1))
		pl->lines++;
	/* Pools may need fewer lines than were given: give the rest back. */
	if (pl->lines > 0) {
		used = view_big_lines(v, pl->lines, lines);
		left += pl->lines - used;
		pl->lines = used;
	}
	while (pl->cap_lines > 0 && pl->cap_lines < cap_need && TAKE(1))
		pl->cap_lines++;
	if (pl->chans > 0 && pl->bar < 2 && TAKE(pl->chans))
		pl->bar = 2;
	if (pl->lines > 1 && TAKE(pl->lines - 1))
		pl->proc_gap = 1;
	if (pl->chans > 0 && TAKE(pl->chans))
		pl->chan_gap = 1;
	while (pl->chans > 0 && pl->bar < 3 && TAKE(pl->chans))
		pl->bar++;
	if (TAKE(1))
		pl->gap_top = 1;
	/* A caption area that keeps its size as the cues change. */
	pl->cap_rows = pl->cap_lines;
	while (pl->cap_rows > 0 && pl->cap_rows < BIG_CAPTION_MAX - 1 &&
	    TAKE(1))
		pl->cap_rows++;
	/* Rows to spare: taller bars. */
	while (pl->chans > 0 && pl->bar < BIG_BAR_ROWS && TAKE(pl->chans))
		pl->bar++;
#undef TAKE
}

/* "64.0 / 64.0 KiB": the normal layout's numbers, spaced out. */
static char *
view_big_fmt_fill(char *buf, size_t len, const struct model_chan *c)
{
	char	tmp[96], *slash;

	view_fmt_fill(tmp, sizeof tmp, c);
	if ((slash = strchr(tmp, '/')) == NULL) {
		snprintf(buf, len, "%s", tmp);
		return buf;
	}
	*slash = '\0';
	snprintf(buf, len, "%s / %s", tmp, slash + 1);
	return buf;
}

/* "100% full", "no limit" or "?". */
static char *
view_big_fmt_pct(char *buf, size_t len, const struct model_chan *c)
{
	char	pct[16];

	view_fmt_pct(pct, sizeof pct, c);
	if (pct[0] == '\0')
		snprintf(buf, len, "no limit");
	else if (strcmp(pct, "?") == 0)
		snprintf(buf, len, "?");
	else
		snprintf(buf, len, "%s full", pct);
	return buf;
}

/*
 * The channel's one rate: what its readers take out, or, when it has
 * none, what its writers put in (a file nobody reads still grows).
 */
static char *
view_big_fmt_rate(char *buf, size_t len, const struct model_chan *c)
{
	char	bps[32];

	if (c->nreaders > 0)
		snprintf(buf, len, "out %s", view_fmt_bps(bps, sizeof bps,
		    c->out_bps));
	else
		snprintf(buf, len, "in %s", view_fmt_bps(bps, sizeof bps,
		    c->in_bps));
	return buf;
}

/* "3.2 s", "12 s", "1m05s": durations a room can read. */
static char *
view_big_fmt_dur(char *buf, size_t len, double s)
{
	if (isnan(s) || s < 0)
		snprintf(buf, len, "?");
	else if (s < 9.95)
		snprintf(buf, len, "%.1f s", s);
	else if (s < 59.5)
		snprintf(buf, len, "%.0f s", s);
	else
		snprintf(buf, len, "%dm%02ds", (int)(s + 0.5) / 60,
		    (int)(s + 0.5) % 60);
	return buf;
}

/* The numbers beside the bars: as wide as the widest of them. */
static int
view_big_num_w(const struct view *v, int n)
{
	char	buf[VIEW_TEXT];
	int	i, w, numw = 10;

	for (i = 0; i < n; i++) {
		const struct model_chan *c = &v->m->chans[i];

		if ((w = view_width(v, view_big_fmt_fill(buf, sizeof buf,
		    c))) > numw)
			numw = w;
		if ((w = view_width(v, view_big_fmt_pct(buf, sizeof buf,
		    c))) > numw)
			numw = w;
		if ((w = view_width(v, view_big_fmt_rate(buf, sizeof buf,
		    c))) > numw)
			numw = w;
	}
	return numw > v->cols / 2 ? v->cols / 2 : numw;
}

/*
 * One channel: a line with its name, kind and ends in words, then its bar,
 * bar rows tall, with fill, share and rate beside it. Returns the next row.
 */
static int
view_big_chan(struct view *v, int y, int i, int bar, int numw)
{
	const struct model	*m = v->m;
	const struct model_chan	*c = &m->chans[i];
	char			 buf[VIEW_TEXT], wr[VIEW_TEXT], rd[VIEW_TEXT];
	const char		*nums[3];
	char			 fill[128], pct[32], rate[48];
	double			 f = view_frac(c);
	enum style		 nst = f < 0 ? ST_NORMAL : view_gauge_style(f);
	int			 x, r, xn, w, endw, off;

	/* pipe  (pipe)   written by writer, read by reader */
	x = 2;
	x += view_field(v, x, y, ST_NORMAL, v->cols / 3, AL_LEFT,
	    view_str(c->name));
	x += 2;
	snprintf(buf, sizeof buf, "(%s)", view_str(c->kind));
	x += view_puts(v, x, y, ST_DIM, v->cols - 1 - x, buf);
	x += 3;
	endw = (v->cols - 1 - x) / 2 - 12;
	if (endw < 8)
		endw = 8;
	view_fmt_ends(v, wr, sizeof wr, c->writers, c->nwriters, endw,
	    "writers");
	view_fmt_ends(v, rd, sizeof rd, c->readers, c->nreaders, endw,
	    "readers");
	snprintf(buf, sizeof buf, "written by %s, read by %s",
	    c->nwriters > 0 ? wr : "nobody", c->nreaders > 0 ? rd : "nobody");
	xn = v->cols - 1 - numw;
	view_field(v, x, y, ST_NORMAL, (bar == 1 ? xn - 2 : v->cols - 1) - x,
	    AL_LEFT, buf);
	y++;

	/* The bar, and its numbers: fill, share, rate, as rows allow. */
	w = xn - 2 - 2;
	view_big_fmt_fill(fill, sizeof fill, c);
	view_big_fmt_pct(pct, sizeof pct, c);
	view_big_fmt_rate(rate, sizeof rate, c);
	/* Short bars drop the share (the bar is the share), then move the
	   rate up to the name line. */
	nums[0] = fill;
	nums[1] = bar >= 3 ? pct : rate;
	nums[2] = bar >= 3 ? rate : NULL;
	/* The numbers sit in the middle of a bar taller than them. */
	off = bar > 3 ? (bar - 3) / 2 : 0;
	for (r = 0; r < bar; r++) {
		/* Words ("?", "grows, no limit") once, in the middle. */
		if (r == bar / 2 || (!c->unbounded && f >= 0))
			view_gauge(v, 2, y + r, w, c);
		else {
			view_puts(v, 2, y + r, ST_GAUGE_EMPTY, 1, v->gl->cap_l);
			grid_fill(v->g, 3, y + r, w - 2, (v->color &&
			    !v->ascii) ? ' ' : v->gl->empty, ST_GAUGE_EMPTY);
			view_puts(v, 2 + w - 1, y + r, ST_GAUGE_EMPTY, 1,
			    v->gl->cap_r);
		}
		if (r >= off && r - off < 3 && nums[r - off] != NULL)
			view_field(v, xn, y + r, nums[r - off] == rate ?
			    ST_NORMAL : nst, numw, AL_LEFT, nums[r - off]);
	}
	/* A one-row bar: the rate goes on the name line. */
	if (bar == 1)
		view_field(v, xn, y - 1, ST_NORMAL, numw, AL_LEFT, rate);
	view_chan_drawn(v, i, y - 1, 1 + bar);
	return y + bar;
}

/* The badges, as in the normal layout. */
static const struct {
	const char	*word;
	enum style	 st;
} view_big_badges[PS_COUNT] = {
	[PS_STARTING] =	{ "STARTING", ST_BADGE_STARTING },
	[PS_RUNNING] =	{ "RUNNING", ST_BADGE_RUNNING },
	[PS_BLOCKED] =	{ "BLOCKED", ST_BADGE_BLOCKED },
	[PS_WAITING] =	{ "WAITING", ST_BADGE_WAITING },
	[PS_PAUSED] =	{ "PAUSED", ST_BADGE_PAUSED },
	[PS_DONE] =	{ "DONE", ST_BADGE_DONE },
	[PS_FAILED] =	{ "FAILED", ST_BADGE_FAILED },
};

/*
 * What follows a process's badge, in words: "in write() on pipe for
 * 3.2 s", "(start delay) for 1.5 s", "killed by SIGPIPE".
 */
static char *
view_big_state(const struct model *m, const struct model_proc *p,
    char *buf, size_t len)
{
	const char	*why;
	char		 dur[32], chan[80] = "";

	buf[0] = '\0';
	if (p->chan >= 0 && p->chan < m->nchans)
		snprintf(chan, sizeof chan, " on %s",
		    view_str(m->chans[p->chan].name));
	switch (p->state) {
	case PS_BLOCKED:
		view_big_fmt_dur(dur, sizeof dur, p->blocked_s);
		snprintf(buf, len, "in %s()%s for %s", p->op != NULL &&
		    *p->op != '\0' ? p->op : "a call", chan, dur);
		break;
	case PS_WAITING:
		view_big_fmt_dur(dur, sizeof dur, p->state_s);
		why = p->op == NULL ? "on purpose" :
		    strcmp(p->op, "start") == 0 ? "start delay" :
		    strcmp(p->op, "rate") == 0 ? "rate limit" :
		    strcmp(p->op, "think") == 0 ? "think time" :
		    strcmp(p->op, "cue") == 0 ? "for a cue to start it" :
		    strcmp(p->op, "closed") == 0 ? "closed its end" : p->op;
		if (p->op != NULL && strcmp(p->op, "closed") == 0 &&
		    p->chan >= 0 && p->chan < m->nchans)
			snprintf(buf, len, "(%s of %s) for %s", why,
			    view_str(m->chans[p->chan].name), dur);
		else
			snprintf(buf, len, "(%s) for %s", why, dur);
		break;
	case PS_PAUSED:
		snprintf(buf, len, "(stopped with SIGSTOP)");
		break;
	case PS_FAILED:
		if (p->detail[0] != '\0')
			snprintf(buf, len, "%s", p->detail);
		else if (p->signal != 0)
			snprintf(buf, len, "killed by %s",
			    util_signame(p->signal));
		else if (p->error != 0)
			snprintf(buf, len, "%s", util_errname(p->error));
		else
			snprintf(buf, len, "exit %d", p->exit_code);
		break;
	default:
		break;
	}
	view_fmt_thread(m, p, buf, len);
	return buf;
}

/* A badge, " WORD ", in its colours; returns the columns used (0: no room). */
static int
view_big_pill(struct view *v, int x, int y, enum style st, int maxw,
    const char *word)
{
	int	w = view_width(v, word) + 2;

	if (w > maxw)
		return 0;
	grid_fill(v->g, x, y, w, ' ', st);
	view_puts(v, x + 1, y, st, w - 2, word);
	return w;
}

/*
 * A pool's states, counted: "3 BLOCKED in write() on work  2 RUNNING"
 * (the call and channel said when every blocked one shares them).
 */
static void
view_big_pool(struct view *v, int x, int y, int first, int n, enum style base)
{
	static const enum proc_state order[] = { PS_BLOCKED, PS_RUNNING,
	    PS_WAITING, PS_PAUSED, PS_STARTING, PS_FAILED, PS_DONE };
	const struct model	*m = v->m;
	const struct model_proc	*p;
	const char		*op = NULL;
	char			 buf[VIEW_TEXT];
	size_t			 o;
	int			 i, count, chan = -1, used;
	bool			 same;

	for (o = 0; o < nitems(order); o++) {
		count = 0;
		same = true;
		for (i = first; i < first + n; i++) {
			p = &m->procs[i];
			if (p->state != order[o])
				continue;
			if (count == 0) {
				op = p->op;
				chan = p->chan;
			} else if (p->chan != chan || p->op == NULL ||
			    op == NULL || strcmp(p->op, op) != 0)
				same = false;
			count++;
		}
		if (count == 0)
			continue;
		snprintf(buf, sizeof buf, "%d %s", count,
		    view_big_badges[order[o]].word);
		if ((used = view_big_pill(v, x, y, view_big_badges[order[o]].st,
		    v->cols - 1 - x, buf)) == 0)
			return;
		x += used;
		if (order[o] == PS_BLOCKED && same && op != NULL) {
			if (chan >= 0 && chan < m->nchans)
				snprintf(buf, sizeof buf, "in %s() on %s", op,
				    view_str(m->chans[chan].name));
			else
				snprintf(buf, sizeof buf, "in %s()", op);
			x += view_puts(v, x, y, base, v->cols - 1 - x, buf);
		}
		x += 2;
	}
}

/* The name of a line: "writer", "worker x3", "+12 more". */
static char *
view_big_line_name(const struct view *v, const struct view_big_line *l,
    char *buf, size_t len)
{
	const char	*base;

	if (l->n == 0)
		snprintf(buf, len, "+%d more", l->first);
	else if (l->n == 1)
		snprintf(buf, len, "%s", view_str(v->m->procs[l->first].name));
	else {
		base = view_big_base(v, l->first);
		snprintf(buf, len, "%s %s%d", view_str(base),
		    v->ascii ? "x" : "\u00d7", l->n);
	}
	return buf;
}

/*
 * One process line: the selection marker, the name, the badge and the
 * state in words; a pool's line counts its members' states.
 */
static void
view_big_proc(struct view *v, int y, const struct view_big_line *l,
    int namew)
{
	const struct model	*m = v->m;
	const struct model_proc	*p;
	char			 name[VIEW_TEXT], rest[VIEW_TEXT];
	enum style		 base;
	int			 x, used, sel = v->vs->selected;
	bool			 selected;

	view_big_line_name(v, l, name, sizeof name);
	if (l->n == 0) {
		view_field(v, 4, y, ST_DIM, v->cols - 5, AL_LEFT, name);
		return;
	}
	view_map_add(v, VIEW_HIT_PROC, l->first, 0, y, v->cols, 1);
	selected = sel >= l->first && sel < l->first + l->n;
	base = selected ? ST_SELECTED : ST_NORMAL;
	if (selected) {
		grid_fill(v->g, 0, y, v->cols, ' ', ST_SELECTED);
		view_puts(v, 2, y, ST_SELECTED, 1, v->gl->marker);
	}
	view_field(v, 4, y, base, namew, AL_LEFT, name);
	x = 4 + namew + 3;
	if (l->n > 1) {
		view_big_pool(v, x, y, l->first, l->n, base);
		return;
	}
	p = &m->procs[l->first];
	if ((unsigned)p->state >= PS_COUNT)
		return;
	used = view_big_pill(v, x, y, view_big_badges[p->state].st,
	    v->cols - 1 - x, view_big_badges[p->state].word);
	if (used == 0)
		return;
	x += used;
	view_field(v, x, y, base, v->cols - 1 - x, AL_LEFT,
	    view_big_state(m, p, rest, sizeof rest));
}

static int
view_big_procs(struct view *v, int y, const struct view_big_plan *pl)
{
	struct view_big_line	 lines[SCENARIO_MAX_PROCS + 1];
	char			 name[VIEW_TEXT];
	int			 i, n, w, namew = 8, hidden;

	n = view_big_lines(v, pl->lines, lines);
	for (i = 0; i < n; i++) {
		if (lines[i].n == 0)
			continue;
		w = view_width(v, view_big_line_name(v, &lines[i], name,
		    sizeof name));
		if (w > namew)
			namew = w;
	}
	if (namew > BIG_NAME_MAX)
		namew = BIG_NAME_MAX;
	if (namew > v->cols / 3)
		namew = v->cols / 3;
	/* One line and no room to say what it leaves out: the rule says. */
	hidden = v->m->nprocs;
	for (i = 0; i < n; i++)
		hidden -= lines[i].n == 0 ? lines[i].first : lines[i].n;
	if (hidden > 0) {
		snprintf(name, sizeof name, "processes, +%d more", hidden);
		view_rule(v, y++, name);
	} else
		view_rule(v, y++, "processes");
	for (i = 0; i < n; i++) {
		view_big_proc(v, y, &lines[i], namew);
		y += 1 + (i + 1 < n ? pl->proc_gap : 0);
	}
	return y;
}

/*
 * The caption in big mode: a stall first (what the room must see), else
 * the current cue (m->caption, the same field the normal layout shows),
 * else the scenario's about.
 */
static const char *
view_big_caption(struct view *v, const char **title, enum style *st)
{
	const struct model	*m = v->m;

	*title = NULL;
	*st = ST_CAPTION;
	if (m->stalled && m->stall_text[0] != '\0') {
		*title = "STALLED";
		*st = ST_ERROR;
		return m->stall_text;
	}
	if (m->step)
		*title = view_step_title(v);
	if (m->caption[0] != '\0')
		return m->caption;
	if (m->sc != NULL && m->sc->about != NULL && *m->sc->about != '\0') {
		if (!m->step)
			*title = "about";
		*st = ST_NORMAL;
		return m->sc->about;
	}
	return NULL;
}

/*
 * Row 1, under the header, is kept for a one-line status of the run
 * (step mode's "cue 2/5 · n next"); nothing else is drawn there.
 */
static void
view_big_status(struct view *v, int y)
{
	const char	*t;
	int		 w;

	if (!v->m->step)
		return;
	t = view_step_title(v);
	w = view_width(v, t) + 2;
	if (w > v->cols - 2)
		w = v->cols - 2;
	view_field(v, v->cols - 1 - w, y, ST_KEY, w, AL_CENTRE, t);
}

/* The keys shrink to a hint; the last message goes on the right. */
static void
view_big_footer(struct view *v, int y)
{
	/* The few that a presenter needs, from the key table. */
	static const enum key_action acts[] = {
		KA_CUE,		/* presenting only */
		KA_HELP, KA_EXPLAIN, KA_QUIT
	};
	static const enum key_action racts[] = {	/* replaying */
		KA_ALL, KA_STEP, KA_RATE, KA_HELP, KA_EXPLAIN, KA_QUIT
	};
	const struct key_binding *kb;
	const enum key_action *list = acts;
	const char	*msg = v->vs->message, *label;
	size_t		 i, nlist = nitems(acts);
	int		 x = 1, avail = v->cols - 1, w, k;
	bool		 rp = v->vs->replay[0] != '\0';

	if (msg[0] != '\0') {
		w = view_width(v, msg) + 2;
		if (w > avail - 16)
			w = avail - 16;
		if (w > 2) {
			view_field(v, v->cols - w, y, ST_TITLE, w, AL_CENTRE,
			    msg);
			grid_put(v->g, v->cols - w, y, ' ', ST_TITLE);
			avail -= w + 1;
		}
	}
	if (rp) {
		list = racts;
		nlist = nitems(racts);
	}
	for (i = v->m->step || rp ? 0 : 1; i < nlist; i++) {
		for (k = 0; k < keys_count && keys_table[k].action != list[i];
		    k++)
			;
		if (k == keys_count)
			continue;
		kb = &keys_table[k];
		/* The first key of the binding: "q", not "q ^C". */
		label = v->ascii ? kb->alabel : kb->label;
		w = (int)strcspn(label, " ");
		if (kb->action == KA_STEP || kb->action == KA_RATE)
			w = (int)strlen(label);		/* both keys */
		if (x + w + 1 + view_width(v, keys_brief(kb, rp)) > avail)
			break;
		view_puts(v, x, y, ST_KEY, w, label);
		x += w + 1;
		x += view_puts(v, x, y, ST_DIM, avail - x,
		    keys_brief(kb, rp)) + 2;
	}
}

static void
view_draw_big(struct view *v)
{
	struct view_big_plan	 pl;
	char			 lines[BIG_CAPTION_MAX][VIEW_TEXT];
	const char		*cap, *ctitle;
	enum style		 cst;
	int			 y, i, cap_need = 0, numw, cw = v->cols - 6;

	cap = view_big_caption(v, &ctitle, &cst);
	if (cap != NULL)
		cap_need = view_wrap(v, cap, cw, lines, BIG_CAPTION_MAX);
	view_big_plan(v, cap_need, &pl);

	view_header(v);
	view_big_status(v, 1);
	y = 2 + pl.gap_top;
	numw = view_big_num_w(v, pl.chans);
	for (i = 0; i < pl.chans; i++)
		y = view_big_chan(v, y, i, pl.bar, numw) + pl.chan_gap;
	if (pl.chans_more) {
		char	more[48];

		snprintf(more, sizeof more, "+%d more channel%s",
		    v->m->nchans - pl.chans,
		    v->m->nchans - pl.chans == 1 ? "" : "s");
		view_field(v, 2, y++, ST_DIM, v->cols - 3, AL_LEFT, more);
	}
	if (pl.lines > 0)
		view_big_procs(v, y, &pl);
	if (pl.cap_lines > 0) {
		if (pl.cap_lines < cap_need)
			view_wrap(v, cap, cw, lines, pl.cap_lines);
		y = v->rows - 1 - (pl.cap_rows + 2);
		view_box(v, 1, y, v->cols - 2, pl.cap_rows + 2, ST_DIM,
		    ctitle);
		for (i = 0; i < pl.cap_lines; i++)
			view_puts(v, 3, y + 1 + i, cst, cw, lines[i]);
	}
	view_big_footer(v, v->rows - 1);
}

void
view_draw(const struct model *m, const struct view_state *vs,
    struct grid *g)
{
	view_draw_map(m, vs, g, NULL);
}

enum view_hit_kind
view_hit(const struct view_map *map, int x, int y, int *index)
{
	const struct view_hit	*hit;
	int			 i;

	*index = -1;
	/* The last drawn is on top. */
	for (i = map->n - 1; i >= 0; i--) {
		hit = &map->hits[i];
		if (x < hit->x || x >= hit->x + hit->w || y < hit->y ||
		    y >= hit->y + hit->h)
			continue;
		*index = hit->index;
		return hit->kind;
	}
	return VIEW_HIT_NONE;
}

void
view_draw_map(const struct model *m, const struct view_state *vs,
    struct grid *g, struct view_map *map)
{
	struct view	 v;
	struct view_plan pl;
	char		 lines[VIEW_CAPTION_STEP][VIEW_TEXT], cbuf[VIEW_TEXT];
	const char	*cap, *ctitle;
	enum style	 cst;
	int		 y, cap_need = 0, caph;

	memset(&v, 0, sizeof v);
	v.m = m;
	v.vs = vs;
	v.g = g;
	v.cols = g->cols;
	v.rows = g->rows;
	v.ascii = vs->ascii;
	v.color = vs->color;
	v.gl = vs->ascii ? &view_ascii : &view_utf8;
	v.map = map;
	if (map != NULL)
		map->n = 0;

	grid_clear(g);
	if (g->cols < VIEW_MIN_COLS || g->rows < VIEW_MIN_ROWS) {
		view_too_small(&v);
		return;
	}
	if (vs->big) {
		view_draw_big(&v);
		view_overlays(&v);
		return;
	}

	cap = view_caption(&v, cbuf, sizeof cbuf, &ctitle, &cst);
	if (cap != NULL)
		cap_need = view_wrap(&v, cap, v.cols - 6, lines,
		    m->step ? VIEW_CAPTION_STEP : VIEW_CAPTION_MAX);
	view_plan(&v, cap_need, &pl);

	view_header(&v);
	y = 1 + pl.gap_top;
	if (pl.chans > 0)
		y = view_channels(&v, y, &pl);
	y += pl.gap_procs;
	if (pl.procs > 0)
		y = view_procs(&v, y, &pl);
	y += pl.gap_spark;
	if (pl.spark)
		y = view_throughput(&v, y, &pl);
	y += pl.gap_events;
	if (pl.events > 0)
		view_events(&v, y, &pl);

	if (pl.cap_lines > 0) {
		if (pl.cap_lines < cap_need)
			view_wrap(&v, cap, v.cols - 6, lines, pl.cap_lines);
		caph = pl.cap_lines + (pl.cap_box ? 2 : 0);
		view_caption_draw(&v, v.rows - 1 - caph, &pl, lines, ctitle,
		    cst);
	}
	view_footer(&v, v.rows - 1);
	view_overlays(&v);
}
