/*
 * check_view.c: the view rendered into a grid, read back as text.
 *
 * Models are built by hand, the way the probe would fill them, and drawn
 * at 80x24 (the size a talk must survive), 120x40 (a projector) and 40x12
 * (a split pane), and one as large as a scenario may be (256 processes
 * on 64 channels) up to 300x400. The tests read rows with grid_row_text()
 * and look for what a user must see: the gauge numbers, the badges,
 * names, the caption, the footer, what a click lands on; and for what
 * must never happen: text past the edge, non-ASCII in ASCII mode, a guess
 * where the model says "unknown".
 */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/grid.h"
#include "kinds/channel.h"
#include "model/model.h"
#include "model/explain.h"
#include "view/view.h"

#define ROWBUF	2048

/* A hand-built model with its storage. */
struct fixture {
	struct scenario		sc;
	struct model		m;
	struct model_chan	chans[SCENARIO_MAX_CHANNELS];
	struct model_proc	procs[SCENARIO_MAX_PROCS];
	struct scen_proc	sprocs[SCENARIO_MAX_PROCS];	/* base, from, to */
	int			ends[SCENARIO_MAX_CHANNELS][2][SCENARIO_MAX_PROCS];
	char			names[SCENARIO_MAX_PROCS][24];
	char			cnames[SCENARIO_MAX_CHANNELS][24];
};

static struct fixture	 fx;
static struct grid	*g;
static char		 row[ROWBUF];

static struct model_chan *
fx_chan(const char *name, const char *kind, bool msgs, int64_t fill,
    int64_t cap)
{
	struct model_chan	*c = &fx.chans[fx.m.nchans];
	int			 i = fx.m.nchans++;

	memset(c, 0, sizeof *c);
	c->name = name;
	c->kind = kind;
	c->by_messages = msgs;
	c->unit = msgs ? "messages" : "bytes";
	c->fill = fill;
	c->capacity = cap;
	c->bytes = msgs ? -1 : fill;
	c->messages = msgs ? fill : -1;
	c->in_bps = 0;
	c->out_bps = 0;
	c->writers = fx.ends[i][0];
	c->readers = fx.ends[i][1];
	c->waiters = -1;	/* as the model: a kind that counts none */
	c->holders = -1;	/* as the model: not a followed program's */
	c->buffered_items = c->buffered_bytes = -1;
	c->dropped = -1;
	return c;
}

static struct model_proc *
fx_proc(const char *name, int to, int from, enum proc_state st)
{
	struct model_proc	*p = &fx.procs[fx.m.nprocs];
	int			 i = fx.m.nprocs++;
	struct model_chan	*c;

	memset(p, 0, sizeof *p);
	p->name = name;
	p->role = to >= 0 && from >= 0 ? "relay" : to >= 0 ? "producer" :
	    "consumer";
	p->pid = 4200 + i;
	p->state = st;
	p->chan = -1;
	p->syscall = -1;
	p->thread_of = -1;	/* a process, not a followed thread */
	p->kstate = 'S';
	fx.sprocs[i].name = (char *)name;
	fx.sprocs[i].base = (char *)name;
	fx.sprocs[i].to = to;
	fx.sprocs[i].from = from;
	fx.sc.nprocs = fx.m.nprocs;
	if (to >= 0) {
		c = &fx.chans[to];
		c->writers[c->nwriters++] = i;
	}
	if (from >= 0) {
		c = &fx.chans[from];
		c->readers[c->nreaders++] = i;
	}
	return p;
}

static void
fx_reset(const char *name, const char *title)
{
	memset(&fx, 0, sizeof fx);
	fx.sc.name = (char *)name;
	fx.sc.title = (char *)title;
	fx.sc.about = (char *)"";
	fx.sc.procs = fx.sprocs;
	fx.m.sc = &fx.sc;
	fx.m.chans = fx.chans;
	fx.m.procs = fx.procs;
	fx.m.cue = -1;
}

/* pipe-fill at the moment it is famous for: full pipe, blocked writer. */
static void
fx_pipe_fill(void)
{
	struct model_chan	*c;
	struct model_proc	*p;
	int			 i;

	fx_reset("pipe-fill", "A pipe fills up when nobody reads");
	fx.m.t = 3.4;
	c = fx_chan("pipe", "pipe", false, 65536, 65536);
	/* 10 samples a second: the pipe filled in the first tenth. */
	for (i = 0; i < 34; i++) {
		hist_push(&c->in_hist, i == 0 ? 655360 : 0);
		hist_push(&c->out_hist, 0);
		hist_push(&c->fill_hist, 1);
	}
	p = fx_proc("writer", 0, -1, PS_BLOCKED);
	p->op = "write";
	p->chan = 0;
	p->blocked_s = 3.2;
	p->state_s = 3.2;
	p->op_size = 4096;
	p->bytes_out = 65536;
	p->msgs_out = 16;
	p->out_bps = 0;
	p->in_bps = NAN;
	snprintf(p->wchan, sizeof p->wchan, "pipe_write");
	for (i = 0; i < 34; i++)
		hist_push(&p->out_hist, i == 0 ? 655360 : 0);
	p = fx_proc("reader", -1, 0, PS_WAITING);
	p->op = "start";
	p->state_s = 1.5;
	p->in_bps = 0;
	p->out_bps = NAN;
	snprintf(p->wchan, sizeof p->wchan, "hrtimer_nanosleep");
	for (i = 0; i < 2; i++) {
		fx.m.events[i].t = 0.0;
		fx.m.events[i].proc = i;
		snprintf(fx.m.events[i].what, sizeof fx.m.events[i].what,
		    "start");
		snprintf(fx.m.events[i].detail, sizeof fx.m.events[i].detail,
		    "pid %d", 4200 + i);
	}
	fx.m.nevents = 2;
	snprintf(fx.m.caption, sizeof fx.m.caption, "The pipe is full: "
	    "65536 bytes. The writer is blocked in write() until someone "
	    "reads.");
	fx.m.cue = 0;
}

static void
fx_posix_mq(void)
{
	struct model_chan	*c;
	struct model_proc	*p;

	fx_reset("posix-mq", "A POSIX message queue fills message by message");
	fx.m.t = 5;
	c = fx_chan("requests", "posix-mq", true, 10, 10);
	c->bytes = 40960;
	c->in_bps = 4096;
	c->out_bps = 1024;
	p = fx_proc("client-1", 0, -1, PS_BLOCKED);
	p->op = "send";
	p->chan = 0;
	p->blocked_s = 0.8;
	p->msgs_out = 30;
	p->bytes_out = 30 * 4096;
	p = fx_proc("client-2", 0, -1, PS_RUNNING);
	p->msgs_out = 25;
	p->bytes_out = 25 * 4096;
	p = fx_proc("server", -1, 0, PS_WAITING);
	p->op = "sleep";
	p->state_s = 0.25;
	p->msgs_in = 45;
	p->bytes_in = 45 * 4096;
}

/* A semaphore used by four users and a signal channel, as the model
   fills them from their kinds' descriptors. */
static void
fx_sem_signal(void)
{
	struct model_chan	*c;
	struct model_proc	*p;
	int			 i;

	fx_reset("semaphore-pool", "A semaphore lets two in");
	fx.m.t = 2.5;
	c = fx_chan("sem", "semaphore", true, 2, 2);
	c->unit = "holders";
	c->waiters = 2;
	c->one_side = true;
	c->readers_word = "users";
	c->rate_unit = "acq/s";
	c->in_bps = c->in_rate = NAN;
	c->out_rate = 2.5;
	for (i = 0; i < 10; i++)
		hist_push(&c->out_hist, 2.5);
	for (i = 0; i < 4; i++) {
		snprintf(fx.names[i], sizeof fx.names[i], "user-%d", i + 1);
		p = fx_proc(fx.names[i], -1, 0, i < 2 ? PS_WAITING :
		    PS_BLOCKED);
		p->op = i < 2 ? "hold" : "acquire";
		p->chan = i < 2 ? -1 : 0;
		p->in_unit = "acq/s";
		p->in_rate = i < 2 ? 0.5 : 0;
		p->msgs_in = p->msgs_out = i < 2 ? 1 : 0;
		p->out_bps = p->out_rate = NAN;
		hist_push(&p->in_hist, p->in_rate);
	}
	c = fx_chan("usr1", "signal", true, 1, 1);
	c->ops = channel_kind_by_name("signal");
	c->unit = "signals";
	c->writers_word = "senders";
	c->readers_word = "handlers";
	c->rate_unit = "sig/s";
	c->in_bps = 6400;
	c->out_bps = 1600;
	c->in_rate = 400;
	c->out_rate = 100;
	c->merged = 149;
	p = fx_proc("sender", 1, -1, PS_WAITING);
	p->op = "rate";
	p->out_unit = "sig/s";
	p->out_rate = 400;
	p->out_bps = 6400;
	p->msgs_out = 200;
	p->bytes_out = 3200;
	p = fx_proc("handler", -1, 1, PS_WAITING);
	p->op = "think";
	p->in_unit = "sig/s";
	p->in_rate = 100;
	p->in_bps = 1600;
	p->msgs_in = 50;
	p->bytes_in = 800;
}

static void
fx_many(void)
{
	struct model_chan	*c;
	struct model_proc	*p;
	int			 i;

	fx_reset("producer-consumer", "Many producers, many consumers");
	fx.m.t = 12.5;
	c = fx_chan("work", "unix-stream", false, 1000, 212992);
	c->in_bps = 3.5 * 1048576;
	c->out_bps = 3.4 * 1048576;
	for (i = 0; i < 64; i++) {
		snprintf(fx.names[i], sizeof fx.names[i], "worker-%d", i + 1);
		p = fx_proc(fx.names[i], i < 32 ? 0 : -1, i < 32 ? -1 : 0,
		    i % 3 == 0 ? PS_BLOCKED : PS_RUNNING);
		if (p->state == PS_BLOCKED) {
			p->op = i < 32 ? "write" : "read";
			p->chan = 0;
			p->blocked_s = 0.1 * i;
		}
	}
}

static void
fx_failures(void)
{
	struct model_chan	*c;
	struct model_proc	*p;
	struct model_event	*e;

	fx_reset("broken-pipe", "Writing to a pipe nobody reads any more");
	fx.m.t = 7;
	fx.m.finished = true;
	c = fx_chan("pipe", "pipe", false, 0, 65536);
	(void)c;
	c = fx_chan("queue", "sysv-msgq", false, 2048, 16384);
	c->messages = 2;
	p = fx_proc("writer", 0, -1, PS_FAILED);
	p->signal = 13;
	snprintf(p->detail, sizeof p->detail, "killed by SIGPIPE");
	p = fx_proc("reader", -1, 0, PS_DONE);
	p = fx_proc("checker", -1, 1, PS_DONE);
	p->lost = 3;
	p->ooo = 1;
	p->msgs_in = 96;
	p = fx_proc("sender", 1, -1, PS_FAILED);
	p->error = 32;
	snprintf(p->detail, sizeof p->detail, "write: EPIPE");
	e = &fx.m.events[0];
	e->t = 6.5;
	e->proc = 0;
	snprintf(e->what, sizeof e->what, "signal");
	snprintf(e->detail, sizeof e->detail, "killed by SIGPIPE");
	fx.m.nevents = 1;
}

static void
setup(void)
{
	g = grid_new(80, 24);
	fx_pipe_fill();
}

static void
teardown(void)
{
	grid_free(g);
	g = NULL;
}

static void
render(int cols, int rows, const struct view_state *vs)
{
	struct view_state	def;

	if (vs == NULL) {
		memset(&def, 0, sizeof def);
		def.selected = 0;
		def.color = true;
		vs = &def;
	}
	grid_resize(g, cols, rows);
	view_draw(&fx.m, vs, g);
}

static const char *
rowtext(int y)
{
	return grid_row_text(g, y, row, sizeof row);
}

/* The first row containing s, or -1. */
static int
find_row(const char *s)
{
	int	y;

	for (y = 0; y < g->rows; y++) {
		if (strstr(rowtext(y), s) != NULL)
			return y;
	}
	return -1;
}

/* The column where s starts in row y, counted in cells, or -1. */
static int
find_col(int y, const char *s)
{
	const char	*t, *hit;
	int		 x;

	t = rowtext(y);
	if ((hit = strstr(t, s)) == NULL)
		return -1;
	x = 0;
	while (t < hit) {
		x += grid_cwidth(grid_utf8_next(&t));
		while (grid_at(g, x, y) != NULL && grid_at(g, x, y)->ch == 0)
			x++;
	}
	return x;
}

static void
dump(void)
{
	int	y;

	for (y = 0; y < g->rows; y++)
		fprintf(stderr, "|%s\n", rowtext(y));
}

#define ck_has(s) do {							\
	if (find_row(s) < 0) {						\
		dump();							\
		ck_abort_msg("screen %dx%d lacks \"%s\"", g->cols,	\
		    g->rows, s);					\
	}								\
} while (0)

#define ck_hasnt(s) do {						\
	if (find_row(s) >= 0) {						\
		dump();							\
		ck_abort_msg("screen %dx%d shows \"%s\"", g->cols,	\
		    g->rows, s);					\
	}								\
} while (0)

static void
check_fits(void)
{
	int	y, w;

	for (y = 0; y < g->rows; y++) {
		w = grid_strwidth(rowtext(y));
		ck_assert_msg(w <= g->cols, "row %d is %d wide on %dx%d", y, w,
		    g->cols, g->rows);
		ck_assert_msg(strstr(rowtext(y), "\xef\xbf\xbd") == NULL,
		    "row %d holds U+FFFD", y);
	}
}

/* At 80 columns: e, f, s and ? before the rate, space and r. */
static const char *footer_utf8 = "\u2190\u2192 select  p pause  k kill  "
    "s scenarios  f freeze  e explain  ? help  q quit";
/* Wider screens also have room for the picker key. */
static const char *footer_wide = "\u2190\u2192 select  p pause  k kill  "
    "+/- rate  space all  r restart  s scenarios  f freeze  e explain  "
    "w waits  ? help  q quit";

/* grid */

START_TEST(test_grid_basics)
{
	struct cell	*c;

	grid_resize(g, 10, 2);
	ck_assert_int_eq(grid_puts(g, 0, 0, ST_NORMAL, -1, "h\xc3\xa9llo"), 5);
	ck_assert_str_eq(rowtext(0), "h\xc3\xa9llo");
	/* Clipped at maxw and at the edge. */
	ck_assert_int_eq(grid_puts(g, 0, 1, ST_NORMAL, 3, "abcdef"), 3);
	ck_assert_str_eq(rowtext(1), "abc");
	ck_assert_int_eq(grid_puts(g, 7, 1, ST_NORMAL, -1, "xyz123"), 3);
	ck_assert_str_eq(rowtext(1), "abc    xyz");
	ck_assert_ptr_null(grid_at(g, 10, 0));
	ck_assert_ptr_null(grid_at(g, -1, 0));
	/* Malformed UTF-8 becomes U+FFFD, one byte at a time. */
	grid_clear(g);
	grid_puts(g, 0, 0, ST_NORMAL, -1, "a\xff" "b");
	ck_assert_str_eq(rowtext(0), "a\xef\xbf\xbd" "b");
	c = grid_at(g, 2, 0);
	ck_assert_uint_eq(c->ch, 'b');
}
END_TEST

START_TEST(test_grid_wide)
{
	grid_resize(g, 6, 1);
	/* Two wide characters take four columns. */
	ck_assert_int_eq(grid_puts(g, 0, 0, ST_NORMAL, -1,
	    "\xe6\x97\xa5\xe6\x9c\xac!"), 5);
	ck_assert_uint_eq(grid_at(g, 1, 0)->ch, 0);
	ck_assert_str_eq(rowtext(0), "\xe6\x97\xa5\xe6\x9c\xac!");
	/* A wide character that would straddle maxw is not drawn. */
	grid_clear(g);
	ck_assert_int_eq(grid_puts(g, 0, 0, ST_NORMAL, 3,
	    "\xe6\x97\xa5\xe6\x9c\xac"), 2);
	/* Overwriting half of one blanks the other half. */
	grid_clear(g);
	grid_puts(g, 0, 0, ST_NORMAL, -1, "\xe6\x97\xa5");
	grid_put(g, 1, 0, 'x', ST_NORMAL);
	ck_assert_str_eq(rowtext(0), " x");
	/* At the right edge a wide character becomes a space. */
	grid_clear(g);
	grid_put(g, 5, 0, 0x65e5, ST_NORMAL);
	ck_assert_uint_eq(grid_at(g, 5, 0)->ch, ' ');
	/* Row text never splits a character, even in a short buffer. */
	grid_clear(g);
	grid_puts(g, 0, 0, ST_NORMAL, -1, "\xe6\x97\xa5\xe6\x9c\xac");
	ck_assert_str_eq(grid_row_text(g, 0, row, 5), "\xe6\x97\xa5");
}
END_TEST

/* pipe-fill */

START_TEST(test_pipe_80x24)
{
	int	y;

	render(80, 24, NULL);
	check_fits();
	y = find_row("ipcscope");
	ck_assert_int_eq(y, 0);
	ck_assert_ptr_nonnull(strstr(rowtext(0), "pipe-fill"));
	ck_assert_ptr_nonnull(strstr(rowtext(0), "A pipe fills up"));
	ck_assert_ptr_nonnull(strstr(rowtext(0), "t 3.4s"));
	ck_assert_ptr_nonnull(strstr(rowtext(0), "RUNNING"));
	y = find_row("64.0/64.0 KiB");
	ck_assert_int_ge(y, 1);
	ck_assert_ptr_nonnull(strstr(rowtext(y), "100%"));
	ck_assert_ptr_nonnull(strstr(rowtext(y), "writer"));
	ck_assert_ptr_nonnull(strstr(rowtext(y), "reader"));
	/* The writer's name is left of the gauge, the reader's right of it. */
	ck_assert_int_lt(find_col(y, "writer"), find_col(y, "\u2588"));
	ck_assert_int_gt(find_col(y, "reader"), find_col(y, "\u2588"));
	ck_has("BLOCKED write pipe 3.2s");
	ck_has("WAITING start 1.5s");
	ck_has("The pipe is full: 65536 bytes.");
	ck_has("in 0 B/s");
	ck_assert_str_eq(rowtext(23) + 1, footer_utf8);
	/* The badge wears the blocked colours. */
	y = find_row("BLOCKED write");
	ck_assert_int_eq(grid_at(g, find_col(y, "BLOCKED"), y)->style,
	    ST_BADGE_BLOCKED);
	/* A full gauge is drawn full. */
	y = find_row("64.0/64.0 KiB");
	ck_assert_int_eq(grid_at(g, find_col(y, "\u2588"), y)->style,
	    ST_GAUGE_FULL);
}
END_TEST

START_TEST(test_pipe_120x40)
{
	render(120, 40, NULL);
	check_fits();
	ck_has("64.0/64.0 KiB");
	ck_has("BLOCKED write pipe 3.2s");
	ck_has("WAITING start 1.5s");
	/* Room for the kernel's view and the sparklines. */
	ck_has("kernel");
	ck_has("S pipe_write");
	/* Text too long for its column ends in an ellipsis. */
	ck_has("S hrtimer_n\u2026");
	ck_has("throughput");
	ck_has("\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588");
	ck_has("The pipe is full: 65536 bytes.");
	ck_assert_str_eq(rowtext(39) + 1, footer_wide);
}
END_TEST

START_TEST(test_pipe_40x12)
{
	render(40, 12, NULL);
	check_fits();
	ck_has("ipcscope");
	ck_has("64.0/64.0 KiB");
	ck_has("BLOCKED write pipe 3.2s");
	ck_has("writer");
	ck_has("reader");
	ck_has("The pipe is full");
	ck_has("? help");
	ck_has("q quit");
}
END_TEST

START_TEST(test_pipe_drops_extras_first)
{
	/* At 80x24 the kernel's view gives way before anything essential. */
	render(80, 24, NULL);
	ck_hasnt("pipe_write");
	ck_has("BLOCKED write pipe 3.2s");
	/* But the second channel line is there: rates and kind. */
	ck_has("out 0 B/s");
}
END_TEST

START_TEST(test_selected_marked)
{
	struct view_state	vs;
	int			y;

	memset(&vs, 0, sizeof vs);
	vs.selected = 1;
	render(80, 24, &vs);
	y = find_row("WAITING start");
	ck_assert_int_ge(y, 0);
	ck_assert_uint_eq(grid_at(g, 1, y)->ch, 0x25b6);
	ck_assert_int_eq(grid_at(g, 3, y)->style, ST_SELECTED);
	y = find_row("BLOCKED write");
	ck_assert_uint_eq(grid_at(g, 1, y)->ch, ' ');
	/* Nothing selected: no marker anywhere. */
	vs.selected = -1;
	render(80, 24, &vs);
	for (y = 0; y < g->rows; y++)
		ck_assert_uint_ne(grid_at(g, 1, y)->ch, 0x25b6);
}
END_TEST

START_TEST(test_ascii_only)
{
	static const int	sizes[][2] = { { 80, 24 }, { 120, 40 },
					       { 40, 12 }, { 30, 8 } };
	struct view_state	vs;
	const char		*t;
	size_t			i;
	int			y;

	memset(&vs, 0, sizeof vs);
	vs.ascii = true;
	vs.help = false;
	for (i = 0; i < 4; i++) {
		fx_pipe_fill();
		snprintf(fx.m.caption, sizeof fx.m.caption,
		    "Caf\xc3\xa9 \xe2\x80\x94 the pipe is full\xe2\x80\xa6");
		render(sizes[i][0], sizes[i][1], &vs);
		for (y = 0; y < g->rows; y++) {
			for (t = rowtext(y); *t != '\0'; t++)
				ck_assert_msg((unsigned char)*t < 0x80,
				    "non-ASCII at %dx%d row %d: %s",
				    g->cols, g->rows, y, rowtext(y));
		}
	}
	render(80, 24, &vs);
	ck_has("64.0/64.0 KiB");
	ck_has("[####");
	ck_has("<-> select  p pause");
	ck_has("Caf? - the pipe is full...");
	vs.help = true;
	render(80, 24, &vs);
	for (y = 0; y < g->rows; y++) {
		for (t = rowtext(y); *t != '\0'; t++)
			ck_assert((unsigned char)*t < 0x80);
	}
}
END_TEST

START_TEST(test_help_overlay)
{
	static const char	*keys[] = { "pause or resume the selected",
				    "kill the selected", "raise or lower",
				    "restart the scenario", "quit", "space",
				    "redraw", "close this help" };
	struct view_state	vs;
	size_t			i;
	int			y;

	memset(&vs, 0, sizeof vs);
	vs.help = true;
	vs.color = true;
	render(80, 24, &vs);
	check_fits();
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		ck_has(keys[i]);
	y = find_row(" BLOCKED   WAITING ");
	ck_assert_int_gt(y, 0);
	ck_assert_ptr_nonnull(strstr(rowtext(y), "RUNNING"));
	ck_assert_ptr_nonnull(strstr(rowtext(y), "PAUSED"));
	ck_assert_ptr_nonnull(strstr(rowtext(y), "DONE"));
	ck_assert_ptr_nonnull(strstr(rowtext(y), "FAILED"));
	ck_assert_int_eq(grid_at(g, find_col(y, "BLOCKED"), y)->style,
	    ST_BADGE_BLOCKED);
	/* Small screens still get every key, in a compact form. */
	render(40, 12, &vs);
	check_fits();
	ck_has("p pause");
	ck_has("k kill");
	ck_has("+ - rate");
	ck_has("space all");
	ck_has("r restart");
	ck_has("q F10 ^C quit");
	ck_has("? F1 esc");
	ck_has("BLOCKED");
}
END_TEST

START_TEST(test_message)
{
	struct view_state	vs;

	memset(&vs, 0, sizeof vs);
	vs.selected = 0;
	snprintf(vs.message, sizeof vs.message, "writer paused");
	render(80, 24, &vs);
	ck_assert_ptr_nonnull(strstr(rowtext(23), "writer paused"));
	ck_assert_ptr_nonnull(strstr(rowtext(23), "q quit"));
	check_fits();
}
END_TEST

START_TEST(test_global_state)
{
	render(80, 24, NULL);
	ck_assert_ptr_nonnull(strstr(rowtext(0), "RUNNING"));
	fx.m.all_paused = true;
	render(80, 24, NULL);
	ck_assert_ptr_nonnull(strstr(rowtext(0), "ALL PAUSED"));
	fx.m.finished = true;
	render(80, 24, NULL);
	ck_assert_ptr_nonnull(strstr(rowtext(0), "FINISHED"));
}
END_TEST

START_TEST(test_unknown_is_question_mark)
{
	struct model_chan	*c = &fx.chans[0];
	int			 y;

	c->fill = -1;
	c->in_bps = NAN;
	render(80, 24, NULL);
	check_fits();
	y = find_row("?/64.0 KiB");
	ck_assert_int_ge(y, 0);
	ck_assert_ptr_null(strstr(rowtext(y), "100%"));
	ck_has("in ?");
	c->capacity = -1;
	c->fill = 1536;
	render(80, 24, NULL);
	ck_has("1.5 KiB/?");
}
END_TEST

START_TEST(test_same_unit_and_partial)
{
	struct model_chan	*c = &fx.chans[0];
	int			 y;

	c->fill = 1;
	render(80, 24, NULL);
	y = find_row("0.0/64.0 KiB");
	ck_assert_int_ge(y, 0);
	/* Not empty, so not "0%". */
	ck_assert_ptr_nonnull(strstr(rowtext(y), "<1%"));
	/* One byte is not nothing: an eighth of a cell shows it. */
	ck_assert_ptr_nonnull(strstr(rowtext(y), "\u258f"));
	c->fill = 32768;
	render(80, 24, NULL);
	y = find_row("32.0/64.0 KiB");
	ck_assert_int_ge(y, 0);
	ck_assert_ptr_nonnull(strstr(rowtext(y), "50%"));
	ck_assert_int_eq(grid_at(g, find_col(y, "\u2588"), y)->style,
	    ST_GAUGE_WARM);
	c->fill = 65535;
	render(80, 24, NULL);
	y = find_row("/64.0 KiB");
	ck_assert_ptr_nonnull(strstr(rowtext(y), "99%"));
}
END_TEST

/* posix-mq */

START_TEST(test_mq)
{
	fx_posix_mq();
	render(80, 24, NULL);
	check_fits();
	ck_has("10/10 msgs");
	ck_has("100%");
	ck_has("2 writers");
	ck_has("server");
	/* The channel's name gives way; the duration stays whole. */
	ck_has("BLOCKED send reque\u2026 800ms");
	ck_has("WAITING sleep 250ms");
	ck_has("posix-mq");
	ck_has("40.0 KiB");
	render(120, 40, NULL);
	check_fits();
	ck_has("10/10 msgs");
	ck_has("client-1,client-2");
	render(40, 12, NULL);
	check_fits();
	ck_has("10/10 msgs");
}
END_TEST

/*
 * A queue's detail line at every width: each part whole or left out,
 * never a number cut ("pipe 204" for "pipe 204 B", "pi").
 */
START_TEST(test_detail_parts_whole)
{
	struct model_chan	*c = &fx.chans[0];
	const char		*r;
	int			 cols, y;

	c->name = "q";
	c->kind = "mpqueue";
	c->fill = 204;
	c->bytes = 204;
	c->messages = -1;
	c->in_bps = c->out_bps = 202;
	c->buffered_items = 0;
	c->buffered_bytes = 0;
	for (cols = 60; cols <= 110; cols++) {
		render(cols, 24, NULL);
		check_fits();
		if ((y = find_row("mpqueue")) < 0)
			continue;
		r = rowtext(y);
		if (strstr(r, "  in ") != NULL)
			ck_assert_msg(strstr(r, "in 202 B/s") != NULL,
			    "%d columns: %s", cols, r);
		if (strstr(r, "  out ") != NULL)
			ck_assert_msg(strstr(r, "out 202 B/s") != NULL,
			    "%d columns: %s", cols, r);
		if (strstr(r, "  local ") != NULL)
			ck_assert_msg(strstr(r, "local 0 items 0 B") != NULL,
			    "%d columns: %s", cols, r);
		if (strstr(r, "  pi") != NULL)
			ck_assert_msg(strstr(r, "  pipe 204 B") != NULL,
			    "%d columns: %s", cols, r);
	}
}
END_TEST

/*
 * The check column at 80 columns: a non-blocking writer's drops and a
 * program's I/O counters are said in its width, never "EAGAIN ..." or
 * "I/O ..." cut to a word.
 */
START_TEST(test_check_column_short)
{
	struct model_proc	*p = &fx.procs[0];
	int			 y;

	p->eagain = 185;
	p->dropped = 184;
	render(80, 24, NULL);
	check_fits();
	y = find_row("BLOCKED write");
	ck_assert_int_ge(y, 0);
	if (strstr(rowtext(y), "184") == NULL) {
		dump();
		ck_abort_msg("the writer's drops are not shown");
	}
	ck_assert_ptr_null(strstr(rowtext(y), "\u2026"));
	p->eagain = 0;
	p->dropped = 0;
	p->io_counters = true;
	render(80, 24, NULL);
	check_fits();
	y = find_row("BLOCKED write");
	if (strstr(rowtext(y), "I/O") != NULL)
		ck_assert_ptr_null(strstr(rowtext(y), "\u2026"));
}
END_TEST

/*
 * A side that is a program: its rate is left out of the channel's line
 * (its I/O counters count all its I/O), not shown as "out ?".
 */
START_TEST(test_program_side_left_out)
{
	struct model_chan	*c = &fx.chans[0];
	char			 text[2048];
	int			 y;

	fx.procs[1].io_counters = true;
	c->in_bps = 1024;
	c->out_bps = NAN;
	render(80, 24, NULL);
	check_fits();
	y = find_row("  in 1.0 KiB/s");
	if (y < 0) {
		dump();
		ck_abort_msg("no channel detail line");
	}
	ck_assert_ptr_null(strstr(rowtext(y), "out ?"));
	ck_assert_ptr_null(strstr(rowtext(y), "out "));
	/* e says why. */
	explain_chan(&fx.m, 0, text, sizeof text);
	ck_assert_msg(strstr(text, "Its out rate is not shown: reader is a "
	    "program") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "not known yet") == NULL, "%s", text);
	/* The throughput panel: "n/a", not "?", beside no sparkline. */
	render(120, 40, NULL);
	check_fits();
	y = find_row("throughput");
	ck_assert_int_ge(y, 0);
	if (strstr(rowtext(y + 1), "n/a") == NULL ||
	    strchr(rowtext(y + 1), '?') != NULL) {
		dump();
		ck_abort_msg("the pipe's throughput row: %s", rowtext(y + 1));
	}
	/* Not a program: an unknown rate is still "?". */
	fx.procs[1].io_counters = false;
	render(80, 24, NULL);
	ck_has("out ?");
}
END_TEST

/*
 * The gauge stays where it is as its channel empties and closes: its
 * columns come from the width and the capacity, not from what it holds.
 */
START_TEST(test_gauge_does_not_move)
{
	struct model_chan	*c = &fx.chans[0];
	int			 y, x0, x1, x2;

	render(80, 24, NULL);
	y = find_row("64.0/64.0 KiB");
	ck_assert_int_ge(y, 0);
	x0 = find_col(y, "\u258f ");
	c->fill = 0;
	render(80, 24, NULL);
	y = find_row("0.0/64.0 KiB");
	ck_assert_int_ge(y, 0);
	x1 = find_col(y, "\u258f ");
	c->fill = -1;
	c->closed = true;
	render(80, 24, NULL);
	y = find_row("closed");
	ck_assert_int_ge(y, 0);
	x2 = find_col(y, "\u258f ");
	ck_assert_int_ge(x0, 0);
	ck_assert_int_eq(x1, x0);
	ck_assert_int_eq(x2, x0);
	/* A channel with no limit: its count grows, its gauge stays. */
	c->closed = false;
	c->capacity = -1;
	c->unbounded = true;
	c->by_messages = true;
	c->fill = 0;
	render(80, 24, NULL);
	y = find_row("no limit");
	ck_assert_int_ge(y, 0);
	x0 = find_col(y, "\u258f ");
	c->fill = 100;
	render(80, 24, NULL);
	y = find_row("no limit");
	ck_assert_int_eq(find_col(y, "\u258f "), x0);
}
END_TEST

/*
 * The live caption (off the script) tells a channel's flow in its kind's
 * unit: a signal's in signals per second, a semaphore's in acquisitions,
 * never bytes.
 */
START_TEST(test_live_flow_units)
{
	char	text[2048];
	int	i;

	fx_sem_signal();
	for (i = 0; i < fx.m.nprocs; i++) {	/* nothing stands out */
		fx.procs[i].state = PS_WAITING;
		fx.procs[i].op = "rate";
		fx.procs[i].chan = -1;
	}
	fx.chans[0].waiters = 0;
	explain_live(&fx.m, -1, text, sizeof text);
	ck_assert_msg(strstr(text, "B/s") == NULL, "%s", text);
	ck_assert_msg(strstr(text, "400 sig/s in, 100 sig/s out") != NULL ||
	    strstr(text, "400.0 sig/s in, 100.0 sig/s out") != NULL, "%s", text);
}
END_TEST

/* semaphore: holders and waiters on the channel line */

START_TEST(test_semaphore)
{
	struct model_chan	*c;
	struct model_proc	*p;
	int			 i;

	fx_reset("semaphore-pool", "A semaphore lets two in");
	fx.m.t = 2;
	c = fx_chan("sem", "semaphore", true, 2, 2);
	c->unit = "holders";
	c->waiters = 2;
	for (i = 0; i < 4; i++) {
		p = fx_proc(i < 2 ? (i == 0 ? "first-1" : "first-2") :
		    (i == 2 ? "late-1" : "late-2"), -1, 0,
		    i < 2 ? PS_WAITING : PS_BLOCKED);
		p->op = i < 2 ? "hold" : "acquire";
		p->chan = i < 2 ? -1 : 0;
		p->blocked_s = i < 2 ? 0 : 1.5;
	}
	render(80, 24, NULL);
	check_fits();
	ck_has("2/2 held, 2 waiting");
	ck_has("BLOCKED acquire sem");
	ck_has("WAITING hold");
}
END_TEST

/* 64 processes */

START_TEST(test_many_scrolls)
{
	struct view_state	vs;
	int			y;

	fx_many();
	memset(&vs, 0, sizeof vs);
	vs.selected = 40;
	render(80, 24, &vs);
	check_fits();
	y = find_row("worker-41 ");
	ck_assert_int_ge(y, 0);
	ck_assert_uint_eq(grid_at(g, 1, y)->ch, 0x25b6);
	ck_has("of 64");
	ck_has("32 writers");
	ck_has("32 readers");
	ck_hasnt("worker-1 ");
	/* The last one selected: the list ends with it. */
	vs.selected = 63;
	render(80, 24, &vs);
	ck_has("worker-64");
	vs.selected = 0;
	render(120, 40, &vs);
	check_fits();
	ck_has("worker-1 ");
	ck_hasnt("worker-64");
	render(40, 12, &vs);
	check_fits();
	ck_has("worker-1 ");
}
END_TEST

/* failures and integrity */

START_TEST(test_failures)
{
	int	y, x;

	fx_failures();
	render(80, 24, NULL);
	check_fits();
	ck_assert_ptr_nonnull(strstr(rowtext(0), "FINISHED"));
	ck_has("FAILED SIGPIPE");
	ck_has("FAILED write: EPIPE");
	ck_has("DONE");
	/* Too narrow for the whole check: its counts that are not zero,
	   in whole words ("lost 3 ooo 1" in 10 columns). */
	y = find_row("lost 3 \u2026");
	ck_assert_int_ge(y, 0);
	ck_hasnt("lost 3 dup 0");
	x = find_col(y, "lost 3");
	ck_assert_int_eq(grid_at(g, x, y)->style, ST_ERROR);
	y = find_row("DONE");
	ck_assert_ptr_nonnull(strstr(rowtext(y), "reader"));
	x = find_col(y, "ok");
	ck_assert_int_ge(x, 0);
	ck_assert_int_eq(grid_at(g, x, y)->style, ST_OK);
	y = find_row("FAILED SIGPIPE");
	ck_assert_int_eq(grid_at(g, find_col(y, "FAILED"), y)->style,
	    ST_BADGE_FAILED);
	/* No caption: the latest event says what happened. */
	ck_has("writer signal: killed by SIGPIPE");
	ck_has("0/64.0 KiB");
	ck_has("2.0/16.0 KiB");
	ck_has("2 msgs");
	render(120, 40, NULL);
	check_fits();
	ck_has("lost 3 ooo 1");
	render(160, 40, NULL);
	check_fits();
	ck_has("lost 3 dup 0 ooo 1");
	render(40, 12, NULL);
	check_fits();
	ck_has("FAILED SIGPIPE");
}
END_TEST

START_TEST(test_too_small)
{
	render(39, 10, NULL);
	ck_has("terminal too small: need 40x10");
	render(40, 9, NULL);
	ck_has("terminal too small: need 40x10");
	render(20, 5, NULL);
	check_fits();
	ck_has("need 40x10");
	render(1, 1, NULL);
	render(0, 0, NULL);
	render(40, 10, NULL);
	ck_hasnt("too small");
	check_fits();
	ck_has("64.0/64.0 KiB");
}
END_TEST

START_TEST(test_pure)
{
	struct grid	*g2 = grid_new(120, 40);
	size_t		 n;

	render(120, 40, NULL);
	{
		struct view_state	vs;

		memset(&vs, 0, sizeof vs);
		vs.selected = 0;
		vs.color = true;
		view_draw(&fx.m, &vs, g2);
	}
	n = (size_t)g->cols * (size_t)g->rows;
	ck_assert_int_eq(memcmp(g->cells, g2->cells, n * sizeof *g->cells), 0);
	grid_free(g2);
}
END_TEST

START_TEST(test_every_size_fits)
{
	void		(*models[])(void) = { fx_pipe_fill, fx_posix_mq,
			    fx_many, fx_failures };
	struct view_state vs;
	size_t		 i;
	int		 cols, rows;

	memset(&vs, 0, sizeof vs);
	for (i = 0; i < sizeof models / sizeof models[0]; i++) {
		models[i]();
		for (cols = 36; cols <= 200; cols += 7) {
			for (rows = 8; rows <= 60; rows += 5) {
				vs.selected = (cols + rows) % (fx.m.nprocs + 1) - 1;
				vs.help = (cols + rows) % 3 == 0;
				vs.ascii = (cols + rows) % 2 == 0;
				render(cols, rows, &vs);
				check_fits();
				if (cols >= 40 && rows >= 10 && !vs.help)
					ck_assert_ptr_nonnull(strstr(rowtext(0),
					    "ipcscope"));
			}
		}
	}
}
END_TEST

/* --big: the projector layout */

/* Four channels, a writer each, and a caption. */
static void
fx_chans4(void)
{
	static const char	*chans[] = { "a", "b", "c", "d" };
	static const char	*procs[] = { "w-a", "w-b", "w-c", "w-d" };
	int			 i;

	fx_reset("many-channels", "Four channels");
	for (i = 0; i < 4; i++) {
		fx_chan(chans[i], "pipe", false, 1024 * i, 65536);
		fx_proc(procs[i], i, -1, PS_RUNNING);
	}
	snprintf(fx.m.caption, sizeof fx.m.caption, "Four writers, and "
	    "nobody reads any of the four pipes.");
}

static void
render_big(int cols, int rows, struct view_state *vs)
{
	struct view_state	def;

	if (vs == NULL) {
		memset(&def, 0, sizeof def);
		def.selected = 0;
		def.color = true;
		vs = &def;
	}
	vs->big = true;
	render(cols, rows, vs);
}

/* The column of the first cell holding ch in row y, or -1. */
static int
find_cell(int y, uint32_t ch)
{
	int	x;

	for (x = 0; x < g->cols; x++) {
		if (grid_at(g, x, y)->ch == ch)
			return x;
	}
	return -1;
}

/* Captions on screens wider than a line of text (VIEW_TEXT bytes). */
START_TEST(test_wide_caption)
{
	static char		about[1009], stall[4096];
	struct view_state	vs;
	const char		*t;
	size_t			used = 0;
	int			i, y;

	/* One word as long as a caption can be: drawn whole, not dropped. */
	memset(fx.m.caption, 'x', sizeof fx.m.caption - 1);
	fx.m.caption[sizeof fx.m.caption - 1] = '\0';
	render(700, 30, NULL);
	check_fits();
	y = find_row("xxxxxxxx");
	ck_assert_int_gt(y, 0);
	for (i = 0, t = rowtext(y); *t != '\0'; t++)
		i += *t == 'x';
	ck_assert_int_eq(i, (int)sizeof fx.m.caption - 1);
	/* A word wider than the line is cut into lines, whatever its length. */
	fx.m.caption[0] = '\0';
	fx.m.nevents = 0;
	memset(about, 'y', sizeof about - 1);
	about[sizeof about - 1] = '\0';
	fx.sc.about = about + 8;
	render(800, 30, NULL);
	check_fits();
	ck_has("yyyyyyyy");
	/* The same on the last line the big layout's caption has. */
	memcpy(about, "1\n2\n3\n4\n", 8);
	fx.sc.about = about;
	render_big(800, 40, NULL);
	check_fits();
	ck_has("yyyyyyyy");
	/* ASCII: a long text is converted whole, so it ends where it ends. */
	for (i = 0; i < 150; i++)
		used += (size_t)snprintf(stall + used, sizeof stall - used,
		    "%swaiter-%d", i == 0 ? "" : ", ", i);
	fx.m.stalled = true;
	fx.m.stall_text = stall;
	fx.m.step = true;
	memset(&vs, 0, sizeof vs);
	vs.ascii = true;
	render(300, 60, &vs);
	check_fits();
	ck_has("waiter-149");
	ck_hasnt("...");
}
END_TEST

START_TEST(test_big_100x30)
{
	int	y, x, r, cap;

	render_big(100, 30, NULL);
	check_fits();
	if (getenv("VIEW_DUMP") != NULL)
		dump();
	ck_assert_ptr_nonnull(strstr(rowtext(0), "A pipe fills up when nobody "
	    "reads"));
	ck_assert_ptr_nonnull(strstr(rowtext(0), "RUNNING"));
	/* Row 1 is the status slot: empty until a mode puts a status there. */
	ck_assert_str_eq(rowtext(1), "");
	/* The channel: a line of words, then a bar three rows tall. */
	y = find_row("written by writer, read by reader");
	ck_assert_int_gt(y, 1);
	ck_assert_ptr_nonnull(strstr(rowtext(y), "pipe"));
	x = find_cell(y + 1, 0x2588);
	ck_assert_int_ge(x, 0);
	for (r = 1; grid_at(g, x, y + r)->ch == 0x2588; r++)
		ck_assert_int_eq(grid_at(g, x, y + r)->style, ST_GAUGE_FULL);
	ck_assert_int_ge(r - 1, 3);
	/* Beside the bar, one above the other: fill, share, rate. */
	r = find_row("64.0 / 64.0 KiB");
	ck_assert_int_gt(r, y);
	ck_assert_uint_eq(grid_at(g, x, r + 2)->ch, 0x2588);
	ck_assert_ptr_nonnull(strstr(rowtext(r + 1), "100% full"));
	ck_assert_ptr_nonnull(strstr(rowtext(r + 2), "out 0 B/s"));
	/* Each process on its own line, its state in words, spaced out. */
	y = find_row("BLOCKED in write() on pipe for 3.2 s");
	ck_assert_int_gt(y, 0);
	ck_assert_ptr_nonnull(strstr(rowtext(y), "writer"));
	ck_assert_uint_eq(grid_at(g, 2, y)->ch, 0x25b6);	/* selected */
	ck_assert_int_eq(grid_at(g, find_col(y, "BLOCKED"), y)->style,
	    ST_BADGE_BLOCKED);
	ck_assert_str_eq(rowtext(y + 1), "");
	ck_assert_ptr_nonnull(strstr(rowtext(y + 2),
	    "WAITING (start delay) for 1.5 s"));
	/* A large caption at the bottom, in the caption style. */
	cap = find_row("The pipe is full: 65536 bytes.");
	ck_assert_int_gt(cap, y + 2);
	ck_assert_int_ge(cap, 30 - 8);
	ck_assert_int_eq(grid_at(g, find_col(cap, "The pipe"), cap)->style,
	    ST_CAPTION);
	ck_has("The writer is blocked in write() until someone reads.");
	/* No small print; the keys shrink to a hint. */
	ck_hasnt("pipe_write");
	ck_hasnt("4200");
	ck_hasnt("throughput");
	ck_hasnt("p pause");
	ck_assert_ptr_nonnull(strstr(rowtext(29), "? help"));
	ck_assert_ptr_nonnull(strstr(rowtext(29), "q quit"));
}
END_TEST

START_TEST(test_big_small_sizes)
{
	void		(*models[])(void) = { fx_pipe_fill, fx_posix_mq,
			    fx_many, fx_failures, fx_chans4 };
	struct view_state vs;
	size_t		 i;
	int		 cols, rows;

	render_big(80, 24, NULL);
	check_fits();
	ck_has("64.0 / 64.0 KiB");
	ck_has("BLOCKED in write() on pipe for 3.2 s");
	ck_has("WAITING (start delay) for 1.5 s");
	ck_has("The pipe is full: 65536 bytes.");
	render_big(40, 12, NULL);
	check_fits();
	ck_has("64.0 / 64.0 KiB");
	ck_has("BLOCKED in write()");
	ck_has("The pipe is full");
	render_big(39, 10, NULL);
	ck_has("terminal too small");

	memset(&vs, 0, sizeof vs);
	for (i = 0; i < sizeof models / sizeof models[0]; i++) {
		models[i]();
		for (cols = 36; cols <= 200; cols += 11) {
			for (rows = 8; rows <= 60; rows += 4) {
				vs.selected = (cols + rows) % (fx.m.nprocs + 1) - 1;
				vs.help = (cols + rows) % 5 == 0;
				vs.ascii = (cols + rows) % 2 == 0;
				render_big(cols, rows, &vs);
				check_fits();
			}
		}
	}
}
END_TEST

START_TEST(test_big_other_models)
{
	fx_posix_mq();
	render_big(100, 30, NULL);
	check_fits();
	ck_has("10 / 10 msgs");
	ck_has("written by client-1,client-2, read by server");
	ck_has("out 1.0 KiB/s");
	ck_has("BLOCKED in send() on requests for 0.8 s");
	ck_has("RUNNING");
	ck_has("WAITING (sleep) for 0.2 s");

	fx_failures();
	render_big(100, 30, NULL);
	check_fits();
	ck_has("FAILED killed by SIGPIPE");
	ck_has("FAILED write: EPIPE");
	ck_has("DONE");
	ck_has("written by sender, read by checker");
}
END_TEST

START_TEST(test_big_pools)
{
	struct view_state	vs;
	int			i, y;

	fx_many();
	for (i = 0; i < 64; i++)
		fx.sprocs[i].base = (char *)(i < 32 ? "producer" : "consumer");
	memset(&vs, 0, sizeof vs);
	vs.selected = 40;
	render_big(100, 30, &vs);
	check_fits();
	if (getenv("VIEW_DUMP") != NULL)
		dump();
	ck_has("written by producer \u00d732, read by consumer \u00d732");
	y = find_row("producer \u00d732   ");
	ck_assert_int_gt(y, 0);
	ck_assert_ptr_nonnull(strstr(rowtext(y),
	    "11 BLOCKED in write() on work"));
	ck_assert_ptr_nonnull(strstr(rowtext(y), "21 RUNNING"));
	y = find_row("consumer \u00d732   ");
	ck_assert_int_gt(y, 0);
	ck_assert_uint_eq(grid_at(g, 2, y)->ch, 0x25b6);	/* worker-41 */
	ck_hasnt("more");

	/* No pools to fold into: a window round the selection, "+N more". */
	fx_many();
	render_big(100, 30, &vs);
	check_fits();
	y = find_row("worker-41 ");
	ck_assert_int_gt(y, 0);
	ck_assert_uint_eq(grid_at(g, 2, y)->ch, 0x25b6);
	ck_has(" more");
	ck_hasnt("worker-1 ");
}
END_TEST

START_TEST(test_big_more_channels)
{
	fx_chans4();
	/* No room even to say that three channels are left out: the rows
	   must still not run into the caption. */
	render_big(40, 10, NULL);
	check_fits();
	ck_has("a  (pipe)");
	ck_has("processes, +3 more");
	ck_has("Four writers");
	render_big(80, 12, NULL);
	check_fits();
	ck_has("written by w-a");
	ck_has("+3 more channels");
	ck_has("+3 more");
	ck_has("Four writers");
	render_big(100, 40, NULL);
	ck_has("written by w-d");
	ck_hasnt("more channel");
	ck_hasnt("more");
}
END_TEST

START_TEST(test_big_ascii)
{
	struct view_state	vs;
	const char		*t;
	int			y;

	memset(&vs, 0, sizeof vs);
	vs.ascii = true;
	render_big(100, 30, &vs);
	check_fits();
	for (y = 0; y < g->rows; y++) {
		for (t = rowtext(y); *t != '\0'; t++)
			ck_assert_msg((unsigned char)*t < 0x80,
			    "non-ASCII in row %d: %s", y, rowtext(y));
	}
	ck_has("[#####");
	ck_has("64.0 / 64.0 KiB");
}
END_TEST

START_TEST(test_big_overlays)
{
	struct view_state	vs;

	memset(&vs, 0, sizeof vs);
	vs.help = true;
	render_big(100, 30, &vs);
	check_fits();
	ck_has("pause or resume the selected");
	memset(&vs, 0, sizeof vs);
	vs.explain = true;
	render_big(100, 30, &vs);
	check_fits();
	ck_has("explain writer");
	ck_has("writer is blocked in write() on pipe");
	memset(&vs, 0, sizeof vs);
	vs.frozen = true;
	vs.live_t = 5.0;
	render_big(100, 30, &vs);
	ck_assert_ptr_nonnull(strstr(rowtext(0), "FROZEN"));
	ck_assert_ptr_nonnull(strstr(rowtext(0), "t 3.4s of 5.0s"));
}
END_TEST

START_TEST(test_big_stall)
{
	fx.m.stalled = true;
	fx.m.stall_text = (char *)"writer waits in write on pipe (full): its "
	    "reader has ended.";
	render_big(100, 30, NULL);
	ck_has("STALLED");
	ck_has("writer waits in write on pipe (full)");
	ck_hasnt("The pipe is full: 65536");
}
END_TEST

/* The mouse: what was drawn where, and a selected channel. */

static struct view_map	map;

static void
render_map(int cols, int rows, struct view_state *vs)
{
	grid_resize(g, cols, rows);
	view_draw_map(&fx.m, vs, g, &map);
}

/* What a click at (x, y) hits: 'p' + index, 'c' + index, or "none". */
static const char *
hit(int x, int y)
{
	static char	buf[32];
	int		i;

	switch (view_hit(&map, x, y, &i)) {
	case VIEW_HIT_PROC:
		snprintf(buf, sizeof buf, "p%d", i);
		break;
	case VIEW_HIT_CHAN:
		snprintf(buf, sizeof buf, "c%d", i);
		break;
	default:
		snprintf(buf, sizeof buf, "none");
		break;
	}
	return buf;
}

static void
vs_init(struct view_state *vs, bool big)
{
	memset(vs, 0, sizeof *vs);
	vs->selected = 0;
	vs->color = true;
	vs->big = big;
}

START_TEST(test_hits_normal)
{
	struct view_state	vs;
	int			y;

	vs_init(&vs, false);
	render_map(80, 24, &vs);
	y = find_row("BLOCKED write pipe");
	ck_assert_str_eq(hit(find_col(y, "writer"), y), "p0");
	ck_assert_str_eq(hit(79, y), "p0");
	y = find_row("WAITING start");
	ck_assert_str_eq(hit(find_col(y, "reader"), y), "p1");
	/* The gauge and the channel's second line. */
	y = find_row("64.0/64.0 KiB");
	ck_assert_str_eq(hit(find_col(y, "\u2588"), y), "c0");
	ck_assert_str_eq(hit(find_col(y + 1, "in 0 B/s"), y + 1), "c0");
	/* Elsewhere: nothing. */
	ck_assert_str_eq(hit(5, 0), "none");
	ck_assert_str_eq(hit(5, 23), "none");
	y = find_row("The pipe is full");
	ck_assert_str_eq(hit(find_col(y, "The pipe"), y), "none");
	ck_assert_str_eq(hit(-1, -1), "none");
	ck_assert_str_eq(hit(500, 500), "none");

	/* Scrolled: the rows map to the processes they show. */
	fx_many();
	vs.selected = 40;
	render_map(80, 24, &vs);
	y = find_row("worker-41 ");
	ck_assert_str_eq(hit(3, y), "p40");
	ck_assert_str_eq(hit(3, y + 1), "p41");
}
END_TEST

START_TEST(test_hits_big)
{
	struct view_state	vs;
	int			y, i;

	vs_init(&vs, true);
	render_map(100, 30, &vs);
	y = find_row("BLOCKED in write()");
	ck_assert_str_eq(hit(find_col(y, "BLOCKED"), y), "p0");
	ck_assert_str_eq(hit(find_col(y, "writer"), y), "p0");
	ck_assert_str_eq(hit(find_col(y, "writer"), y + 1), "none");	/* gap */
	y = find_row("WAITING (start delay)");
	ck_assert_str_eq(hit(6, y), "p1");
	/* The name line and every row of the bar. */
	y = find_row("written by writer");
	ck_assert_str_eq(hit(3, y), "c0");
	for (i = 1; grid_at(g, 10, y + i)->ch == 0x2588; i++)
		ck_assert_str_eq(hit(10, y + i), "c0");
	ck_assert_int_ge(i, 4);
	ck_assert_str_eq(hit(find_col(y + 2, "64.0 / 64.0"), y + 2), "c0");
	ck_assert_str_eq(hit(5, find_row("processes")), "none");
	ck_assert_str_eq(hit(5, find_row("The pipe is full")), "none");
	ck_assert_str_eq(hit(5, 0), "none");

	/* A pool's line selects its first process. */
	fx_many();
	for (i = 0; i < 64; i++)
		fx.sprocs[i].base = (char *)(i < 32 ? "producer" : "consumer");
	render_map(100, 30, &vs);
	y = find_row("consumer \u00d732   ");
	ck_assert_str_eq(hit(6, y), "p32");
}
END_TEST

/* As large as a scenario may be: 256 processes on 64 channels. */
static void
fx_limits(void)
{
	struct model_proc	*p;
	int			 i, c;

	fx_reset("limits", "Every process and channel a scenario may have");
	fx.m.t = 9;
	for (c = 0; c < SCENARIO_MAX_CHANNELS; c++) {
		snprintf(fx.cnames[c], sizeof fx.cnames[c], "chan-%02d", c);
		fx_chan(fx.cnames[c], "pipe", false, 1024 * c, 65536);
	}
	/* Two writers and two readers on each channel. */
	for (i = 0; i < SCENARIO_MAX_PROCS; i++) {
		snprintf(fx.names[i], sizeof fx.names[i], "proc-%03d", i);
		c = i % SCENARIO_MAX_CHANNELS;
		p = fx_proc(fx.names[i], i < SCENARIO_MAX_PROCS / 2 ? c : -1,
		    i < SCENARIO_MAX_PROCS / 2 ? -1 : c,
		    i % 2 ? PS_BLOCKED : PS_RUNNING);
		if (p->state == PS_BLOCKED) {
			p->op = "write";
			p->chan = c;
			p->blocked_s = 1;
		}
	}
	snprintf(fx.m.caption, sizeof fx.m.caption, "Every writer waits.");
}

/* The last row where s is drawn starting at column x, or -1. */
static int
last_row_at(const char *s, int x)
{
	int	y;

	for (y = g->rows - 1; y >= 0; y--) {
		if (find_col(y, s) == x)
			return y;
	}
	return -1;
}

/*
 * The last process row and the last channel drawn map back to their
 * indices, however many the map holds: the last process is selected, so
 * it is drawn last; the last channel is the last one the screen says it
 * shows ("channels (k of 64)" or all of them).
 */
static void
check_limit_hits(bool big)
{
	struct view_state	vs;
	char			name[24], want[16];
	const char		*t;
	int			y, k, x;

	vs_init(&vs, big);
	vs.selected = SCENARIO_MAX_PROCS - 1;
	render_map(g->cols, g->rows, &vs);
	check_fits();
	/* The name column: 3 (normal) or 4 (big), after the marker. */
	x = big ? 4 : 3;
	snprintf(name, sizeof name, "proc-%03d", SCENARIO_MAX_PROCS - 1);
	y = last_row_at(name, x);
	if (y < 0)
		dump();
	ck_assert_msg(y > 0, "%dx%d: %s not drawn", g->cols, g->rows, name);
	snprintf(want, sizeof want, "p%d", SCENARIO_MAX_PROCS - 1);
	ck_assert_str_eq(hit(x, y), want);
	ck_assert_str_eq(hit(g->cols - 1, y), want);

	k = SCENARIO_MAX_CHANNELS;
	if (!big && (y = find_row("channels (")) >= 0) {
		t = strstr(rowtext(y), "channels (");
		ck_assert_int_eq(sscanf(t, "channels (%d of", &k), 1);
	} else if (big && (y = find_row(" more channel")) >= 0) {
		t = strstr(rowtext(y), "+");
		ck_assert_int_eq(sscanf(t, "+%d", &k), 1);
		k = SCENARIO_MAX_CHANNELS - k;
	}
	ck_assert_int_gt(k, 0);
	snprintf(name, sizeof name, "chan-%02d", k - 1);
	x = big ? 2 : 1;
	y = last_row_at(name, x);
	ck_assert_msg(y > 0, "%dx%d: %s not drawn", g->cols, g->rows, name);
	snprintf(want, sizeof want, "c%d", k - 1);
	ck_assert_str_eq(hit(x, y), want);
	ck_assert_str_eq(hit(g->cols / 2, y), want);
	snprintf(name, sizeof name, "chan-%02d", k);
	ck_assert_int_lt(last_row_at(name, x), 0);
}

START_TEST(test_hits_limits)
{
	static const int	sizes[][2] = { { 120, 40 }, { 300, 120 },
				    { 300, 400 } };
	struct view_state	vs;
	size_t			i;

	fx_limits();
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		grid_resize(g, sizes[i][0], sizes[i][1]);
		check_limit_hits(false);
		check_limit_hits(true);
	}
	/* 300x400 shows them all: every one mapped, and an overlay on top. */
	vs_init(&vs, false);
	vs.selected = SCENARIO_MAX_PROCS - 1;
	vs.explain = true;
	render_map(300, 400, &vs);
	ck_assert_ptr_null(strstr(rowtext(1), "channels ("));
	ck_assert_int_eq(map.n, SCENARIO_MAX_PROCS + SCENARIO_MAX_CHANNELS + 1);
	ck_assert_str_eq(hit(150, find_row("explain proc-255")), "none");
	ck_assert_str_eq(hit(3, last_row_at("proc-000", 3)), "p0");
}
END_TEST

START_TEST(test_hits_overlay)
{
	struct view_state	vs;
	int			y;

	vs_init(&vs, false);
	vs.explain = true;
	render_map(100, 30, &vs);
	y = find_row("explain writer");
	ck_assert_int_ge(y, 0);
	/* Under the panel: nothing; beside it, the process rows still. */
	ck_assert_str_eq(hit(50, y + 1), "none");
	ck_assert_str_eq(hit(50, y), "none");
	vs.explain = false;
	render_map(100, 30, &vs);
	y = find_row("BLOCKED write pipe");
	vs.explain = true;
	render_map(100, 30, &vs);
	ck_assert_str_eq(hit(0, y), "p0");
	vs.explain = false;
	vs.help = true;
	vs.big = true;
	render_map(100, 30, &vs);
	ck_assert_str_eq(hit(50, 15), "none");
}
END_TEST

START_TEST(test_chan_selected)
{
	struct view_state	vs;
	int			y, x;

	vs_init(&vs, false);
	vs.selected = -1;
	vs.chan_selected = true;
	vs.selected_chan = 0;
	render(80, 24, &vs);
	check_fits();
	y = find_row("64.0/64.0 KiB");
	ck_assert_uint_eq(grid_at(g, 0, y)->ch, 0x25b6);
	ck_assert_int_eq(grid_at(g, find_col(y, "pipe"), y)->style,
	    ST_SELECTED);
	/* The gauge keeps its colours. */
	ck_assert_int_eq(grid_at(g, find_col(y, "\u2588"), y)->style,
	    ST_GAUGE_FULL);
	for (y = 0; y < g->rows; y++)
		ck_assert_uint_ne(grid_at(g, 1, y)->ch, 0x25b6);
	vs.big = true;
	render(100, 30, &vs);
	y = find_row("written by writer");
	ck_assert_uint_eq(grid_at(g, 0, y)->ch, 0x25b6);
	ck_assert_int_eq(grid_at(g, find_col(y, "written"), y)->style,
	    ST_SELECTED);
	for (y = 0; y < g->rows; y++)
		ck_assert_uint_ne(grid_at(g, 2, y)->ch, 0x25b6);
	/* An index the model does not have: no mark, no crash. */
	vs.big = false;
	vs.selected_chan = 7;
	render(80, 24, &vs);
	for (y = 0; y < g->rows; y++) {
		for (x = 0; x < 2; x++)
			ck_assert_uint_ne(grid_at(g, x, y)->ch, 0x25b6);
	}
}
END_TEST

/* The explain panel's text, its lines joined. */
static void
panel_text(char *buf, size_t len)
{
	const char	*t, *l, *r;
	int		 y, top;

	buf[0] = '\0';
	if ((top = find_row("explain ")) < 0)
		return;
	for (y = top + 1; y < g->rows; y++) {
		t = rowtext(y);
		if ((l = strstr(t, "\u2502")) == NULL ||
		    (r = strstr(l + 3, "\u2502")) == NULL)
			break;
		l += 3;
		while (*l == ' ')
			l++;
		while (r > l && r[-1] == ' ')
			r--;
		if (strlen(buf) + (size_t)(r - l) + 2 >= len)
			break;
		if (buf[0] != '\0')
			strcat(buf, " ");
		strncat(buf, l, (size_t)(r - l));
	}
}

START_TEST(test_explain_chan)
{
	struct view_state	vs;
	char			text[4096];

	fx.chans[0].rule_send = "A pipe holds at most its capacity.";
	fx.chans[0].rule_recv = "read() on an empty pipe sleeps.";
	vs_init(&vs, false);
	vs.selected = -1;
	vs.chan_selected = true;
	vs.selected_chan = 0;
	vs.explain = true;
	render(100, 30, &vs);
	check_fits();
	if (getenv("VIEW_DUMP") != NULL)
		dump();
	ck_has("explain pipe");
	panel_text(text, sizeof text);
	ck_assert_msg(strstr(text, "pipe is a pipe channel holding 64.0 KiB "
	    "of 64.0 KiB (full)") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "Over the last second 0 B/s went in and "
	    "0 B/s came out.") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "Writers: writer is blocked (write pipe) "
	    "for 3.2s.") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "Readers: reader is waiting (start) for "
	    "1.5s.") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "Rule for writers: A pipe holds at most "
	    "its capacity. Rule for readers: read() on an empty pipe "
	    "sleeps.") != NULL, "%s", text);
	/* In big mode too, with the same panel. */
	vs.big = true;
	render(100, 30, &vs);
	check_fits();
	panel_text(text, sizeof text);
	ck_assert_msg(strstr(text, "pipe is a pipe channel holding") != NULL,
	    "%s", text);

	/* A semaphore: places and waiters, its users, acquisitions. */
	fx_sem_signal();
	render(100, 30, &vs);
	panel_text(text, sizeof text);
	ck_assert_msg(strstr(text, "sem is a semaphore: 2 of 2 holders, and "
	    "the kernel shows 2 more asleep waiting for a place. Over the "
	    "last second its users took it at 2.5 acq/s.") != NULL, "%s",
	    text);
	ck_assert_msg(strstr(text, "Writers") == NULL, "%s", text);
	ck_assert_msg(strstr(text, "B/s") == NULL, "%s", text);
	ck_assert_msg(strstr(text, "Users: user-1 is waiting (hold)") !=
	    NULL, "%s", text);

	/* A signal channel: signals a second, every one accounted for. */
	vs.selected_chan = 1;
	render(100, 30, &vs);
	panel_text(text, sizeof text);
	ck_assert_msg(strstr(text, "Over the last second 400 sig/s went in "
	    "and 100 sig/s came out. 149 sent while one was pending were "
	    "merged into it and will never be handled: 200 sent, 50 "
	    "handled, 1 pending. Senders: sender is") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "Handlers: handler is") != NULL, "%s",
	    text);
}
END_TEST

/*
 * The kind's words and units on the screen, in both layouts and every
 * size: a semaphore has users (no writers side, no "- ─▶"), counts
 * acquisitions per second, never bytes; a signal channel counts signals
 * per second and shows how many were merged.
 */
/* a stable screen */

/* Row y of the screen, copied (rowtext reuses its buffer). */
static void
row_copy(int y, char *out, size_t len)
{
	snprintf(out, len, "%s", y >= 0 ? rowtext(y) : "");
}

/*
 * Every value of pipe-fill at its widest, its states in turn: the process
 * table's header row stays what it was at each size; each number shown is
 * shown whole.
 */
START_TEST(test_columns_hold)
{
	static const int	 sizes[][2] = { { 80, 24 }, { 120, 40 },
				    { 160, 40 }, { 60, 20 } };
	static const enum proc_state states[] = { PS_RUNNING, PS_DONE,
				    PS_FAILED, PS_BLOCKED, PS_WAITING };
	char			 before[ROWBUF], after[ROWBUF];
	struct model_proc	*w = &fx.procs[0], *r = &fx.procs[1];
	size_t			 i, k;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		fx_pipe_fill();
		render(sizes[i][0], sizes[i][1], NULL);
		row_copy(find_row("process"), before, sizeof before);
		ck_assert_ptr_nonnull(strstr(before, "state"));
		for (k = 0; k < sizeof states / sizeof states[0]; k++) {
			w->state = states[k];
			w->signal = k == 2 ? 13 : 0;
			w->blocked_s = w->state_s = 359999.0 * k;
			w->out_bps = 1073636966.0;	/* 1023.9 MiB/s */
			r->in_bps = 999.0 * k;
			w->bytes_out = 1073636966ULL << (10 * k);
			w->msgs_out = 9999999ULL * k * k;
			w->pid = 4194304;
			render(sizes[i][0], sizes[i][1], NULL);
			check_fits();
			row_copy(find_row("process"), after, sizeof after);
			ck_assert_str_eq(after, before);
			if (strstr(before, " out ") != NULL)
				ck_has("1023.9 MiB/s");
			if (strstr(before, " pid ") != NULL)
				ck_has("4194304");
		}
	}
}
END_TEST

/*
 * Numbers too wide for a badge are never cut: the channel's name gives
 * way first, then the duration goes whole.
 */
START_TEST(test_badge_keeps_numbers)
{
	struct model_proc	*w = &fx.procs[0];
	int			 cols;

	fx.cnames[0][0] = '\0';
	snprintf(fx.cnames[0], sizeof fx.cnames[0], "a-pipe-with-a-long-name");
	fx.chans[0].name = fx.cnames[0];
	w->blocked_s = 3599;	/* 59m59s */
	for (cols = 40; cols <= 160; cols += 3) {
		render(cols, 24, NULL);
		check_fits();
		ck_has("BLOCKED");
		/* The duration is whole or absent, never "59m5" or "9s". */
		if (find_row("59m") >= 0)
			ck_has("59m59s");
		ck_hasnt("9m59s\u2026");
	}
}
END_TEST

/* "12.5 KiB/s" and its like, in bytes per second; -1 if not found. */
static double
scale_of(int y)
{
	const char	*t;
	char		 unit[16];
	double		 v;

	if (y < 0 || (t = strstr(rowtext(y), "scale ")) == NULL)
		return -1;
	if (sscanf(t + 6, "%lf %15s", &v, unit) != 2)
		return -1;
	if (strcmp(unit, "KiB/s") == 0)
		v *= 1024;
	else if (strcmp(unit, "MiB/s") == 0)
		v *= 1048576;
	else if (strcmp(unit, "B/s") != 0)
		return -1;
	return v;
}

/*
 * A sparkline's row says its scale; once a burst leaves the window the
 * scale comes down step by step (never more than a tenth at once), not
 * in one jump to what is left.
 */
START_TEST(test_spark_scale)
{
	struct model_chan	*c = &fx.chans[0];
	double			 prev, now, burst = 100.0 * 1024;
	int			 i, y, fell = 0;

	fx_pipe_fill();
	fx.m.nprocs = 0;	/* the channel's row alone */
	memset(&c->in_hist, 0, sizeof c->in_hist);
	memset(&c->out_hist, 0, sizeof c->out_hist);
	hist_push(&c->in_hist, burst);
	hist_push(&c->out_hist, 0);
	render(120, 40, NULL);
	y = find_row("throughput") + 1;
	ck_assert_double_eq_tol(scale_of(y), burst, 1);
	prev = burst;
	for (i = 0; i < MODEL_HISTORY; i++) {
		hist_push(&c->in_hist, 1024);
		hist_push(&c->out_hist, 0);
		render(120, 40, NULL);
		now = scale_of(y);
		if (now < 0) {
			dump();
			ck_abort_msg("no scale after %d samples", i);
		}
		ck_assert_msg(now <= prev + 1 && prev - now <= burst / 10,
		    "the scale went from %.0f to %.0f at %d", prev, now, i);
		if (now < prev)
			fell++;
		prev = now;
	}
	/* It came down in many steps, to the rate that is left. */
	ck_assert_int_ge(fell, 10);
	ck_assert_double_eq_tol(prev, 1024, 1);
}
END_TEST

/*
 * The caption's box keeps its place and height whatever the text: the
 * rows above it stay put when the caption changes; a text too long for
 * it ends in an ellipsis after a whole word, its numbers whole.
 */
START_TEST(test_caption_box_fixed)
{
	static const int	sizes[][2] = { { 80, 24 }, { 120, 40 } };
	char			before[ROWBUF];
	size_t			i, used;
	int			top, y;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		fx_pipe_fill();
		snprintf(fx.m.caption, sizeof fx.m.caption, "Short.");
		render(sizes[i][0], sizes[i][1], NULL);
		top = find_row("\u256d");
		ck_assert_int_gt(top, 0);
		row_copy(find_row("process"), before, sizeof before);
		used = 0;
		while (used + 40 < sizeof fx.m.caption)
			used += snprintf(fx.m.caption + used,
			    sizeof fx.m.caption - used, "lost 123456 of it, ");
		render(sizes[i][0], sizes[i][1], NULL);
		check_fits();
		ck_assert_int_eq(find_row("\u256d"), top);
		ck_assert_str_eq(rowtext(find_row("process")), before);
		for (y = g->rows - 2; y > top; y--) {
			if (strstr(rowtext(y), "\u2026") != NULL)
				break;
		}
		ck_assert_int_gt(y, top);
		/* "... 123456 of ...", never "... 1234...". */
		ck_assert_ptr_nonnull(strstr(rowtext(y), " \u2026"));
		ck_assert_ptr_null(strstr(rowtext(y), "1\u2026"));
	}
}
END_TEST

START_TEST(test_kind_units)
{
	static const int	sizes[][2] = { { 80, 24 }, { 120, 40 },
				    { 100, 30 } };
	size_t			k;
	int			y;

	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		fx_sem_signal();
		render(sizes[k][0], sizes[k][1], NULL);
		check_fits();
		ck_hasnt("B/s");
		ck_has("4 users");
		ck_has("2.5 acq/s");
		ck_has("400 sig/s");
		ck_has("merged 149");
		y = find_row("sem ");
		ck_assert_int_ge(y, 0);
		ck_assert_msg(strstr(rowtext(y), " - ") == NULL &&
		    strstr(rowtext(y), "writers") == NULL, "%s", rowtext(y));
		/* A user moves no bytes: its moved column says so. */
		y = find_row("user-1 ");
		ck_assert_int_ge(y, 0);
		ck_assert_msg(strstr(rowtext(y), "0.5 acq/s") != NULL &&
		    strstr(rowtext(y), " B ") == NULL, "%s", rowtext(y));

		render_big(sizes[k][0], sizes[k][1], NULL);
		check_fits();
		ck_hasnt("B/s");
		ck_has("(semaphore)   used by ");
		ck_has("2.5 acq/s");
		ck_hasnt("written by nobody");
	}
}
END_TEST

static Suite *
view_suite(void)
{
	Suite	*s = suite_create("view");
	TCase	*tc;

	tc = tcase_create("grid");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_grid_basics);
	tcase_add_test(tc, test_grid_wide);
	suite_add_tcase(s, tc);

	tc = tcase_create("pipe-fill");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pipe_80x24);
	tcase_add_test(tc, test_pipe_120x40);
	tcase_add_test(tc, test_pipe_40x12);
	tcase_add_test(tc, test_pipe_drops_extras_first);
	tcase_add_test(tc, test_selected_marked);
	tcase_add_test(tc, test_ascii_only);
	tcase_add_test(tc, test_help_overlay);
	tcase_add_test(tc, test_message);
	tcase_add_test(tc, test_global_state);
	tcase_add_test(tc, test_unknown_is_question_mark);
	tcase_add_test(tc, test_same_unit_and_partial);
	tcase_add_test(tc, test_too_small);
	tcase_add_test(tc, test_wide_caption);
	tcase_add_test(tc, test_pure);
	suite_add_tcase(s, tc);

	tc = tcase_create("other models");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_mq);
	tcase_add_test(tc, test_detail_parts_whole);
	tcase_add_test(tc, test_check_column_short);
	tcase_add_test(tc, test_program_side_left_out);
	tcase_add_test(tc, test_gauge_does_not_move);
	tcase_add_test(tc, test_live_flow_units);
	tcase_add_test(tc, test_semaphore);
	tcase_add_test(tc, test_many_scrolls);
	tcase_add_test(tc, test_failures);
	tcase_add_test(tc, test_every_size_fits);
	suite_add_tcase(s, tc);

	tc = tcase_create("big");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_big_100x30);
	tcase_add_test(tc, test_big_small_sizes);
	tcase_add_test(tc, test_big_other_models);
	tcase_add_test(tc, test_big_pools);
	tcase_add_test(tc, test_big_more_channels);
	tcase_add_test(tc, test_big_ascii);
	tcase_add_test(tc, test_big_overlays);
	tcase_add_test(tc, test_big_stall);
	suite_add_tcase(s, tc);

	tc = tcase_create("mouse");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hits_normal);
	tcase_add_test(tc, test_hits_big);
	tcase_add_test(tc, test_hits_overlay);
	tcase_add_test(tc, test_hits_limits);
	tcase_add_test(tc, test_chan_selected);
	tcase_add_test(tc, test_explain_chan);
	tcase_add_test(tc, test_kind_units);
	suite_add_tcase(s, tc);

	tc = tcase_create("stable");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_columns_hold);
	tcase_add_test(tc, test_badge_keeps_numbers);
	tcase_add_test(tc, test_spark_scale);
	tcase_add_test(tc, test_caption_box_fixed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	/* wcwidth() needs a UTF-8 locale; grid.c copes without one too. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	sr = srunner_create(view_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
