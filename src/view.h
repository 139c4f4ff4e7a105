/*
 * view.h: lays the model out into a grid. Pure: no terminal, no /proc,
 * no clock; the same model and state always give the same grid. Tested by
 * rendering into a grid and comparing text (tests/check_view.c).
 */
#ifndef IPCSCOPE_VIEW_H
#define IPCSCOPE_VIEW_H

#include <stdbool.h>

#include "grid.h"
#include "model.h"

/* What the user chose on screen; kept by the controller, read by the view. */
struct view_state {
	int		 selected;	/* process index, -1 none */
	bool		 help;		/* the ? overlay */
	bool		 ascii;		/* ASCII glyphs only (--ascii, non-UTF-8 locale) */
	bool		 color;		/* colours available and wanted */
	bool		 big;		/* --big: the projector layout */
	char		 message[160];	/* one-line feedback ("writer paused"); "" none */

	bool		 explain;	/* e: the explain panel for the selection */

	/* f: the model shown is a snapshot taken at its own t; live_t is now. */
	bool		 frozen;
	double		 live_t;

	/* The scenario picker (s): every scenario, its title and about. */
	bool		 picker;
	int		 picker_sel;
	int		 picker_n;
	const char	**picker_names;
	const char	**picker_titles;
	const char	**picker_abouts;
};

void	view_draw(const struct model *, const struct view_state *, struct grid *);

#endif
