/*
 * app.c: the event loop and the controller. Signals arrive through two
 * signalfds and are acted on in the loop: one for the signals that only
 * tell us something (SIGCHLD; in the terminal UI SIGTSTP and SIGCONT),
 * one for every catchable signal whose default action is to terminate
 * (SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGALRM, SIGPIPE, the real-time
 * ones, ...): those end the run in order, and the caller then dies of the
 * same signal (app_exit_by_signal). Output waits for room together with
 * that second signalfd (util_write), so a full pipe never keeps them out.
 * Only the fatal signals of a crash have a real handler, which kills the
 * workers, removes the kernel objects, restores the terminal and
 * re-raises so that a core dump still happens.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "model/expect.h"
#include "screen/grid.h"
#include "model/history.h"
#include "screen/keys.h"
#include "model/model.h"
#include "screen/palette.h"
#include "out/record.h"
#include "base/registry.h"
#include "run/run-source.h"
#include "run/runner.h"
#include "ui/ui.h"
#include "base/units.h"
#include "base/util.h"
#include "view/view.h"

#define TICK_MS		50	/* sampling and redraw: 20 Hz */
#define EXPECT_GRACE	0.3	/* seconds a timed [expect] without 'by' may
				   take to hold */

struct app {
	struct scenario		*sc;
	bool			 sc_owned;	/* loaded by the picker: ours to free */
	/* The picker's list, loaded when it first opens. */
	int			 npick;
	char			**pick_paths;
	char			**pick_names;
	struct scenario		**pick_scs;	/* NULL where invalid */
	const char		**pick_titles;
	const char		**pick_abouts;
	const struct app_opts	*opts;
	FILE			*out;
	struct run		 run;
	bool			 running;	/* run started, not stopped */
	struct run_source	*src;		/* what the model observes */
	struct obs		 obs;		/* this tick's observation */
	struct model		 model;
	const struct ui_backend	*ui;
	bool			 ui_up;
	struct grid		*grid;
	struct view_state	 vs;
	struct view_map		 map;		/* what the last frame drew where */
	/* f, [ and ]: snapshots every 500 ms; the one shown while frozen. */
	struct history		*hist;
	uint64_t		 next_snap_ns;
	int64_t			 frozen_seq;
	bool			 full_redraw;
	struct record		*rec;		/* --record, --trace; NULL none */
	struct grid		*rec_grid;	/* headless: the screen recorded */
	int			 sigfd;		/* SIGCHLD, SIGTSTP, SIGCONT */
	int			 termfd;	/* app_termset: end the run */
	int			 timerfd;
	sigset_t		 oldmask;	/* restored when the run ends */
	bool			 masked;
	bool			 quit;
	const char		*end_reason;
	uint64_t		 next_sample_ns;
	/* IPCSCOPE_BENCH: the observer's own cost per frame */
	bool			 bench;
	uint64_t		 bench_frames;
	uint64_t		 bench_ns;
	uint64_t		 bench_max_ns;
	int			 next_cue;	/* the next cue to run */
	int			 cue_reported;	/* cues whose event is out */
	/* verify: sections before next_expect are decided, and those after
	   it marked in expect_done (a 'by' window may outlast later ones) */
	int			 next_expect;
	bool			*expect_done;
	int			 passed;
	int			 failed;
};

static struct app	*app_current;	/* for the crash handler */

/* Look at the run once: the source observes, the model computes. */
static void
app_observe(struct app *a)
{
	run_source_observe(a->src, &a->obs);
	model_update(&a->model, &a->obs);
}

static void	app_cues(struct app *);

/*
 * The catchable signals whose default action is to terminate, less those
 * ignored when ipcscope started (nohup's SIGHUP stays ignored), and how
 * each was handled then, to put back after a run. SIGINT and SIGQUIT are
 * taken even if ignored: a shell without job control ignores them in
 * every background command, and they have always stopped a run.
 */
static sigset_t		 app_termset;
static struct sigaction	 app_termset_old[NSIG];
static bool		 app_tstp_ignored;
static int		 app_exit_sig;	/* the first one that came, or 0 */
static int		 app_out_err;	/* first failed write to the output */

static void
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
static void
app_teardown(struct app *a)
{
	if (a->running) {
		runner_stop(&a->run);
		a->running = false;
	}
	app_ui_done(a);
	record_close(a->rec, &a->model);
}

static void
app_exit_hook(void)
{
	if (app_current != NULL)
		app_teardown(app_current);
}

static void
app_crash(int sig)
{
	struct app	*a = app_current;

	if (a != NULL) {
		/* Objects first: only system calls, so it completes even if
		   restoring the terminal below faults again. Also mid-restart,
		   when the run is half built. */
		runner_emergency(&a->run);
		if (a->ui_up)
			a->ui->done();	/* not async-signal-safe; worth it */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void
app_install_signals(void)
{
	static const int	 crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
					    SIGABRT, SIGSYS, SIGTRAP };
	static const int	 term[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1,
					    SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
					    SIGSTKFLT, SIGXCPU, SIGXFSZ,
					    SIGVTALRM, SIGPROF, SIGIO, SIGPWR };
	struct sigaction	 sa, old;
	size_t			 i;
	int			 sig;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_crash;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < nitems(crash); i++)
		sigaction(crash[i], &sa, NULL);

	sigemptyset(&app_termset);
	for (i = 0; i < nitems(term) + (size_t)(SIGRTMAX - SIGRTMIN + 1); i++) {
		sig = i < nitems(term) ? term[i] :
		    SIGRTMIN + (int)(i - nitems(term));
		if (sigaction(sig, NULL, &old) == -1)
			continue;
		if (old.sa_handler == SIG_IGN && sig != SIGINT &&
		    sig != SIGQUIT)
			continue;
		app_termset_old[sig] = old;
		sigaddset(&app_termset, sig);
	}
	app_tstp_ignored = sigaction(SIGTSTP, NULL, &old) == 0 &&
	    old.sa_handler == SIG_IGN;
}

int
app_interrupt_signal(void)
{
	return app_exit_sig;
}

bool
app_output_failed(void)
{
	return app_out_err != 0;
}

void
app_exit_by_signal(int sig)
{
	struct sigaction	sa;
	struct rlimit		rl = { 0, 0 };
	sigset_t		set;

	/* Everything was stopped and removed in order: a core file of
	   that would show nothing of why the signal came. */
	setrlimit(RLIMIT_CORE, &rl);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	/* Not reached for a terminating signal; the shell's convention. */
	exit(128 + sig);
}

static void
app_on_event(void *arg, const struct model *m, const struct model_event *ev)
{
	struct app	*a = arg;

	if (a->opts->mode == MODE_HEADLESS)
		headless_event(a->out, a->opts->format, m, ev);
	record_event(a->rec, m, ev);
}

/*
 * Open --record and --trace before anything starts, so that a path we
 * cannot write is a usage error with nothing to undo.
 */
static int
app_record_open(struct app *a)
{
	char	*title, *cause = NULL;
	int	 rc = 0;

	if (a->opts->record_path == NULL && a->opts->trace_path == NULL)
		return 0;
	xasprintf(&title, "ipcscope %s", a->sc->name);
	a->rec = record_new();
	if ((a->opts->record_path != NULL && record_open_cast(a->rec,
	    a->opts->record_path, title, &cause) == -1) ||
	    (a->opts->trace_path != NULL && record_open_trace(a->rec,
	    a->opts->trace_path, title, &cause) == -1)) {
		fprintf(stderr, "ipcscope: %s\n", cause);
		free(cause);
		record_free(a->rec);	/* removes what it had created */
		a->rec = NULL;
		rc = -1;
	}
	free(title);
	if (rc == 0 && a->opts->mode == MODE_HEADLESS &&
	    record_has_cast(a->rec))
		a->rec_grid = grid_new(80, 24);
	return rc;
}

/*
 * After each model update: the trace's intervals and counters, and the
 * cast's frame (the grid just shown; headless, the view drawn at 80x24).
 */
static void
app_record(struct app *a)
{
	struct view_state	vs;

	if (a->rec == NULL)
		return;
	record_sample(a->rec, &a->model);
	if (a->opts->mode == MODE_TUI && a->grid != NULL)
		record_frame(a->rec, a->grid, a->vs.color);
	else if (a->rec_grid != NULL) {
		vs = a->vs;
		vs.color = palette_has_color(palette_current());
		view_draw(&a->model, &vs, a->rec_grid);
		record_frame(a->rec, a->rec_grid, vs.color);
	}
}

static int
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
	run_source_free(a->src);
	a->src = run_source_new(&a->run);
	a->model.on_event = app_on_event;
	a->model.on_event_arg = a;
	run_source_observe(a->src, &a->obs);
	model_init(&a->model, a->sc, &a->obs);
	a->model.step = a->opts->step;
	if (a->opts->mode == MODE_HEADLESS)
		headless_scenario(a->out, a->opts->format, &a->model);
	a->next_sample_ns = a->run.t0;
	a->next_expect = 0;
	free(a->expect_done);
	a->expect_done = xcalloc(a->sc->nexpects + 1, sizeof *a->expect_done);
	a->next_cue = 0;
	a->cue_reported = 0;
	model_update(&a->model, &a->obs);
	app_cues(a);
	return 0;
}

static void
app_message(struct app *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
app_message(struct app *a, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(a->vs.message, sizeof a->vs.message, fmt, ap);
	va_end(ap);
}

/* +/-: double or halve the selected worker's rate. */
static void
app_change_rate(struct app *a, int i, bool faster)
{
	struct model_proc	*mp = &a->model.procs[i];
	struct rate		 r = a->run.procs[i].rate;
	char			 buf[32];
	double			 cur;

	if (r.kind == RATE_MAX) {
		if (faster) {
			app_message(a, "%s already runs at max rate", mp->name);
			return;
		}
		/* From max to half of what it does now, in bytes/s. */
		cur = a->model.procs[i].out_bps;
		if (isnan(cur) || cur <= 0)
			cur = mp->in_bps;
		if (isnan(cur) || cur <= 0)
			cur = 2.0 * 1024 * 1024;
		/* A power of two, so that halving and doubling stay round
		   numbers people can read: 128K/s, not 131074B/s. */
		r.kind = RATE_BYTES;
		r.value = exp2(floor(log2(cur / 2)));
	} else if (faster)
		r.value *= 2;
	else
		r.value /= 2;
	if (r.value < 1)
		r.value = 1;
	runner_set_rate(&a->run, i, &r);
	units_fmt_rate(buf, sizeof buf, &r);
	app_message(a, "%s: rate %s", mp->name, buf);
	model_add_event(&a->model, i, "rate", "%s", buf);
}

/*
 * Run cue k: its actions, in file order, then its caption. Each action
 * is an event naming the cue, so that JSON Lines, the trace and the event
 * line show what was done to whom and when.
 */
static void
app_run_cue(struct app *a, int k)
{
	const struct scen_cue		*cue = &a->sc->cues[k];
	const struct scen_action	*act;
	const char			*what, *cname;
	struct model			*m = &a->model;
	char				 buf[64], tag[32];
	int64_t				 got = -1;
	int				 j, n, i;

	snprintf(tag, sizeof tag, "cue %d/%d", k + 1, a->sc->ncues);
	for (j = 0; j < cue->nactions; j++) {
		act = &cue->actions[j];
		what = scenario_action_name(act->what);
		cname = act->chan >= 0 ? a->sc->channels[act->chan].name : "";
		if (act->what == CUE_RESIZE) {
			units_fmt_size(buf, sizeof buf, act->size);
			if (runner_resize(&a->run, act->chan, act->size,
			    &got) == -1)
				model_add_event(m, -1, "error", "%s: resize %s "
				    "to %s: F_SETPIPE_SZ: %s%s", tag, cname,
				    buf, util_errname(errno), errno == EBUSY ?
				    " (it holds more than that now)" :
				    errno == EBADF ? " (no process holds an "
				    "end)" : "");
			else
				model_add_event(m, -1, "resize", "%s: %s asked "
				    "%s, F_GETPIPE_SZ %lld", tag, cname, buf,
				    (long long)got);
			continue;
		}
		for (n = 0; n < act->nprocs; n++) {
			i = act->procs[n];
			if (a->run.procs[i].reaped) {
				model_add_event(m, i, "error", "%s: %s: %s has "
				    "already ended", tag, what,
				    m->procs[i].name);
				continue;
			}
			switch (act->what) {
			case CUE_PAUSE:
				runner_pause(&a->run, i);
				model_add_event(m, i, "pause", "%s: SIGSTOP",
				    tag);
				break;
			case CUE_RESUME:
				runner_resume(&a->run, i);
				model_add_event(m, i, "resume", "%s: SIGCONT",
				    tag);
				break;
			case CUE_KILL:
				runner_kill(&a->run, i);
				model_add_event(m, i, "kill", "%s: SIGKILL",
				    tag);
				break;
			case CUE_RATE:
				runner_set_rate(&a->run, i, &act->rate);
				units_fmt_rate(buf, sizeof buf, &act->rate);
				model_add_event(m, i, "rate", "%s: %s", tag,
				    buf);
				break;
			case CUE_CLOSE:
				runner_close_end(&a->run, i, act->chan);
				model_add_event(m, i, "close", "%s: its end of "
				    "%s", tag, cname);
				break;
			case CUE_START:
				runner_go(&a->run, i);
				model_add_event(m, i, "go", "%s: started",
				    tag);
				break;
			default:
				break;
			}
		}
	}
	m->cue = k;
	model_caption(m);
	/* Its event waits for the next sample (app_cue_events), so that the
	   numbers in it are those after the actions, not before. */
}

/* The events of the cues run since the last sample, in order. */
static void
app_cue_events(struct app *a)
{
	const struct scen_cue	*cue;
	struct model		*m = &a->model;
	char			 text[sizeof m->caption];

	while (a->cue_reported < a->next_cue) {
		cue = &a->sc->cues[a->cue_reported++];
		expect_fill(m, cue->say, text, sizeof text);
		model_add_event(m, -1, "cue", "cue %d/%d%s%s", a->cue_reported,
		    a->sc->ncues, text[0] != '\0' ? ": " : "", text);
	}
}

/* Without --step, each cue runs when its time comes. */
static void
app_cues(struct app *a)
{
	if (a->model.step)
		return;
	while (a->next_cue < a->sc->ncues &&
	    (double)a->sc->cues[a->next_cue].at_ms / 1000.0 <= a->model.t)
		app_run_cue(a, a->next_cue++);
}

/* n: the next cue, now (--step: the only way cues run). */
static void
app_next_cue(struct app *a)
{
	if (a->next_cue >= a->sc->ncues) {
		app_message(a, a->sc->ncues == 0 ? "this scenario has no "
		    "cues" : "that was the last cue; r restarts, q quits");
		return;
	}
	app_run_cue(a, a->next_cue++);
	a->vs.message[0] = '\0';
}

static void
app_toggle_pause(struct app *a, int i)
{
	const char	*name = a->model.procs[i].name;

	if (a->run.procs[i].reaped) {
		app_message(a, "%s has ended", name);
		return;
	}
	if (a->run.procs[i].user_paused) {
		runner_resume(&a->run, i);
		model_add_event(&a->model, i, "resume", "SIGCONT");
		app_message(a, "%s resumed (SIGCONT)", name);
	} else {
		runner_pause(&a->run, i);
		model_add_event(&a->model, i, "pause", "SIGSTOP");
		app_message(a, "%s paused (SIGSTOP)", name);
	}
}

static void
app_toggle_all(struct app *a)
{
	bool	pause = !a->model.all_paused;
	int	i;

	for (i = 0; i < a->run.nprocs; i++) {
		if (a->run.procs[i].reaped)
			continue;
		if (pause)
			runner_pause(&a->run, i);
		else
			runner_resume(&a->run, i);
	}
	a->model.all_paused = pause;
	model_add_event(&a->model, -1, pause ? "pause" : "resume", "all");
	app_message(a, pause ? "all paused (SIGSTOP)" : "all resumed (SIGCONT)");
}

static void
app_restart(struct app *a)
{
	history_clear(a->hist);		/* its snapshots point into this run */
	a->vs.frozen = false;
	record_restart(a->rec, &a->model);
	runner_stop(&a->run);
	runner_free(&a->run);
	a->running = false;
	if (app_start_run(a) == -1) {
		a->quit = true;
		a->end_reason = "error";
		return;
	}
	app_message(a, "restarted %s", a->sc->name);
}

/* s: every scenario with its title and about, to choose from. */
static void
app_picker_open(struct app *a)
{
	struct scen_errors	errs = { 0 };
	int			i;

	if (a->pick_paths == NULL) {
		a->npick = scenario_list(&a->pick_paths, &a->pick_names);
		a->pick_scs = xcalloc((size_t)a->npick + 1,
		    sizeof *a->pick_scs);
		a->pick_titles = xcalloc((size_t)a->npick + 1,
		    sizeof *a->pick_titles);
		a->pick_abouts = xcalloc((size_t)a->npick + 1,
		    sizeof *a->pick_abouts);
		for (i = 0; i < a->npick; i++) {
			a->pick_scs[i] = scenario_load(a->pick_paths[i], &errs);
			scen_errors_clear(&errs);
			a->pick_titles[i] = a->pick_scs[i] != NULL ?
			    a->pick_scs[i]->title :
			    "(invalid: see ipcscope --validate)";
			a->pick_abouts[i] = a->pick_scs[i] != NULL ?
			    a->pick_scs[i]->about : NULL;
		}
	}
	if (a->npick == 0) {
		app_message(a, "no scenarios found (IPCSCOPE_PATH)");
		return;
	}
	a->vs.picker = true;
	a->vs.picker_n = a->npick;
	a->vs.picker_names = (const char **)a->pick_names;
	a->vs.picker_titles = a->pick_titles;
	a->vs.picker_abouts = a->pick_abouts;
	a->vs.picker_sel = 0;
	for (i = 0; i < a->npick; i++) {
		if (strcmp(a->pick_names[i], a->sc->name) == 0)
			a->vs.picker_sel = i;
	}
}

static void
app_picker_free(struct app *a)
{
	int	i;

	for (i = 0; i < a->npick; i++) {
		scenario_free(a->pick_scs[i]);
		free(a->pick_paths[i]);
		free(a->pick_names[i]);
	}
	free(a->pick_scs);
	free(a->pick_paths);
	free(a->pick_names);
	free(a->pick_titles);
	free(a->pick_abouts);
	a->npick = 0;
}

/* Stop the current run cleanly and play scenario k of the picker. */
static void
app_switch(struct app *a, int k)
{
	struct scen_errors	 errs = { 0 };
	struct scenario		*sc, *old = a->sc;

	a->vs.picker = false;
	history_clear(a->hist);
	a->vs.frozen = false;
	if ((sc = scenario_load(a->pick_paths[k], &errs)) == NULL) {
		app_message(a, "%s", errs.n > 0 ? errs.msgs[0] :
		    "invalid scenario");
		scen_errors_clear(&errs);
		return;
	}
	record_restart(a->rec, &a->model);
	runner_stop(&a->run);
	runner_free(&a->run);
	a->running = false;
	a->sc = sc;
	a->vs.selected = sc->nprocs > 0 ? 0 : -1;
	a->vs.chan_selected = false;
	if (app_start_run(a) == -1) {
		a->quit = true;
		a->end_reason = "error";
	} else
		app_message(a, "playing %s", sc->name);
	if (a->sc_owned)
		scenario_free(old);
	a->sc_owned = true;
}

static void
app_picker_key(struct app *a, int key)
{
	int	n = a->vs.picker_n;

	switch (key) {
	case UIK_UP:
	case UIK_BTAB:
	case 'k':
		a->vs.picker_sel = (a->vs.picker_sel - 1 + n) % n;
		break;
	case UIK_DOWN:
	case UIK_TAB:
	case 'j':
		a->vs.picker_sel = (a->vs.picker_sel + 1) % n;
		break;
	case UIK_ENTER:
	case '\r':
	case '\n':
		app_switch(a, a->vs.picker_sel);
		break;
	case 'q':
	case UIK_CTRL_C:
		a->quit = true;
		a->end_reason = "interrupted";
		break;
	default:		/* esc, s: close */
		a->vs.picker = false;
		break;
	}
}

/* While frozen: [ and ] step through the snapshots, q quits, any other
   key returns to live. */
static bool
app_frozen_key(struct app *a, int key)
{
	int64_t	first = history_first(a->hist), last = history_last(a->hist);

	switch (key) {
	case '[':
		if (a->frozen_seq > first)
			a->frozen_seq--;
		return true;
	case ']':
		if (a->frozen_seq < last)
			a->frozen_seq++;
		return true;
	case 'q':
	case UIK_CTRL_C:
		return false;
	}
	a->vs.frozen = false;
	app_message(a, "live");
	return true;
}

static void
app_freeze(struct app *a)
{
	history_push(a->hist, &a->model);
	a->frozen_seq = history_last(a->hist);
	a->vs.frozen = true;
	app_message(a, "frozen: [ ] step back and forth, any key: live");
}

/*
 * A click selects the process or channel drawn under it, in the frame
 * the user saw (frozen or live, either layout); open panels stay open and
 * follow the selection. A click on anything else does nothing.
 */
static void
app_click(struct app *a)
{
	int	col, row, i;

	if (a->ui->mouse == NULL || a->vs.picker)
		return;
	a->ui->mouse(&col, &row);
	switch (view_hit(&a->map, col, row, &i)) {
	case VIEW_HIT_PROC:
		a->vs.selected = i;
		a->vs.chan_selected = false;
		break;
	case VIEW_HIT_CHAN:
		a->vs.selected = -1;
		a->vs.chan_selected = true;
		a->vs.selected_chan = i;
		break;
	default:
		break;
	}
}

/*
 * With a channel selected, the selection keys go back to the processes
 * (from the first or the last) and the process keys say what they need.
 * Returns true if the key was dealt with.
 */
static bool
app_chan_key(struct app *a, int key)
{
	switch (key) {
	case UIK_UP:
	case UIK_LEFT:
	case UIK_BTAB:
	case 'h':
		a->vs.chan_selected = false;
		a->vs.selected = a->model.nprocs - 1;
		return true;
	case UIK_RIGHT:
		if (a->model.step)
			return false;	/* the next cue */
		/* FALLTHROUGH */
	case UIK_DOWN:
	case UIK_TAB:
	case 'l':
		a->vs.chan_selected = false;
		a->vs.selected = a->model.nprocs > 0 ? 0 : -1;
		return true;
	case 'p':
	case 'k':
	case '+':
	case '=':
	case '-':
	case '_':
		app_message(a, "%c acts on a process: select one (click, "
		    "arrows or tab)", key == '=' ? '+' : key == '_' ? '-' :
		    key);
		return true;
	}
	return false;
}

static void
app_act_select(struct app *a, int key)
{
	const struct key_binding *kb = keys_lookup(key);
	int			 n = a->model.nprocs, sel = a->vs.selected;

	if (key == UIK_RIGHT && a->model.step) {
		app_next_cue(a);	/* presenting: right is the next cue */
		return;
	}
	if (kb->action == KA_PREV)
		a->vs.selected = n > 0 ? (sel - 1 + n) % n : -1;
	else
		a->vs.selected = n > 0 ? (sel + 1) % n : -1;
}

static void
app_act_pause(struct app *a, int key)
{
	if (a->vs.selected >= 0)
		app_toggle_pause(a, a->vs.selected);
}

static void
app_act_kill(struct app *a, int key)
{
	int	sel = a->vs.selected;

	if (sel >= 0 && !a->run.procs[sel].reaped) {
		runner_kill(&a->run, sel);
		model_add_event(&a->model, sel, "kill", "SIGKILL");
		app_message(a, "%s killed (SIGKILL)", a->model.procs[sel].name);
	}
}

static void
app_act_rate(struct app *a, int key)
{
	if (a->vs.selected >= 0)
		app_change_rate(a, a->vs.selected, key == '+' || key == '=');
}

static void
app_act_all(struct app *a, int key)
{
	app_toggle_all(a);
}

static void
app_act_cue(struct app *a, int key)
{
	app_next_cue(a);
}

/* The keyboard's way to a channel (a click is the other). */
static void
app_act_channel(struct app *a, int key)
{
	if (a->model.nchans == 0)
		return;
	a->vs.selected_chan = a->vs.chan_selected ?
	    (a->vs.selected_chan + 1) % a->model.nchans : 0;
	a->vs.chan_selected = true;
}

static void
app_act_restart(struct app *a, int key)
{
	app_restart(a);
}

static void
app_act_help(struct app *a, int key)
{
	a->vs.help = !a->vs.help;
}

static void
app_act_picker(struct app *a, int key)
{
	app_picker_open(a);
}

static void
app_act_freeze(struct app *a, int key)
{
	app_freeze(a);
}

static void
app_act_explain(struct app *a, int key)
{
	a->vs.explain = a->vs.selected >= 0 || a->vs.chan_selected;
}

static void
app_act_redraw(struct app *a, int key)
{
	a->full_redraw = true;
}

static void
app_act_click(struct app *a, int key)
{
	app_click(a);
}

static void
app_act_quit(struct app *a, int key)
{
	a->quit = true;
	a->end_reason = "interrupted";
}

/* What each action of the key table (keys.h) does. */
static void (*const app_actions[KA_COUNT])(struct app *, int) = {
	[KA_PREV] = app_act_select,
	[KA_NEXT] = app_act_select,
	[KA_CHANNEL] = app_act_channel,
	[KA_CLICK] = app_act_click,
	[KA_PAUSE] = app_act_pause,
	[KA_KILL] = app_act_kill,
	[KA_RATE] = app_act_rate,
	[KA_ALL] = app_act_all,
	[KA_CUE] = app_act_cue,
	[KA_RESTART] = app_act_restart,
	[KA_PICKER] = app_act_picker,
	[KA_FREEZE] = app_act_freeze,
	[KA_EXPLAIN] = app_act_explain,
	[KA_REDRAW] = app_act_redraw,
	[KA_HELP] = app_act_help,
	[KA_QUIT] = app_act_quit
};

/*
 * A key: the overlay on top takes it first (keys_modal: the same order
 * the view draws them in), then a frozen display, then the table.
 */
static void
app_key(struct app *a, int key)
{
	const struct key_binding *kb = keys_lookup(key);
	enum key_action		 act = kb != NULL ? kb->action : KA_NONE;

	if (act == KA_CLICK) {
		app_click(a);	/* open panels stay and follow the click */
		return;
	}
	switch (keys_modal(a->vs.picker, a->vs.explain, a->vs.help)) {
	case MODAL_PICKER:
		app_picker_key(a, key);
		return;
	case MODAL_EXPLAIN:
		/* The selection keys move it; q quits; any other closes. */
		if (act != KA_QUIT && act != KA_PREV && act != KA_NEXT) {
			a->vs.explain = false;
			return;
		}
		break;
	case MODAL_HELP:
		/* ? closes it, q quits; any other key only closes it. */
		if (act != KA_QUIT) {
			a->vs.help = false;
			return;
		}
		break;
	case MODAL_NONE:
		break;
	}
	if (a->vs.frozen && app_frozen_key(a, key))
		return;
	if (a->vs.chan_selected && app_chan_key(a, key))
		return;
	if (act != KA_NONE && app_actions[act] != NULL)
		app_actions[act](a, key);
}

static void
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
 * Verify's lines on the output, through util_write like the headless
 * records (a full pipe never keeps a signal out). The first failed write
 * is kept: the run stops, and it is reported once at the end.
 */
static void
app_print(struct app *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
app_print(struct app *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	if (app_out_err == 0 && (fflush(a->out) == EOF ||
	    util_write(fileno(a->out), s, (size_t)n) == -1) && errno != EINTR)
		app_out_err = errno != 0 ? errno : EIO;
	free(s);
}

/* A time in seconds as the verify report prints it: 2.0s, 2.25s. */
static void
app_fmt_secs(char *out, size_t len, uint64_t ms)
{
	if (ms % 100 == 0)
		snprintf(out, len, "%.1fs", (double)ms / 1000.0);
	else if (ms % 10 == 0)
		snprintf(out, len, "%.2fs", (double)ms / 1000.0);
	else
		snprintf(out, len, "%.3fs", (double)ms / 1000.0);
}

/*
 * Verify: check every [expect] whose time has come. A timed section must
 * hold, all its items together, in one sample from its 'at' up to its
 * deadline: 'by' where given, else EXPECT_GRACE later. A worker that is
 * blocked 99 % of the time can be sampled between two calls, and that
 * instant proves nothing; 'by' also gives what must happen by a time (a
 * count reached, a process done) the room a busy machine needs. Until the
 * deadline, wait for a sample in which the section holds; the first
 * sample at or after it decides.
 */
static void
app_check_expects(struct app *a, bool at_end)
{
	static const char		*cmps[] = {
		[CMP_EQ] = "", [CMP_NE] = "!= ", [CMP_LT] = "< ",
		[CMP_LE] = "<= ", [CMP_GT] = "> ", [CMP_GE] = ">= "
	};
	const struct scen_expect	*ex;
	const struct scen_expect_item	*it;
	struct strbuf			 sb = { 0 };
	char				 got[256], want[256], when[64];
	char				 at_s[16], by_s[16];
	double				 until;
	bool				 ok;
	int				 i, j;

	/* Sorted by at, at = end last. */
	for (i = a->next_expect; i < a->sc->nexpects; i++) {
		ex = &a->sc->expects[i];
		if (a->expect_done[i])
			continue;
		if (ex->at_end ? !at_end :
		    (!at_end && (double)ex->at_ms / 1000.0 > a->model.t))
			break;
		until = ex->has_by ? (double)ex->by_ms / 1000.0 :
		    (double)ex->at_ms / 1000.0 + EXPECT_GRACE;
		if (!at_end && !ex->at_end && a->model.t < until) {
			for (j = 0; j < ex->nitems; j++) {
				if (!expect_check(&a->model, &ex->items[j], got,
				    sizeof got, want, sizeof want))
					break;
			}
			if (j < ex->nitems)
				continue;	/* not yet: the next sample */
		}
		app_fmt_secs(at_s, sizeof at_s, ex->at_ms);
		app_fmt_secs(by_s, sizeof by_s, ex->by_ms);
		if (ex->at_end)
			snprintf(when, sizeof when, "at end (%.1fs)",
			    a->model.t);
		else if (ex->has_by)
			snprintf(when, sizeof when, "at %s by %s", at_s, by_s);
		else
			snprintf(when, sizeof when, "at %s", at_s);
		for (j = 0; j < ex->nitems; j++) {
			it = &ex->items[j];
			ok = expect_check(&a->model, it, got, sizeof got, want,
			    sizeof want);
			if (ok)
				a->passed++;
			else
				a->failed++;
			strbuf_printf(&sb, "%s %s: %s: %s = %s%s",
			    ok ? "PASS" : "FAIL", a->sc->name, when, it->key,
			    cmps[it->cmp], want);
			if (!ok)
				strbuf_printf(&sb, " (got %s)", got);
			if (!ok && !ex->at_end && a->model.t > until + 0.2)
				strbuf_printf(&sb, " [sampled late, at %.1fs: "
				    "the observer was not scheduled in time]",
				    a->model.t);
			if (!ok && ex->at_end && !a->model.finished)
				strbuf_printf(&sb, " [the duration ran out: "
				    "not every process had ended]");
			app_print(a, "%s\n", sb.s);
			strbuf_free(&sb);
		}
		a->expect_done[i] = true;
	}
	while (a->next_expect < a->sc->nexpects &&
	    a->expect_done[a->next_expect])
		a->next_expect++;
}

static void
app_tick(struct app *a)
{
	uint64_t	now;
	double		limit;

	runner_reap(&a->run, NULL, NULL);
	runner_poke(&a->run);
	now = now_ns();		/* after reaping: no exit is in the future */
	app_observe(a);
	app_cue_events(a);
	app_cues(a);
	if (a->bench) {
		uint64_t spent = now_ns() - now;

		a->bench_frames++;
		a->bench_ns += spent;
		if (spent > a->bench_max_ns)
			a->bench_max_ns = spent;
	}

	switch (a->opts->mode) {
	case MODE_TUI:
		if (now >= a->next_snap_ns) {
			history_push(a->hist, &a->model);
			a->next_snap_ns = now + 500000000ULL;
		}
		app_draw(a);
		app_record(a);
		if (a->opts->duration > 0 && a->model.t >= a->opts->duration) {
			a->quit = true;
			a->end_reason = "duration";
		}
		return;
	case MODE_HEADLESS:
		app_record(a);
		if (headless_output_broken()) {
			/* Whoever read us is gone (| head): stop, in order. */
			a->quit = true;
			a->end_reason = "interrupted";
			return;
		}
		if (now >= a->next_sample_ns) {
			headless_sample(a->out, a->opts->format, &a->model);
			a->next_sample_ns += (uint64_t)a->opts->interval_ms *
			    1000000ULL;
			if (a->next_sample_ns < now)
				a->next_sample_ns = now;
		}
		break;
	case MODE_VERIFY:
		app_check_expects(a, false);
		if (app_out_err != 0) {
			a->quit = true;
			a->end_reason = "interrupted";
			return;
		}
		/* Nothing left to check but the end: no need to wait. */
		if (a->next_expect == a->sc->nexpects) {
			a->quit = true;
			a->end_reason = "done";
			return;
		}
		break;
	}
	limit = a->opts->duration >= 0 ? a->opts->duration :
	    (double)a->sc->duration_ms / 1000.0;
	if (a->model.finished) {
		a->quit = true;
		a->end_reason = "done";
	} else if (a->model.t >= limit) {
		a->quit = true;
		a->end_reason = "duration";
	}
}

/*
 * SIGTSTP in the terminal UI (kill -TSTP: the terminal itself sends none,
 * it is in raw mode): give the terminal back, stop as the default action
 * would, and on SIGCONT take it again and repaint everything. The workers
 * run on meanwhile: the scenario's time does not stop.
 */
static void
app_suspend(struct app *a)
{
	struct sigaction	 sa, old;
	sigset_t		 set;
	char			*cause = NULL;

	if (!a->ui_up)
		return;
	app_ui_done(a);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, &old);	/* curses may have put its own */
	sigemptyset(&set);
	sigaddset(&set, SIGTSTP);
	raise(SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &set, NULL);	/* stops here until SIGCONT */
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigaction(SIGTSTP, &old, NULL);
	if (a->ui->init(a->opts->color, &cause) == -1) {
		fprintf(stderr, "ipcscope: back from SIGTSTP: %s\n", cause);
		free(cause);
		a->quit = true;
		a->end_reason = "error";
		return;
	}
	a->ui_up = true;
	a->full_redraw = true;
}

/* A terminating signal: end the run in order; the caller dies of it. */
static void
app_terminate(struct app *a, int sig)
{
	if (app_exit_sig == 0)
		app_exit_sig = sig;
	a->quit = true;
	a->end_reason = "interrupted";
	util_write_nowait(1);	/* what is left to write: only if room */
}

static void
app_signal(struct app *a)
{
	struct signalfd_siginfo	si;

	while (read(a->sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		switch (si.ssi_signo) {
		case SIGCHLD:
			runner_reap(&a->run, NULL, NULL);
			break;
		case SIGTSTP:
			app_suspend(a);
			break;
		case SIGCONT:
			a->full_redraw = true;	/* after a SIGSTOP, say */
			break;
		}
	}
	while (read(a->termfd, &si, sizeof si) == (ssize_t)sizeof si)
		app_terminate(a, (int)si.ssi_signo);
}

static int
app_setup_fds(struct app *a)
{
	struct itimerspec	its;
	sigset_t		set, all;
	long			tick_ms = TICK_MS;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (a->opts->mode == MODE_TUI && !app_tstp_ignored) {
		sigaddset(&set, SIGTSTP);
		sigaddset(&set, SIGCONT);
	}
	sigorset(&all, &set, &app_termset);
	sigprocmask(SIG_BLOCK, &all, &a->oldmask);
	a->masked = true;
	a->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	a->termfd = signalfd(-1, &app_termset, SFD_NONBLOCK | SFD_CLOEXEC);
	a->timerfd = timerfd_create(CLOCK_MONOTONIC,
	    TFD_NONBLOCK | TFD_CLOEXEC);
	if (a->sigfd == -1 || a->termfd == -1 || a->timerfd == -1)
		return -1;
	util_write_watch(a->termfd);
	util_write_nowait(0);
	/* Headless samples at a shorter interval need shorter ticks. */
	if (a->opts->mode == MODE_HEADLESS && a->opts->interval_ms < tick_ms)
		tick_ms = a->opts->interval_ms;
	memset(&its, 0, sizeof its);
	its.it_interval.tv_nsec = tick_ms * 1000000L;
	its.it_value.tv_nsec = tick_ms * 1000000L;
	return timerfd_settime(a->timerfd, 0, &its, NULL);
}

static void
app_loop(struct app *a)
{
	enum { P_SIG, P_TERM, P_TIMER, P_UI };
	struct pollfd	pfd[4];
	uint64_t	expirations;
	int		n, i, key, timeout;

	while (!a->quit) {
		pfd[P_SIG].fd = a->sigfd;
		pfd[P_TERM].fd = a->termfd;
		pfd[P_TIMER].fd = a->timerfd;
		n = 3;
		timeout = -1;
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
		if (pfd[P_SIG].revents & POLLIN || pfd[P_TERM].revents & POLLIN)
			app_signal(a);
		if (a->quit)
			break;
		if (a->ui_up && n == 4 &&
		    (pfd[P_UI].revents & (POLLIN | POLLHUP))) {
			while ((key = a->ui->read_key()) != UIK_NONE) {
				if (key == UIK_RESIZE)
					a->full_redraw = true;
				else
					app_key(a, key);
				if (a->quit)
					break;
			}
			if (a->running && !a->quit)
				app_draw(a);
		}
		if (pfd[P_TIMER].revents & POLLIN) {
			if (read(a->timerfd, &expirations, sizeof expirations) <
			    0 && errno != EAGAIN)
				fatal("timerfd: %s", strerror(errno));
			if (a->running && !a->quit)
				app_tick(a);
		}
	}
}

static double
tv_ms(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

/* What make bench reads: time per frame (probe + model), CPU share. */
static void
app_bench_report(struct app *a, const struct rusage *ru0, uint64_t wall0)
{
	struct rusage	ru;
	double		cpu_ms, wall_ms, per_frame_us, cpu_per_frame_us;

	getrusage(RUSAGE_SELF, &ru);
	cpu_ms = tv_ms(&ru.ru_utime) + tv_ms(&ru.ru_stime) -
	    tv_ms(&ru0->ru_utime) - tv_ms(&ru0->ru_stime);
	wall_ms = (double)(now_ns() - wall0) / 1e6;
	if (a->bench_frames == 0)
		return;
	per_frame_us = (double)a->bench_ns / (double)a->bench_frames / 1e3;
	cpu_per_frame_us = cpu_ms * 1e3 / (double)a->bench_frames;
	fprintf(stderr, "observer: %d processes, %d channels, %llu frames in "
	    "%.1f s\n", a->run.nprocs, a->run.nchans,
	    (unsigned long long)a->bench_frames, wall_ms / 1e3);
	fprintf(stderr, "observer: per frame %.0f us mean, %.0f us max "
	    "(target <= 1000 us: %s)\n", per_frame_us,
	    (double)a->bench_max_ns / 1e3, per_frame_us <= 1000 ? "met" :
	    "NOT met");
	fprintf(stderr, "observer: CPU %.0f us per frame, %.2f %% of one core "
	    "at 30 Hz (target <= 3 %%: %s)\n", cpu_per_frame_us,
	    cpu_per_frame_us * 30 / 1e4, cpu_per_frame_us * 30 / 1e4 <= 3 ?
	    "met" : "NOT met");
}

/*
 * After the run: a failed write to the output. A reader that left (EPIPE,
 * | head) is an ordinary way out: die of SIGPIPE as yes | head does, now
 * that everything is cleaned up (unless SIGPIPE was ignored when we
 * started: then it is an error like any other). Any other error is
 * reported, once: -1 (exit status 3).
 */
static int
app_output_end(const struct app_opts *opts)
{
	static bool	reported;

	if (opts->mode == MODE_HEADLESS && app_out_err == 0)
		app_out_err = headless_output_error();
	if (app_out_err == 0)
		return 0;
	if (app_out_err == EPIPE && sigismember(&app_termset, SIGPIPE)) {
		if (app_exit_sig == 0)
			app_exit_sig = SIGPIPE;
		return 0;
	}
	if (!reported)
		fprintf(stderr, "ipcscope: standard output: %s\n",
		    strerror(app_out_err));
	reported = true;
	return -1;
}

/*
 * Signals back as they were before the run. A terminating signal that
 * came after the loop (while the workers were being stopped) is still in
 * the signalfd: take it, so that the caller dies of it too. Handlers that
 * curses put on SIGINT and SIGTERM go: the caller's way out is ours.
 */
static void
app_signals_done(struct app *a)
{
	struct signalfd_siginfo	si;
	int			sig;

	if (a->termfd != -1) {
		while (read(a->termfd, &si, sizeof si) == (ssize_t)sizeof si) {
			if (app_exit_sig == 0)
				app_exit_sig = (int)si.ssi_signo;
		}
		close(a->termfd);
	}
	if (a->sigfd != -1)
		close(a->sigfd);
	if (a->timerfd != -1)
		close(a->timerfd);
	a->sigfd = a->termfd = a->timerfd = -1;
	util_write_watch(-1);
	/* After a terminating signal, what the caller still has to say
	   goes out only if there is room: it must not block. */
	util_write_nowait(app_exit_sig != 0);
	if (!a->masked)
		return;
	for (sig = 1; sig < NSIG; sig++) {
		if (sigismember(&app_termset, sig) == 1)
			sigaction(sig, &app_termset_old[sig], NULL);
	}
	sigprocmask(SIG_SETMASK, &a->oldmask, NULL);
	a->masked = false;
}

int
app_run(struct scenario *sc, const struct app_opts *opts, FILE *out)
{
	struct app	 a;
	struct rusage	 ru0;
	uint64_t	 wall0;
	char		*cause = NULL;
	int		 rc = 0;

	memset(&a, 0, sizeof a);
	a.bench = getenv("IPCSCOPE_BENCH") != NULL;
	a.sc = sc;
	a.opts = opts;
	a.out = out;
	a.sigfd = a.termfd = a.timerfd = -1;
	a.vs.selected = sc->nprocs > 0 ? 0 : -1;
	a.vs.ascii = opts->ascii;
	a.vs.big = opts->big;
	a.end_reason = "done";
	a.hist = history_new();
	app_current = &a;
	util_set_exit_hook(app_exit_hook);

	/* Signals first: from here on every way out is this function's. */
	if (app_setup_fds(&a) == -1) {
		fprintf(stderr, "ipcscope: signalfd/timerfd: %s\n",
		    strerror(errno));
		rc = 3;
		goto out;
	}
	if (runner_fd_limit(sc, &cause) == -1) {
		fprintf(stderr, "ipcscope: %s: %s\n", sc->name, cause);
		free(cause);
		rc = 3;
		goto out;
	}
	if (app_record_open(&a) == -1) {
		rc = 2;
		goto out;
	}
	registry_sweep();
	if (opts->mode == MODE_TUI) {
		a.ui = ui_backend_find(opts->ui);	/* main.c checked it */
		if (a.ui->init(opts->color, &cause) == -1) {
			fprintf(stderr, "ipcscope: %s\n", cause);
			free(cause);
			rc = 3;
			goto out;
		}
		a.ui_up = true;
		a.vs.color = a.ui->has_color();
		a.grid = grid_new(80, 24);
	}
	if (app_start_run(&a) == -1) {
		rc = 3;
		goto out;
	}
	if (opts->mode == MODE_TUI)
		app_draw(&a);

	getrusage(RUSAGE_SELF, &ru0);
	wall0 = now_ns();
	app_loop(&a);
	if (a.bench)
		app_bench_report(&a, &ru0, wall0);

	/* One last look before the workers are stopped (if a restart
	   failed there is no run left to look at). */
	if (a.running) {
		runner_reap(&a.run, NULL, NULL);
		app_observe(&a);
		app_cue_events(&a);
		if (opts->mode != MODE_TUI || a.ui_up)
			app_record(&a);
	}
	if (opts->mode == MODE_VERIFY) {
		if (strcmp(a.end_reason, "interrupted") != 0)
			app_check_expects(&a, true);
		if (a.next_expect < sc->nexpects) {
			app_print(&a, "FAIL %s: interrupted before every "
			    "expectation was checked\n", sc->name);
			a.failed++;
		}
		rc = a.failed > 0 ? 1 : 0;
	}
	if (opts->mode == MODE_HEADLESS) {
		headless_sample(out, opts->format, &a.model);
		headless_end(out, opts->format, &a.model, a.end_reason);
	}
out:
	app_teardown(&a);
	if (a.running || a.run.procs != NULL)
		runner_free(&a.run);
	history_free(a.hist);
	run_source_free(a.src);
	model_free(&a.model);
	free(a.expect_done);
	app_picker_free(&a);
	if (a.sc_owned)
		scenario_free(a.sc);
	if (a.grid != NULL)
		grid_free(a.grid);
	if (a.rec_grid != NULL)
		grid_free(a.rec_grid);
	if (record_failed(a.rec))
		rc = 3;		/* record_close said what */
	record_free(a.rec);
	if (opts->mode == MODE_VERIFY)
		app_print(&a, "%s: %d passed, %d failed\n", sc->name, a.passed,
		    a.failed);
	if (app_output_end(opts) == -1)
		rc = 3;
	app_signals_done(&a);
	util_set_exit_hook(NULL);
	app_current = NULL;
	return rc;
}
