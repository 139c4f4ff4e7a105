/*
 * svg.c: a grid as an SVG image (svg.h). Three passes over each row:
 * backgrounds (a rect per run of cells on one colour other than the
 * image's), shapes (block elements as rects, box drawing as paths, runs
 * of one glyph in one colour merged), then text (a tspan per run of
 * cells in one look, from its first to its last visible character).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "out/svg.h"
#include "screen/palette.h"
#include "base/utf8.h"

#define SVG_FONT	"'DejaVu Sans Mono', 'Liberation Mono', Menlo, " \
			"Consolas, monospace"
#define SVG_FONT_SIZE	16
#define SVG_BASELINE	15	/* from the top of a cell */

/* A style as the image shows it. */
struct svg_look {
	unsigned char	fg[3];
	unsigned char	bg[3];
	bool		bold;
	bool		underline;
};

/* How the image draws: every style's look, and the image's background. */
struct svg_ctx {
	struct strbuf	*out;
	const struct grid *g;
	struct svg_look	 looks[ST_COUNT];
	unsigned char	 canvas[3];
};

/* What a cell holds, as the passes see it. */
enum svg_kind {
	SK_TEXT,
	SK_BLOCK,	/* a block element: rects */
	SK_BOX		/* a box-drawing line or corner: a path */
};

/* The box-drawing characters the view uses, and a few more: their arms. */
#define ARM_L	0x1
#define ARM_R	0x2
#define ARM_U	0x4
#define ARM_D	0x8
#define ARM_ROUND 0x10
static const struct {
	uint32_t	ch;
	int		arms;
} svg_boxes[] = {
	{ 0x2500, ARM_L | ARM_R }, { 0x2502, ARM_U | ARM_D },
	{ 0x250c, ARM_R | ARM_D }, { 0x2510, ARM_L | ARM_D },
	{ 0x2514, ARM_U | ARM_R }, { 0x2518, ARM_U | ARM_L },
	{ 0x251c, ARM_U | ARM_D | ARM_R }, { 0x2524, ARM_U | ARM_D | ARM_L },
	{ 0x252c, ARM_L | ARM_R | ARM_D }, { 0x2534, ARM_L | ARM_R | ARM_U },
	{ 0x253c, ARM_L | ARM_R | ARM_U | ARM_D },
	{ 0x256d, ARM_R | ARM_D | ARM_ROUND },
	{ 0x256e, ARM_L | ARM_D | ARM_ROUND },
	{ 0x256f, ARM_U | ARM_L | ARM_ROUND },
	{ 0x2570, ARM_U | ARM_R | ARM_ROUND },
};

static int
svg_box_arms(uint32_t ch)
{
	size_t	i;

	for (i = 0; i < nitems(svg_boxes); i++) {
		if (svg_boxes[i].ch == ch)
			return svg_boxes[i].arms;
	}
	return 0;
}

/* Blocks that fill a cell's width: a run of them is one rect. */
static bool
svg_block_spans(uint32_t ch)
{
	return (ch >= 0x2580 && ch <= 0x2588) || (ch >= 0x2591 &&
	    ch <= 0x2594);
}

static enum svg_kind
svg_kind(uint32_t ch)
{
	if ((ch >= 0x2580 && ch <= 0x2595))
		return SK_BLOCK;
	if (svg_box_arms(ch) != 0)
		return SK_BOX;
	return SK_TEXT;
}

static void
svg_rgb(short c, unsigned char rgb[3])
{
	if (!palette_rgb(c, rgb))
		rgb[0] = rgb[1] = rgb[2] = 0;
}

/*
 * The looks of every style: the palette's at 256 colours (or its mono
 * attributes), the terminal's own colours taken as palette_defaults
 * says; reverse swaps, dim draws halfway to the background as terminals
 * draw faint text.
 */
static void
svg_looks(struct svg_ctx *c, bool color)
{
	const struct palette	*pal = palette_current();
	enum palette_depth	 depth = palette_depth(pal, color, 256);
	struct palette_look	 l;
	struct svg_look		*s;
	unsigned char		 t;
	short			 dfg, dbg;
	int			 st, i;

	palette_defaults(pal, &dfg, &dbg);
	svg_rgb(dbg, c->canvas);
	for (st = 0; st < ST_COUNT; st++) {
		l = palette_look(pal, depth, st);
		s = &c->looks[st];
		svg_rgb(l.fg >= 0 ? l.fg : dfg, s->fg);
		svg_rgb(l.bg >= 0 ? l.bg : dbg, s->bg);
		for (i = 0; i < 3 && (l.attr & PAL_REVERSE); i++) {
			t = s->fg[i];
			s->fg[i] = s->bg[i];
			s->bg[i] = t;
		}
		for (i = 0; i < 3 && (l.attr & PAL_DIM); i++)
			s->fg[i] = (unsigned char)((s->fg[i] + s->bg[i] + 1) /
			    2);
		s->bold = (l.attr & PAL_BOLD) != 0;
		s->underline = (l.attr & PAL_UNDERLINE) != 0;
	}
}

static const struct cell *
svg_cell(const struct svg_ctx *c, int x, int y)
{
	return &c->g->cells[(size_t)y * (size_t)c->g->cols + (size_t)x];
}

static const struct svg_look *
svg_look_of(const struct svg_ctx *c, const struct cell *cl)
{
	return &c->looks[cl->style < ST_COUNT ? cl->style : ST_NORMAL];
}

static void
svg_colour(struct strbuf *out, const unsigned char rgb[3])
{
	strbuf_printf(out, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

static void
svg_rect(struct strbuf *out, double x, double y, double w, double h,
    const unsigned char rgb[3], const char *extra)
{
	strbuf_printf(out, "<rect x=\"%g\" y=\"%g\" width=\"%g\" "
	    "height=\"%g\" fill=\"", x, y, w, h);
	svg_colour(out, rgb);
	strbuf_printf(out, "\"%s/>\n", extra);
}

/* Row y's backgrounds: a rect per run of cells on one other colour. */
static void
svg_row_bg(struct svg_ctx *c, int y)
{
	const unsigned char	*bg, *run = NULL;
	int			 x, start = 0;

	for (x = 0; x <= c->g->cols; x++) {
		bg = x < c->g->cols ? svg_look_of(c, svg_cell(c, x, y))->bg :
		    NULL;
		if (run != NULL && (bg == NULL || memcmp(bg, run, 3) != 0)) {
			svg_rect(c->out, start * SVG_CELL_W, y * SVG_CELL_H,
			    (x - start) * SVG_CELL_W, SVG_CELL_H, run, "");
			run = NULL;
		}
		if (run == NULL && bg != NULL && memcmp(bg, c->canvas, 3) != 0) {
			run = bg;
			start = x;
		}
	}
}

/*
 * A block element over n cells from column x: eighths from the bottom
 * (U+2581-U+2588), from the left (U+2589-U+258F), halves, the top and
 * right eighths, shades as a part-opaque full block.
 */
static void
svg_block(struct svg_ctx *c, uint32_t ch, int x, int y, int n,
    const unsigned char rgb[3])
{
	double	cx = x * SVG_CELL_W, cy = y * SVG_CELL_H;
	double	w = n * SVG_CELL_W, h = SVG_CELL_H, e = SVG_CELL_H / 8.0;

	if (ch >= 0x2581 && ch <= 0x2588)
		svg_rect(c->out, cx, cy + h - e * (ch - 0x2580), w,
		    e * (ch - 0x2580), rgb, "");
	else if (ch >= 0x2589 && ch <= 0x258f)
		svg_rect(c->out, cx, cy, SVG_CELL_W * (0x2590 - ch) / 8.0, h,
		    rgb, "");
	else if (ch == 0x2580)
		svg_rect(c->out, cx, cy, w, h / 2, rgb, "");
	else if (ch == 0x2590)
		svg_rect(c->out, cx + SVG_CELL_W / 2.0, cy, SVG_CELL_W / 2.0,
		    h, rgb, "");
	else if (ch >= 0x2591 && ch <= 0x2593)
		svg_rect(c->out, cx, cy, w, h, rgb, ch == 0x2591 ?
		    " fill-opacity=\"0.25\"" : ch == 0x2592 ?
		    " fill-opacity=\"0.5\"" : " fill-opacity=\"0.75\"");
	else if (ch == 0x2594)
		svg_rect(c->out, cx, cy, w, e, rgb, "");
	else if (ch == 0x2595)
		svg_rect(c->out, cx + SVG_CELL_W - SVG_CELL_W / 8.0, cy,
		    SVG_CELL_W / 8.0, h, rgb, "");
}

/*
 * Box-drawing cells from x as path data: their arms from the centre out;
 * a run of horizontal lines (U+2500) is one stroke. Returns the cells
 * drawn (1, or the run's length).
 */
static int
svg_box(struct svg_ctx *c, struct strbuf *d, int x, int y)
{
	uint32_t	ch = svg_cell(c, x, y)->ch;
	double		x0 = x * SVG_CELL_W, y0 = y * SVG_CELL_H;
	double		mx = x0 + SVG_CELL_W / 2.0, my = y0 + SVG_CELL_H / 2.0;
	double		x1 = x0 + SVG_CELL_W, y1 = y0 + SVG_CELL_H;
	int		arms = svg_box_arms(ch), n = 1;
	const struct cell *cl = svg_cell(c, x, y);

	if (arms & ARM_ROUND) {
		/* From the one arm to the other, bending at the centre. */
		strbuf_printf(d, "M%g %gQ%g %g %g %g", (arms & ARM_L) ? x0 :
		    x1, my, mx, my, mx, (arms & ARM_U) ? y0 : y1);
		return 1;
	}
	if (ch == 0x2500) {
		while (x + n < c->g->cols && svg_cell(c, x + n, y)->ch ==
		    ch && svg_cell(c, x + n, y)->style == cl->style)
			n++;
		strbuf_printf(d, "M%g %gH%g", x0, my, x0 + n * SVG_CELL_W);
		return n;
	}
	if (arms & ARM_L)
		strbuf_printf(d, "M%g %gH%g", x0, my, mx);
	if (arms & ARM_R)
		strbuf_printf(d, "M%g %gH%g", mx, my, x1);
	if (arms & ARM_U)
		strbuf_printf(d, "M%g %gV%g", mx, y0, my);
	if (arms & ARM_D)
		strbuf_printf(d, "M%g %gV%g", mx, my, y1);
	return 1;
}

/* Row y's shapes: blocks merged over runs of one glyph in one colour,
   box drawing as one path per run of one colour. */
static void
svg_row_shapes(struct svg_ctx *c, int y)
{
	const struct cell	*cl, *nx;
	const unsigned char	*fg;
	struct strbuf		 d = { 0 };
	int			 x, n;

	for (x = 0; x < c->g->cols; x += n) {
		cl = svg_cell(c, x, y);
		fg = svg_look_of(c, cl)->fg;
		n = 1;
		if (svg_kind(cl->ch) == SK_BLOCK) {
			while (svg_block_spans(cl->ch) && x + n < c->g->cols &&
			    (nx = svg_cell(c, x + n, y))->ch == cl->ch &&
			    memcmp(svg_look_of(c, nx)->fg, fg, 3) == 0)
				n++;
			svg_block(c, cl->ch, x, y, n, fg);
		} else if (svg_kind(cl->ch) == SK_BOX) {
			n = svg_box(c, &d, x, y);
			while (x + n < c->g->cols && svg_kind((nx = svg_cell(c,
			    x + n, y))->ch) == SK_BOX &&
			    memcmp(svg_look_of(c, nx)->fg, fg, 3) == 0)
				n += svg_box(c, &d, x + n, y);
			strbuf_printf(c->out, "<path d=\"%s\" fill=\"none\" "
			    "stroke-width=\"1.5\" stroke=\"", d.s);
			svg_colour(c->out, fg);
			strbuf_printf(c->out, "\"/>\n");
			strbuf_free(&d);
		}
	}
}

/* A code point as XML text: escaped, and only what XML 1.0 allows. */
static void
svg_char(struct strbuf *out, uint32_t ch)
{
	char	b[UTF8_MAX];

	ch = grid_cell_shown(ch);
	if (ch < 0x20 || (ch >= 0xd800 && ch < 0xe000) || ch == 0xfffe ||
	    ch == 0xffff)
		ch = ' ';
	if (ch == '&')
		strbuf_add(out, "&amp;", 5);
	else if (ch == '<')
		strbuf_add(out, "&lt;", 4);
	else if (ch == '>')
		strbuf_add(out, "&gt;", 4);
	else
		strbuf_add(out, b, utf8_encode(ch, b));
}

static bool
svg_blank(const struct cell *cl)
{
	return cl->ch == ' ' || cl->ch == 0 || svg_kind(cl->ch) != SK_TEXT;
}

/* One tspan: the cells from x to end - 1 in one look, blanks trimmed. */
static void
svg_tspan(struct svg_ctx *c, int y, int x, int end)
{
	const struct svg_look	*l = svg_look_of(c, svg_cell(c, x, y));
	int			 i;

	while (x < end && svg_blank(svg_cell(c, x, y)))
		x++;
	while (end > x && svg_blank(svg_cell(c, end - 1, y)))
		end--;
	if (x == end)
		return;
	/* A wide character's right half is a cell of its own: count it. */
	if (end < c->g->cols && svg_cell(c, end, y)->ch == 0)
		end++;
	strbuf_printf(c->out, "<tspan x=\"%d\" textLength=\"%d\" fill=\"",
	    x * SVG_CELL_W, (end - x) * SVG_CELL_W);
	svg_colour(c->out, l->fg);
	strbuf_printf(c->out, "\"%s%s>", l->bold ? " font-weight=\"bold\"" :
	    "", l->underline ? " text-decoration=\"underline\"" : "");
	for (i = x; i < end; i++) {
		if (svg_cell(c, i, y)->ch != 0)
			svg_char(c->out, svg_kind(svg_cell(c, i, y)->ch) ==
			    SK_TEXT ? svg_cell(c, i, y)->ch : ' ');
	}
	strbuf_printf(c->out, "</tspan>");
}

/* Row y's text: a tspan per run of cells in one style up to a shape. */
static void
svg_row_text(struct svg_ctx *c, int y)
{
	const struct cell	*cl;
	int			 x, start = 0, style = -1;
	bool			 any = false;

	for (x = 0; x <= c->g->cols; x++) {
		cl = x < c->g->cols ? svg_cell(c, x, y) : NULL;
		if (cl != NULL && cl->ch == 0 && x > 0)
			continue;	/* a wide character's right half */
		if (cl != NULL && cl->style == style &&
		    svg_kind(cl->ch) == SK_TEXT)
			continue;
		if (style >= 0) {
			if (!any)
				strbuf_printf(c->out, "<text y=\"%d\" "
				    "xml:space=\"preserve\">", y *
				    SVG_CELL_H + SVG_BASELINE);
			any = true;
			svg_tspan(c, y, start, x);
		}
		style = cl != NULL && svg_kind(cl->ch) == SK_TEXT ?
		    cl->style : -1;
		start = x;
	}
	if (any)
		strbuf_printf(c->out, "</text>\n");
}

void
svg_render(struct strbuf *out, const struct grid *g, bool color,
    const char *title)
{
	struct svg_ctx	c;
	int		w = g->cols * SVG_CELL_W, h = g->rows * SVG_CELL_H, y;
	const char	*p;

	memset(&c, 0, sizeof c);
	c.out = out;
	c.g = g;
	svg_looks(&c, color);
	strbuf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "font-family=\"%s\" font-size=\"%d\">\n", w, h, w, h, SVG_FONT,
	    SVG_FONT_SIZE);
	if (title != NULL) {
		strbuf_printf(out, "<title>");
		for (p = title; *p != '\0'; )
			svg_char(out, grid_utf8_next(&p));
		strbuf_printf(out, "</title>\n");
	}
	svg_rect(out, 0, 0, w, h, c.canvas, "");
	for (y = 0; y < g->rows; y++)
		svg_row_bg(&c, y);
	for (y = 0; y < g->rows; y++)
		svg_row_shapes(&c, y);
	for (y = 0; y < g->rows; y++)
		svg_row_text(&c, y);
	strbuf_printf(out, "</svg>\n");
}

int
svg_write(int fd, const struct grid *g, bool color, const char *title)
{
	struct strbuf	sb = { 0 };
	int		rc;

	svg_render(&sb, g, color, title);
	rc = util_write(fd, sb.s, sb.len);
	strbuf_free(&sb);
	return rc;
}
