/*
 * palette.h: how each grid style looks, for every back end that turns
 * styles into colours: the ncurses and tickit terminal UIs and the
 * asciinema cast (record.c), so that a recording looks like the screen it
 * records.
 *
 * A palette gives every style a look at each colour depth: c256 for
 * terminals with 256 colours, c8 for those with 8 or 16, mono for no
 * colour at all (none available, none wanted, or a palette without
 * colours: see palette_has_color). Colours are xterm colour indices (0-7
 * the basic eight), -1 the terminal's default; attributes are PAL_* bits.
 *
 * There is one current palette, read by all three back ends when they
 * start: the built-in one unless palette_set() (theme.c, for --theme)
 * replaced it before. Which of its depths a back end draws with,
 * palette_depth() alone decides.
 */
#ifndef IPCSCOPE_PALETTE_H
#define IPCSCOPE_PALETTE_H

#include <stdbool.h>

#include "screen/grid.h"

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

struct palette {
	struct palette_look	c256[ST_COUNT];
	struct palette_look	c8[ST_COUNT];
	unsigned char		mono[ST_COUNT];
};

/* The compiled-in looks; assets/themes/default.theme says the same. It
   is made for a dark background. */
extern const struct palette	palette_builtin;
/* The compiled-in light theme, for a light background (--theme light, or
   auto on a light terminal); assets/themes/light.theme says the same. */
extern const struct palette	palette_builtin_light;

/* The current palette; never NULL, valid until the next palette_set(). */
const struct palette	*palette_current(void);
/* Copy *pal to be the current palette. Call before a back end starts. */
void			 palette_set(const struct palette *);
/* Whether any style has a colour: a palette without is drawn as mono. */
bool			 palette_has_color(const struct palette *);

enum palette_depth {
	PALETTE_MONO,		/* attributes only: mono */
	PALETTE_8,		/* c8 */
	PALETTE_256		/* c256 */
};

/*
 * The one decision of how colourful a back end draws: PALETTE_MONO when
 * colour is not wanted (color false: --no-color, NO_COLOR, a terminal
 * without colour support), when pal has none (palette_has_color), or
 * when the output shows fewer than 8 colours; PALETTE_256 when it shows
 * 256 or more; PALETTE_8 otherwise. colors: how many colours the output
 * shows (the terminal's count, < 0 unknown; a cast says 256).
 */
enum palette_depth	 palette_depth(const struct palette *, bool color,
			     int colors);
/*
 * How style st looks at a depth: the c256 or c8 look, or at PALETTE_MONO
 * the mono attributes with the terminal's default colours (-1, -1).
 */
struct palette_look	 palette_look(const struct palette *,
			     enum palette_depth, enum style st);

/* "badge-blocked" for ST_BADGE_BLOCKED: the names theme files use. */
const char		*palette_style_name(enum style);
/* The style of a name, or -1. */
int			 palette_style_find(const char *);

/* The basic colour (0-7) nearest an xterm colour index (0-255), in
   RGB distance to xterm's own basic colours; -1 otherwise. */
short			 palette_nearest8(short);

/*
 * The colour an xterm colour index (0-255) shows in rgb, as xterm shows
 * it by default: 0-15 the basic and bright colours, 16-231 the 6x6x6
 * cube, 232-255 the greys. false (rgb untouched) for any other index.
 */
bool			 palette_rgb(short, unsigned char rgb[3]);
/* WCAG 2 relative luminance of an sRGB colour: 0 black to 1 white. */
double			 palette_luminance(const unsigned char rgb[3]);
/*
 * Whether a background of this colour is light: black text on it has
 * more contrast (WCAG 2) than white text, which is true above a relative
 * luminance of about 0.18 (a mid grey, #767676).
 */
bool			 palette_is_light(const unsigned char rgb[3]);

/*
 * Whether pal is made for a light background: more of the colours its
 * 256-colour looks draw on the terminal's own background (a foreground,
 * no background, not reversed) have more contrast (WCAG 2) on white than
 * on black. A palette that draws none there (monochrome, high-contrast)
 * reads on either and counts as dark, as a player's background is.
 */
bool			 palette_for_light(const struct palette *);
/*
 * The colours (xterm indices) that the terminal's own (-1) stands for in
 * an output without a terminal of its own (an SVG snapshot) or one that
 * must not count on the player's (a cast of a light palette): black (16)
 * on white (231) for a palette made for a light background, else xterm's
 * default grey (7) on black (16), as the contrast test takes them.
 */
void			 palette_defaults(const struct palette *, short *fg,
			     short *bg);

#endif
