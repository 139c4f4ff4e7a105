/* procs.c: [process NAME] sections, names, replicas and relays. */
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

static const char *scen_nonblock_names[] = { "off", "drop", "retry", "poll" };
static const char *scen_keys_process[] = {
	"role", "from", "to", "size", "total", "count", "rate", "start",
	"think", "replicas", "markers", "nonblock", "uses", "hold", "exec"
};
/* What an exec process's program decides for itself, or has no use for. */
static const char *scen_keys_not_exec[] = {
	"role", "size", "total", "count", "rate", "think", "markers",
	"nonblock", "uses", "hold"
};
#define SCEN_EXEC_KEYS	"exec, from, to, start and replicas"
#define SCEN_MAX_ARGS	64

static bool
scen_kind_exec(const struct channel_ops *k)
{
	return k->exec_stdio;
}

void
scen_argv_free(char **argv)
{
	char	**a;

	if (argv == NULL)
		return;
	for (a = argv; *a != NULL; a++)
		free(*a);
	free(argv);
}

static char **
scen_argv_dup(char **argv)
{
	char	**copy;
	int	  n;

	if (argv == NULL)
		return NULL;
	for (n = 0; argv[n] != NULL; n++)
		/* nothing */;
	copy = xcalloc((size_t)n + 1, sizeof *copy);
	for (n = 0; argv[n] != NULL; n++)
		copy[n] = xstrdup(argv[n]);
	return copy;
}

/*
 * One word of a command, from *pp: quotes and backslashes as a shell
 * takes them (single quotes keep everything, double quotes keep all but
 * \" and \\, a backslash outside quotes keeps the next character), no
 * expansion. Returns the word, or NULL with *cause.
 */
static char *
scen_cmd_word(const char **pp, char **cause)
{
	const char	*p = *pp;
	struct strbuf	 w;
	char		 q = 0;

	memset(&w, 0, sizeof w);
	for (; *p != '\0' && (q != 0 || (*p != ' ' && *p != '\t')); p++) {
		if (q == '\'') {
			if (*p == '\'')
				q = 0;
			else
				strbuf_add(&w, p, 1);
		} else if (*p == '\\' && (q == 0 || p[1] == '"' ||
		    p[1] == '\\')) {
			if (*++p == '\0') {
				*cause = xstrdup("a backslash ends the command; "
				    "give the character it keeps after it");
				goto fail;
			}
			strbuf_add(&w, p, 1);
		} else if (*p == '"' && q == '"')
			q = 0;
		else if (q == 0 && (*p == '"' || *p == '\''))
			q = *p;
		else if (q == 0 && strchr("|&;<>()$`*?", *p) != NULL) {
			xasprintf(cause, "'%c' is not special here: the "
			    "program runs without a shell; quote it to pass it "
			    "as it is, or give exec = sh -c '...'", *p);
			goto fail;
		} else
			strbuf_add(&w, p, 1);
	}
	if (q != 0) {
		xasprintf(cause, "the %s quote is not closed", q == '"' ?
		    "double" : "single");
		goto fail;
	}
	*pp = p;
	return w.s != NULL ? w.s : xstrdup("");
fail:
	strbuf_free(&w);
	return NULL;
}

/* Split an exec command into argv (NULL-terminated): NULL with *cause. */
static char **
scen_split_command(const char *v, char **cause)
{
	char	**argv;
	int	  n = 0;

	argv = xcalloc(SCEN_MAX_ARGS + 1, sizeof *argv);
	for (;;) {
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v == '\0')
			break;
		if (n == SCEN_MAX_ARGS) {
			xasprintf(cause, "more than %d words; give at most %d, "
			    "or run a script", SCEN_MAX_ARGS, SCEN_MAX_ARGS);
			break;
		}
		if ((argv[n++] = scen_cmd_word(&v, cause)) == NULL)
			break;
	}
	if (*cause == NULL && n == 0)
		*cause = xstrdup("no program; give exec = COMMAND [ARGS...], "
		    "e.g. exec = sort");
	if (*cause != NULL) {
		scen_argv_free(argv);
		return NULL;
	}
	return argv;
}

/*
 * 'exec = COMMAND': the process is that program. Its own keys are
 * exec, from, to, start and replicas; any other is an error.
 */
static void
scen_exec_keys(struct scen_ctx *ctx, struct scen_section *sec,
    struct scen_pbase *pb)
{
	const char	*v;
	char		*cause = NULL;
	size_t		 i;
	int		 line, present;

	v = scen_get(sec, "exec", &line, &present);
	if (!present)
		return;
	pb->role = ROLE_EXEC;
	pb->has_role = 1;
	if (v != NULL && (pb->argv = scen_split_command(v, &cause)) == NULL) {
		scen_error(ctx, line, "exec: %s", cause);
		free(cause);
	}
	for (i = 0; i < nitems(scen_keys_not_exec); i++) {
		scen_get(sec, scen_keys_not_exec[i], &line, &present);
		if (present)
			scen_error(ctx, line, "'%s' does not apply to an exec "
			    "process (its program reads, writes and paces "
			    "itself); with 'exec' give %s",
			    scen_keys_not_exec[i], SCEN_EXEC_KEYS);
	}
}

static bool
scen_kind_uses(const struct channel_ops *k)
{
	return k->uses;
}


/* A new process base for sec, with the defaults of a process. */
static struct scen_pbase *
scen_proc_new(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scen_pbase	*pb;

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
	return pb;
}

/* role: required, one of the role names, unless exec = COMMAND. */
static void
scen_proc_role(struct scen_ctx *ctx, struct scen_section *sec,
    struct scen_pbase *pb)
{
	const char	*role;
	char		*list;
	int		 line, present, k;

	/* "exec" is no role to give: 'exec = COMMAND' makes one. */
	list = scen_list(scen_role_names, ROLE_EXEC);
	scen_exec_keys(ctx, sec, pb);
	role = scen_get(sec, "role", &line, &present);
	if (pb->role == ROLE_EXEC)
		/* reported by scen_exec_keys */;
	else if (!present)
		scen_error(ctx, sec->line, "missing 'role' in %s; valid roles: "
		    "%s (or exec = COMMAND for a program)",
		    scen_sect_label(sec), list);
	else if (role != NULL) {
		k = scen_word_index(scen_role_names, ROLE_EXEC, role);
		if (k < 0)
			scen_error(ctx, line, "unknown role '%s'; valid roles: "
			    "%s (or exec = COMMAND for a program)",
			    scen_clip(role), list);
		else {
			pb->role = (enum proc_role)k;
			pb->has_role = 1;
		}
	}
	free(list);
}

/* from and to: the channels read and written, as the role wants them. */
static void
scen_proc_ends(struct scen_ctx *ctx, struct scen_section *sec,
    struct scen_pbase *pb)
{
	const char	*from, *to;
	int		 fpres, tpres;

	from = scen_get(sec, "from", &pb->from_line, &fpres);
	to = scen_get(sec, "to", &pb->to_line, &tpres);
	if (from != NULL && (pb->from = scen_resolve_channel(ctx, from,
	    pb->from_line)) < 0)
		pb->from_bad = 1;
	if (to != NULL && (pb->to = scen_resolve_channel(ctx, to,
	    pb->to_line)) < 0)
		pb->to_bad = 1;
	if (!pb->has_role)
		return;
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
	case ROLE_EXEC:
		if (!fpres && !tpres)
			scen_error(ctx, sec->line, "an exec process needs "
			    "'from = CHANNEL' (its standard input), "
			    "'to = CHANNEL' (its standard output) or both");
		if (pb->from >= 0 && pb->from == pb->to) {
			scen_error(ctx, pb->to_line, "an exec process reads "
			    "one channel and writes another; 'from' and 'to' "
			    "are both '%s'", from);
			pb->to = -1;
		}
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

/* uses and hold: a user's semaphore, and how long it holds it. */
static void
scen_proc_semaphore(struct scen_ctx *ctx, struct scen_section *sec,
    struct scen_pbase *pb)
{
	const char	*v;
	char		 kinds[256];
	int		 line, present;

	v = scen_get(sec, "uses", &pb->uses_line, &present);
	if (present && pb->has_role && pb->role != ROLE_USER)
		scen_error(ctx, pb->uses_line, "only a user uses a semaphore; "
		    "give 'role = user' or leave 'uses' out");
	else if (!present && pb->has_role && pb->role == ROLE_USER) {
		channel_kind_list(kinds, sizeof kinds, " or ", scen_kind_uses);
		scen_error(ctx, sec->line, "a user needs 'uses = CHANNEL' (a "
		    "%s channel)", kinds);
	} else if (v != NULL) {
		if ((pb->uses = scen_resolve_channel(ctx, v,
		    pb->uses_line)) < 0)
			pb->from_bad = 1;
		else if (ctx->ci[pb->uses].type_ok &&
		    !ctx->sc->channels[pb->uses].kind->uses) {
			channel_kind_list(kinds, sizeof kinds, " or ",
			    scen_kind_uses);
			scen_error(ctx, pb->uses_line, "'%s' is a %s channel; "
			    "a user uses a %s (producers and consumers use the "
			    "other kinds with 'to' and 'from')", v,
			    ctx->sc->channels[pb->uses].kind->name, kinds);
			pb->uses = -1;
		}
	}
	if (scen_get_num(ctx, sec, "hold", units_parse_time_ms, &pb->hold_ms,
	    &line, &v) && pb->has_role && pb->role != ROLE_USER)
		scen_error(ctx, line, "only a user holds a semaphore; 'hold' "
		    "applies to users");
}

/* size: a message's size, or none for a kind that carries no payload. */
static void
scen_proc_size(struct scen_ctx *ctx, struct scen_section *sec,
    struct scen_pbase *pb)
{
	const char	*v;
	char		*cause;
	int		 line, present;
	uint64_t	 n;

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
		} else if (n < FRAME_HEADER)
			scen_error(ctx, line, "size %s is below %d: "
			    FRAME_WHY, v, FRAME_HEADER);
		else if (n > SCEN_MAX_MSGSIZE)
			scen_error(ctx, line, "size %s is above 64M, the "
			    "largest message ipcscope sends", v);
		else {
			pb->size = n;
			pb->size_ok = 1;
		}
	}

	/* A kind that carries only the frame header's numbers (a signal's
	   si_value) takes no size. */
	if (pb->to >= 0 && ctx->ci[pb->to].type_ok &&
	    ctx->sc->channels[pb->to].kind->no_size != NULL) {
		if (present)
			scen_error(ctx, pb->size_line, "%s",
			    ctx->sc->channels[pb->to].kind->no_size);
		pb->size = FRAME_HEADER;
		pb->size_text = "16";
		pb->size_ok = 1;
	}
}

/* total or count: how much a process moves before it ends. */
static void
scen_proc_amount(struct scen_ctx *ctx, struct scen_section *sec,
    struct scen_pbase *pb)
{
	const char	*v;
	int		 line, tpres, cpres;

	scen_get(sec, "total", NULL, &tpres);
	scen_get(sec, "count", &line, &cpres);
	if (tpres && cpres)
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
}

/* rate, start and think: when and how fast a process works. */
static void
scen_proc_timing(struct scen_ctx *ctx, struct scen_section *sec,
    struct scen_pbase *pb)
{
	const char	*v;
	char		*cause;
	int		 line;

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
}

/* markers, nonblock and replicas, each for the roles it applies to. */
static void
scen_proc_options(struct scen_ctx *ctx, struct scen_section *sec,
    struct scen_pbase *pb)
{
	const char	*v;
	int		 line, k;
	uint64_t	 n;

	if (scen_get_num(ctx, sec, "markers", units_parse_count,
	    &pb->markers, &line, &v)) {
		pb->markers_given = 1;
		if (pb->has_role && pb->role != ROLE_PRODUCER &&
		    pb->role != ROLE_RELAY)
			scen_error(ctx, line, "only a producer or a relay "
			    "sends end markers; consumers stop at the first "
			    "one they read");
	}
	if ((v = scen_get(sec, "nonblock", &line, NULL)) != NULL) {
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
}

/*
 * [process NAME]: its keys checked one group at a time, in the order
 * their errors have always come in.
 */
void
scen_do_process(struct scen_ctx *ctx, struct scen_section *sec)
{
	struct scen_pbase	*pb;

	scen_check_keys(ctx, sec, scen_keys_process,
	    nitems(scen_keys_process));
	pb = scen_proc_new(ctx, sec);
	scen_proc_role(ctx, sec, pb);
	scen_proc_ends(ctx, sec, pb);
	scen_proc_semaphore(ctx, sec, pb);
	scen_proc_size(ctx, sec, pb);
	scen_proc_amount(ctx, sec, pb);
	scen_proc_timing(ctx, sec, pb);
	scen_proc_options(ctx, sec, pb);
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
void
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

void
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
			p->markers_given = pb->markers_given != 0;
			p->nonblock = pb->nonblock;
			p->uses = pb->uses;
			p->hold_ms = pb->hold_ms;
			p->argv = scen_argv_dup(pb->argv);
			p->raw_in = pb->raw_in != 0;
			p->raw_out = pb->raw_out != 0;
		}
	}
}

/*
 * A relay forwards each message whole, header and all, so what it writes
 * has the size of what it reads: its size is taken from the writers of its
 * 'from' channel (through chains of relays), and a different explicit
 * size is an error.
 */
void
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

/* Is channel c read or written by an exec process? */
static bool
scen_chan_execd(const struct scen_ctx *ctx, int c)
{
	int	i;

	for (i = 0; i < ctx->npb; i++) {
		if (ctx->pb[i].role == ROLE_EXEC && ctx->pb[i].has_role &&
		    (ctx->pb[i].from == c || ctx->pb[i].to == c))
			return true;
	}
	return false;
}

/* An exec process's channel must be a descriptor it can use as its
   standard input or output. */
static void
scen_exec_kind(struct scen_ctx *ctx, struct scen_pbase *pb, int c, int line,
    const char *key)
{
	char	kinds[256];

	if (c < 0 || !ctx->ci[c].type_ok ||
	    ctx->sc->channels[c].kind->exec_stdio)
		return;
	channel_kind_list(kinds, sizeof kinds, " or ", scen_kind_exec);
	scen_error(ctx, line, "'%s' is a %s channel; an exec process's '%s' "
	    "is its standard %s (descriptor %d), which a program reads or "
	    "writes: give a %s channel", ctx->sc->channels[c].name,
	    ctx->sc->channels[c].kind->name, key, strcmp(key, "from") == 0 ?
	    "input" : "output", strcmp(key, "from") == 0 ? 0 : 1, kinds);
}

/*
 * Exec processes: their channels' kinds, and the others on those
 * channels. A program speaks no frames, so what is written into its
 * input and read from its output are raw bytes: only producers (raw_out:
 * lines of text, no end markers) and consumers (raw_in: bytes until end
 * of file, no message count) and other exec processes may share them.
 */
void
scen_check_exec(struct scen_ctx *ctx)
{
	struct scen_pbase	*pb;
	int			 i;
	bool			 in, out;

	for (i = 0; i < ctx->npb; i++) {
		pb = &ctx->pb[i];
		if (!pb->has_role)
			continue;
		if (pb->role == ROLE_EXEC) {
			scen_exec_kind(ctx, pb, pb->from, pb->from_line,
			    "from");
			scen_exec_kind(ctx, pb, pb->to, pb->to_line, "to");
			continue;
		}
		in = pb->from >= 0 && scen_chan_execd(ctx, pb->from);
		out = pb->to >= 0 && scen_chan_execd(ctx, pb->to);
		if ((in || out) && (pb->role == ROLE_RELAY ||
		    pb->role == ROLE_USER)) {
			scen_error(ctx, in ? pb->from_line : pb->to_line,
			    "a %s passes framed messages, and '%s' is an exec "
			    "process's channel (raw bytes): use a producer, a "
			    "consumer or another exec process on it",
			    scen_role_names[pb->role], ctx->sc->channels[in ?
			    pb->from : pb->to].name);
			continue;
		}
		pb->raw_in = in;
		pb->raw_out = out;
		if (out && pb->markers_given)
			scen_error(ctx, pb->to_line, "'%s' is read by an exec "
			    "process, which gets raw bytes (lines of text) "
			    "and no end markers: its input ends when every "
			    "writer has closed; leave 'markers' out",
			    ctx->sc->channels[pb->to].name);
		if (in && pb->count != 0)
			scen_error(ctx, pb->from_line, "'%s' is written by an "
			    "exec process: raw bytes, not messages; give "
			    "'total' (bytes) or nothing (read until end of "
			    "file) instead of 'count'",
			    ctx->sc->channels[pb->from].name);
	}
}
