/*
 * ui-tickit.c: the libtickit back end, on a bare TickitTerm (not the
 * Tickit window toolkit): our own event loop polls the terminal's input
 * fd and calls read_key, which feeds libtickit the bytes and hands back
 * the keys its ON_KEY handler queued. The only file, with its header and
 * tests, that includes tickit.h.
 *
 * Drawing never erases: like the ncurses back end we keep a copy of the
 * last grid and send only the cells that differ from it, so nothing
 * flickers. A full repaint happens only on ^L or a resize.
 *
 * libtickit waits a little after a lone ESC for the rest of a key
 * sequence; timeout_ms tells the loop when to call read_key again so the
 * ESC is delivered even if no more input arrives.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <tickit.h>

#include "screen/grid.h"
#include "screen/palette.h"
#include "ui/ui.h"
#include "ui/ui-tickit.h"
#include "base/utf8.h"
#include "base/util.h"

/* Bytes libtickit buffers before writing; a blit flushes at its end. */
#define UI_OUTBUF	16384
/* Keys queued between two read_key calls. */
#define UI_KEYQ		64

struct ui_tickit_painter {
	TickitTerm	*tt;		/* not ours */
	bool		 color;
	TickitPen	*pens[ST_COUNT];
	struct grid	*last;		/* what the terminal shows */
};

/*
 * The back end's state. ui_active is sig_atomic_t because done may run
 * from the fatal-signal path, possibly while a frame is half drawn.
 */
static volatile sig_atomic_t	 ui_active;
static volatile sig_atomic_t	 ui_winch;	/* set by the SIGWINCH handler */
static TickitTerm		*ui_tt;
static struct ui_tickit_painter	*ui_painter;
static TickitPen		*ui_pen_default;
static struct termios		 ui_tio;	/* as before init */
static bool			 ui_have_tio;
static struct sigaction		 ui_old_winch;
static int			 ui_keys[UI_KEYQ];
static int			 ui_nkeys, ui_keyhead;
static int			 ui_mouse_x, ui_mouse_y;	/* the last click */

/* Painter: the looks come from palette.c, as for ncurses and the cast;
   tickit has no dim, so dim is grey where there are 16 colours or more,
   plain otherwise. */

static TickitPen *
ui_tickit_pen(struct palette_look look, bool dim_grey)
{
	TickitPen	*pen = tickit_pen_new();

	if (look.fg >= 0)
		tickit_pen_set_colour_attr(pen, TICKIT_PEN_FG, look.fg);
	else if ((look.attr & PAL_DIM) && dim_grey)
		tickit_pen_set_colour_attr(pen, TICKIT_PEN_FG, 8);
	if (look.bg >= 0)
		tickit_pen_set_colour_attr(pen, TICKIT_PEN_BG, look.bg);
	if (look.attr & PAL_BOLD)
		tickit_pen_set_bool_attr(pen, TICKIT_PEN_BOLD, true);
	if (look.attr & PAL_REVERSE)
		tickit_pen_set_bool_attr(pen, TICKIT_PEN_REVERSE, true);
	if (look.attr & PAL_UNDERLINE)
		tickit_pen_set_int_attr(pen, TICKIT_PEN_UNDER,
		    TICKIT_PEN_UNDER_SINGLE);
	return pen;
}

struct ui_tickit_painter *
ui_tickit_painter_new(TickitTerm *tt, bool color)
{
	struct ui_tickit_painter	*p = xcalloc(1, sizeof *p);
	const struct palette		*pal = palette_current();
	enum palette_depth		 depth;
	int				 colors, i;

	p->tt = tt;
	if (!tickit_term_getctl_int(tt, TICKIT_TERMCTL_COLORS, &colors))
		colors = -1;
	depth = palette_depth(pal, color, colors);
	p->color = depth != PALETTE_MONO;
	for (i = 0; i < ST_COUNT; i++)
		p->pens[i] = ui_tickit_pen(palette_look(pal, depth, i),
		    p->color && colors >= 16);
	p->last = grid_new(0, 0);
	return p;
}

void
ui_tickit_painter_free(struct ui_tickit_painter *p)
{
	int	i;

	if (p == NULL)
		return;
	for (i = 0; i < ST_COUNT; i++)
		tickit_pen_unref(p->pens[i]);
	grid_free(p->last);
	free(p);
}

bool
ui_tickit_painter_color(const struct ui_tickit_painter *p)
{
	return p->color;
}

void
ui_tickit_painter_invalidate(struct ui_tickit_painter *p)
{
	grid_resize(p->last, 0, 0);
}

static bool
ui_tickit_cell_same(const struct ui_tickit_painter *p, const struct grid *g,
    int x, int y)
{
	size_t	i = (size_t)y * (size_t)g->cols + (size_t)x;

	if (p->last->cols != g->cols || p->last->rows != g->rows)
		return false;
	return g->cells[i].ch == p->last->cells[i].ch &&
	    g->cells[i].style == p->last->cells[i].style;
}

/* Send the cells of row y (the first cols) that changed. */
static void
ui_tickit_row(struct ui_tickit_painter *p, const struct grid *g, int y,
    int cols, int *cur_style)
{
	const struct cell	*c;
	char			 buf[UTF8_MAX];
	uint32_t		 ch;
	int			 x, w, st, at = -1;
	bool			 wide;

	for (x = 0; x < cols; x++) {
		c = &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
		if (c->ch == 0 && x > 0)
			continue;	/* right half: drawn with its left */
		wide = x + 1 < g->cols && c[1].ch == 0;
		if (ui_tickit_cell_same(p, g, x, y) &&
		    (!wide || ui_tickit_cell_same(p, g, x + 1, y)))
			continue;
		st = c->style < ST_COUNT ? c->style : ST_NORMAL;
		ch = grid_cell_shown(c->ch);
		w = wide ? 2 : 1;
		if (wide && x == cols - 1) {
			ch = ' ';	/* cut by a screen narrower than the grid */
			w = 1;
		}
		if (at != x)
			tickit_term_goto(p->tt, y, x);
		if (*cur_style != st) {
			tickit_term_setpen(p->tt, p->pens[st]);
			*cur_style = st;
		}
		tickit_term_printn(p->tt, buf, utf8_encode(ch, buf));
		at = x + w;
	}
}

void
ui_tickit_painter_blit(struct ui_tickit_painter *p, const struct grid *g,
    bool full)
{
	int	y, rows, cols, lines, tcols, cur_style = -1;
	size_t	n, rowlen = (size_t)g->cols * sizeof *g->cells;

	tickit_term_get_size(p->tt, &lines, &tcols);
	rows = g->rows < lines ? g->rows : lines;
	cols = g->cols < tcols ? g->cols : tcols;
	if (full || p->last->cols != g->cols || p->last->rows != g->rows) {
		/* Also clears what a smaller grid would leave behind. */
		if (full || g->cols < tcols || g->rows < lines) {
			tickit_term_setpen(p->tt, p->pens[ST_NORMAL]);
			cur_style = ST_NORMAL;
			tickit_term_clear(p->tt);
		}
		grid_resize(p->last, 0, 0);
	}
	for (y = 0; y < rows; y++) {
		if (p->last->cols == g->cols && y < p->last->rows &&
		    memcmp(&g->cells[(size_t)y * (size_t)g->cols],
		    &p->last->cells[(size_t)y * (size_t)g->cols], rowlen) == 0)
			continue;
		ui_tickit_row(p, g, y, cols, &cur_style);
	}
	tickit_term_flush(p->tt);

	if (p->last->cols != g->cols || p->last->rows != g->rows)
		grid_resize(p->last, g->cols, g->rows);
	n = (size_t)g->cols * (size_t)g->rows;
	memcpy(p->last->cells, g->cells, n * sizeof *g->cells);
}

/* Keys. */

static void
ui_tickit_push(int key)
{
	if (ui_nkeys == UI_KEYQ)
		return;		/* nobody types that fast; drop */
	ui_keys[(ui_keyhead + ui_nkeys) % UI_KEYQ] = key;
	ui_nkeys++;
}

static int
ui_tickit_on_key(TickitTerm *tt, TickitEventFlags flags, void *info,
    void *user)
{
	const TickitKeyEventInfo	*k = info;
	const char			*s = k->str, *base;
	uint32_t			 ch;

	(void)tt;
	(void)flags;
	(void)user;
	if (s == NULL)
		return 0;
	if (k->type == TICKIT_KEYEV_TEXT) {
		ch = utf8_next(&s);
		if (ch < 0x20 || ch == 0x7f)
			return 1;
		if (k->mod & TICKIT_MOD_ALT)
			ui_tickit_push(UIK_ESC);	/* as ncurses sees it */
		ui_tickit_push((int)ch);
		return 1;
	}
	/* Key names carry their modifiers as prefixes: "S-Tab", "C-c". */
	base = s;
	while (base[0] != '\0' && base[1] == '-' && base[2] != '\0' &&
	    strchr("SCM", base[0]) != NULL)
		base += 2;
	if (k->mod & TICKIT_MOD_CTRL) {
		if (strcasecmp(base, "c") == 0)
			ui_tickit_push(UIK_CTRL_C);
		else if (strcasecmp(base, "l") == 0)
			ui_tickit_push(UIK_CTRL_L);
		return 1;
	}
	if (k->mod & TICKIT_MOD_ALT) {
		/* ESC then a key, too close together: give both, as ncurses
		   does (a user's Escape followed quickly by "s"). */
		ui_tickit_push(UIK_ESC);
		s = base;
		ch = utf8_next(&s);
		if (*s == '\0' && ch >= 0x20 && ch != 0x7f) {
			ui_tickit_push((int)ch);
			return 1;
		}
	}
	if (strcmp(base, "Up") == 0)
		ui_tickit_push(UIK_UP);
	else if (strcmp(base, "Down") == 0)
		ui_tickit_push(UIK_DOWN);
	else if (strcmp(base, "Left") == 0)
		ui_tickit_push(UIK_LEFT);
	else if (strcmp(base, "Right") == 0)
		ui_tickit_push(UIK_RIGHT);
	else if (strcmp(base, "Tab") == 0)
		ui_tickit_push(k->mod & TICKIT_MOD_SHIFT ? UIK_BTAB : UIK_TAB);
	else if (strcmp(base, "Enter") == 0 || strcmp(base, "KPEnter") == 0)
		ui_tickit_push(UIK_ENTER);
	else if (strcmp(base, "Escape") == 0)
		ui_tickit_push(UIK_ESC);
	else if (strcmp(base, "Space") == 0)
		ui_tickit_push(' ');
	else if (strcmp(base, "F1") == 0)
		ui_tickit_push(UIK_F1);
	else if (strcmp(base, "F10") == 0)
		ui_tickit_push(UIK_F10);
	return 1;
}

/* A left press is a click: queue UIK_MOUSE and remember where. */
static int
ui_tickit_on_mouse(TickitTerm *tt, TickitEventFlags flags, void *info,
    void *user)
{
	const TickitMouseEventInfo	*m = info;

	(void)tt;
	(void)flags;
	(void)user;
	if (m->type != TICKIT_MOUSEEV_PRESS || m->button != 1)
		return 1;
	ui_mouse_x = m->col;
	ui_mouse_y = m->line;
	ui_tickit_push(UIK_MOUSE);
	return 1;
}

static void
ui_tickit_mouse(int *col, int *row)
{
	*col = ui_mouse_x;
	*row = ui_mouse_y;
}

static int
ui_tickit_on_resize(TickitTerm *tt, TickitEventFlags flags, void *info,
    void *user)
{
	(void)tt;
	(void)flags;
	(void)info;
	(void)user;
	if (ui_painter != NULL)
		ui_tickit_painter_invalidate(ui_painter);
	ui_tickit_push(UIK_RESIZE);
	return 1;
}

/* Only records: the loop's poll returns EINTR and read_key acts. */
static void
ui_tickit_winch(int sig)
{
	(void)sig;
	ui_winch = 1;
}

/* The back end. */

static int
ui_tickit_init(bool color, char **cause)
{
	struct TickitTermBuilder	 b;
	struct sigaction		 sa;
	struct termios			 tio;
	const char			*term;

	if (ui_active)
		return 0;
	if (ui_check_terminal(cause) == -1)
		return -1;
	term = getenv("TERM");	/* set: checked above */
	/* Back after done: start from a fresh terminal. */
	ui_tickit_painter_free(ui_painter);
	ui_painter = NULL;
	if (ui_tt != NULL) {
		tickit_term_unref(ui_tt);
		ui_tt = NULL;
	}
	ui_have_tio = tcgetattr(STDIN_FILENO, &ui_tio) == 0;

	memset(&b, 0, sizeof b);
	b.termtype = term;
	b.open = TICKIT_OPEN_STDIO;
	b.output_buffersize = UI_OUTBUF;
	if ((ui_tt = tickit_term_build(&b)) == NULL) {
		xasprintf(cause, "cannot use terminal type '%s' (is its "
		    "terminfo entry installed?): %s", term, strerror(errno));
		if (ui_have_tio)
			tcsetattr(STDIN_FILENO, TCSADRAIN, &ui_tio);
		return -1;
	}
	tickit_term_observe_sigwinch(ui_tt, false);
	tickit_term_await_started_msec(ui_tt, 50);

	/*
	 * Raw input: libtickit leaves ^C as SIGINT, but ^C must reach us as
	 * a key so that quitting goes through the controller's one way out.
	 */
	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		tio.c_lflag &= ~(tcflag_t)(ISIG | ICANON | ECHO | IEXTEN);
		tio.c_iflag &= ~(tcflag_t)(IXON | ICRNL | INLCR);
		tcsetattr(STDIN_FILENO, TCSADRAIN, &tio);
	}

	tickit_term_setctl_int(ui_tt, TICKIT_TERMCTL_ALTSCREEN, 1);
	tickit_term_setctl_int(ui_tt, TICKIT_TERMCTL_CURSORVIS, 0);
	tickit_term_setctl_int(ui_tt, TICKIT_TERMCTL_KEYPAD_APP, 1);
	/* Clicks select; drags and motion are of no use to us. */
	tickit_term_setctl_int(ui_tt, TICKIT_TERMCTL_MOUSE,
	    TICKIT_TERM_MOUSEMODE_CLICK);
	tickit_term_bind_event(ui_tt, TICKIT_TERM_ON_KEY, 0, ui_tickit_on_key,
	    NULL);
	tickit_term_bind_event(ui_tt, TICKIT_TERM_ON_MOUSE, 0,
	    ui_tickit_on_mouse, NULL);
	tickit_term_bind_event(ui_tt, TICKIT_TERM_ON_RESIZE, 0,
	    ui_tickit_on_resize, NULL);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_tickit_winch;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWINCH, &sa, &ui_old_winch);
	ui_winch = 0;

	if (ui_pen_default == NULL)
		ui_pen_default = tickit_pen_new();
	ui_painter = ui_tickit_painter_new(ui_tt, color);
	ui_nkeys = ui_keyhead = 0;
	tickit_term_setpen(ui_tt, ui_pen_default);
	tickit_term_clear(ui_tt);
	tickit_term_flush(ui_tt);
	ui_active = 1;
	return 0;
}

static bool
ui_tickit_has_color(void)
{
	return ui_active && ui_tickit_painter_color(ui_painter);
}

static int
ui_tickit_input_fd(void)
{
	return ui_tt != NULL ? tickit_term_get_input_fd(ui_tt) : STDIN_FILENO;
}

static int
ui_tickit_read_key(void)
{
	struct pollfd	pfd;
	int		key;

	if (!ui_active)
		return UIK_NONE;
	if (ui_winch) {
		ui_winch = 0;
		tickit_term_refresh_size(ui_tt);	/* ON_RESIZE if moved */
	}
	if (ui_nkeys == 0) {
		/* libtickit reads with a plain read(): look first. */
		pfd.fd = tickit_term_get_input_fd(ui_tt);
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN))
			tickit_term_input_readable(ui_tt);
		tickit_term_input_check_timeout_msec(ui_tt);
	}
	if (ui_nkeys == 0)
		return UIK_NONE;
	key = ui_keys[ui_keyhead];
	ui_keyhead = (ui_keyhead + 1) % UI_KEYQ;
	ui_nkeys--;
	return key;
}

/*
 * Asked before every poll, so the answer is the time left, not the time
 * libtickit said when the ESC came in (a timer tick would restart that
 * wait forever). An expired wait emits the held-back key now: then 0.
 */
static int
ui_tickit_timeout_ms(void)
{
	int	t;

	if (!ui_active)
		return -1;
	/* A SIGWINCH that came outside poll interrupted nothing: act on
	   it now rather than at the next key. */
	if (ui_nkeys > 0 || ui_winch)
		return 0;
	t = tickit_term_input_check_timeout_msec(ui_tt);
	return ui_nkeys > 0 ? 0 : t;
}

static void
ui_tickit_size(int *cols, int *rows)
{
	if (!ui_active) {
		*cols = 80;
		*rows = 24;
		return;
	}
	tickit_term_get_size(ui_tt, rows, cols);
}

static void
ui_tickit_blit(const struct grid *g, bool full)
{
	if (!ui_active)
		return;
	ui_tickit_painter_blit(ui_painter, g, full);
}

/*
 * Restore the terminal. Idempotent, and kept to what is safe enough on
 * the fatal-signal path: no freeing (the heap may be what broke), just
 * default pen, cursor back, main screen, libtickit's teardown and the
 * terminal modes saved before init.
 */
static void
ui_tickit_done(void)
{
	if (!ui_active)
		return;
	ui_active = 0;
	sigaction(SIGWINCH, &ui_old_winch, NULL);
	tickit_term_setpen(ui_tt, ui_pen_default);
	tickit_term_setctl_int(ui_tt, TICKIT_TERMCTL_MOUSE,
	    TICKIT_TERM_MOUSEMODE_OFF);
	tickit_term_setctl_int(ui_tt, TICKIT_TERMCTL_KEYPAD_APP, 0);
	tickit_term_setctl_int(ui_tt, TICKIT_TERMCTL_CURSORVIS, 1);
	tickit_term_setctl_int(ui_tt, TICKIT_TERMCTL_ALTSCREEN, 0);
	tickit_term_flush(ui_tt);
	tickit_term_teardown(ui_tt);
	if (ui_have_tio)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &ui_tio);
}

const struct ui_backend ui_tickit = {
	"tickit",
	ui_tickit_init,
	ui_tickit_has_color,
	ui_tickit_input_fd,
	ui_tickit_read_key,
	ui_tickit_size,
	ui_tickit_blit,
	ui_tickit_done,
	ui_tickit_timeout_ms,
	ui_tickit_mouse
};
