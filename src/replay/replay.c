/*
 * replay.c: a recording opened, checked in a first pass, and played step
 * by step as a source of observations (replay.h).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "replay/replay-int.h"

/* A line of nothing but blanks (a trailing newline, CRs): skipped. */
static bool
rp_blank(const struct replay *r)
{
	size_t	i;

	for (i = 0; i < r->buf.len; i++) {
		if (strchr(" \t\r", r->buf.s[i]) == NULL)
			return false;
	}
	return true;
}

/*
 * A record's type and time: "sample" and "event" are steps (1, with
 * *kind and *t); "end" ends the recording (0); a type this ipcscope
 * does not know (a newer one's) is skipped (2). -1 after rp_error.
 */
static int
rp_record(struct replay *r, json_t *o, enum rp_step *kind, double *t)
{
	const char	*type = NULL, *reason = NULL;

	*t = NAN;
	if (rp_str(r, o, "record", "type", &type, NULL) == -1 ||
	    rp_num(r, o, "record", "t", t, NULL) == -1)
		return -1;
	if (type == NULL)
		return rp_error(r, "a record without \"type\" (scenario, "
		    "sample, event or end)");
	if (strcmp(type, "scenario") == 0)
		return rp_error(r, "a second scenario record: a recording "
		    "holds one run (were two files joined?)");
	if (r->end_seen)
		return rp_error(r, "a \"%s\" record after the end record",
		    type);
	/* A followed program's row or channel, as it appeared. */
	if (strcmp(type, "row") == 0 || strcmp(type, "channel") == 0)
		return rp_declare(r, o, type) == -1 ? -1 : 2;
	if (strcmp(type, "sample") != 0 && strcmp(type, "event") != 0 &&
	    strcmp(type, "end") != 0)
		return 2;
	if (isnan(*t) || *t < 0 || *t > 1e9)
		return rp_error(r, "%s record: \"t\" must be the seconds since "
		    "the start (a number >= 0)", type);
	if (strcmp(type, "end") == 0) {
		if (rp_str(r, o, "end record", "reason", &reason, NULL) == -1)
			return -1;
		if (r->checking) {
			free(r->end_reason);
			r->end_reason = rp_dup(reason != NULL ? reason : "?");
		}
		r->end_seen = true;
		if (*t > r->length)
			r->length = *t;
		return 0;
	}
	*kind = strcmp(type, "sample") == 0 ? RP_SAMPLE : RP_EVENT;
	return 1;
}

/*
 * Read ahead to the next step: 1, 0 when there is none (the end record,
 * the end of the file, or a last line cut short), -1 after rp_error.
 */
static int
rp_next(struct replay *r)
{
	char	 why[256];
	json_t	*o;
	long	 off;
	int	 rc;

	for (;;) {
		off = ftell(r->f);
		if ((rc = rp_read_line(r)) != 1)
			return rc;
		if (rp_blank(r))
			continue;
		if ((o = rp_parse(r, why, sizeof why)) == NULL) {
			if (r->checking && !r->nl && r->eof) {
				r->cut = r->line;	/* a killed run's */
				r->cut_off = off;
				return 0;
			}
			return rp_error(r, "%s", why);
		}
		rc = rp_record(r, o, &r->next_kind, &r->next_t);
		if (rc == 1) {
			r->next = o;
			r->next_line = r->line;
			if (r->next_t > r->length)
				r->length = r->next_t;
			return 1;
		}
		json_decref(o);
		if (rc == -1)
			return -1;
		if (rc == 0 && !r->checking)
			return 0;
	}
}

bool
replay_peek(struct replay *r, double *t, bool *is_sample)
{
	if (r->next == NULL && !r->done && rp_next(r) != 1)
		r->done = true;
	if (r->next == NULL)
		return false;
	*t = r->next_t;
	if (is_sample != NULL)
		*is_sample = r->next_kind == RP_SAMPLE;
	return true;
}

/* Take the step read ahead: 0, or -1 after rp_error. */
static int
rp_take(struct replay *r)
{
	json_t	*o = r->next;
	int	 rc;

	rp_step_clear(r);
	if (o == NULL)
		return 0;
	r->next = NULL;
	r->line = r->next_line;		/* errors name the step's line */
	r->vis_rows = r->pend_rows;	/* declared before it */
	r->vis_chans = r->pend_chans;
	if (r->next_kind == RP_SAMPLE)
		rc = rp_sample(r, o, r->next_t);
	else
		rc = rp_event(r, o, r->next_t);
	json_decref(o);
	return rc;
}

/* The state now into *o; with the last step's event and stall or not. */
static void
rp_fill(struct replay *r, struct obs *o, bool step)
{
	struct obs_rec	*rec = &r->rec;

	o->now_ns = r->now_ns;
	o->t0_ns = RP_T0;
	o->procs = r->procs;
	o->nprocs = r->sc->nprocs + r->vis_rows;
	o->chans = r->chans;
	o->nchans = r->sc->nchannels + r->vis_chans;
	o->grows = r->grows;
	o->chan_info = r->grows ? r->chan_info : NULL;
	rec->caption = r->caption;
	rec->caption_live = r->caption_live;
	rec->off_script = r->off_script;
	rec->stalled = r->stalled;
	rec->stall_text = r->stall_text;
	rec->stall_procs = r->stall_procs;
	rec->nstall_procs = r->nstall_procs;
	rec->stall_chans = r->stall_chans;
	rec->nstall_chans = r->nstall_chans;
	rec->events = &r->ev;
	rec->nevents = r->nev;
	rec->procs = r->rprocs;
	if (!step) {
		rec->stall_text = NULL;
		rec->nevents = 0;
	}
	o->rec = rec;
}

void
replay_observe(void *arg, struct obs *o)
{
	struct replay	*r = arg;
	double		 t;

	/* The file checked, it can only fail if it changed since: stop. */
	if (!replay_peek(r, &t, NULL))
		rp_step_clear(r);	/* nothing new */
	else if (rp_take(r) == -1)
		r->done = true;
	rp_fill(r, o, true);
}

void
replay_look(struct replay *r, struct obs *o)
{
	rp_fill(r, o, false);
}

/* The scenario record, line 1: 0, or -1 after rp_error. */
static int
rp_open_header(struct replay *r)
{
	char		 why[256];
	json_t		*o;
	const char	*type = NULL;
	int		 rc;

	if ((rc = rp_read_line(r)) != 1)
		return rc == -1 ? -1 : rp_error(r, "empty: a recording starts "
		    "with its scenario record (the first line of ipcscope "
		    "--headless --format jsonl)");
	if ((o = rp_parse(r, why, sizeof why)) == NULL)
		return rp_error(r, "%s: a recording is the JSON Lines of "
		    "ipcscope --headless", why);
	if (rp_str(r, o, "record", "type", &type, NULL) == 0 &&
	    (type == NULL || strcmp(type, "scenario") != 0)) {
		rp_error(r, "the first record is %s%s%s, not the scenario "
		    "record: the recording lacks its header, the line "
		    "{\"type\":\"scenario\",...} that --headless writes first",
		    type != NULL ? "a \"" : "one without \"type\"",
		    type != NULL ? util_clip(type, 24, 20) : "",
		    type != NULL ? "\" record" : "");
	} else if (type != NULL)
		rp_header(r, o);
	json_decref(o);
	if (r->err != NULL)
		return -1;
	r->body_off = ftell(r->f);
	rp_state_new(r);
	rp_state_reset(r);
	return 0;
}

/* The first pass: every step taken once, to check it. */
static int
rp_check(struct replay *r)
{
	double	t;

	r->checking = true;
	while (replay_peek(r, &t, NULL)) {
		if (rp_take(r) == -1)
			return -1;
	}
	if (r->err != NULL)
		return -1;
	r->total = r->nsamples;
	rp_header_infer(r);
	r->end_off = r->cut != 0 ? r->cut_off : ftell(r->f);
	r->checking = false;
	return 0;
}

/* What an older recording lacks, in words. */
static void
rp_lacks_text(struct replay *r)
{
	static const struct {
		unsigned	 bit;
		const char	*words;
	} lacks[] = {
		{ RP_LACK_ABOUT, "about text" },
		{ RP_LACK_CAPTION, "live captions" },
		{ RP_LACK_WORDS, "kind words" },
		{ RP_LACK_SINCE, "state times" },
		{ RP_LACK_STALLED, "stall ends" }
	};
	size_t	i, o = 0;

	r->lacks[0] = '\0';
	for (i = 0; i < nitems(lacks); i++) {
		if ((r->lacks_bits & lacks[i].bit) == 0 ||
		    o >= sizeof r->lacks)
			continue;
		o += (size_t)snprintf(r->lacks + o, sizeof r->lacks - o,
		    "%s%s", o == 0 ? "no " : ", ", lacks[i].words);
	}
}

struct replay *
replay_open(const char *path, char **cause)
{
	struct replay	*r = xcalloc(1, sizeof *r);
	struct stat	 st;

	r->path = xstrdup(path);
	r->shown = util_printable_dup(path);
	r->end_off = -1;
	if ((r->f = fopen(path, "r")) == NULL)
		rp_error(r, "cannot open: %s", strerror(errno));
	else if (fstat(fileno(r->f), &st) == -1 || !S_ISREG(st.st_mode))
		rp_error(r, "not a file: a recording is read twice (checked, "
		    "then played), so give a file, not a pipe");
	else if (rp_open_header(r) == 0 && rp_check(r) == 0 &&
	    replay_rewind(r, NULL) == 0)
		rp_lacks_text(r);
	if (r->err != NULL) {
		*cause = r->err;
		r->err = NULL;
		replay_free(r);
		return NULL;
	}
	return r;
}

int
replay_rewind(struct replay *r, char **cause)
{
	json_decref(r->next);
	r->next = NULL;
	r->done = r->eof = r->end_seen = false;
	r->pend_rows = r->vis_rows = r->pend_chans = r->vis_chans = 0;
	rp_state_reset(r);
	clearerr(r->f);
	r->line = 1;
	if (fseek(r->f, r->body_off, SEEK_SET) == -1) {
		rp_error(r, "cannot read it again: %s", strerror(errno));
		if (cause != NULL)
			*cause = xstrdup(r->err);
		return -1;
	}
	return 0;
}

void
replay_free(struct replay *r)
{
	int	i;

	if (r == NULL)
		return;
	json_decref(r->next);
	if (r->sc != NULL && r->procs != NULL)
		rp_state_free(r);
	rp_header_free(r);
	for (i = 0; i < r->nwords; i++)
		free(r->words[i]);
	if (r->f != NULL)
		fclose(r->f);
	strbuf_free(&r->buf);
	free(r->end_reason);
	free(r->err);
	free(r->path);
	free(r->shown);
	free(r);
}

struct scenario *
replay_scenario(const struct replay *r)
{
	return r->sc;
}

const char *
replay_lacks(const struct replay *r)
{
	return r->lacks;
}

double
replay_length(const struct replay *r)
{
	return r->length;
}

int
replay_nsamples(const struct replay *r)
{
	return r->total;
}

const char *
replay_end_reason(const struct replay *r)
{
	return r->end_reason;
}

long
replay_cut(const struct replay *r)
{
	return r->cut;
}

int
replay_position(const struct replay *r)
{
	return r->nsamples;
}

/* A recording cannot be acted on: every action is NULL. */
const struct source_ops replay_source_ops = {
	.name = "recording",
	.observe = replay_observe
};
