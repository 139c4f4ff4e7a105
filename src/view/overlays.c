/*
 * overlays.c: what goes on top of either layout, one at a time in the
 * key table's order (keys_modal): the scenario picker, the explain panel,
 * the help; and, in place of everything, the notice that the terminal is
 * too small. Each overlay is a centred box that hides what is under it
 * from clicks too.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "model/explain.h"
#include "screen/keys.h"
#include "base/util.h"
#include "view/view-int.h"

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

/* The help box: where it goes and what fits in it. */
struct view_help_fit {
	int	x, y, w, h;
	int	iw;		/* inside the border and a margin */
	bool	full;		/* a table of keys, else the compact flow */
	int	nkeys;		/* lines of keys */
	int	nlegend;	/* lines of the state legend */
	int	nmean;		/* lines of meanings */
	int	blank;		/* a blank line before the legend */
	int	hint;		/* "press ? or esc to close" */
};

/* An overlay's box: cleared, hiding what is under it from clicks. */
static void
view_overlay_box(struct view *v, int x, int y, int w, int h,
    const char *title)
{
	int	i;

	for (i = 0; i < h; i++)
		grid_fill(v->g, x, y + i, w, ' ', ST_NORMAL);
	view_map_add(v, VIEW_HIT_NONE, -1, x, y, w, h);
	view_box(v, x, y, w, h, ST_HEADING, title);
}

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
	bool		 rp = v->vs->replay[0] != '\0';

	for (n = 0; n < (size_t)keys_count; n++) {
		if (!keys_shown(&keys_table[n], rp))
			continue;
		k = v->ascii ? keys_table[n].alabel : keys_table[n].label;
		b = keys_brief(&keys_table[n], rp);
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
 * What fits: keys and legend first; a blank, the hint and the meanings if
 * there is room for them.
 */
static void
view_help_fit(struct view *v, struct view_help_fit *hf)
{
	int	room, nshown;

	nshown = keys_shown_count(v->vs->replay[0] != '\0');
	hf->w = v->cols - 4 < 66 ? v->cols - 4 : 66;
	hf->iw = hf->w - 4;
	room = v->rows - 2 - 2;		/* inside the border, off the footer */
	hf->nlegend = view_help_flow_legend(v, 0, 0, hf->iw, false);
	hf->full = hf->iw >= 50 && nshown + hf->nlegend <= room;
	if (hf->full)
		hf->nkeys = nshown;
	else
		hf->nkeys = view_help_flow_keys(v, 0, 0, hf->iw, false);
	room -= hf->nkeys + hf->nlegend;
	hf->blank = room-- >= 1;
	hf->hint = room-- >= 1;
	hf->nmean = hf->full && room >= (int)nitems(view_help_meaning) ?
	    (int)nitems(view_help_meaning) : 0;
	hf->h = hf->nkeys + hf->blank + hf->nlegend + hf->nmean + hf->hint + 2;
	if (hf->h > v->rows)
		hf->h = v->rows;
	hf->x = (v->cols - hf->w) / 2;
	hf->y = (v->rows - hf->h) / 2;
}

/* Every key in a table: its label, then what it does. */
static void
view_help_table(struct view *v, const struct view_help_fit *hf)
{
	const char	*k;
	int		 n, row = 0;
	bool		 rp = v->vs->replay[0] != '\0';

	for (n = 0; n < keys_count; n++) {
		if (!keys_shown(&keys_table[n], rp))
			continue;
		k = v->ascii ? keys_table[n].alabel : keys_table[n].label;
		view_puts(v, hf->x + 2, hf->y + 1 + row, ST_KEY, 16, k);
		view_puts(v, hf->x + 19, hf->y + 1 + row, ST_NORMAL,
		    hf->iw - 17, keys_help(&keys_table[n], rp));
		row++;
	}
}

/*
 * The help overlay: every key and a legend of the states, in a centred
 * box. A full table when there is room, else the same keys flowed
 * compactly, so even 40x10 lists them all.
 */
static void
view_help(struct view *v)
{
	struct view_help_fit	hf;
	int			i, ly;

	view_help_fit(v, &hf);
	view_overlay_box(v, hf.x, hf.y, hf.w, hf.h, "help");
	if (hf.full)
		view_help_table(v, &hf);
	else
		view_help_flow_keys(v, hf.x + 2, hf.y + 1, hf.iw, true);
	ly = hf.y + 1 + hf.nkeys + hf.blank;
	if (ly + hf.nlegend <= hf.y + hf.h - 1)
		view_help_flow_legend(v, hf.x + 2, ly, hf.iw, true);
	for (i = 0; i < hf.nmean; i++)
		view_puts(v, hf.x + 2, ly + hf.nlegend + i, ST_DIM, hf.iw,
		    view_help_meaning[i]);
	if (hf.hint)
		view_field(v, hf.x + 1, hf.y + hf.h - 2, ST_DIM, hf.w - 2,
		    AL_CENTRE, "press ? or esc to close");
}

/* "explain writer": the selected process's or channel's name. */
static void
view_explain_title(const struct view *v, char *buf, size_t len)
{
	const struct view_state	*vs = v->vs;
	const struct model	*m = v->m;

	if (vs->chan_selected)
		snprintf(buf, len, "explain %s", vs->selected_chan >= 0 &&
		    vs->selected_chan < m->nchans ?
		    view_str(m->chans[vs->selected_chan].name) : "");
	else
		snprintf(buf, len, "explain %s", vs->selected >= 0 &&
		    vs->selected < m->nprocs ?
		    view_str(m->procs[vs->selected].name) : "");
}

/* e: why the selected process (or channel) is where it is, in a box. */
static void
view_explain(struct view *v)
{
	const struct view_state	*vs = v->vs;
	char			 text[2048], lines[16][VIEW_TEXT];
	char			 title[96];
	int			 w, h, x, y, iw, i, n, max;

	w = v->cols - 4 < 90 ? v->cols - 4 : 90;
	iw = w - 4;
	if (vs->chan_selected)
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
	view_explain_title(v, title, sizeof title);
	view_overlay_box(v, x, y, w, h, title);
	for (i = 0; i < n; i++)
		view_puts(v, x + 2, y + 1 + i, ST_NORMAL, iw, lines[i]);
	view_field(v, x + 1, y + h - 2, ST_DIM, w - 2, AL_CENTRE,
	    v->vs->replay[0] != '\0' ? "recorded numbers; e or esc to close" :
	    "live numbers; e or esc to close");
}

/*
 * The picker's list: rows lines from (x + 1, y), one scenario each (name
 * and title), the selected one highlighted and scrolled into view.
 */
static void
view_picker_list(struct view *v, int x, int y, int w, int rows)
{
	const struct view_state	*vs = v->vs;
	char			 buf[VIEW_TEXT];
	enum style		 st;
	int			 i, k, top;

	top = vs->picker_sel - rows / 2;
	if (top > vs->picker_n - rows)
		top = vs->picker_n - rows;
	if (top < 0)
		top = 0;
	for (i = 0; i < rows && top + i < vs->picker_n; i++) {
		k = top + i;
		st = k == vs->picker_sel ? ST_SELECTED : ST_NORMAL;
		grid_fill(v->g, x + 1, y + i, w - 2, ' ', st);
		snprintf(buf, sizeof buf, "%s %-20s %s", k == vs->picker_sel ?
		    v->gl->marker : " ", vs->picker_names[k],
		    vs->picker_titles[k] != NULL ? vs->picker_titles[k] : "");
		view_puts(v, x + 1, y + i, st, w - 2, buf);
	}
}

/*
 * The picker: a box with one scenario per line and the selected one's
 * about text wrapped below.
 */
static void
view_picker(struct view *v)
{
	const struct view_state	*vs = v->vs;
	char			 lines[4][VIEW_TEXT];
	int			 w, h, x, y, iw, i, nl, rows, nabout;

	w = v->cols - 4 < 96 ? v->cols - 4 : 96;
	iw = w - 4;
	h = v->rows - 2;
	x = (v->cols - w) / 2;
	y = 1;
	view_overlay_box(v, x, y, w, h, "scenarios");
	nabout = h >= 14 ? 4 : (h >= 10 ? 2 : 0);
	rows = h - 2 - (nabout > 0 ? nabout + 1 : 0) - 1;
	if (rows < 1)
		rows = 1;
	view_picker_list(v, x, y + 1, w, rows);
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

void
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
void
view_overlays(struct view *v)
{
	const struct view_state	*vs = v->vs;

	if (vs->waits)		/* w: under the panels */
		view_waits(v);
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
