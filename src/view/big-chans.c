/*
 * big-chans.c: the channels of the --big layout. Each is a line of words
 * ("pipe  (pipe)   written by writer, read by reader") over a bar several
 * rows tall, with its fill, share and rate in plain text beside the bar,
 * as many of them as its rows allow.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "view/view-int.h"

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
		snprintf(buf, len, "%s", c->unbounded ? "no limit" : "");
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
	char	r[32];

	/* A kind with users alone: what they take, as the rate alone. */
	if (c->one_side)
		snprintf(buf, len, "%s", view_fmt_rate(r, sizeof r,
		    model_chan_rate(c, false), c->rate_unit));
	else if (c->nreaders > 0)
		snprintf(buf, len, "out %s", view_fmt_rate(r, sizeof r,
		    model_chan_rate(c, false), c->rate_unit));
	else
		snprintf(buf, len, "in %s", view_fmt_rate(r, sizeof r,
		    model_chan_rate(c, true), c->rate_unit));
	return buf;
}

/* The numbers beside the bars: as wide as the widest of them. */
int
view_big_num_w(const struct view *v, int n)
{
	const struct model_chan	*c;
	char			 buf[VIEW_TEXT];
	int			 i, w, numw = 10;

	for (i = 0; i < n; i++) {
		c = &v->m->chans[i];
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
 * The line over the bar: "pipe  (pipe)   written by writer, read by
 * reader", up to column xn - 2 when the rate shares the line (bar 1).
 */
static void
view_big_chan_words(struct view *v, int y, const struct model_chan *c,
    int xn, int bar)
{
	char	wr[VIEW_TEXT], rd[VIEW_TEXT], buf[2 * VIEW_TEXT + 32];
	int	x, endw;

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
	    model_side_word(c, true));
	view_fmt_ends(v, rd, sizeof rd, c->readers, c->nreaders, endw,
	    model_side_word(c, false));
	if (c->one_side)
		snprintf(buf, sizeof buf, "used by %s", c->nreaders > 0 ? rd :
		    "nobody");
	else
		snprintf(buf, sizeof buf, "written by %s, read by %s",
		    c->nwriters > 0 ? wr : "nobody", c->nreaders > 0 ? rd :
		    "nobody");
	view_field(v, x, y, ST_NORMAL, (bar == 1 ? xn - 2 : v->cols - 1) - x,
	    AL_LEFT, buf);
}

/* A row of the bar without its level: the caps and the empty track. */
static void
view_big_bar_empty(struct view *v, int y, int w)
{
	view_puts(v, 2, y, ST_GAUGE_EMPTY, 1, v->gl->cap_l);
	grid_fill(v->g, 3, y, w - 2, (v->color && !v->ascii) ? ' ' :
	    v->gl->empty, ST_GAUGE_EMPTY);
	view_puts(v, 2 + w - 1, y, ST_GAUGE_EMPTY, 1, v->gl->cap_r);
}

/*
 * The bar, bar rows from y, w wide, and its numbers at xn: fill, share,
 * rate, as rows allow. Short bars drop the share (the bar is the share),
 * then the rate moves up to the name line.
 */
static void
view_big_bar(struct view *v, int y, const struct model_chan *c, int bar,
    int w, int xn, int numw)
{
	const char	*nums[3];
	char		 fill[128], pct[32], rate[48];
	double		 f = view_frac(c);
	enum style	 nst = f < 0 ? ST_NORMAL : view_gauge_style(f);
	int		 r, off;

	view_big_fmt_fill(fill, sizeof fill, c);
	view_big_fmt_pct(pct, sizeof pct, c);
	view_big_fmt_rate(rate, sizeof rate, c);
	nums[0] = fill;
	nums[1] = bar >= 3 ? pct : rate;
	nums[2] = bar >= 3 ? rate : NULL;
	/* The numbers sit in the middle of a bar taller than them. */
	off = bar > 3 ? (bar - 3) / 2 : 0;
	for (r = 0; r < bar; r++) {
		/* Words ("?", "grows, no limit") once, in the middle. */
		if (r == bar / 2 || (!c->unbounded && f >= 0))
			view_gauge(v, 2, y + r, w, c);
		else
			view_big_bar_empty(v, y + r, w);
		if (r >= off && r - off < 3 && nums[r - off] != NULL)
			view_field(v, xn, y + r, nums[r - off] == rate ?
			    ST_NORMAL : nst, numw, AL_LEFT, nums[r - off]);
	}
	/* A one-row bar: the rate goes on the name line. */
	if (bar == 1)
		view_field(v, xn, y - 1, ST_NORMAL, numw, AL_LEFT, rate);
}

/*
 * One channel: a line with its name, kind and ends in words, then its bar,
 * bar rows tall, with fill, share and rate beside it. Returns the next row.
 */
int
view_big_chan(struct view *v, int y, int i, int bar, int numw)
{
	const struct model_chan	*c = &v->m->chans[i];
	int			 xn = v->cols - 1 - numw;

	view_big_chan_words(v, y, c, xn, bar);
	view_big_bar(v, y + 1, c, bar, xn - 2 - 2, xn, numw);
	view_chan_drawn(v, i, y, 1 + bar);
	return y + 1 + bar;
}
