/* expects.c: [expect] sections, and the {NAME.FIELD} references of
   captions. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/scen-int.h"
#include "scenario/fields.h"

static const char *scen_cmps[] = { "==", "!=", "<", "<=", ">", ">=" };

enum scen_subj
scen_subject(struct scen_ctx *ctx, const char *name, int *index)
{
	struct scenario	*sc = ctx->sc;
	int		 i;

	for (i = 0; i < sc->nchannels; i++) {
		if (strcmp(sc->channels[i].name, name) == 0) {
			*index = i;
			return SUBJ_CHANNEL;
		}
	}
	for (i = 0; i < sc->nprocs; i++) {
		if (strcmp(sc->procs[i].name, name) == 0) {
			*index = i;
			return SUBJ_PROC;
		}
	}
	for (i = 0; i < ctx->npb; i++) {
		if (strcmp(ctx->pb[i].sec->name, name) == 0) {
			*index = i;
			return SUBJ_BASE;
		}
	}
	return SUBJ_NONE;
}

void
scen_unknown_subject(struct scen_ctx *ctx, int line, const char *name,
    const char *where)
{
	struct scenario	*sc = ctx->sc;
	struct strbuf	 sb = { NULL, 0, 0 };
	struct scen_pbase *pb;
	int		 i;

	strbuf_printf(&sb, "unknown name '%s'%s; processes:", scen_clip(name),
	    where);
	for (i = 0; i < ctx->npb; i++) {
		pb = &ctx->pb[i];
		if (pb->replicas == 1)
			strbuf_printf(&sb, "%s %s", i ? "," : "",
			    pb->sec->name);
		else
			strbuf_printf(&sb, "%s %s (%s-1 to %s-%d)",
			    i ? "," : "", pb->sec->name, pb->sec->name,
			    pb->sec->name, pb->replicas);
	}
	if (ctx->npb == 0)
		strbuf_printf(&sb, " none");
	strbuf_printf(&sb, "; channels:");
	for (i = 0; i < sc->nchannels; i++)
		strbuf_printf(&sb, "%s %s", i ? "," : "", sc->channels[i].name);
	if (sc->nchannels == 0)
		strbuf_printf(&sb, " none");
	scen_error(ctx, line, "%s", sb.s);
	strbuf_free(&sb);
}

/*
 * The field of a subject called field, or NULL after an error that lists
 * the valid ones. where is text like " in '{pipe.fil}'" for the message.
 */
static const struct field *
scen_check_field(struct scen_ctx *ctx, int line, enum scen_subj kind,
    const char *name, const char *field, const char *where)
{
	enum field_subject	 subject;
	const struct field	*f;
	char			*list;

	subject = kind == SUBJ_CHANNEL ? FS_CHAN : FS_PROC;
	if ((f = fields_find(subject, field)) != NULL)
		return f;
	list = fields_list(subject);
	if (subject == FS_CHAN)
		scen_error(ctx, line, "unknown field '%s' for channel '%s'%s; "
		    "channel fields: %s", scen_clip(field), name, where, list);
	else
		scen_error(ctx, line, "unknown field '%s' for process '%s'%s; "
		    "process fields: %s", scen_clip(field), name, where, list);
	free(list);
	return NULL;
}

/*
 * Check one placeholder body "NAME.FIELD" or "NAME.FIELD:h". Returns the
 * subject kind (SUBJ_NONE on error) and sets *numeric.
 */
static enum scen_subj
scen_check_ref(struct scen_ctx *ctx, int line, const char *body,
    int *numeric)
{
	const struct field	*f;
	char			*copy, *dot, *fmt, where[96];
	enum scen_subj		 kind = SUBJ_NONE;
	int			 idx;

	snprintf(where, sizeof where, " in '{%s}'", scen_clip(body));
	copy = xstrdup(body);
	if ((fmt = strchr(copy, ':')) != NULL) {
		*fmt++ = '\0';
		if (strcmp(fmt, "h") != 0) {
			scen_error(ctx, line, "unknown format ':%s'%s; the only "
			    "format is ':h' (human units)", scen_clip(fmt),
			    where);
			goto out;
		}
	}
	if ((dot = strchr(copy, '.')) == NULL) {
		scen_error(ctx, line, "placeholder '{%s}' needs a field: "
		    "{NAME.FIELD}", scen_clip(body));
		goto out;
	}
	*dot++ = '\0';
	kind = scen_subject(ctx, copy, &idx);
	if (kind == SUBJ_NONE) {
		scen_unknown_subject(ctx, line, copy, where);
		goto out;
	}
	if (kind == SUBJ_BASE) {
		scen_error(ctx, line, "'%s' has %d replicas%s; name one: %s-1 "
		    "to %s-%d", copy, ctx->pb[idx].replicas, where, copy, copy,
		    ctx->pb[idx].replicas);
		kind = SUBJ_NONE;
		goto out;
	}
	if ((f = scen_check_field(ctx, line, kind, copy, dot, where)) ==
	    NULL) {
		kind = SUBJ_NONE;
		goto out;
	}
	*numeric = f->unit != FU_WORD;
out:
	free(copy);
	return kind;
}

/* Every {NAME.FIELD} in a caption. */
void
scen_check_text(struct scen_ctx *ctx, int line, const char *text)
{
	const char	*p, *end;
	char		*body;
	int		 numeric;

	for (p = text; (p = strchr(p, '{')) != NULL; p = end + 1) {
		end = strchr(p + 1, '}');
		if (end == NULL) {
			scen_error(ctx, line, "'{' without a closing '}'; "
			    "placeholders look like {NAME.FIELD}");
			return;
		}
		body = xstrndup(p + 1, (size_t)(end - p - 1));
		scen_check_ref(ctx, line, body, &numeric);
		free(body);
	}
}

/* A value that is a reference {NAME.FIELD}: body up to end ('}'). */
static void
scen_expect_ref(struct scen_ctx *ctx, struct scen_expect_item *it,
    const struct field *f, const char *body, const char *end)
{
	char	*copy;
	int	 numeric;

	if (f->unit == FU_WORD) {
		scen_error(ctx, it->line, "'%s' takes a word, not a reference",
		    it->key);
		return;
	}
	copy = xstrndup(body, (size_t)(end - body));
	if (scen_check_ref(ctx, it->line, copy, &numeric) != SUBJ_NONE &&
	    !numeric)
		scen_error(ctx, it->line, "'{%s}' is a word, not a number; "
		    "'%s' compares numbers", scen_clip(copy), it->key);
	free(copy);
}

/* The value of a number field: seconds, or a size. */
static void
scen_expect_number(struct scen_ctx *ctx, struct scen_expect_item *it,
    const struct field *f)
{
	const char	*v = it->value;
	char		*cause, *end;
	uint64_t	 n;
	double		 d;

	if (f->unit == FU_SECONDS) {
		d = strtod(v, &end);
		if (!isdigit((unsigned char)*v) || *end != '\0' || d < 0)
			scen_error(ctx, it->line, "bad value '%s' for %s: "
			    "expected seconds as a number (2, 0.5)",
			    scen_clip(v), it->key);
		return;
	}
	if (units_parse_size(v, &n, &cause) != 0) {
		scen_error(ctx, it->line, "%s: %s, or a reference {NAME.FIELD}",
		    it->key, cause);
		free(cause);
	}
}

/* A channel word: none, or a channel the process uses. */
static void
scen_expect_channel(struct scen_ctx *ctx, struct scen_expect_item *it,
    const char *w, enum scen_subj kind, int idx)
{
	struct scenario	*sc = ctx->sc;
	int		 ci, uses;

	if (strcmp(w, "none") == 0)
		return;
	ci = scenario_channel_index(sc, w);
	if (ci < 0) {
		scen_resolve_channel(ctx, w, it->line);
		return;
	}
	if (kind == SUBJ_PROC) {
		uses = sc->procs[idx].from == ci || sc->procs[idx].to == ci ||
		    sc->procs[idx].uses == ci;
	} else {
		uses = ctx->pb[idx].from == ci || ctx->pb[idx].to == ci ||
		    ctx->pb[idx].uses == ci;
	}
	if (!uses)
		scen_error(ctx, it->line, "process '%s' does not use channel "
		    "'%s'", it->subject, w);
}

/* An exit word: 0 to 255, none, or a signal name as the verifier prints
   it. */
static void
scen_expect_exit(struct scen_ctx *ctx, int line, const char *w)
{
	char		*cause = NULL;
	uint64_t	 n;
	int		 sig;

	if (isdigit((unsigned char)w[0])) {
		if (units_parse_count(w, &n, &cause) != 0 || n > 255)
			scen_error(ctx, line, "bad exit '%s': expected 0 to 255 "
			    "or a signal name such as SIGPIPE", scen_clip(w));
		free(cause);
	} else if (strcmp(w, "none") == 0)
		return;
	else if ((sig = util_signum(w)) < 0)
		scen_error(ctx, line, "unknown signal '%s'; expected 0 to 255, "
		    "none, or a signal name such as SIGPIPE, SIGKILL, SIGTERM",
		    scen_clip(w));
	else if (strcmp(util_signame(sig), w) != 0)
		/* The verifier compares the name it prints. */
		scen_error(ctx, line, "write signal '%s' as '%s'", scen_clip(w),
		    util_signame(sig));
}

/* An error word: an errno name, or none. */
static void
scen_expect_errno(struct scen_ctx *ctx, int line, const char *w)
{
	int	e;

	for (e = 1; e < 256; e++) {
		if (strcmp(util_errname(e), w) == 0)
			return;
	}
	if (strcmp(w, "none") != 0)
		scen_error(ctx, line, "unknown error '%s'; expected an errno "
		    "name such as EPIPE, EAGAIN, EINTR", scen_clip(w));
}

/*
 * One word w for the word field id. Each word field's words are checked
 * here: a new one in fields.def needs its case.
 */
static void
scen_expect_word(struct scen_ctx *ctx, struct scen_expect_item *it,
    enum field_id id, const char *w, enum scen_subj kind, int idx)
{
	char	*list;

	switch (id) {
	case FIELD_PROC_STATE:
		if (fields_state_word(w))
			break;
		list = fields_state_list();
		scen_error(ctx, it->line, "unknown state '%s'; states: %s",
		    scen_clip(w), list);
		free(list);
		break;
	case FIELD_PROC_OP:
		if (fields_op_word(w))
			break;
		list = fields_op_list();
		scen_error(ctx, it->line, "unknown operation '%s'; operations: "
		    "%s", scen_clip(w), list);
		free(list);
		break;
	case FIELD_PROC_CHANNEL:
		scen_expect_channel(ctx, it, w, kind, idx);
		break;
	case FIELD_PROC_EXIT:
		scen_expect_exit(ctx, it->line, w);
		break;
	case FIELD_PROC_ERROR:
		scen_expect_errno(ctx, it->line, w);
		break;
	default:
		break;
	}
}

/* The value of a word field: one word, or STATE [OP [CHANNEL]] for the
   bare form "PROC = ...". */
static void
scen_expect_words(struct scen_ctx *ctx, struct scen_expect_item *it,
    const struct field *f, enum scen_subj kind, int idx)
{
	static const enum field_id bare[] = {
		FIELD_PROC_STATE, FIELD_PROC_OP, FIELD_PROC_CHANNEL
	};
	char	*words[4], *copy;
	bool	 keyed = strchr(it->key, '.') != NULL;
	int	 nw, i;

	if (it->cmp != CMP_EQ && it->cmp != CMP_NE) {
		scen_error(ctx, it->line, "'%s' compares a word: use == or "
		    "!=, not %s", it->key, scen_cmps[it->cmp]);
		return;
	}
	nw = scen_words(it->value, " \t", &copy, words, 3);
	if (nw > 3 || (nw > 1 && keyed)) {
		if (keyed)
			scen_error(ctx, it->line, "'%s' takes one word, not "
			    "'%s'", it->key, scen_clip(it->value));
		else
			scen_error(ctx, it->line, "too many words in '%s'; "
			    "expected STATE [OP [CHANNEL]], e.g. blocked write "
			    "pipe", scen_clip(it->value));
		free(copy);
		return;
	}
	for (i = 0; i < nw; i++) {
		scen_expect_word(ctx, it, f->id == FIELD_PROC_STATE && !keyed ?
		    bare[i] : f->id, words[i], kind, idx);
	}
	free(copy);
}

static void
scen_expect_value(struct scen_ctx *ctx, struct scen_expect_item *it,
    const struct field *f, enum scen_subj kind, int idx)
{
	const char	*v = it->value, *end;

	if (*v == '{') {
		end = strchr(v, '}');
		if (end == NULL || end[1] != '\0')
			scen_error(ctx, it->line, "a reference must be the "
			    "whole value: {NAME.FIELD}");
		else
			scen_expect_ref(ctx, it, f, v + 1, end);
	} else if (strchr(v, '{') != NULL)
		scen_error(ctx, it->line, "a reference must be the whole "
		    "value: {NAME.FIELD}");
	else if (f->unit != FU_WORD)
		scen_expect_number(ctx, it, f);
	else
		scen_expect_words(ctx, it, f, kind, idx);
}

/* 'at' and 'by' of an [expect] section into ex; whether 'by' is that key
   (not a process called "by"). */
static bool
scen_expect_times(struct scen_ctx *ctx, struct scen_section *sec,
    struct scen_expect *ex)
{
	struct scenario	*sc = ctx->sc;
	const char	*at, *by;
	char		 t[32];
	int		 present, line, idx;
	bool		 by_is_key;

	at = scen_get(sec, "at", &line, &present);
	if (!present)
		scen_error(ctx, sec->line, "missing 'at' in [expect]; give a "
		    "time such as 'at = 2s', or 'at = end'");
	else if (at != NULL && strcmp(at, "end") == 0) {
		ex->at_end = 1;
		ex->at_ms = sc->duration_ms;
	} else if (scen_get_num(ctx, sec, "at", units_parse_time_ms,
	    &ex->at_ms, &line, &at) && ctx->duration_ok &&
	    ex->at_ms > sc->duration_ms) {
		scen_fmt_time(t, sizeof t, sc->duration_ms);
		scen_error(ctx, line, "expect at %s comes after the end of the "
		    "scenario (duration %s); use 'at = end' for the end",
		    at, t);
	}
	/*
	 * by = TIME, a deadline: the section may hold in any sample from
	 * 'at' up to it. Unless a process is named "by": then "by = STATE"
	 * stays an expectation about that process.
	 */
	by_is_key = scen_subject(ctx, "by", &idx) == SUBJ_NONE;
	if (by_is_key && scen_get_num(ctx, sec, "by", units_parse_time_ms,
	    &ex->by_ms, &line, &by)) {
		scen_fmt_time(t, sizeof t, ex->at_ms);
		if (ex->at_end)
			scen_error(ctx, line, "'by' needs a time in 'at', not "
			    "'at = end': nothing comes after the end");
		else if (ex->by_ms <= ex->at_ms)
			scen_error(ctx, line, "by %s must come after at %s",
			    by, t);
		else if (ctx->duration_ok && ex->by_ms > sc->duration_ms) {
			scen_fmt_time(t, sizeof t, sc->duration_ms);
			scen_error(ctx, line, "by %s comes after the end of the "
			    "scenario (duration %s)", by, t);
		} else
			ex->has_by = true;
	}
	return by_is_key;
}

/* Split the line "KEY = [CMP] VALUE", given as name and v, into it. */
static void
scen_expect_split(struct scen_expect_item *it, int line, const char *name,
    const char *v)
{
	const char	*dot;
	size_t		 j, len;

	it->line = line;
	it->key = xstrdup(name);
	if ((dot = strchr(name, '.')) != NULL) {
		it->subject = xstrndup(name, (size_t)(dot - name));
		it->field = xstrdup(dot + 1);
	} else {
		it->subject = xstrdup(name);
		it->field = xstrdup("state");
	}
	it->cmp = CMP_EQ;
	/* Two-character operators first: "<=" is not "<" then "=". */
	for (len = 2; len > 0; len--) {
		for (j = 0; j < nitems(scen_cmps); j++) {
			if (strlen(scen_cmps[j]) == len &&
			    strncmp(v, scen_cmps[j], len) == 0)
				break;
		}
		if (j != nitems(scen_cmps)) {
			it->cmp = (enum expect_cmp)j;
			v += len;
			while (isspace((unsigned char)*v))
				v++;
			break;
		}
	}
	it->value = xstrdup(v);
}

/* Check one expectation line, split into it; where (" in [expect]")
   says where it was for a message that names a subject. */
static void
scen_expect_check(struct scen_ctx *ctx, struct scen_expect_item *it,
    const char *where)
{
	const struct field	*f;
	enum scen_subj		 kind;
	char			*list;
	bool			 bare = strchr(it->key, '.') == NULL;
	size_t			 len = strlen(it->key);
	int			 idx;

	if (len > 0 && strchr("<>!", it->key[len - 1]) != NULL) {
		scen_error(ctx, it->line, "the comparison goes after '=': "
		    "write 'KEY = %c= VALUE' or 'KEY = %c VALUE'",
		    it->key[len - 1], it->key[len - 1]);
		return;
	}
	kind = scen_subject(ctx, it->subject, &idx);
	if (bare && strcmp(it->subject, "stall") == 0 && kind == SUBJ_NONE) {
		/* Was a stall reported by then (or ever, at end)? */
		it->is_stall = true;
		if (it->cmp != CMP_EQ || (strcmp(it->value, "yes") != 0 &&
		    strcmp(it->value, "no") != 0))
			scen_error(ctx, it->line, "'stall' takes yes or no: was "
			    "a stall reported by then");
		return;
	}
	if (kind == SUBJ_NONE) {
		scen_unknown_subject(ctx, it->line, it->subject, where);
		return;
	}
	it->is_channel = kind == SUBJ_CHANNEL;
	if (bare && kind == SUBJ_CHANNEL) {
		list = fields_list(FS_CHAN);
		scen_error(ctx, it->line, "channel '%s' needs a field: "
		    "%s.FIELD where FIELD is one of %s", it->subject,
		    it->subject, list);
		free(list);
		return;
	}
	f = scen_check_field(ctx, it->line, kind, it->subject, it->field, "");
	if (f == NULL)
		return;
	if (*it->value == '\0') {
		scen_error(ctx, it->line, "'%s' has no value; expected %s",
		    it->key, bare ? "STATE [OP [CHANNEL]], e.g. blocked write "
		    "pipe" : f->unit == FU_WORD ? "a word" :
		    "a number or a reference {NAME.FIELD}");
		return;
	}
	scen_expect_value(ctx, it, f, kind, idx);
}

void
scen_do_expect(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scenario		*sc = ctx->sc;
	struct scen_expect	*ex;
	struct scen_expect_item	*it;
	struct scen_key		*k;
	int			 i;
	bool			 by_is_key;

	sc->expects = xgrowarray(sc->expects, sc->nexpects,
	    sizeof *sc->expects);
	ex = &sc->expects[sc->nexpects++];
	memset(ex, 0, sizeof *ex);
	ex->line = sec->line;
	by_is_key = scen_expect_times(ctx, sec, ex);

	ex->items = xcalloc(sec->nkeys, sizeof *ex->items);
	for (i = 0; i < sec->nkeys; i++) {
		k = &sec->keys[i];
		if (strcmp(k->name, "at") == 0 ||
		    (by_is_key && strcmp(k->name, "by") == 0))
			continue;
		it = &ex->items[ex->nitems++];
		scen_expect_split(it, k->line, k->name, scen_val(k));
		if (!k->bad)
			scen_expect_check(ctx, it, " in [expect]");
	}
	if (ex->nitems == 0)
		scen_error(ctx, sec->line, "[expect] has nothing to check; add "
		    "lines such as 'writer = blocked write pipe' or "
		    "'pipe.fill = 64K'");
}

void
scen_expect_item(struct scen_ctx *ctx, struct scen_expect_item *it,
    int line, const char *key, const char *value, bool bad,
    const char *where)
{
	scen_expect_split(it, line, key, value);
	if (!bad)
		scen_expect_check(ctx, it, where);
}

void
scenario_cond_text(const struct scen_expect_item *it, char *out, size_t len)
{
	snprintf(out, len, "%s %s%s%s", it->key, it->cmp == CMP_EQ ? "=" :
	    scen_cmps[it->cmp], *it->value != '\0' ? " " : "", it->value);
}

int
scen_cmp_expect(const void *a0, const void *b0)
{
	const struct scen_expect	*a = a0, *b = b0;

	if (a->at_end != b->at_end)
		return a->at_end ? 1 : -1;
	if (a->at_ms != b->at_ms)
		return a->at_ms < b->at_ms ? -1 : 1;
	return a->line - b->line;
}
