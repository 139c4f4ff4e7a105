/* expect.c: named values of the model, placeholders and expectations. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/expect.h"
#include "base/units.h"
#include "base/util.h"
#include "scenario/fields.h"

static int
expect_chan_index(const struct model *m, const char *name)
{
	int	i;

	for (i = 0; i < m->nchans; i++) {
		if (strcmp(m->chans[i].name, name) == 0)
			return i;
	}
	return -1;
}

static int
expect_proc_index(const struct model *m, const char *name)
{
	int	i;

	for (i = 0; i < m->nprocs; i++) {
		if (strcmp(m->procs[i].name, name) == 0)
			return i;
	}
	return -1;
}

/*
 * A field's value as read from the model, before it is written out: word
 * for FU_WORD; x for FU_RATE, FU_KIND_RATE and FU_SECONDS (NAN unknown); n
 * for every other unit (negative unknown).
 */
struct expect_val {
	const char	*word;
	char		 buf[16];	/* a word a getter writes ("143") */
	int64_t		 n;
	double		 x;
};

/*
 * How a field is read: get() fills v from process or channel i of the
 * model.
 */
struct expect_getter {
	enum field_id	 id;
	void		(*get)(const struct model *, int i,
			    struct expect_val *v);
};

static void
get_proc_state(const struct model *m, int i, struct expect_val *v)
{
	v->word = state_name(m->procs[i].state);
}

static void
get_proc_op(const struct model *m, int i, struct expect_val *v)
{
	v->word = m->procs[i].op != NULL ? m->procs[i].op : "none";
}

static void
get_proc_channel(const struct model *m, int i, struct expect_val *v)
{
	int	c = m->procs[i].chan;

	v->word = c >= 0 ? m->chans[c].name : "none";
}

static void
get_proc_exit(const struct model *m, int i, struct expect_val *v)
{
	const struct model_proc	*p = &m->procs[i];

	if (p->state != PS_DONE && p->state != PS_FAILED)
		v->word = "none";
	else if (p->signal != 0)
		v->word = util_signame(p->signal);
	else {
		snprintf(v->buf, sizeof v->buf, "%d", p->exit_code);
		v->word = v->buf;
	}
}

static void
get_proc_error(const struct model *m, int i, struct expect_val *v)
{
	int	e = m->procs[i].error;

	v->word = e != 0 ? util_errname(e) : "none";
}

static void
get_proc_pid(const struct model *m, int i, struct expect_val *v)
{
	v->n = (int64_t)m->procs[i].pid;
}

static void
get_proc_bytes_out(const struct model *m, int i, struct expect_val *v)
{
	v->n = (int64_t)m->procs[i].bytes_out;
}

static void
get_proc_bytes_in(const struct model *m, int i, struct expect_val *v)
{
	v->n = (int64_t)m->procs[i].bytes_in;
}

/* A program's messages are not known (its bytes are I/O counters), nor
   are those of a reader of a program (unframed). */
static void
get_proc_msgs_out(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->procs[i].io_counters ? -1 : (int64_t)m->procs[i].msgs_out;
}

static void
get_proc_msgs_in(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->procs[i].io_counters || m->procs[i].unframed ? -1 :
	    (int64_t)m->procs[i].msgs_in;
}

static void
get_proc_lost(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->procs[i].unframed || m->procs[i].io_counters ? -1 :
	    (int64_t)m->procs[i].lost;
}

static void
get_proc_dup(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->procs[i].unframed || m->procs[i].io_counters ? -1 :
	    (int64_t)m->procs[i].dup;
}

static void
get_proc_ooo(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->procs[i].unframed || m->procs[i].io_counters ? -1 :
	    (int64_t)m->procs[i].ooo;
}

static void
get_proc_blocked_s(const struct model *m, int i, struct expect_val *v)
{
	v->x = m->procs[i].blocked_s;
}

static void
get_proc_eagain(const struct model *m, int i, struct expect_val *v)
{
	v->n = (int64_t)m->procs[i].eagain;
}

static void
get_proc_dropped(const struct model *m, int i, struct expect_val *v)
{
	v->n = (int64_t)m->procs[i].dropped;
}

static void
get_proc_markers_out(const struct model *m, int i, struct expect_val *v)
{
	v->n = (int64_t)m->procs[i].markers_out;
}

static void
get_chan_fill(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->chans[i].fill;
}

static void
get_chan_capacity(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->chans[i].capacity;
}

static void
get_chan_bytes(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->chans[i].bytes;
}

static void
get_chan_messages(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->chans[i].messages;
}

static void
get_chan_in_bps(const struct model *m, int i, struct expect_val *v)
{
	v->x = m->chans[i].in_bps;
}

static void
get_chan_out_bps(const struct model *m, int i, struct expect_val *v)
{
	v->x = m->chans[i].out_bps;
}

static void
get_chan_in_rate(const struct model *m, int i, struct expect_val *v)
{
	v->x = model_chan_rate(&m->chans[i], true);
}

static void
get_chan_out_rate(const struct model *m, int i, struct expect_val *v)
{
	v->x = model_chan_rate(&m->chans[i], false);
}

static void
get_chan_dropped(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->chans[i].dropped;
}

static void
get_chan_waiters(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->chans[i].waiters;
}

static void
get_chan_merged(const struct model *m, int i, struct expect_val *v)
{
	v->n = m->chans[i].merged;
}

/* One getter for each field of scenario/fields.def. */
static const struct expect_getter expect_getters[] = {
	{ FIELD_PROC_STATE, get_proc_state },
	{ FIELD_PROC_OP, get_proc_op },
	{ FIELD_PROC_CHANNEL, get_proc_channel },
	{ FIELD_PROC_PID, get_proc_pid },
	{ FIELD_PROC_BYTES_OUT, get_proc_bytes_out },
	{ FIELD_PROC_BYTES_IN, get_proc_bytes_in },
	{ FIELD_PROC_MSGS_OUT, get_proc_msgs_out },
	{ FIELD_PROC_MSGS_IN, get_proc_msgs_in },
	{ FIELD_PROC_LOST, get_proc_lost },
	{ FIELD_PROC_DUP, get_proc_dup },
	{ FIELD_PROC_OOO, get_proc_ooo },
	{ FIELD_PROC_BLOCKED_S, get_proc_blocked_s },
	{ FIELD_PROC_EXIT, get_proc_exit },
	{ FIELD_PROC_ERROR, get_proc_error },
	{ FIELD_PROC_EAGAIN, get_proc_eagain },
	{ FIELD_PROC_DROPPED, get_proc_dropped },
	{ FIELD_PROC_MARKERS_OUT, get_proc_markers_out },
	{ FIELD_CHAN_FILL, get_chan_fill },
	{ FIELD_CHAN_CAPACITY, get_chan_capacity },
	{ FIELD_CHAN_BYTES, get_chan_bytes },
	{ FIELD_CHAN_MESSAGES, get_chan_messages },
	{ FIELD_CHAN_IN_BPS, get_chan_in_bps },
	{ FIELD_CHAN_OUT_BPS, get_chan_out_bps },
	{ FIELD_CHAN_IN_RATE, get_chan_in_rate },
	{ FIELD_CHAN_OUT_RATE, get_chan_out_rate },
	{ FIELD_CHAN_DROPPED, get_chan_dropped },
	{ FIELD_CHAN_WAITERS, get_chan_waiters },
	{ FIELD_CHAN_MERGED, get_chan_merged },
};
_Static_assert(nitems(expect_getters) == FIELD_COUNT,
    "every field of scenario/fields.def needs one getter here");

int
expect_getter_count(enum field_id id)
{
	size_t	j;
	int	n = 0;

	for (j = 0; j < nitems(expect_getters); j++) {
		if (expect_getters[j].id == id)
			n++;
	}
	return n;
}

static const struct expect_getter *
expect_getter(enum field_id id)
{
	size_t	j;

	for (j = 0; j < nitems(expect_getters); j++) {
		if (expect_getters[j].id == id)
			return &expect_getters[j];
	}
	return NULL;
}

/* Write v of field f (of process or channel i) into out, by its unit. */
static void
expect_format(const struct model *m, const struct field *f, int i,
    const struct expect_val *v, bool human, char *out, size_t len)
{
	enum field_unit	unit = f->unit;

	if (unit == FU_FILL)
		unit = m->chans[i].by_messages ? FU_COUNT : FU_BYTES;
	switch (unit) {
	case FU_WORD:
		snprintf(out, len, "%s", v->word);
		break;
	case FU_RATE:
	case FU_KIND_RATE:
		if (isnan(v->x))
			snprintf(out, len, "?");
		else if (human)
			units_fmt_per_s(out, len, v->x, unit == FU_RATE ? NULL :
			    m->chans[i].rate_unit);
		else
			snprintf(out, len, "%.0f", v->x);
		break;
	case FU_SECONDS:
		if (human)
			units_fmt_duration(out, len, v->x);
		else
			snprintf(out, len, "%.1f", v->x);
		break;
	case FU_BYTES:
	case FU_FILL:
	case FU_COUNT:
	case FU_NUMBER:
		if (v->n < 0)
			snprintf(out, len, "?");
		else if (human && unit == FU_BYTES)
			units_fmt_size(out, len, (double)v->n);
		else
			snprintf(out, len, "%lld", (long long)v->n);
		break;
	}
}

/* The value of field f of process or channel i as text into out. */
static void
expect_field_text(const struct model *m, const struct field *f, int i,
    bool human, char *out, size_t len)
{
	const struct expect_getter	*g = expect_getter(f->id);
	struct expect_val		 v;

	memset(&v, 0, sizeof v);
	v.word = "?";
	if (g != NULL)
		g->get(m, i, &v);
	expect_format(m, f, i, &v, human, out, len);
}

/* Field name of subject's index i as text; -1 if there is no such field. */
static int
expect_named_text(const struct model *m, enum field_subject subject, int i,
    const char *name, bool human, char *out, size_t len)
{
	const struct field	*f = fields_find(subject, name);

	if (f == NULL)
		return -1;
	expect_field_text(m, f, i, human, out, len);
	return 0;
}

int
expect_value(const struct model *m, const char *subject, const char *field,
    bool human, char *out, size_t len)
{
	int	i;

	if ((i = expect_chan_index(m, subject)) != -1)
		return expect_named_text(m, FS_CHAN, i, field, human, out,
		    len);
	if ((i = expect_proc_index(m, subject)) != -1)
		return expect_named_text(m, FS_PROC, i, field, human, out,
		    len);
	return -1;
}

int
expect_fill(const struct model *m, const char *text, char *out, size_t len)
{
	char		 ref[96], val[64], *dot, *colon;
	const char	*end;
	size_t		 o = 0, n;
	bool		 human;
	int		 unknown = 0;

	if (len == 0)
		return 0;
	while (*text != '\0' && o + 1 < len) {
		if (*text == '{' && (end = strchr(text, '}')) != NULL &&
		    (size_t)(end - text) < sizeof ref) {
			memcpy(ref, text + 1, (size_t)(end - text - 1));
			ref[end - text - 1] = '\0';
			human = false;
			if ((colon = strchr(ref, ':')) != NULL) {
				human = strcmp(colon + 1, "h") == 0;
				*colon = '\0';
			}
			if ((dot = strchr(ref, '.')) != NULL) {
				*dot = '\0';
				if (expect_value(m, ref, dot + 1, human, val,
				    sizeof val) == 0) {
					if (strcmp(val, "?") == 0)
						unknown++;
					n = strlen(val);
					if (n > len - 1 - o)
						n = len - 1 - o;
					memcpy(out + o, val, n);
					o += n;
					text = end + 1;
					continue;
				}
			}
		}
		out[o++] = *text++;
	}
	out[o] = '\0';
	return unknown;
}

static bool
expect_cmp_num(enum expect_cmp cmp, double got, double want)
{
	switch (cmp) {
	case CMP_EQ:
		return got == want;
	case CMP_NE:
		return got != want;
	case CMP_LT:
		return got < want;
	case CMP_LE:
		return got <= want;
	case CMP_GT:
		return got > want;
	case CMP_GE:
		return got >= want;
	}
	return false;
}

/* A number from an expectation value: plain, with a size suffix, or a
   decimal (blocked_s). */
static int
expect_number(const char *s, double *v)
{
	uint64_t	 u;
	char		*cause = NULL, *end;

	*v = strtod(s, &end);
	if (end != s && *end == '\0')
		return 0;
	if (units_parse_size(s, &u, &cause) == 0) {
		*v = (double)u;
		return 0;
	}
	free(cause);
	return -1;
}

/*
 * The state of process pi in as many words as want has, up to STATE OP
 * CHANNEL: "blocked", "blocked write", "blocked write pipe".
 */
static void
expect_state_words(const struct model *m, int pi, const char *want,
    char *got, size_t gotlen)
{
	static const enum field_id ids[] = {
		FIELD_PROC_STATE, FIELD_PROC_OP, FIELD_PROC_CHANNEL
	};
	char	st[32], op[32], ch[64];
	size_t	o = 0;
	int	n, k;

	n = sscanf(want, "%31s %31s %63s", st, op, ch);
	if (n < 1)
		n = 1;
	got[0] = '\0';
	for (k = 0; k < n && o + 1 < gotlen; k++) {
		if (k > 0)
			got[o++] = ' ';
		expect_field_text(m, &fields_table[ids[k]], pi, false, got + o,
		    gotlen - o);
		o += strlen(got + o);
	}
}

/* Compare got with want: as numbers when both are, else as words. */
static bool
expect_compare(const char *got, const char *want, enum expect_cmp cmp)
{
	double	g, w;

	if (expect_number(got, &g) == 0 && expect_number(want, &w) == 0)
		return expect_cmp_num(cmp, g, w);
	return (strcmp(got, want) == 0) == (cmp != CMP_NE);
}

static bool
expect_check_one(const struct model *m, int pi, const char *field,
    const char *want, enum expect_cmp cmp, char *got, size_t gotlen)
{
	const struct field	*f = fields_find(FS_PROC, field);
	char			 buf[128];

	if (f == NULL)
		return false;
	if (f->id == FIELD_PROC_STATE) {
		expect_state_words(m, pi, want, got, gotlen);
		return (strcmp(got, want) == 0) == (cmp != CMP_NE);
	}
	expect_field_text(m, f, pi, false, buf, sizeof buf);
	snprintf(got, gotlen, "%s", buf);
	return expect_compare(buf, want, cmp);
}

bool
expect_check(const struct model *m, const struct scen_expect_item *it,
    char *got, size_t gotlen, char *want, size_t wantlen)
{
	char	buf[128], one[128];
	int	i, ci, matched = 0;
	bool	ok = true;
	size_t	o = 0;

	expect_fill(m, it->value, want, wantlen);
	got[0] = '\0';
	if (it->is_stall) {
		snprintf(got, gotlen, "%s", m->stall_seen ? "yes" : "no");
		return strcmp(got, want) == 0;
	}
	if (it->is_channel) {
		if ((ci = expect_chan_index(m, it->subject)) == -1 ||
		    expect_named_text(m, FS_CHAN, ci, it->field, false, buf,
		    sizeof buf) == -1) {
			snprintf(got, gotlen, "no such value");
			return false;
		}
		snprintf(got, gotlen, "%s", buf);
		return expect_compare(buf, want, it->cmp);
	}
	/* A process, or every replica of a base name. */
	for (i = 0; i < m->nprocs; i++) {
		const struct scen_proc *sp = &m->sc->procs[i];

		if (strcmp(sp->name, it->subject) != 0 &&
		    strcmp(sp->base, it->subject) != 0)
			continue;
		matched++;
		if (!expect_check_one(m, i, it->field, want, it->cmp, one,
		    sizeof one))
			ok = false;
		if (o < gotlen)
			o += (size_t)snprintf(got + o, gotlen - o, "%s%s%s",
			    o > 0 ? ", " : "", matched > 1 ||
			    strcmp(sp->name, it->subject) != 0 ? sp->name : "",
			    matched > 1 || strcmp(sp->name, it->subject) != 0 ?
			    ": " : "");
		if (o < gotlen)
			o += (size_t)snprintf(got + o, gotlen - o, "%s", one);
	}
	if (matched == 0) {
		snprintf(got, gotlen, "no such process");
		return false;
	}
	return ok;
}

int
expect_first_false(const struct model *m, const struct scen_expect_item *it,
    int n, char *got, size_t gotlen)
{
	char	g[256], want[256];
	int	j;

	for (j = 0; j < n; j++) {
		if (!expect_check(m, &it[j], g, sizeof g, want, sizeof want)) {
			if (got != NULL)
				snprintf(got, gotlen, "%s", g);
			return j;
		}
	}
	return -1;
}
