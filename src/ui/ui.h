/*
 * ui.h: terminal back ends. A back end sets the terminal up, reports keys
 * and its size, copies a grid to the screen and restores the terminal.
 * It knows nothing of the model. Only ui-ncurses.c includes curses.h;
 * only ui-tickit.c (and its header, for tests) includes tickit.h.
 *
 * Call order: init, then any number of size / blit / read_key (read_key
 * when input_fd is readable, it never blocks), then done. done must be safe
 * to call more than once and from the fatal-signal path, and must leave the
 * terminal as it was before init (cursor visible, echo, cooked mode, main
 * screen).
 */
#ifndef IPCSCOPE_UI_H
#define IPCSCOPE_UI_H

#include <stdbool.h>

#include "screen/grid.h"
#include "screen/keycodes.h"

struct ui_backend {
	const char	*name;		/* "ncurses" */
	/* Returns 0, or -1 with *cause allocated. color: use colours if the
	   terminal has them. */
	int		(*init)(bool color, char **cause);
	bool		(*has_color)(void);	/* after init */
	int		(*input_fd)(void);
	/* Next key or UIK_NONE when no more input is waiting. */
	int		(*read_key)(void);
	void		(*size)(int *cols, int *rows);
	/* Show the grid; full = repaint everything (after ^L). */
	void		(*blit)(const struct grid *, bool full);
	void		(*done)(void);
	/*
	 * May be NULL. Milliseconds after which read_key must be called
	 * even if input_fd stays quiet (a lone ESC the back end holds back
	 * while it waits for the rest of a key sequence), or -1.
	 */
	int		(*timeout_ms)(void);
	/*
	 * May be NULL (no mouse). The cell of the click that the last
	 * UIK_MOUSE reported, 0-based column and row. A back end with a
	 * mouse turns click reporting on in init and off again in done.
	 */
	void		(*mouse)(int *col, int *row);
};

/* Before init: stdin and stdout are a terminal and TERM names a real
   one. 0, or -1 with *cause allocated. */
int	ui_check_terminal(char **cause);

/*
 * The back ends: one table in ui.c, the only place that knows which ones
 * this build has. ui_backend_find(NULL) is the default, ui_backend_find
 * (NAME) the one of that name, NULL if this build has none.
 * ui_backend_name(i) is the name of the i-th this build has (0 the
 * default), NULL past the last; ui_backend_names() all of them, separated
 * by spaces ("ncurses tickit"): for --help, --version and errors.
 * ui_backend_lacks(NAME) is what a build needs for a back end it does
 * not have ("libtickit"), NULL for one it has and for an unknown NAME.
 */
const struct ui_backend	*ui_backend_find(const char *name);
const char		*ui_backend_name(int i);
const char		*ui_backend_names(void);
const char		*ui_backend_lacks(const char *name);

/* Each back end's own file defines one of these, listed in ui.c's
   table; ui_tickit is there only in a build with libtickit. */
extern const struct ui_backend ui_ncurses;
extern const struct ui_backend ui_tickit;

#endif
