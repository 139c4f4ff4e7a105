/* expect.c: named values of the model, placeholders and expectations. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/expect.h"
#include "base/units.h"
#include "base/util.h"

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

static void
fmt_int(char *out, size_t len, int64_t v, bool human, bool bytes)
{
	if (v < 0)
		snprintf(out, len, "?");
	else if (human && bytes)
		units_fmt_size(out, len, (double)v);
	else
		snprintf(out, len, "%lld", (long long)v);
}

static void
fmt_rate(char *out, size_t len, double v, bool human)
{
	if (isnan(v))
		snprintf(out, len, "?");
	else if (human)
		units_fmt_bps(out, len, v);
	else
		snprintf(out, len, "%.0f", v);
}

static int
expect_chan_value(const struct model_chan *c, const char *field, bool human,
    char *out, size_t len)
{
	bool	bytes = !c->by_messages;

	if (strcmp(field, "fill") == 0)
		fmt_int(out, len, c->fill, human, bytes);
	else if (strcmp(field, "capacity") == 0)
		fmt_int(out, len, c->capacity, human, bytes);
	else if (strcmp(field, "bytes") == 0)
		fmt_int(out, len, c->bytes, human, true);
	else if (strcmp(field, "messages") == 0)
		fmt_int(out, len, c->messages, human, false);
	else if (strcmp(field, "in_bps") == 0)
		fmt_rate(out, len, c->in_bps, human);
	else if (strcmp(field, "out_bps") == 0)
		fmt_rate(out, len, c->out_bps, human);
	else if (strcmp(field, "dropped") == 0)
		fmt_int(out, len, c->dropped, human, false);
	else if (strcmp(field, "waiters") == 0)
		fmt_int(out, len, c->waiters, human, false);
	else
		return -1;
	return 0;
}

static int
expect_proc_value(const struct model *m, const struct model_proc *p,
    const char *field, bool human, char *out, size_t len)
{
	if (strcmp(field, "state") == 0)
		snprintf(out, len, "%s", state_name(p->state));
	else if (strcmp(field, "op") == 0)
		snprintf(out, len, "%s", p->op != NULL ? p->op : "none");
	else if (strcmp(field, "channel") == 0)
		snprintf(out, len, "%s", p->chan >= 0 ?
		    m->chans[p->chan].name : "none");
	else if (strcmp(field, "pid") == 0)
		snprintf(out, len, "%ld", (long)p->pid);
	else if (strcmp(field, "bytes_out") == 0)
		fmt_int(out, len, (int64_t)p->bytes_out, human, true);
	else if (strcmp(field, "bytes_in") == 0)
		fmt_int(out, len, (int64_t)p->bytes_in, human, true);
	else if (strcmp(field, "msgs_out") == 0)
		snprintf(out, len, "%llu", (unsigned long long)p->msgs_out);
	else if (strcmp(field, "msgs_in") == 0)
		snprintf(out, len, "%llu", (unsigned long long)p->msgs_in);
	else if (strcmp(field, "lost") == 0)
		snprintf(out, len, "%llu", (unsigned long long)p->lost);
	else if (strcmp(field, "dup") == 0)
		snprintf(out, len, "%llu", (unsigned long long)p->dup);
	else if (strcmp(field, "ooo") == 0)
		snprintf(out, len, "%llu", (unsigned long long)p->ooo);
	else if (strcmp(field, "eagain") == 0)
		snprintf(out, len, "%llu", (unsigned long long)p->eagain);
	else if (strcmp(field, "dropped") == 0)
		snprintf(out, len, "%llu", (unsigned long long)p->dropped);
	else if (strcmp(field, "blocked_s") == 0) {
		if (human)
			units_fmt_duration(out, len, p->blocked_s);
		else
			snprintf(out, len, "%.1f", p->blocked_s);
	} else if (strcmp(field, "exit") == 0) {
		if (p->state != PS_DONE && p->state != PS_FAILED)
			snprintf(out, len, "none");
		else if (p->signal != 0)
			snprintf(out, len, "%s", util_signame(p->signal));
		else
			snprintf(out, len, "%d", p->exit_code);
	} else if (strcmp(field, "error") == 0)
		snprintf(out, len, "%s", p->error != 0 ?
		    util_errname(p->error) : "none");
	else
		return -1;
	return 0;
}

int
expect_value(const struct model *m, const char *subject, const char *field,
    bool human, char *out, size_t len)
{
	int	i;

	if ((i = expect_chan_index(m, subject)) != -1)
		return expect_chan_value(&m->chans[i], field, human, out, len);
	if ((i = expect_proc_index(m, subject)) != -1)
		return expect_proc_value(m, &m->procs[i], field, human, out,
		    len);
	return -1;
}

void
expect_fill(const struct model *m, const char *text, char *out, size_t len)
{
	char		 ref[96], val[64], *dot, *colon;
	const char	*end;
	size_t		 o = 0, n;
	bool		 human;

	if (len == 0)
		return;
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

static bool
expect_check_one(const struct model *m, int pi, const char *field,
    const char *want, enum expect_cmp cmp, char *got, size_t gotlen)
{
	const struct model_proc	*p = &m->procs[pi];
	double			 g, w;
	char			 buf[128];
	int			 n;

	if (strcmp(field, "state") == 0 && pi >= 0) {
		/* "blocked write pipe": as many words as were written. */
		char	st[32] = "", op[32] = "", ch[64] = "";

		n = sscanf(want, "%31s %31s %63s", st, op, ch);
		if (n >= 3)
			snprintf(got, gotlen, "%s %s %s",
			    state_name(p->state), p->op ? p->op : "none",
			    p->chan >= 0 ? m->chans[p->chan].name : "none");
		else if (n == 2)
			snprintf(got, gotlen, "%s %s",
			    state_name(p->state), p->op ? p->op : "none");
		else
			snprintf(got, gotlen, "%s", state_name(p->state));
		return (strcmp(got, want) == 0) == (cmp != CMP_NE);
	}
	if (expect_proc_value(m, p, field, false, buf, sizeof buf) == -1)
		return false;
	snprintf(got, gotlen, "%s", buf);
	if (expect_number(buf, &g) == 0 && expect_number(want, &w) == 0)
		return expect_cmp_num(cmp, g, w);
	return (strcmp(buf, want) == 0) == (cmp != CMP_NE);
}

bool
expect_check(const struct model *m, const struct scen_expect_item *it,
    char *got, size_t gotlen, char *want, size_t wantlen)
{
	char	buf[128], one[128];
	double	g, w;
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
		    expect_chan_value(&m->chans[ci], it->field, false, buf,
		    sizeof buf) == -1) {
			snprintf(got, gotlen, "no such value");
			return false;
		}
		snprintf(got, gotlen, "%s", buf);
		if (expect_number(buf, &g) == 0 && expect_number(want, &w) == 0)
			return expect_cmp_num(it->cmp, g, w);
		return (strcmp(buf, want) == 0) == (it->cmp != CMP_NE);
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
