/*
 * big-procs.c: the processes of the --big layout, one line each saying
 * its state in words ("BLOCKED in write() on pipe for 3.2 s"). When they
 * do not fit, the replicas of one [process] fold into a pool line that
 * counts its members' states ("worker x3   2 BLOCKED  1 RUNNING"); when
 * even those do not fit, a window of lines round the selection and a
 * last "+N more".
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "view/view-int.h"

#define BIG_NAME_MAX	24	/* process name column, at most */

/* The [process] section a replica comes from, or NULL when unknown. */
static const char *
view_big_base(const struct view *v, int i)
{
	const struct scenario	*sc = v->m->sc;

	if (sc == NULL || sc->procs == NULL || i < 0 || i >= sc->nprocs)
		return NULL;
	return sc->procs[i].base;
}

/* The first n processes, a line for each run of one [process]'s replicas. */
static int
view_big_pools(const struct view *v, int n, struct view_big_line *out)
{
	const char	*base, *b;
	int		 i, j, k = 0;

	for (i = 0; i < n; i = j) {
		base = view_big_base(v, i);
		for (j = i + 1; j < n && base != NULL; j++) {
			if ((b = view_big_base(v, j)) == NULL ||
			    strcmp(b, base) != 0)
				break;
		}
		out[k].first = i;
		out[k].n = j - i;
		k++;
	}
	return k;
}

/*
 * Of k lines, more than max: a window of them round the selection, and a
 * last "+N more" for the n processes' rest when there is a row for it.
 */
static int
view_big_window(const struct view *v, struct view_big_line *out, int k,
    int max, int n)
{
	int	i, shown, sel = 0, top, hidden;

	shown = max > 1 ? max - 1 : 1;
	for (i = 0; i < k; i++) {
		if (v->vs->selected >= out[i].first &&
		    v->vs->selected < out[i].first + out[i].n)
			sel = i;
	}
	top = sel - shown / 2;
	if (top > k - shown)
		top = k - shown;
	if (top < 0)
		top = 0;
	memmove(out, out + top, (size_t)shown * sizeof *out);
	hidden = n;
	for (i = 0; i < shown; i++)
		hidden -= out[i].n;
	if (shown == max)
		return shown;
	out[shown].first = hidden;
	out[shown].n = 0;
	return shown + 1;
}

/*
 * The process lines for at most max rows: one per process when they fit;
 * else the replicas of one [process] collapse into a pool line ("worker
 * x3"); else a window of lines around the selection and a last "+N more".
 */
int
view_big_lines(const struct view *v, int max, struct view_big_line *out)
{
	int	n, i, k;

	n = v->m->nprocs < SCENARIO_MAX_PROCS ? v->m->nprocs :
	    SCENARIO_MAX_PROCS;
	if (max <= 0 || n == 0)
		return 0;
	if (n <= max) {
		for (i = 0; i < n; i++) {
			out[i].first = i;
			out[i].n = 1;
		}
		return n;
	}
	k = view_big_pools(v, n, out);
	if (k <= max)
		return k;
	return view_big_window(v, out, k, max, n);
}

/* "3.2 s", "12 s", "1m05s", "<0.1 s": durations a room can read. */
static char *
view_big_fmt_dur(char *buf, size_t len, double s)
{
	if (isnan(s) || s < 0)
		snprintf(buf, len, "?");
	else if (s < 0.05)
		snprintf(buf, len, "<0.1 s");	/* not "0.0 s": it waits */
	else if (s < 9.95)
		snprintf(buf, len, "%.1f s", s);
	else if (s < 59.5)
		snprintf(buf, len, "%.0f s", s);
	else
		snprintf(buf, len, "%dm%02ds", (int)(s + 0.5) / 60,
		    (int)(s + 0.5) % 60);
	return buf;
}

/* "(start delay) for 1.5 s", "(closed its end of pipe) for 2.0 s". */
static void
view_big_waiting(const struct model *m, const struct model_proc *p,
    char *buf, size_t len)
{
	const char	*why;
	char		 dur[32];

	view_big_fmt_dur(dur, sizeof dur, p->state_s);
	why = p->op == NULL ? "on purpose" :
	    strcmp(p->op, "start") == 0 ? "start delay" :
	    strcmp(p->op, "rate") == 0 ? "rate limit" :
	    strcmp(p->op, "think") == 0 ? "think time" :
	    strcmp(p->op, "cue") == 0 ? "for a cue to start it" :
	    strcmp(p->op, "closed") == 0 ? "closed its end" : p->op;
	if (p->op != NULL && strcmp(p->op, "closed") == 0 &&
	    p->chan >= 0 && p->chan < m->nchans)
		snprintf(buf, len, "(%s of %s) for %s", why,
		    view_str(m->chans[p->chan].name), dur);
	else
		snprintf(buf, len, "(%s) for %s", why, dur);
}

/* "killed by SIGPIPE": the model's detail, else the signal, errno, exit. */
static void
view_big_failed(const struct model_proc *p, char *buf, size_t len)
{
	if (p->detail[0] != '\0')
		snprintf(buf, len, "%s", p->detail);
	else if (p->signal != 0)
		snprintf(buf, len, "killed by %s", util_signame(p->signal));
	else if (p->error != 0)
		snprintf(buf, len, "%s", util_errname(p->error));
	else
		snprintf(buf, len, "exit %d", p->exit_code);
}

/* Appended to buf: what a run lost, which a room must see ("184 lost"). */
static void
view_big_losses(const struct model_proc *p, char *buf, size_t len)
{
	const struct {
		uint64_t	 n;
		const char	*what;
	} loss[] = {
		{ p->dropped, "dropped" }, { p->lost, "lost" },
		{ p->dup, "duplicated" }, { p->ooo, "out of order" }
	};
	size_t	o = strlen(buf), j;

	for (j = 0; j < nitems(loss) && o + 1 < len; j++) {
		if (loss[j].n == 0)
			continue;
		snprintf(buf + o, len - o, "%s%llu %s", o > 0 ? ",  " : "",
		    (unsigned long long)loss[j].n, loss[j].what);
		o += strlen(buf + o);
	}
}

/*
 * What follows a process's badge, in words: "in write() on pipe for
 * 3.2 s", "(start delay) for 1.5 s", "killed by SIGPIPE"; then what it
 * lost ("184 dropped").
 */
static char *
view_big_state(const struct model *m, const struct model_proc *p,
    char *buf, size_t len)
{
	char	dur[32], chan[80] = "";

	buf[0] = '\0';
	if (p->chan >= 0 && p->chan < m->nchans)
		snprintf(chan, sizeof chan, " on %s",
		    view_str(m->chans[p->chan].name));
	switch (p->state) {
	case PS_BLOCKED:
		view_big_fmt_dur(dur, sizeof dur, p->blocked_s);
		snprintf(buf, len, "in %s()%s for %s", p->op != NULL &&
		    *p->op != '\0' ? p->op : "a call", chan, dur);
		break;
	case PS_WAITING:
		view_big_waiting(m, p, buf, len);
		break;
	case PS_PAUSED:
		snprintf(buf, len, "(stopped with SIGSTOP)");
		break;
	case PS_FAILED:
		view_big_failed(p, buf, len);
		break;
	default:
		break;
	}
	view_big_losses(p, buf, len);
	view_fmt_thread(m, p, buf, len);
	return buf;
}

/* A badge, " WORD ", in its colours; returns the columns used (0: no room). */
static int
view_big_pill(struct view *v, int x, int y, enum style st, int maxw,
    const char *word)
{
	int	w = view_width(v, word) + 2;

	if (w > maxw)
		return 0;
	grid_fill(v->g, x, y, w, ' ', st);
	view_puts(v, x + 1, y, st, w - 2, word);
	return w;
}

/*
 * How many of the n processes from first are in state st; *op and *chan
 * are the call and channel they all share, or NULL and -1 when they differ.
 */
static int
view_big_count(const struct model *m, int first, int n, enum proc_state st,
    const char **op, int *chan)
{
	const struct model_proc	*p;
	int			 i, count = 0;
	bool			 same = true;

	*op = NULL;
	*chan = -1;
	for (i = first; i < first + n; i++) {
		p = &m->procs[i];
		if (p->state != st)
			continue;
		if (count == 0) {
			*op = p->op;
			*chan = p->chan;
		} else if (p->chan != *chan || p->op == NULL ||
		    *op == NULL || strcmp(p->op, *op) != 0)
			same = false;
		count++;
	}
	if (!same)
		*op = NULL;
	return count;
}

/*
 * A pool's states, counted: "3 BLOCKED in write() on work  2 RUNNING"
 * (the call and channel said when every blocked one shares them).
 */
static void
view_big_pool(struct view *v, int x, int y, int first, int n, enum style base)
{
	static const enum proc_state order[] = { PS_BLOCKED, PS_RUNNING,
	    PS_WAITING, PS_PAUSED, PS_STARTING, PS_FAILED, PS_DONE };
	const struct model	*m = v->m;
	const char		*op, *word;
	char			 buf[VIEW_TEXT];
	enum style		 st;
	size_t			 o;
	int			 count, chan, used;

	for (o = 0; o < nitems(order); o++) {
		if ((count = view_big_count(m, first, n, order[o], &op,
		    &chan)) == 0)
			continue;
		word = view_badge_word(order[o], &st);
		snprintf(buf, sizeof buf, "%d %s", count, word);
		if ((used = view_big_pill(v, x, y, st, v->cols - 1 - x,
		    buf)) == 0)
			return;
		x += used;
		if (order[o] == PS_BLOCKED && op != NULL) {
			if (chan >= 0 && chan < m->nchans)
				snprintf(buf, sizeof buf, "in %s() on %s", op,
				    view_str(m->chans[chan].name));
			else
				snprintf(buf, sizeof buf, "in %s()", op);
			x += view_puts(v, x, y, base, v->cols - 1 - x, buf);
		}
		x += 2;
	}
}

/* The name of a line: "writer", "worker x3", "+12 more". */
static char *
view_big_line_name(const struct view *v, const struct view_big_line *l,
    char *buf, size_t len)
{
	if (l->n == 0)
		snprintf(buf, len, "+%d more", l->first);
	else if (l->n == 1)
		snprintf(buf, len, "%s", view_str(v->m->procs[l->first].name));
	else
		snprintf(buf, len, "%s %s%d",
		    view_str(view_big_base(v, l->first)),
		    v->ascii ? "x" : "\u00d7", l->n);
	return buf;
}

/*
 * One process line: the selection marker, the name, the badge and the
 * state in words; a pool's line counts its members' states.
 */
static void
view_big_proc(struct view *v, int y, const struct view_big_line *l,
    int namew)
{
	const struct model_proc	*p;
	const char		*word;
	char			 name[VIEW_TEXT], rest[VIEW_TEXT];
	enum style		 base, st;
	int			 x, used, sel = v->vs->selected;
	bool			 selected;

	view_big_line_name(v, l, name, sizeof name);
	if (l->n == 0) {
		view_field(v, 4, y, ST_DIM, v->cols - 5, AL_LEFT, name);
		return;
	}
	view_map_add(v, VIEW_HIT_PROC, l->first, 0, y, v->cols, 1);
	selected = sel >= l->first && sel < l->first + l->n;
	base = selected ? ST_SELECTED : ST_NORMAL;
	if (selected) {
		grid_fill(v->g, 0, y, v->cols, ' ', ST_SELECTED);
		view_puts(v, 2, y, ST_SELECTED, 1, v->gl->marker);
	}
	view_field(v, 4, y, base, namew, AL_LEFT, name);
	x = 4 + namew + 3;
	if (l->n > 1) {
		view_big_pool(v, x, y, l->first, l->n, base);
		return;
	}
	p = &v->m->procs[l->first];
	if ((unsigned)p->state >= PS_COUNT)
		return;
	word = view_badge_word(p->state, &st);
	used = view_big_pill(v, x, y, st, v->cols - 1 - x, word);
	if (used == 0)
		return;
	x += used;
	view_field(v, x, y, base, v->cols - 1 - x, AL_LEFT,
	    view_big_state(v->m, p, rest, sizeof rest));
}

/* The name column: the widest line's name, within bounds. */
static int
view_big_namew(const struct view *v, const struct view_big_line *lines,
    int n)
{
	char	name[VIEW_TEXT];
	int	i, w, namew = 8;

	for (i = 0; i < n; i++) {
		if (lines[i].n == 0)
			continue;
		w = view_width(v, view_big_line_name(v, &lines[i], name,
		    sizeof name));
		if (w > namew)
			namew = w;
	}
	if (namew > BIG_NAME_MAX)
		namew = BIG_NAME_MAX;
	if (namew > v->cols / 3)
		namew = v->cols / 3;
	return namew;
}

int
view_big_procs(struct view *v, int y, const struct view_big_plan *pl)
{
	struct view_big_line	 lines[SCENARIO_MAX_PROCS + 1];
	char			 name[VIEW_TEXT];
	int			 i, n, namew, hidden;

	n = view_big_lines(v, pl->lines, lines);
	namew = view_big_namew(v, lines, n);
	/* One line and no room to say what it leaves out: the rule says. */
	hidden = v->m->nprocs;
	for (i = 0; i < n; i++)
		hidden -= lines[i].n == 0 ? lines[i].first : lines[i].n;
	if (hidden > 0) {
		snprintf(name, sizeof name, "processes, +%d more", hidden);
		view_rule(v, y++, name);
	} else
		view_rule(v, y++, "processes");
	for (i = 0; i < n; i++) {
		view_big_proc(v, y, &lines[i], namew);
		y += 1 + (i + 1 < n ? pl->proc_gap : 0);
	}
	return y;
}
