/*
 * loop.c: app_run and its event loop. One poll over the two signalfds, a
 * timerfd (a tick every TICK_MS: observe, cues, then per mode draw, write
 * a sample or check expectations) and the terminal's input; one way out
 * (app_teardown) whatever ends the run.
 */
#include "config.h"

#include <sys/timerfd.h>

#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app-int.h"
#include "base/registry.h"
#include "base/util.h"
#include "model/history.h"
#include "out/headless.h"
#include "out/record.h"
#include "scenario/scenario.h"

void
app_quit(struct app *a, const char *reason)
{
	a->quit = true;
	a->end_reason = reason;
}

void
app_observe(struct app *a)
{
	a->src->observe(a->src_arg, &a->obs);
	model_update(&a->model, &a->obs);
	if (a->fw != NULL)
		app_follow_tick(a);
}

void
app_ui_done(struct app *a)
{
	if (a->ui_up) {
		a->ui->done();
		a->ui_up = false;
	}
}

/*
 * The one way out for a run: stop workers, remove objects, terminal, and
 * finish the recordings so that they are complete files.
 */
void
app_teardown(struct app *a)
{
	if (a->running && a->fw != NULL) {
		app_ui_done(a);		/* the grace period is no frozen screen */
		follow_stop(a->fw);
		a->running = false;
	} else if (a->running) {
		runner_stop(&a->run);
		a->running = false;
	}
	app_ui_done(a);
	record_close(a->rec, &a->model);
}

int
app_start_run(struct app *a)
{
	char	*cause = NULL;

	if (runner_start(&a->run, a->sc, &cause) == -1) {
		app_ui_done(a);
		fprintf(stderr, "ipcscope: %s: %s\n", a->sc->name, cause);
		free(cause);
		runner_free(&a->run);
		return -1;
	}
	a->running = true;
	run_source_free(a->rs);
	a->rs = run_source_new(&a->run);
	a->src = &run_source_ops;
	a->src_arg = a->rs;
	a->model.on_event = app_on_event;
	a->model.on_event_arg = a;
	a->src->observe(a->src_arg, &a->obs);
	model_init(&a->model, a->sc, &a->obs);
	a->model.step = a->opts->step;
	if (a->opts->mode == MODE_HEADLESS)
		headless_scenario(a->out, a->opts->format, &a->model);
	a->next_sample_ns = a->run.t0;
	a->next_expect = 0;
	free(a->expect_done);
	a->expect_done = xcalloc(a->sc->nexpects + 1, sizeof *a->expect_done);
	a->expect_prev_t = a->gap_from = a->gap_to = -1;
	a->next_cue = 0;
	a->cue_reported = 0;
	free(a->cue_ran_t);
	a->cue_ran_t = xcalloc(a->sc->ncues + 1, sizeof *a->cue_ran_t);
	app_cues_free(a);
	a->cue_skipped = xcalloc(a->sc->ncues + 1, sizeof *a->cue_skipped);
	a->ncue_skipped = a->sc->ncues;
	a->cue_waited = -1;
	a->over = false;
	model_update(&a->model, &a->obs);
	app_cues(a);
	return 0;
}

void
app_stop_run(struct app *a)
{
	record_restart(a->rec, &a->model);
	runner_stop(&a->run);
	runner_free(&a->run);
	a->running = false;
}

void
app_draw(struct app *a)
{
	const struct model	*m = &a->model;
	int			 cols, rows;

	a->ui->size(&cols, &rows);
	if (cols != a->grid->cols || rows != a->grid->rows)
		grid_resize(a->grid, cols, rows);
	if (a->vs.frozen) {
		/* Snapshots fall out of the ring: hold on to the oldest. */
		if (a->frozen_seq < history_first(a->hist))
			a->frozen_seq = history_first(a->hist);
		if ((m = history_get(a->hist, a->frozen_seq)) == NULL)
			m = &a->model;
		a->vs.live_t = a->model.t;
	}
	view_draw_map(m, &a->vs, a->grid, &a->map);
	a->ui->blit(a->grid, a->full_redraw);
	a->full_redraw = false;
}

/*
 * The terminal UI at the end of the script's duration: the run's
 * processes are stopped in order (nothing spins on unattended) and its
 * objects removed, and the last screen stays, saying so, until q or r.
 */
static void
app_script_over(struct app *a)
{
	runner_stop(&a->run);
	a->over = true;
	a->model.over = true;
	/* Where every process had ended, nothing was stopped. */
	if (!a->model.finished)
		model_add_event(&a->model, -1, "over", "the script's %g s are "
		    "over: processes stopped",
		    (double)a->sc->duration_ms / 1000.0);
}

/* The terminal UI's tick: a snapshot every 500 ms, the frame. */
static void
app_tick_tui(struct app *a, uint64_t now)
{
	if (!a->over && now >= a->next_snap_ns) {
		history_push(a->hist, &a->model);
		a->next_snap_ns = now + 500000000ULL;
	}
	app_message_expire(a, now);
	if (a->opts->duration > 0 && a->model.t >= a->opts->duration)
		app_quit(a, "duration");
	else if (!a->over && a->fw == NULL && a->opts->duration <= 0 &&
	    a->model.t * 1000.0 >= (double)a->sc->duration_ms)
		app_script_over(a);
	app_draw(a);
	app_record(a);
	app_slides(a);
}

/* Headless: a sample every interval. False if the run must stop. */
static bool
app_tick_headless(struct app *a, uint64_t now)
{
	app_record(a);
	app_slides(a);
	if (headless_output_broken()) {
		/* Whoever read us is gone (| head): stop, in order. */
		app_quit(a, "interrupted");
		return false;
	}
	if (now >= a->next_sample_ns) {
		headless_sample(a->out, a->opts->format, &a->model);
		a->next_sample_ns += (uint64_t)a->opts->interval_ms *
		    1000000ULL;
		if (a->next_sample_ns < now)
			a->next_sample_ns = now;
	}
	return true;
}

/* --verify: check what is due. False if the run must stop. */
static bool
app_tick_verify(struct app *a)
{
	app_check_expects(a, false);
	if (app_output_failed()) {
		app_quit(a, "interrupted");
		return false;
	}
	/* Nothing left to check but the end, and every cue told: no need
	   to wait. */
	if (a->next_expect == a->sc->nexpects &&
	    a->next_cue == a->sc->ncues) {
		app_quit(a, "done");
		return false;
	}
	return true;
}

static void
app_tick(struct app *a)
{
	uint64_t	now;
	double		limit;

	if (a->replay != NULL) {
		app_replay_tick(a);
		return;
	}
	if (a->over) {
		/* The script is over: its last screen stays as it was. */
		app_tick_tui(a, now_ns());
		return;
	}
	app_reap(a);
	if (a->fw == NULL)
		runner_poke(&a->run);
	now = now_ns();		/* after reaping: no exit is in the future */
	app_observe(a);
	app_cue_events(a);
	app_cues(a);
	if (a->bench)
		app_bench_frame(a, now);
	switch (a->opts->mode) {
	case MODE_TUI:
		app_tick_tui(a, now);
		return;
	case MODE_HEADLESS:
		if (!app_tick_headless(a, now))
			return;
		break;
	case MODE_VERIFY:
		if (!app_tick_verify(a))
			return;
		break;
	}
	limit = a->opts->duration >= 0 ? a->opts->duration :
	    (double)a->sc->duration_ms / 1000.0;
	if (a->fw != NULL && a->opts->duration < 0)
		limit = INFINITY;	/* a followed program: until it ends */
	if (a->model.finished)
		app_quit(a, "done");
	else if (a->model.t >= limit)
		app_quit(a, "duration");
}

/* The signalfds (signals.c) and the timer: 0, or -1 with errno. */
static int
app_setup_fds(struct app *a)
{
	struct itimerspec	its;

	if (app_signals_setup(a) == -1)
		return -1;
	a->timerfd = timerfd_create(CLOCK_MONOTONIC,
	    TFD_NONBLOCK | TFD_CLOEXEC);
	if (a->timerfd == -1)
		return -1;
	/* Headless samples at a shorter interval need shorter ticks. */
	a->tick_ms = TICK_MS;
	if (a->opts->mode == MODE_HEADLESS && a->opts->interval_ms < a->tick_ms)
		a->tick_ms = a->opts->interval_ms;
	memset(&its, 0, sizeof its);
	its.it_interval.tv_nsec = a->tick_ms * 1000000L;
	its.it_value.tv_nsec = a->tick_ms * 1000000L;
	return timerfd_settime(a->timerfd, 0, &its, NULL);
}

/* The keys waiting in the back end, then a frame that shows them. */
static void
app_read_keys(struct app *a)
{
	int	key;

	while ((key = a->ui->read_key()) != UIK_NONE) {
		if (key == UIK_RESIZE)
			a->full_redraw = true;
		else
			app_key(a, key);
		if (a->quit)
			break;
	}
	if ((a->running || a->replay != NULL) && !a->quit)
		app_draw(a);
}

enum { P_SIG, P_TERM, P_TIMER, P_UI };

/* Wait for something to do: fills pfd, returns how many were polled. */
static int
app_poll(struct app *a, struct pollfd *pfd)
{
	int	n = 3, i, timeout = -1;

	pfd[P_SIG].fd = a->sigfd;
	pfd[P_TERM].fd = a->termfd;
	pfd[P_TIMER].fd = a->timerfd;
	if (a->ui_up) {
		pfd[P_UI].fd = a->ui->input_fd();
		n = 4;
		if (a->ui->timeout_ms != NULL)
			timeout = a->ui->timeout_ms();
	}
	for (i = 0; i < 4; i++) {
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	switch (poll(pfd, (nfds_t)n, timeout)) {
	case -1:
		if (errno != EINTR)
			fatal("poll: %s", strerror(errno));
		/* A SIGWINCH for curses: it turns it into a key. */
		pfd[P_UI].revents = a->ui_up ? POLLIN : 0;
		break;
	case 0:
		/* The back end's timeout: a held-back key is due. */
		pfd[P_UI].revents = POLLIN;
		break;
	}
	return n;
}

static void
app_loop(struct app *a)
{
	struct pollfd	pfd[4];
	uint64_t	expirations;
	int		n;

	while (!a->quit) {
		n = app_poll(a, pfd);
		if (pfd[P_SIG].revents & POLLIN || pfd[P_TERM].revents & POLLIN)
			app_signals_read(a);
		if (a->quit)
			break;
		if (a->ui_up && n >= 4 &&
		    (pfd[P_UI].revents & (POLLIN | POLLHUP)))
			app_read_keys(a);
		if (pfd[P_TIMER].revents & POLLIN) {
			if (read(a->timerfd, &expirations, sizeof expirations) <
			    0 && errno != EAGAIN)
				fatal("timerfd: %s", strerror(errno));
			if ((a->running || a->replay != NULL) && !a->quit)
				app_tick(a);
		}
	}
}

void
app_init(struct app *a, struct scenario *sc, const struct app_opts *opts,
    FILE *out)
{
	memset(a, 0, sizeof *a);
	a->bench = getenv("IPCSCOPE_BENCH") != NULL;
	a->sc = sc;
	a->opts = opts;
	a->out = out;
	a->sigfd = a->termfd = a->timerfd = -1;
	a->vs.selected = sc != NULL && sc->nprocs > 0 ? 0 : -1;
	a->vs.ascii = opts->ascii;
	a->vs.big = opts->big;
	a->end_reason = "done";
	a->hist = history_new();
	app_set_current(a);
}

/* The terminal UI's back end, up: 0, or -1 after saying why. */
static int
app_ui_start(struct app *a)
{
	char	*cause = NULL;

	a->ui = ui_backend_find(a->opts->ui);	/* main.c checked it */
	if (a->ui->init(a->opts->color, &cause) == -1) {
		fprintf(stderr, "ipcscope: %s\n", cause);
		free(cause);
		return -1;
	}
	a->ui_up = true;
	a->vs.color = a->ui->has_color();
	a->grid = grid_new(80, 24);
	return 0;
}

/* Everything before the loop: 0, or the exit code after saying why. */
static int
app_prepare(struct app *a)
{
	char	*cause = NULL;

	/* Signals first: from here on every way out is app_run's. */
	if (app_setup_fds(a) == -1) {
		fprintf(stderr, "ipcscope: signalfd/timerfd: %s\n",
		    strerror(errno));
		return 3;
	}
	/* A replay starts no process and touches nothing of the machine;
	   a followed program (no scenario) has its own descriptors. */
	if (a->sc != NULL && a->replay == NULL &&
	    runner_fd_limit(a->sc, &cause) == -1) {
		fprintf(stderr, "ipcscope: %s: %s\n", a->sc->name, cause);
		free(cause);
		return 3;
	}
	/* The slides' paths first: a refused one leaves no cast behind. */
	if (app_slides_open(a) == -1 || app_record_open(a) == -1)
		return 2;
	if (a->replay == NULL)
		registry_sweep();
	if (a->opts->mode == MODE_TUI && app_ui_start(a) == -1)
		return 3;
	if (a->sc == NULL)
		return app_follow_start(a);
	if (a->replay != NULL ? app_replay_start(a) == -1 :
	    app_start_run(a) == -1)
		return 3;
	if (a->opts->mode == MODE_TUI)
		app_draw(a);
	return 0;
}

/* After the loop, before the workers stop: the last sample and reports. */
static int
app_finish(struct app *a)
{
	/* A followed tree is stopped first: the last look shows its end. */
	if (a->running && a->fw != NULL)
		app_follow_finish(a);
	/* One last look (if a restart failed there is no run left). */
	if (a->running) {
		app_reap(a);
		if (!a->over)
			app_observe(a);
		app_cue_events(a);
		if (a->opts->mode != MODE_TUI)
			app_cues_not_run(a);
		if (a->opts->mode != MODE_TUI || a->ui_up)
			app_record(a);
	}
	if (a->opts->mode == MODE_VERIFY) {
		app_verify_end(a);
		return a->failed > 0 ? 1 : 0;
	}
	if (a->opts->mode == MODE_HEADLESS) {
		headless_sample(a->out, a->opts->format, &a->model);
		headless_end(a->out, a->opts->format, &a->model,
		    a->end_reason);
	}
	return 0;
}

/* Everything after: the one way out, then what app_run owns. */
static int
app_free(struct app *a, int rc)
{
	app_teardown(a);
	if (app_slides_end(a) == -1 && rc == 0)
		rc = 3;		/* said on stderr, the terminal back */
	if (a->running || a->run.procs != NULL)
		runner_free(&a->run);
	history_free(a->hist);
	run_source_free(a->rs);
	follow_free(a->fw);
	a->fw = NULL;
	model_free(&a->model);
	free(a->expect_done);
	free(a->cue_ran_t);
	app_cues_free(a);
	app_picker_free(a);
	if (a->grid != NULL)
		grid_free(a->grid);
	if (a->rec_grid != NULL)
		grid_free(a->rec_grid);
	if (record_failed(a->rec))
		rc = 3;		/* record_close said what */
	record_free(a->rec);
	if (a->opts->mode == MODE_VERIFY)
		app_verify_summary(a);
	if (a->sc_owned)
		scenario_free(a->sc);
	a->sc = NULL;
	if (app_output_end(a->opts) == -1)
		rc = 3;
	app_signals_done(a);
	app_set_current(NULL);
	return rc;
}

int
app_follow(const struct app_opts *opts, FILE *out)
{
	struct app	a;
	int		rc;

	app_init(&a, NULL, opts, out);
	if ((rc = app_prepare(&a)) != 0)
		return app_free(&a, rc);
	if (a.bench)
		app_bench_start(&a);
	app_loop(&a);
	if (a.bench)
		app_bench_report(&a);
	rc = app_finish(&a);
	/* Headless, CMD's own end is the run's status. */
	if (rc == 0 && opts->mode == MODE_HEADLESS && a.fw_ended &&
	    strcmp(a.end_reason, "done") == 0 && a.fw_status != -1)
		rc = WIFSIGNALED(a.fw_status) ? 128 + WTERMSIG(a.fw_status) :
		    WEXITSTATUS(a.fw_status);
	return app_free(&a, rc);
}

int
app_go(struct app *a)
{
	int	rc;

	if ((rc = app_prepare(a)) != 0)
		return app_free(a, rc);
	if (a->bench)
		app_bench_start(a);
	app_loop(a);
	if (a->bench)
		app_bench_report(a);
	rc = app_finish(a);
	return app_free(a, rc);
}

int
app_run(struct scenario *sc, const struct app_opts *opts, FILE *out)
{
	struct app	a;

	app_init(&a, sc, opts, out);
	return app_go(&a);
}
