/*
 * palette.h: how each grid style looks, for every back end that turns
 * styles into colours: the ncurses terminal UI and the asciinema cast
 * (record.c), so that a recording looks like the screen it records.
 *
 * Colours are xterm 256-colour indices, -1 the terminal's default;
 * attributes are PAL_* bits. Without colour, only palette_mono applies.
 */
#ifndef IPCSCOPE_PALETTE_H
#define IPCSCOPE_PALETTE_H

#include "grid.h"

#define PAL_BOLD	0x01
#define PAL_DIM		0x02
#define PAL_UNDERLINE	0x04
#define PAL_REVERSE	0x08

/* The eight basic colours, numbered as terminals (and curses) number them. */
enum {
	PAL_BLACK, PAL_RED, PAL_GREEN, PAL_YELLOW, PAL_BLUE, PAL_MAGENTA,
	PAL_CYAN, PAL_WHITE
};

struct palette_look {
	short		fg;
	short		bg;
	unsigned char	attr;
};

extern const struct palette_look	palette_256[ST_COUNT];
extern const struct palette_look	palette_8[ST_COUNT];
extern const unsigned char		palette_mono[ST_COUNT];

#endif
