/*
 * notes.c: the presenter's notes on a second terminal (notes.h). The
 * frame is rendered as text (notes_render, pure), then written between
 * home, erase-line and erase-below sequences in one write, so that the
 * terminal never shows half of two frames for long.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out/notes.h"
#include "screen/grid.h"
#include "base/utf8.h"

#define NOTES_COLS	80	/* when the terminal does not say */
#define NOTES_ROWS	24
#define NOTES_INDENT	"    "

struct notes {
	int		 fd;		/* -1 once closed */
	char		*path;		/* printable */
	bool		 drawn;		/* a frame is on the terminal */
	bool		 shown;		/* one was, once: the end is said */
	/* What the last frame showed, to draw only on a change. */
	int		 cue, next_cue;
	const char	*state;
	long		 run_s;
	time_t		 wall;
	int		 cols, rows;
	const struct model *m;
};

struct notes *
notes_open(const char *path, dev_t ui_dev, char **cause)
{
	struct notes	*n;
	struct stat	 st;
	char		*shown = util_printable_dup(path);
	int		 fd;

	fd = open(path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		xasprintf(cause, "--notes %s: cannot write there: %s", shown,
		    strerror(errno));
		free(shown);
		return NULL;
	}
	if (!isatty(fd) || fstat(fd, &st) == -1) {
		xasprintf(cause, "--notes %s: not a terminal (give the path "
		    "that tty(1) prints in the second terminal, such as "
		    "/dev/pts/3)", shown);
	} else if (ui_dev != 0 && st.st_rdev == ui_dev) {
		xasprintf(cause, "--notes %s: that is the terminal ipcscope "
		    "draws on; give the second terminal's (run tty there)",
		    shown);
	} else {
		n = xcalloc(1, sizeof *n);
		n->fd = fd;
		n->path = shown;
		n->cue = -2;
		return n;
	}
	close(fd);
	free(shown);
	return NULL;
}

const char *
notes_path(const struct notes *n)
{
	return n->path;
}

/* The run as a whole, in the header's words. */
static const char *
notes_state(const struct notes_info *ni)
{
	const struct model	*m = ni->m;

	if (ni->frozen)
		return "FROZEN";
	if (m->finished)
		return "FINISHED";
	if (m->all_paused)
		return "ALL PAUSED";
	if (m->stalled)
		return "STALLED";
	return "RUNNING";
}

/* One line of at most width columns into sb, from *s (advanced). */
static void
notes_line(struct strbuf *sb, const char **s, int width)
{
	const char	*p = *s, *cut = NULL, *q;
	uint32_t	 ch;
	int		 cols = 0, w;

	for (q = p; *q != '\0'; ) {
		if (*q == ' ')
			cut = q;
		ch = grid_utf8_next(&q);
		w = grid_cwidth(ch);
		if (cols + w > width)
			break;
		cols += w;
	}
	if (*q == '\0')
		cut = q;
	else if (cut == NULL || cut == p)
		cut = q;	/* a word longer than the line: cut it */
	/* cut may sit inside a character only at q, which is whole. */
	strbuf_add(sb, p, (size_t)(cut - p));
	*s = cut;
}

/*
 * text word-wrapped in lines of width columns after indent, each ending
 * in "\n", while *left lines remain. Controls become spaces.
 */
static void
notes_wrap(struct strbuf *sb, const char *text, int width, int *left)
{
	char		*clean = xstrdup(text), *c;
	const char	*s = clean;
	int		 w = width - (int)strlen(NOTES_INDENT);

	for (c = clean; *c != '\0'; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	}
	util_printable(clean);
	if (w < 10)
		w = 10;
	while (*left > 0) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		strbuf_printf(sb, NOTES_INDENT);
		notes_line(sb, &s, w);
		strbuf_add(sb, "\n", 1);
		(*left)--;
	}
	free(clean);
}

/* A line of its own, cut to width, if a line is left. */
static void
notes_head(struct strbuf *sb, int width, int *left, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void
notes_head(struct strbuf *sb, int width, int *left, const char *fmt, ...)
{
	va_list		 ap;
	char		*line;
	const char	*s;

	if (*left <= 0)
		return;
	va_start(ap, fmt);
	xvasprintf(&line, fmt, ap);
	va_end(ap);
	util_printable(line);
	s = line;
	notes_line(sb, &s, width);
	strbuf_add(sb, "\n", 1);
	(*left)--;
	free(line);
}

/* The next cue: when, its text as written, what it does. */
static void
notes_next(struct strbuf *sb, const struct notes_info *ni, int width,
    int *left)
{
	const struct scenario	*sc = ni->m->sc;
	const struct scen_cue	*cue;
	double			 at, in;
	int			 k = ni->next_cue, j;

	if (k >= sc->ncues) {
		notes_head(sb, width, left, "NEXT  none: that was the last "
		    "cue");
		return;
	}
	cue = &sc->cues[k];
	at = (double)cue->at_ms / 1000.0;
	in = ceil(at - ni->m->t);
	if (ni->step)
		notes_head(sb, width, left, "NEXT  cue %d/%d, on n", k + 1,
		    sc->ncues);
	else
		notes_head(sb, width, left, "NEXT  cue %d/%d at %.1fs (in "
		    "%.0fs)", k + 1, sc->ncues, at, in > 0 ? in : 0);
	notes_wrap(sb, cue->say[0] != '\0' ? cue->say : "(no caption)",
	    width, left);
	for (j = 0; j < cue->nactions; j++)
		notes_head(sb, width, left, NOTES_INDENT "does: %s %s",
		    scenario_action_name(cue->actions[j].what),
		    cue->actions[j].text != NULL ? cue->actions[j].text : "");
}

void
notes_render(struct strbuf *sb, const struct notes_info *ni, int cols,
    int rows)
{
	const struct model	*m = ni->m;
	const struct scenario	*sc = m->sc;
	struct tm		 tm;
	long			 s = m->t > 0 ? (long)m->t : 0;
	int			 width = cols - 1, left = rows;
	char			 cue[32];

	localtime_r(&ni->wall, &tm);
	if (m->cue >= 0)
		snprintf(cue, sizeof cue, "cue %d/%d", m->cue + 1, sc->ncues);
	else
		snprintf(cue, sizeof cue, "no cue yet (0/%d)", sc->ncues);
	notes_head(sb, width, &left, "ipcscope notes: %s", sc->name);
	notes_head(sb, width, &left, "%s   %s   run %ld:%02ld   wall "
	    "%02d:%02d:%02d", notes_state(ni), cue, s / 60, s % 60,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	notes_head(sb, width, &left, "%s", "");
	if (m->cue >= 0) {
		notes_head(sb, width, &left, "NOW   %s", cue);
		notes_wrap(sb, m->caption[0] != '\0' ? m->caption :
		    "(no caption)", width, &left);
	} else {
		notes_head(sb, width, &left, "NOW   the scenario's about "
		    "text");
		notes_wrap(sb, sc->about != NULL && sc->about[0] != '\0' ?
		    sc->about : sc->title, width, &left);
	}
	notes_head(sb, width, &left, "%s", "");
	notes_next(sb, ni, width, &left);
}

/* The terminal's size now, or 80x24 when it does not say. */
static void
notes_size(const struct notes *n, int *cols, int *rows)
{
	struct winsize	ws;

	*cols = NOTES_COLS;
	*rows = NOTES_ROWS;
	if (ioctl(n->fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
	    ws.ws_row > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	}
}

/* Write all of s, or give up on EAGAIN: 0, 1 given up, -1 errno. */
static int
notes_write(struct notes *n, const char *s, size_t len)
{
	ssize_t	w;

	while (len > 0) {
		w = write(n->fd, s, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1 && errno == EAGAIN)
			return 1;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Whether the frame would show anything new; remembers what it shows. */
static bool
notes_changed(struct notes *n, const struct notes_info *ni, int cols,
    int rows)
{
	const char	*state = notes_state(ni);
	long		 run_s = ni->m->t > 0 ? (long)ni->m->t : 0;

	if (n->drawn && n->m == ni->m && n->cue == ni->m->cue &&
	    n->next_cue == ni->next_cue && n->state == state &&
	    n->run_s == run_s && n->wall == ni->wall && n->cols == cols &&
	    n->rows == rows)
		return false;
	n->m = ni->m;
	n->cue = ni->m->cue;
	n->next_cue = ni->next_cue;
	n->state = state;
	n->run_s = run_s;
	n->wall = ni->wall;
	n->cols = cols;
	n->rows = rows;
	return true;
}

int
notes_draw(struct notes *n, const struct notes_info *ni)
{
	struct strbuf	 text = { 0 }, out = { 0 };
	const char	*p, *nl;
	int		 cols, rows, rc;

	if (n->fd == -1)
		return 0;
	notes_size(n, &cols, &rows);
	if (!notes_changed(n, ni, cols, rows))
		return 0;
	/* A row to spare: the last line's newline must not scroll. */
	notes_render(&text, ni, cols, rows > 1 ? rows - 1 : 1);
	/* The first frame clears; later ones overwrite, line by line. */
	strbuf_printf(&out, "%s\033[H", n->drawn ? "" : "\033[2J");
	for (p = text.s; p != NULL && *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		strbuf_add(&out, p, (size_t)(nl - p));
		strbuf_printf(&out, "\033[K%s", nl[1] != '\0' ? "\r\n" : "");
	}
	strbuf_printf(&out, "\r\n\033[J");
	rc = notes_write(n, out.s, out.len);
	strbuf_free(&text);
	strbuf_free(&out);
	n->drawn = rc == 0;	/* a dropped frame: the next one is whole */
	n->shown = n->shown || n->drawn;
	if (rc == -1) {
		rc = errno;
		close(n->fd);
		n->fd = -1;
		errno = rc;
		return -1;
	}
	return 0;
}

void
notes_close(struct notes *n)
{
	static const char	bye[] = "\033[H\033[2Jipcscope: the run has "
				    "ended.\r\n";

	if (n == NULL || n->fd == -1)
		return;
	if (n->shown)
		(void)notes_write(n, bye, sizeof bye - 1);
	close(n->fd);
	n->fd = -1;
}

void
notes_free(struct notes *n)
{
	if (n == NULL)
		return;
	notes_close(n);
	free(n->path);
	free(n);
}
