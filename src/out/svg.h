/*
 * svg.h: a screen as a standalone SVG image, for slides (the x key,
 * --snapshot).
 *
 * The image is the grid as the terminal shows it, in the current
 * palette's 256-colour looks (palette.h) with xterm's RGB values
 * (palette_rgb), on the palette's background (palette_defaults: white for
 * a palette made for a light background, else black): a <rect> for the
 * background, one for each run of cells on another background, and per
 * row a <text> of <tspan>s, one per run of cells in one look, each
 * stretched to its cells (textLength) in a monospace font. What a font
 * may draw badly is drawn as shapes: the block elements of gauges and
 * sparklines (U+2580-U+2595: eighths, halves, shades) as rectangles, the
 * box-drawing lines and rounded corners of rules and boxes as paths.
 * Without colour (color false, or a palette without any) the mono looks
 * are drawn (bold, underline, dim, reverse) in the default colours.
 *
 * The text is XML-escaped and holds only characters XML allows, so that
 * any XML parser reads the file; it names no external resource.
 */
#ifndef IPCSCOPE_SVG_H
#define IPCSCOPE_SVG_H

#include <stdbool.h>

#include "screen/grid.h"
#include "base/util.h"

/* The size of a cell in the image, in pixels (the font's size is 16). */
#define SVG_CELL_W	10
#define SVG_CELL_H	20

/* Append the image of g to out; title (may be NULL) is its <title>. */
void	svg_render(struct strbuf *out, const struct grid *g, bool color,
	    const char *title);
/*
 * Write the image of g to fd (a file opened for it): 0, or -1 with errno
 * (the write's). The caller closes fd.
 */
int	svg_write(int fd, const struct grid *g, bool color, const char *title);

#endif
