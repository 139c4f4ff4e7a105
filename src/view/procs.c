/*
 * procs.c: the process table of the normal layout: a row per process with
 * its name, pid, state badge, rates, what it moved, integrity and the
 * kernel's view, under a rule that labels the columns.
 *
 * Column widths come from every process (not only those shown), so the
 * table keeps still as it scrolls; when the row is too wide the least
 * important columns go first (the kernel's view, then message counts,
 * the pid, ...), then the badge and the name shrink. The rows shown are a
 * window that keeps the selection in view.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "view/view-int.h"

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

static const struct view_col view_col_defaults[PC_COUNT] = {
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

/* Column k is at least w wide. */
static void
view_col_widen(struct view_col *col, int k, int w)
{
	if (w > col[k].w)
		col[k].w = w;
}

/*
 * Widen the columns for process i. Rates are sized by the largest of the
 * recent past too, so columns do not jump each time a rate gains a digit.
 * Returns whether the process has a check to show.
 */
static bool
view_proc_widths(const struct view *v, int i, struct view_col *col)
{
	const struct model_proc	*p = &v->m->procs[i];
	char			 buf[VIEW_TEXT], check[VIEW_TEXT];
	enum style		 st;
	uint64_t		 bytes, msgs;

	view_col_widen(col, PC_NAME, view_width(v, view_str(p->name)));
	snprintf(buf, sizeof buf, "%ld", (long)p->pid);
	view_col_widen(col, PC_PID, (int)strlen(buf));
	view_fmt_badge(v->m, p, buf, sizeof buf, &st);
	view_col_widen(col, PC_STATE, view_width(v, buf) + 2);
	view_fmt_rate(buf, sizeof buf, model_proc_rate(p, true), p->in_unit);
	view_col_widen(col, PC_IN, (int)strlen(buf));
	view_fmt_rate(buf, sizeof buf, hist_max(&p->in_hist), p->in_unit);
	view_col_widen(col, PC_IN, (int)strlen(buf));
	view_fmt_rate(buf, sizeof buf, model_proc_rate(p, false), p->out_unit);
	view_col_widen(col, PC_OUT, (int)strlen(buf));
	view_fmt_rate(buf, sizeof buf, hist_max(&p->out_hist), p->out_unit);
	view_col_widen(col, PC_OUT, (int)strlen(buf));
	view_proc_moved(v->m, i, &bytes, &msgs);
	view_fmt_bytes(buf, sizeof buf, (double)bytes);
	view_col_widen(col, PC_MOVED, (int)strlen(buf));
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)msgs);
	view_col_widen(col, PC_MSGS, (int)strlen(buf));
	view_fmt_check(v->m, i, check, sizeof check, &st);
	view_col_widen(col, PC_CHECK, (int)strlen(check));
	view_fmt_kernel(p, buf, sizeof buf);
	view_col_widen(col, PC_KERNEL, view_width(v, buf));
	return check[0] != '\0';
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

/*
 * Drop the least important columns until the row fits in cols - 1; if it
 * still does not, the badge gives way, then the name.
 */
static void
view_cols_fit(struct view_col *col, int cols)
{
	int	k, total, worst, w;

	for (;;) {
		total = view_cols_total(col);
		worst = -1;
		for (k = 0; k < PC_COUNT; k++) {
			if (col[k].on && col[k].drop > 0 && (worst < 0 ||
			    col[k].drop > col[worst].drop))
				worst = k;
		}
		if (total <= cols - 1 || worst < 0)
			break;
		col[worst].on = false;
	}
	if (total > cols - 1) {
		w = col[PC_STATE].w - (total - (cols - 1));
		col[PC_STATE].w = w < 9 ? 9 : w;
		total = 3 + col[PC_NAME].w + 2 + col[PC_STATE].w;
		if (total > cols - 1) {
			w = col[PC_NAME].w - (total - (cols - 1));
			col[PC_NAME].w = w < 3 ? 3 : w;
		}
	}
}

/* Process columns: widths from every process, so scrolling keeps them still. */
static void
view_proc_cols(const struct view *v, struct view_col *col)
{
	const struct model	*m = v->m;
	int			 i, k, x;
	bool			 reads = false, threads = false;

	memcpy(col, view_col_defaults, sizeof view_col_defaults);
	for (i = 0; i < m->nprocs; i++) {
		if (view_proc_widths(v, i, col))
			reads = true;
		if (m->procs[i].thread.name != NULL)
			threads = true;
	}
	if (col[PC_NAME].w > 20)
		col[PC_NAME].w = 20;
	/* A helper thread's state follows the main one's: room for both. */
	if (col[PC_STATE].w > (threads ? 64 : 36))
		col[PC_STATE].w = threads ? 64 : 36;
	if (col[PC_KERNEL].w > 28)
		col[PC_KERNEL].w = 28;
	col[PC_CHECK].on = reads;
	view_cols_fit(col, v->cols);
	x = 3;
	for (k = 0; k < PC_COUNT; k++) {
		if (!col[k].on)
			continue;
		x += view_col_gap(col, k);
		col[k].x = x;
		x += col[k].w;
	}
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

/* The badge is a pill: a cell of padding each side, in its colour. */
static void
view_proc_badge(struct view *v, int y, int i, const struct view_col *col)
{
	char		buf[VIEW_TEXT];
	enum style	st;
	int		x = col[PC_STATE].x;

	view_fmt_badge(v->m, &v->m->procs[i], buf, sizeof buf, &st);
	grid_put(v->g, x, y, ' ', st);
	grid_put(v->g, x + 1 + view_field(v, x + 1, y, st,
	    col[PC_STATE].w - 2, AL_LEFT, buf), y, ' ', st);
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
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)msgs);
	view_proc_cell(v, y, col, PC_MSGS, base, buf);
	view_fmt_check(m, i, buf, sizeof buf, &st);
	view_proc_cell(v, y, col, PC_CHECK, st, buf);
	view_proc_cell(v, y, col, PC_KERNEL, sel ? base : ST_DIM,
	    view_fmt_kernel(p, buf, sizeof buf));
}

static void
view_proc_row(struct view *v, int y, int i, const struct view_col *col)
{
	const struct model_proc	*p = &v->m->procs[i];
	char			 buf[32];
	enum style		 base;
	bool			 sel = (i == v->vs->selected);

	view_map_add(v, VIEW_HIT_PROC, i, 0, y, v->cols, 1);
	base = sel ? ST_SELECTED : ST_NORMAL;
	if (sel) {
		grid_fill(v->g, 0, y, v->cols, ' ', ST_SELECTED);
		view_puts(v, 1, y, ST_SELECTED, 1, v->gl->marker);
	}
	view_field(v, col[PC_NAME].x, y, base, col[PC_NAME].w, AL_LEFT,
	    view_str(p->name));
	if (p->pid > 0)
		snprintf(buf, sizeof buf, "%ld", (long)p->pid);
	else
		snprintf(buf, sizeof buf, "-");
	view_proc_cell(v, y, col, PC_PID, sel ? base : ST_DIM, buf);
	view_proc_badge(v, y, i, col);
	view_proc_numbers(v, y, i, col, base);
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

int
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
