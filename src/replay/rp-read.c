/*
 * rp-read.c: the lines of a recording, one JSON object each (jansson),
 * and their members, each checked for its type with an error that names
 * the file, the line, the record and what would be valid.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay/replay-int.h"

int
rp_error(struct replay *r, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (r->err != NULL)
		return -1;	/* the first one says it */
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("out of memory");
	va_end(ap);
	util_printable(msg);
	if (r->line > 0)
		xasprintf(&r->err, "%s:%ld: %s", r->shown, r->line, msg);
	else
		xasprintf(&r->err, "%s: %s", r->shown, msg);
	free(msg);
	return -1;
}

/* The rest of an over-long line, read and dropped. */
static void
rp_skip_line(struct replay *r)
{
	int	c;

	while ((c = getc(r->f)) != EOF && c != '\n')
		;
}

int
rp_read_line(struct replay *r)
{
	char	chunk[4096];
	size_t	n = 0;
	int	c = EOF;

	r->buf.len = 0;
	r->nl = false;
	if (r->eof || (r->end_off >= 0 && ftell(r->f) >= r->end_off))
		return 0;
	while ((c = getc(r->f)) != EOF && c != '\n') {
		chunk[n++] = (char)c;
		if (n == sizeof chunk) {
			strbuf_add(&r->buf, chunk, n);
			n = 0;
		}
		if (r->buf.len + n > REPLAY_MAX_LINE) {
			r->line++;
			rp_skip_line(r);
			return rp_error(r, "a line longer than %u MiB: not a "
			    "recording of ipcscope (one JSON object a line, "
			    "from --headless)", REPLAY_MAX_LINE >> 20);
		}
	}
	strbuf_add(&r->buf, chunk, n);
	if (c == EOF && ferror(r->f))
		return rp_error(r, "cannot read: %s", strerror(errno));
	if (c == EOF) {
		r->eof = true;
		if (r->buf.len == 0)
			return 0;
	}
	r->nl = c == '\n';
	r->line++;
	return 1;
}

json_t *
rp_parse(struct replay *r, char *why, size_t len)
{
	json_error_t	 e;
	json_t		*o;

	o = json_loadb(r->buf.s != NULL ? r->buf.s : "", r->buf.len,
	    JSON_REJECT_DUPLICATES, &e);
	if (o == NULL) {
		snprintf(why, len, "not JSON (%s, at column %d)", e.text,
		    e.column);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		snprintf(why, len, "not a JSON object: each line of a "
		    "recording is one {...}");
		return NULL;
	}
	return o;
}

static const char *
rp_type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "true or false";
	default:
		return "null";
	}
}

/* The member, or NULL (absent); *present says which, where asked. */
static json_t *
rp_member(json_t *o, const char *key, bool *present)
{
	json_t	*v = json_object_get(o, key);

	if (present != NULL)
		*present = v != NULL;
	return v;
}

int
rp_str(struct replay *r, json_t *o, const char *what, const char *key,
    const char **v, bool *present)
{
	json_t	*m = rp_member(o, key, present);

	if (m == NULL)
		return 0;
	if (json_is_null(m))
		*v = NULL;
	else if (json_is_string(m))
		*v = json_string_value(m);
	else
		return rp_error(r, "%s: \"%s\" must be a string or null, not "
		    "%s", what, key, rp_type_name(m));
	return 0;
}

int
rp_count(struct replay *r, json_t *o, const char *what, const char *key,
    int64_t *v, bool *present)
{
	json_t	*m = rp_member(o, key, present);

	if (m == NULL)
		return 0;
	if (json_is_null(m))
		*v = -1;
	else if (json_is_integer(m) && json_integer_value(m) >= 0)
		*v = json_integer_value(m);
	else
		return rp_error(r, "%s: \"%s\" must be a whole number >= 0 or "
		    "null, not %s", what, key, json_is_integer(m) ?
		    "a negative one" : rp_type_name(m));
	return 0;
}

int
rp_num(struct replay *r, json_t *o, const char *what, const char *key,
    double *v, bool *present)
{
	json_t	*m = rp_member(o, key, present);

	if (m == NULL)
		return 0;
	if (json_is_null(m))
		*v = NAN;
	else if (json_is_number(m) && isfinite(json_number_value(m)))
		*v = json_number_value(m);
	else
		return rp_error(r, "%s: \"%s\" must be a number or null, not "
		    "%s", what, key, rp_type_name(m));
	return 0;
}

int
rp_bool(struct replay *r, json_t *o, const char *what, const char *key,
    bool *v, bool *present)
{
	json_t	*m = rp_member(o, key, present);

	if (m == NULL)
		return 0;
	if (!json_is_boolean(m))
		return rp_error(r, "%s: \"%s\" must be true or false, not %s",
		    what, key, rp_type_name(m));
	*v = json_is_true(m);
	return 0;
}

int
rp_array(struct replay *r, json_t *o, const char *what, const char *key,
    json_t **v)
{
	json_t	*m = rp_member(o, key, NULL);

	*v = NULL;
	if (m == NULL || json_is_null(m))
		return 0;
	if (!json_is_array(m))
		return rp_error(r, "%s: \"%s\" must be an array, not %s", what,
		    key, rp_type_name(m));
	*v = m;
	return 0;
}

char *
rp_dup(const char *s)
{
	return s != NULL ? util_printable_dup(s) : NULL;
}

const char *
rp_word(struct replay *r, const char *s)
{
	return rp_text(r, s, RP_WORD_MAX);
}

const char *
rp_text(struct replay *r, const char *s, size_t max)
{
	char	*w;
	int	 i;

	if (s == NULL)
		return NULL;
	w = util_printable_dup(s);
	if (strlen(w) > max) {
		w[max] = '\0';
		util_printable(w);	/* a character cut in two: '?' */
	}
	for (i = 0; i < r->nwords; i++) {
		if (strcmp(r->words[i], w) == 0) {
			free(w);
			return r->words[i];
		}
	}
	if (r->nwords == RP_WORDS) {
		free(w);
		return "?";
	}
	r->words[r->nwords] = w;
	return r->words[r->nwords++];
}

int
rp_nprocs(const struct replay *r)
{
	return r->sc->nprocs + r->pend_rows;
}

int
rp_nchans(const struct replay *r)
{
	return r->sc->nchannels + r->pend_chans;
}

const char *
rp_proc_name(const struct replay *r, int i)
{
	if (i < r->sc->nprocs)
		return r->sc->procs[i].name;
	return r->rows[i - r->sc->nprocs].name;
}

const char *
rp_chan_name(const struct replay *r, int c)
{
	if (c < r->sc->nchannels)
		return r->sc->channels[c].name;
	return r->xchans[c - r->sc->nchannels].name;
}

const struct channel_ops *
rp_chan_ops(const struct replay *r, int c)
{
	if (c < r->sc->nchannels)
		return r->sc->channels[c].kind;
	return &r->xchans[c - r->sc->nchannels].kind->ops;
}

int
rp_proc_index(struct replay *r, const char *what, const char *s)
{
	char	*p = util_printable_dup(s);
	int	 i, n = rp_nprocs(r);

	for (i = 0; i < n; i++) {
		if (strcmp(rp_proc_name(r, i), p) == 0)
			break;
	}
	free(p);
	if (i < n)
		return i;
	return rp_error(r, "%s: no process named '%s' in the scenario record "
	    "(line 1)%s", what, util_clip(s, 40, 36), r->sc->nprocs == 0 ?
	    " nor in a \"row\" record before this line" : "");
}

int
rp_chan_index(struct replay *r, const char *what, const char *s)
{
	char	*p = util_printable_dup(s);
	int	 i, n = rp_nchans(r);

	for (i = 0; i < n; i++) {
		if (strcmp(rp_chan_name(r, i), p) == 0)
			break;
	}
	free(p);
	if (i < n)
		return i;
	return rp_error(r, "%s: no channel named '%s' in the scenario record "
	    "(line 1)%s", what, util_clip(s, 40, 36), r->sc->nchannels == 0 ?
	    " nor in a \"channel\" record before this line" : "");
}
