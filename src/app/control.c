/*
 * control.c: keys to actions. A key is looked up in the key table
 * (screen/keys.c); the overlay on top takes it first, then a frozen
 * display, then a selected channel, then the table's action. What acts on
 * a process goes through the source (app_src_*): a source that cannot
 * take an action says so, and the user reads "not available for this
 * source" instead of a change that did not happen. Each action the
 * script did not foresee marks the run off the script's path
 * (model_off_script()): the caption then follows the state.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/app-int.h"
#include "base/units.h"
#include "base/util.h"
#include "model/history.h"
#include "screen/keys.h"

void
app_message(struct app *a, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(a->vs.message, sizeof a->vs.message, fmt, ap);
	va_end(ap);
	a->message_end_ns = now_ns() + APP_MESSAGE_NS;
}

void
app_message_expire(struct app *a, uint64_t now)
{
	if (a->vs.message[0] != '\0' && now >= a->message_end_ns)
		a->vs.message[0] = '\0';
}

/* A NULL op: the source cannot take this action. */
static int
app_src_none(void)
{
	errno = ENOTSUP;
	return -1;
}

int
app_src_pause(struct app *a, int i)
{
	if (a->src->pause == NULL)
		return app_src_none();
	return a->src->pause(a->src_arg, i);
}

int
app_src_resume(struct app *a, int i)
{
	if (a->src->resume == NULL)
		return app_src_none();
	return a->src->resume(a->src_arg, i);
}

int
app_src_kill(struct app *a, int i)
{
	if (a->src->kill == NULL)
		return app_src_none();
	return a->src->kill(a->src_arg, i);
}

int
app_src_set_rate(struct app *a, int i, const struct rate *r)
{
	if (a->src->set_rate == NULL)
		return app_src_none();
	return a->src->set_rate(a->src_arg, i, r);
}

int
app_src_go(struct app *a, int i)
{
	if (a->src->go == NULL)
		return app_src_none();
	return a->src->go(a->src_arg, i);
}

int
app_src_close_end(struct app *a, int i, int c)
{
	if (a->src->close_end == NULL)
		return app_src_none();
	return a->src->close_end(a->src_arg, i, c);
}

int
app_src_resize(struct app *a, int c, uint64_t size, int64_t *got)
{
	if (a->src->resize == NULL)
		return app_src_none();
	return a->src->resize(a->src_arg, c, size, got);
}

/*
 * After an action: look again, so that a second key before the next tick
 * (p p, + +) starts from what the first one did, as the source now says.
 */
static void
app_look_again(struct app *a)
{
	a->src->observe(a->src_arg, &a->obs);
}

/* Why the source did not take action what on process i (errno). */
static void
app_refused(struct app *a, int i, const char *what)
{
	const char	*name = a->model.procs[i].name;

	if (errno == ENOTSUP)
		app_message(a, "%s: " APP_NOT_AVAILABLE, what);
	else if (errno == ESRCH)
		app_message(a, "%s has ended", name);
	else
		app_message(a, "%s: %s: %s", name, what, strerror(errno));
}

/* The next rate for +/- from the current one r. */
static void
app_next_rate(struct app *a, int i, struct rate *r, bool faster)
{
	const struct model_proc	*mp = &a->model.procs[i];
	double			 cur;

	if (r->kind == RATE_MAX) {
		/* From max to half of what it does now, in bytes/s. */
		cur = mp->out_bps;
		if (isnan(cur) || cur <= 0)
			cur = mp->in_bps;
		if (isnan(cur) || cur <= 0)
			cur = 2.0 * 1024 * 1024;
		/* A power of two, so that halving and doubling stay round
		   numbers people can read: 128K/s, not 131074B/s. */
		r->kind = RATE_BYTES;
		r->value = exp2(floor(log2(cur / 2)));
	} else if (faster)
		r->value *= 2;
	else
		r->value /= 2;
	if (r->value < 1)
		r->value = 1;
}

/* +/-: double or halve the selected worker's rate. */
static void
app_change_rate(struct app *a, int i, bool faster)
{
	struct rate	r = a->obs.procs[i].rate;
	char		buf[32];

	if (r.kind == RATE_MAX && faster) {
		app_message(a, "%s already runs at max rate",
		    a->model.procs[i].name);
		return;
	}
	app_next_rate(a, i, &r, faster);
	/* One that has ended takes no rate; said as before, nothing moves. */
	if (app_src_set_rate(a, i, &r) == -1 && errno != ESRCH) {
		app_refused(a, i, "rate");
		return;
	}
	app_look_again(a);
	units_fmt_rate(buf, sizeof buf, &r);
	app_message(a, "%s: rate %s", a->model.procs[i].name, buf);
	model_add_event(&a->model, i, "rate", "%s", buf);
	model_off_script(&a->model, i, "you set %s's rate to %s",
	    a->model.procs[i].name, buf);
}

static void
app_toggle_pause(struct app *a, int i)
{
	const char	*name = a->model.procs[i].name;
	bool		 resume = a->obs.procs[i].user_paused;

	if (resume ? app_src_resume(a, i) == -1 : app_src_pause(a, i) == -1) {
		app_refused(a, i, resume ? "resume" : "pause");
		return;
	}
	app_look_again(a);
	if (resume) {
		model_add_event(&a->model, i, "resume", "SIGCONT");
		app_message(a, "%s resumed (SIGCONT)", name);
	} else {
		model_add_event(&a->model, i, "pause", "SIGSTOP");
		app_message(a, "%s paused (SIGSTOP)", name);
	}
	model_off_script(&a->model, i, "you %s %s", resume ? "resumed" :
	    "paused", name);
}

/* space: pause every live process, or resume them all. */
static void
app_toggle_all(struct app *a)
{
	bool	pause = !a->model.all_paused;
	int	i, rc;

	for (i = 0; i < a->model.nprocs; i++) {
		rc = pause ? app_src_pause(a, i) : app_src_resume(a, i);
		if (rc == -1 && errno == ENOTSUP) {
			app_message(a, "%s: " APP_NOT_AVAILABLE, pause ?
			    "pause" : "resume");
			return;
		}
	}
	app_look_again(a);
	a->model.all_paused = pause;
	model_add_event(&a->model, -1, pause ? "pause" : "resume", "all");
	app_message(a, pause ? "all paused (SIGSTOP)" : "all resumed (SIGCONT)");
	model_off_script(&a->model, -1, "you %s every process", pause ?
	    "paused" : "resumed");
}

void
app_restart(struct app *a)
{
	history_clear(a->hist);		/* its snapshots point into this run */
	a->vs.frozen = false;
	app_stop_run(a);
	if (app_start_run(a) == -1) {
		app_quit(a, "error");
		return;
	}
	app_message(a, "restarted %s", a->sc->name);
}

/* While frozen: [ and ] step through the snapshots, the quit keys quit,
   x takes a snapshot, any other key returns to live. */
static bool
app_frozen_key(struct app *a, int key, enum key_action act)
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
	}
	/* q quits; x takes a snapshot of the frozen screen. */
	if (act == KA_QUIT || act == KA_SNAPSHOT)
		return false;
	a->vs.frozen = false;
	app_message(a, "live");
	return true;
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

/* The next or previous row as shown: a followed thread under its process. */
static void
app_select_in_order(struct app *a, bool prev)
{
	int	n = a->model.nprocs, *order, pos;

	if (n == 0) {
		a->vs.selected = -1;
		return;
	}
	order = xcalloc((size_t)n, sizeof *order);
	model_row_order(&a->model, order);
	for (pos = 0; pos < n && order[pos] != a->vs.selected; pos++)
		;
	if (pos == n)
		pos = prev ? 0 : n - 1;
	a->vs.selected = order[(pos + (prev ? n - 1 : 1)) % n];
	free(order);
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
	if (a->model.grows) {
		app_select_in_order(a, kb->action == KA_PREV);
		return;
	}
	if (kb->action == KA_PREV)
		a->vs.selected = n > 0 ? (sel - 1 + n) % n : -1;
	else
		a->vs.selected = n > 0 ? (sel + 1) % n : -1;
}

/*
 * Once the script is over its processes are stopped and its objects
 * removed: a key that would act on them (p, k, +, -, space, n) says so
 * and does nothing, rather than signal what is gone or read what was
 * unmapped.
 */
static bool
app_act_over(struct app *a)
{
	if (!a->over)
		return false;
	app_message(a, "the script is over: r restarts, q quits");
	return true;
}

/*
 * A key for the processes (p, k, +, -, space) once every one has ended:
 * nothing to act on, said so ("you paused every process" would not be
 * true).
 */
static bool
app_act_ended(struct app *a)
{
	if (app_act_over(a))
		return true;
	if (!a->model.finished || a->replay != NULL)
		return false;
	app_message(a, "every process has ended: r restarts, q quits");
	return true;
}

static void
app_act_pause(struct app *a, int key)
{
	if (app_act_ended(a))
		return;
	if (a->vs.selected >= 0)
		app_toggle_pause(a, a->vs.selected);
}

static void
app_act_kill(struct app *a, int key)
{
	int	sel = a->vs.selected;

	if (sel < 0 || app_act_ended(a))
		return;
	if (app_src_kill(a, sel) == -1) {
		if (errno != ESRCH)	/* one that has ended: nothing to say */
			app_refused(a, sel, "kill");
		return;
	}
	model_add_event(&a->model, sel, "kill", "SIGKILL");
	app_message(a, "%s killed (SIGKILL)", a->model.procs[sel].name);
	model_off_script(&a->model, sel, "you killed %s",
	    a->model.procs[sel].name);
}

static void
app_act_rate(struct app *a, int key)
{
	if (app_act_ended(a))
		return;
	if (a->vs.selected >= 0)
		app_change_rate(a, a->vs.selected, key == '+' || key == '=');
}

static void
app_act_all(struct app *a, int key)
{
	if (!app_act_ended(a))
		app_toggle_all(a);
}

static void
app_act_cue(struct app *a, int key)
{
	if (!app_act_over(a))
		app_next_cue(a);
}

/*
 * The keyboard's way to a channel (a click is the other). One thing is
 * selected at a time: the process is no longer; an open explain panel
 * turns to the channel.
 */
static void
app_act_channel(struct app *a, int key)
{
	if (a->model.nchans == 0)
		return;
	a->vs.selected_chan = a->vs.chan_selected ?
	    (a->vs.selected_chan + 1) % a->model.nchans : 0;
	a->vs.chan_selected = true;
	a->vs.selected = -1;
}

static void
app_act_restart(struct app *a, int key)
{
	if (a->fw != NULL) {	/* a followed program is not replayed */
		app_message(a, "restart: " APP_NOT_AVAILABLE);
		return;
	}
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
	if (a->fw != NULL) {
		app_message(a, "scenarios: " APP_NOT_AVAILABLE);
		return;
	}
	app_picker_open(a);
}

static void
app_act_freeze(struct app *a, int key)
{
	history_push(a->hist, &a->model);
	a->frozen_seq = history_last(a->hist);
	a->vs.frozen = true;
	app_message(a, "frozen: [ ] step back and forth, any key: live");
}

static void
app_act_explain(struct app *a, int key)
{
	a->vs.explain = a->vs.selected >= 0 || a->vs.chan_selected;
}

/* w opens and closes who waits for whom; Esc closes it. */
static void
app_act_waits(struct app *a, int key)
{
	a->vs.waits = key != UIK_ESC && !a->vs.waits;
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
	app_quit(a, "interrupted");
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
	[KA_WAITS] = app_act_waits,
	[KA_SNAPSHOT] = app_act_snapshot,	/* slides.c */
	[KA_REDRAW] = app_act_redraw,
	[KA_HELP] = app_act_help,
	[KA_QUIT] = app_act_quit
};

/*
 * The overlay on top takes a key first (keys_modal: the same order the
 * view draws them in). True if it took it; false lets the key go on.
 */
static bool
app_modal_key(struct app *a, int key, enum key_action act)
{
	switch (keys_modal(a->vs.picker, a->vs.explain, a->vs.help)) {
	case MODAL_PICKER:
		if (act == KA_QUIT)
			return false;	/* F10 quits here too */
		app_picker_key(a, key);
		return true;
	case MODAL_EXPLAIN:
		/* The selection keys move it (c to a channel); q quits; x
		   takes it in a snapshot; any other closes. */
		if (act != KA_QUIT && act != KA_PREV && act != KA_NEXT &&
		    act != KA_CHANNEL && act != KA_SNAPSHOT) {
			a->vs.explain = false;
			return true;
		}
		return false;
	case MODAL_HELP:
		/* ? closes it, q quits; any other key only closes it. */
		if (act != KA_QUIT) {
			a->vs.help = false;
			return true;
		}
		return false;
	case MODAL_NONE:
		break;
	}
	return false;
}

void
app_key(struct app *a, int key)
{
	const struct key_binding *kb = keys_lookup(key);
	enum key_action		 act = kb != NULL ? kb->action : KA_NONE;

	if (act == KA_CLICK) {
		app_click(a);	/* open panels stay and follow the click */
		return;
	}
	if (app_modal_key(a, key, act))
		return;
	/* Who waits for whom: frozen or live (a frozen display shows the
	   snapshot's); other keys act under it. */
	if (act == KA_WAITS || (a->vs.waits && key == UIK_ESC)) {
		app_act_waits(a, key);
		return;
	}
	if (a->vs.frozen && app_frozen_key(a, key, act))
		return;
	if (a->replay != NULL && app_replay_key(a, act, key))
		return;
	if (a->vs.chan_selected && app_chan_key(a, key))
		return;
	if (act != KA_NONE && app_actions[act] != NULL)
		app_actions[act](a, key);
}
