/* expects.c: [expect] sections, and the {NAME.FIELD} references of
   captions. */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "scenario/scen-int.h"

static const char *scen_states[] = {
	"starting", "running", "blocked", "waiting", "paused", "done", "failed"
};
static const char *scen_ops[] = {
	"write", "read", "send", "recv", "open", "put", "get", "join",
	"acquire", "release", "hold", "start", "rate", "think", "tail", "poll",
	"cue", "closed", "none"
};
static const char *scen_proc_fields[] = {
	"state", "op", "channel", "pid", "bytes_out", "bytes_in", "msgs_out",
	"msgs_in", "lost", "dup", "ooo", "blocked_s", "exit", "error",
	"eagain", "dropped"
};
static const char *scen_chan_fields[] = {
	"fill", "capacity", "bytes", "messages", "in_bps", "out_bps",
	"dropped", "waiters"
};
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

static int
scen_is_word_field(const char *field)
{
	return strcmp(field, "state") == 0 || strcmp(field, "op") == 0 ||
	    strcmp(field, "channel") == 0 || strcmp(field, "exit") == 0 ||
	    strcmp(field, "error") == 0;
}

/*
 * Check a field name for a subject; 0 if valid. where is text like
 * " in '{pipe.fil}'" for the message.
 */
static int
scen_check_field(struct scen_ctx *ctx, int line, enum scen_subj kind,
    const char *name, const char *field, const char *where)
{
	char	*list;

	if (kind == SUBJ_CHANNEL) {
		if (scen_word_index(scen_chan_fields, nitems(scen_chan_fields),
		    field) >= 0)
			return 0;
		list = scen_list(scen_chan_fields, nitems(scen_chan_fields));
		scen_error(ctx, line, "unknown field '%s' for channel '%s'%s; "
		    "channel fields: %s", scen_clip(field), name, where, list);
	} else {
		if (scen_word_index(scen_proc_fields, nitems(scen_proc_fields),
		    field) >= 0)
			return 0;
		list = scen_list(scen_proc_fields, nitems(scen_proc_fields));
		scen_error(ctx, line, "unknown field '%s' for process '%s'%s; "
		    "process fields: %s", scen_clip(field), name, where, list);
	}
	free(list);
	return -1;
}

/*
 * Check one placeholder body "NAME.FIELD" or "NAME.FIELD:h". Returns the
 * subject kind (SUBJ_NONE on error) and sets *numeric.
 */
static enum scen_subj
scen_check_ref(struct scen_ctx *ctx, int line, const char *body,
    int *numeric)
{
	char		*copy, *dot, *fmt, where[96];
	enum scen_subj	 kind = SUBJ_NONE;
	int		 idx;

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
	if (scen_check_field(ctx, line, kind, copy, dot, where) != 0) {
		kind = SUBJ_NONE;
		goto out;
	}
	*numeric = !scen_is_word_field(dot);
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

static void
scen_expect_value(struct scen_ctx *ctx, struct scen_expect_item *it,
    enum scen_subj kind, int idx)
{
	struct scenario	*sc = ctx->sc;
	const char	*v = it->value;
	char		*words[4], *copy, *list, *cause, *end;
	uint64_t	 n;
	int		 nw, i, k, numeric, ci;
	double		 d;

	if (*v == '{') {
		end = strchr(v, '}');
		if (end == NULL || end[1] != '\0') {
			scen_error(ctx, it->line, "a reference must be the "
			    "whole value: {NAME.FIELD}");
			return;
		}
		if (scen_is_word_field(it->field)) {
			scen_error(ctx, it->line, "'%s' takes a word, not a "
			    "reference", it->key);
			return;
		}
		copy = xstrndup(v + 1, (size_t)(end - v - 1));
		if (scen_check_ref(ctx, it->line, copy, &numeric) !=
		    SUBJ_NONE && !numeric)
			scen_error(ctx, it->line, "'{%s}' is a word, not a "
			    "number; '%s' compares numbers", scen_clip(copy),
			    it->key);
		free(copy);
		return;
	}
	if (strchr(v, '{') != NULL) {
		scen_error(ctx, it->line, "a reference must be the whole "
		    "value: {NAME.FIELD}");
		return;
	}

	if (!scen_is_word_field(it->field)) {
		if (strcmp(it->field, "blocked_s") == 0) {
			d = strtod(v, &end);
			if (!isdigit((unsigned char)*v) || *end != '\0' ||
			    d < 0) {
				scen_error(ctx, it->line, "bad value '%s' for "
				    "%s: expected seconds as a number (2, "
				    "0.5)", scen_clip(v), it->key);
			}
			return;
		}
		if (units_parse_size(v, &n, &cause) != 0) {
			scen_error(ctx, it->line, "%s: %s, or a reference "
			    "{NAME.FIELD}", it->key, cause);
			free(cause);
		}
		return;
	}

	if (it->cmp != CMP_EQ && it->cmp != CMP_NE) {
		scen_error(ctx, it->line, "'%s' compares a word: use == or "
		    "!=, not %s", it->key, scen_cmps[it->cmp]);
		return;
	}
	/* STATE [OP [CHANNEL]] for the bare form, one word otherwise. */
	nw = scen_words(v, " \t", &copy, words, 3);
	if (nw > 3 || (nw > 1 && strchr(it->key, '.') != NULL)) {
		if (strchr(it->key, '.') != NULL)
			scen_error(ctx, it->line, "'%s' takes one word, not "
			    "'%s'", it->key, scen_clip(v));
		else
			scen_error(ctx, it->line, "too many words in '%s'; "
			    "expected STATE [OP [CHANNEL]], e.g. blocked write "
			    "pipe", scen_clip(v));
		free(copy);
		return;
	}
	for (i = 0; i < nw; i++) {
		const char *f = it->field;

		if (strcmp(f, "state") == 0 && strchr(it->key, '.') == NULL)
			f = i == 0 ? "state" : i == 1 ? "op" : "channel";
		if (strcmp(f, "state") == 0) {
			if (scen_word_index(scen_states, nitems(scen_states),
			    words[i]) < 0) {
				list = scen_list(scen_states,
				    nitems(scen_states));
				scen_error(ctx, it->line, "unknown state '%s'; "
				    "states: %s", scen_clip(words[i]), list);
				free(list);
			}
		} else if (strcmp(f, "op") == 0) {
			if (scen_word_index(scen_ops, nitems(scen_ops),
			    words[i]) < 0) {
				list = scen_list(scen_ops, nitems(scen_ops));
				scen_error(ctx, it->line, "unknown operation "
				    "'%s'; operations: %s", scen_clip(words[i]),
				    list);
				free(list);
			}
		} else if (strcmp(f, "channel") == 0) {
			if (strcmp(words[i], "none") == 0)
				continue;
			ci = scenario_channel_index(sc, words[i]);
			if (ci < 0) {
				scen_resolve_channel(ctx, words[i], it->line);
				continue;
			}
			if (kind == SUBJ_PROC) {
				k = sc->procs[idx].from == ci ||
				    sc->procs[idx].to == ci ||
				    sc->procs[idx].uses == ci;
			} else {
				k = ctx->pb[idx].from == ci ||
				    ctx->pb[idx].to == ci ||
				    ctx->pb[idx].uses == ci;
			}
			if (!k)
				scen_error(ctx, it->line, "process '%s' does "
				    "not use channel '%s'", it->subject,
				    words[i]);
		} else if (strcmp(f, "exit") == 0) {
			if (isdigit((unsigned char)words[i][0])) {
				cause = NULL;
				if (units_parse_count(words[i], &n, &cause)
				    != 0 || n > 255)
					scen_error(ctx, it->line, "bad exit "
					    "'%s': expected 0 to 255 or a signal "
					    "name such as SIGPIPE",
					    scen_clip(words[i]));
				free(cause);
			} else if (strcmp(words[i], "none") == 0)
				continue;
			else if ((k = util_signum(words[i])) < 0)
				scen_error(ctx, it->line, "unknown signal '%s'; "
				    "expected 0 to 255, none, or a signal name "
				    "such as SIGPIPE, SIGKILL, SIGTERM",
				    scen_clip(words[i]));
			else if (strcmp(util_signame(k), words[i]) != 0)
				/* The verifier compares the name it prints. */
				scen_error(ctx, it->line, "write signal '%s' as "
				    "'%s'", scen_clip(words[i]),
				    util_signame(k));
		} else if (strcmp(f, "error") == 0) {
			for (k = 1; k < 256; k++) {
				if (strcmp(util_errname(k), words[i]) == 0)
					break;
			}
			if (k == 256 && strcmp(words[i], "none") != 0)
				scen_error(ctx, it->line, "unknown error '%s'; "
				    "expected an errno name such as EPIPE, "
				    "EAGAIN, EINTR", scen_clip(words[i]));
		}
	}
	free(copy);
}

void
scen_do_expect(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scenario		*sc = ctx->sc;
	struct scen_expect	*ex;
	struct scen_expect_item	*it;
	struct scen_key		*k;
	const char		*at, *by, *v;
	char			*dot, t[32], *list;
	enum scen_subj		 kind;
	int			 i, present, line, idx;
	bool			 by_is_key;
	size_t			 j, len;

	sc->expects = xgrowarray(sc->expects, sc->nexpects,
	    sizeof *sc->expects);
	ex = &sc->expects[sc->nexpects++];
	memset(ex, 0, sizeof *ex);
	ex->line = sec->line;

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

	ex->items = xcalloc(sec->nkeys, sizeof *ex->items);
	for (i = 0; i < sec->nkeys; i++) {
		k = &sec->keys[i];
		if (strcmp(k->name, "at") == 0 ||
		    (by_is_key && strcmp(k->name, "by") == 0))
			continue;
		it = &ex->items[ex->nitems++];
		it->line = k->line;
		it->key = xstrdup(k->name);
		if ((dot = strchr(k->name, '.')) != NULL) {
			it->subject = xstrndup(k->name,
			    (size_t)(dot - k->name));
			it->field = xstrdup(dot + 1);
		} else {
			it->subject = xstrdup(k->name);
			it->field = xstrdup("state");
		}
		v = scen_val(k);
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
		if (k->bad)
			continue;

		len = strlen(k->name);
		if (len > 0 && strchr("<>!", k->name[len - 1]) != NULL) {
			scen_error(ctx, k->line, "the comparison goes after "
			    "'=': write 'KEY = %c= VALUE' or 'KEY = %c VALUE'",
			    k->name[len - 1], k->name[len - 1]);
			continue;
		}
		if (dot == NULL && strcmp(it->subject, "stall") == 0 &&
		    scen_subject(ctx, it->subject, &idx) == SUBJ_NONE) {
			/* Was a stall reported by then (or ever, at end)? */
			it->is_stall = true;
			if (it->cmp != CMP_EQ || (strcmp(it->value, "yes") != 0 &&
			    strcmp(it->value, "no") != 0))
				scen_error(ctx, k->line, "'stall' takes yes or "
				    "no: was a stall reported by then");
			continue;
		}
		kind = scen_subject(ctx, it->subject, &idx);
		if (kind == SUBJ_NONE) {
			scen_unknown_subject(ctx, k->line, it->subject,
			    " in [expect]");
			continue;
		}
		it->is_channel = kind == SUBJ_CHANNEL;
		if (dot == NULL && kind == SUBJ_CHANNEL) {
			list = scen_list(scen_chan_fields,
			    nitems(scen_chan_fields));
			scen_error(ctx, k->line, "channel '%s' needs a field: "
			    "%s.FIELD where FIELD is one of %s", it->subject,
			    it->subject, list);
			free(list);
			continue;
		}
		if (scen_check_field(ctx, k->line, kind, it->subject,
		    it->field, "") != 0)
			continue;
		if (*it->value == '\0') {
			scen_error(ctx, k->line, "'%s' has no value; expected "
			    "%s", it->key, dot == NULL ? "STATE [OP [CHANNEL]], "
			    "e.g. blocked write pipe" :
			    scen_is_word_field(it->field) ? "a word" :
			    "a number or a reference {NAME.FIELD}");
			continue;
		}
		scen_expect_value(ctx, it, kind, idx);
	}
	if (ex->nitems == 0)
		scen_error(ctx, sec->line, "[expect] has nothing to check; add "
		    "lines such as 'writer = blocked write pipe' or "
		    "'pipe.fill = 64K'");
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
