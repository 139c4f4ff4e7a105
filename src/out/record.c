/*
 * record.c: the asciinema cast and the Chrome trace of a run.
 *
 * The cast repaints only the rows that changed since the last frame, with
 * the terminal UI's current palette (palette.h) as SGR sequences, so that it looks
 * like the screen and a 10-second run is a few hundred kilobytes at most.
 * The trace turns the model's per-tick process states into intervals: an
 * interval starts at the first tick that shows a state and ends at the
 * first tick that shows another, so it agrees with the JSON Lines samples
 * taken from the same model.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "out/record.h"
#include "screen/palette.h"
#include "base/utf8.h"
#include "base/util.h"

/* One track of the trace: a worker, or a worker's helper thread. */
struct record_track {
	char	*key;		/* "writer", "writer/feeder" */
	int	 tid;
	bool	 open;
	char	 name[128];	/* of the open interval */
	char	 call[32];
	char	 chan[64];
	double	 start;		/* trace seconds */
};

/* Last counter values written per channel, to write only changes. */
struct record_counter {
	char	 fill[128];
	char	 rate[128];
};

struct record_file {
	FILE	*f;
	char	*path;
	int	 err;		/* errno of the first failed write */
};

struct record {
	char			*title;
	bool			 closed;

	struct record_file	 cast;
	bool			 cast_header;
	uint64_t		 cast_t0;
	struct grid		*last;		/* what the cast shows */
	struct strbuf		 cast_marks;	/* markers before the header */

	struct record_file	 trace;
	int			 pid;
	int			 nwritten;	/* trace events */
	double			 base;		/* trace time of the run's t 0 */
	double			 t;		/* latest trace time */
	struct record_track	*tracks;
	int			 ntracks;
	struct record_counter	*counters;
	int			 ncounters;
};

static int
record_open_file(struct record_file *rf, const char *path, char **cause)
{
	int	fd;

	/* The path is only ever shown: printable (util.h). */
	rf->path = util_printable_dup(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd == -1 || (rf->f = fdopen(fd, "w")) == NULL) {
		xasprintf(cause, "%s: cannot write there: %s", rf->path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return 0;
}

/*
 * Straight to the descriptor through util_write (the FILE only holds it):
 * nothing sits in a buffer a worker could inherit, and a file that is a
 * FIFO nobody reads never keeps a terminating signal out.
 */
static void
record_write(struct record_file *rf, const char *s, size_t len)
{
	if (rf->f == NULL || rf->err != 0)
		return;
	if (util_write(fileno(rf->f), s, len) == -1)
		rf->err = errno != 0 ? errno : EIO;
}

static void
record_puts(struct record_file *rf, const char *s)
{
	record_write(rf, s, strlen(s));
}

static void
record_close_file(struct record_file *rf)
{
	if (rf->f == NULL)
		return;
	if (fclose(rf->f) == EOF && rf->err == 0)
		rf->err = errno;
	rf->f = NULL;
	if (rf->err == EINTR)
		fprintf(stderr, "ipcscope: %s: not finished: a signal came "
		    "while it could take no more (the file is incomplete)\n",
		    rf->path);
	else if (rf->err != 0)
		fprintf(stderr, "ipcscope: %s: write error: %s (the file is "
		    "incomplete)\n", rf->path, strerror(rf->err));
}

struct record *
record_new(void)
{
	struct record	*r = xcalloc(1, sizeof *r);

	r->pid = (int)getpid();
	return r;
}

bool
record_has_cast(const struct record *r)
{
	return r != NULL && r->cast.path != NULL;
}

bool
record_has_trace(const struct record *r)
{
	return r != NULL && r->trace.path != NULL;
}

bool
record_failed(const struct record *r)
{
	return r != NULL && (r->cast.err != 0 || r->trace.err != 0);
}

/* ---- the cast ---- */

int
record_open_cast(struct record *r, const char *path, const char *title,
    char **cause)
{
	if (record_open_file(&r->cast, path, cause) == -1)
		return -1;
	if (r->title == NULL)
		r->title = xstrdup(title);
	r->cast_t0 = now_ns();
	r->last = grid_new(0, 0);
	return 0;
}

/* Seconds since the cast began: its events' times. */
static double
record_cast_t(const struct record *r)
{
	return (double)(now_ns() - r->cast_t0) / 1e9;
}

static void
record_cast_header(struct record *r, int cols, int rows)
{
	struct strbuf	sb = { 0 };

	strbuf_printf(&sb, "{\"version\": 2, \"width\": %d, \"height\": %d, "
	    "\"timestamp\": %lld, \"title\": ", cols, rows,
	    (long long)time(NULL));
	strbuf_json_string(&sb, r->title);
	/* The escapes below need a 256-colour terminal, whatever ours is. */
	strbuf_printf(&sb, ", \"env\": {\"TERM\": \"xterm-256color\", "
	    "\"SHELL\": ");
	strbuf_json_string(&sb, getenv("SHELL") != NULL ? getenv("SHELL") :
	    "/bin/sh");
	strbuf_printf(&sb, "}}\n");
	record_write(&r->cast, sb.s, sb.len);
	strbuf_free(&sb);
	r->cast_header = true;
}

/*
 * How the cast draws: the palette's depth, and the colours that stand
 * for the terminal's own (-1 where the player's are right: a dark
 * palette on a player that is dark by default).
 */
struct record_pen {
	enum palette_depth	 depth;
	short			 fg, bg;
};

static struct record_pen
record_pen(bool color)
{
	const struct palette	*pal = palette_current();
	struct record_pen	 pen = { 0, -1, -1 };

	/* The cast's escapes are xterm-256color's (see its header). */
	pen.depth = palette_depth(pal, color, 256);
	/* A light palette must bring its background: the player's is dark. */
	if (pen.depth != PALETTE_MONO && palette_for_light(pal))
		palette_defaults(pal, &pen.fg, &pen.bg);
	return pen;
}

static void
record_sgr(struct strbuf *sb, int st, const struct record_pen *pen)
{
	struct palette_look	look;

	look = palette_look(palette_current(), pen->depth, st);
	if (look.fg < 0)
		look.fg = pen->fg;
	if (look.bg < 0)
		look.bg = pen->bg;
	strbuf_add(sb, "\033[0", 3);
	if (look.attr & PAL_BOLD)
		strbuf_add(sb, ";1", 2);
	if (look.attr & PAL_DIM)
		strbuf_add(sb, ";2", 2);
	if (look.attr & PAL_UNDERLINE)
		strbuf_add(sb, ";4", 2);
	if (look.attr & PAL_REVERSE)
		strbuf_add(sb, ";7", 2);
	if (look.fg >= 0)
		strbuf_printf(sb, ";38;5;%d", look.fg);
	if (look.bg >= 0)
		strbuf_printf(sb, ";48;5;%d", look.bg);
	strbuf_add(sb, "m", 1);
}

static void
record_utf8(struct strbuf *sb, uint32_t c)
{
	char	b[UTF8_MAX];

	strbuf_add(sb, b, utf8_encode(grid_cell_shown(c), b));
}

/*
 * Row y: move there, the cells up to the last one that shows, erase the
 * rest. With a background of its own (pen->bg) every cell is written: a
 * player's erase may not take the colour.
 */
static void
record_row(struct strbuf *sb, const struct grid *g, int y,
    const struct record_pen *pen)
{
	const struct cell	*row = &g->cells[(size_t)y * (size_t)g->cols];
	int			 x, end, st = -1;

	for (end = g->cols; end > 0 && pen->bg < 0; end--) {
		if ((row[end - 1].ch != ' ' && row[end - 1].ch != 0) ||
		    row[end - 1].style != ST_NORMAL)
			break;
	}
	strbuf_printf(sb, "\033[%d;1H", y + 1);
	for (x = 0; x < end; x++) {
		if (row[x].ch == 0 && x > 0)
			continue;	/* right half of a wide character */
		if (row[x].style != st) {
			st = row[x].style;
			record_sgr(sb, st, pen);
		}
		if (grid_cwidth(row[x].ch) == 2 && x == g->cols - 1)
			record_utf8(sb, ' ');
		else
			record_utf8(sb, row[x].ch);
	}
	strbuf_add(sb, "\033[0m", 4);
	if (end < g->cols)
		strbuf_add(sb, "\033[K", 3);
}

void
record_frame(struct record *r, const struct grid *g, bool color)
{
	struct strbuf		 out = { 0 }, sb = { 0 };
	struct record_pen	 pen;
	size_t			 n = (size_t)g->cols;
	double			 t;
	bool			 full = false, first = false;
	int			 y;

	if (r == NULL || r->cast.f == NULL || r->closed)
		return;
	pen = record_pen(color);
	t = record_cast_t(r);
	if (!r->cast_header) {
		record_cast_header(r, g->cols, g->rows);
		if (r->cast_marks.len > 0)
			record_write(&r->cast, r->cast_marks.s,
			    r->cast_marks.len);
		full = first = true;
	} else if (r->last->cols != g->cols || r->last->rows != g->rows) {
		strbuf_printf(&out, "[%.6f, \"r\", \"%dx%d\"]\n", t, g->cols,
		    g->rows);
		full = true;
	}
	if (full) {
		/* The first frame enters the alternate screen, as the
		   terminal UI does; record_cast_end leaves it. */
		strbuf_printf(&sb, "%s\033[?25l", first ?
		    "\033[?1049h" : "");
		record_sgr(&sb, ST_NORMAL, &pen);
		strbuf_printf(&sb, "\033[H\033[2J");
	}
	for (y = 0; y < g->rows; y++) {
		if (full || memcmp(&g->cells[(size_t)y * n],
		    &r->last->cells[(size_t)y * n], n * sizeof *g->cells) != 0)
			record_row(&sb, g, y, &pen);
	}
	if (sb.len > 0) {
		strbuf_printf(&out, "[%.6f, \"o\", ", t);
		strbuf_json_string(&out, sb.s);
		strbuf_add(&out, "]\n", 2);
	}
	if (out.len > 0)
		record_write(&r->cast, out.s, out.len);
	strbuf_free(&sb);
	strbuf_free(&out);
	if (full)
		grid_resize(r->last, g->cols, g->rows);
	memcpy(r->last->cells, g->cells, n * (size_t)g->rows *
	    sizeof *g->cells);
}

/*
 * A cue's marker (asciinema's "m" event, a chapter in players that show
 * them): the cue's event text, "cue 3/7: The pipe is full ...", cut at
 * a word to about RECORD_MARK_COLS columns.
 */
#define RECORD_MARK_COLS	48

static void
record_marker(struct record *r, const char *text)
{
	struct strbuf	 out = { 0 };
	char		 label[(RECORD_MARK_COLS + 1) * UTF8_MAX + 16];
	const char	*p = text, *cut = NULL, *prev;
	int		 cols = 0;
	size_t		 len;

	while (*p != '\0' && cols <= RECORD_MARK_COLS) {
		prev = p;
		if (grid_utf8_next(&p) == ' ')
			cut = prev;
		cols++;
	}
	len = strlen(text);
	if (*p != '\0')
		len = (size_t)((cut != NULL ? cut : prev) - text);
	snprintf(label, sizeof label, "%.*s%s", (int)len, text,
	    len < strlen(text) ? "\u2026" : "");
	strbuf_printf(&out, "[%.6f, \"m\", ", record_cast_t(r));
	strbuf_json_string(&out, label);
	strbuf_add(&out, "]\n", 2);
	/* Before the first frame there is no header yet: it waits. */
	if (!r->cast_header)
		strbuf_add(&r->cast_marks, out.s, out.len);
	else
		record_write(&r->cast, out.s, out.len);
	strbuf_free(&out);
}

/*
 * The cast's last output gives the viewer's terminal back as it was, as
 * the terminal UI does when it ends: attributes reset (a light palette's
 * background too), the cursor shown again, the alternate screen that the
 * first frame entered left, so that after "asciinema cat" or a player the
 * prompt comes back on the screen it was on.
 */
static void
record_cast_end(struct record *r)
{
	struct strbuf	out = { 0 };

	if (r->last == NULL || r->last->rows == 0)
		return;		/* no frame: nothing to undo */
	strbuf_printf(&out, "[%.6f, \"o\", ", record_cast_t(r));
	strbuf_json_string(&out, "\033[0m\033[?25h\033[?1049l");
	strbuf_add(&out, "]\n", 2);
	record_write(&r->cast, out.s, out.len);
	strbuf_free(&out);
}

/* ---- the trace ---- */

static void
record_trace_event(struct record *r, struct strbuf *ev)
{
	struct strbuf	sb = { 0 };

	if (r->trace.f == NULL)
		return;
	if (r->nwritten++ > 0)
		strbuf_add(&sb, ",", 1);
	strbuf_add(&sb, "\n", 1);
	strbuf_add(&sb, ev->s, ev->len);
	record_write(&r->trace, sb.s, sb.len);
	strbuf_free(&sb);
	strbuf_free(ev);
}

static long long
record_us(double s)
{
	return llround(s * 1e6);
}

int
record_open_trace(struct record *r, const char *path, const char *title,
    char **cause)
{
	struct strbuf	sb = { 0 };

	if (record_open_file(&r->trace, path, cause) == -1)
		return -1;
	if (r->title == NULL)
		r->title = xstrdup(title);
	record_puts(&r->trace, "{\"traceEvents\": [");
	strbuf_printf(&sb, "{\"ph\": \"M\", \"name\": \"process_name\", "
	    "\"pid\": %d, \"tid\": 0, \"args\": {\"name\": ", r->pid);
	strbuf_json_string(&sb, r->title);
	strbuf_add(&sb, "}}", 2);
	record_trace_event(r, &sb);
	return 0;
}

static struct record_track *
record_track(struct record *r, const char *key)
{
	struct record_track	*tr;
	struct strbuf		 sb = { 0 };
	int			 i;

	for (i = 0; i < r->ntracks; i++) {
		if (strcmp(r->tracks[i].key, key) == 0)
			return &r->tracks[i];
	}
	r->tracks = xreallocarray(r->tracks, (size_t)r->ntracks + 1,
	    sizeof *r->tracks);
	tr = &r->tracks[r->ntracks++];
	memset(tr, 0, sizeof *tr);
	tr->key = xstrdup(key);
	tr->tid = r->ntracks;		/* 1, 2, ...: stable in a run */
	strbuf_printf(&sb, "{\"ph\": \"M\", \"name\": \"thread_name\", "
	    "\"pid\": %d, \"tid\": %d, \"args\": {\"name\": ", r->pid, tr->tid);
	strbuf_json_string(&sb, key);
	strbuf_add(&sb, "}}", 2);
	record_trace_event(r, &sb);
	strbuf_printf(&sb, "{\"ph\": \"M\", \"name\": \"thread_sort_index\", "
	    "\"pid\": %d, \"tid\": %d, \"args\": {\"sort_index\": %d}}",
	    r->pid, tr->tid, tr->tid);
	record_trace_event(r, &sb);
	return tr;
}

/* End the track's open interval at trace time t. */
static void
record_track_end(struct record *r, struct record_track *tr, double t)
{
	struct strbuf	sb = { 0 };
	long long	ts, end;

	if (!tr->open)
		return;
	tr->open = false;
	ts = record_us(tr->start);
	end = record_us(t);
	strbuf_printf(&sb, "{\"ph\": \"X\", \"pid\": %d, \"tid\": %d, "
	    "\"ts\": %lld, \"dur\": %lld, \"name\": ", r->pid, tr->tid, ts,
	    end > ts ? end - ts : 0);
	strbuf_json_string(&sb, tr->name);
	strbuf_printf(&sb, ", \"args\": {\"call\": ");
	strbuf_json_string(&sb, tr->call[0] != '\0' ? tr->call : NULL);
	strbuf_printf(&sb, ", \"channel\": ");
	strbuf_json_string(&sb, tr->chan[0] != '\0' ? tr->chan : NULL);
	strbuf_add(&sb, "}}", 2);
	record_trace_event(r, &sb);
}

/*
 * What a track is doing, as the text format says it: "running",
 * "blocked write pipe", "waiting rate", "paused". NULL once it has ended:
 * done and failed are shown by the events, not as intervals.
 */
static void
record_track_state(struct record *r, const char *key, const struct model *m,
    enum proc_state state, const char *op, int chan, double t)
{
	struct record_track	*tr = record_track(r, key);
	const char		*cname = chan >= 0 ? m->chans[chan].name : NULL;
	char			 name[sizeof tr->name];

	switch (state) {
	case PS_BLOCKED:
		snprintf(name, sizeof name, "blocked%s%s%s%s", op ? " " : "",
		    op ? op : "", cname ? " " : "", cname ? cname : "");
		break;
	case PS_WAITING:
		snprintf(name, sizeof name, "waiting%s%s", op ? " " : "",
		    op ? op : "");
		break;
	case PS_DONE:
	case PS_FAILED:
		record_track_end(r, tr, t);
		return;
	default:
		snprintf(name, sizeof name, "%s", state_name(state));
		break;
	}
	if (tr->open && strcmp(tr->name, name) == 0)
		return;
	record_track_end(r, tr, t);
	tr->open = true;
	tr->start = t;
	snprintf(tr->name, sizeof tr->name, "%s", name);
	snprintf(tr->call, sizeof tr->call, "%s",
	    state == PS_BLOCKED && op ? op : "");
	snprintf(tr->chan, sizeof tr->chan, "%s",
	    state == PS_BLOCKED && cname ? cname : "");
}

static void
record_counter_event(struct record *r, struct strbuf *sb, const char *name,
    const char *args, double t)
{
	strbuf_printf(sb, "{\"ph\": \"C\", \"pid\": %d, \"ts\": %lld, "
	    "\"name\": ", r->pid, record_us(t));
	strbuf_json_string(sb, name);
	strbuf_printf(sb, ", \"args\": %s}", args);
	record_trace_event(r, sb);
}

static void
record_counters(struct record *r, const struct model *m, double t)
{
	const struct model_chan	*c;
	struct record_counter	*rc;
	struct strbuf		 args = { 0 }, sb = { 0 };
	char			 name[160];
	int			 i;

	if (r->ncounters < m->nchans) {
		r->counters = xreallocarray(r->counters, (size_t)m->nchans,
		    sizeof *r->counters);
		memset(r->counters + r->ncounters, 0, (size_t)(m->nchans -
		    r->ncounters) * sizeof *r->counters);
		r->ncounters = m->nchans;
	}
	for (i = 0; i < m->nchans; i++) {
		c = &m->chans[i];
		rc = &r->counters[i];
		strbuf_printf(&args, "{");
		if (c->fill >= 0)
			strbuf_printf(&args, "\"fill\": %lld",
			    (long long)c->fill);
		if (c->capacity >= 0)
			strbuf_printf(&args, "%s\"capacity\": %lld",
			    c->fill >= 0 ? ", " : "", (long long)c->capacity);
		strbuf_add(&args, "}", 1);
		if (args.len > 2 && strcmp(args.s, rc->fill) != 0) {
			snprintf(rc->fill, sizeof rc->fill, "%s", args.s);
			snprintf(name, sizeof name, "%s fill (%s)", c->name,
			    c->unit);
			record_counter_event(r, &sb, name, args.s, t);
		}
		strbuf_free(&args);
		strbuf_printf(&args, "{");
		if (!isnan(c->in_bps))
			strbuf_printf(&args, "\"in_bps\": %.0f", c->in_bps);
		if (!isnan(c->out_bps))
			strbuf_printf(&args, "%s\"out_bps\": %.0f",
			    isnan(c->in_bps) ? "" : ", ", c->out_bps);
		strbuf_add(&args, "}", 1);
		if (args.len > 2 && strcmp(args.s, rc->rate) != 0) {
			snprintf(rc->rate, sizeof rc->rate, "%s", args.s);
			snprintf(name, sizeof name, "%s rate (bytes/s)",
			    c->name);
			record_counter_event(r, &sb, name, args.s, t);
		}
		strbuf_free(&args);
	}
}

void
record_sample(struct record *r, const struct model *m)
{
	const struct model_proc	*p;
	char			 key[160];
	int			 i;

	if (r == NULL || r->trace.f == NULL || r->closed)
		return;
	r->t = r->base + m->t;
	for (i = 0; i < m->nprocs; i++) {
		p = &m->procs[i];
		record_track_state(r, p->name, m, p->state, p->op, p->chan,
		    r->t);
		if (p->thread.name == NULL)
			continue;
		snprintf(key, sizeof key, "%s/%s", p->name, p->thread.name);
		record_track_state(r, key, m, p->thread.state, p->thread.op,
		    p->thread.chan, r->t);
	}
	record_counters(r, m, r->t);
}

void
record_event(struct record *r, const struct model *m,
    const struct model_event *ev)
{
	struct record_track	*tr = NULL;
	struct strbuf		 sb = { 0 };

	if (r == NULL || r->closed)
		return;
	if (r->cast.f != NULL && strcmp(ev->what, "cue") == 0)
		record_marker(r, ev->detail);
	if (r->trace.f == NULL)
		return;
	if (ev->proc >= 0 && ev->proc < m->nprocs)
		tr = record_track(r, m->procs[ev->proc].name);
	strbuf_printf(&sb, "{\"ph\": \"i\", \"pid\": %d, \"tid\": %d, "
	    "\"s\": \"%s\", \"ts\": %lld, \"name\": ", r->pid,
	    tr != NULL ? tr->tid : 0, tr != NULL ? "t" : "p",
	    record_us(r->base + ev->t));
	strbuf_json_string(&sb, ev->what);
	strbuf_printf(&sb, ", \"args\": {\"detail\": ");
	strbuf_json_string(&sb, ev->detail);
	strbuf_add(&sb, "}}", 2);
	record_trace_event(r, &sb);
}

static void
record_end_all(struct record *r, const struct model *m)
{
	int	i;

	if (m != NULL && r->base + m->t > r->t)
		r->t = r->base + m->t;
	for (i = 0; i < r->ntracks; i++)
		record_track_end(r, &r->tracks[i], r->t);
}

void
record_restart(struct record *r, const struct model *m)
{
	if (r == NULL || r->closed)
		return;
	record_end_all(r, m);
	r->base = r->t;
	/* A new run may have other channels: counters start afresh. */
	free(r->counters);
	r->counters = NULL;
	r->ncounters = 0;
}

void
record_close(struct record *r, const struct model *m)
{
	if (r == NULL || r->closed)
		return;
	if (r->trace.f != NULL) {
		record_end_all(r, m);
		record_puts(&r->trace, "\n], \"displayTimeUnit\": \"ms\"}\n");
	}
	if (r->cast.f != NULL && !r->cast_header) {
		record_cast_header(r, 80, 24);	/* no frame: still valid */
		if (r->cast_marks.len > 0)
			record_write(&r->cast, r->cast_marks.s,
			    r->cast_marks.len);
	} else if (r->cast.f != NULL)
		record_cast_end(r);
	r->closed = true;
	record_close_file(&r->trace);
	record_close_file(&r->cast);
}

void
record_free(struct record *r)
{
	int	i;

	if (r == NULL)
		return;
	if (!r->closed) {
		/* Given up before the run started: leave nothing behind. */
		if (r->cast.f != NULL) {
			fclose(r->cast.f);
			unlink(r->cast.path);
		}
		if (r->trace.f != NULL) {
			fclose(r->trace.f);
			unlink(r->trace.path);
		}
	}
	for (i = 0; i < r->ntracks; i++)
		free(r->tracks[i].key);
	free(r->tracks);
	free(r->counters);
	strbuf_free(&r->cast_marks);
	if (r->last != NULL)
		grid_free(r->last);
	free(r->cast.path);
	free(r->trace.path);
	free(r->title);
	free(r);
}
