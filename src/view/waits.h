/*
 * waits.h (view): the wait-for picture (key w), drawn over either layout.
 *
 * Each blocked process or thread, the call it is in, the channel and the
 * processes that could serve it, one line per group of waiters that wait
 * alike ("worker-2, worker-3 ──recv──▶ tasks ◀── (no writer left:
 * producer done)"), stalls and cycles marked with badges and said in
 * words below, then who does not wait. Computed from the model it is
 * given (model/waits.h), so a frozen snapshot shows its own waits. Pure,
 * as the rest of the view.
 */
#ifndef IPCSCOPE_VIEW_WAITS_H
#define IPCSCOPE_VIEW_WAITS_H

#include <stdbool.h>

#include "screen/grid.h"
#include "model/model.h"

struct view_waits_look {
	bool	ascii;		/* ASCII glyphs only */
	bool	big;		/* --big: spaced out, the whole area */
	bool	frozen;		/* a snapshot (f), not the live run */
};

/* The box drawn, for the click map. */
struct view_waits_box {
	int	x, y, w, h;
};

/*
 * Draw the picture of m in a box within the area (x, y, w, h) of g (the
 * box fills it in big mode, else it is as tall as its content, centred).
 * An area too small for a box draws nothing: box->w is 0.
 */
void	view_waits_draw(const struct model *, struct grid *,
	    const struct view_waits_look *, int x, int y, int w, int h,
	    struct view_waits_box *box);

#endif
