/*
 * spark.c: the throughput section of the normal layout: for each channel
 * (and, when every process fits, each process) a sparkline of what went
 * in and one of what came out, each followed by the current rate when the
 * screen is wide enough, and at the row's end the scale: what a full bar
 * stands for ("scale 2.1 MiB/s").
 *
 * A row's two sparklines share one scale, so in and out compare by
 * height. The scale is the largest value of the window shown and of the
 * VIEW_SPARK_FADE samples before it, these weighed down linearly with
 * their age past the window: a burst that leaves the window lets the
 * scale down over the next ten seconds instead of at once, so the bars
 * that are left grow smoothly rather than jump; and every bar shown is
 * at most full. It is a function of the history alone, so a frozen
 * display draws the same scale as it did live.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view/view-int.h"

#define VIEW_SPARK_FADE	40	/* samples (10 s) for an old value to fade */
#define VIEW_SPARK_MAX	(MODEL_HISTORY - VIEW_SPARK_FADE)
#define VIEW_SPARK_MIN	16	/* below this the current rates give way */
#define VIEW_SCALE_W	(6 + VIEW_RATE_W)	/* "scale 1023.9 MiB/s" */

/* The columns of a row, the same for every row. */
struct view_spark_cols {
	int	namew;
	int	sw;		/* a sparkline's width */
	bool	rates;		/* the current rate after each sparkline */
	int	x_in, x_out, x_scale;
};

static void
view_spark(struct view *v, int x, int y, int w, const struct hist *h,
    double scale, enum style st)
{
	double	val;
	int	i, age, level;

	for (i = 0; i < w; i++) {
		age = w - 1 - i;
		if (age >= h->n)
			continue;	/* no sample yet */
		val = hist_at(h, age);
		if (isnan(val)) {
			grid_put(v->g, x + i, y, '?', ST_DIM);
			continue;
		}
		if (val <= 0 || scale <= 0)
			continue;	/* nothing flowed: nothing drawn */
		level = (int)ceil(val / scale * 8);
		if (level < 1)
			level = 1;
		if (level > 8)
			level = 8;
		grid_put(v->g, x + i, y, v->gl->spark[level - 1], st);
	}
}

/*
 * The scale of a sparkline n samples wide: the largest of the newest n
 * samples, and of the VIEW_SPARK_FADE before them weighed by how far
 * they are from fading out (1 - k / (FADE + 1) for the k-th).
 */
static double
view_spark_scale(const struct hist *h, int n)
{
	double	max = 0, val, wt;
	int	age;

	for (age = 0; age < n + VIEW_SPARK_FADE && age < h->n; age++) {
		val = hist_at(h, age);
		if (isnan(val))
			continue;
		wt = age < n ? 1 : 1 - (double)(age - n + 1) /
		    (VIEW_SPARK_FADE + 1);
		if (val * wt > max)
			max = val * wt;
	}
	return max;
}

/* One direction of a row: a history, its current rate and their unit. */
struct view_spark_dir {
	const struct hist	*h;	/* NULL: it does not move data this way */
	double			 rate;
	const char		*unit;	/* NULL bytes per second */
	const char		*none;	/* with no history: NULL "-" */
};

/* One direction of a row: its sparkline and its rate, or "-" if none. */
static void
view_spark_half(struct view *v, int x, int y, const struct view_spark_cols *sc,
    const struct view_spark_dir *d, double scale, enum style st)
{
	char	buf[64];

	if (d->h == NULL) {
		if (sc->rates)
			view_field(v, x + sc->sw + 1, y, ST_DIM, VIEW_RATE_W,
			    AL_RIGHT, d->none != NULL ? d->none : "-");
		return;
	}
	view_spark(v, x, y, sc->sw, d->h, scale, st);
	if (sc->rates)
		view_field(v, x + sc->sw + 1, y, st, VIEW_RATE_W, AL_RIGHT,
		    view_fmt_rate(buf, sizeof buf, d->rate, d->unit));
}

/* Do in and out count in the same unit (so that they share a scale)? */
static bool
view_spark_same_unit(const struct view_spark_dir *in,
    const struct view_spark_dir *out)
{
	if (in->h == NULL || out->h == NULL)
		return true;
	if (in->unit == NULL || out->unit == NULL)
		return in->unit == out->unit;
	return strcmp(in->unit, out->unit) == 0;
}

/*
 * One throughput row: name, in sparkline and rate, out sparkline and
 * rate, the scale. In and out share one scale where they count in one
 * unit, so that they compare by height; else each has its own and the
 * scale says both ("3.2 KiB/s | 12 msgs/s", in first).
 */
static void
view_spark_row(struct view *v, int y, const struct view_spark_cols *sc,
    const char *name, const struct view_spark_dir *in,
    const struct view_spark_dir *out)
{
	double	a, b;
	char	ba[64], bb[64], text[160], cut[160];

	a = in->h != NULL ? view_spark_scale(in->h, sc->sw) : 0;
	b = out->h != NULL ? view_spark_scale(out->h, sc->sw) : 0;
	view_field(v, 1, y, ST_NORMAL, sc->namew, AL_LEFT, name);
	if (view_spark_same_unit(in, out)) {
		a = b = a > b ? a : b;
		snprintf(text, sizeof text, "scale %s",
		    view_fmt_rate(ba, sizeof ba, a,
		    in->h != NULL ? in->unit : out->unit));
	} else
		snprintf(text, sizeof text, "%s | %s",
		    view_fmt_rate(ba, sizeof ba, a, in->unit),
		    view_fmt_rate(bb, sizeof bb, b, out->unit));
	view_spark_half(v, sc->x_in, y, sc, in, a, ST_SPARK_IN);
	view_spark_half(v, sc->x_out, y, sc, out, b, ST_SPARK_OUT);
	if (a > 0 || b > 0) {
		view_cut_words(v, text, VIEW_SCALE_W, cut, sizeof cut);
		view_field(v, sc->x_scale, y, ST_DIM, VIEW_SCALE_W, AL_RIGHT,
		    cut);
	}
}

/* The name column: the widest name, 4 to 16 columns. */
static int
view_spark_namew(const struct view *v)
{
	const struct model	*m = v->m;
	int			 i, w, namew = 4;

	for (i = 0; i < m->nchans; i++) {
		if ((w = view_width(v, view_str(m->chans[i].name))) > namew)
			namew = w;
	}
	for (i = 0; i < m->nprocs; i++) {
		if ((w = view_width(v, view_str(m->procs[i].name))) > namew)
			namew = w;
	}
	return namew > 16 ? 16 : namew;
}

/*
 * The row's columns from the screen's width and the names: the current
 * rates only while the sparklines keep VIEW_SPARK_MIN samples beside
 * them.
 */
static void
view_spark_cols(const struct view *v, struct view_spark_cols *sc)
{
	int	fixed, half;

	sc->namew = view_spark_namew(v);
	fixed = 1 + sc->namew + 2 + 3 + 2 + VIEW_SCALE_W + 1;
	sc->rates = true;
	sc->sw = (v->cols - fixed - 2 * (1 + VIEW_RATE_W)) / 2;
	if (sc->sw < VIEW_SPARK_MIN) {
		sc->rates = false;
		sc->sw = (v->cols - fixed) / 2;
	}
	if (sc->sw > VIEW_SPARK_MAX)
		sc->sw = VIEW_SPARK_MAX;
	if (sc->sw < 1)
		sc->sw = 1;
	half = sc->sw + (sc->rates ? 1 + VIEW_RATE_W : 0);
	sc->x_in = 1 + sc->namew + 2;
	sc->x_out = sc->x_in + half + 3;
	sc->x_scale = sc->x_out + half + 2;
}

int
view_throughput(struct view *v, int y, const struct view_plan *pl)
{
	const struct model	*m = v->m;
	const struct model_chan	*c;
	const struct model_proc	*p;
	struct view_spark_cols	 sc;
	struct view_spark_dir	 in, out;
	int			 i, half;

	view_spark_cols(v, &sc);
	half = sc.sw + (sc.rates ? 1 + VIEW_RATE_W : 0);
	view_rule(v, y, "throughput");
	view_rule_label(v, y, sc.x_in, half, true, "in");
	view_rule_label(v, y, sc.x_out, half, true, "out");
	y++;
	for (i = 0; i < m->nchans; i++) {
		c = &m->chans[i];
		/* A kind with users alone has nothing written in. */
		in = (struct view_spark_dir){ c->one_side ? NULL : &c->in_hist,
		    model_chan_rate(c, true), c->rate_unit, NULL };
		out = (struct view_spark_dir){ &c->out_hist,
		    model_chan_rate(c, false), c->rate_unit, NULL };
		/* A program's side: its I/O counters are all its I/O, not
		   this channel's (explain says so). */
		if (!c->one_side && model_side_program(m, c, true))
			in = (struct view_spark_dir){ NULL, NAN, NULL, "n/a" };
		if (model_side_program(m, c, false))
			out = (struct view_spark_dir){ NULL, NAN, NULL, "n/a" };
		view_spark_row(v, y++, &sc, view_str(c->name), &in, &out);
	}
	for (i = 0; i < pl->spark_procs; i++) {
		p = &m->procs[i];
		in = (struct view_spark_dir){ view_proc_reads(m, i) ?
		    &p->in_hist : NULL, model_proc_rate(p, true), p->in_unit,
		    NULL };
		out = (struct view_spark_dir){ view_proc_writes(m, i) ?
		    &p->out_hist : NULL, model_proc_rate(p, false),
		    p->out_unit, NULL };
		view_spark_row(v, y++, &sc, view_str(p->name), &in, &out);
	}
	return y;
}
