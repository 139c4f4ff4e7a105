/*
 * text.c: text into the grid, for every part of the view: strings, fields
 * cut with an ellipsis, word wrap, rules and boxes, and the two sets of
 * glyphs they are drawn with.
 *
 * In ASCII mode every string goes through view_ascii_text() on its way
 * in, so the screen holds ASCII only whatever the model or a scenario
 * says.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "view/view-int.h"

const struct view_glyphs view_glyphs_utf8 = {
	"\u2500", "\u2502", "\u256d", "\u256e", "\u2570", "\u256f",
	"\u2500\u25b6", "\u25b6", "\u2026", "\u2595", "\u258f",
	"\u2191\u2193",
	0x2588,
	{ 0x258f, 0x258e, 0x258d, 0x258c, 0x258b, 0x258a, 0x2589, 0x2588 },
	0x00b7,
	{ 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588 }
};

const struct view_glyphs view_glyphs_ascii = {
	"-", "|", "+", "+", "+", "+",
	"->", ">", "~", "[", "]",
	"up/down",
	'#',
	{ 0, 0, 0, 0, 0, 0, 0, 0 },
	'.',
	{ '.', ':', '-', '=', '+', '*', '#', '@' }
};

const char *
view_str(const char *s)
{
	return (s != NULL && *s != '\0') ? s : "?";
}

/*
 * The few typographic characters captions use become their ASCII
 * spelling, anything else outside ASCII becomes '?'.
 */
static const char *
view_ascii_char(uint32_t ch, char one[2])
{
	switch (ch) {
	case 0x2013: case 0x2014: case 0x2500: return "-";
	case 0x2026: return "...";
	case 0x2018: case 0x2019: return "'";
	case 0x201c: case 0x201d: return "\"";
	case 0x2190: return "<-";
	case 0x2192: case 0x25b6: return "->";
	case 0x00b7: case 0x2022: return ".";
	case 0x00d7: return "x";
	case 0x00a0: return " ";
	}
	one[0] = (ch < 0x80) ? (char)ch : '?';
	one[1] = '\0';
	return one;
}

/* s in ASCII (view_ascii_char), cut to what fits in len bytes. */
static const char *
view_ascii_text(const char *s, char *buf, size_t len)
{
	const char	*rep;
	char		 one[2];
	size_t		 used = 0, n;

	while (*s != '\0') {
		rep = view_ascii_char(grid_utf8_next(&s), one);
		n = strlen(rep);
		if (used + n + 1 > len)
			break;
		memcpy(buf + used, rep, n);
		used += n;
	}
	buf[used] = '\0';
	return buf;
}

int
view_width(const struct view *v, const char *s)
{
	char	buf[VIEW_TEXT];

	if (v->ascii)
		s = view_ascii_text(s, buf, sizeof buf);
	return grid_strwidth(s);
}

int
view_puts(struct view *v, int x, int y, enum style st, int maxw,
    const char *s)
{
	char	buf[VIEW_TEXT];

	if (maxw <= 0)
		return 0;
	if (v->ascii)
		s = view_ascii_text(s, buf, sizeof buf);
	return grid_puts(v->g, x, y, st, maxw, s);
}

int
view_field(struct view *v, int x, int y, enum style st, int w,
    enum view_align al, const char *s)
{
	char	buf[VIEW_TEXT];
	int	sw, ew, used;

	if (w <= 0)
		return 0;
	if (v->ascii)
		s = view_ascii_text(s, buf, sizeof buf);
	sw = grid_strwidth(s);
	if (sw <= w) {
		if (al == AL_RIGHT)
			x += w - sw;
		else if (al == AL_CENTRE)
			x += (w - sw) / 2;
		return grid_puts(v->g, x, y, st, w, s);
	}
	ew = grid_strwidth(v->gl->ellipsis);
	if (w <= ew)
		return grid_puts(v->g, x, y, st, w, s);
	used = grid_puts(v->g, x, y, st, w - ew, s);
	return used + grid_puts(v->g, x + used, y, st, ew, v->gl->ellipsis);
}

/*
 * The bytes of s (already in the drawing's glyphs) that fit in w columns,
 * never splitting a character.
 */
static size_t
view_prefix(const char *s, int w)
{
	const char	*p = s, *q;
	int		 used = 0, cw;

	while (*p != '\0') {
		q = p;
		cw = grid_cwidth(grid_utf8_next(&q));
		if (used + cw > w)
			break;
		used += cw;
		p = q;
	}
	return (size_t)(p - s);
}

/* s into out (len bytes), in the drawing's glyphs. */
static const char *
view_text_in(const struct view *v, const char *s, char *out, size_t len)
{
	if (v->ascii)
		return view_ascii_text(s, out, len);
	snprintf(out, len, "%s", s);
	return out;
}

int
view_cut(const struct view *v, const char *s, int w, char *out, size_t len)
{
	char	buf[VIEW_TEXT];
	size_t	n;
	int	ew = grid_strwidth(v->gl->ellipsis);

	view_text_in(v, s, buf, sizeof buf);
	if (w <= 0) {
		out[0] = '\0';
		return 0;
	}
	if (grid_strwidth(buf) <= w) {
		snprintf(out, len, "%s", buf);
		return grid_strwidth(out);
	}
	if (w <= ew) {
		out[0] = '\0';
		return 0;
	}
	n = view_prefix(buf, w - ew);
	snprintf(out, len, "%.*s%s", (int)n, buf, v->gl->ellipsis);
	return grid_strwidth(out);
}

int
view_cut_words(const struct view *v, const char *s, int w, char *out,
    size_t len)
{
	char	buf[VIEW_TEXT];
	size_t	n;
	int	ew = grid_strwidth(v->gl->ellipsis);

	view_text_in(v, s, buf, sizeof buf);
	out[0] = '\0';
	if (w <= 0)
		return 0;
	if (grid_strwidth(buf) <= w) {
		snprintf(out, len, "%s", buf);
		return grid_strwidth(out);
	}
	/* Whole words, then a space and the ellipsis: "lost 3 ...". */
	n = view_prefix(buf, w - ew - 1);
	if (buf[n] != ' ') {
		while (n > 0 && buf[n - 1] != ' ')
			n--;
	}
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	if (n > 0 || (buf[0] == ' ' && w >= ew + 1))
		snprintf(out, len, "%.*s %s", (int)n, buf, v->gl->ellipsis);
	else if (ew <= w)
		snprintf(out, len, "%s", v->gl->ellipsis);
	return grid_strwidth(out);
}

void
view_hline(struct view *v, int x, int y, int w, enum style st)
{
	int	i;

	for (i = 0; i < w; i++)
		view_puts(v, x + i, y, st, 1, v->gl->hline);
}

/* A section rule: "── title ─────". */
void
view_rule(struct view *v, int y, const char *title)
{
	view_hline(v, 0, y, v->cols, ST_HEADING);
	if (title != NULL) {
		grid_put(v->g, 2, y, ' ', ST_HEADING);
		grid_put(v->g, 3 + view_puts(v, 3, y, ST_HEADING,
		    v->cols - 6, title), y, ' ', ST_HEADING);
	}
}

/*
 * A column label inside a rule, " label ", placed only where it covers
 * nothing but the rule itself (the spaces around it may be shared with a
 * neighbour's), so labels never garble each other.
 */
void
view_rule_label(struct view *v, int y, int x, int w, bool right,
    const char *label)
{
	struct cell	*c;
	const char	*hl;
	uint32_t	 rule;
	int		 lw = view_width(v, label), lx, i;

	lx = right ? x + w - lw : x;
	if (lx - 1 < 0 || lx + lw + 1 > v->cols)
		return;
	hl = v->gl->hline;
	rule = grid_utf8_next(&hl);
	for (i = lx - 1; i <= lx + lw; i++) {
		c = grid_at(v->g, i, y);
		if (c == NULL)
			return;
		if (c->ch != rule && !(c->ch == ' ' && (i == lx - 1 ||
		    i == lx + lw)))
			return;
	}
	grid_put(v->g, lx - 1, y, ' ', ST_HEADING);
	view_puts(v, lx, y, ST_HEADING, lw, label);
	grid_put(v->g, lx + lw, y, ' ', ST_HEADING);
}

void
view_box(struct view *v, int x, int y, int w, int h, enum style st,
    const char *title)
{
	int	i;

	if (w < 2 || h < 2)
		return;
	view_puts(v, x, y, st, 1, v->gl->tl);
	view_hline(v, x + 1, y, w - 2, st);
	view_puts(v, x + w - 1, y, st, 1, v->gl->tr);
	for (i = 1; i < h - 1; i++) {
		view_puts(v, x, y + i, st, 1, v->gl->vline);
		view_puts(v, x + w - 1, y + i, st, 1, v->gl->vline);
	}
	view_puts(v, x, y + h - 1, st, 1, v->gl->bl);
	view_hline(v, x + 1, y + h - 1, w - 2, st);
	view_puts(v, x + w - 1, y + h - 1, st, 1, v->gl->br);
	if (title != NULL && w > 6) {
		grid_put(v->g, x + 2, y, ' ', st);
		i = view_puts(v, x + 3, y, st, w - 6, title);
		grid_put(v->g, x + 3 + i, y, ' ', st);
	}
}

/*
 * A word longer than a line: the bytes of it that fit in room columns and
 * in bytes, at least one, so that the text moves on.
 */
static size_t
view_wrap_cut(const char *p, int room, size_t bytes)
{
	const char	*q, *r;
	int		 used = 0, cw;

	for (q = p; *q != '\0' && *q != ' ';) {
		r = q;
		cw = grid_cwidth(grid_utf8_next(&r));
		if (used + cw > room || (size_t)(r - p) > bytes)
			break;
		used += cw;
		q = r;
	}
	if (q == p)
		q = p + 1;	/* wider than w: give up on it */
	return (size_t)(q - p);
}

/*
 * One line of at most w columns: the words from *pp that fit, into line
 * (VIEW_TEXT bytes); *pp is left at the text after them.
 */
static void
view_wrap_line(const char **pp, int w, char *line)
{
	const char	*p = *pp, *word, *q;
	size_t		 used = 0, n;
	int		 lw = 0, ww;

	while (*p == ' ')
		p++;
	while (*p != '\0' && *p != '\n') {
		/* Measure the next word. */
		word = p;
		ww = 0;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\n';)
			ww += grid_cwidth(grid_utf8_next(&q));
		/* The word, and a space before it, in columns and bytes. */
		if (lw + (lw > 0) + ww > w ||
		    used + (lw > 0) + (size_t)(q - word) >= VIEW_TEXT) {
			if (lw > 0)
				break;
			/* Longer than a line: cut it. */
			n = view_wrap_cut(p, w - lw, VIEW_TEXT - 1 - used);
			memcpy(line + used, p, n);
			used += n;
			p += n;
			break;
		}
		if (lw > 0) {
			line[used++] = ' ';
			lw++;
		}
		memcpy(line + used, word, (size_t)(q - word));
		used += (size_t)(q - word);
		lw += ww;
		p = q;
		while (*p == ' ' && p[1] == ' ')
			p++;
		if (*p == ' ')
			p++;
	}
	line[used] = '\0';
	if (*p == '\n')
		p++;
	*pp = p;
}

/*
 * More text than lines: the last line loses whole words until " ..." fits
 * after them, so that no number is cut.
 */
static void
view_wrap_ellipsis(const struct view *v, char *last, int w)
{
	const char	*ell = v->gl->ellipsis;
	int		 ew = grid_strwidth(ell);
	size_t		 l = strlen(last);

	while (l > 0 && grid_strwidth(last) + 1 + ew > w) {
		while (l > 0 && last[l - 1] != ' ')
			l--;
		while (l > 0 && last[l - 1] == ' ')
			l--;
		last[l] = '\0';
	}
	if (l + 1 + strlen(ell) < VIEW_TEXT)
		snprintf(last + l, VIEW_TEXT - l, "%s%s", l > 0 ? " " : "",
		    ell);
}

int
view_wrap(const struct view *v, const char *s, int w, char lines[][VIEW_TEXT],
    int max)
{
	char		*abuf = NULL;
	const char	*p;
	size_t		 len;
	int		 n;

	if (w < 1 || max < 1)
		return 0;
	if (v->ascii) {
		/* Whole: no character's ASCII is longer than its UTF-8. */
		len = strlen(s) + 1;
		abuf = xmalloc(len);
		s = view_ascii_text(s, abuf, len);
	}
	for (p = s, n = 0; *p != '\0' && n < max; n++)
		view_wrap_line(&p, w, lines[n]);
	while (*p == ' ' || *p == '\n')
		p++;
	if (*p != '\0' && n > 0)
		view_wrap_ellipsis(v, lines[n - 1], w);
	free(abuf);
	return n;
}
