/*
 * grid.h: a screen as a grid of cells. The view draws into it; a ui back
 * end only copies it to a terminal; tests read it back as text.
 *
 * Cells hold one Unicode code point and a semantic style. Styles are roles
 * ("a full gauge", "a blocked badge"), not colours: the current palette
 * (palette.h, which a theme may replace) maps them to colours and
 * attributes, and without colour to bold/reverse/plain.
 */
#ifndef IPCSCOPE_GRID_H
#define IPCSCOPE_GRID_H

#include <stddef.h>
#include <stdint.h>

enum style {
	ST_NORMAL = 0,
	ST_DIM,			/* secondary text: units, labels */
	ST_TITLE,		/* header line */
	ST_HEADING,		/* section rules */
	ST_SELECTED,		/* the selected process row */
	ST_GAUGE_EMPTY,		/* unfilled part of a gauge */
	ST_GAUGE_CALM,		/* < 50 % */
	ST_GAUGE_WARM,		/* 50..80 % */
	ST_GAUGE_HOT,		/* 80..<100 % */
	ST_GAUGE_FULL,		/* 100 % */
	ST_BADGE_STARTING,
	ST_BADGE_RUNNING,
	ST_BADGE_BLOCKED,
	ST_BADGE_WAITING,
	ST_BADGE_PAUSED,
	ST_BADGE_DONE,
	ST_BADGE_FAILED,
	ST_SPARK_IN,		/* throughput sparklines */
	ST_SPARK_OUT,
	ST_CAPTION,
	ST_KEY,			/* key names in the footer */
	ST_ERROR,		/* integrity problems, failures */
	ST_OK,			/* integrity fine */
	ST_COUNT
};

struct cell {
	uint32_t	ch;	/* code point; 0 = right half of a wide char */
	uint8_t		style;	/* enum style */
};

struct grid {
	int		 cols;
	int		 rows;
	struct cell	*cells;
};

struct grid	*grid_new(int cols, int rows);
void		 grid_free(struct grid *);
void		 grid_resize(struct grid *, int cols, int rows);
void		 grid_clear(struct grid *);	/* spaces, ST_NORMAL */
struct cell	*grid_at(struct grid *, int x, int y);	/* NULL outside */
void		 grid_put(struct grid *, int x, int y, uint32_t ch, enum style);
/*
 * Draw UTF-8 text at (x, y), clipped at maxw columns (and the grid edge).
 * Returns the number of columns used.
 */
int		 grid_puts(struct grid *, int x, int y, enum style, int maxw,
		     const char *utf8);
int		 grid_printf(struct grid *, int x, int y, enum style, int maxw,
		     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void		 grid_fill(struct grid *, int x, int y, int w, uint32_t ch,
		     enum style);
/* Row y as UTF-8 text, trailing spaces removed, into buf (NUL-terminated). */
char		*grid_row_text(const struct grid *, int y, char *buf, size_t len);

/*
 * Helpers for code that lays text out: the next code point of *s
 * (utf8_next(): advancing it; malformed bytes give U+FFFD, one byte at a
 * time), the columns one code point takes (0, 1 or 2; wcwidth with a
 * fallback for non-UTF-8 locales) and the columns a whole string takes.
 */
uint32_t	 grid_utf8_next(const char **s);
int		 grid_cwidth(uint32_t ch);
int		 grid_strwidth(const char *utf8);

/*
 * What a back end shows for the code point of a cell: ch itself, or a
 * space for what no cell should hold (a control, a surrogate, above
 * U+10FFFF: grid_put() never stores them, but a cell written through
 * grid_at() is not trusted with the terminal). Encode the result with
 * utf8_encode() (base/utf8.h).
 */
uint32_t	 grid_cell_shown(uint32_t ch);

#endif
