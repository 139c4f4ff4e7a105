/*
 * scenario.c: load, check and look up scenario files.
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

#include "ini-read.h"
#include "scenario.h"
#include "util.h"

#ifndef IPCSCOPE_DATADIR
#define IPCSCOPE_DATADIR	"/usr/local/share/ipcscope/scenarios"
#endif

#define SCEN_MAX_NAME		32
/* A file of garbage (a binary given by mistake) stops being listed here. */
#define SCEN_MAX_ERRORS		1000
#define SCEN_MAX_REPLICAS	64
#define SCEN_MAX_MAXSIZE	32767	/* items; a semaphore counts them */
#define SCEN_MAX_DURATION_MS	(3600ULL * 1000)
#define SCEN_DEFAULT_DURATION	(10ULL * 1000)
#define SCEN_DEFAULT_SIZE	4096
/* Every message starts with a frame header: sequence number, producer id. */
#define SCEN_FRAME_HEADER	16
#define SCEN_MAX_MSGSIZE	(64ULL << 20)
/* SOCK_MIN_SNDBUF: the kernel doubles 2304 and never goes below it. */
#define SCEN_UNIX_MIN_SNDBUF	4608

enum scen_sect_kind {
	SECT_SCENARIO,
	SECT_CHANNEL,
	SECT_PROCESS,
	SECT_CUE,
	SECT_EXPECT,
	SECT_BAD		/* header already reported; keys are ignored */
};

struct scen_key {
	char		*name;
	struct strbuf	 value;
	int		 line;
	int		 bad;	/* the line was reported: do not check it */
	int		 dropped;	/* given twice: reported, not kept */
};

struct scen_section {
	enum scen_sect_kind	 kind;
	char			*name;		/* channel and process only */
	int			 line;
	struct scen_key		*keys;
	int			 nkeys;
};

struct scen_err {
	int	 line;
	int	 seq;		/* order of discovery, for a stable sort */
	char	*msg;
};

/* Per-process facts needed by the cross-section checks. */
struct scen_pbase {
	struct scen_section	*sec;
	int			 ok;		/* role known, names resolved */
	int			 has_role;
	enum proc_role		 role;
	int			 from, to;
	int			 from_line, to_line;
	int			 from_bad, to_bad;	/* named a missing channel */
	int			 uses, uses_line;	/* user: semaphore */
	uint64_t		 hold_ms;
	uint64_t		 size;
	const char		*size_text;
	int			 size_line;
	int			 size_ok;
	int			 size_given;	/* 'size' is in the file */
	uint64_t		 total, count, start_ms, think_ms, markers;
	int			 start_cue;	/* start = cue */
	int			 start_line;
	enum nonblock		 nonblock;
	struct rate		 rate;
	int			 replicas;
	int			 first;		/* index of its first proc */
};

struct scen_cinfo {
	int		 type_ok;
	int		 cap_given, cap_ok, cap_line;
	int		 msgsize_given, msgsize_ok, msgsize_line;
	uint64_t	 msgsize;	/* as given; 0 when absent */
	const char	*cap_text, *msgsize_text;
};

struct scen_ctx {
	const char		*path;
	FILE			*f;
	int			 lineno;
	int			 last_key;	/* continuation target, -1 none */

	struct scen_section	*sects;
	int			 nsects;
	int			 cur;		/* current section, -1 none */
	int			 scenario_line;	/* of the first [scenario] */
	char			**dropped;	/* channels past the limit, */
	int			 ndropped;	/* sorted by name */

	struct scen_err		*errs;
	int			 nerrs;
	int			 nseq;		/* errors found so far */
	int			 nerrs_dropped;	/* past SCEN_MAX_ERRORS */

	struct scenario		*sc;
	struct scen_pbase	*pb;
	int			 npb;
	struct scen_cinfo	*ci;
	int			 duration_ok;
	int			 refs_bad;	/* some from/to did not resolve */
};

static const char *scen_kind_names[CHAN_KIND_COUNT] = {
	"pipe", "fifo", "unix-stream", "posix-mq", "sysv-msgq",
	"unix-dgram", "tcp", "udp", "shm-ring", "file", "semaphore",
	"signal", "mpqueue"
};
static const char *scen_role_names[ROLE_COUNT] = {
	"producer", "consumer", "relay", "user"
};
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

static const char *scen_keys_scenario[] = {
	"title", "about", "duration", "stall"
};
static const char *scen_nonblock_names[] = { "off", "drop", "retry", "poll" };
static const char *scen_keys_channel[] = {
	"type", "capacity", "msgsize", "signal", "maxsize", "joinable"
};
static const char *scen_keys_process[] = {
	"role", "from", "to", "size", "total", "count", "rate", "start",
	"think", "replicas", "markers", "nonblock", "uses", "hold"
};
static const char *scen_keys_cue[] = {
	"at", "say", "pause", "resume", "kill", "rate", "resize", "close",
	"start"
};
/* In enum cue_action order; the same words are the [cue] keys. */
static const char *scen_action_names[CUE_ACTION_COUNT] = {
	"pause", "resume", "kill", "rate", "resize", "close", "start"
};

#define SCEN_SECTIONS \
	"[scenario], [channel NAME], [process NAME], [cue], [expect]"
#define SCEN_NAME_RULE \
	"a name is a letter followed by up to 31 letters, digits, '_' or '-'"
#define SCEN_FRAME_WHY \
	"every message starts with a 16-byte frame header (sequence number " \
	"and producer id)"

static struct scen_limits	scen_lim;
static int			scen_lim_read;

/* Error collection. */

static void	scen_error(struct scen_ctx *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static void	scen_errors_trim(struct scen_ctx *);
static int	scen_cmp_err(const void *, const void *);

static void
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
static const char *
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
static char *
scen_list(const char **list, size_t n)
{
	struct strbuf	sb = { NULL, 0, 0 };

	scen_join(&sb, list, n);
	if (sb.s == NULL)
		return xstrdup("");
	return sb.s;
}

static int
scen_word_index(const char **list, size_t n, const char *w)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i], w) == 0)
			return (int)i;
	}
	return -1;
}

static int
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

/* Limits. */

static uint64_t
scen_read_limit(const char *path, uint64_t dflt)
{
	FILE			*f;
	unsigned long long	 v;
	int			 n;

	if ((f = fopen(path, "r")) == NULL)
		return dflt;
	n = fscanf(f, "%llu", &v);
	fclose(f);
	return (n == 1 && v > 0) ? (uint64_t)v : dflt;
}

const struct scen_limits *
scenario_limits(void)
{
	if (!scen_lim_read) {
		scen_lim.pipe_max_size =
		    scen_read_limit("/proc/sys/fs/pipe-max-size", 1048576);
		scen_lim.mq_msg_max =
		    scen_read_limit("/proc/sys/fs/mqueue/msg_max", 10);
		scen_lim.mq_msgsize_max =
		    scen_read_limit("/proc/sys/fs/mqueue/msgsize_max", 8192);
		scen_lim.msgmnb =
		    scen_read_limit("/proc/sys/kernel/msgmnb", 16384);
		scen_lim.msgmax =
		    scen_read_limit("/proc/sys/kernel/msgmax", 8192);
		scen_lim.wmem_max =
		    scen_read_limit("/proc/sys/net/core/wmem_max", 212992);
		scen_lim_read = 1;
	}
	return &scen_lim;
}

void
scenario_set_limits(const struct scen_limits *l)
{
	if (l == NULL)
		scen_lim_read = 0;
	else {
		scen_lim = *l;
		scen_lim_read = 1;
	}
}

/* Pass one: lines and sections. */

static void
scen_section_header(struct scen_ctx *ctx, char *s)
{
	struct scen_section	*sec;
	char			*end, *word, *name, *p;
	enum scen_sect_kind	 kind;

	ctx->sects = xgrowarray(ctx->sects, ctx->nsects,
	    sizeof *ctx->sects);
	sec = &ctx->sects[ctx->nsects];
	memset(sec, 0, sizeof *sec);
	sec->kind = SECT_BAD;
	sec->line = ctx->lineno;
	ctx->cur = ctx->nsects++;
	ctx->last_key = -1;

	/* As in a value, ';' after a blank ends the header too. */
	for (end = s + 1; *end != '\0' && *end != ']'; end++) {
		if (*end == ';' && isspace((unsigned char)end[-1]))
			break;
	}
	if (*end != ']') {
		scen_error(ctx, ctx->lineno, "section header has no closing "
		    "']'; valid sections: " SCEN_SECTIONS);
		return;
	}
	*end++ = '\0';
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0' && *end != ';' && *end != '#') {
		scen_error(ctx, ctx->lineno, "text after the section header: "
		    "'%s'; put comments after ';'", scen_clip(end));
	}

	word = s + 1;
	while (isspace((unsigned char)*word))
		word++;
	for (p = word; *p != '\0' && !isspace((unsigned char)*p); p++)
		/* nothing */;
	name = p;
	if (*name != '\0') {
		*name++ = '\0';
		while (isspace((unsigned char)*name))
			name++;
		for (p = name + strlen(name); p > name &&
		    isspace((unsigned char)p[-1]); p--)
			/* nothing */;
		*p = '\0';
	}

	if (strcmp(word, "scenario") == 0)
		kind = SECT_SCENARIO;
	else if (strcmp(word, "channel") == 0)
		kind = SECT_CHANNEL;
	else if (strcmp(word, "process") == 0)
		kind = SECT_PROCESS;
	else if (strcmp(word, "cue") == 0)
		kind = SECT_CUE;
	else if (strcmp(word, "expect") == 0)
		kind = SECT_EXPECT;
	else {
		scen_error(ctx, ctx->lineno, "unknown section '[%s%s%s]'; "
		    "valid sections: " SCEN_SECTIONS, scen_clip(word),
		    *name != '\0' ? " " : "", scen_clip(name));
		return;
	}

	if (kind == SECT_CHANNEL || kind == SECT_PROCESS) {
		if (*name == '\0') {
			scen_error(ctx, ctx->lineno, "[%s] needs a name: "
			    "[%s NAME]", word, word);
			return;
		}
		if (!scen_valid_name(name)) {
			scen_error(ctx, ctx->lineno, "bad %s name '%s': "
			    SCEN_NAME_RULE, word, scen_clip(name));
			return;
		}
		sec->name = xstrdup(name);
	} else if (*name != '\0') {
		scen_error(ctx, ctx->lineno, "[%s] takes no name; write "
		    "[%s]", word, word);
		return;
	}

	if (kind == SECT_SCENARIO) {
		if (ctx->scenario_line != 0) {
			scen_error(ctx, ctx->lineno, "second [scenario] "
			    "section; the first is at line %d",
			    ctx->scenario_line);
			return;
		}
		ctx->scenario_line = ctx->lineno;
	}
	sec->kind = kind;
}

static void
scen_read_error(void *arg, int line, const char *msg)
{
	scen_error(arg, line, "%s", msg);
}

/* A continuation line: joined to the last key's value with one space. */
static void
scen_cont(struct scen_ctx *ctx, const struct ini_line *l)
{
	struct scen_key	*k;

	if (ctx->cur < 0 || ctx->last_key < 0)
		return;
	k = &ctx->sects[ctx->cur].keys[ctx->last_key];
	if (*l->value != '\0') {
		if (k->value.len != 0)
			strbuf_add(&k->value, " ", 1);
		strbuf_add(&k->value, l->value, strlen(l->value));
	}
	if (l->bad)
		k->bad = 1;
}

static void
scen_key(struct scen_ctx *ctx, const struct ini_line *l)
{
	struct scen_section	*sec;
	struct scen_key		*k;
	const char		*name = l->key;

	ctx->last_key = -1;
	if (*name == '\0') {
		scen_error(ctx, ctx->lineno, "missing key name before '='; "
		    "expected 'key = value'");
		return;
	}
	if (ctx->cur < 0) {
		scen_error(ctx, ctx->lineno, "key '%s' is outside any section; "
		    "start the file with [scenario]", scen_clip(name));
		return;
	}
	/* A key given twice is dropped by scen_drop_twice(). */
	sec = &ctx->sects[ctx->cur];
	sec->keys = xgrowarray(sec->keys, sec->nkeys, sizeof *sec->keys);
	k = &sec->keys[sec->nkeys];
	memset(k, 0, sizeof *k);
	k->name = xstrdup(name);
	k->line = ctx->lineno;
	k->bad = l->bad;
	strbuf_add(&k->value, l->value, strlen(l->value));
	ctx->last_key = sec->nkeys++;
}

static int
scen_cmp_keyp(const void *a0, const void *b0)
{
	const struct scen_key	*a = *(struct scen_key *const *)a0;
	const struct scen_key	*b = *(struct scen_key *const *)b0;
	int			 c;

	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	return a->line - b->line;
}

/*
 * A key may be given once in a section (a cue may repeat its actions):
 * every later one is reported and dropped. Sorting a copy of the list
 * keeps this O(n log n) however many keys a section has.
 */
static void
scen_drop_twice(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scen_key	**v, *first = NULL;
	int		  i, j, n = sec->nkeys;

	if (n < 2)
		return;
	v = xcalloc((size_t)n, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = &sec->keys[i];
	qsort(v, (size_t)n, sizeof *v, scen_cmp_keyp);
	for (i = 0; i < n; i++) {
		if (first == NULL || strcmp(first->name, v[i]->name) != 0) {
			first = v[i];
			continue;
		}
		if (sec->kind == SECT_CUE && scen_word_index(scen_action_names,
		    nitems(scen_action_names), first->name) >= 0)
			continue;
		scen_error(ctx, v[i]->line, "key '%s' given twice in one "
		    "section; the first is at line %d", scen_clip(v[i]->name),
		    first->line);
		v[i]->dropped = 1;
	}
	free(v);
	for (i = j = 0; i < n; i++) {
		if (sec->keys[i].dropped) {
			free(sec->keys[i].name);
			strbuf_free(&sec->keys[i].value);
			continue;
		}
		sec->keys[j++] = sec->keys[i];
	}
	sec->nkeys = j;
}

/* Pass one: file one line (called by ini_read_parse()). */
static void
scen_line(void *arg, const struct ini_line *l)
{
	struct scen_ctx	*ctx = arg;

	ctx->lineno = l->lineno;
	switch (l->kind) {
	case INI_LINE_SECTION:
		scen_section_header(ctx, l->text);
		break;
	case INI_LINE_CONT:
		scen_cont(ctx, l);
		break;
	case INI_LINE_KEY:
		scen_key(ctx, l);
		break;
	case INI_LINE_OTHER:
		scen_error(ctx, ctx->lineno, "expected '[section]' or "
		    "'key = value', not '%s'", scen_clip(l->text));
		break;
	}
}

/* Pass two: helpers. */

static const char *
scen_val(const struct scen_key *k)
{
	return k->value.s != NULL ? k->value.s : "";
}

/* "[process writer]", "[cue]": how a message names a section. */
static const char *
scen_sect_label(const struct scen_section *sec)
{
	static char	buf[64];
	static const char *words[] = {
		"scenario", "channel", "process", "cue", "expect", "?"
	};

	if (sec->name != NULL)
		snprintf(buf, sizeof buf, "[%s %s]", words[sec->kind],
		    sec->name);
	else
		snprintf(buf, sizeof buf, "[%s]", words[sec->kind]);
	return buf;
}

static struct scen_key *
scen_find_key(struct scen_section *sec, const char *name)
{
	int	i;

	for (i = 0; i < sec->nkeys; i++) {
		if (strcmp(sec->keys[i].name, name) == 0)
			return &sec->keys[i];
	}
	return NULL;
}

/* Report keys not in the list; returns nothing, the rest goes on. */
static void
scen_check_keys(struct scen_ctx *ctx, struct scen_section *sec,
    const char **valid, size_t n)
{
	char	*list;
	int	 i;

	for (i = 0; i < sec->nkeys; i++) {
		if (scen_word_index(valid, n, sec->keys[i].name) >= 0)
			continue;
		list = scen_list(valid, n);
		scen_error(ctx, sec->keys[i].line, "unknown key '%s' in %s; "
		    "valid keys: %s", scen_clip(sec->keys[i].name),
		    scen_sect_label(sec), list);
		free(list);
	}
}

/*
 * The value of a key that must be checked: NULL when the key is absent or
 * was already reported as malformed (then *present says whether it is
 * there at all). *line is the key's line whenever it is present, so that
 * a message about a malformed key's mere presence names its line too.
 */
static const char *
scen_get(struct scen_section *sec, const char *name, int *line,
    int *present)
{
	struct scen_key	*k = scen_find_key(sec, name);

	if (present != NULL)
		*present = k != NULL;
	if (k != NULL && line != NULL)
		*line = k->line;
	if (k == NULL || k->bad)
		return NULL;
	return scen_val(k);
}

typedef int (*scen_parse_fn)(const char *, uint64_t *, char **);

/* Parse a number-like key; 1 if given and valid, 0 otherwise. */
static int
scen_get_num(struct scen_ctx *ctx, struct scen_section *sec, const char *name,
    scen_parse_fn fn, uint64_t *out, int *line, const char **text)
{
	const char	*v;
	char		*cause;
	int		 l = sec->line;

	if ((v = scen_get(sec, name, &l, NULL)) == NULL)
		return 0;
	if (line != NULL)
		*line = l;
	if (text != NULL)
		*text = v;
	if (fn(v, out, &cause) != 0) {
		scen_error(ctx, l, "%s: %s", name, cause);
		free(cause);
		return 0;
	}
	return 1;
}

static void
scen_fmt_time(char *buf, size_t len, uint64_t ms)
{
	if (ms % 1000 == 0)
		snprintf(buf, len, "%llus", (unsigned long long)(ms / 1000));
	else
		snprintf(buf, len, "%llums", (unsigned long long)ms);
}

/* Pass two: sections. */

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
 * A signal a scenario may send: the two left to applications (SIGUSR1,
 * SIGUSR2) or a real-time one, SIGRTMIN+N as this libc numbers them
 * (glibc keeps the first two for itself). 0 if none.
 */
static int
scen_signal_number(const char *v)
{
	char	*end;
	long	 n = 0;

	if (strcasecmp(v, "SIGUSR1") == 0 || strcasecmp(v, "USR1") == 0)
		return SIGUSR1;
	if (strcasecmp(v, "SIGUSR2") == 0 || strcasecmp(v, "USR2") == 0)
		return SIGUSR2;
	if (strncasecmp(v, "SIGRTMIN", 8) != 0)
		return 0;
	v += 8;
	if (*v == '+') {
		errno = 0;
		n = strtol(v + 1, &end, 10);
		if (errno != 0 || end == v + 1 || *end != '\0' || n < 0)
			return 0;
	} else if (*v != '\0')
		return 0;
	if (n > SIGRTMAX - SIGRTMIN)
		return 0;
	return SIGRTMIN + (int)n;
}

static void
scen_do_channel(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scenario		*sc = ctx->sc;
	struct scen_channel	*c;
	struct scen_cinfo	*ci;
	const char		*v;
	char			*list;
	int			 present, line, k;

	scen_check_keys(ctx, sec, scen_keys_channel,
	    nitems(scen_keys_channel));
	/* A second channel of the same name is reported by the name check. */
	if (scenario_channel_index(sc, sec->name) >= 0)
		return;
	if (sc->nchannels == SCENARIO_MAX_CHANNELS) {
		scen_error(ctx, sec->line, "too many channels; at most %d",
		    SCENARIO_MAX_CHANNELS);
		ctx->dropped = xgrowarray(ctx->dropped, ctx->ndropped,
		    sizeof *ctx->dropped);
		ctx->dropped[ctx->ndropped++] = sec->name;
		return;
	}
	c = &sc->channels[sc->nchannels];
	ci = &ctx->ci[sc->nchannels];
	sc->nchannels++;
	c->name = xstrdup(sec->name);
	c->line = sec->line;

	list = scen_list(scen_kind_names, CHAN_KIND_COUNT);
	v = scen_get(sec, "type", &line, &present);
	if (!present)
		scen_error(ctx, sec->line, "missing 'type' in %s; valid types: "
		    "%s", scen_sect_label(sec), list);
	else if (v != NULL) {
		k = scen_word_index(scen_kind_names, CHAN_KIND_COUNT, v);
		if (k < 0)
			scen_error(ctx, line, "unknown channel type '%s'; "
			    "valid types: %s", scen_clip(v), list);
		else {
			c->kind = (enum chan_kind)k;
			ci->type_ok = 1;
		}
	}
	free(list);

	/* The lines are set even when the value is bad (see scen_get()). */
	scen_get(sec, "capacity", &ci->cap_line, &ci->cap_given);
	if (ci->cap_given && ci->type_ok) {
		/* A message queue counts messages, the others bytes. */
		ci->cap_ok = scen_get_num(ctx, sec, "capacity",
		    c->kind == CHAN_POSIX_MQ || c->kind == CHAN_SEMAPHORE ?
		    units_parse_count :
		    units_parse_size, &c->capacity, &ci->cap_line,
		    &ci->cap_text);
	}

	if (ci->type_ok && c->kind == CHAN_SIGNAL)
		c->signo = SIGUSR1;
	k = 0;
	v = scen_get(sec, "signal", &line, &present);
	if (present && ci->type_ok && c->kind != CHAN_SIGNAL)
		scen_error(ctx, line, "'signal' applies only to signal "
		    "channels");
	else if (v != NULL && ci->type_ok &&
	    (k = scen_signal_number(v)) == 0)
		scen_error(ctx, line, "unknown signal '%s'; valid: SIGUSR1, "
		    "SIGUSR2 (standard: one pending at a time), SIGRTMIN, "
		    "SIGRTMIN+N up to SIGRTMIN+%d (real-time: queued)",
		    scen_clip(v), SIGRTMAX - SIGRTMIN);
	else if (v != NULL && ci->type_ok)
		c->signo = k;

	scen_get(sec, "msgsize", &ci->msgsize_line, &ci->msgsize_given);
	if (ci->msgsize_given && ci->type_ok) {
		if (c->kind != CHAN_POSIX_MQ) {
			scen_error(ctx, ci->msgsize_line, "'msgsize' applies "
			    "only to posix-mq channels; for a %s the writers' "
			    "'size' sets it", scen_kind_names[c->kind]);
		} else {
			ci->msgsize_ok = scen_get_num(ctx, sec, "msgsize",
			    units_parse_size, &c->msgsize, &ci->msgsize_line,
			    &ci->msgsize_text);
			ci->msgsize = c->msgsize;
		}
	}

	/* Python's Queue(maxsize) and JoinableQueue. */
	scen_get(sec, "maxsize", &line, &present);
	if (present && ci->type_ok && c->kind != CHAN_MPQUEUE)
		scen_error(ctx, line, "'maxsize' applies only to mpqueue "
		    "channels (it counts a queue's items); for a %s use "
		    "'capacity'", scen_kind_names[c->kind]);
	else if (present && ci->type_ok && scen_get_num(ctx, sec, "maxsize",
	    units_parse_count, &c->maxsize, &line, &v) &&
	    (c->maxsize < 1 || c->maxsize > SCEN_MAX_MAXSIZE)) {
		scen_error(ctx, line, "maxsize %s is out of range; give 1 to "
		    "%d items, or leave it out for no bound", v,
		    SCEN_MAX_MAXSIZE);
		c->maxsize = 0;
	}
	v = scen_get(sec, "joinable", &line, &present);
	if (present && ci->type_ok && c->kind != CHAN_MPQUEUE)
		scen_error(ctx, line, "'joinable' applies only to mpqueue "
		    "channels (task_done and join)");
	else if (v != NULL && ci->type_ok) {
		if (strcmp(v, "yes") == 0)
			c->joinable = true;
		else if (strcmp(v, "no") != 0)
			scen_error(ctx, line, "joinable must be yes or no, not "
			    "'%s'", scen_clip(v));
	}
}

static int
scen_cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
scen_resolve_channel(struct scen_ctx *ctx, const char *name, int line)
{
	struct strbuf	sb = { NULL, 0, 0 };
	int		i;

	for (i = 0; i < ctx->sc->nchannels; i++) {
		if (strcmp(ctx->sc->channels[i].name, name) == 0)
			return i;
	}
	ctx->refs_bad = 1;
	/* A channel dropped for being one too many was reported already. */
	if (ctx->ndropped != 0 && bsearch(&name, ctx->dropped,
	    (size_t)ctx->ndropped, sizeof *ctx->dropped, scen_cmp_strp) != NULL)
		return -1;
	for (i = 0; i < ctx->sc->nchannels; i++) {
		if (i != 0)
			strbuf_add(&sb, ", ", 2);
		strbuf_add(&sb, ctx->sc->channels[i].name,
		    strlen(ctx->sc->channels[i].name));
	}
	if (sb.s == NULL)
		scen_error(ctx, line, "channel '%s' does not exist; there are "
		    "no channels: declare one with [channel NAME]",
		    scen_clip(name));
	else
		scen_error(ctx, line, "channel '%s' does not exist; channels: "
		    "%s", scen_clip(name), sb.s);
	strbuf_free(&sb);
	return -1;
}

static void
scen_do_process(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scen_pbase	*pb;
	const char		*v, *from, *to, *role;
	char			*list, *cause;
	int			 line, present, fpres, tpres, k;
	uint64_t		 n;

	scen_check_keys(ctx, sec, scen_keys_process,
	    nitems(scen_keys_process));
	ctx->pb = xgrowarray(ctx->pb, ctx->npb, sizeof *ctx->pb);
	pb = &ctx->pb[ctx->npb++];
	memset(pb, 0, sizeof *pb);
	pb->sec = sec;
	pb->from = pb->to = pb->uses = -1;
	pb->size = SCEN_DEFAULT_SIZE;
	pb->size_text = "4K";
	pb->size_line = sec->line;
	pb->size_ok = 1;
	pb->replicas = 1;
	pb->rate.kind = RATE_MAX;

	list = scen_list(scen_role_names, ROLE_COUNT);
	role = scen_get(sec, "role", &line, &present);
	if (!present)
		scen_error(ctx, sec->line, "missing 'role' in %s; valid roles: "
		    "%s", scen_sect_label(sec), list);
	else if (role != NULL) {
		k = scen_word_index(scen_role_names, ROLE_COUNT, role);
		if (k < 0)
			scen_error(ctx, line, "unknown role '%s'; valid roles: "
			    "%s", scen_clip(role), list);
		else {
			pb->role = (enum proc_role)k;
			pb->has_role = 1;
		}
	}
	free(list);

	from = scen_get(sec, "from", &pb->from_line, &fpres);
	to = scen_get(sec, "to", &pb->to_line, &tpres);
	if (from != NULL && (pb->from = scen_resolve_channel(ctx, from,
	    pb->from_line)) < 0)
		pb->from_bad = 1;
	if (to != NULL && (pb->to = scen_resolve_channel(ctx, to,
	    pb->to_line)) < 0)
		pb->to_bad = 1;
	if (pb->has_role) {
		switch (pb->role) {
		case ROLE_PRODUCER:
			if (fpres)
				scen_error(ctx, pb->from_line, "a producer "
				    "writes: give 'to', not 'from'");
			if (!tpres)
				scen_error(ctx, sec->line, "a producer needs "
				    "'to = CHANNEL'");
			pb->from = -1;
			break;
		case ROLE_CONSUMER:
			if (tpres)
				scen_error(ctx, pb->to_line, "a consumer "
				    "reads: give 'from', not 'to'");
			if (!fpres)
				scen_error(ctx, sec->line, "a consumer needs "
				    "'from = CHANNEL'");
			pb->to = -1;
			break;
		case ROLE_USER:
			if (fpres || tpres)
				scen_error(ctx, fpres ? pb->from_line :
				    pb->to_line, "a user neither reads nor "
				    "writes: give 'uses = SEMAPHORE', not "
				    "'from' or 'to'");
			pb->from = pb->to = -1;
			break;
		case ROLE_RELAY:
		default:
			if (!fpres)
				scen_error(ctx, sec->line, "a relay needs "
				    "'from = CHANNEL'");
			if (!tpres)
				scen_error(ctx, sec->line, "a relay needs "
				    "'to = CHANNEL'");
			if (pb->from >= 0 && pb->from == pb->to) {
				scen_error(ctx, pb->to_line, "a relay writes "
				    "to another channel than it reads; 'from' "
				    "and 'to' are both '%s'", from);
				pb->to = -1;
			}
			break;
		}
	}

	v = scen_get(sec, "uses", &pb->uses_line, &present);
	if (present && pb->has_role && pb->role != ROLE_USER)
		scen_error(ctx, pb->uses_line, "only a user uses a semaphore; "
		    "give 'role = user' or leave 'uses' out");
	else if (!present && pb->has_role && pb->role == ROLE_USER)
		scen_error(ctx, sec->line, "a user needs 'uses = CHANNEL' (a "
		    "semaphore channel)");
	else if (v != NULL) {
		if ((pb->uses = scen_resolve_channel(ctx, v,
		    pb->uses_line)) < 0)
			pb->from_bad = 1;
		else if (ctx->ci[pb->uses].type_ok &&
		    ctx->sc->channels[pb->uses].kind != CHAN_SEMAPHORE) {
			scen_error(ctx, pb->uses_line, "'%s' is a %s channel; "
			    "a user uses a semaphore (producers and consumers "
			    "use the other kinds with 'to' and 'from')", v,
			    scen_kind_names[ctx->sc->channels[pb->uses].kind]);
			pb->uses = -1;
		}
	}
	if (scen_get_num(ctx, sec, "hold", units_parse_time_ms, &pb->hold_ms,
	    &line, &v) && pb->has_role && pb->role != ROLE_USER)
		scen_error(ctx, line, "only a user holds a semaphore; 'hold' "
		    "applies to users");

	v = scen_get(sec, "size", &line, &present);
	if (present) {
		pb->size_ok = 0;
		pb->size_line = line;
		pb->size_given = 1;
	}
	if (v != NULL) {
		pb->size_text = v;
		if (units_parse_size(v, &n, &cause) != 0) {
			scen_error(ctx, line, "size: %s", cause);
			free(cause);
		} else if (n < SCEN_FRAME_HEADER)
			scen_error(ctx, line, "size %s is below %d: "
			    SCEN_FRAME_WHY, v, SCEN_FRAME_HEADER);
		else if (n > SCEN_MAX_MSGSIZE)
			scen_error(ctx, line, "size %s is above 64M, the "
			    "largest message ipcscope sends", v);
		else {
			pb->size = n;
			pb->size_ok = 1;
		}
	}

	/* A signal carries only the frame header's numbers (si_value). */
	if (pb->to >= 0 && ctx->ci[pb->to].type_ok &&
	    ctx->sc->channels[pb->to].kind == CHAN_SIGNAL) {
		if (present)
			scen_error(ctx, pb->size_line, "a signal carries no "
			    "payload, only its sequence number (in si_value); "
			    "leave 'size' out");
		pb->size = SCEN_FRAME_HEADER;
		pb->size_text = "16";
		pb->size_ok = 1;
	}

	scen_get(sec, "total", NULL, &fpres);
	scen_get(sec, "count", &line, &tpres);
	if (fpres && tpres)
		scen_error(ctx, line, "give 'total' (bytes) or 'count' "
		    "(messages), not both");
	if (scen_get_num(ctx, sec, "total", units_parse_size, &pb->total,
	    &line, &v) && pb->total == 0)
		scen_error(ctx, line, "total must be above 0; leave it out to "
		    "move data until the scenario ends");
	if (scen_get_num(ctx, sec, "count", units_parse_count, &pb->count,
	    &line, &v) && pb->count == 0)
		scen_error(ctx, line, "count must be above 0; leave it out to "
		    "move data until the scenario ends");

	if ((v = scen_get(sec, "rate", &line, NULL)) != NULL &&
	    units_parse_rate(v, &pb->rate, &cause) != 0) {
		scen_error(ctx, line, "rate: %s", cause);
		free(cause);
		pb->rate.kind = RATE_MAX;
		pb->rate.value = 0;
	}
	v = scen_get(sec, "start", &line, NULL);
	if (v != NULL && strcmp(v, "cue") == 0) {
		pb->start_cue = 1;
		pb->start_line = line;
	} else if (v != NULL && units_parse_time_ms(v, &pb->start_ms,
	    &cause) != 0) {
		scen_error(ctx, line, "start: %s; or 'cue' to wait for a "
		    "[cue] that starts it", cause);
		free(cause);
	} else if (scen_get_num(ctx, sec, "start", units_parse_time_ms,
	    &pb->start_ms, &line, &v) && ctx->duration_ok &&
	    pb->start_ms >= ctx->sc->duration_ms) {
		char	t[32];

		scen_fmt_time(t, sizeof t, ctx->sc->duration_ms);
		scen_error(ctx, line, "start %s is not before the end of the "
		    "scenario (duration %s)", v, t);
	}
	scen_get_num(ctx, sec, "think", units_parse_time_ms, &pb->think_ms,
	    NULL, NULL);
	if (scen_get_num(ctx, sec, "markers", units_parse_count,
	    &pb->markers, &line, &v) && pb->has_role &&
	    pb->role != ROLE_PRODUCER)
		scen_error(ctx, line, "only a producer sends end markers; "
		    "consumers stop at the first one they read");
	if ((v = scen_get(sec, "nonblock", &line, &present)) != NULL) {
		k = scen_word_index(scen_nonblock_names,
		    nitems(scen_nonblock_names), v);
		if (k < 0)
			scen_error(ctx, line, "unknown nonblock policy '%s'; "
			    "valid: off, drop (count and go on), retry (try "
			    "again at once), poll (wait for room)",
			    scen_clip(v));
		else if (k != NB_OFF && pb->has_role &&
		    pb->role != ROLE_PRODUCER)
			scen_error(ctx, line, "only a producer sends "
			    "without blocking; 'nonblock' applies to "
			    "producers");
		else
			pb->nonblock = (enum nonblock)k;
	}
	if (scen_get_num(ctx, sec, "replicas", units_parse_count, &n, &line,
	    &v)) {
		if (n < 1 || n > SCEN_MAX_REPLICAS)
			scen_error(ctx, line, "replicas %s is out of range; "
			    "give 1 to %d", v, SCEN_MAX_REPLICAS);
		else
			pb->replicas = (int)n;
	}
	pb->ok = pb->has_role && !pb->from_bad && !pb->to_bad;
}

static int
scen_cmp_sectp(const void *a0, const void *b0)
{
	const struct scen_section *a = *(struct scen_section *const *)a0;
	const struct scen_section *b = *(struct scen_section *const *)b0;
	int			   c;

	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	return a->line - b->line;
}

static int
scen_cmp_name_sectp(const void *key, const void *b0)
{
	const struct scen_section *b = *(struct scen_section *const *)b0;

	return strcmp(key, b->name);
}

/*
 * Names must be unique across channels and processes, replicas included.
 * The named sections are sorted by name (then line), so that a file with
 * thousands of them costs O(n log n), not O(n^2).
 */
static void
scen_check_names(struct scen_ctx *ctx)
{
	struct scenario		 *sc = ctx->sc;
	struct scen_section	**v, **hit, *first = NULL;
	size_t			  n = 0, i, lo, hi;
	int			  k;

	v = xcalloc((size_t)ctx->nsects + 1, sizeof *v);
	for (k = 0; k < ctx->nsects; k++) {
		if (ctx->sects[k].name != NULL &&
		    (ctx->sects[k].kind == SECT_CHANNEL ||
		    ctx->sects[k].kind == SECT_PROCESS))
			v[n++] = &ctx->sects[k];
	}
	qsort(v, n, sizeof *v, scen_cmp_sectp);
	for (i = 0; i < n; i++) {
		if (first == NULL || strcmp(first->name, v[i]->name) != 0) {
			first = v[i];
			continue;
		}
		scen_error(ctx, v[i]->line, "name '%s' is already used by %s at "
		    "line %d; names must be unique across channels and "
		    "processes", v[i]->name, scen_sect_label(first),
		    first->line);
	}
	/* Expanded replica names against every other name. */
	for (k = 0; k < sc->nprocs; k++) {
		struct scen_proc *p = &sc->procs[k];

		if (p->replica == 0 || (hit = bsearch(p->name, v, n, sizeof *v,
		    scen_cmp_name_sectp)) == NULL)
			continue;
		for (lo = (size_t)(hit - v); lo > 0 &&
		    strcmp(v[lo - 1]->name, p->name) == 0; lo--)
			/* nothing */;
		for (hi = lo; hi < n && strcmp(v[hi]->name, p->name) == 0; hi++)
			scen_error(ctx, v[hi]->line, "name '%s' is also the "
			    "name of replica %d of [process %s] at line %d; "
			    "rename one of them", v[hi]->name, p->replica,
			    p->base, p->line);
	}
	free(v);
}

static void
scen_expand(struct scen_ctx *ctx)
{
	struct scenario	*sc = ctx->sc;
	struct scen_pbase *pb;
	struct scen_proc *p;
	int		 i, r, total = 0;

	for (i = 0; i < ctx->npb; i++)
		total += ctx->pb[i].replicas;
	if (total > SCENARIO_MAX_PROCS) {
		scen_error(ctx, ctx->pb[0].sec->line, "too many processes: %d "
		    "after replicas are expanded; at most %d", total,
		    SCENARIO_MAX_PROCS);
		return;
	}
	sc->procs = xcalloc(total, sizeof *sc->procs);
	for (i = 0; i < ctx->npb; i++) {
		pb = &ctx->pb[i];
		pb->first = sc->nprocs;
		for (r = 1; r <= pb->replicas; r++) {
			p = &sc->procs[sc->nprocs++];
			p->base = xstrdup(pb->sec->name);
			if (pb->replicas == 1)
				p->name = xstrdup(pb->sec->name);
			else
				xasprintf(&p->name, "%s-%d", pb->sec->name, r);
			p->line = pb->sec->line;
			p->replica = pb->replicas == 1 ? 0 : r;
			p->role = pb->role;
			p->from = pb->from;
			p->to = pb->to;
			p->size = pb->size;
			p->total = pb->total;
			p->count = pb->count;
			p->rate = pb->rate;
			p->start_ms = pb->start_ms;
			p->start_cue = pb->start_cue;
			p->think_ms = pb->think_ms;
			p->markers = pb->markers;
			p->nonblock = pb->nonblock;
			p->uses = pb->uses;
			p->hold_ms = pb->hold_ms;
		}
	}
}

/*
 * A relay forwards each message whole, header and all, so what it writes
 * has the size of what it reads: its size is taken from the writers of its
 * 'from' channel (through chains of relays), and a different explicit
 * size is an error.
 */
static void
scen_relay_sizes(struct scen_ctx *ctx)
{
	struct scen_pbase	*pb, *w;
	int			 i, j, changed, *done;

	done = xcalloc((size_t)ctx->npb, sizeof *done);
	for (i = 0; i < ctx->npb; i++)
		done[i] = ctx->pb[i].role != ROLE_RELAY;
	do {
		changed = 0;
		for (i = 0; i < ctx->npb; i++) {
			pb = &ctx->pb[i];
			if (done[i] || pb->from < 0)
				continue;
			w = NULL;
			for (j = 0; j < ctx->npb && w == NULL; j++) {
				if (j != i && done[j] &&
				    ctx->pb[j].to == pb->from &&
				    ctx->pb[j].size_ok)
					w = &ctx->pb[j];
			}
			if (w == NULL)
				continue;
			done[i] = 1;
			changed = 1;
			if (pb->size_given && pb->size_ok &&
			    pb->size != w->size) {
				scen_error(ctx, pb->size_line, "a relay forwards "
				    "whole messages: its size is that of what "
				    "'%s' carries (%s, from '%s'); leave 'size' "
				    "out", ctx->sc->channels[pb->from].name,
				    w->size_text,
				    w->sec->name);
				continue;
			}
			pb->size = w->size;
			pb->size_text = w->size_text;
		}
	} while (changed);
	free(done);
}

/* Channel-level checks: use, feeding, sizes, kernel limits. */
static void
scen_check_channels(struct scen_ctx *ctx)
{
	struct scenario		*sc = ctx->sc;
	const struct scen_limits *lim = scenario_limits();
	struct scen_channel	*c;
	struct scen_cinfo	*ci;
	struct scen_pbase	*pb, *w0;
	int			*fed, i, j, changed, users;

	for (i = 0; i < sc->nchannels; i++) {
		c = &sc->channels[i];
		ci = &ctx->ci[i];
		if (!ci->type_ok)
			continue;

		users = 0;
		w0 = NULL;
		for (j = 0; j < ctx->npb; j++) {
			pb = &ctx->pb[j];
			if (pb->from == i || pb->to == i || pb->uses == i)
				users++;
			if (c->kind == CHAN_SEMAPHORE &&
			    (pb->from == i || pb->to == i))
				scen_error(ctx, pb->from == i ? pb->from_line :
				    pb->to_line, "'%s' is a semaphore: "
				    "processes use it with 'role = user' and "
				    "'uses = %s', not 'from' or 'to'", c->name,
				    c->name);
			if (c->kind == CHAN_SIGNAL && pb->to == i &&
			    pb->markers > 0)
				scen_error(ctx, pb->sec->line, "no end markers "
				    "on a signal channel: its consumers end "
				    "when every producer is done and no signal "
				    "is pending; leave 'markers' out");

			if (pb->to != i || !pb->size_ok)
				continue;
			if (w0 == NULL) {
				w0 = pb;
				c->msgsize = c->kind == CHAN_POSIX_MQ &&
				    c->msgsize != 0 ? c->msgsize : pb->size;
			} else if (pb->size != w0->size)
				scen_error(ctx, pb->size_line, "processes '%s' "
				    "and '%s' both write to '%s' with different "
				    "sizes (%s and %s); all writers of a channel "
				    "must use the same size", w0->sec->name,
				    pb->sec->name, c->name, w0->size_text,
				    pb->size_text);
		}
		if (users == 0 && !ctx->refs_bad && c->kind == CHAN_SEMAPHORE)
			scen_error(ctx, c->line, "channel '%s' is not used: no "
			    "process has 'uses = %s'; use it or remove it",
			    c->name, c->name);
		else if (users == 0 && !ctx->refs_bad)
			scen_error(ctx, c->line, "channel '%s' is not used: no "
			    "process has 'to = %s' or 'from = %s'; use it or "
			    "remove it", c->name, c->name, c->name);
		if (c->kind == CHAN_SEMAPHORE && !ci->cap_given)
			scen_error(ctx, c->line, "a semaphore needs 'capacity "
			    "= N', its initial count (how many may hold it "
			    "at once)");
		else if (c->kind == CHAN_SEMAPHORE && ci->cap_ok &&
		    (c->capacity < 1 || c->capacity > SEM_VALUE_MAX))
			scen_error(ctx, ci->cap_line, "capacity %s is out of "
			    "range for a semaphore; give 1 to %d",
			    ci->cap_text, SEM_VALUE_MAX);
		if (c->kind == CHAN_SIGNAL && ci->cap_given)
			scen_error(ctx, ci->cap_line, "a signal channel has no "
			    "capacity to set: a standard signal is one "
			    "pending bit, real-time ones queue up to "
			    "RLIMIT_SIGPENDING; leave 'capacity' out");

		if (ci->cap_ok && c->capacity != 0) {
			switch (c->kind) {
			case CHAN_PIPE:
			case CHAN_FIFO:
			case CHAN_MPQUEUE:
				if (c->capacity > lim->pipe_max_size)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above the pipe limit %llu "
					    "(/proc/sys/fs/pipe-max-size)",
					    ci->cap_text, (unsigned long long)
					    lim->pipe_max_size);
				break;
			case CHAN_FILE:
				scen_error(ctx, ci->cap_line, "a file has no "
				    "capacity: it only grows; leave "
				    "'capacity' out");
				break;
			case CHAN_SHM_RING:
				if (c->capacity > SCEN_MAX_MSGSIZE)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above 64M, the largest ring "
					    "ipcscope makes", ci->cap_text);
				break;
			case CHAN_UNIX_DGRAM:
			case CHAN_TCP:
			case CHAN_UDP:
			case CHAN_UNIX_STREAM:
				if (c->capacity > lim->wmem_max)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above the %s limit %llu "
					    "(/proc/sys/net/core/wmem_max)",
					    ci->cap_text,
					    scen_kind_names[c->kind],
					    (unsigned long long)lim->wmem_max);
				else if (c->capacity < SCEN_UNIX_MIN_SNDBUF)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is below the %s minimum %d (the "
					    "kernel's smallest socket buffer, "
					    "2304 doubled)", ci->cap_text,
					    scen_kind_names[c->kind],
					    SCEN_UNIX_MIN_SNDBUF);
				break;
			case CHAN_POSIX_MQ:
				if (c->capacity > lim->mq_msg_max)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above the posix-mq limit %llu "
					    "messages (/proc/sys/fs/mqueue/"
					    "msg_max)", ci->cap_text,
					    (unsigned long long)lim->mq_msg_max);
				break;
			case CHAN_SYSV_MSGQ:
				if (c->capacity > lim->msgmnb)
					scen_error(ctx, ci->cap_line, "capacity "
					    "%s is above the sysv-msgq limit %llu "
					    "(/proc/sys/kernel/msgmnb; raising it "
					    "needs CAP_SYS_RESOURCE)",
					    ci->cap_text,
					    (unsigned long long)lim->msgmnb);
				break;
			default:
				break;
			}
		}
		if (c->kind == CHAN_POSIX_MQ && ci->msgsize != 0) {
			if (ci->msgsize < SCEN_FRAME_HEADER)
				scen_error(ctx, ci->msgsize_line, "msgsize %s "
				    "is below %d: " SCEN_FRAME_WHY,
				    ci->msgsize_text, SCEN_FRAME_HEADER);
			else if (ci->msgsize > lim->mq_msgsize_max)
				scen_error(ctx, ci->msgsize_line, "msgsize %s "
				    "is above the posix-mq limit %llu "
				    "(/proc/sys/fs/mqueue/msgsize_max)",
				    ci->msgsize_text, (unsigned long long)
				    lim->mq_msgsize_max);
		}

		/* Per-writer limits, once per [process] section. */
		for (j = 0; j < ctx->npb; j++) {
			pb = &ctx->pb[j];
			if (pb->to != i || !pb->size_ok)
				continue;
			if (c->kind == CHAN_POSIX_MQ && ci->msgsize_given &&
			    (!ci->msgsize_ok || ci->msgsize != 0)) {
				if (ci->msgsize >= SCEN_FRAME_HEADER &&
				    pb->size > ci->msgsize)
					scen_error(ctx, pb->size_line, "process "
					    "'%s' writes messages of %s but "
					    "channel '%s' has msgsize %s; raise "
					    "msgsize to at least %s",
					    pb->sec->name, pb->size_text,
					    c->name, ci->msgsize_text,
					    pb->size_text);
			} else if (c->kind == CHAN_POSIX_MQ &&
			    pb->size > lim->mq_msgsize_max)
				scen_error(ctx, pb->size_line, "process '%s' "
				    "writes messages of %s, above the posix-mq "
				    "message size limit %llu (/proc/sys/fs/"
				    "mqueue/msgsize_max)", pb->sec->name,
				    pb->size_text,
				    (unsigned long long)lim->mq_msgsize_max);
			if (c->kind == CHAN_SYSV_MSGQ) {
				uint64_t qb = ci->cap_ok && c->capacity != 0 ?
				    c->capacity : lim->msgmnb;

				if (pb->size > lim->msgmax)
					scen_error(ctx, pb->size_line, "process "
					    "'%s' writes messages of %s, above "
					    "the sysv-msgq message size limit "
					    "%llu (/proc/sys/kernel/msgmax)",
					    pb->sec->name, pb->size_text,
					    (unsigned long long)lim->msgmax);
				else if (pb->size > qb)
					scen_error(ctx, pb->size_line, "process "
					    "'%s' writes messages of %s but "
					    "sysv-msgq '%s' holds at most %llu "
					    "bytes; no message would fit",
					    pb->sec->name, pb->size_text,
					    c->name, (unsigned long long)qb);
			}
		}
	}

	/*
	 * A reader is fed when a producer reaches its channel, directly or
	 * through relays; relays that only feed each other in a loop do not
	 * count.
	 */
	fed = xcalloc(sc->nchannels > 0 ? sc->nchannels : 1, sizeof *fed);
	do {
		changed = 0;
		for (j = 0; j < ctx->npb; j++) {
			pb = &ctx->pb[j];
			if (pb->to < 0 || fed[pb->to])
				continue;
			/* An unknown role was reported; do not pile on. */
			if (!pb->has_role || pb->role == ROLE_PRODUCER ||
			    (pb->role == ROLE_RELAY && pb->from >= 0 &&
			    fed[pb->from])) {
				fed[pb->to] = 1;
				changed = 1;
			}
		}
	} while (changed);
	for (j = 0; j < ctx->npb; j++) {
		pb = &ctx->pb[j];
		if (!pb->has_role || pb->from < 0 || fed[pb->from])
			continue;
		users = 0;
		for (i = 0; i < ctx->npb; i++) {
			if (ctx->pb[i].to == pb->from)
				users++;
		}
		if (users == 0 && !ctx->refs_bad)
			scen_error(ctx, pb->from_line, "process '%s' reads from "
			    "'%s' but no process writes to it; nothing feeds "
			    "it", pb->sec->name, sc->channels[pb->from].name);
		else if (users != 0)
			scen_error(ctx, pb->from_line, "process '%s' reads from "
			    "'%s' but only relays in a loop write to it; no "
			    "producer feeds it", pb->sec->name,
			    sc->channels[pb->from].name);
	}
	free(fed);
}

/* Subjects of expectations and placeholders. */
enum scen_subj {
	SUBJ_NONE,
	SUBJ_CHANNEL,
	SUBJ_PROC,		/* a process as it runs, "worker-2" */
	SUBJ_BASE		/* a replicated section name, "worker" */
};

static enum scen_subj
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

static void
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
static void
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

/*
 * Split a value into words, any run of the characters in seps between
 * them. Returns the count, max + 1 if there are more than max; words
 * point into *copy, which the caller frees.
 */
static int
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
	struct scenario		*sc = ctx->sc;
	struct scen_action	*a;
	struct scen_channel	*ch;
	const char		*v = scen_val(k);
	char			*copy, *words[SCENARIO_MAX_PROCS + 2], *cause;
	int			 n, i, nnames, line = k->line;
	uint64_t		 lim;

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
		a->chan = scen_resolve_channel(ctx, words[0], line);
		if (a->chan >= 0) {
			ch = &sc->channels[a->chan];
			if (ch->kind != CHAN_PIPE && ch->kind != CHAN_FIFO) {
				scen_error(ctx, line, "resize works on pipe and "
				    "fifo channels (F_SETPIPE_SZ); '%s' is a "
				    "%s", ch->name,
				    scenario_kind_name(ch->kind));
			}
		}
		lim = scenario_limits()->pipe_max_size;
		if (units_parse_size(words[1], &a->size, &cause) != 0) {
			scen_error(ctx, line, "resize: %s", cause);
			free(cause);
		} else if (a->size < 4096 || a->size > lim)
			scen_error(ctx, line, "resize to %s: a pipe holds "
			    "from 4K (one page) up to %llu bytes "
			    "(/proc/sys/fs/pipe-max-size)", words[1],
			    (unsigned long long)lim);
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
	if (what == CUE_CLOSE && a->nprocs > 0) {
		a->chan = scen_resolve_channel(ctx, words[1], line);
		if (a->chan >= 0) {
			ch = &sc->channels[a->chan];
			switch (ch->kind) {
			case CHAN_PIPE:
			case CHAN_FIFO:
			case CHAN_UNIX_STREAM:
			case CHAN_UNIX_DGRAM:
			case CHAN_TCP:
			case CHAN_UDP:
				break;
			default:
				scen_error(ctx, line, "close works on pipe, "
				    "fifo, unix-stream, unix-dgram, tcp and "
				    "udp channels, whose ends are descriptors "
				    "only their holder can close; '%s' is a "
				    "%s", ch->name,
				    scenario_kind_name(ch->kind));
				a->chan = -1;
				break;
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
	if (what == CUE_START) {
		for (i = 0; i < a->nprocs; i++) {
			const struct scen_proc *p = &sc->procs[a->procs[i]];

			if (!p->start_cue) {
				scen_error(ctx, line, "'%s' starts on its own; "
				    "give it 'start = cue' in [process %s] to "
				    "have a cue start it", p->name, p->base);
				break;
			}
		}
	}
	free(copy);
}

static void
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
		w = scen_word_index(scen_action_names,
		    nitems(scen_action_names), sec->keys[i].name);
		if (w >= 0)
			scen_do_action(ctx, cue, &sec->keys[i],
			    (enum cue_action)w);
	}
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
static void
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

static void
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

static int
scen_cmp_cue(const void *a0, const void *b0)
{
	const struct scen_cue	*a = a0, *b = b0;

	if (a->at_ms != b->at_ms)
		return a->at_ms < b->at_ms ? -1 : 1;
	return a->line - b->line;	/* file order: a stable sort */
}

static int
scen_cmp_expect(const void *a0, const void *b0)
{
	const struct scen_expect	*a = a0, *b = b0;

	if (a->at_end != b->at_end)
		return a->at_end ? 1 : -1;
	if (a->at_ms != b->at_ms)
		return a->at_ms < b->at_ms ? -1 : 1;
	return a->line - b->line;
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
	}
	free(sc->procs);
	for (i = 0; i < sc->ncues; i++) {
		free(sc->cues[i].say);
		for (j = 0; j < sc->cues[i].nactions; j++) {
			free(sc->cues[i].actions[j].procs);
			free(sc->cues[i].actions[j].text);
		}
		free(sc->cues[i].actions);
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

/* Lookup. */

/* The scenario directories in search order; the caller frees. */
static char **
scen_dirs(int *ndirs)
{
	return util_data_dirs("IPCSCOPE_PATH", "scenarios", IPCSCOPE_DATADIR,
	    ndirs);
}

static void
scen_dirs_free(char **dirs, int n)
{
	util_dirs_free(dirs, n);
}

static int
scen_is_file(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
scenario_find(const char *name)
{
	char	**dirs, *path;
	size_t	  len = strlen(name);
	int	  n, i;

	if (strchr(name, '/') != NULL ||
	    (len >= 4 && strcmp(name + len - 4, ".ini") == 0))
		return xstrdup(name);
	if (*name == '\0')
		return NULL;
	dirs = scen_dirs(&n);
	for (i = 0; i < n; i++) {
		xasprintf(&path, "%s/%s.ini", dirs[i], name);
		if (scen_is_file(path)) {
			scen_dirs_free(dirs, n);
			return path;
		}
		free(path);
	}
	scen_dirs_free(dirs, n);
	return NULL;
}

struct scen_pair {
	char	*name;
	char	*path;
};

static int
scen_cmp_pair(const void *a, const void *b)
{
	return strcmp(((const struct scen_pair *)a)->name,
	    ((const struct scen_pair *)b)->name);
}

int
scenario_list(char ***pathsp, char ***namesp)
{
	char		**dirs, **names = NULL, **paths = NULL, *path;
	struct scen_pair *pairs;
	DIR		 *d;
	struct dirent	 *de;
	size_t		  len;
	int		  ndirs, n = 0, i, j;

	dirs = scen_dirs(&ndirs);
	for (i = 0; i < ndirs; i++) {
		if ((d = opendir(dirs[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			len = strlen(de->d_name);
			if (len <= 4 || de->d_name[0] == '.' ||
			    strcmp(de->d_name + len - 4, ".ini") != 0)
				continue;
			for (j = 0; j < n; j++) {
				if (strlen(names[j]) == len - 4 &&
				    strncmp(names[j], de->d_name, len - 4) == 0)
					break;
			}
			if (j != n)
				continue;	/* an earlier directory wins */
			xasprintf(&path, "%s/%s", dirs[i], de->d_name);
			if (!scen_is_file(path)) {
				free(path);
				continue;
			}
			names = xgrowarray(names, n, sizeof *names);
			paths = xgrowarray(paths, n, sizeof *paths);
			names[n] = xstrndup(de->d_name, len - 4);
			paths[n] = path;
			n++;
		}
		closedir(d);
	}
	scen_dirs_free(dirs, ndirs);

	/* Sort (name, path) pairs by name: names are unique. */
	pairs = xcalloc(n, sizeof *pairs);
	for (i = 0; i < n; i++) {
		pairs[i].name = names[i];
		pairs[i].path = paths[i];
	}
	qsort(pairs, n, sizeof *pairs, scen_cmp_pair);
	for (i = 0; i < n; i++) {
		names[i] = pairs[i].name;
		paths[i] = pairs[i].path;
	}
	free(pairs);
	if (names == NULL) {
		names = xcalloc(1, sizeof *names);
		paths = xcalloc(1, sizeof *paths);
	}
	*pathsp = paths;
	*namesp = names;
	return n;
}

const char *
scenario_kind_name(enum chan_kind k)
{
	if ((int)k < 0 || k >= CHAN_KIND_COUNT)
		return "?";
	return scen_kind_names[k];
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
