/*
 * header.c: the first row of either layout (ipcscope, the scenario and its
 * title, the time, the run's state) and the last row of the normal layout
 * (the keys of the key table that fit, and the last message). The big
 * layout has its own, shorter footer (big.c).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "screen/keys.h"
#include "view/view-int.h"

#define VIEW_FOOTER_KEYS	(KA_COUNT + 32)	/* key table rows, at most */

/*
 * The run as a whole: FROZEN, FINISHED, ALL PAUSED, STALLED, RUNNING;
 * "FINISHED · the script's 12 s are over" (into buf) when the terminal UI
 * stopped the run at the end of its duration.
 */
static const char *
view_header_state(const struct view *v, enum style *st, char *buf,
    size_t len)
{
	const struct model	*m = v->m;

	if (v->vs->frozen) {
		*st = ST_BADGE_PAUSED;
		return "FROZEN";
	}
	if (m->over && !m->finished) {
		*st = ST_BADGE_DONE;
		snprintf(buf, len, "FINISHED %s the script's %g s are over",
		    v->ascii ? "-" : "\u00b7",
		    (double)m->sc->duration_ms / 1000.0);
		/* The long form only where it leaves room for the rest. */
		return view_width(v, buf) <= v->cols / 2 ? buf : "FINISHED";
	}
	if (m->finished) {
		*st = ST_BADGE_DONE;
		return "FINISHED";
	}
	if (m->all_paused) {
		*st = ST_BADGE_PAUSED;
		return "ALL PAUSED";
	}
	if (m->stalled) {
		*st = ST_BADGE_FAILED;
		return "STALLED";
	}
	*st = ST_BADGE_RUNNING;
	return "RUNNING";
}

/* "t 3.4s", "t 1m05.0s", frozen "t 3.4s of 5.0s", or "t ?". */
static void
view_header_time(const struct view *v, char *t, size_t len)
{
	const struct model	*m = v->m;

	if (v->vs->frozen && !isnan(m->t) && !isnan(v->vs->live_t))
		snprintf(t, len, "t %.1fs of %.1fs", m->t, v->vs->live_t);
	else if (isnan(m->t) || m->t < 0)
		snprintf(t, len, "t ?");
	else if (m->t < 60)
		snprintf(t, len, "t %.1fs", m->t);
	else
		snprintf(t, len, "t %dm%04.1fs", (int)(m->t / 60),
		    fmod(m->t, 60));
}

/* Header: name, scenario, elapsed time, global state. */
void
view_header(struct view *v)
{
	const struct scenario	*sc = v->m->sc;
	const char		*state;
	enum style		 sst;
	char			 t[32], title[VIEW_TEXT], over[64];
	int			 x, sw, tw, right;

	grid_fill(v->g, 0, 0, v->cols, ' ', ST_TITLE);
	state = view_header_state(v, &sst, over, sizeof over);
	view_header_time(v, t, sizeof t);

	/* Right to left: " STATE ", time. */
	sw = view_width(v, state) + 2;
	tw = (int)strlen(t);
	right = v->cols - sw;
	grid_fill(v->g, right, 0, sw, ' ', sst);
	view_puts(v, right + 1, 0, sst, sw - 2, state);
	right -= tw + 2;
	view_puts(v, right, 0, ST_TITLE, tw, t);
	if (v->vs->replay[0] != '\0') {	/* --replay: the player */
		tw = view_width(v, v->vs->replay);
		right -= tw + 2;
		view_puts(v, right, 0, ST_KEY, tw, v->vs->replay);
	}

	x = 1 + view_puts(v, 1, 0, ST_TITLE, 8, "ipcscope");
	x += 2;
	if (sc != NULL) {
		snprintf(title, sizeof title, "%s%s%s", view_str(sc->name),
		    sc->title != NULL && *sc->title != '\0' ?
		    (v->ascii ? " - " : " \u00b7 ") : "",
		    sc->title != NULL ? sc->title : "");
		view_field(v, x, 0, ST_TITLE, right - 2 - x, AL_LEFT,
		    title);
	}
}

/* A key of the footer: its label, its word, its rank, and whether it fits. */
struct view_fkey {
	const char	*label;
	const char	*brief;
	int		 keep;		/* kept first when low; -1 never */
	bool		 on;
};

/*
 * Keys that act on a script (its rates, cues, a restart, another
 * scenario): a followed program has none, so the footer leaves them out
 * rather than offer what would answer "not available".
 */
static bool
view_footer_script_only(const struct key_binding *kb)
{
	return kb->action == KA_RATE || kb->action == KA_CUE ||
	    kb->action == KA_RESTART || kb->action == KA_PICKER;
}

/* The footer's keys, in the table's order; returns how many. */
static int
view_footer_keys(const struct view *v, struct view_fkey *fk)
{
	const struct key_binding *kb;
	int			 i, n = keys_count;
	bool			 replay = v->vs->replay[0] != '\0';

	if (n > VIEW_FOOTER_KEYS)
		n = VIEW_FOOTER_KEYS;
	for (i = 0; i < n; i++) {
		kb = &keys_table[i];
		fk[i].keep = keys_footer(kb, replay);
		fk[i].brief = keys_brief(kb, replay);
		fk[i].on = false;
		fk[i].label = v->ascii ? (kb->aflabel != NULL ? kb->aflabel :
		    kb->alabel) : (kb->flabel != NULL ? kb->flabel : kb->label);
		if (v->m->step && kb->action == KA_NEXT)
			/* The right arrow steps on: select with up, down, tab. */
			fk[i].label = v->ascii ? "up/dn/tab" :
			    "\u2191\u2193/tab";
		if (v->m->step && kb->action == KA_CUE)
			fk[i].keep = 0;	/* presenting: kept first */
		if (v->m->grows && !replay && view_footer_script_only(kb))
			fk[i].keep = -1;	/* a followed program: no script */
	}
	return n;
}

/* Keep the most important keys that fit in avail columns. */
static void
view_footer_choose(const struct view *v, struct view_fkey *fk, int n,
    int avail)
{
	int	level, i, w, used = 0;

	for (level = 0; level < n; level++) {
		for (i = 0; i < n; i++) {
			if (fk[i].keep != level)
				continue;
			w = view_width(v, fk[i].label) + 1 +
			    view_width(v, fk[i].brief) + (used > 0 ? 2 : 0);
			if (used + w <= avail) {
				fk[i].on = true;
				used += w;
			}
		}
	}
}

/*
 * Footer: the keys of the key table that fit, most important first, shown
 * in the table's order; and the last message when there is one.
 */
void
view_footer(struct view *v, int y)
{
	struct view_fkey fk[VIEW_FOOTER_KEYS];
	const char	*msg = v->vs->message;
	int		 avail, x, w, i, n;

	n = view_footer_keys(v, fk);
	avail = v->cols - 1;
	if (msg[0] != '\0') {
		w = view_width(v, msg) + 2;
		if (w > avail)
			w = avail;
		view_field(v, v->cols - w, y, ST_TITLE, w, AL_CENTRE, msg);
		grid_put(v->g, v->cols - w, y, ' ', ST_TITLE);
		avail -= w + 1;
	}
	view_footer_choose(v, fk, n, avail);
	x = 1;
	for (i = 0; i < n; i++) {
		if (!fk[i].on)
			continue;
		x += view_puts(v, x, y, ST_KEY, avail, fk[i].label) + 1;
		x += view_puts(v, x, y, ST_DIM, avail, fk[i].brief) + 2;
	}
}
