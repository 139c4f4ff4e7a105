/*
 * replay.c: --replay FILE, a recorded run in the terminal UI. The
 * recording is the source (src/replay: its steps as observations, no
 * action); the player here keeps its clock: the position in the
 * recording, which goes on at the chosen speed while playing, stands
 * still while paused, and moves a sample at a time with [ and ]. Each
 * tick every step whose time has come goes to the model, then the frame
 * is drawn. Going back is playing again from the start, without drawing,
 * up to the sample before.
 *
 * The keys are the key table's (app_replay_key takes the actions it
 * plays differently: space, [ ], + -, r, and says which it cannot do);
 * p and k reach the source, which has no actions, and say "not
 * available for this source".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app-int.h"
#include "base/util.h"
#include "model/history.h"
#include "replay/replay.h"

#define REPLAY_STEPS_MAX	4096	/* steps taken in one tick at most */
#define REPLAY_SPEED_MIN	0.25
#define REPLAY_SPEED_MAX	8.0

struct app_replay {
	struct replay	*rp;
	double		 pos;		/* seconds of the recording played */
	double		 speed;		/* REPLAY_SPEED_MIN .. _MAX */
	bool		 paused;
	bool		 ended;		/* every step taken */
	uint64_t	 last_ns;	/* the wall clock at the last tick */
};

/* The header's word on the player. */
static void
app_replay_status(struct app *a)
{
	struct app_replay	*p = a->replay;

	if (p->ended)
		snprintf(a->vs.replay, sizeof a->vs.replay, "replay: end");
	else if (p->paused)
		snprintf(a->vs.replay, sizeof a->vs.replay, "replay paused");
	else
		snprintf(a->vs.replay, sizeof a->vs.replay, "replay %gx",
		    p->speed);
}

/* Every step taken: say how the recorded run ended, once. */
static void
app_replay_check_end(struct app *a)
{
	struct app_replay	*p = a->replay;
	const char		*reason = replay_end_reason(p->rp);
	double			 t;

	if (p->ended || replay_peek(p->rp, &t, NULL))
		return;
	p->ended = true;
	if (replay_cut(p->rp) != 0)
		app_message(a, "the recording stops here: its line %ld was cut "
		    "short (a killed run); r plays it again",
		    replay_cut(p->rp));
	else if (reason == NULL)
		app_message(a, "the recording stops here, without its end "
		    "record (a killed run); r plays it again");
	else
		app_message(a, "end of the recording (%s); r plays it again",
		    reason);
	app_replay_status(a);
}

/* Take every step up to time upto, within a tick's share. */
static void
app_replay_feed(struct app *a, double upto)
{
	struct app_replay	*p = a->replay;
	double			 t;
	int			 n = 0;

	while (replay_peek(p->rp, &t, NULL) && t <= upto) {
		if (n++ == REPLAY_STEPS_MAX) {
			p->pos = t;	/* behind: go on from here, no lag */
			break;
		}
		app_observe(a);
	}
	app_replay_check_end(a);
}

/*
 * Go to just after sample number n (0: before the first), paused: from
 * the start again, each step to the model, nothing drawn meanwhile.
 */
static void
app_replay_seek(struct app *a, int n)
{
	struct app_replay	*p = a->replay;
	char			*cause = NULL;
	double			 t;

	if (replay_rewind(p->rp, &cause) == -1) {
		app_message(a, "%s", cause);
		free(cause);
		app_quit(a, "error");
		return;
	}
	history_clear(a->hist);
	replay_look(p->rp, &a->obs);
	model_init(&a->model, a->sc, &a->obs);
	p->pos = 0;
	p->ended = false;
	while (replay_position(p->rp) < n && replay_peek(p->rp, &t, NULL)) {
		app_observe(a);
		p->pos = t;
	}
	app_replay_check_end(a);
}

/* ]: the steps up to and including the next sample, paused. */
static void
app_replay_forward(struct app *a)
{
	struct app_replay	*p = a->replay;
	double			 t;
	bool			 sample = false;

	p->paused = true;
	while (!sample && replay_peek(p->rp, &t, &sample)) {
		app_observe(a);
		p->pos = t;
	}
	app_replay_check_end(a);
	if (!sample)
		app_message(a, "the end of the recording: [ steps back");
	else
		app_message(a, "sample %d of %d%s", replay_position(p->rp),
		    replay_nsamples(p->rp), p->ended ? " (the end)" : "");
}

/* [: the sample before, paused. */
static void
app_replay_back(struct app *a)
{
	struct app_replay	*p = a->replay;
	int			 n = replay_position(p->rp);

	p->paused = true;
	if (n <= 1) {
		app_replay_seek(a, 0);
		app_message(a, "the start of the recording: ] steps on");
		return;
	}
	app_replay_seek(a, n - 1);
	app_message(a, "sample %d of %d", n - 1, replay_nsamples(p->rp));
}

/* space: pause, or go on (at the end: from the start). */
static void
app_replay_toggle(struct app *a)
{
	struct app_replay	*p = a->replay;

	if (p->ended) {
		app_replay_seek(a, 0);
		p->paused = false;
	} else
		p->paused = !p->paused;
	p->last_ns = now_ns();
	app_message(a, p->paused ? "paused: space plays on, [ ] step" :
	    "playing");
}

/* + and -: twice or half as fast, within the player's range. */
static void
app_replay_speed(struct app *a, bool faster)
{
	struct app_replay	*p = a->replay;
	double			 s = faster ? p->speed * 2 : p->speed / 2;

	if (s < REPLAY_SPEED_MIN || s > REPLAY_SPEED_MAX) {
		app_message(a, "speed %gx: the player goes from %gx to %gx",
		    p->speed, REPLAY_SPEED_MIN, REPLAY_SPEED_MAX);
		return;
	}
	p->speed = s;
	app_message(a, "speed %gx", s);
}

bool
app_replay_key(struct app *a, enum key_action act, int key)
{
	const struct key_binding *kb = keys_lookup(key);

	switch (act) {
	case KA_ALL:
		app_replay_toggle(a);
		break;
	case KA_STEP:
		if (key == '[')
			app_replay_back(a);
		else
			app_replay_forward(a);
		break;
	case KA_RATE:
		app_replay_speed(a, key == '+' || key == '=');
		break;
	case KA_RESTART:
		app_replay_seek(a, 0);
		a->replay->paused = false;
		a->replay->last_ns = now_ns();
		app_message(a, "from the start");
		break;
	case KA_PICKER:
	case KA_FREEZE:
	case KA_CUE:
		app_message(a, "%s: " APP_NOT_AVAILABLE "%s", kb->brief,
		    act == KA_FREEZE ? "; space pauses, [ ] step" : "");
		break;
	default:
		return false;
	}
	app_replay_status(a);
	return true;
}

void
app_replay_tick(struct app *a)
{
	struct app_replay	*p = a->replay;
	uint64_t		 now = now_ns();

	if (!p->paused && !p->ended) {
		p->pos += (double)(now - p->last_ns) / 1e9 * p->speed;
		app_replay_feed(a, p->pos);
	}
	p->last_ns = now;
	/* A followed program's: its first row selected, as when live. */
	if (a->vs.selected < 0 && !a->vs.chan_selected && a->model.grows &&
	    a->model.nprocs > 0)
		a->vs.selected = 0;
	app_replay_status(a);
	app_draw(a);
	app_slides(a);		/* --snapshot at recorded times, --notes */
}

int
app_replay_start(struct app *a)
{
	struct app_replay	*p = a->replay;
	const char		*lacks = replay_lacks(p->rp);

	a->src = &replay_source_ops;
	a->src_arg = p->rp;
	a->model.on_event = app_on_event;
	a->model.on_event_arg = a;
	replay_look(p->rp, &a->obs);
	model_init(&a->model, a->sc, &a->obs);
	p->speed = 1;
	p->last_ns = now_ns();
	if (*lacks != '\0')
		app_message(a, "older recording: %s", lacks);
	else
		app_message(a, "space pauses, [ ] step, + - speed");
	app_replay_status(a);
	return 0;
}

int
app_replay(struct replay *rp, const struct app_opts *opts, FILE *out)
{
	struct app		 a;
	struct app_replay	 p;
	int			 rc;

	memset(&p, 0, sizeof p);
	p.rp = rp;
	app_init(&a, replay_scenario(rp), opts, out);
	a.replay = &p;
	rc = app_go(&a);
	replay_free(rp);
	return rc;
}
