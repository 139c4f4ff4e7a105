/*
 * grid.c: a screen as a grid of cells.
 *
 * Text goes in as UTF-8 and is stored one code point per cell. A wide
 * character (two columns) takes its cell and the one to its right, which
 * holds 0; overwriting either half of a wide character blanks the other
 * half, so a cell never shows half a glyph. Nothing here knows of
 * terminals or colours.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "screen/grid.h"
#include "base/utf8.h"
#include "base/util.h"

/* A control (C0, DEL, C1) or no character at all (see utf8_valid_cp). */
static int
grid_unshowable(uint32_t ch)
{
	return ch < 0x20 || (ch >= 0x7f && ch < 0xa0) || !utf8_valid_cp(ch);
}

/*
 * Columns a code point takes: 0, 1 or 2, never -1. wcwidth() knows best
 * when the locale is UTF-8; under a C locale it rejects everything above
 * ASCII, so fall back to the common wide and combining ranges rather than
 * dropping the text. Control characters (C0, DEL, C1) and values that
 * are not characters (surrogates, above U+10FFFF) take 0: they are never
 * put in a cell, so nothing a scenario says can act on a terminal.
 */
int
grid_cwidth(uint32_t ch)
{
	int	w;

	if (ch >= 0x20 && ch < 0x7f)
		return 1;
	if (grid_unshowable(ch))
		return 0;
	w = wcwidth((wchar_t)ch);
	if (w >= 0)
		return w;
	if ((ch >= 0x0300 && ch <= 0x036f) || (ch >= 0x200b && ch <= 0x200f) ||
	    (ch >= 0xfe00 && ch <= 0xfe0f))
		return 0;
	if ((ch >= 0x1100 && ch <= 0x115f) || (ch >= 0x2e80 && ch <= 0xa4cf) ||
	    (ch >= 0xac00 && ch <= 0xd7a3) || (ch >= 0xf900 && ch <= 0xfaff) ||
	    (ch >= 0xfe30 && ch <= 0xfe4f) || (ch >= 0xff00 && ch <= 0xff60) ||
	    (ch >= 0xffe0 && ch <= 0xffe6) || (ch >= 0x1f300 && ch <= 0x1f64f) ||
	    (ch >= 0x1f900 && ch <= 0x1f9ff) || (ch >= 0x20000 && ch <= 0x3fffd))
		return 2;
	return 1;
}

uint32_t
grid_utf8_next(const char **s)
{
	return utf8_next(s);
}

uint32_t
grid_cell_shown(uint32_t ch)
{
	return grid_unshowable(ch) ? ' ' : ch;
}

struct grid *
grid_new(int cols, int rows)
{
	struct grid	*g;

	g = xcalloc(1, sizeof *g);
	grid_resize(g, cols, rows);
	return g;
}

void
grid_free(struct grid *g)
{
	if (g == NULL)
		return;
	free(g->cells);
	free(g);
}

/* Resizing loses the contents: the view redraws every frame anyway. */
void
grid_resize(struct grid *g, int cols, int rows)
{
	if (cols < 0)
		cols = 0;
	if (rows < 0)
		rows = 0;
	free(g->cells);
	g->cols = cols;
	g->rows = rows;
	g->cells = xcalloc((size_t)cols * (size_t)rows + 1, sizeof *g->cells);
	grid_clear(g);
}

void
grid_clear(struct grid *g)
{
	size_t	i, n = (size_t)g->cols * (size_t)g->rows;

	for (i = 0; i < n; i++) {
		g->cells[i].ch = ' ';
		g->cells[i].style = ST_NORMAL;
	}
}

struct cell *
grid_at(struct grid *g, int x, int y)
{
	if (x < 0 || y < 0 || x >= g->cols || y >= g->rows)
		return NULL;
	return &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
}

/* Blank whatever wide character (x, y) is a half of, before it is reused. */
static void
grid_unsplit(struct grid *g, int x, int y)
{
	struct cell	*c = grid_at(g, x, y), *o;

	if (c == NULL)
		return;
	if (c->ch == 0 && (o = grid_at(g, x - 1, y)) != NULL) {
		o->ch = ' ';
		c->ch = ' ';
	} else if ((o = grid_at(g, x + 1, y)) != NULL && o->ch == 0) {
		o->ch = ' ';
		o->style = c->style;
	}
}

/* Put ch at (x, y); returns the columns used (0 outside or unprintable). */
static int
grid_put1(struct grid *g, int x, int y, uint32_t ch, enum style st, int maxw)
{
	struct cell	*c, *r;
	int		 w;

	w = grid_cwidth(ch);
	if (w == 0 || w > maxw || (c = grid_at(g, x, y)) == NULL)
		return 0;
	if (w == 2 && grid_at(g, x + 1, y) == NULL) {
		/* Half a wide character would be a lie: show a space. */
		grid_unsplit(g, x, y);
		c->ch = ' ';
		c->style = (uint8_t)st;
		return 1;
	}
	grid_unsplit(g, x, y);
	c->ch = ch;
	c->style = (uint8_t)st;
	if (w == 2) {
		grid_unsplit(g, x + 1, y);
		r = grid_at(g, x + 1, y);
		r->ch = 0;
		r->style = (uint8_t)st;
	}
	return w;
}

void
grid_put(struct grid *g, int x, int y, uint32_t ch, enum style st)
{
	grid_put1(g, x, y, ch, st, 2);
}

int
grid_puts(struct grid *g, int x, int y, enum style st, int maxw,
    const char *s)
{
	uint32_t	ch;
	int		used = 0, w;

	if (s == NULL || y < 0 || y >= g->rows)
		return 0;
	if (maxw < 0 || maxw > g->cols - x)
		maxw = g->cols - x;
	while (*s != '\0' && used < maxw) {
		ch = grid_utf8_next(&s);
		w = grid_cwidth(ch);
		if (w == 0)
			continue;	/* combining marks and controls */
		if (used + w > maxw)
			break;
		if (x + used < 0) {
			used += w;	/* clipped on the left */
			continue;
		}
		grid_put1(g, x + used, y, ch, st, w);
		used += w;
	}
	return used;
}

int
grid_printf(struct grid *g, int x, int y, enum style st, int maxw,
    const char *fmt, ...)
{
	va_list	 ap;
	char	 buf[512], *s = NULL;
	int	 n, used;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	if ((size_t)n >= sizeof buf) {
		va_start(ap, fmt);
		xvasprintf(&s, fmt, ap);
		va_end(ap);
	}
	used = grid_puts(g, x, y, st, maxw, s != NULL ? s : buf);
	free(s);
	return used;
}

int
grid_strwidth(const char *s)
{
	int	w = 0;

	while (s != NULL && *s != '\0')
		w += grid_cwidth(grid_utf8_next(&s));
	return w;
}

void
grid_fill(struct grid *g, int x, int y, int w, uint32_t ch, enum style st)
{
	int	cw = grid_cwidth(ch), i;

	if (cw == 0)
		return;
	for (i = 0; i + cw <= w; i += cw)
		grid_put1(g, x + i, y, ch, st, cw);
}

char *
grid_row_text(const struct grid *g, int y, char *buf, size_t len)
{
	const struct cell	*c;
	char			 enc[UTF8_MAX];
	size_t			 n, used = 0, keep = 0;
	int			 x;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (y < 0 || y >= g->rows)
		return buf;
	for (x = 0; x < g->cols; x++) {
		c = &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
		if (c->ch == 0)
			continue;	/* right half of a wide character */
		n = utf8_encode(c->ch, enc);
		if (used + n + 1 > len)
			break;	/* never cut a character in two */
		memcpy(buf + used, enc, n);
		used += n;
		if (c->ch != ' ')
			keep = used;
	}
	buf[keep] = '\0';
	return buf;
}
