/*
 * palette.c: the looks of the styles (see palette.h): the built-in
 * palette, the current one, and the style names theme files use.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "screen/palette.h"

/*
 * No colour: states still differ at a glance. Blocked is loud (reverse,
 * bold), waiting underlined, paused reversed, done dim, failed bold and
 * underlined; the selected row is bold (its marker says the rest). The
 * same for the dark and the light palette: attributes know no background.
 */
#define PALETTE_MONO_LOOKS { \
	[ST_NORMAL] =		0, \
	[ST_DIM] =		PAL_DIM, \
	[ST_TITLE] =		PAL_REVERSE | PAL_BOLD, \
	[ST_HEADING] =		PAL_BOLD, \
	[ST_SELECTED] =		PAL_BOLD, \
	[ST_GAUGE_EMPTY] =	PAL_DIM, \
	[ST_GAUGE_CALM] =	0, \
	[ST_GAUGE_WARM] =	0, \
	[ST_GAUGE_HOT] =	PAL_BOLD, \
	[ST_GAUGE_FULL] =	PAL_BOLD, \
	[ST_BADGE_STARTING] =	PAL_DIM, \
	[ST_BADGE_RUNNING] =	PAL_BOLD, \
	[ST_BADGE_BLOCKED] =	PAL_REVERSE | PAL_BOLD, \
	[ST_BADGE_WAITING] =	PAL_UNDERLINE, \
	[ST_BADGE_PAUSED] =	PAL_REVERSE, \
	[ST_BADGE_DONE] =	PAL_DIM, \
	[ST_BADGE_FAILED] =	PAL_BOLD | PAL_UNDERLINE, \
	[ST_SPARK_IN] =		0, \
	[ST_SPARK_OUT] =	0, \
	[ST_CAPTION] =		PAL_BOLD, \
	[ST_KEY] =		PAL_REVERSE, \
	[ST_ERROR] =		PAL_BOLD | PAL_UNDERLINE, \
	[ST_OK] =		0, \
}

const struct palette palette_builtin = {
	/*
	 * 256 colours: calm teal-green, warm yellow, hot orange, full bright
	 * red for gauges on a near-black track (233: on 236 the red was
	 * 3.3:1); badges as pills (blocked on red, waiting on blue, paused on
	 * magenta), done in dim green, failed in bold red.
	 */
	.c256 = {
		[ST_NORMAL] =		{ -1, -1, 0 },
		[ST_DIM] =		{ 245, -1, 0 },
		[ST_TITLE] =		{ 231, 24, PAL_BOLD },
		[ST_HEADING] =		{ 73, -1, 0 },
		[ST_SELECTED] =		{ 231, 238, PAL_BOLD },
		[ST_GAUGE_EMPTY] =	{ 244, 233, 0 },
		[ST_GAUGE_CALM] =	{ 43, 233, 0 },
		[ST_GAUGE_WARM] =	{ 221, 233, 0 },
		[ST_GAUGE_HOT] =	{ 208, 233, 0 },
		[ST_GAUGE_FULL] =	{ 196, 233, PAL_BOLD },
		[ST_BADGE_STARTING] =	{ 252, 240, 0 },
		[ST_BADGE_RUNNING] =	{ 16, 78, PAL_BOLD },
		[ST_BADGE_BLOCKED] =	{ 231, 160, PAL_BOLD },
		[ST_BADGE_WAITING] =	{ 231, 25, PAL_BOLD },
		[ST_BADGE_PAUSED] =	{ 231, 127, PAL_BOLD },
		[ST_BADGE_DONE] =	{ 71, -1, 0 },
		[ST_BADGE_FAILED] =	{ 196, -1, PAL_BOLD },
		[ST_SPARK_IN] =		{ 80, -1, 0 },
		[ST_SPARK_OUT] =	{ 179, -1, 0 },
		[ST_CAPTION] =		{ 230, -1, PAL_BOLD },
		[ST_KEY] =		{ 231, 239, PAL_BOLD },
		[ST_ERROR] =		{ 203, -1, PAL_BOLD },
		[ST_OK] =		{ 78, -1, 0 },
	},

	/*
	 * Eight colours: the same roles with the basic palette. On black,
	 * red, blue and magenta text stay below 4.5:1 and dim text too (it
	 * is drawn halfway to the background): red goes on a white pill (a
	 * full gauge is all red blocks, the white never shows), paused on
	 * yellow, and what was dim is plain white.
	 */
	.c8 = {
		[ST_NORMAL] =		{ -1, -1, 0 },
		[ST_DIM] =		{ PAL_WHITE, -1, 0 },
		[ST_TITLE] =		{ PAL_WHITE, PAL_BLUE, PAL_BOLD },
		[ST_HEADING] =		{ PAL_CYAN, -1, 0 },
		[ST_SELECTED] =		{ -1, -1, PAL_BOLD | PAL_REVERSE },
		[ST_GAUGE_EMPTY] =	{ PAL_WHITE, PAL_BLACK, 0 },
		[ST_GAUGE_CALM] =	{ PAL_GREEN, PAL_BLACK, 0 },
		[ST_GAUGE_WARM] =	{ PAL_YELLOW, PAL_BLACK, 0 },
		[ST_GAUGE_HOT] =	{ PAL_YELLOW, PAL_BLACK, PAL_BOLD },
		[ST_GAUGE_FULL] =	{ PAL_RED, PAL_WHITE, PAL_BOLD },
		[ST_BADGE_STARTING] =	{ PAL_BLACK, PAL_WHITE, 0 },
		[ST_BADGE_RUNNING] =	{ PAL_BLACK, PAL_GREEN, 0 },
		[ST_BADGE_BLOCKED] =	{ PAL_WHITE, PAL_RED, PAL_BOLD },
		[ST_BADGE_WAITING] =	{ PAL_WHITE, PAL_BLUE, PAL_BOLD },
		[ST_BADGE_PAUSED] =	{ PAL_BLACK, PAL_YELLOW, 0 },
		[ST_BADGE_DONE] =	{ PAL_GREEN, -1, 0 },
		[ST_BADGE_FAILED] =	{ PAL_RED, PAL_WHITE, PAL_BOLD },
		[ST_SPARK_IN] =		{ PAL_CYAN, -1, 0 },
		[ST_SPARK_OUT] =	{ PAL_YELLOW, -1, 0 },
		[ST_CAPTION] =		{ PAL_YELLOW, -1, PAL_BOLD },
		[ST_KEY] =		{ PAL_BLACK, PAL_WHITE, 0 },
		[ST_ERROR] =		{ PAL_RED, PAL_WHITE, PAL_BOLD },
		[ST_OK] =		{ PAL_GREEN, -1, 0 },
	},

	.mono = PALETTE_MONO_LOOKS,
};

/*
 * For a light background (white assumed): the same roles in darker inks.
 * 256 colours: gauges go teal, olive, amber, red on a pale track; the
 * pills keep their colours (they carry their own background); text in
 * blues, greens and reds dark enough for 4.5:1 on white. Eight colours:
 * only black, red, blue and magenta reach 4.5:1 on white, so the gauges
 * go blue, magenta, red, bold red on the terminal's own background.
 */
const struct palette palette_builtin_light = {
	.c256 = {
		[ST_NORMAL] =		{ -1, -1, 0 },
		[ST_DIM] =		{ 241, -1, 0 },
		[ST_TITLE] =		{ 231, 24, PAL_BOLD },
		[ST_HEADING] =		{ 24, -1, 0 },
		[ST_SELECTED] =		{ 16, 153, PAL_BOLD },
		[ST_GAUGE_EMPTY] =	{ 241, 255, 0 },
		[ST_GAUGE_CALM] =	{ 23, 255, 0 },
		[ST_GAUGE_WARM] =	{ 58, 255, 0 },
		[ST_GAUGE_HOT] =	{ 94, 255, 0 },
		[ST_GAUGE_FULL] =	{ 160, 255, PAL_BOLD },
		[ST_BADGE_STARTING] =	{ 252, 240, 0 },
		[ST_BADGE_RUNNING] =	{ 16, 78, PAL_BOLD },
		[ST_BADGE_BLOCKED] =	{ 231, 160, PAL_BOLD },
		[ST_BADGE_WAITING] =	{ 231, 25, PAL_BOLD },
		[ST_BADGE_PAUSED] =	{ 231, 127, PAL_BOLD },
		[ST_BADGE_DONE] =	{ 22, -1, 0 },
		[ST_BADGE_FAILED] =	{ 160, -1, PAL_BOLD },
		[ST_SPARK_IN] =		{ 25, -1, 0 },
		[ST_SPARK_OUT] =	{ 130, -1, 0 },
		[ST_CAPTION] =		{ 17, -1, PAL_BOLD },
		[ST_KEY] =		{ 16, 252, PAL_BOLD },
		[ST_ERROR] =		{ 124, -1, PAL_BOLD },
		[ST_OK] =		{ 28, -1, 0 },
	},

	.c8 = {
		[ST_NORMAL] =		{ -1, -1, 0 },
		[ST_DIM] =		{ -1, -1, 0 },
		[ST_TITLE] =		{ PAL_WHITE, PAL_BLUE, PAL_BOLD },
		[ST_HEADING] =		{ PAL_BLUE, -1, 0 },
		[ST_SELECTED] =		{ -1, -1, PAL_BOLD | PAL_REVERSE },
		[ST_GAUGE_EMPTY] =	{ PAL_BLACK, -1, 0 },
		[ST_GAUGE_CALM] =	{ PAL_BLUE, -1, 0 },
		[ST_GAUGE_WARM] =	{ PAL_MAGENTA, -1, 0 },
		[ST_GAUGE_HOT] =	{ PAL_RED, -1, 0 },
		[ST_GAUGE_FULL] =	{ PAL_RED, -1, PAL_BOLD },
		[ST_BADGE_STARTING] =	{ PAL_BLACK, PAL_WHITE, 0 },
		[ST_BADGE_RUNNING] =	{ PAL_BLACK, PAL_GREEN, 0 },
		[ST_BADGE_BLOCKED] =	{ PAL_WHITE, PAL_RED, PAL_BOLD },
		[ST_BADGE_WAITING] =	{ PAL_WHITE, PAL_BLUE, PAL_BOLD },
		[ST_BADGE_PAUSED] =	{ PAL_BLACK, PAL_YELLOW, 0 },
		[ST_BADGE_DONE] =	{ PAL_BLUE, -1, 0 },
		[ST_BADGE_FAILED] =	{ PAL_RED, -1, PAL_BOLD },
		[ST_SPARK_IN] =		{ PAL_BLUE, -1, 0 },
		[ST_SPARK_OUT] =	{ PAL_MAGENTA, -1, 0 },
		[ST_CAPTION] =		{ PAL_BLUE, -1, PAL_BOLD },
		[ST_KEY] =		{ PAL_WHITE, PAL_BLACK, 0 },
		[ST_ERROR] =		{ PAL_RED, -1, PAL_BOLD },
		[ST_OK] =		{ PAL_BLUE, -1, 0 },
	},

	.mono = PALETTE_MONO_LOOKS,
};

/* The names of the styles in theme files: the ST_* names, readable. */
static const char *palette_names[ST_COUNT] = {
	[ST_NORMAL] =		"normal",
	[ST_DIM] =		"dim",
	[ST_TITLE] =		"title",
	[ST_HEADING] =		"heading",
	[ST_SELECTED] =		"selected",
	[ST_GAUGE_EMPTY] =	"gauge-empty",
	[ST_GAUGE_CALM] =	"gauge-calm",
	[ST_GAUGE_WARM] =	"gauge-warm",
	[ST_GAUGE_HOT] =	"gauge-hot",
	[ST_GAUGE_FULL] =	"gauge-full",
	[ST_BADGE_STARTING] =	"badge-starting",
	[ST_BADGE_RUNNING] =	"badge-running",
	[ST_BADGE_BLOCKED] =	"badge-blocked",
	[ST_BADGE_WAITING] =	"badge-waiting",
	[ST_BADGE_PAUSED] =	"badge-paused",
	[ST_BADGE_DONE] =	"badge-done",
	[ST_BADGE_FAILED] =	"badge-failed",
	[ST_SPARK_IN] =		"spark-in",
	[ST_SPARK_OUT] =	"spark-out",
	[ST_CAPTION] =		"caption",
	[ST_KEY] =		"key",
	[ST_ERROR] =		"error",
	[ST_OK] =		"ok",
};

/*
 * The basic and bright colours as xterm shows them by default: what
 * "nearest" in palette_nearest8() measures against (the first eight).
 */
static const unsigned char palette_rgb16[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 }
};

/* The steps of xterm's 6x6x6 colour cube (indices 16-231). */
static const unsigned char palette_cube[6] = { 0, 95, 135, 175, 215, 255 };

static const struct palette	*palette_cur = &palette_builtin;
static struct palette		 palette_set_copy;

const struct palette *
palette_current(void)
{
	return palette_cur;
}

void
palette_set(const struct palette *pal)
{
	palette_set_copy = *pal;
	palette_cur = &palette_set_copy;
}

bool
palette_has_color(const struct palette *pal)
{
	int	i;

	for (i = 0; i < ST_COUNT; i++) {
		if (pal->c256[i].fg >= 0 || pal->c256[i].bg >= 0 ||
		    pal->c8[i].fg >= 0 || pal->c8[i].bg >= 0)
			return true;
	}
	return false;
}

enum palette_depth
palette_depth(const struct palette *pal, bool color, int colors)
{
	if (!color || colors < 8 || !palette_has_color(pal))
		return PALETTE_MONO;
	return colors >= 256 ? PALETTE_256 : PALETTE_8;
}

struct palette_look
palette_look(const struct palette *pal, enum palette_depth depth,
    enum style st)
{
	struct palette_look	mono = { -1, -1, 0 };

	if ((int)st < 0 || st >= ST_COUNT)
		st = ST_NORMAL;
	if (depth == PALETTE_256)
		return pal->c256[st];
	if (depth == PALETTE_8)
		return pal->c8[st];
	mono.attr = pal->mono[st];
	return mono;
}

const char *
palette_style_name(enum style st)
{
	if ((int)st < 0 || st >= ST_COUNT)
		return "?";
	return palette_names[st];
}

int
palette_style_find(const char *name)
{
	int	i;

	for (i = 0; i < ST_COUNT; i++) {
		if (strcmp(palette_names[i], name) == 0)
			return i;
	}
	return -1;
}

bool
palette_rgb(short c, unsigned char rgb[3])
{
	int	i;

	if (c < 0 || c > 255)
		return false;
	if (c < 16) {
		for (i = 0; i < 3; i++)
			rgb[i] = palette_rgb16[c][i];
	} else if (c < 232) {
		rgb[0] = palette_cube[(c - 16) / 36];
		rgb[1] = palette_cube[(c - 16) / 6 % 6];
		rgb[2] = palette_cube[(c - 16) % 6];
	} else
		rgb[0] = rgb[1] = rgb[2] = (unsigned char)(8 + 10 * (c - 232));
	return true;
}

double
palette_luminance(const unsigned char rgb[3])
{
	static const double	 weight[3] = { 0.2126, 0.7152, 0.0722 };
	double			 v, l = 0;
	int			 i;

	for (i = 0; i < 3; i++) {
		v = rgb[i] / 255.0;
		v = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
		l += weight[i] * v;
	}
	return l;
}

bool
palette_is_light(const unsigned char rgb[3])
{
	double	l = palette_luminance(rgb);

	/* (1 + 0.05) / (l + 0.05) < (l + 0.05) / (0 + 0.05) */
	return (l + 0.05) * (l + 0.05) > 1.05 * 0.05;
}

static double
palette_contrast(const unsigned char a[3], const unsigned char b[3])
{
	double	la = palette_luminance(a), lb = palette_luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

bool
palette_for_light(const struct palette *pal)
{
	static const unsigned char	 black[3] = { 0, 0, 0 };
	static const unsigned char	 white[3] = { 255, 255, 255 };
	const struct palette_look	*l;
	unsigned char			 rgb[3];
	int				 i, votes = 0;

	for (i = 0; i < ST_COUNT; i++) {
		l = &pal->c256[i];
		if (l->bg >= 0 || (l->attr & PAL_REVERSE) ||
		    !palette_rgb(l->fg, rgb))
			continue;
		if (palette_contrast(rgb, white) > palette_contrast(rgb, black))
			votes++;
		else
			votes--;
	}
	return votes > 0;
}

void
palette_defaults(const struct palette *pal, short *fg, short *bg)
{
	bool	light = palette_for_light(pal);

	*fg = light ? 16 : PAL_WHITE;
	*bg = light ? 231 : 16;
}

short
palette_nearest8(short c)
{
	unsigned char	rgb[3];
	int		i, j, d, best = 0, bestd = -1;

	if (!palette_rgb(c, rgb))
		return -1;
	if (c < 8)
		return c;
	if (c < 16)
		return (short)(c - 8);	/* the bright ones: same hue */
	for (i = 0; i < 8; i++) {
		d = 0;
		for (j = 0; j < 3; j++)
			d += (rgb[j] - palette_rgb16[i][j]) *
			    (rgb[j] - palette_rgb16[i][j]);
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return (short)best;
}
