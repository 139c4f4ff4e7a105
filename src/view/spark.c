/*
 * spark.c: the throughput section of the normal layout: for each channel
 * (and, when every process fits, each process) a sparkline of what went
 * in and one of what came out, each followed by the current rate.
 *
 * A row's two sparklines share one scale, the largest value on screen, so
 * in and out compare by height and a burst that has scrolled away does
 * not flatten what is left.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "view/view-int.h"

#define VIEW_RATE_W	12	/* the rate after a sparkline */

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
 * The largest of the newest n samples: the scale of what is on screen, so a
 * burst that has scrolled away does not flatten what is left.
 */
static double
view_hist_max(const struct hist *h, int n)
{
	double	max = 0, val;
	int	age;

	for (age = 0; age < n && age < h->n; age++) {
		val = hist_at(h, age);
		if (!isnan(val) && val > max)
			max = val;
	}
	return max;
}

/* One direction of a row: its sparkline and its rate, or "-" if none. */
static void
view_spark_half(struct view *v, int x, int y, int sw, const struct hist *h,
    double rate, const char *unit, double scale, enum style st)
{
	char	buf[64];

	if (h == NULL) {
		view_field(v, x + sw + 1, y, ST_DIM, VIEW_RATE_W, AL_RIGHT,
		    "-");
		return;
	}
	view_spark(v, x, y, sw, h, scale, st);
	view_field(v, x + sw + 1, y, st, VIEW_RATE_W, AL_RIGHT,
	    view_fmt_rate(buf, sizeof buf, rate, unit));
}

/*
 * One throughput row: name, in sparkline and rate, out sparkline and
 * rate (each in its unit: NULL bytes per second); a NULL history is a
 * direction the thing does not move data in.
 */
static void
view_spark_row(struct view *v, int y, int namew, int sw, const char *name,
    const struct hist *in, double in_rate, const char *in_unit,
    const struct hist *out, double out_rate, const char *out_unit)
{
	double	scale, a, b;
	int	x;

	/* One scale for both, so in and out compare by height. */
	a = in != NULL ? view_hist_max(in, sw) : 0;
	b = out != NULL ? view_hist_max(out, sw) : 0;
	scale = a > b ? a : b;
	view_field(v, 1, y, ST_NORMAL, namew, AL_LEFT, name);
	x = 1 + namew + 2;
	view_spark_half(v, x, y, sw, in, in_rate, in_unit, scale,
	    ST_SPARK_IN);
	x += sw + 1 + VIEW_RATE_W + 3;
	view_spark_half(v, x, y, sw, out, out_rate, out_unit, scale,
	    ST_SPARK_OUT);
}

/* The name column: the widest name shown, 4 to 16 columns. */
static int
view_spark_namew(const struct view *v, const struct view_plan *pl)
{
	const struct model	*m = v->m;
	int			 i, w, namew = 4;

	for (i = 0; i < m->nchans; i++) {
		if ((w = view_width(v, view_str(m->chans[i].name))) > namew)
			namew = w;
	}
	for (i = 0; i < pl->spark_procs; i++) {
		if ((w = view_width(v, view_str(m->procs[i].name))) > namew)
			namew = w;
	}
	return namew > 16 ? 16 : namew;
}

int
view_throughput(struct view *v, int y, const struct view_plan *pl)
{
	const struct model	*m = v->m;
	const struct model_chan	*c;
	const struct model_proc	*p;
	int			 i, namew, sw, x;

	namew = view_spark_namew(v, pl);
	sw = (v->cols - 1 - namew - 2 - 2 * (1 + VIEW_RATE_W) - 3 - 1) / 2;
	if (sw > MODEL_HISTORY)
		sw = MODEL_HISTORY;
	view_rule(v, y, "throughput");
	x = 1 + namew + 2;
	view_rule_label(v, y, x, sw + 1 + VIEW_RATE_W, true, "in");
	view_rule_label(v, y, x + sw + 1 + VIEW_RATE_W + 3,
	    sw + 1 + VIEW_RATE_W, true, "out");
	y++;
	for (i = 0; i < m->nchans; i++) {
		c = &m->chans[i];
		/* A kind with users alone has nothing written in. */
		view_spark_row(v, y++, namew, sw, view_str(c->name),
		    c->one_side ? NULL : &c->in_hist, model_chan_rate(c, true),
		    c->rate_unit, &c->out_hist, model_chan_rate(c, false),
		    c->rate_unit);
	}
	for (i = 0; i < pl->spark_procs; i++) {
		p = &m->procs[i];
		view_spark_row(v, y++, namew, sw, view_str(p->name),
		    view_proc_reads(m, i) ? &p->in_hist : NULL,
		    model_proc_rate(p, true), p->in_unit,
		    view_proc_writes(m, i) ? &p->out_hist : NULL,
		    model_proc_rate(p, false), p->out_unit);
	}
	return y;
}
