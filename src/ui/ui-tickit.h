/*
 * ui-tickit.h: the drawing half of the libtickit back end, exposed so
 * that tests can paint onto a mock terminal (tickit-mockterm.h). Only
 * ui-tickit.c and its tests include this (and so tickit.h); the program
 * reaches the back end through the table in ui.c (ui_backend_find).
 */
#ifndef IPCSCOPE_UI_TICKIT_H
#define IPCSCOPE_UI_TICKIT_H

#include <stdbool.h>

#include <tickit.h>

#include "screen/grid.h"

/*
 * A painter copies grids to one TickitTerm it does not own: a pen per
 * style, chosen from the colours the terminal has (256, 8 or none, when
 * color is false or the terminal has fewer than 8), and a copy of the
 * last grid so that each blit sends only the cells that changed.
 */
struct ui_tickit_painter;

struct ui_tickit_painter *ui_tickit_painter_new(TickitTerm *, bool color);
void	ui_tickit_painter_free(struct ui_tickit_painter *);
/* true if the pens use colours. */
bool	ui_tickit_painter_color(const struct ui_tickit_painter *);
/* Forget what the screen shows: the next blit repaints everything. */
void	ui_tickit_painter_invalidate(struct ui_tickit_painter *);
/*
 * Draw g (clipped to the terminal's size) and flush. full: clear the
 * terminal first and repaint every cell.
 */
void	ui_tickit_painter_blit(struct ui_tickit_painter *, const struct grid *,
	    bool full);

#endif
