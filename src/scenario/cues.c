/* cues.c: [cue] sections and their actions. */
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

static const char *scen_keys_cue[] = {
	"at", "when", "say", "pause", "resume", "kill", "rate", "resize",
	"close", "start"
};

#define SCEN_WHEN_USAGE "a condition as in [expect]: 'when = KEY = VALUE' " \
	"or 'when = KEY CMP VALUE', e.g. 'when = writer = blocked write " \
	"pipe' or 'when = reader.msgs_in >= 100'"

/*
 * when = CONDITION: "KEY = [CMP] VALUE" or "KEY CMP VALUE" (CMP one of ==
 * != < <= > >=), checked as an [expect] line is.
 */
static void
scen_do_when(struct scen_ctx *ctx, struct scen_cue *cue,
    const struct scen_key *k)
{
	const char		*v = scen_val(k), *p, *rest;
	struct scen_expect_item	*it;
	char			*key;

	if (k->bad)
		return;
	while (isspace((unsigned char)*v))
		v++;
	for (p = v; *p != '\0' && !isspace((unsigned char)*p) &&
	    strchr("=<>!", *p) == NULL; p++)
		/* nothing */;
	rest = p;
	while (isspace((unsigned char)*rest))
		rest++;
	if (p == v || *rest == '\0' || strchr("=<>!", *rest) == NULL) {
		scen_error(ctx, k->line, "'when = %s' is not a condition; "
		    "write %s", scen_clip(v), SCEN_WHEN_USAGE);
		return;
	}
	/* "KEY = VALUE" and "KEY = >= VALUE" as in [expect]; "KEY >= VALUE"
	   and "KEY == VALUE" as one would write them. */
	if (rest[0] == '=' && rest[1] != '=')
		for (rest++; isspace((unsigned char)*rest); rest++)
			/* nothing */;
	if (*rest == '\0') {
		scen_error(ctx, k->line, "'when = %s' has no value; write %s",
		    scen_clip(v), SCEN_WHEN_USAGE);
		return;
	}
	key = xstrndup(v, (size_t)(p - v));
	cue->when = xgrowarray(cue->when, cue->nwhen, sizeof *cue->when);
	it = &cue->when[cue->nwhen++];
	memset(it, 0, sizeof *it);
	scen_expect_item(ctx, it, k->line, key, rest, false, " in 'when'");
	free(key);
}

/* Add the processes a name stands for; 0 if it names none. */
static int
scen_action_target(struct scen_ctx *ctx, struct scen_action *a,
    const char *name, int line)
{
	struct scenario	*sc = ctx->sc;
	struct scen_pbase *pb;
	int		 idx, i;

	switch (scen_subject(ctx, name, &idx)) {
	case SUBJ_PROC:
		a->procs = xgrowarray(a->procs, a->nprocs,
		    sizeof *a->procs);
		a->procs[a->nprocs++] = idx;
		return 1;
	case SUBJ_BASE:
		pb = &ctx->pb[idx];
		for (i = 0; i < pb->replicas && pb->first + i < sc->nprocs;
		    i++) {
			a->procs = xgrowarray(a->procs, a->nprocs,
			    sizeof *a->procs);
			a->procs[a->nprocs++] = pb->first + i;
		}
		return 1;
	case SUBJ_CHANNEL:
		scen_error(ctx, line, "'%s' is a channel; '%s' takes process "
		    "names", scen_clip(name),
		    scen_action_names[a->what]);
		return 0;
	default:
		scen_unknown_subject(ctx, line, name, "");
		return 0;
	}
}

/* Does process p hold an end of channel c? */
static int
scen_proc_uses(const struct scen_proc *p, int c)
{
	return p->from == c || p->to == c || p->uses == c;
}

static bool
scen_kind_resizable(const struct channel_ops *k)
{
	return k->resizable;
}

static bool
scen_kind_closable(const struct channel_ops *k)
{
	return k->closable;
}

/* resize = CHANNEL SIZE: a resizable channel and a size it can hold. */
static void
scen_action_resize(struct scen_ctx *ctx, struct scen_action *a,
    char **words, int line)
{
	struct chan_conf	*ch;
	char			*cause;
	char			 kinds[256];
	uint64_t		 lim;

	a->chan = scen_resolve_channel(ctx, words[0], line);
	if (a->chan >= 0) {
		ch = &ctx->sc->channels[a->chan];
		if (ch->kind != NULL && !ch->kind->resizable) {
			channel_kind_list(kinds, sizeof kinds, " and ",
			    scen_kind_resizable);
			scen_error(ctx, line, "resize works on %s "
			    "channels (F_SETPIPE_SZ); '%s' is a %s",
			    kinds, ch->name, ch->kind->name);
		}
	}
	lim = channel_limits()->pipe_max_size;
	if (units_parse_size(words[1], &a->size, &cause) != 0) {
		scen_error(ctx, line, "resize: %s", cause);
		free(cause);
	} else if (a->size < 4096 || a->size > lim)
		scen_error(ctx, line, "resize to %s: a pipe holds "
		    "from 4K (one page) up to %llu bytes "
		    "(/proc/sys/fs/pipe-max-size)", words[1],
		    (unsigned long long)lim);
}

/*
 * close = PROCESS CHANNEL, the processes already resolved: a closable
 * channel of which each of them holds an end.
 */
static void
scen_action_close(struct scen_ctx *ctx, struct scen_action *a,
    char **words, int line)
{
	struct scenario		*sc = ctx->sc;
	struct chan_conf	*ch;
	char			 kinds[256];
	int			 i;

	a->chan = scen_resolve_channel(ctx, words[1], line);
	if (a->chan >= 0) {
		ch = &sc->channels[a->chan];
		if (ch->kind != NULL && !ch->kind->closable) {
			channel_kind_list(kinds, sizeof kinds, " and ",
			    scen_kind_closable);
			scen_error(ctx, line, "close works on %s "
			    "channels, whose ends are descriptors only "
			    "their holder can close; '%s' is a %s",
			    kinds, ch->name, ch->kind->name);
			a->chan = -1;
		}
	}
	for (i = 0; a->chan >= 0 && i < a->nprocs; i++) {
		if (!scen_proc_uses(&sc->procs[a->procs[i]],
		    a->chan)) {
			scen_error(ctx, line, "'%s' holds no end of "
			    "channel '%s'; only its readers and "
			    "writers can close one", words[0],
			    words[1]);
			break;
		}
	}
}

/* A program sets its own pace and closes its own descriptors. */
static void
scen_action_not_exec(struct scen_ctx *ctx, const struct scen_action *a,
    int line)
{
	const struct scen_proc	*p;
	int			 i;

	for (i = 0; i < a->nprocs; i++) {
		p = &ctx->sc->procs[a->procs[i]];
		if (p->role != ROLE_EXEC)
			continue;
		scen_error(ctx, line, "'%s' is an exec process: its program "
		    "sets its own pace and closes its own descriptors; %s "
		    "applies to producers, consumers, relays and users "
		    "(pause, resume, kill and start work on it)", p->name,
		    scen_action_names[a->what]);
		return;
	}
}

/* start = PROCESS...: each of them waits for a cue ('start = cue'). */
static void
scen_action_start(struct scen_ctx *ctx, struct scen_action *a, int line)
{
	int	i;

	for (i = 0; i < a->nprocs; i++) {
		const struct scen_proc *p = &ctx->sc->procs[a->procs[i]];

		if (!p->start_cue) {
			scen_error(ctx, line, "'%s' starts on its own; "
			    "give it 'start = cue' in [process %s] to "
			    "have a cue start it", p->name, p->base);
			break;
		}
	}
}

static void
scen_do_action(struct scen_ctx *ctx, struct scen_cue *cue,
    struct scen_key *k, enum cue_action what)
{
	static const char *usage[CUE_ACTION_COUNT] = {
		[CUE_PAUSE] = "'pause = PROCESS...'",
		[CUE_RESUME] = "'resume = PROCESS...'",
		[CUE_KILL] = "'kill = PROCESS...'",
		[CUE_RATE] = "'rate = PROCESS... RATE', e.g. "
		    "'rate = consumer 1M/s' or 'rate = producer max'",
		[CUE_RESIZE] = "'resize = CHANNEL SIZE', e.g. "
		    "'resize = pipe 256K'",
		[CUE_CLOSE] = "'close = PROCESS CHANNEL', e.g. "
		    "'close = reader pipe'",
		[CUE_START] = "'start = PROCESS...'"
	};
	struct scen_action	*a;
	const char		*v = scen_val(k);
	char			*copy, *words[SCENARIO_MAX_PROCS + 2], *cause;
	int			 n, i, nnames, line = k->line;

	if (k->bad)
		return;
	/* Names may be separated by commas too. */
	n = scen_words(v, " \t,", &copy, words, (int)nitems(words));
	nnames = n;
	if (what == CUE_RATE || what == CUE_RESIZE || what == CUE_CLOSE)
		nnames = n - 1;
	if (n == 0 || n > (int)nitems(words) - 1 || nnames < 1 ||
	    ((what == CUE_RESIZE || what == CUE_CLOSE) && n != 2)) {
		scen_error(ctx, line, "'%s' needs %s", k->name, usage[what]);
		free(copy);
		return;
	}
	cue->actions = xgrowarray(cue->actions, cue->nactions,
	    sizeof *cue->actions);
	a = &cue->actions[cue->nactions++];
	memset(a, 0, sizeof *a);
	a->line = line;
	a->what = what;
	a->chan = -1;
	a->text = xstrdup(v);

	if (what == CUE_RESIZE) {
		scen_action_resize(ctx, a, words, line);
		free(copy);
		return;
	}
	if (what == CUE_RATE &&
	    units_parse_rate(words[n - 1], &a->rate, &cause) != 0) {
		scen_error(ctx, line, "rate: %s", cause);
		free(cause);
	}
	for (i = 0; i < nnames; i++)
		scen_action_target(ctx, a, words[i], line);
	if (what == CUE_CLOSE && a->nprocs > 0)
		scen_action_close(ctx, a, words, line);
	if (what == CUE_RATE || what == CUE_CLOSE)
		scen_action_not_exec(ctx, a, line);
	if (what == CUE_START)
		scen_action_start(ctx, a, line);
	free(copy);
}

/*
 * A caption is text to show, where an inline comment would cut it
 * without a word: "The pipe is full ; the writer waits" shows "The pipe
 * is full". So a ';' after a blank in 'say' is an error.
 */
static void
scen_cue_comment(struct scen_ctx *ctx, struct scen_section *sec)
{
	int	i;

	for (i = 0; i < sec->nkeys; i++) {
		if (strcmp(sec->keys[i].name, "say") != 0 ||
		    sec->keys[i].comment_line == 0)
			continue;
		scen_error(ctx, sec->keys[i].comment_line, "' ;' in a caption "
		    "starts a comment that cuts the caption there; write ';' "
		    "right after a word ('full; the writer'), and put a "
		    "comment on a line of its own");
	}
}

void
scen_do_cue(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scenario	*sc = ctx->sc;
	struct scen_cue	*cue;
	const char	*say, *at;
	int		 present, line, i, w;
	uint64_t	 ms = 0;
	char		 t[32];

	scen_check_keys(ctx, sec, scen_keys_cue, nitems(scen_keys_cue));
	sc->cues = xgrowarray(sc->cues, sc->ncues, sizeof *sc->cues);
	cue = &sc->cues[sc->ncues++];
	memset(cue, 0, sizeof *cue);
	cue->line = sec->line;

	at = scen_get(sec, "at", &line, &present);
	if (!present)
		scen_error(ctx, sec->line, "missing 'at' in [cue]; give a time "
		    "such as 'at = 2s'");
	else if (scen_get_num(ctx, sec, "at", units_parse_time_ms, &ms, &line,
	    &at) && ctx->duration_ok && ms > sc->duration_ms) {
		scen_fmt_time(t, sizeof t, sc->duration_ms);
		scen_error(ctx, line, "cue at %s comes after the end of the "
		    "scenario (duration %s)", at, t);
	}
	cue->at_ms = ms;
	for (i = 0; i < sec->nkeys; i++) {
		if (strcmp(sec->keys[i].name, "when") == 0) {
			scen_do_when(ctx, cue, &sec->keys[i]);
			continue;
		}
		w = scen_word_index(scen_action_names,
		    nitems(scen_action_names), sec->keys[i].name);
		if (w >= 0)
			scen_do_action(ctx, cue, &sec->keys[i],
			    (enum cue_action)w);
	}
	scen_cue_comment(ctx, sec);
	say = scen_get(sec, "say", &line, &present);
	if (!present && cue->nactions == 0)
		scen_error(ctx, sec->line, "missing 'say' in [cue]; give the "
		    "caption text, or an action (pause, resume, kill, rate, "
		    "resize, close, start)");
	else if (present && say != NULL && *say == '\0')
		scen_error(ctx, line, "empty 'say' in [cue]; give the caption "
		    "text");
	else if (say != NULL)
		scen_check_text(ctx, line, say);
	cue->say = xstrdup(say != NULL ? say : "");
}

/* Every process with 'start = cue' must be started by some cue. */
void
scen_check_cue_starts(struct scen_ctx *ctx)
{
	struct scenario		*sc = ctx->sc;
	const struct scen_action *a;
	struct scen_pbase	*pb;
	struct strbuf		 sb = { NULL, 0, 0 };
	char			*started;
	int			 i, j, k, left;

	if (sc->nprocs == 0)
		return;
	started = xcalloc((size_t)sc->nprocs, 1);
	for (i = 0; i < sc->ncues; i++) {
		for (j = 0; j < sc->cues[i].nactions; j++) {
			a = &sc->cues[i].actions[j];
			for (k = 0; a->what == CUE_START && k < a->nprocs; k++)
				started[a->procs[k]] = 1;
		}
	}
	for (i = 0; i < ctx->npb; i++) {
		pb = &ctx->pb[i];
		if (!pb->start_cue)
			continue;
		left = 0;
		for (k = 0; k < pb->replicas && pb->first + k < sc->nprocs;
		    k++) {
			if (started[pb->first + k])
				continue;
			strbuf_printf(&sb, "%s%s", left++ ? ", " : "",
			    sc->procs[pb->first + k].name);
		}
		if (left == pb->replicas)
			scen_error(ctx, pb->start_line, "'%s' waits for a cue "
			    "(start = cue), but no [cue] starts it; add "
			    "'start = %s' to a [cue]", pb->sec->name,
			    pb->sec->name);
		else if (left > 0)
			scen_error(ctx, pb->start_line, "'%s' waits for a cue "
			    "(start = cue), but no [cue] starts %s; name "
			    "them in a 'start' action, or start them all "
			    "with 'start = %s'", pb->sec->name, sb.s,
			    pb->sec->name);
		strbuf_free(&sb);
	}
	free(started);
}

int
scen_cmp_cue(const void *a0, const void *b0)
{
	const struct scen_cue	*a = a0, *b = b0;

	if (a->at_ms != b->at_ms)
		return a->at_ms < b->at_ms ? -1 : 1;
	return a->line - b->line;	/* file order: a stable sort */
}
