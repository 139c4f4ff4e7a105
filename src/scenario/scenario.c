/*
 * scenario.c: load and check scenario files: the passes, the errors,
 * names and look-ups (the sections themselves: parse.c, channels.c,
 * procs.c, cues.c, expects.c; finding files: find.c).
 *
 * Loading has two passes. The first parses the file with inih through
 * ini-read.c: inih splits keys, values and continuations, ini-read.c reads
 * and numbers every line, reports unreadable ones (too long, NUL bytes,
 * controls, not UTF-8) and hands over each key, continuation, section
 * header and rejected line with its number. Here each key is filed under
 * the section instance it belongs to, repeated [cue] and [expect] sections
 * included, and malformed headers and lines are reported with their
 * number. The second pass checks the collected sections as a whole
 * (names, references between sections, kernel limits) and builds the
 * struct scenario. Every error is collected; none stops the load.
 */
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

static const char *scen_keys_scenario[] = {
	"title", "about", "duration", "stall"
};
const char *scen_role_names[ROLE_COUNT] = {
	"producer", "consumer", "relay", "user", "exec"
};
/* In enum cue_action order; the same words are the [cue] keys. */
const char *scen_action_names[CUE_ACTION_COUNT] = {
	"pause", "resume", "kill", "rate", "resize", "close", "start"
};


/* Error collection. */

static void	scen_errors_trim(struct scen_ctx *);
static int	scen_cmp_err(const void *, const void *);

void
scen_error(struct scen_ctx *ctx, int line, const char *fmt, ...)
{
	va_list		 ap;
	char		*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	util_printable(msg);
	ctx->errs = xgrowarray(ctx->errs, ctx->nerrs,
	    sizeof *ctx->errs);
	ctx->errs[ctx->nerrs].line = line;
	ctx->errs[ctx->nerrs].seq = ctx->nseq++;
	ctx->errs[ctx->nerrs].msg = msg;
	if (++ctx->nerrs == 2 * SCEN_MAX_ERRORS)
		scen_errors_trim(ctx);
}

/*
 * Keep the SCEN_MAX_ERRORS errors that come first in the file (by line,
 * then in the order found) and count the others: a file of garbage costs
 * bounded memory, and what is listed does not depend on which check ran
 * first.
 */
static void
scen_errors_trim(struct scen_ctx *ctx)
{
	int	i;

	qsort(ctx->errs, ctx->nerrs, sizeof *ctx->errs, scen_cmp_err);
	if (ctx->nerrs <= SCEN_MAX_ERRORS)
		return;
	for (i = SCEN_MAX_ERRORS; i < ctx->nerrs; i++)
		free(ctx->errs[i].msg);
	ctx->nerrs_dropped += ctx->nerrs - SCEN_MAX_ERRORS;
	ctx->nerrs = SCEN_MAX_ERRORS;
}

/* Text from the file quoted in a message, cut to a sane length. */
const char *
scen_clip(const char *s)
{
	return util_clip(s, 64, 48);
}

static void
scen_join(struct strbuf *sb, const char **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (i != 0)
			strbuf_add(sb, ", ", 2);
		strbuf_add(sb, list[i], strlen(list[i]));
	}
}

/* "a, b, c" for a word list; the caller frees. */
char *
scen_list(const char **list, size_t n)
{
	struct strbuf	sb = { NULL, 0, 0 };

	scen_join(&sb, list, n);
	if (sb.s == NULL)
		return xstrdup("");
	return sb.s;
}

int
scen_word_index(const char **list, size_t n, const char *w)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i], w) == 0)
			return (int)i;
	}
	return -1;
}

int
scen_valid_name(const char *s)
{
	size_t	i;

	if (!isalpha((unsigned char)s[0]) || !isascii((unsigned char)s[0]))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		if (i >= SCEN_MAX_NAME)
			return 0;
		if (!isascii((unsigned char)s[i]) ||
		    (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-'))
			return 0;
	}
	return 1;
}




void
scen_fmt_time(char *buf, size_t len, uint64_t ms)
{
	if (ms % 1000 == 0)
		snprintf(buf, len, "%llus", (unsigned long long)(ms / 1000));
	else
		snprintf(buf, len, "%llums", (unsigned long long)ms);
}

static void
scen_do_scenario(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scenario	*sc = ctx->sc;
	const char	*v;
	int		 present, line;
	uint64_t	 ms;
	char		 t[32];

	scen_check_keys(ctx, sec, scen_keys_scenario,
	    nitems(scen_keys_scenario));
	v = scen_get(sec, "title", &line, &present);
	if (!present)
		scen_error(ctx, sec->line, "missing 'title' in [scenario]; "
		    "give the scenario a one-line title");
	else if (v != NULL && *v == '\0')
		scen_error(ctx, line, "empty 'title'; give the scenario a "
		    "one-line title");
	else if (v != NULL) {
		free(sc->title);
		sc->title = xstrdup(v);
	}
	if ((v = scen_get(sec, "about", NULL, NULL)) != NULL) {
		free(sc->about);
		sc->about = xstrdup(v);
	}
	scen_get(sec, "duration", NULL, &present);
	if (present)
		ctx->duration_ok = 0;
	if (scen_get_num(ctx, sec, "duration", units_parse_time_ms, &ms,
	    &line, &v)) {
		if (ms == 0)
			scen_error(ctx, line, "duration must be above 0");
		else if (ms > SCEN_MAX_DURATION_MS) {
			scen_fmt_time(t, sizeof t, ms);
			scen_error(ctx, line, "duration %s is above the limit "
			    "of 1h (3600s)", t);
		} else {
			sc->duration_ms = ms;
			ctx->duration_ok = 1;
		}
	}
	if (scen_get_num(ctx, sec, "stall", units_parse_time_ms, &ms, &line,
	    &v)) {
		if (ms < 200)
			scen_error(ctx, line, "stall %s is too short: give 200ms "
			    "or more (samples are 50ms apart)", v);
		else
			sc->stall_ms = ms;
	}
}

/*
 * Split a value into words, any run of the characters in seps between
 * them. Returns the count, max + 1 if there are more than max; words
 * point into *copy, which the caller frees.
 */
int
scen_words(const char *v, const char *seps, char **copy, char **words,
    int max)
{
	char	*p, *w;
	int	 n = 0;

	*copy = xstrdup(v);
	for (p = *copy; (w = strsep(&p, seps)) != NULL;) {
		if (*w == '\0')
			continue;
		if (n == max)
			return max + 1;
		words[n++] = w;
	}
	return n;
}

static int
scen_cmp_err(const void *a0, const void *b0)
{
	const struct scen_err	*a = a0, *b = b0;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq - b->seq;
}

static void
scen_validate(struct scen_ctx *ctx)
{
	struct scenario	*sc = ctx->sc;
	struct scen_section *sec, *ssec = NULL;
	int		 i, nchan = 0, nproc = 0;

	for (i = 0; i < ctx->nsects; i++) {
		scen_drop_twice(ctx, &ctx->sects[i]);
		if (ctx->sects[i].kind == SECT_SCENARIO && ssec == NULL)
			ssec = &ctx->sects[i];
		if (ctx->sects[i].kind == SECT_CHANNEL)
			nchan++;
	}
	ctx->duration_ok = 1;
	if (ssec == NULL)
		scen_error(ctx, 1, "missing [scenario] section; start the file "
		    "with [scenario] and 'title = ...'");
	else
		scen_do_scenario(ctx, ssec);

	sc->channels = xcalloc(nchan, sizeof *sc->channels);
	ctx->ci = xcalloc(nchan, sizeof *ctx->ci);
	for (i = 0; i < ctx->nsects; i++) {
		if (ctx->sects[i].kind == SECT_CHANNEL)
			scen_do_channel(ctx, &ctx->sects[i]);
	}
	if (ctx->ndropped > 1)
		qsort(ctx->dropped, (size_t)ctx->ndropped,
		    sizeof *ctx->dropped, scen_cmp_strp);
	/*
	 * Every [process] section is at least one process: past the limit
	 * the file is invalid already, and checking thousands more would
	 * only cost time (the checks between processes are quadratic).
	 */
	for (i = 0; i < ctx->nsects; i++) {
		sec = &ctx->sects[i];
		if (sec->kind != SECT_PROCESS)
			continue;
		if (nproc++ == SCENARIO_MAX_PROCS)
			scen_error(ctx, sec->line, "too many processes: more "
			    "than %d [process] sections; at most %d",
			    SCENARIO_MAX_PROCS, SCENARIO_MAX_PROCS);
		if (nproc <= SCENARIO_MAX_PROCS)
			scen_do_process(ctx, sec);
	}
	if (ctx->npb == 0)
		scen_error(ctx, ssec != NULL ? ssec->line : 1, "no processes; "
		    "add a [process NAME] section with a role");
	else {
		scen_check_exec(ctx);
		scen_relay_sizes(ctx);
		scen_expand(ctx);
	}
	scen_check_names(ctx);
	scen_check_channels(ctx);

	for (i = 0; i < ctx->nsects; i++) {
		sec = &ctx->sects[i];
		if (sec->kind == SECT_CUE)
			scen_do_cue(ctx, sec);
		else if (sec->kind == SECT_EXPECT)
			scen_do_expect(ctx, sec);
	}
	scen_check_cue_starts(ctx);
	if (sc->ncues > 1)
		qsort(sc->cues, sc->ncues, sizeof *sc->cues, scen_cmp_cue);
	if (sc->nexpects > 1)
		qsort(sc->expects, sc->nexpects, sizeof *sc->expects,
		    scen_cmp_expect);
}

static void
scen_ctx_free(struct scen_ctx *ctx)
{
	struct scen_section	*sec;
	int			 i, j;

	for (i = 0; i < ctx->nsects; i++) {
		sec = &ctx->sects[i];
		for (j = 0; j < sec->nkeys; j++) {
			free(sec->keys[j].name);
			strbuf_free(&sec->keys[j].value);
		}
		free(sec->keys);
		free(sec->name);
	}
	free(ctx->sects);
	for (i = 0; i < ctx->nerrs; i++)
		free(ctx->errs[i].msg);
	free(ctx->errs);
	for (i = 0; i < ctx->npb; i++)
		scen_argv_free(ctx->pb[i].argv);
	free(ctx->pb);
	free(ctx->ci);
	free(ctx->dropped);
}

static void
scen_errors_add(struct scen_errors *errs, char *msg)
{
	errs->msgs = xgrowarray(errs->msgs, errs->n, sizeof *errs->msgs);
	errs->msgs[errs->n++] = msg;
}

struct scenario *
scenario_load(const char *path, struct scen_errors *errs)
{
	struct scen_ctx	 ctx;
	struct scenario	*sc;
	const char	*base, *dot;
	char		*msg, *shown;
	int		 i;

	memset(&ctx, 0, sizeof ctx);
	ctx.path = path;
	ctx.cur = -1;
	ctx.last_key = -1;

	if ((ctx.f = util_fopen_regular(path, &msg)) == NULL) {
		scen_errors_add(errs, msg);
		return NULL;
	}

	sc = xcalloc(1, sizeof *sc);
	ctx.sc = sc;
	sc->path = xstrdup(path);
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot != NULL && strcmp(dot, ".ini") == 0 && dot != base)
		sc->name = xstrndup(base, (size_t)(dot - base));
	else
		sc->name = xstrdup(base);
	util_printable(sc->name);	/* it is shown everywhere */
	sc->about = xstrdup("");
	sc->duration_ms = SCEN_DEFAULT_DURATION;
	sc->stall_ms = 2000;

	if (ini_read_parse(ctx.f, "scenario", INI_READ_CONT, scen_read_error,
	    scen_line, &ctx) == -1) {
		shown = util_printable_dup(path);
		xasprintf(&msg, "%s: cannot read: %s", shown, strerror(errno));
		free(shown);
		scen_errors_add(errs, msg);
		fclose(ctx.f);
		scen_ctx_free(&ctx);
		scenario_free(sc);
		return NULL;
	}
	fclose(ctx.f);

	scen_validate(&ctx);

	if (ctx.nerrs != 0) {
		scen_errors_trim(&ctx);
		shown = util_printable_dup(path);
		for (i = 0; i < ctx.nerrs; i++) {
			xasprintf(&msg, "%s:%d: %s", shown, ctx.errs[i].line,
			    ctx.errs[i].msg);
			scen_errors_add(errs, msg);
		}
		if (ctx.nerrs_dropped != 0) {
			xasprintf(&msg, "%s: %d more errors not listed (at most "
			    "%d are)", shown, ctx.nerrs_dropped,
			    SCEN_MAX_ERRORS);
			scen_errors_add(errs, msg);
		}
		free(shown);
		scenario_free(sc);
		sc = NULL;
	} else if (sc->title == NULL)
		sc->title = xstrdup(sc->name);
	scen_ctx_free(&ctx);
	return sc;
}

void
scenario_free(struct scenario *sc)
{
	int	i, j;

	if (sc == NULL)
		return;
	free(sc->path);
	free(sc->name);
	free(sc->title);
	free(sc->about);
	for (i = 0; i < sc->nchannels; i++)
		free(sc->channels[i].name);
	free(sc->channels);
	for (i = 0; i < sc->nprocs; i++) {
		free(sc->procs[i].name);
		free(sc->procs[i].base);
		scen_argv_free(sc->procs[i].argv);
	}
	free(sc->procs);
	for (i = 0; i < sc->ncues; i++) {
		free(sc->cues[i].say);
		for (j = 0; j < sc->cues[i].nactions; j++) {
			free(sc->cues[i].actions[j].procs);
			free(sc->cues[i].actions[j].text);
		}
		free(sc->cues[i].actions);
		for (j = 0; j < sc->cues[i].nwhen; j++) {
			free(sc->cues[i].when[j].key);
			free(sc->cues[i].when[j].subject);
			free(sc->cues[i].when[j].field);
			free(sc->cues[i].when[j].value);
		}
		free(sc->cues[i].when);
	}
	free(sc->cues);
	for (i = 0; i < sc->nexpects; i++) {
		for (j = 0; j < sc->expects[i].nitems; j++) {
			free(sc->expects[i].items[j].key);
			free(sc->expects[i].items[j].subject);
			free(sc->expects[i].items[j].field);
			free(sc->expects[i].items[j].value);
		}
		free(sc->expects[i].items);
	}
	free(sc->expects);
	free(sc);
}

void
scen_errors_clear(struct scen_errors *errs)
{
	int	i;

	for (i = 0; i < errs->n; i++)
		free(errs->msgs[i]);
	free(errs->msgs);
	errs->msgs = NULL;
	errs->n = 0;
}


const char *
scenario_action_name(enum cue_action a)
{
	if ((int)a < 0 || a >= CUE_ACTION_COUNT)
		return "?";
	return scen_action_names[a];
}

const char *
scenario_role_name(enum proc_role r)
{
	if ((int)r < 0 || r >= ROLE_COUNT)
		return "?";
	return scen_role_names[r];
}

int
scenario_channel_index(const struct scenario *sc, const char *name)
{
	int	i;

	for (i = 0; i < sc->nchannels; i++) {
		if (strcmp(sc->channels[i].name, name) == 0)
			return i;
	}
	return -1;
}

int
scenario_proc_index(const struct scenario *sc, const char *name)
{
	int	i;

	for (i = 0; i < sc->nprocs; i++) {
		if (strcmp(sc->procs[i].name, name) == 0)
			return i;
	}
	return -1;
}

uint64_t
scenario_channel_msgsize(const struct scenario *sc, int c)
{
	int	i;

	for (i = 0; i < sc->nprocs; i++) {
		if (sc->procs[i].to == c)
			return sc->procs[i].size;
	}
	if (c >= 0 && c < sc->nchannels && sc->channels[c].msgsize != 0)
		return sc->channels[c].msgsize;
	return SCEN_DEFAULT_SIZE;
}
