/*
 * channels.c: the channels section of the normal layout, one gauge per
 * channel with its writers on the left, its readers on the right and its
 * numbers after it ("64.0/64.0 KiB 100%"); a second line with the kind and
 * the rates when there is room. The gauge itself is shared with the big
 * layout.
 *
 * Columns are laid out once for every channel shown, so gauges line up;
 * when the row is narrow, the detail, then the ends, the share and the
 * name give way before the gauge gets too small to read.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "view/view-int.h"

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
	int	cap;		/* at most this wide: the names at an end */
};

/* kind, in and out: "unix-stream  in 1023.9 KiB/s  out 1023.9 KiB/s" */
#define VIEW_CHAN_DETAIL_W	(11 + 2 + 3 + 12 + 2 + 4 + 12)

/*
 * The names at one side of channel c: a followed program's side nobody
 * was seen on yet is not known ("?": its ends are held, holding is not
 * using); a scenario's empty side has nobody ("-").
 */
static char *
view_chan_side(const struct view *v, char *buf, size_t len,
    const struct model_chan *c, int cap, bool writers)
{
	if (c->holders > 0 && (writers ? c->nwriters : c->nreaders) == 0) {
		snprintf(buf, len, "?");
		return buf;
	}
	return view_fmt_ends(v, buf, len, writers ? c->writers : c->readers,
	    writers ? c->nwriters : c->nreaders, cap,
	    model_side_word(c, writers));
}

/* The text columns' widths, from the n channels shown (order). */
static void
view_chan_widths(const struct view *v, int n, const int *order,
    struct view_chan_cols *cc)
{
	const struct model_chan	*c;
	struct model_chan	 full;
	char			 buf[VIEW_TEXT];
	int			 i, w;

	for (i = 0; i < n; i++) {
		c = &v->m->chans[order[i]];
		if ((w = view_width(v, view_str(c->name))) > cc->w_name)
			cc->w_name = w;
		view_chan_side(v, buf, sizeof buf, c, cc->cap, true);
		if (!c->one_side && (w = view_width(v, buf)) > cc->w_wr)
			cc->w_wr = w;
		view_chan_side(v, buf, sizeof buf, c, cc->cap, false);
		if ((w = view_width(v, buf)) > cc->w_rd)
			cc->w_rd = w;
		if ((w = (int)strlen(view_fmt_fill(buf, sizeof buf, c))) >
		    cc->w_num)
			cc->w_num = w;
		/* As wide as it is full, whatever it holds now: the gauges do
		   not move as a channel fills, empties or closes. */
		if (c->capacity > 0 || c->unbounded) {
			full = *c;
			/* No limit: as wide as five digits, or 1023.9 KiB. */
			full.fill = c->capacity > 0 ? c->capacity :
			    c->by_messages ? 99999 : 1048473;
			full.closed = false;
			if ((w = (int)strlen(view_fmt_fill(buf, sizeof buf,
			    &full))) > cc->w_num)
				cc->w_num = w;
		}
	}
	if (cc->w_name > 16)
		cc->w_name = 16;
	if (cc->w_wr > cc->cap)
		cc->w_wr = cc->cap;
	if (cc->w_rd > cc->cap)
		cc->w_rd = cc->cap;
}

/*
 * Which columns are on: the first arrangement, of five from the fullest,
 * that leaves the gauge usable; sets x_name, x_wr, x_g and w_g.
 */
static void
view_chan_arrange(const struct view *v, struct view_chan_cols *cc,
    bool chan2)
{
	int	try, x, w, mingauge;

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
			w += 3 + VIEW_CHAN_DETAIL_W;
		cc->w_g = v->cols - x - w;
		if (cc->w_g >= mingauge || try == 4)
			break;
	}
}

/* Lay out the channel columns; the first arrangement with a usable gauge wins. */
static void
view_chan_cols(const struct view *v, int n, const int *order,
    struct view_chan_cols *cc, bool chan2)
{
	int	x;

	memset(cc, 0, sizeof *cc);
	cc->cap = v->cols / 7 < 8 ? 8 : v->cols / 7;
	view_chan_widths(v, n, order, cc);
	view_chan_arrange(v, cc, chan2);
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

/* The eighths of the gauge's inner width that the fraction f fills. */
static long
view_gauge_eighths(const struct view *v, int inner, double f,
    const struct model_chan *c)
{
	long	eighths, total;

	if (f > 1)
		f = 1;
	total = (long)inner * 8;
	eighths = (long)floor(f * (double)total);
	if (eighths == 0 && c->fill > 0)
		eighths = 1;	/* not empty must not look empty */
	else if (eighths > 8 && eighths % 8 == 1)
		eighths--;	/* a lone 1/8 glyph looks like the end cap */
	if (v->gl->eighths[0] == 0) {
		/* ASCII: whole cells only, rounded up so non-empty shows. */
		eighths = (eighths + 7) / 8 * 8;
	}
	return eighths;
}

void
view_gauge(struct view *v, int x, int y, int w, const struct model_chan *c)
{
	const struct view_glyphs	*gl = v->gl;
	enum style			 st;
	double				 f = view_frac(c);
	long				 eighths;
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
	if (f < 0 && c->closed && c->fill < 0) {
		view_field(v, x, y, ST_DIM, inner, AL_CENTRE, "closed");
		return;
	}
	if (f < 0) {
		grid_put(v->g, x + inner / 2, y, '?', ST_GAUGE_EMPTY);
		return;
	}
	st = view_gauge_style(f);
	eighths = view_gauge_eighths(v, inner, f, c);
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

/* The detail line being written: parts whole or not at all. */
struct view_chan_line {
	struct view	*v;
	int		 x, y, w, used;
	bool		 full;		/* a part did not fit: no more */
};

/*
 * One part of the detail line, a dim label and its value ("  out ",
 * "1.2 MiB/s"): written whole, or, when it does not fit, not at all and
 * nothing after it, so that a number is never cut ("pipe 64." for "pipe
 * 64.0 KiB").
 */
static void
view_chan_part(struct view_chan_line *l, const char *label, const char *val)
{
	int	need;

	if (l->full)
		return;
	need = view_width(l->v, label) + (val != NULL ?
	    view_width(l->v, val) : 0);
	if (need > l->w - l->used) {
		l->full = true;
		return;
	}
	l->used += view_puts(l->v, l->x + l->used, l->y, ST_DIM,
	    l->w - l->used, label);
	if (val != NULL)
		l->used += view_puts(l->v, l->x + l->used, l->y, ST_NORMAL,
		    l->w - l->used, val);
}

/* A queue's second buffer: "  local 5 items 4.9 KiB  pipe 1.0 KiB". */
static void
view_chan_local(struct view_chan_line *l, const struct model_chan *c)
{
	char	buf[64], bytes[32];

	snprintf(buf, sizeof buf, "%lld items %s",
	    (long long)c->buffered_items,
	    view_fmt_bytes(bytes, sizeof bytes, (double)c->buffered_bytes));
	view_chan_part(l, "  local ", buf);
	view_chan_part(l, "  pipe ", c->fill >= 0 ?
	    view_fmt_bytes(buf, sizeof buf, (double)c->fill) :
	    c->closed ? "closed" : "?");
}

/*
 * "pipe  in 1.2 MiB/s  out 0 B/s  16 msgs", rates in the kind's unit; a
 * kind with users alone has one rate ("semaphore  2.0 acq/s"), a kind
 * that merges says how many ("merged 149"). Each part is whole or left
 * out (view_chan_part()).
 */
static void
view_chan_detail(struct view *v, int x, int y, int w,
    const struct model_chan *c)
{
	struct view_chan_line	 l = { v, x, y, w, 0, false };
	char			 buf[64], num[32];

	l.used = view_puts(v, x, y, ST_DIM, w, view_str(c->kind));
	/* A program's side has no rate of its own: left out, not "?". */
	if (!c->one_side && !model_side_program(v->m, c, true))
		view_chan_part(&l, "  in ", view_fmt_rate(buf, sizeof buf,
		    model_chan_rate(c, true), c->rate_unit));
	if (!model_side_program(v->m, c, false))
		view_chan_part(&l, c->one_side ? "  " : "  out ",
		    view_fmt_rate(buf, sizeof buf, model_chan_rate(c, false),
		    c->rate_unit));
	if (c->ops != NULL && c->ops->merges && c->merged >= 0) {
		snprintf(buf, sizeof buf, "  merged %lld",
		    (long long)c->merged);
		view_chan_part(&l, buf, NULL);
	}
	/* A queue's second buffer: the writers' local buffers. */
	if (c->buffered_items >= 0)
		view_chan_local(&l, c);
	/* A followed program's: how many hold it (holding is not using). */
	if (c->holders >= 0) {
		snprintf(buf, sizeof buf, "  held by %d", c->holders);
		view_chan_part(&l, buf, NULL);
	}
	/* Its part in Python's multiprocessing (i11-python). */
	if (c->shape != 0) {
		snprintf(buf, sizeof buf, "  %s", model_shape(v->m, c->shape));
		view_chan_part(&l, buf, NULL);
	}
	/* The other measure, when the kernel tells it. */
	if (!c->by_messages && c->messages >= 0) {
		snprintf(buf, sizeof buf, "  %lld msgs", (long long)c->messages);
		view_chan_part(&l, buf, NULL);
	} else if (c->by_messages && c->bytes >= 0) {
		view_fmt_bytes(num, sizeof num, (double)c->bytes);
		snprintf(buf, sizeof buf, "  %s", num);
		view_chan_part(&l, buf, NULL);
	}
}

/* "writer ─▶ [gauge] ─▶ reader": the names at both ends and the arrows. */
static void
view_chan_ends(struct view *v, int y, const struct view_chan_cols *cc,
    const struct model_chan *c)
{
	char	buf[VIEW_TEXT];

	/* A kind with users alone has no writers side: no "- ─▶". */
	if (!c->one_side) {
		view_chan_side(v, buf, sizeof buf, c, cc->cap, true);
		view_field(v, cc->x_wr, y, ST_NORMAL, cc->w_wr, AL_RIGHT, buf);
		view_puts(v, cc->x_wr + cc->w_wr + 1, y, ST_DIM, 2,
		    v->gl->arrow);
	}
	view_puts(v, cc->x_g + cc->w_g + 1, y, ST_DIM, 2, v->gl->arrow);
	view_chan_side(v, buf, sizeof buf, c, cc->cap, false);
	view_field(v, cc->x_rd, y, ST_NORMAL, cc->w_rd, AL_LEFT, buf);
}

/* Channel i's line (and second line); returns the row after them. */
static int
view_chan_row(struct view *v, int y, int i, const struct view_chan_cols *cc,
    bool chan2)
{
	const struct model_chan	*c = &v->m->chans[i];
	char			 buf[VIEW_TEXT];
	double			 f = view_frac(c);
	enum style		 nst = f < 0 ? ST_NORMAL : view_gauge_style(f);
	int			 y0 = y;

	if (cc->name)
		view_field(v, cc->x_name, y, ST_NORMAL, cc->w_name, AL_LEFT,
		    view_str(c->name));
	if (cc->ends)
		view_chan_ends(v, y, cc, c);
	view_gauge(v, cc->x_g, y, cc->w_g, c);
	view_field(v, cc->x_num, y, nst, cc->w_num, AL_RIGHT,
	    view_fmt_fill(buf, sizeof buf, c));
	if (cc->pct)
		view_field(v, cc->x_pct, y, nst, 4, AL_RIGHT,
		    view_fmt_pct(buf, sizeof buf, c));
	if (cc->detail)
		view_chan_detail(v, cc->x_det, y, cc->w_det, c);
	y++;
	if (chan2) {
		view_chan_detail(v, cc->x_g + 1, y, v->cols - 2 - cc->x_g, c);
		y++;
	}
	view_chan_drawn(v, i, y0, y - y0);
	return y;
}

/*
 * The channels in the order shown: a followed program's held by no live
 * process of it (a launcher's pipes, gone with it) after the others, so
 * that they do not push the live ones out of view.
 */
static void
view_chan_order(const struct view *v, int *order)
{
	const struct model	*m = v->m;
	int			 i, pass, n = 0;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < m->nchans; i++) {
			if ((m->grows && m->chans[i].holders == 0) ==
			    (pass == 1))
				order[n++] = i;
		}
	}
}

int
view_channels(struct view *v, int y, const struct view_plan *pl)
{
	struct view_chan_cols	 cc;
	char			 title[64];
	int			 i, *order;

	if (pl->chans < v->m->nchans)
		snprintf(title, sizeof title, "channels (%d of %d)", pl->chans,
		    v->m->nchans);
	else
		snprintf(title, sizeof title, "channels");
	view_rule(v, y++, title);
	order = xcalloc((size_t)v->m->nchans + 1, sizeof *order);
	view_chan_order(v, order);
	view_chan_cols(v, pl->chans, order, &cc, pl->chan2);
	for (i = 0; i < pl->chans && i < v->m->nchans; i++)
		y = view_chan_row(v, y, order[i], &cc, pl->chan2);
	free(order);
	return y;
}
