/*
 * events.c: the events section of the normal layout: the newest events
 * the model keeps, oldest first so the list reads like a log, when rows
 * are left over. Cues are left out: their text is the caption already.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "view/view-int.h"

/* Errors, signals and kills stand out. */
static enum style
view_event_style(const struct model_event *e)
{
	if (strcmp(e->what, "error") == 0 || strcmp(e->what, "signal") == 0 ||
	    strcmp(e->what, "kill") == 0)
		return ST_ERROR;
	return ST_NORMAL;
}

/* "   6.5s  writer    signal    killed by SIGPIPE" */
static void
view_event_row(struct view *v, int y, int namew, const struct model_event *e)
{
	const struct model	*m = v->m;
	const char		*who;
	char			 t[32];
	int			 x;

	who = (e->proc >= 0 && e->proc < m->nprocs) ?
	    view_str(m->procs[e->proc].name) : "ipcscope";
	snprintf(t, sizeof t, "%.1fs", e->t);
	view_field(v, 1, y, ST_DIM, 7, AL_RIGHT, t);
	x = 10;
	view_field(v, x, y, ST_NORMAL, namew, AL_LEFT, who);
	x += namew + 2;
	view_field(v, x, y, view_event_style(e), 8, AL_LEFT, e->what);
	x += 10;
	view_field(v, x, y, ST_DIM, v->cols - 1 - x, AL_LEFT, e->detail);
}

int
view_events(struct view *v, int y, const struct view_plan *pl)
{
	const struct model		*m = v->m;
	const struct model_event	*e;
	int				 i, n, namew = 8, w;
	int				 ages[MODEL_EVENTS];

	for (i = 0; i < m->nprocs; i++) {
		if ((w = view_width(v, view_str(m->procs[i].name))) > namew)
			namew = w;
	}
	if (namew > 16)
		namew = 16;
	view_rule(v, y++, "events");
	/* The newest pl->events, leaving out cues. */
	for (i = 0, n = 0; n < pl->events && i < MODEL_EVENTS; i++) {
		if ((e = model_event_at(m, i)) == NULL)
			break;
		if (strcmp(e->what, "cue") != 0)
			ages[n++] = i;
	}
	while (n-- > 0)
		view_event_row(v, y++, namew, model_event_at(m, ages[n]));
	return y;
}
