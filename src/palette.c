/* palette.c: the looks of the styles (see palette.h). */
#include "config.h"

#include "palette.h"

/*
 * 256 colours: calm teal-green, warm yellow, hot orange, full bright red
 * for gauges on a dark track; badges as pills (blocked on red, waiting on
 * blue, paused on magenta), done in dim green, failed in bold red.
 */
const struct palette_look palette_256[ST_COUNT] = {
	[ST_NORMAL] =		{ -1, -1, 0 },
	[ST_DIM] =		{ 245, -1, 0 },
	[ST_TITLE] =		{ 231, 24, PAL_BOLD },
	[ST_HEADING] =		{ 73, -1, 0 },
	[ST_SELECTED] =		{ 231, 238, PAL_BOLD },
	[ST_GAUGE_EMPTY] =	{ 241, 236, 0 },
	[ST_GAUGE_CALM] =	{ 43, 236, 0 },
	[ST_GAUGE_WARM] =	{ 221, 236, 0 },
	[ST_GAUGE_HOT] =	{ 208, 236, 0 },
	[ST_GAUGE_FULL] =	{ 196, 236, PAL_BOLD },
	[ST_BADGE_STARTING] =	{ 252, 240, 0 },
	[ST_BADGE_RUNNING] =	{ 16, 78, PAL_BOLD },
	[ST_BADGE_BLOCKED] =	{ 231, 160, PAL_BOLD },
	[ST_BADGE_WAITING] =	{ 231, 31, PAL_BOLD },
	[ST_BADGE_PAUSED] =	{ 231, 127, PAL_BOLD },
	[ST_BADGE_DONE] =	{ 71, -1, 0 },
	[ST_BADGE_FAILED] =	{ 196, -1, PAL_BOLD },
	[ST_SPARK_IN] =		{ 80, -1, 0 },
	[ST_SPARK_OUT] =	{ 179, -1, 0 },
	[ST_CAPTION] =		{ 230, -1, PAL_BOLD },
	[ST_KEY] =		{ 231, 239, PAL_BOLD },
	[ST_ERROR] =		{ 203, -1, PAL_BOLD },
	[ST_OK] =		{ 78, -1, 0 },
};

/* Eight colours: the same roles with the basic palette. */
const struct palette_look palette_8[ST_COUNT] = {
	[ST_NORMAL] =		{ -1, -1, 0 },
	[ST_DIM] =		{ -1, -1, PAL_DIM },
	[ST_TITLE] =		{ PAL_WHITE, PAL_BLUE, PAL_BOLD },
	[ST_HEADING] =		{ PAL_CYAN, -1, 0 },
	[ST_SELECTED] =		{ -1, -1, PAL_BOLD | PAL_REVERSE },
	[ST_GAUGE_EMPTY] =	{ PAL_WHITE, PAL_BLACK, PAL_DIM },
	[ST_GAUGE_CALM] =	{ PAL_GREEN, PAL_BLACK, 0 },
	[ST_GAUGE_WARM] =	{ PAL_YELLOW, PAL_BLACK, 0 },
	[ST_GAUGE_HOT] =	{ PAL_YELLOW, PAL_BLACK, PAL_BOLD },
	[ST_GAUGE_FULL] =	{ PAL_RED, PAL_BLACK, PAL_BOLD },
	[ST_BADGE_STARTING] =	{ -1, -1, PAL_DIM },
	[ST_BADGE_RUNNING] =	{ PAL_BLACK, PAL_GREEN, 0 },
	[ST_BADGE_BLOCKED] =	{ PAL_WHITE, PAL_RED, PAL_BOLD },
	[ST_BADGE_WAITING] =	{ PAL_WHITE, PAL_BLUE, PAL_BOLD },
	[ST_BADGE_PAUSED] =	{ PAL_WHITE, PAL_MAGENTA, PAL_BOLD },
	[ST_BADGE_DONE] =	{ PAL_GREEN, -1, 0 },
	[ST_BADGE_FAILED] =	{ PAL_RED, -1, PAL_BOLD },
	[ST_SPARK_IN] =		{ PAL_CYAN, -1, 0 },
	[ST_SPARK_OUT] =	{ PAL_YELLOW, -1, 0 },
	[ST_CAPTION] =		{ PAL_YELLOW, -1, PAL_BOLD },
	[ST_KEY] =		{ PAL_BLACK, PAL_WHITE, 0 },
	[ST_ERROR] =		{ PAL_RED, -1, PAL_BOLD },
	[ST_OK] =		{ PAL_GREEN, -1, 0 },
};

/*
 * No colour: states still differ at a glance. Blocked is loud (reverse,
 * bold), waiting underlined, paused reversed, done dim, failed bold and
 * underlined; the selected row is bold (its marker says the rest).
 */
const unsigned char palette_mono[ST_COUNT] = {
	[ST_NORMAL] =		0,
	[ST_DIM] =		PAL_DIM,
	[ST_TITLE] =		PAL_REVERSE | PAL_BOLD,
	[ST_HEADING] =		PAL_BOLD,
	[ST_SELECTED] =		PAL_BOLD,
	[ST_GAUGE_EMPTY] =	PAL_DIM,
	[ST_GAUGE_CALM] =	0,
	[ST_GAUGE_WARM] =	0,
	[ST_GAUGE_HOT] =	PAL_BOLD,
	[ST_GAUGE_FULL] =	PAL_BOLD,
	[ST_BADGE_STARTING] =	PAL_DIM,
	[ST_BADGE_RUNNING] =	PAL_BOLD,
	[ST_BADGE_BLOCKED] =	PAL_REVERSE | PAL_BOLD,
	[ST_BADGE_WAITING] =	PAL_UNDERLINE,
	[ST_BADGE_PAUSED] =	PAL_REVERSE,
	[ST_BADGE_DONE] =	PAL_DIM,
	[ST_BADGE_FAILED] =	PAL_BOLD | PAL_UNDERLINE,
	[ST_SPARK_IN] =		0,
	[ST_SPARK_OUT] =	0,
	[ST_CAPTION] =		PAL_BOLD,
	[ST_KEY] =		PAL_REVERSE,
	[ST_ERROR] =		PAL_BOLD | PAL_UNDERLINE,
	[ST_OK] =		0,
};
