/*
 * check_tickit.c: the libtickit back end's drawing, on a mock terminal.
 *
 * A hand-built model (the pipe-fill moment: full pipe, blocked writer,
 * the same builder as tests/check_view.c) is laid out by view_draw and
 * painted by the back end's painter onto tickit's mock terminal; the
 * tests read the mock's screen back as text and its log of terminal
 * operations to check that only changed cells are sent.
 */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tickit.h>
#include <tickit-mockterm.h>

#include "screen/grid.h"
#include "model/model.h"
#include "ui/ui-tickit.h"
#include "view/view.h"

#define ROWBUF	2048

/* A hand-built model with its storage (as in check_view.c). */
struct fixture {
	struct scenario		sc;
	struct model		m;
	struct model_chan	chans[4];
	struct model_proc	procs[SCENARIO_MAX_PROCS];
	int			ends[4][2][SCENARIO_MAX_PROCS];
};

static struct fixture			 fx;
static struct grid			*g;
static TickitMockTerm			*mt;
static struct ui_tickit_painter		*pt;
static char				 row[ROWBUF];

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
	p->kstate = 'S';
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
setup(void)
{
	fx_pipe_fill();
	g = grid_new(80, 24);
	mt = tickit_mockterm_new(24, 80);
	pt = ui_tickit_painter_new(mt, true);
}

static void
teardown(void)
{
	ui_tickit_painter_free(pt);
	pt = NULL;
	tickit_mockterm_destroy(mt);
	mt = NULL;
	grid_free(g);
	g = NULL;
}

static void
render(int cols, int rows)
{
	struct view_state	vs;

	memset(&vs, 0, sizeof vs);
	vs.selected = 0;
	vs.color = true;
	grid_resize(g, cols, rows);
	view_draw(&fx.m, &vs, g);
}

/* Line y of the mock terminal's screen, trailing spaces removed. */
static const char *
screen_row(int y)
{
	int	lines, cols;
	size_t	n;

	tickit_term_get_size(mt, &lines, &cols);
	n = tickit_mockterm_get_display_text(mt, row, sizeof row, y, 0, cols);
	if (n >= sizeof row)
		n = sizeof row - 1;
	row[n] = '\0';
	while (n > 0 && row[n - 1] == ' ')
		row[--n] = '\0';
	return row;
}

/* The first screen line containing s, or -1. */
static int
screen_find(const char *s)
{
	int	y, lines, cols;

	tickit_term_get_size(mt, &lines, &cols);
	for (y = 0; y < lines; y++) {
		if (strstr(screen_row(y), s) != NULL)
			return y;
	}
	return -1;
}

/* Every screen line equals the grid's line. */
static void
assert_screen_is_grid(void)
{
	char	want[ROWBUF];
	int	y;

	for (y = 0; y < g->rows; y++) {
		grid_row_text(g, y, want, sizeof want);
		ck_assert_str_eq(screen_row(y), want);
	}
}

static int
log_count(int type)
{
	TickitMockTermLogEntry	*e;
	int			 i, n = 0;

	for (i = 0; i < tickit_mockterm_loglen(mt); i++) {
		e = tickit_mockterm_peeklog(mt, i);
		if ((int)e->type == type)
			n++;
	}
	return n;
}

START_TEST(test_pipe_fill_on_mockterm)
{
	int	y;

	render(80, 24);
	ui_tickit_painter_blit(pt, g, false);
	ck_assert_int_ge(screen_find("64.0/64.0 KiB"), 0);
	ck_assert_int_ge(screen_find("BLOCKED write pipe"), 0);
	ck_assert_int_ge(screen_find("pipe-fill"), 0);
	ck_assert_int_ge(screen_find("writer"), 0);
	ck_assert_int_ge(screen_find("reader"), 0);
	y = screen_find("q quit");
	ck_assert_int_ge(y, 20);	/* the footer, at the bottom */
	assert_screen_is_grid();
}
END_TEST

START_TEST(test_unchanged_sends_nothing)
{
	render(80, 24);
	ui_tickit_painter_blit(pt, g, false);
	tickit_mockterm_clearlog(mt);
	ui_tickit_painter_blit(pt, g, false);
	ck_assert_int_eq(log_count(LOG_PRINT), 0);
	ck_assert_int_eq(log_count(LOG_CLEAR), 0);
}
END_TEST

START_TEST(test_only_changed_cells)
{
	render(80, 24);
	ui_tickit_painter_blit(pt, g, false);
	tickit_mockterm_clearlog(mt);
	grid_put(g, 5, 3, 'X', ST_ERROR);
	ui_tickit_painter_blit(pt, g, false);
	ck_assert_int_eq(log_count(LOG_PRINT), 1);
	ck_assert_int_eq(log_count(LOG_CLEAR), 0);
	ck_assert_int_eq(log_count(LOG_GOTO), 1);
	assert_screen_is_grid();
}
END_TEST

START_TEST(test_full_repaints)
{
	render(80, 24);
	ui_tickit_painter_blit(pt, g, false);
	tickit_mockterm_clearlog(mt);
	ui_tickit_painter_blit(pt, g, true);
	ck_assert_int_eq(log_count(LOG_CLEAR), 1);
	ck_assert_int_gt(log_count(LOG_PRINT), 80);
	assert_screen_is_grid();
}
END_TEST

/* A resize: smaller terminal, the view redrawn for it, nothing stale. */
START_TEST(test_resize)
{
	render(80, 24);
	ui_tickit_painter_blit(pt, g, false);
	tickit_mockterm_resize(mt, 12, 40);
	ui_tickit_painter_invalidate(pt);
	render(40, 12);
	ui_tickit_painter_blit(pt, g, false);
	assert_screen_is_grid();
	ck_assert_int_ge(screen_find("q quit"), 0);
}
END_TEST

/* A grid bigger than the terminal is clipped, not wrapped. */
START_TEST(test_clipped)
{
	char	want[ROWBUF];

	render(120, 40);
	ui_tickit_painter_blit(pt, g, false);
	grid_row_text(g, 0, want, sizeof want);
	ck_assert_int_eq(strncmp(screen_row(0), want, strlen(screen_row(0))),
	    0);
}
END_TEST

/* Styles become pens: the blocked badge is bold (colour or not). */
START_TEST(test_badge_pen)
{
	TickitPen	*pen;
	int		 y, x;
	const char	*hit;

	render(80, 24);
	ui_tickit_painter_blit(pt, g, false);
	y = screen_find("BLOCKED");
	ck_assert_int_ge(y, 0);
	hit = strstr(screen_row(y), "BLOCKED");
	x = (int)(hit - row);	/* ASCII before it on that line */
	pen = tickit_mockterm_get_display_pen(mt, y, x);
	ck_assert_ptr_nonnull(pen);
	ck_assert(tickit_pen_get_bool_attr(pen, TICKIT_PEN_BOLD));
}
END_TEST

static Suite *
tickit_suite(void)
{
	Suite	*s = suite_create("tickit");
	TCase	*tc = tcase_create("painter");

	tcase_set_timeout(tc, 60);	/* a hang guard only */
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pipe_fill_on_mockterm);
	tcase_add_test(tc, test_unchanged_sends_nothing);
	tcase_add_test(tc, test_only_changed_cells);
	tcase_add_test(tc, test_full_repaints);
	tcase_add_test(tc, test_resize);
	tcase_add_test(tc, test_clipped);
	tcase_add_test(tc, test_badge_pen);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	sr = srunner_create(tickit_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
