/*
 * cues.c: the scenario's [cue] sections. Each runs at its time, or with
 * --step when the presenter presses n; its actions act on processes
 * through the source (control.c), each one an event naming the cue, and
 * its caption follows. Its own event waits for the next sample, so that
 * the numbers in it are those after the actions.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "app/app-int.h"
#include "base/units.h"
#include "base/util.h"
#include "model/expect.h"

/* resize: F_SETPIPE_SZ on the channel, through the source. */
static void
app_cue_resize(struct app *a, const char *tag, const struct scen_action *act)
{
	const char	*cname = a->sc->channels[act->chan].name;
	char		 buf[64];
	int64_t		 got = -1;

	units_fmt_size(buf, sizeof buf, act->size);
	if (app_src_resize(a, act->chan, act->size, &got) == 0)
		model_add_event(&a->model, -1, "resize", "%s: %s asked %s, "
		    "F_GETPIPE_SZ %lld", tag, cname, buf, (long long)got);
	else if (errno == ENOTSUP)
		model_add_event(&a->model, -1, "error", "%s: resize %s: "
		    APP_NOT_AVAILABLE, tag, cname);
	else
		model_add_event(&a->model, -1, "error", "%s: resize %s to "
		    "%s: F_SETPIPE_SZ: %s%s", tag, cname, buf,
		    util_errname(errno), errno == EBUSY ?
		    " (it holds more than that now)" : errno == EBADF ?
		    " (no process holds an end)" : "");
}

/* One action on process i: the source's call. 0, or -1 with errno. */
static int
app_cue_act(struct app *a, const struct scen_action *act, int i)
{
	switch (act->what) {
	case CUE_PAUSE:
		return app_src_pause(a, i);
	case CUE_RESUME:
		return app_src_resume(a, i);
	case CUE_KILL:
		return app_src_kill(a, i);
	case CUE_RATE:
		return app_src_set_rate(a, i, &act->rate);
	case CUE_CLOSE:
		return app_src_close_end(a, i, act->chan);
	case CUE_START:
		return app_src_go(a, i);
	default:
		return 0;
	}
}

/* The event that says what an action did to process i. */
static void
app_cue_event(struct app *a, const char *tag, const struct scen_action *act,
    int i)
{
	struct model	*m = &a->model;
	char		 buf[64];

	switch (act->what) {
	case CUE_PAUSE:
		model_add_event(m, i, "pause", "%s: SIGSTOP", tag);
		break;
	case CUE_RESUME:
		model_add_event(m, i, "resume", "%s: SIGCONT", tag);
		break;
	case CUE_KILL:
		model_add_event(m, i, "kill", "%s: SIGKILL", tag);
		break;
	case CUE_RATE:
		units_fmt_rate(buf, sizeof buf, &act->rate);
		model_add_event(m, i, "rate", "%s: %s", tag, buf);
		break;
	case CUE_CLOSE:
		model_add_event(m, i, "close", "%s: its end of %s", tag,
		    a->sc->channels[act->chan].name);
		break;
	case CUE_START:
		model_add_event(m, i, "go", "%s: started", tag);
		break;
	default:
		break;
	}
}

/* An action on each of its processes; an error event where it failed. */
static void
app_cue_procs(struct app *a, const char *tag, const struct scen_action *act)
{
	const char	*what = scenario_action_name(act->what);
	const char	*name;
	int		 n, i;

	for (n = 0; n < act->nprocs; n++) {
		i = act->procs[n];
		name = a->model.procs[i].name;
		if (app_cue_act(a, act, i) == 0)
			app_cue_event(a, tag, act, i);
		else if (errno == ESRCH)
			model_add_event(&a->model, i, "error", "%s: %s: %s has "
			    "already ended", tag, what, name);
		else if (errno == ENOTSUP)
			model_add_event(&a->model, i, "error", "%s: %s: "
			    APP_NOT_AVAILABLE, tag, what);
		else
			model_add_event(&a->model, i, "error", "%s: %s %s: %s",
			    tag, what, name, util_errname(errno));
	}
}

/*
 * Run cue k: its actions, in file order, then its caption. Each action
 * is an event naming the cue, so that JSON Lines, the trace and the event
 * line show what was done to whom and when.
 */
static void
app_run_cue(struct app *a, int k)
{
	const struct scen_cue	*cue = &a->sc->cues[k];
	char			 tag[32];
	int			 j;

	snprintf(tag, sizeof tag, "cue %d/%d", k + 1, a->sc->ncues);
	for (j = 0; j < cue->nactions; j++) {
		if (cue->actions[j].what == CUE_RESIZE)
			app_cue_resize(a, tag, &cue->actions[j]);
		else
			app_cue_procs(a, tag, &cue->actions[j]);
	}
	a->model.cue = k;
	model_caption(&a->model);
	/* Its event waits for the next sample (app_cue_events), so that the
	   numbers in it are those after the actions, not before. */
}

void
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

void
app_cues(struct app *a)
{
	if (a->model.step)
		return;
	while (a->next_cue < a->sc->ncues &&
	    (double)a->sc->cues[a->next_cue].at_ms / 1000.0 <= a->model.t)
		app_run_cue(a, a->next_cue++);
}

void
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
