/*
 * big.c: --big, the projector layout. Fewer, larger elements for a room
 * that reads the screen from far away: the title, each channel as a bar
 * several rows tall with its numbers in plain text beside it
 * (big-chans.c), one line per process saying its state in words
 * (big-procs.c), one rate per channel and a large caption at the bottom.
 * The small print (pids, the kernel's view, counters, sparklines, events)
 * stays in the normal layout. Rows are handed out by priority as in the
 * normal layout's plan, so that 80x24 still shows every part; the
 * overlays are shared (overlays.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "screen/keys.h"
#include "base/util.h"
#include "view/view-int.h"

/*
 * The essentials, in order: a channel, a process, the caption, every
 * channel, and a "+N more" line for those left out.
 */
static void
view_big_plan_core(const struct view *v, int cap_need,
    struct view_big_plan *pl, int *left)
{
	const struct model	*m = v->m;

	if (m->nchans > 0 && view_take(left, 2)) {
		pl->chans = 1;
		pl->bar = 1;
	}
	if (m->nprocs > 0 && view_take(left, 2))
		pl->lines = 1;
	if (cap_need > 0 && view_take(left, 3))
		pl->cap_lines = 1;
	if (pl->cap_lines > 0 && cap_need > 1 && view_take(left, 1))
		pl->cap_lines++;
	while (pl->chans > 0 && pl->chans < m->nchans && view_take(left, 2))
		pl->chans++;
	/* Say how many are left out, at the cost of one more if need be. */
	if (pl->chans > 0 && pl->chans < m->nchans) {
		if (view_take(left, 1))
			pl->chans_more = true;
		else if (pl->chans > 1) {
			pl->chans--;
			*left += 2 - 1;
			pl->chans_more = true;
		}
	}
}

/* Hand rows to the parts by priority; see the comment at the top. */
static void
view_big_plan(const struct view *v, int cap_need, struct view_big_plan *pl)
{
	struct view_big_line	 lines[SCENARIO_MAX_PROCS + 1];
	const struct model	*m = v->m;
	int			 left = v->rows - 3;	/* header, slot, footer */
	int			 used;

	memset(pl, 0, sizeof *pl);
	view_big_plan_core(v, cap_need, pl, &left);
	while (pl->lines > 0 && pl->lines < m->nprocs && view_take(&left, 1))
		pl->lines++;
	/* Pools may need fewer lines than were given: give the rest back. */
	if (pl->lines > 0) {
		used = view_big_lines(v, pl->lines, lines);
		left += pl->lines - used;
		pl->lines = used;
	}
	while (pl->cap_lines > 0 && pl->cap_lines < cap_need &&
	    view_take(&left, 1))
		pl->cap_lines++;
	if (pl->chans > 0 && pl->bar < 2 && view_take(&left, pl->chans))
		pl->bar = 2;
	if (pl->lines > 1 && view_take(&left, pl->lines - 1))
		pl->proc_gap = 1;
	if (pl->chans > 0 && view_take(&left, pl->chans))
		pl->chan_gap = 1;
	while (pl->chans > 0 && pl->bar < 3 && view_take(&left, pl->chans))
		pl->bar++;
	if (view_take(&left, 1))
		pl->gap_top = 1;
	/* A caption area that keeps its size as the cues change. */
	pl->cap_rows = pl->cap_lines;
	while (pl->cap_rows > 0 && pl->cap_rows < BIG_CAPTION_MAX - 1 &&
	    view_take(&left, 1))
		pl->cap_rows++;
	/* Rows to spare: taller bars. */
	while (pl->chans > 0 && pl->bar < BIG_BAR_ROWS &&
	    view_take(&left, pl->chans))
		pl->bar++;
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
	if (m->caption_live && m->caption[0] != '\0') {
		*title = view_live_title(v);
		return m->caption;
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

/* The last message on the right; returns the columns left for keys. */
static int
view_big_message(struct view *v, int y)
{
	const char	*msg = v->vs->message;
	int		 avail = v->cols - 1, w;

	if (msg[0] == '\0')
		return avail;
	w = view_width(v, msg) + 2;
	if (w > avail - 16)
		w = avail - 16;
	if (w > 2) {
		view_field(v, v->cols - w, y, ST_TITLE, w, AL_CENTRE, msg);
		grid_put(v->g, v->cols - w, y, ' ', ST_TITLE);
		avail -= w + 1;
	}
	return avail;
}

/* The keys shrink to a hint; the last message goes on the right. */
static void
view_big_footer(struct view *v, int y)
{
	/* The few that a presenter needs, from the key table. */
	static const enum key_action acts[] = {
		KA_CUE,		/* presenting only */
		KA_HELP, KA_EXPLAIN, KA_WAITS, KA_QUIT
	}, racts[] = {		/* replaying */
		KA_ALL, KA_STEP, KA_RATE, KA_HELP, KA_EXPLAIN, KA_WAITS,
		KA_QUIT
	};
	const struct key_binding *kb;
	const enum key_action	*list = acts;
	const char	*label;
	size_t		 i, nlist = nitems(acts);
	int		 x = 1, avail, w, k;
	bool		 rp = v->vs->replay[0] != '\0';

	if (rp) {
		list = racts;
		nlist = nitems(racts);
	}
	avail = view_big_message(v, y);
	for (i = v->m->step || rp ? 0 : 1; i < nlist; i++) {
		for (k = 0; k < keys_count && keys_table[k].action != list[i];
		    k++)
			;
		if (k == keys_count)
			continue;
		kb = &keys_table[k];
		/* The first key of the binding: "q", not "q ^C" (both of
		   [ ] and + -). */
		label = v->ascii ? kb->alabel : kb->label;
		w = kb->action == KA_STEP || kb->action == KA_RATE ?
		    (int)strlen(label) : (int)strcspn(label, " ");
		if (x + w + 1 + view_width(v, keys_brief(kb, rp)) > avail)
			break;
		view_puts(v, x, y, ST_KEY, w, label);
		x += w + 1;
		x += view_puts(v, x, y, ST_DIM, avail - x,
		    keys_brief(kb, rp)) + 2;
	}
}

/* The caption's box at the bottom, as tall as planned. */
static void
view_big_caption_draw(struct view *v, const struct view_big_plan *pl,
    char lines[][VIEW_TEXT], const char *title, enum style st)
{
	int	i, y = v->rows - 1 - (pl->cap_rows + 2);

	view_box(v, 1, y, v->cols - 2, pl->cap_rows + 2, ST_DIM, title);
	for (i = 0; i < pl->cap_lines; i++)
		view_puts(v, 3, y + 1 + i, st, v->cols - 6, lines[i]);
}

void
view_draw_big(struct view *v)
{
	struct view_big_plan	 pl;
	char			 lines[BIG_CAPTION_MAX][VIEW_TEXT], more[48];
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
		view_big_caption_draw(v, &pl, lines, ctitle, cst);
	}
	view_big_footer(v, v->rows - 1);
}
