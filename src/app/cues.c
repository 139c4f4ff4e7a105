/*
 * cues.c: the scenario's [cue] sections, a script played in order. Each
 * runs at the first sample at or after its time in which its 'when'
 * conditions hold, or with --step when the presenter presses n (and its
 * conditions hold: else it waits for them, and says so); its actions act
 * on processes through the source (control.c), each one an event naming
 * the cue, and its caption follows. Its own event waits for the next
 * sample, so that the numbers in it are those after the actions. A cue
 * that never ran is an event at the end ("cue-not-run"), and a FAIL line
 * of --verify.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
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
		if (app_cue_act(a, act, i) == 0) {
			app_cue_event(a, tag, act, i);
			continue;
		}
		if (errno == ESRCH)
			model_add_event(&a->model, i, "error", "%s: %s: %s has "
			    "already ended", tag, what, name);
		else if (errno == ENOTSUP)
			model_add_event(&a->model, i, "error", "%s: %s: "
			    APP_NOT_AVAILABLE, tag, what);
		else
			model_add_event(&a->model, i, "error", "%s: %s %s: %s",
			    tag, what, name, util_errname(errno));
		/* The script counted on it: from here it is off its path. */
		model_off_script(&a->model, i, "%s could not %s %s", tag, what,
		    name);
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
	model_cue_ran(&a->model, k);
	for (j = 0; j < cue->nactions; j++) {
		if (cue->actions[j].what == CUE_RESIZE)
			app_cue_resize(a, tag, &cue->actions[j]);
		else
			app_cue_procs(a, tag, &cue->actions[j]);
	}
	if (a->cue_ran_t != NULL)
		a->cue_ran_t[k] = a->model.t;
	/* Its event waits for the next sample (app_cue_events), so that the
	   numbers in it are those after the actions, not before. */
}

/*
 * Does cue k's every 'when' condition hold in this sample? If not and
 * why is not NULL: "writer = blocked write pipe (now running)".
 */
static bool
app_cue_ready(struct app *a, int k, char *why, size_t len)
{
	const struct scen_cue	*cue = &a->sc->cues[k];
	char			 cond[160], got[128];
	int			 j;

	j = expect_first_false(&a->model, cue->when, cue->nwhen, got,
	    sizeof got);
	if (j < 0)
		return true;
	if (why != NULL) {
		scenario_cond_text(&cue->when[j], cond, sizeof cond);
		snprintf(why, len, "%s (now %s)", cond, got);
	}
	return false;
}

void
app_cue_events(struct app *a)
{
	const struct scen_cue	*cue;
	struct model		*m = &a->model;
	char			 text[sizeof m->caption];

	while (a->cue_reported < a->next_cue) {
		cue = &a->sc->cues[a->cue_reported++];
		if (a->cue_skipped != NULL &&
		    a->cue_skipped[a->cue_reported - 1] != NULL) {
			/* In cue order, with what it waited for then. */
			model_add_event(m, -1, "cue-skipped", "cue %d/%d "
			    "(line %d) skipped: cue %d/%d's conditions held "
			    "first, while it waited for %s", a->cue_reported,
			    a->sc->ncues, cue->line, a->cue_reported + 1,
			    a->sc->ncues, a->cue_skipped[a->cue_reported - 1]);
			continue;
		}
		expect_fill(m, cue->say, text, sizeof text);
		model_add_event(m, -1, "cue", "cue %d/%d%s%s", a->cue_reported,
		    a->sc->ncues, text[0] != '\0' ? ": " : "", text);
	}
}

/*
 * Has cue k's moment passed? It was due and waiting at a sample before
 * this one, and waits still, but the next cue is due too and its own
 * conditions hold: the run has moved past what k was to say (on a busy
 * machine, between two samples). A cue that acts on the processes is
 * never passed over: the script counts on what it does.
 */
static bool
app_cue_passed(struct app *a, int k)
{
	const struct scen_cue	*next;

	if (a->cue_skipped == NULL || a->cue_ran_t == NULL ||
	    k + 1 >= a->sc->ncues || a->sc->cues[k].nactions > 0)
		return false;
	if (a->cue_waited != k) {
		a->cue_waited = k;	/* one sample's grace first */
		return false;
	}
	next = &a->sc->cues[k + 1];
	return next->nwhen > 0 && (double)next->at_ms / 1000.0 <= a->model.t &&
	    app_cue_ready(a, k + 1, NULL, 0);
}

/* Pass over cue k: its event, in cue order, says what it waited for
   (app_cue_events). */
static void
app_cue_skip(struct app *a, int k)
{
	char	why[320];

	app_cue_ready(a, k, why, sizeof why);
	free(a->cue_skipped[k]);
	a->cue_skipped[k] = xstrdup(why);
	a->cue_ran_t[k] = a->model.t;
}

void
app_cues_free(struct app *a)
{
	int	k;

	if (a->cue_skipped == NULL)
		return;
	/* Its own length: a->sc may be the next scenario's already. */
	for (k = 0; k < a->ncue_skipped; k++)
		free(a->cue_skipped[k]);
	free(a->cue_skipped);
	a->cue_skipped = NULL;
}

void
app_cues(struct app *a)
{
	const struct scen_cue	*cue;
	int			 k;

	if (a->model.step) {
		/* n was pressed for a cue that waits for its conditions. */
		k = a->model.cue_waiting;
		if (k >= 0 && k == a->next_cue &&
		    app_cue_ready(a, k, NULL, 0)) {
			app_run_cue(a, a->next_cue++);
			a->vs.message[0] = '\0';
		}
		return;
	}
	while (a->next_cue < a->sc->ncues) {
		cue = &a->sc->cues[a->next_cue];
		if ((double)cue->at_ms / 1000.0 > a->model.t)
			break;
		if (!app_cue_ready(a, a->next_cue, NULL, 0)) {
			if (!app_cue_passed(a, a->next_cue))
				break;
			app_cue_skip(a, a->next_cue++);
			continue;
		}
		app_run_cue(a, a->next_cue++);
		/* What the next one waits for is to be seen after what this
		   one did: in the next sample. */
		if (cue->nactions > 0 && a->next_cue < a->sc->ncues &&
		    a->sc->cues[a->next_cue].nwhen > 0)
			break;
	}
}

void
app_next_cue(struct app *a)
{
	char	why[320];
	int	k = a->next_cue;

	if (k >= a->sc->ncues) {
		app_message(a, a->sc->ncues == 0 ? "this scenario has no "
		    "cues" : "that was the last cue; r restarts, q quits");
		return;
	}
	if (!app_cue_ready(a, k, why, sizeof why)) {
		/* It runs by itself once they hold (app_cues). */
		a->model.cue_waiting = k;
		app_message(a, "cue %d/%d waits for: %s", k + 1, a->sc->ncues,
		    why);
		return;
	}
	app_run_cue(a, a->next_cue++);
	a->vs.message[0] = '\0';
}

void
app_cue_why_not(struct app *a, int k, char *why, size_t len)
{
	const struct scen_cue	*cue = &a->sc->cues[k];
	char			 w[320];

	if (k > a->next_cue)
		snprintf(why, len, "cue %d/%d before it never ran",
		    a->next_cue + 1, a->sc->ncues);
	else if ((double)cue->at_ms / 1000.0 > a->model.t)
		snprintf(why, len, "the run ended before its time, %.1fs",
		    (double)cue->at_ms / 1000.0);
	else if (!app_cue_ready(a, k, w, sizeof w))
		snprintf(why, len, "it waits for %s", w);
	else
		snprintf(why, len, "the run ended as its conditions came "
		    "true");
}

void
app_cues_not_run(struct app *a)
{
	char	why[400];
	int	k;

	for (k = a->next_cue; k < a->sc->ncues; k++) {
		app_cue_why_not(a, k, why, sizeof why);
		model_add_event(&a->model, -1, "cue-not-run", "cue %d/%d (line "
		    "%d) never ran: %s", k + 1, a->sc->ncues,
		    a->sc->cues[k].line, why);
	}
}
