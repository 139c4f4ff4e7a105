/*
 * caption.c: the caption of the normal layout, a few lines at the bottom
 * that say what is happening and why: a stall first (what the user must
 * see), else the current cue's text, else the latest event, else the
 * scenario's about. Presenting (--step), its box's title says where in the
 * script we are; the big layout shares that title. A live caption, said
 * from the state once the run is off the script, is titled so.
 */
#include "config.h"

#include <stdio.h>

#include "model/expect.h"
#include "view/view-int.h"

/*
 * The live caption's title: that it is said from the state, not the
 * script, and why ("off the script · you paused reader").
 */
const char *
view_live_title(struct view *v)
{
	const char	*dot = v->ascii ? "-" : "\u00b7";

	if (v->m->off_script[0] != '\0')
		snprintf(v->cap_title, sizeof v->cap_title, "off the script "
		    "%s %s", dot, v->m->off_script);
	else
		snprintf(v->cap_title, sizeof v->cap_title, "off the script");
	return v->cap_title;
}

/* n was pressed for cue k, which waits for this condition to hold. */
static const char *
view_step_waits(struct view *v, int k)
{
	const struct scen_cue	*cue = &v->m->sc->cues[k];
	char			 cond[128];
	int			 j;

	if ((j = expect_first_false(v->m, cue->when, cue->nwhen, NULL,
	    0)) < 0)
		j = 0;
	scenario_cond_text(&cue->when[j], cond, sizeof cond);
	snprintf(v->cap_title, sizeof v->cap_title, "cue %d/%d waits for %s",
	    k + 1, v->m->sc->ncues, cond);
	return v->cap_title;
}

/* Presenting (--step): where in the script we are, and how to go on. */
const char *
view_step_title(struct view *v)
{
	const struct model	*m = v->m;
	const char		*dot = v->ascii ? "-" : "\u00b7";

	if (m->cue_waiting >= 0 && m->cue_waiting < m->sc->ncues &&
	    m->sc->cues[m->cue_waiting].nwhen > 0)
		return view_step_waits(v, m->cue_waiting);
	if (m->cue >= 0 && m->cue + 1 < m->sc->ncues)
		snprintf(v->cap_title, sizeof v->cap_title, "cue %d/%d %s n "
		    "next", m->cue + 1, m->sc->ncues, dot);
	else if (m->cue >= 0)
		snprintf(v->cap_title, sizeof v->cap_title, "cue %d/%d %s the "
		    "last", m->cue + 1, m->sc->ncues, dot);
	else
		snprintf(v->cap_title, sizeof v->cap_title, "about %s n: first "
		    "cue", dot);
	return v->cap_title;
}

/* "6.5s  writer signal: killed by SIGPIPE", the newest event, or NULL. */
static const char *
view_caption_event(struct view *v, char *buf, size_t len)
{
	const struct model		*m = v->m;
	const struct model_event	*e;
	const char			*who;
	char				 t[32];

	if ((e = model_event_at(m, 0)) == NULL)
		return NULL;
	who = (e->proc >= 0 && e->proc < m->nprocs) ?
	    view_str(m->procs[e->proc].name) : "ipcscope";
	snprintf(t, sizeof t, "%.1fs", e->t);
	snprintf(buf, len, "%s  %s %s%s%s", t, who, e->what,
	    e->detail[0] != '\0' ? ": " : "", e->detail);
	return buf;
}

/* Caption: the cue, else the latest event, else the scenario's about. */
const char *
view_caption(struct view *v, char *buf, size_t len, const char **title,
    enum style *st)
{
	const struct model	*m = v->m;

	*title = NULL;
	/* A stall outranks the script: it is what the user must see. */
	if (m->stalled && m->stall_text[0] != '\0') {
		*title = "STALLED";
		*st = ST_ERROR;
		return m->stall_text;
	}
	*st = ST_CAPTION;
	if (m->caption_live && m->caption[0] != '\0') {
		*title = view_live_title(v);
		return m->caption;
	}
	if (m->step) {
		*title = view_step_title(v);
		if (m->caption[0] != '\0')
			return m->caption;
		if (m->cue < 0 && m->sc->about != NULL &&
		    *m->sc->about != '\0')
			return m->sc->about;
	}
	if (m->caption[0] != '\0')
		return m->caption;
	*st = ST_NORMAL;
	if (view_caption_event(v, buf, len) != NULL) {
		*title = "latest event";
		return buf;
	}
	if (m->sc != NULL && m->sc->about != NULL && *m->sc->about != '\0') {
		*title = "about";
		return m->sc->about;
	}
	return NULL;
}

void
view_caption_draw(struct view *v, int y, const struct view_plan *pl,
    char lines[][VIEW_TEXT], const char *title, enum style st)
{
	int	i, x = 3, w = v->cols - 6;

	if (pl->cap_box) {
		view_box(v, 1, y, v->cols - 2, pl->cap_lines + 2, ST_DIM,
		    title);
		y++;
	}
	for (i = 0; i < pl->cap_lines; i++)
		view_puts(v, x, y + i, st, w, lines[i]);
}
