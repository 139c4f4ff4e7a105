/*
 * procs.c: the process table of the normal layout: a row per process with
 * its name, pid, state badge, rates, what it moved, integrity and the
 * kernel's view, under a rule that labels the columns.
 *
 * The columns come from the terminal's width and the scenario (its names,
 * whether it has readers or helper threads), never from the values shown,
 * so the table stands still while the numbers change. Three steps:
 * measure gives each column the width of what it can hold (a rate's
 * widest form "1023.9 MiB/s", a duration's "59m59s", a pid's 7 digits);
 * arrange fits the row to the screen by a fixed list of steps (shrink a
 * text column, drop a whole column: the kernel's view first) and hands
 * what is left to the text columns; place puts them side by side.
 *
 * What does not fit in its column is shortened with an ellipsis, and a
 * number is never cut: a badge loses its channel's and its call's letters
 * first, then its duration whole; integrity and helper threads lose whole
 * words. The rows shown are a window that keeps the selection in view.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "kinds/channel.h"
#include "view/view-int.h"

enum {
	PC_NAME, PC_PID, PC_STATE, PC_IN, PC_OUT, PC_MOVED, PC_MSGS,
	PC_CHECK, PC_KERNEL, PC_COUNT
};

struct view_col {
	const char	*label;
	bool		 right;
	bool		 on;
	int		 w;
	int		 want;		/* grown up to this when there is room */
	int		 x;
};

#define VIEW_NAME_MAX	16	/* a name column wider says nothing more */
#define VIEW_STATE_BASE	30	/* a badge's column before room is shared */

static const struct view_col view_col_defaults[PC_COUNT] = {
	[PC_NAME] =	{ "process", false, true, 7, 7, 0 },
	[PC_PID] =	{ "pid", true, true, VIEW_PID_W, VIEW_PID_W, 0 },
	[PC_STATE] =	{ "state", false, true, 0, 0, 0 },
	[PC_IN] =	{ "in", true, true, VIEW_RATE_W, VIEW_RATE_W, 0 },
	[PC_OUT] =	{ "out", true, true, VIEW_RATE_W, VIEW_RATE_W, 0 },
	[PC_MOVED] =	{ "moved", true, true, VIEW_SIZE_W, VIEW_SIZE_W, 0 },
	[PC_MSGS] =	{ "msgs", true, true, VIEW_COUNT_W, VIEW_COUNT_W, 0 },
	[PC_CHECK] =	{ "check", false, true, 12, 18, 0 },
	[PC_KERNEL] =	{ "kernel", false, true, 24, 28, 0 },
};

/*
 * How a row too wide for the screen gives way, step by step until it
 * fits: shrink a column to w (only as far as needed), or drop it whole
 * (w 0; also: a column that goes with it).
 */
static const struct view_cols_step {
	int	col;
	int	w;
	int	also;
} view_cols_steps[] = {
	{ PC_KERNEL, 12, -1 },
	{ PC_CHECK, 10, -1 },
	{ PC_MSGS, 0, -1 },
	{ PC_KERNEL, 0, -1 },
	{ PC_PID, 0, -1 },
	{ PC_MOVED, 0, -1 },
	{ PC_STATE, 24, -1 },
	{ PC_CHECK, 0, -1 },
	{ PC_STATE, 20, -1 },
	{ PC_OUT, 0, PC_IN },
	{ PC_NAME, 7, -1 },
	{ PC_STATE, 2 + VIEW_WORD_W, -1 },
};

/* Room left after the row is fitted goes to these, in order. */
static const int view_cols_grow[] = {
	PC_STATE, PC_CHECK, PC_KERNEL, PC_NAME
};

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

/* The widest name among n, in at most max columns. */
static int
view_names_w(const struct view *v, const char *const *names, int n, int max)
{
	int	i, w, widest = 0;

	for (i = 0; i < n; i++) {
		if ((w = view_width(v, view_str(names[i]))) > widest)
			widest = w;
	}
	return widest > max ? max : widest;
}

/*
 * What the scenario can show in a badge: "BLOCKED release CHANNEL
 * 59m59s", twice over where a kind has a helper thread.
 */
static int
view_state_want(const struct view *v)
{
	const struct model		*m = v->m;
	const struct channel_ops	*ops;
	const char			*names[IPCSCOPE_MAX_CHANNELS];
	int				 i, n = 0, want;
	bool				 threads = false;

	for (i = 0; i < m->nchans && n < IPCSCOPE_MAX_CHANNELS; i++) {
		names[n++] = m->chans[i].name;
		ops = m->chans[i].kind != NULL ?
		    channel_kind_by_name(m->chans[i].kind) : NULL;
		if (ops != NULL && ops->thread_name != NULL &&
		    m->chans[i].nwriters > 0)
			threads = true;
	}
	want = 2 + VIEW_WORD_W + 1 + 7 + 1 +
	    view_names_w(v, names, n, VIEW_NAME_MAX) + 1 + VIEW_DUR_W;
	return threads ? 2 * want : want;
}

/* Has process i an integrity or refusal count to show, ever? */
static bool
view_proc_checked(const struct model *m, int i)
{
	const struct scenario	*sc = m->sc;

	if (view_proc_reads(m, i))
		return true;
	return sc != NULL && sc->procs != NULL && i < sc->nprocs &&
	    sc->procs[i].nonblock != NB_OFF;
}

/* Each column as wide as what it can hold, from the scenario alone. */
static void
view_cols_measure(const struct view *v, struct view_col *col)
{
	const struct model	*m = v->m;
	const char		*names[IPCSCOPE_MAX_PROCS];
	int			 i, n = 0, w;
	bool			 checked = false, threads = false;

	memcpy(col, view_col_defaults, sizeof view_col_defaults);
	for (i = 0; i < m->nprocs && n < IPCSCOPE_MAX_PROCS; i++) {
		names[n++] = m->procs[i].name;
		if (view_proc_checked(m, i))
			checked = true;
		if (m->procs[i].thread_of >= 0)
			threads = true;
	}
	/* A followed program's thread is drawn under its process: "└ ". */
	w = view_names_w(v, names, n, VIEW_NAME_MAX) + (threads ? 2 : 0);
	if (w > col[PC_NAME].w)
		col[PC_NAME].w = col[PC_NAME].want = w;
	col[PC_STATE].want = view_state_want(v);
	col[PC_STATE].w = col[PC_STATE].want < VIEW_STATE_BASE ?
	    col[PC_STATE].want : VIEW_STATE_BASE;
	col[PC_CHECK].on = checked;
}

/* The row's width with the columns that are on. */
static int
view_cols_total(const struct view_col *col)
{
	int	k, total = 3;

	for (k = 0; k < PC_COUNT; k++) {
		if (col[k].on)
			total += col[k].w + view_col_gap(col, k);
	}
	return total;
}

/* Fit the row in avail columns by the steps, then share what is left. */
static void
view_cols_arrange(struct view_col *col, int avail)
{
	const struct view_cols_step	*s;
	size_t				 i;
	int				 over, k, w;

	for (i = 0; i < nitems(view_cols_steps); i++) {
		if ((over = view_cols_total(col) - avail) <= 0)
			break;
		s = &view_cols_steps[i];
		if (!col[s->col].on)
			continue;
		if (s->w == 0) {
			col[s->col].on = false;
			if (s->also >= 0)
				col[s->also].on = false;
			continue;
		}
		w = col[s->col].w - over;
		if (w < col[s->col].w)
			col[s->col].w = w < s->w ? s->w : w;
	}
	for (i = 0; i < nitems(view_cols_grow); i++) {
		k = view_cols_grow[i];
		over = view_cols_total(col) - avail;
		if (col[k].on && over < 0 && col[k].w < col[k].want) {
			w = col[k].w - over;
			col[k].w = w > col[k].want ? col[k].want : w;
		}
	}
}

/* Side by side from column 3 (the marker's). */
static void
view_cols_place(struct view_col *col)
{
	int	k, x = 3;

	for (k = 0; k < PC_COUNT; k++) {
		if (!col[k].on)
			continue;
		x += view_col_gap(col, k);
		col[k].x = x;
		x += col[k].w;
	}
}

/* The process table's columns: from the screen's width and the scenario. */
static void
view_proc_cols(const struct view *v, struct view_col *col)
{
	view_cols_measure(v, col);
	view_cols_arrange(col, v->cols - 1);
	view_cols_place(col);
}

/* Column k of a row: s in its place, in style st. */
static void
view_proc_cell(struct view *v, int y, const struct view_col *col, int k,
    enum style st, const char *s)
{
	if (col[k].on)
		view_field(v, col[k].x, y, st, col[k].w,
		    col[k].right ? AL_RIGHT : AL_LEFT, s);
}

/*
 * One of a badge's names cut to what is left of w beside the rest (at
 * least a letter and the ellipsis); false when not even that fits.
 */
static bool
view_badge_cut(const struct view *v, struct view_badge *b, char *name,
    size_t len, int w)
{
	char	buf[VIEW_TEXT], cut[VIEW_TEXT];
	int	room;

	snprintf(cut, sizeof cut, "%s", name);
	name[0] = '\0';
	view_badge_join(b, false, buf, sizeof buf);
	room = w - view_width(v, buf) - 1;
	if (room < 1 + view_width(v, v->gl->ellipsis))
		return false;
	view_cut(v, cut, room, name, len);
	return true;
}

/*
 * The badge in w columns: whole if it fits; else the tail loses words;
 * else the channel's name, then the call's, is cut or goes; else the
 * duration goes whole. The word always fits (the column's least width).
 */
static void
view_badge_fit(const struct view *v, struct view_badge *b, int w, char *buf,
    size_t len)
{
	char	tail[VIEW_TEXT];
	int	hw;

	view_badge_join(b, false, buf, len);
	hw = view_width(v, buf);
	if (hw <= w) {
		view_cut_words(v, b->tail, w - hw, tail, sizeof tail);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s", tail);
		return;
	}
	/* A name that cannot keep a letter goes (view_badge_cut). */
	if (b->chan[0] == '\0' ||
	    !view_badge_cut(v, b, b->chan, sizeof b->chan, w))
		(void)view_badge_cut(v, b, b->op, sizeof b->op, w);
	view_badge_join(b, false, buf, len);
	if (view_width(v, buf) > w) {
		b->dur[0] = '\0';
		view_badge_join(b, false, buf, len);
	}
}

/* The badge is a pill: a cell of padding each side, in its colour. */
static void
view_proc_badge(struct view *v, int y, int i, const struct view_col *col)
{
	struct view_badge	b;
	char			buf[VIEW_TEXT];
	enum style		st;
	int			x = col[PC_STATE].x;

	st = view_badge_parts(v->m, &v->m->procs[i], &b);
	view_badge_fit(v, &b, col[PC_STATE].w - 2, buf, sizeof buf);
	grid_put(v->g, x, y, ' ', st);
	grid_put(v->g, x + 1 + view_field(v, x + 1, y, st,
	    col[PC_STATE].w - 2, AL_LEFT, buf), y, ' ', st);
}

/*
 * The check in w columns: in full; else only its counts that are not
 * zero ("lost 3 ooo 1"), a non-blocking writer's drops ("drop 184": the
 * count that matters, never "EAGAIN ..."), a program's "I/O ctrs"; else
 * whole words of that.
 */
static void
view_proc_check(const struct view *v, int i, int w, char *buf, size_t len,
    enum style *st)
{
	const struct model_proc	*p = &v->m->procs[i];
	char			 full[VIEW_TEXT];
	size_t			 used = 0;

	view_fmt_check(v->m, i, full, sizeof full, st);
	if (view_width(v, full) > w && *st == ST_ERROR && p->eagain == 0) {
		if (p->lost > 0)
			used += snprintf(full + used, sizeof full - used,
			    " lost %llu", (unsigned long long)p->lost);
		if (p->dup > 0 && used < sizeof full)
			used += snprintf(full + used, sizeof full - used,
			    " dup %llu", (unsigned long long)p->dup);
		if (p->ooo > 0 && used < sizeof full)
			snprintf(full + used, sizeof full - used, " ooo %llu",
			    (unsigned long long)p->ooo);
		memmove(full, full + 1, strlen(full));
	} else if (view_width(v, full) > w && p->eagain > 0 && p->dropped > 0)
		snprintf(full, sizeof full, "drop %llu",
		    (unsigned long long)p->dropped);
	else if (view_width(v, full) > w && p->io_counters && p->eagain == 0)
		snprintf(full, sizeof full, "I/O ctrs");
	view_cut_words(v, full, w, buf, len);
}

/* Rates, what was moved, the check and the kernel's view. */
static void
view_proc_numbers(struct view *v, int y, int i, const struct view_col *col,
    enum style base)
{
	const struct model	*m = v->m;
	const struct model_proc	*p = &m->procs[i];
	char			 buf[VIEW_TEXT];
	enum style		 st;
	uint64_t		 bytes, msgs;
	bool			 sel = base == ST_SELECTED;

	view_proc_cell(v, y, col, PC_IN, base, view_proc_reads(m, i) ?
	    view_fmt_rate(buf, sizeof buf, model_proc_rate(p, true),
	    p->in_unit) : "-");
	view_proc_cell(v, y, col, PC_OUT, base, view_proc_writes(m, i) ?
	    view_fmt_rate(buf, sizeof buf, model_proc_rate(p, false),
	    p->out_unit) : "-");
	/* Bytes moved, where the kind moves bytes; msgs counts items. */
	view_proc_moved(m, i, &bytes, &msgs);
	view_proc_cell(v, y, col, PC_MOVED, base,
	    view_proc_moves_items(m, i) ? "-" :
	    view_fmt_bytes(buf, sizeof buf, (double)bytes));
	/* A program's messages are unknown: its bytes are I/O counters
	   (the explain panel says so). */
	view_proc_cell(v, y, col, PC_MSGS, base, p->io_counters ? "(io)" :
	    view_fmt_count(buf, sizeof buf, msgs));
	if (col[PC_CHECK].on) {
		view_proc_check(v, i, col[PC_CHECK].w, buf, sizeof buf, &st);
		view_proc_cell(v, y, col, PC_CHECK, st, buf);
	}
	view_proc_cell(v, y, col, PC_KERNEL, sel ? base : ST_DIM,
	    view_fmt_kernel(p, buf, sizeof buf));
}

/* The name; a followed program's thread under its process, indented. */
static void
view_proc_name(struct view *v, int y, const struct model_proc *p,
    const struct view_col *col, enum style base)
{
	char	buf[VIEW_TEXT];

	if (p->thread_of < 0) {
		view_field(v, col[PC_NAME].x, y, base, col[PC_NAME].w,
		    AL_LEFT, view_str(p->name));
		return;
	}
	snprintf(buf, sizeof buf, "%s %s", v->ascii ? "`" : "\u2514",
	    view_str(p->name));
	view_field(v, col[PC_NAME].x, y, base, col[PC_NAME].w, AL_LEFT, buf);
}

static void
view_proc_row(struct view *v, int y, int i, const struct view_col *col)
{
	const struct model_proc	*p = &v->m->procs[i];
	char			 buf[32];
	enum style		 base;
	bool			 sel = (i == v->vs->selected &&
				     !v->vs->chan_selected);

	view_map_add(v, VIEW_HIT_PROC, i, 0, y, v->cols, 1);
	base = sel ? ST_SELECTED : ST_NORMAL;
	if (sel) {
		grid_fill(v->g, 0, y, v->cols, ' ', ST_SELECTED);
		view_puts(v, 1, y, ST_SELECTED, 1, v->gl->marker);
	}
	view_proc_name(v, y, p, col, base);
	if (p->pid > 0)
		snprintf(buf, sizeof buf, "%ld", (long)p->pid);
	else
		snprintf(buf, sizeof buf, "-");
	view_proc_cell(v, y, col, PC_PID, sel ? base : ST_DIM, buf);
	view_proc_badge(v, y, i, col);
	view_proc_numbers(v, y, i, col, base);
}

/*
 * The first process row shown: keeps the selection in view, centred.
 * Rows are shown in order (model_row_order: a followed program's threads
 * under their process).
 */
static int
view_proc_top(const struct view *v, int shown, const int *order)
{
	int	sel = v->vs->selected, n = v->m->nprocs, top, pos;

	if (shown >= n || sel < 0)
		return 0;
	if (sel >= n)
		sel = n - 1;
	for (pos = 0; pos < n && order[pos] != sel; pos++)
		;
	sel = pos < n ? pos : n - 1;
	top = sel - shown / 2;
	if (top > n - shown)
		top = n - shown;
	return top < 0 ? 0 : top;
}

int
view_procs(struct view *v, int y, const struct view_plan *pl)
{
	const struct model	*m = v->m;
	struct view_col		 col[PC_COUNT];
	char			 title[64];
	int			 i, k, top, *order;

	view_proc_cols(v, col);
	order = xcalloc((size_t)m->nprocs + 1, sizeof *order);
	model_row_order(m, order);
	top = view_proc_top(v, pl->procs, order);
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
		view_proc_row(v, y++, order[i], col);
	free(order);
	return y;
}
