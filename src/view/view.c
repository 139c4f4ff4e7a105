/*
 * view.c: lays the model out into a grid.
 *
 * One screen, top to bottom: a header, the channels (fill gauges), the
 * processes (state badges), throughput sparklines, recent events, the
 * caption and a footer of keys; an overlay (help, explain, the picker)
 * goes on top. Rows are handed out by priority (view_plan) so that at
 * 80x24 the essentials fit and the extras (second channel lines,
 * sparklines, blank separators, events) appear only when there is room;
 * columns are dropped the same way (the kernel's view first).
 *
 * With --big (view_state.big) a second layout, view_draw_big(), takes the
 * place of this one for projectors; the overlays are shared. Both record
 * where they drew each process and channel (struct view_map) for clicks.
 *
 * The parts live in their own files (view-int.h lists them); this one
 * plans, calls them in order and keeps the hit map.
 *
 * Everything here is a function of the model and the view state: no clock,
 * no I/O, no terminal. Colours are roles (enum style); the back end picks
 * the actual colours. Numbers the model does not know (-1, NAN) show as
 * "?", never as a guess.
 */
#include "config.h"

#include <string.h>

#include "view/view-int.h"

#define VIEW_CAPTION_MAX 3	/* lines of caption text */
#define VIEW_CAPTION_STEP 6	/* presenting (--step): a larger caption */
#define VIEW_EVENTS_MAX	10

bool
view_take(int *left, int n)
{
	if (n > *left)
		return false;
	*left -= n;
	return true;
}

void
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
 * Map channel i, and when it is the selection mark its first row as a
 * process row is marked (the marker in column 0, plain text in the
 * selection's style; gauges keep theirs).
 */
void
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

/*
 * The essentials first: a channel, a process, a line of caption (more of
 * it, and its box, when presenting), three processes, every channel, the
 * whole caption, every process, the caption's box.
 */
static void
view_plan_core(const struct view *v, int cap_max, struct view_plan *pl,
    int *left)
{
	const struct model	*m = v->m;

	if (m->nchans > 0 && view_take(left, 2))
		pl->chans = 1;
	if (m->nprocs > 0 && view_take(left, 2))
		pl->procs = 1;
	if (cap_max > 0 && view_take(left, 1))
		pl->cap_lines = 1;
	/* Presenting, the words come before the detail. */
	while (m->step && pl->cap_lines > 0 && pl->cap_lines < cap_max &&
	    view_take(left, 1))
		pl->cap_lines++;
	if (m->step && pl->cap_lines > 0 && view_take(left, 2))
		pl->cap_box = true;
	while (pl->procs > 0 && pl->procs < m->nprocs && pl->procs < 3 &&
	    view_take(left, 1))
		pl->procs++;
	while (pl->chans > 0 && pl->chans < m->nchans && view_take(left, 1))
		pl->chans++;
	while (pl->cap_lines > 0 && pl->cap_lines < cap_max &&
	    view_take(left, 1))
		pl->cap_lines++;
	while (pl->procs > 0 && pl->procs < m->nprocs && view_take(left, 1))
		pl->procs++;
	if (pl->cap_lines > 0 && !pl->cap_box && view_take(left, 2))
		pl->cap_box = true;
}

/*
 * Then the extras: gaps, second channel lines, sparklines (for processes
 * only when every one gets a row) and, with four rows to spare, events.
 */
static void
view_plan_extras(const struct view *v, struct view_plan *pl, int *left)
{
	const struct model	*m = v->m;

	if (pl->chans > 0 && pl->procs > 0 && view_take(left, 1))
		pl->gap_procs = 1;
	if (pl->chans == m->nchans && pl->chans > 0 &&
	    view_take(left, pl->chans))
		pl->chan2 = true;
	if (view_take(left, 1))
		pl->gap_top = 1;
	if (pl->chans == m->nchans && pl->chans > 0 &&
	    view_take(left, 1 + pl->chans))
		pl->spark = true;
	if (pl->spark && view_take(left, 1))
		pl->gap_spark = 1;
	while (pl->spark && pl->procs == m->nprocs &&
	    pl->spark_procs < m->nprocs && view_take(left, 1))
		pl->spark_procs++;
	/* Half a list of process sparklines is noise: all or none. */
	if (pl->spark_procs < m->nprocs) {
		*left += pl->spark_procs;
		pl->spark_procs = 0;
	}
	if (m->nevents > 0 && *left >= 4) {
		pl->gap_events = view_take(left, 1);
		view_take(left, 1);
		pl->events = m->nevents;
		if (pl->events > MODEL_EVENTS)
			pl->events = MODEL_EVENTS;
		if (pl->events > VIEW_EVENTS_MAX)
			pl->events = VIEW_EVENTS_MAX;
		if (pl->events > *left)
			pl->events = *left;
		*left -= pl->events;
	}
}

/* Hand rows to the parts by priority; see the comment at the top. */
static void
view_plan(const struct view *v, int cap_max, struct view_plan *pl)
{
	int	left = v->rows - 2;	/* header, footer */

	memset(pl, 0, sizeof *pl);
	view_plan_core(v, cap_max, pl, &left);
	view_plan_extras(v, pl, &left);
}

/*
 * The normal layout, top to bottom. The caption's box is as tall as the
 * layout allows for any caption (VIEW_CAPTION_MAX lines, more when
 * presenting), whatever the text: the rows above it stay where they are
 * when the caption changes, and a longer text ends in an ellipsis.
 */
static void
view_draw_normal(struct view *v)
{
	struct view_plan pl;
	char		 lines[VIEW_CAPTION_STEP][VIEW_TEXT], cbuf[VIEW_TEXT];
	const char	*cap, *ctitle;
	enum style	 cst;
	int		 y, caph, i;

	cap = view_caption(v, cbuf, sizeof cbuf, &ctitle, &cst);
	/* Nothing to tell at all (no caption, event or about): no box. */
	view_plan(v, cap == NULL ? 0 : v->m->step ? VIEW_CAPTION_STEP :
	    VIEW_CAPTION_MAX, &pl);

	view_header(v);
	y = 1 + pl.gap_top;
	if (pl.chans > 0)
		y = view_channels(v, y, &pl);
	y += pl.gap_procs;
	if (pl.procs > 0)
		y = view_procs(v, y, &pl);
	y += pl.gap_spark;
	if (pl.spark)
		y = view_throughput(v, y, &pl);
	y += pl.gap_events;
	if (pl.events > 0)
		view_events(v, y, &pl);

	if (pl.cap_lines > 0) {
		for (i = 0; i < pl.cap_lines; i++)
			lines[i][0] = '\0';
		view_wrap(v, cap, v->cols - 6, lines, pl.cap_lines);
		caph = pl.cap_lines + (pl.cap_box ? 2 : 0);
		view_caption_draw(v, v->rows - 1 - caph, &pl, lines, ctitle,
		    cst);
	}
	view_footer(v, v->rows - 1);
}

void
view_draw(const struct model *m, const struct view_state *vs,
    struct grid *g)
{
	view_draw_map(m, vs, g, NULL);
}

void
view_draw_map(const struct model *m, const struct view_state *vs,
    struct grid *g, struct view_map *map)
{
	struct view	 v;

	memset(&v, 0, sizeof v);
	v.m = m;
	v.vs = vs;
	v.g = g;
	v.cols = g->cols;
	v.rows = g->rows;
	v.ascii = vs->ascii;
	v.color = vs->color;
	v.gl = vs->ascii ? &view_glyphs_ascii : &view_glyphs_utf8;
	v.map = map;
	if (map != NULL)
		map->n = 0;

	grid_clear(g);
	if (g->cols < VIEW_MIN_COLS || g->rows < VIEW_MIN_ROWS) {
		view_too_small(&v);
		return;
	}
	if (vs->big)
		view_draw_big(&v);
	else
		view_draw_normal(&v);
	view_overlays(&v);
}
