/*
 * view.h: lays the model out into a grid. Pure: no terminal, no /proc,
 * no clock; the same model and state always give the same grid. Tested by
 * rendering into a grid and comparing text (tests/check_view.c).
 */
#ifndef IPCSCOPE_VIEW_H
#define IPCSCOPE_VIEW_H

#include <stdbool.h>

#include "screen/grid.h"
#include "model/model.h"
#include "base/limits.h"

/* What the user chose on screen; kept by the controller, read by the view. */
struct view_state {
	int		 selected;	/* process index, -1 none */
	/*
	 * A channel chosen with the mouse: then selected is -1 and the
	 * explain panel (e) explains channel selected_chan.
	 */
	bool		 chan_selected;
	int		 selected_chan;
	bool		 help;		/* the ? overlay */
	bool		 ascii;		/* ASCII glyphs only (--ascii, non-UTF-8 locale) */
	bool		 color;		/* colours available and wanted */
	bool		 big;		/* --big: the projector layout */
	char		 message[160];	/* one-line feedback ("writer paused"); "" none */

	bool		 explain;	/* e: the explain panel for the selection */
	bool		 waits;		/* w: who waits for whom (view/waits.h) */

	/* f: the model shown is a snapshot taken at its own t; live_t is now. */
	bool		 frozen;
	double		 live_t;

	/* --replay: the player's state for the header ("replay 2x",
	   "replay paused"); the keys say what they do while replaying.
	   "" live. */
	char		 replay[32];

	/* The scenario picker (s): every scenario, its title and about. */
	bool		 picker;
	int		 picker_sel;
	int		 picker_n;
	const char	**picker_names;
	const char	**picker_titles;
	const char	**picker_abouts;
};

void	view_draw(const struct model *, const struct view_state *, struct grid *);

/*
 * Where the last drawing put each process and channel, so that a mouse
 * click can be mapped back to what was under it. Rectangles are in the
 * order drawn; an overlay adds one of kind VIEW_HIT_NONE over what it
 * hides. A pool line in big mode maps to its first process. A drawing
 * maps each process and channel at most once and shows one overlay at a
 * time, so a map holds all of them at the limits of a scenario.
 */
enum view_hit_kind {
	VIEW_HIT_NONE = 0,
	VIEW_HIT_PROC,
	VIEW_HIT_CHAN
};

#define VIEW_HITS_OVERLAYS	4	/* one at a time; room to spare */
#define VIEW_HITS_MAX	\
	(IPCSCOPE_MAX_PROCS + IPCSCOPE_MAX_CHANNELS + VIEW_HITS_OVERLAYS)

struct view_hit {
	enum view_hit_kind	 kind;
	int			 index;		/* process or channel */
	int			 x, y, w, h;
};

struct view_map {
	int			 n;
	struct view_hit		 hits[VIEW_HITS_MAX];
};

/* view_draw, also filling map (emptied first; may be NULL). */
void	view_draw_map(const struct model *, const struct view_state *,
	    struct grid *, struct view_map *);
/*
 * What was drawn at cell (x, y): VIEW_HIT_PROC or VIEW_HIT_CHAN with
 * *index set, or VIEW_HIT_NONE (nothing there, or an overlay on top).
 */
enum view_hit_kind view_hit(const struct view_map *, int x, int y, int *index);

#endif
