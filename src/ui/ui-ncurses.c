/*
 * ui-ncurses.c: the ncursesw back end. Sets the terminal up, maps the
 * grid's styles to colours and attributes, copies the grid to the screen
 * and turns curses keys into ui.h keys. The only file that includes
 * curses.h.
 *
 * Drawing never erases: each frame overwrites the rows that changed since
 * the last one (we keep a copy of the last grid) and curses sends only the
 * cells that differ, so nothing flickers even at 10 frames a second on a
 * slow projector link. A full repaint happens only on ^L or a resize.
 */
#include "config.h"

#include <sys/ioctl.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "screen/grid.h"
#include "screen/palette.h"
#include "ui/ui.h"
#include "base/util.h"

/* Milliseconds curses waits after ESC for the rest of a key sequence. */
#define UI_ESCDELAY	25
/* The mouse events we ask for: a left press is a click (no waiting for
   the release, see mouseinterval below). */
#define UI_MOUSE	(BUTTON1_PRESSED | BUTTON1_CLICKED)
/* How long a terminal's report may take to end before what follows is
   taken as keys again (see ui_ncurses_report). */
#define UI_REPORT_NS	1000000000ULL

/*
 * Set by init, cleared by done. sig_atomic_t because done may run from the
 * fatal-signal path, possibly while a frame is half drawn.
 */
static volatile sig_atomic_t	 ui_active;
static SCREEN			*ui_screen;
static bool			 ui_color;
static attr_t			 ui_attr[ST_COUNT];
static short			 ui_pair[ST_COUNT];
static struct grid		*ui_last;	/* what the screen shows */
static int			 ui_mouse_x, ui_mouse_y;	/* the last click */
/* Inside a terminal's report: 0, or ']' (an OSC), '\\' (its ST's ESC
   seen) or '?' (a CSI "ESC [ ?"); and until when. */
static int			 ui_report;
static uint64_t			 ui_report_end;

static attr_t
ui_ncurses_attr(unsigned char pal)
{
	attr_t	a = 0;

	if (pal & PAL_BOLD)
		a |= A_BOLD;
	if (pal & PAL_DIM)
		a |= A_DIM;
	if (pal & PAL_UNDERLINE)
		a |= A_UNDERLINE;
	if (pal & PAL_REVERSE)
		a |= A_REVERSE;
	return a;
}

static void
ui_ncurses_styles(bool color)
{
	const struct palette	*pal = palette_current();
	enum palette_depth	 depth;
	struct palette_look	 look;
	int			 i;

	depth = palette_depth(pal, color && has_colors(), tigetnum("colors"));
	ui_color = depth != PALETTE_MONO && start_color() == OK;
	if (ui_color) {
		use_default_colors();
		ui_color = COLOR_PAIRS > ST_COUNT;	/* a pair per style */
	}
	for (i = 0; ui_color && i < ST_COUNT; i++) {
		look = palette_look(pal, depth, i);
		ui_attr[i] = ui_ncurses_attr(look.attr);
		ui_pair[i] = (short)i;
		if (i != ST_NORMAL &&
		    init_pair((short)i, look.fg, look.bg) == ERR)
			ui_color = false;
	}
	if (!ui_color) {
		for (i = 0; i < ST_COUNT; i++) {
			look = palette_look(pal, PALETTE_MONO, i);
			ui_attr[i] = ui_ncurses_attr(look.attr);
			ui_pair[i] = 0;
		}
	}
}

static int
ui_ncurses_init(bool color, char **cause)
{
	const char	*term;

	if (ui_active)
		return 0;
	if (ui_screen != NULL) {
		/* Back after done (a suspend, a shell-out): same screen. */
		reset_prog_mode();
		mousemask(UI_MOUSE, NULL);
		curs_set(0);
		clearok(curscr, TRUE);
		grid_resize(ui_last, 0, 0);
		ui_active = 1;
		return 0;
	}
	if (ui_check_terminal(cause) == -1)
		return -1;
	term = getenv("TERM");	/* set: checked above */
	/* newterm, unlike initscr, returns on a bad TERM instead of exiting. */
	set_escdelay(UI_ESCDELAY);
	ui_screen = newterm(NULL, stdout, stdin);
	if (ui_screen == NULL) {
		xasprintf(cause, "cannot use terminal type '%s' (is its "
		    "terminfo entry installed?)", term);
		return -1;
	}
	set_term(ui_screen);
	set_escdelay(UI_ESCDELAY);
	ui_active = 1;
	/*
	 * Until a screen has been through endwin() once, ncurses (6.4)
	 * flushes its output at every cursor move (_nc_mvcur while _endwin
	 * is ewInitial): a frame went out in a dozen writes, and a terminal
	 * (or tmux) that drew between two showed half a frame, a table row
	 * from this sample beside the caption of the one before. Once out
	 * and back in, before anything is drawn: a frame is one write.
	 */
	endwin();
	doupdate();

	/*
	 * raw, not cbreak: ^C must reach us as a key so that quitting goes
	 * through the controller's one way out, which stops the workers
	 * and removes the kernel objects before the terminal is restored.
	 */
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	scrollok(stdscr, FALSE);
	curs_set(0);
	ui_ncurses_styles(color);
	/*
	 * Clicks select. With no interval curses reports the press at once
	 * instead of holding it back to see whether a release (a click) or
	 * a second press (a double click) follows.
	 */
	mouseinterval(0);
	mousemask(UI_MOUSE, NULL);

	ui_last = grid_new(0, 0);
	return 0;
}

static bool
ui_ncurses_has_color(void)
{
	return ui_active && ui_color;
}

static int
ui_ncurses_input_fd(void)
{
	return fileno(stdin);
}

/* A left press or click: remember where. Other mouse events: false. */
static bool
ui_ncurses_mouse_event(void)
{
	MEVENT	ev;

	if (getmouse(&ev) != OK || !(ev.bstate & UI_MOUSE))
		return false;
	ui_mouse_x = ev.x;
	ui_mouse_y = ev.y;
	return true;
}

static void
ui_ncurses_mouse(int *col, int *row)
{
	*col = ui_mouse_x;
	*row = ui_mouse_y;
}

/*
 * A terminal's report is never a key: an answer to termquery's questions
 * that came after it stopped waiting (OSC 11 "ESC ] ... ST", DA1
 * "ESC [ ? ... c") reaches curses as ESC and plain characters, which
 * would restart, freeze and select. ch is the character just read (an
 * ESC, or one inside a report): true if it belongs to a report and is
 * dropped. After an ESC it looks at what follows, giving it back to
 * curses unless it starts a report.
 */
static bool
ui_ncurses_report(wint_t ch)
{
	wint_t	next, third;
	int	r, r3;

	if (ui_report != 0 && now_ns() > ui_report_end)
		ui_report = 0;		/* never ended: keys again */
	switch (ui_report) {
	case ']':
		if (ch == 27)
			ui_report = '\\';
		else if (ch == 7)
			ui_report = 0;
		return true;
	case '\\':
		ui_report = 0;		/* ST is ESC \\ */
		return true;
	case '?':
		if (ch >= 0x40 && ch <= 0x7e)
			ui_report = 0;	/* the final byte */
		return true;
	}
	if (ch != 27 || (r = wget_wch(stdscr, &next)) == ERR)
		return false;
	if (r == OK && next == '[' &&
	    (r3 = wget_wch(stdscr, &third)) != ERR) {
		if (r3 == OK && third == '?')
			next = '?';
		else if (r3 == OK)
			unget_wch(third);
		else
			ungetch((int)third);	/* a function key */
	}
	if (r != OK || (next != ']' && next != '?')) {
		if (r == OK)
			unget_wch(next);
		else
			ungetch((int)next);
		return false;
	}
	ui_report = (int)next;
	ui_report_end = now_ns() + UI_REPORT_NS;
	return true;
}

static int
ui_ncurses_read_key(void)
{
	wint_t	wch;
	int	r;

	if (!ui_active)
		return UIK_NONE;
	for (;;) {
		r = wget_wch(stdscr, &wch);
		if (r == ERR)
			return UIK_NONE;
		if (r == KEY_CODE_YES) {
			switch (wch) {
			case KEY_UP:
				return UIK_UP;
			case KEY_DOWN:
				return UIK_DOWN;
			case KEY_LEFT:
				return UIK_LEFT;
			case KEY_RIGHT:
				return UIK_RIGHT;
			case KEY_BTAB:
				return UIK_BTAB;
			case KEY_ENTER:
				return UIK_ENTER;
			case KEY_RESIZE:
				return UIK_RESIZE;
			case KEY_F(1):
				return UIK_F1;
			case KEY_F(10):
				return UIK_F10;
			case KEY_MOUSE:
				if (ui_ncurses_mouse_event())
					return UIK_MOUSE;
				break;
			}
			continue;	/* a key we have no use for */
		}
		if ((wch == 27 || ui_report != 0) && ui_ncurses_report(wch))
			continue;
		switch (wch) {
		case '\t':
			return UIK_TAB;
		case '\r':
		case '\n':
			return UIK_ENTER;
		case 27:
			return UIK_ESC;
		case 3:
			return UIK_CTRL_C;
		case 12:
			return UIK_CTRL_L;
		}
		if (wch < 0x20 || wch == 0x7f)
			continue;	/* other control characters */
		return (int)wch;
	}
}

/*
 * The size from the kernel, not from LINES/COLS: the main loop takes
 * SIGWINCH through a signalfd, so curses' own handler may never run and
 * never learn of the change. Tell curses when the size moved.
 */
static void
ui_ncurses_size(int *cols, int *rows)
{
	struct winsize	ws;

	if (!ui_active) {
		*cols = 80;
		*rows = 24;
		return;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0 && (ws.ws_col != COLS || ws.ws_row != LINES)) {
		resizeterm(ws.ws_row, ws.ws_col);
		grid_resize(ui_last, 0, 0);	/* repaint everything */
	}
	*cols = COLS;
	*rows = LINES;
}

static bool
ui_ncurses_row_same(const struct grid *g, int y)
{
	size_t	n = (size_t)g->cols;

	if (ui_last->cols != g->cols || y >= ui_last->rows)
		return false;
	return memcmp(&g->cells[(size_t)y * n], &ui_last->cells[(size_t)y * n],
	    n * sizeof *g->cells) == 0;
}

static void
ui_ncurses_row(const struct grid *g, int y, int cols)
{
	const struct cell	*c;
	cchar_t			 cc;
	wchar_t			 wc[2];
	int			 x, st;

	for (x = 0; x < cols; x++) {
		c = &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
		if (c->ch == 0 && x > 0)
			continue;	/* right half: drawn with its left */
		st = c->style < ST_COUNT ? c->style : ST_NORMAL;
		wc[0] = (wchar_t)grid_cell_shown(c->ch);
		wc[1] = L'\0';
		if (wcwidth(wc[0]) == 2 && x == cols - 1)
			wc[0] = L' ';	/* cut by a screen narrower than the grid */
		setcchar(&cc, wc, ui_attr[st], ui_pair[st], NULL);
		/* ERR at the bottom-right corner is expected: the cell is set. */
		mvadd_wch(y, x, &cc);
	}
}

static void
ui_ncurses_blit(const struct grid *g, bool full)
{
	int	y, rows, cols;
	size_t	n;

	if (!ui_active)
		return;
	rows = g->rows < LINES ? g->rows : LINES;
	cols = g->cols < COLS ? g->cols : COLS;
	if (full || ui_last->cols != g->cols || ui_last->rows != g->rows) {
		/* Also clears what a smaller grid would leave behind. */
		if (full || g->cols < COLS || g->rows < LINES)
			erase();
		if (full)
			clearok(curscr, TRUE);
		grid_resize(ui_last, 0, 0);
	}
	for (y = 0; y < rows; y++) {
		if (!ui_ncurses_row_same(g, y))
			ui_ncurses_row(g, y, cols);
	}
	wnoutrefresh(stdscr);
	doupdate();

	if (ui_last->cols != g->cols || ui_last->rows != g->rows)
		grid_resize(ui_last, g->cols, g->rows);
	n = (size_t)g->cols * (size_t)g->rows;
	memcpy(ui_last->cells, g->cells, n * sizeof *g->cells);
}

/*
 * Restore the terminal. Idempotent, and kept to what is safe enough on
 * the fatal-signal path: no freeing (the heap may be what broke), just
 * the cursor back and endwin, which leaves the alternate screen and
 * restores the saved modes.
 */
static void
ui_ncurses_done(void)
{
	if (!ui_active)
		return;
	ui_active = 0;
	/* Click reporting off (endwin would do it too): done undoes all
	   that init did, in one place. */
	mousemask(0, NULL);
	curs_set(1);
	endwin();
	fflush(stdout);
}

const struct ui_backend ui_ncurses = {
	"ncurses",
	ui_ncurses_init,
	ui_ncurses_has_color,
	ui_ncurses_input_fd,
	ui_ncurses_read_key,
	ui_ncurses_size,
	ui_ncurses_blit,
	ui_ncurses_done,
	NULL,			/* curses times ESC itself (ESCDELAY) */
	ui_ncurses_mouse
};
