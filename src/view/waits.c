/*
 * waits.c (view): who waits for whom (w), over either layout, between
 * the header and the footer.
 *
 * A box of lines, one per group of waiters that wait alike (the same
 * call on the same channel for the same servers, with the same mark):
 *
 *   STALL  worker-2, worker-3 ──recv──▶ tasks ◀── (no writer left:
 *                                                  producer done)
 *
 * then what the marks mean for the waits on show, in words, and who is
 * not blocked. The columns (badge, waiters, arrow, channel, servers) are
 * the same for every line; the servers' text wraps within its column, or
 * goes on the rows below where a line is short. With --big the picture
 * is spaced out and centred: for a room that reads it from far away. It
 * is computed from the model drawn (model/waits.h), so a frozen snapshot
 * shows its own.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/waits.h"
#include "base/utf8.h"
#include "base/util.h"
#include "view/view-int.h"

#define VW_TEXT		VIEW_TEXT	/* the longest text built */
#define VW_WRAP		3	/* lines of one servers' text, at most */
#define VW_NOTES	6	/* lines of the notes below, at most */
#define VW_NAME_MAX	28	/* waiters' column, at most */
#define VW_CHAN_MAX	16	/* channel column, at most */
#define VW_NBSP		"\u00a0"	/* keeps words on one line */

/* Waiters that wait alike: order[start .. start + n - 1]. */
struct vw_group {
	int	start;
	int	n;
	int	lines;		/* rows its servers' text takes */
};

/* One picture. */
struct vw {
	struct view			*v;
	const struct model		*m;
	bool				 big;
	const char			*head_r;	/* ──op──▶ */
	const char			*head_l;	/* ◀── */
	struct waits			 ws;
	int				*order;		/* wait indices */
	struct vw_group			*groups;
	int				 ngroups;
	/* Columns, from the text's left edge. */
	int				 gap;
	int				 bw, nw, aw, cw, sw;
	int				 opw;		/* the widest op */
	int				 lx;		/* where "◀──" goes */
	bool				 stacked;	/* narrow: the servers
							   on the next row */
};

/*
 * A no-break space keeps words together on a line while wrapping; on
 * screen it is a space (the text helpers make the rest ASCII when they
 * must).
 */
static const char *
vw_text(const char *s, char *buf, size_t len)
{
	size_t		 used = 0;
	uint32_t	 ch;

	if (s == NULL)
		return "?";
	if (strstr(s, VW_NBSP) == NULL)
		return s;
	while (*s != '\0' && used + 4 < len) {
		ch = grid_utf8_next(&s);
		used += utf8_encode(ch == 0xa0 ? ' ' : ch, buf + used);
	}
	buf[used] = '\0';
	return buf;
}

static int
vw_width(const struct vw *vw, const char *s)
{
	char	buf[VW_TEXT];

	return view_width(vw->v, vw_text(s, buf, sizeof buf));
}

/* s in at most w columns, ending in an ellipsis when it is cut. */
static int
vw_field(struct vw *vw, int x, int y, enum style st, int w, const char *s)
{
	char	buf[VW_TEXT];

	return view_field(vw->v, x, y, st, w, AL_LEFT,
	    vw_text(s, buf, sizeof buf));
}

/* Append to buf (NUL-terminated, len bytes) what fits. */
static void
vw_cat(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
vw_cat(char *buf, size_t len, const char *fmt, ...)
{
	va_list	ap;
	size_t	used = strlen(buf);

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* Append s with its spaces made no-break: one unit for the wrapping. */
static void
vw_cat_whole(char *buf, size_t len, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == ' ')
			vw_cat(buf, len, "%s", VW_NBSP);
		else
			vw_cat(buf, len, "%c", *s);
	}
}

/* "producer" or "producer's feeder". */
static void
vw_node_name(const struct vw *vw, int node, char *buf, size_t len)
{
	const struct model_proc	*p = &vw->m->procs[WAIT_NODE_PROC(node)];

	if (WAIT_NODE_THREAD(node))
		snprintf(buf, len, "%s's %s", p->name, p->thread.name != NULL ?
		    p->thread.name : "thread");
	else
		snprintf(buf, len, "%s", p->name);
}

static bool
vw_same_servers(const struct waits *ws, const struct wait *a,
    const struct wait *b)
{
	if (a->nservers != b->nservers)
		return false;
	/* None at all: servers may be NULL, never to be compared. */
	return a->nservers == 0 || memcmp(ws->servers + a->first,
	    ws->servers + b->first, (size_t)a->nservers * sizeof (int)) == 0;
}

/* Do waits a and b go on one line? */
static bool
vw_alike(const struct vw *vw, const struct wait *a, const struct wait *b)
{
	return a->thread == b->thread && a->chan == b->chan &&
	    a->mark == b->mark && a->side == b->side &&
	    strcmp(a->op != NULL ? a->op : "", b->op != NULL ? b->op : "") ==
	    0 && vw_same_servers(&vw->ws, a, b);
}

/* The groups of the waits marked mark; *k counts the waits placed. */
static void
vw_group_mark(struct vw *vw, enum wait_mark mark, bool *taken, int *k)
{
	const struct waits	*ws = &vw->ws;
	struct vw_group		*gr;
	int			 i, j;

	for (i = 0; i < ws->n; i++) {
		if (taken[i] || ws->w[i].mark != mark)
			continue;
		gr = &vw->groups[vw->ngroups++];
		gr->start = *k;
		for (j = i; j < ws->n; j++) {
			if (!taken[j] && vw_alike(vw, &ws->w[i], &ws->w[j])) {
				taken[j] = true;
				vw->order[(*k)++] = j;
			}
		}
		gr->n = *k - gr->start;
	}
}

/*
 * Put the waits into groups: cycles first, then stalls, then who is
 * stuck behind them, then the rest; within each, in the order of their
 * first member.
 */
static void
vw_group(struct vw *vw)
{
	static const enum wait_mark order[] = {
		WAIT_CYCLE, WAIT_STALL, WAIT_BEHIND, WAIT_FREE
	};
	const struct waits	*ws = &vw->ws;
	bool			*taken;
	size_t			 o;
	int			 k = 0;

	vw->order = xcalloc((size_t)ws->n + 1, sizeof *vw->order);
	vw->groups = xcalloc((size_t)ws->n + 1, sizeof *vw->groups);
	taken = xcalloc((size_t)ws->n + 1, sizeof *taken);
	vw->ngroups = 0;
	for (o = 0; o < sizeof order / sizeof order[0]; o++)
		vw_group_mark(vw, order[o], taken, &k);
	free(taken);
}

static const struct wait *
vw_first(const struct vw *vw, const struct vw_group *gr)
{
	return &vw->ws.w[vw->order[gr->start]];
}

/*
 * Only the first name, too wide with the count of the others: cut it so
 * that ", +N" stays ("worker-… +2").
 */
static void
vw_who_cut(const struct vw *vw, char *buf, int w, int others)
{
	char	more[16];
	size_t	l;
	int	ew = vw_width(vw, vw->v->gl->ellipsis);

	snprintf(more, sizeof more, " +%d", others);
	if (others == 0)
		return;		/* the field cuts it */
	l = strlen(buf);
	while (l > 0 && vw_width(vw, buf) + ew + (int)strlen(more) > w) {
		do
			l--;
		while (l > 0 && ((unsigned char)buf[l] & 0xc0) == 0x80);
		buf[l] = '\0';
	}
	strcat(buf, vw->v->gl->ellipsis);
	strcat(buf, more);
}

/*
 * The waiters of a group in w columns: "worker-2, worker-3", or as many
 * as fit and how many more ("worker-2, worker-3, +47").
 */
static void
vw_who(const struct vw *vw, const struct vw_group *gr, int w, char *buf,
    size_t len)
{
	const struct wait	*wt;
	char			 name[128], more[16];
	size_t			 keep;
	int			 i;

	buf[0] = '\0';
	for (i = 0; i < gr->n; i++) {
		wt = &vw->ws.w[vw->order[gr->start + i]];
		vw_node_name(vw, WAIT_NODE(wt->proc, wt->thread), name,
		    sizeof name);
		keep = strlen(buf);
		vw_cat(buf, len, "%s%s", i > 0 ? ", " : "", name);
		snprintf(more, sizeof more, ", +%d", gr->n - i - 1);
		if (w <= 0 || (vw_width(vw, buf) + (i + 1 < gr->n ?
		    (int)strlen(more) : 0) <= w))
			continue;
		if (i == 0) {
			vw_who_cut(vw, buf, w, gr->n - 1);
			return;
		}
		buf[keep] = '\0';
		snprintf(more, sizeof more, ", +%d", gr->n - i);
		vw_cat(buf, len, "%s", more);
		return;
	}
}

/* What the state of a server adds: " (blocked)", " (waiting start)". */
static void
vw_note(const struct vw *vw, int node, char *buf, size_t len)
{
	const struct model_proc	*p = &vw->m->procs[WAIT_NODE_PROC(node)];
	enum proc_state		 st = p->state;
	const char		*op = p->op;

	if (WAIT_NODE_THREAD(node)) {
		st = p->thread.state;
		op = p->thread.op;
	}
	buf[0] = '\0';
	if (st == PS_WAITING && op != NULL)
		snprintf(buf, len, " (waiting %s)", op);
	else if (st != PS_RUNNING)
		snprintf(buf, len, " (%s)", state_name(st));
}

/* How a process ended, for "(no writer left: producer done)". */
static const char *
vw_ending(const struct model_proc *p)
{
	if (p->state == PS_DONE)
		return "done";
	if (p->state == PS_FAILED)
		return p->detail[0] != '\0' ? p->detail : "failed";
	return "closed its end";
}

/* The members of the side a wait's servers come from. */
static const int *
vw_side(const struct vw *vw, const struct wait *w, int *n)
{
	const struct model_chan	*c = &vw->m->chans[w->chan];

	if (w->side == WAIT_SIDE_WRITERS) {
		*n = c->nwriters;
		return c->writers;
	}
	*n = c->nreaders;
	return c->readers;
}

/* Nobody serves it: "(no writer left: worker-1, worker-2 done)". */
static void
vw_nobody(const struct vw *vw, const struct wait *w, char *buf, size_t len)
{
	static const char *const words[] = {
		"?", "writer", "reader", "holder", "thread"
	};
	const struct model_proc	*p, *q;
	const int		*side;
	int			 n, j, k, shown = 0;

	if (w->side == WAIT_SIDE_NONE || w->chan < 0) {
		snprintf(buf, len, "(?)");
		return;
	}
	if (w->side == WAIT_SIDE_THREAD) {
		p = &vw->m->procs[w->proc];
		snprintf(buf, len, "(its %s has ended)", p->thread.name);
		return;
	}
	side = vw_side(vw, w, &n);
	snprintf(buf, len, "(no %s left", words[w->side]);
	for (j = 0; j < n; j++) {
		p = &vw->m->procs[side[j]];
		if (side[j] == w->proc || waits_proc_live(p))
			continue;
		vw_cat(buf, len, "%s%s", shown++ == 0 ? ": " : ", ", p->name);
		/* Its ending once, after the last alike in a row. */
		for (k = j + 1; k < n && (side[k] == w->proc ||
		    waits_proc_live(&vw->m->procs[side[k]])); k++)
			;
		q = k < n ? &vw->m->procs[side[k]] : NULL;
		if (q == NULL || strcmp(vw_ending(q), vw_ending(p)) != 0) {
			vw_cat(buf, len, "%s", VW_NBSP);
			vw_cat_whole(buf, len, vw_ending(p));
		}
	}
	if (shown == 0)
		snprintf(buf, len, "(no %s)", words[w->side]);
	else
		vw_cat(buf, len, ")");
}

/* The servers' text of a wait; *st its style. */
static void
vw_servers(const struct vw *vw, const struct wait *w, char *buf, size_t len,
    enum style *st)
{
	char	name[128], note[64];
	int	k, j, node;

	buf[0] = '\0';
	*st = w->mark == WAIT_FREE ? ST_NORMAL : ST_ERROR;
	if (w->nservers == 0) {
		vw_nobody(vw, w, buf, len);
		return;
	}
	for (k = 0; k < w->nservers; k++) {
		node = vw->ws.servers[w->first + k];
		for (j = 0; j < k; j++) {
			if (vw->ws.servers[w->first + j] == node)
				break;
		}
		if (j < k)
			continue;
		vw_node_name(vw, node, name, sizeof name);
		vw_note(vw, node, note, sizeof note);
		vw_cat(buf, len, "%s%s", k > 0 ? ", " : "", name);
		vw_cat_whole(buf, len, note);
	}
}

/*
 * s into buf, where a unit held together by no-break spaces is wider than
 * a line of w columns: there they become spaces, to break at.
 */
static void
vw_unbind(const char *s, int w, char *buf, size_t len)
{
	char		 word[VW_TEXT], *r;
	const char	*q;
	size_t		 used = 0, n;

	buf[0] = '\0';
	while (*s != '\0' && used + 1 < len) {
		for (q = s; *q != '\0' && *q != ' '; q++)
			;
		n = (size_t)(q - s) < sizeof word ? (size_t)(q - s) :
		    sizeof word - 1;
		memcpy(word, s, n);
		word[n] = '\0';
		while (grid_strwidth(word) > w &&
		    (r = strstr(word, VW_NBSP)) != NULL) {
			*r = ' ';	/* two bytes become one */
			memmove(r + 1, r + 2, strlen(r + 2) + 1);
		}
		used += (size_t)snprintf(buf + used, len - used, "%s%s", word,
		    *q == ' ' ? " " : "");
		if (used >= len)
			used = len - 1;
		s = *q == ' ' ? q + 1 : q;
	}
}

/*
 * Word-wrap s into at most max lines of w columns; what is left over goes
 * on the last line, which the drawing then cuts with an ellipsis.
 * Returns the lines used.
 */
static int
vw_wrap(const struct vw *vw, const char *s, int w, char lines[][VW_TEXT],
    int max)
{
	char		 buf[VW_TEXT], word[VW_TEXT];
	const char	*p, *q;
	size_t		 used;
	int		 n = 0, lw, ww;

	vw_unbind(s, w, buf, sizeof buf);
	p = buf;
	while (*p == ' ')
		p++;
	while (*p != '\0' && n < max) {
		lines[n][0] = '\0';
		used = 0;
		lw = 0;
		while (*p != '\0') {
			for (q = p; *q != '\0' && *q != ' '; q++)
				;
			snprintf(word, sizeof word, "%.*s", (int)(q - p), p);
			ww = grid_strwidth(word);
			if (lw > 0 && lw + 1 + ww > w && n + 1 < max)
				break;
			used += (size_t)snprintf(lines[n] + used,
			    used < VW_TEXT ? VW_TEXT - used : 0, "%s%s",
			    lw > 0 ? " " : "", word);
			if (used >= VW_TEXT)
				used = VW_TEXT - 1;
			lw += (lw > 0) + ww;
			for (p = q; *p == ' '; p++)
				;
		}
		n++;
	}
	return n;
}

/* The widest servers' text: what its column would need. */
static int
vw_servers_width(const struct vw *vw)
{
	char		 srv[VW_TEXT];
	enum style	 st;
	int		 i, w, max = 0;

	for (i = 0; i < vw->ngroups; i++) {
		vw_servers(vw, vw_first(vw, &vw->groups[i]), srv, sizeof srv,
		    &st);
		if ((w = vw_width(vw, srv)) > max)
			max = w;
	}
	return max;
}

/* The widest names, op and channel, each within its maximum. */
static void
vw_widths(struct vw *vw)
{
	const struct wait	*w;
	char			 who[VW_TEXT];
	int			 i, v;

	vw->nw = vw->cw = vw->opw = 1;
	for (i = 0; i < vw->ngroups; i++) {
		w = vw_first(vw, &vw->groups[i]);
		vw_who(vw, &vw->groups[i], 0, who, sizeof who);
		if ((v = vw_width(vw, who)) > vw->nw)
			vw->nw = v > VW_NAME_MAX ? VW_NAME_MAX : v;
		if ((v = vw_width(vw, w->op != NULL ? w->op : "?")) > vw->opw)
			vw->opw = v > 12 ? 12 : v;
		v = w->chan >= 0 ? vw_width(vw, vw->m->chans[w->chan].name) : 1;
		if (v > vw->cw)
			vw->cw = v > VW_CHAN_MAX ? VW_CHAN_MAX : v;
	}
}

/* The columns every line shares, in iw columns of text. */
static void
vw_columns(struct vw *vw, int iw)
{
	int	fixed, want;

	vw->gap = vw->big ? 2 : 1;
	vw->bw = vw->ws.ncycle + vw->ws.nstall + vw->ws.nbehind > 0 ?
	    7 + vw->gap : 0;
	vw_widths(vw);
	vw->aw = vw->opw + 5;
	want = vw->nw;
	/* The arrow back, "◀──", is 3 wide. */
	fixed = vw->bw + vw->gap + vw->aw + vw->gap + vw->cw + vw->gap + 3 +
	    vw->gap;
	vw->sw = iw - fixed - vw->nw;
	/* Short of room for the servers: less air, then "─recv─▶",
	   before names are cut. */
	if (vw->gap > 1 && vw->sw < vw_servers_width(vw)) {
		vw->gap = 1;
		vw->bw -= vw->bw > 0;
		vw->sw += 4 + (vw->bw > 0);
		fixed -= 4 + (vw->bw > 0);
	}
	if (vw->sw < vw_servers_width(vw) &&
	    vw->sw + 2 >= vw_servers_width(vw)) {
		vw->aw -= 2;
		vw->sw += 2;
		fixed -= 2;
	}
	if (vw->sw < 20) {
		vw->nw -= 20 - vw->sw;
		if (vw->nw < 8)
			vw->nw = 8;
		vw->sw = iw - fixed - vw->nw;
	}
	vw->lx = fixed - 3 - vw->gap + vw->nw;
	vw->stacked = vw->sw < 16;
	if (!vw->stacked)
		return;
	/* Narrow: "◀── servers" on the rows below, the names wider. */
	vw->nw = iw - (fixed - 3 - 2 * vw->gap);
	if (vw->nw > want)
		vw->nw = want;
	if (vw->nw < 4)
		vw->nw = 4;
	vw->lx = vw->bw + 2;
	vw->sw = iw - vw->lx - 3 - vw->gap;
}

static void
vw_badge(struct vw *vw, int x, int y, enum wait_mark mark)
{
	static const char *const words[] = { "", "STALL", "CYCLE", "STUCK" };
	enum style		 st = mark == WAIT_BEHIND ? ST_BADGE_FAILED :
	    ST_BADGE_BLOCKED;

	if (mark == WAIT_FREE)
		return;
	grid_fill(vw->v->g, x, y, 7, ' ', st);
	view_puts(vw->v, x + 1, y, st, 5, words[mark]);
}

/* "──recv──▶" (or "─recv─▶" where room is short) in aw columns. */
static void
vw_arrow(struct vw *vw, int x, int y, const char *op)
{
	int	i, ow, lead = vw->aw - vw->opw >= 5 ? 2 : 1;

	view_hline(vw->v, x, y, lead, ST_DIM);
	ow = vw_field(vw, x + lead, y, ST_NORMAL, vw->opw, op);
	for (i = x + lead + ow; i < x + vw->aw - 1; i++)
		view_hline(vw->v, i, y, 1, ST_DIM);
	view_puts(vw->v, x + vw->aw - 1, y, ST_DIM, 1, vw->head_r);
}

/* One group's lines at (x, y); returns the rows used. */
static int
vw_line(struct vw *vw, int x, int y, const struct vw_group *gr, int maxrows)
{
	const struct wait	*w = vw_first(vw, gr);
	char			 who[VW_TEXT], srv[VW_TEXT];
	char			 lines[VW_WRAP][VW_TEXT];
	enum style		 st;
	int			 n, i, cx, x0;

	vw_badge(vw, x, y, w->mark);
	x += vw->bw;
	vw_who(vw, gr, vw->nw, who, sizeof who);
	vw_field(vw, x, y, w->mark == WAIT_FREE ? ST_NORMAL : ST_ERROR,
	    vw->nw, who);
	x += vw->nw + vw->gap;
	vw_arrow(vw, x, y, w->op != NULL ? w->op : "?");
	x += vw->aw + vw->gap;
	vw_field(vw, x, y, ST_HEADING, vw->cw, w->chan >= 0 ?
	    vw->m->chans[w->chan].name : "?");
	x0 = x - vw->nw - vw->gap - vw->aw - vw->gap - vw->bw;
	cx = x0 + vw->lx;
	y += vw->stacked;
	view_puts(vw->v, cx, y, ST_DIM, 1, vw->head_l);
	view_hline(vw->v, cx + 1, y, 2, ST_DIM);
	vw_servers(vw, w, srv, sizeof srv, &st);
	maxrows -= vw->stacked;
	n = vw_wrap(vw, srv, vw->sw, lines, maxrows < VW_WRAP ? maxrows :
	    VW_WRAP);
	for (i = 0; i < n; i++)
		vw_field(vw, cx + 3 + vw->gap, y + i, st, vw->sw, lines[i]);
	return vw->stacked + (n > 0 ? n : 1);
}

/* A paragraph below the lines: a mark's meaning, or who does not wait. */
struct vw_para {
	enum wait_mark	 mark;		/* its badge; WAIT_FREE none */
	enum style	 st;
	char		 text[VW_TEXT];
	char		 lines[VW_NOTES][VW_TEXT];
	int		 n;		/* lines wrapped */
};

/* The waiters with this mark, by name, each once. */
static void
vw_names(const struct vw *vw, enum wait_mark mark, char *buf, size_t len,
    int *count)
{
	const struct wait	*w;
	char			 name[128];
	int			 i;

	buf[0] = '\0';
	*count = 0;
	for (i = 0; i < vw->ws.n; i++) {
		w = &vw->ws.w[i];
		if (w->mark != mark)
			continue;
		vw_node_name(vw, WAIT_NODE(w->proc, w->thread), name,
		    sizeof name);
		vw_cat(buf, len, "%s%s", (*count)++ > 0 ? ", " : "", name);
	}
}

/* "not blocked: producer done, worker-1 done". */
static void
vw_others(const struct vw *vw, char *buf, size_t len)
{
	const struct model_proc	*p;
	int			 i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < vw->m->nprocs; i++) {
		p = &vw->m->procs[i];
		if (p->state == PS_BLOCKED)
			continue;
		vw_cat(buf, len, "%s%s ", n++ > 0 ? ", " : "not blocked: ",
		    p->name);
		if (p->state == PS_WAITING && p->op != NULL)
			vw_cat(buf, len, "waiting %s", p->op);
		else if (p->state == PS_FAILED && p->detail[0] != '\0')
			vw_cat(buf, len, "%s", p->detail);
		else
			vw_cat(buf, len, "%s", state_name(p->state));
	}
}

/* How many waits have servers the analysis does not know. */
static int
vw_unknown(const struct vw *vw)
{
	int	i, n = 0;

	for (i = 0; i < vw->ws.n; i++)
		n += vw->ws.w[i].side == WAIT_SIDE_NONE;
	return n;
}

/* The paragraphs, each wrapped in w columns; returns how many. */
static int
vw_paras(const struct vw *vw, struct vw_para *pa, int w)
{
	const struct waits	*ws = &vw->ws;
	char			 names[VW_TEXT];
	int			 n = 0, k, cnt;

	if (ws->n == 0)
		vw_cat(pa[n++].text, VW_TEXT, "Nobody is blocked: every "
		    "live process runs, sleeps on purpose or has ended.");
	else if (ws->ncycle + ws->nstall + ws->nbehind == 0 &&
	    vw_unknown(vw) > 0)
		vw_cat(pa[n++].text, VW_TEXT, "None is known to be stuck: "
		    "who could serve some of them is not known (an end held, "
		    "or a semaphore mapped, by a live process not seen in a "
		    "call on it).");
	else if (ws->ncycle + ws->nstall + ws->nbehind == 0)
		vw_cat(pa[n++].text, VW_TEXT, "Every blocked process waits "
		    "on one that can still act.");
	if (ws->ncycle > 0) {
		vw_names(vw, WAIT_CYCLE, names, sizeof names, &cnt);
		pa[n].mark = WAIT_CYCLE;
		vw_cat(pa[n++].text, VW_TEXT, "%s wait on each other: none "
		    "of them can move (a deadlock).", names);
	}
	if (ws->nstall > 0) {
		vw_names(vw, WAIT_STALL, names, sizeof names, &cnt);
		pa[n].mark = WAIT_STALL;
		vw_cat(pa[n++].text, VW_TEXT, "Nobody left can serve %s: %s "
		    "never go on.", names, cnt == 1 ? "it can" : "they can");
	}
	if (ws->nbehind > 0) {
		vw_names(vw, WAIT_BEHIND, names, sizeof names, &cnt);
		pa[n].mark = WAIT_BEHIND;
		vw_cat(pa[n++].text, VW_TEXT, "%s wait%s on processes that "
		    "can never move.", names, cnt == 1 ? "s" : "");
	}
	vw_others(vw, pa[n].text, VW_TEXT);
	if (pa[n].text[0] != '\0')
		pa[n++].st = ST_DIM;
	for (k = 0; k < n; k++) {
		if (pa[k].mark != WAIT_FREE)
			pa[k].st = ST_ERROR;
		pa[k].n = vw_wrap(vw, pa[k].text, w - vw->bw, pa[k].lines,
		    VW_NOTES);
	}
	return n;
}

#define VW_PARAS	5

/* How the rows inside the box are shared, decided before drawing. */
struct vw_plan {
	int	groups;			/* groups shown */
	int	more;			/* waiters not shown, on a line */
	int	gap;			/* blank rows between groups */
	int	lines[VW_PARAS];	/* rows of each paragraph shown */
	int	blank;			/* a blank row before them */
	int	para_gap;		/* blank rows between them */
	int	pad;			/* blank rows above and below */
	int	used;
};

/*
 * Lines first (keeping a row for each paragraph that explains a mark),
 * then the paragraphs in order, then air: in big mode a blank row
 * between the lines and the picture centred.
 */
static void
vw_plan(const struct vw *vw, const struct vw_para *pa, int npa, int avail,
    struct vw_plan *pl)
{
	int	i, resv = 0, need, n;

	memset(pl, 0, sizeof *pl);
	for (i = 0; i < npa; i++)
		resv += pa[i].st != ST_DIM;
	resv += resv > 0;
	for (i = 0; i < vw->ngroups; i++) {
		need = vw->groups[i].lines + (i + 1 < vw->ngroups);
		if (pl->used + need > avail - resv)
			break;
		pl->used += vw->groups[i].lines;
		pl->groups++;
	}
	for (; i < vw->ngroups; i++)
		pl->more += vw->groups[i].n;
	pl->used += pl->more > 0;
	pl->blank = npa > 0 && pl->used + 2 <= avail;
	pl->used += pl->blank;
	for (i = 0; i < npa && pl->blank; i++) {
		n = avail - pl->used;
		pl->lines[i] = pa[i].n < n ? pa[i].n : n;
		pl->used += pl->lines[i];
	}
	if (!vw->big)
		return;
	/* Air, where there is room: above and below, between lines. */
	if (pl->groups > 1 && avail - pl->used >= 2 * (pl->groups - 1) + 2) {
		pl->gap = 1;
		pl->used += pl->groups - 1;
	}
	if (npa > 1 && pl->blank && avail - pl->used >= 2 * (npa - 1) + 2) {
		pl->para_gap = 1;
		pl->used += npa - 1;
	}
	pl->pad = (avail - pl->used) / 2 > 2 ? 2 : (avail - pl->used) / 2;
	pl->used += 2 * pl->pad;
}

/*
 * Line k of a paragraph shown in n lines: the last one shown carries the
 * rest, which the drawing cuts with an ellipsis.
 */
static const char *
vw_para_line(const struct vw_para *pa, int k, int n, char *buf, size_t len)
{
	int	j;

	if (k + 1 < n || n >= pa->n)
		return pa->lines[k];
	buf[0] = '\0';
	for (j = k; j < pa->n; j++)
		vw_cat(buf, len, "%s%s", j > k ? " " : "", pa->lines[j]);
	return buf;
}

static int
vw_draw_paras(struct vw *vw, int x, int y, const struct vw_para *pa, int npa,
    const struct vw_plan *pl, int iw)
{
	char	rest[VW_TEXT];
	int	i, k, tx;

	for (i = 0; i < npa; i++) {
		/* Under the waiters' names, a badge in front where marked. */
		tx = x + vw->bw;
		if (pa[i].mark != WAIT_FREE && pl->lines[i] > 0)
			vw_badge(vw, x, y, pa[i].mark);
		for (k = 0; k < pl->lines[i]; k++)
			vw_field(vw, tx, y++, pa[i].st, iw - (tx - x),
			    vw_para_line(pa + i, k, pl->lines[i], rest,
			    sizeof rest));
		if (pl->lines[i] > 0)
			y += pl->para_gap;
	}
	return y;
}

static void
vw_draw_body(struct vw *vw, int x, int y, int iw, const struct vw_para *pa,
    int npa, const struct vw_plan *pl)
{
	char	more[64];
	int	i;

	y += pl->pad;
	for (i = 0; i < pl->groups; i++)
		y += vw_line(vw, x, y, &vw->groups[i],
		    vw->groups[i].lines) + pl->gap;
	y -= pl->groups > 0 ? pl->gap : 0;
	if (pl->more > 0) {
		snprintf(more, sizeof more, "+%d more waiting", pl->more);
		vw_field(vw, x + vw->bw, y++, ST_DIM, iw - vw->bw, more);
	}
	y += pl->blank;
	vw_draw_paras(vw, x, y, pa, npa, pl, iw);
}

/* How wide the lines and paragraphs are, as drawn. */
static int
vw_content_width(const struct vw *vw, const struct vw_para *pa, int npa)
{
	int	i, k, w, max, srv;

	srv = vw_servers_width(vw);
	max = vw->lx + 3 + vw->gap + (srv < vw->sw ? srv : vw->sw);
	w = vw->bw + vw->nw + vw->gap + vw->aw + vw->gap + vw->cw;
	if (w > max)
		max = w;
	for (i = 0; i < npa; i++) {
		for (k = 0; k < pa[i].n; k++) {
			w = vw->bw + vw_width(vw, pa[i].lines[k]);
			if (w > max)
				max = w;
		}
	}
	return max;
}

/* Each group's rows: its servers' text wrapped in its column. */
static void
vw_measure(struct vw *vw)
{
	char		 srv[VW_TEXT], lines[VW_WRAP][VW_TEXT];
	enum style	 st;
	int		 i;

	for (i = 0; i < vw->ngroups; i++) {
		vw_servers(vw, vw_first(vw, &vw->groups[i]), srv, sizeof srv,
		    &st);
		vw->groups[i].lines = vw_wrap(vw, srv, vw->sw, lines, VW_WRAP);
		if (vw->groups[i].lines < 1)
			vw->groups[i].lines = 1;
		vw->groups[i].lines += vw->stacked;
	}
}

/* The box: as tall as the picture, centred in the area (x, y, w, h). */
static void
vw_frame(struct vw *vw, const struct vw_plan *pl, int ax, int ay, int aw,
    int ah, int bw, int box[4])
{
	int	i;

	box[2] = bw;
	box[3] = pl->used + 3;
	box[0] = ax + (aw - bw) / 2;
	box[1] = ay + (ah - box[3]) / 2;
	for (i = 0; i < box[3]; i++)
		grid_fill(vw->v->g, box[0], box[1] + i, bw, ' ', ST_NORMAL);
	view_box(vw->v, box[0], box[1], bw, box[3], ST_HEADING,
	    "who waits for whom");
	view_field(vw->v, box[0] + 1, box[1] + box[3] - 2, ST_DIM, bw - 2,
	    AL_CENTRE, vw->v->vs->frozen ? "frozen; w or esc to close" :
	    vw->v->vs->replay[0] != '\0' ? "recorded; w or esc to close" :
	    "live; w or esc to close");
	view_map_add(vw->v, VIEW_HIT_NONE, -1, box[0], box[1], bw, box[3]);
}

void
view_waits(struct view *v)
{
	struct vw	 vw;
	struct vw_para	 pa[VW_PARAS];
	struct vw_plan	 pl;
	int		 box[4], bw, iw, npa, cx;

	/* Between the header and the footer; the whole width in big. */
	bw = v->vs->big || v->cols < 110 ? v->cols : 110;
	if (bw < 30 || v->rows - 2 < 5)
		return;
	memset(&vw, 0, sizeof vw);
	vw.v = v;
	vw.m = v->m;
	vw.big = v->vs->big;
	vw.head_r = v->ascii ? ">" : "\u25b6";
	vw.head_l = v->ascii ? "<" : "\u25c0";
	waits_compute(&vw.ws, v->m);
	vw_group(&vw);
	iw = bw - 4;
	vw_columns(&vw, iw);
	vw_measure(&vw);
	memset(pa, 0, sizeof pa);
	npa = vw_paras(&vw, pa, iw);
	/* Not big: only as wide as the picture (and its hint). */
	if (!vw.big && vw_content_width(&vw, pa, npa) + 4 < bw) {
		bw = vw_content_width(&vw, pa, npa) + 4;
		if (bw < 40)
			bw = 40;
		iw = bw - 4;
	}
	/* Inside the border: the picture, then a row for the hint. */
	vw_plan(&vw, pa, npa, v->rows - 2 - 3, &pl);
	vw_frame(&vw, &pl, 0, 1, v->cols, v->rows - 2, bw, box);
	/* Big: the lines centred as a block. */
	cx = 0;
	if (vw.big && (cx = (iw - vw_content_width(&vw, pa, npa)) / 2) < 0)
		cx = 0;
	vw_draw_body(&vw, box[0] + 2 + cx, box[1] + 1, iw - cx, pa, npa, &pl);
	free(vw.order);
	free(vw.groups);
	waits_clear(&vw.ws);
}
